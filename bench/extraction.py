"""Extraction alone: documents and megabytes of text per second, against the hardware's pace.

The baseline runs in the same process on the same Parquet: DuckDB reading the text column
and running one ``regexp_extract_all`` over it (count-and-weapon phrases in Russian,
Ukrainian and English), about as fast as a single regex pass over the corpus can go here.

    python -m bench.extraction --n 5000 --workers 1

It then splits one process's time (``decompose``): the stage with no extractor at all (the
floor of any extractor run in Python once per document) and the extractor alone.

``--dump FILE`` instead writes what the extractor reads from ``--n`` generated documents, one
JSON line a version (claims and rejects, every field but ``extractor_version``), to compare
two versions of the extractor claim by claim (a change meant to be faster must give the
same file):

    python -m bench.extraction --n 20000 --dump before.jsonl   # on the old code
    python -m bench.extraction --n 20000 --dump after.jsonl && cmp before.jsonl after.jsonl
"""

from __future__ import annotations

import argparse
import json
import time
from datetime import UTC, datetime

import duckdb
import pyarrow as pa

from bench.common import report, scratch, timed
from bench.generate import write_history
from intercepts import landing
from intercepts.extraction import extract_pending

# RE2 (DuckDB's engine) reads \w as ASCII: \pL for Cyrillic word endings.
BASELINE_REGEX = (
    r"(\d+)\s+(?:БПЛА|БпЛА|беспилотн\pL*|безпілотн\pL*|дрон\pL*|drones?|UAVs?|ракет\pL*|missiles?)"
)


def baseline(warehouse) -> tuple[float, int, int]:
    """(seconds, text bytes, matches) of one regexp_extract_all pass over the landed text."""
    con = duckdb.connect()
    fig: dict = {}
    glob = landing.documents_glob(warehouse)
    nbytes = con.execute(
        "SELECT sum(strlen(text)) FROM read_parquet(?, hive_partitioning = false)", [glob]
    ).fetchone()[0]
    with timed(fig, "s"):
        matches = con.execute(
            "SELECT sum(len(regexp_extract_all(text, ?))) FROM read_parquet(?, hive_partitioning = false)",
            [BASELINE_REGEX, glob],
        ).fetchone()[0]
    con.close()
    return fig["s"], nbytes, matches


def decompose(warehouse, nbytes: int) -> dict:
    """Where one process's extraction time goes, in the stage's own order and batches:

    * ``floor``: the stage with no extractor. Each pending version is read from Parquet, made
      a Python row, given an output row with no claims, and written back as Parquet. This is
      the cost of any extractor that runs as Python once per document. Its ratio to the
      baseline is the best such an extractor could reach in one process;
    * ``extractor``: ``extract()`` alone, over the same rows already in Python, with the
      caches the stage run before it left (a lower bound of the extractor's share).

    The rest of the stage's time goes to claim rows, which cost in proportion to the claims."""
    from intercepts import duck
    from intercepts.extract.claims import extract
    from intercepts.extraction import (
        EXTRACTION_SCHEMA,
        _landed_files,
        _pending_batches,
        _without_cycle_collector,
        document_input,
    )

    docs_root = warehouse / "raw" / "documents"
    target = scratch("extraction-floor-output")
    now = datetime.now(UTC)
    floor_s = extractor_s = 0.0
    con = duck.connect()
    try:
        t = time.perf_counter()
        batches = _pending_batches(con, docs_root, _landed_files(docs_root), target, 5000)
        for i, batch in enumerate(batches):
            rows = batch.to_pylist()
            out = [
                {
                    "version_id": r["version_id"],
                    "doc_id": r["doc_id"],
                    "error": None,
                    "claims": [],
                    "rejects": [],
                    "extractor_version": "floor",
                    "run_id": "bench",
                    "extracted_at": now,
                }
                for r in rows
            ]
            table = pa.Table.from_pylist(out, schema=EXTRACTION_SCHEMA)
            landing.write_atomically(table, target, f"part-{i:06d}")
            floor_s += time.perf_counter() - t
            t = time.perf_counter()
            with _without_cycle_collector():
                for r in rows:
                    extract(document_input(r))
            extractor_s += time.perf_counter() - t
            t = time.perf_counter()
        floor_s += time.perf_counter() - t
    finally:
        con.close()
    return {
        "floor_s": round(floor_s, 3),
        "floor_mb_per_s": round(nbytes / 1e6 / floor_s, 2),
        "extractor_alone_s": round(extractor_s, 3),
        "extractor_alone_mb_per_s": round(nbytes / 1e6 / extractor_s, 2),
    }


def run(n: int, workers: int, seed: int = 2) -> dict:
    wh = scratch(f"extraction-{n}")
    history = write_history(wh, n, seed)
    fig: dict = {
        "documents": n,
        "versions": history["versions"],
        "text_mb": round(history["bytes_text"] / 1e6, 2),
        "workers": workers,
    }
    base_s, nbytes, matches = baseline(wh)
    base_s2, _, _ = baseline(
        wh
    )  # the second pass reads from a warm page cache, as the extractor will
    base_s = min(base_s, base_s2)
    with timed(fig, "extract_s"):
        stats = extract_pending(wh, "bench", workers=workers)
    fig["claims"] = stats["claims"]
    fig["extract_docs_per_s"] = round(stats["versions"] / fig["extract_s"], 1)
    fig["extract_mb_per_s"] = round(nbytes / 1e6 / fig["extract_s"], 3)
    fig["baseline_regex_s"] = base_s
    fig["baseline_matches"] = matches
    fig["baseline_mb_per_s"] = round(nbytes / 1e6 / base_s, 1)
    fig["ratio_to_baseline"] = round(fig["extract_mb_per_s"] / fig["baseline_mb_per_s"], 5)
    parts = decompose(wh, nbytes)
    fig.update(parts)
    fig["floor_ratio_to_baseline"] = round(parts["floor_mb_per_s"] / fig["baseline_mb_per_s"], 4)
    fig["extractor_alone_ratio_to_baseline"] = round(
        parts["extractor_alone_mb_per_s"] / fig["baseline_mb_per_s"], 4
    )
    return fig


def dump(n: int, path: str, seed: int = 2) -> int:
    """Write the extractor's claims and rejects of ``n`` generated documents to ``path``."""
    from bench.generate import documents
    from intercepts.extract.claims import extract
    from intercepts.extraction import document_input

    versions = 0
    with open(path, "w", encoding="utf-8") as out:
        for row in documents(n, seed):
            result = extract(document_input(row))
            records = {
                "claims": [c.to_record() for c in result.claims],
                "rejects": [r.to_record() for r in result.rejects],
            }
            for rec in records["claims"] + records["rejects"]:
                rec.pop("extractor_version")
            records["version_id"] = row["version_id"]
            out.write(json.dumps(records, ensure_ascii=False, sort_keys=True) + "\n")
            versions += 1
    return versions


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="extraction alone vs a DuckDB regex scan")
    ap.add_argument("--n", type=int, default=5000)
    ap.add_argument("--workers", type=int, default=1)
    ap.add_argument("--dump", metavar="FILE", help="write the claims of --n documents, no bench")
    args = ap.parse_args(argv)
    if args.dump:
        fig = {"documents": args.n, "versions": dump(args.n, args.dump), "file": args.dump}
        report(f"claims of {args.n} documents", fig)
        return fig
    fig = run(args.n, args.workers)
    report(f"extraction of {args.n} documents", fig)
    return fig


if __name__ == "__main__":
    main()
