"""A BI reader in its own process: holds one read-only connection to the warehouse file.

    python -m tests.faults.reader <intercepts.duckdb>

Prints the document count it sees as a JSON line, then re-queries over the connection it
holds for each ``same`` line on stdin.
"""

from __future__ import annotations

import json
import sys

import duckdb

# documents, sources, and the fetch log (which grows with every run, so a new build shows)
QUERY = (
    "SELECT (SELECT count(*) FROM stg_raw__documents), (SELECT count(DISTINCT source_id) FROM stg_raw__documents), "
    "(SELECT count(*) FROM stg_raw__fetches)"
)


def main() -> None:
    path = sys.argv[1]
    held = duckdb.connect(path, read_only=True)
    print(json.dumps({"held": held.execute(QUERY).fetchone()}), flush=True)
    for line in sys.stdin:
        if line.strip() == "same":
            print(json.dumps({"held": held.execute(QUERY).fetchone()}), flush=True)


if __name__ == "__main__":
    main()
