"""``python -m bench`` (``make bench``): the quick default set, a few minutes on 2 cores.

Each benchmark prints its figures and the command that reproduces it alone; the long runs
(1M-document backfill, 1M history, 10M claims) are in each module's docstring and in
docs/performance.md.
"""

from __future__ import annotations

import os
import sys

os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
os.environ.setdefault("PREFECT_LOGGING_LEVEL", "WARNING")

from bench import (  # noqa: E402
    backfill,
    extract_only,
    extraction,
    incremental,
    run,
    scaleout,
    sqlbuild,
)

QUICK = [
    # `intercepts run` as a process over loopback feeds; the size is in its docstring
    (run, ["--docs", "3000", "--feeds", "27", "--days", "120", "--new", "300"]),
    (extraction, ["--n", "20000"]),
    (extract_only, ["--n", "5000"]),
    (backfill, ["--n", "10000", "--workers", "2"]),
    (incremental, ["--history", "100000", "--new", "2000"]),
    (sqlbuild, ["--docs", "25000", "50000", "100000"]),
    (scaleout, ["--n", "20000", "--workers", "2"]),
]


def main() -> None:
    only = set(sys.argv[1:])
    for module, argv in QUICK:
        name = module.__name__.rsplit(".", 1)[-1]
        if only and name not in only:
            continue
        sys.argv = [f"bench.{name}", *argv]
        module.main(argv)


if __name__ == "__main__":
    main()
