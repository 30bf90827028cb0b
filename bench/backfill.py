"""Backfill end to end: N generated documents through landing, extraction and the SQL build.

Landing goes through ``landing.land_items`` (chunks of 20k documents, one call per source, as a
history backfill makes them), extraction through ``extract_pending`` and the build through
``build.build``: the pipeline's own code, no Prefect (a backfill is one long task, and Prefect's
per-task cost does not belong on the hot path).

    python -m bench.backfill --n 10000 --workers 2
    python -m bench.backfill --n 1000000 --workers 2     # ~7 min here
"""

from __future__ import annotations

import argparse
import time
from datetime import UTC, datetime

from bench import generate
from bench.common import peak_rss_mib, peak_rss_split, report, scratch, timed
from bench.generate import items_by_source
from intercepts import build, duck, landing, pipeline
from intercepts.config import load_sources, parse_workers
from intercepts.extraction import extract_pending


def run(n: int, workers: int | str, seed: int = 1) -> dict:
    wh = scratch(f"backfill-{n}")
    fig: dict = {"documents": n, "workers": workers}
    landed = 0
    in_landing = 0.0  # land_s also holds the generator's own time; this is land_items alone
    with timed(fig, "land_s"):
        for source, items, fetched in items_by_source(n, seed):
            t = time.perf_counter()
            new, _ = landing.land_items(
                wh,
                source,
                items,
                run_id="backfill",
                fetched_at=fetched or datetime.now(UTC),
                fetch_url=source.url,
            )
            in_landing += time.perf_counter() - t
            landed += new
    fig["land_items_s"] = round(in_landing, 1)
    fig["versions_landed"] = landed
    peaks = {"land": peak_rss_split()}
    with timed(fig, "extract_s"):
        stats = extract_pending(wh, "backfill", workers=workers)
    peaks["extract"] = peak_rss_split()
    fig["claims"] = stats["claims"]
    fig["extract_processes"] = stats["workers"]
    with timed(fig, "build_s"):
        result = build.build(wh, pipeline.reference_tables(load_sources(generate.CATALOG)))
    peaks["build"] = peak_rss_split()
    fig["fct_claims_rows"] = result["row_counts"].get("fct_claims")
    total = fig["land_s"] + fig["extract_s"] + fig["build_s"]
    fig["total_s"] = round(total, 1)
    fig["docs_per_s"] = round(n / total, 1)
    fig["land_docs_per_s"] = round(n / fig["land_s"], 1)
    fig["extract_docs_per_s"] = round(landed / fig["extract_s"], 1)
    fig["peak_rss_mib"] = peak_rss_mib()
    # which stage set the peak: the main process's peak after each stage (it only grows),
    # and the largest extraction worker's
    fig["peak_main_after_land_mib"] = peaks["land"][0]
    fig["peak_main_after_extract_mib"] = peaks["extract"][0]
    fig["peak_main_after_build_mib"] = peaks["build"][0]
    fig["peak_worker_mib"] = peaks["build"][1]
    fig["duckdb_memory_limit"] = duck.memory_limit()
    return fig


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="backfill end to end")
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument(
        "--workers", type=parse_workers, default=2, help="extraction processes, or 'auto'"
    )
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)
    fig = run(args.n, args.workers, args.seed)
    report(f"backfill of {args.n} documents", fig)
    return fig


if __name__ == "__main__":
    main()
