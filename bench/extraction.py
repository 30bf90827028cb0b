"""Extraction alone: documents and megabytes of text per second, against the hardware's pace.

The baseline runs in the same process on the same Parquet: DuckDB reading the text column
and running one ``regexp_extract_all`` over it (count-and-weapon phrases in Russian,
Ukrainian and English), about as fast as a single regex pass over the corpus can go here.

    python -m bench.extraction --n 5000 --workers 1

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

import duckdb

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
