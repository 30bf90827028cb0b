"""``extract()`` alone, the pure function: microseconds a document, first reading and warm.

No Parquet, no stage, no processes: the documents are read into memory first, then
``extract()`` runs over all of them three times in this process. The first pass is the
cold figure (every sentence analysed once), the fastest pass the warm one (the per-sentence
and per-text caches hit).

    python -m bench.extract_only --n 5000

To compare two checkouts of the extractor on the same input (``bench.generate`` may differ
between them), write the documents once and time each checkout with its own code first on
the path:

    python -m bench.extract_only --n 5000 --write /tmp/docs.jsonl
    PYTHONPATH=/path/to/old python -m bench.extract_only --docs /tmp/docs.jsonl
    PYTHONPATH=/path/to/new python -m bench.extract_only --docs /tmp/docs.jsonl

(the old checkout needs this file; copy it there). Run them alternately a few times: the
machine is shared.
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import datetime
from pathlib import Path

import intercepts
from bench.common import report
from intercepts.extract.claims import extract
from intercepts.extract.model import DocumentInput

_FIELDS = ("doc_id", "text", "published_at", "language", "timezone", "publisher", "claimant_kind")


def _generated(n: int) -> list[dict]:
    from bench.generate import documents

    rows = []
    for row in documents(n):
        rec = {k: row.get(k) for k in _FIELDS}
        rec["published_at"] = row["published_at"].isoformat()
        rows.append(rec)
    return rows


def _inputs(records: list[dict]) -> list[DocumentInput]:
    return [
        DocumentInput(
            doc_id=r["doc_id"],
            text=r["text"],
            published_at=datetime.fromisoformat(r["published_at"]),
            language=r.get("language") or "ru",
            timezone=r.get("timezone") or "Europe/Moscow",
            publisher=r.get("publisher"),
            claimant_kind=r.get("claimant_kind"),
        )
        for r in records
    ]


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--n", type=int, default=5000, help="generated documents (without --docs)")
    ap.add_argument("--docs", type=Path, help="JSON lines of documents to read instead")
    ap.add_argument("--write", type=Path, help="write the generated documents here and stop")
    ap.add_argument("--passes", type=int, default=3)
    args = ap.parse_args(argv)
    if args.docs:
        with args.docs.open(encoding="utf-8") as fh:
            records = [json.loads(line) for line in fh if line.strip()]
    else:
        records = _generated(args.n)
    if args.write:
        with args.write.open("w", encoding="utf-8") as fh:
            for r in records:
                fh.write(json.dumps(r, ensure_ascii=False) + "\n")
        print(f"wrote {len(records)} documents to {args.write}")
        return
    docs = _inputs(records)
    passes = []
    claims = 0
    for _ in range(max(1, args.passes)):
        t = time.perf_counter()
        claims = sum(len(extract(d).claims) for d in docs)
        passes.append(time.perf_counter() - t)
    report(
        "extract() alone",
        {
            "extractor": str(Path(intercepts.__file__).parent),
            "documents": len(docs),
            "claims": claims,
            "cold_us_per_doc": round(passes[0] / len(docs) * 1e6, 1),
            "warm_us_per_doc": round(min(passes) / len(docs) * 1e6, 1),
        },
    )


if __name__ == "__main__":
    main()
