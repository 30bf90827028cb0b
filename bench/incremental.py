"""The nightly incremental run on a large history: 2,000 new documents, then nothing new.

The history is landed Parquet written by the generator together with the claims it put into
each document (``write_history(with_claims=True)``), so it counts as extracted without an
hour in the extractor; the new documents go through ``land_items``, the real extractor and
the full SQL build. The proof that history is neither re-read nor re-extracted is in the
counts: versions extracted, landed files opened by the extraction stage, landed versions.

    python -m bench.incremental --history 100000 --new 2000 --workers 2
    python -m bench.incremental --history 1000000 --new 2000 --workers 2    # ~4 min to generate
"""

from __future__ import annotations

import argparse
import json
import shutil
from datetime import UTC, datetime
from pathlib import Path

from bench import generate
from bench.common import peak_rss_mib, report, scratch, timed
from intercepts import build, landing, pipeline
from intercepts.config import load_sources
from intercepts.extraction import _DOCUMENTS_READ, _landed_files, claims_dir, extract_pending


def _nightly(wh, new: int, start: int, workers: int, refs, fig: dict, prefix: str) -> None:
    read_before = (claims_dir(wh) / _DOCUMENTS_READ).read_text().count("\n") + 1
    landed = 0
    with timed(fig, f"{prefix}land_s"):
        for source, items, fetched in generate.items_by_source(new, 1, start=start):
            landed += landing.land_items(
                wh,
                source,
                items,
                run_id=f"night-{start}",
                fetched_at=fetched or datetime.now(UTC),
                fetch_url=source.url,
            )[0]
    files_now = len(_landed_files(wh / "raw" / "documents"))
    with timed(fig, f"{prefix}extract_s"):
        stats = extract_pending(wh, f"night-{start}", workers=workers)
    with timed(fig, f"{prefix}build_s"):
        build.build(wh, refs)
    fig[f"{prefix}versions_landed"] = landed
    fig[f"{prefix}versions_extracted"] = stats["versions"]
    fig[f"{prefix}landed_files_opened"] = files_now - read_before
    fig[f"{prefix}landed_files_total"] = files_now
    fig[f"{prefix}total_s"] = round(
        fig[f"{prefix}land_s"] + fig[f"{prefix}extract_s"] + fig[f"{prefix}build_s"], 2
    )


def _history(history: int, fig: dict) -> tuple[Path, dict]:
    """A fresh copy of the generated history; the generated original is kept beside it (marked
    complete only once written whole), so a second run of the same size costs a copy, not ~4 min."""
    original = scratch(f"history-{history}", fresh=False)
    done = original / "_complete.json"
    if done.exists():
        stats = json.loads(done.read_text())
        fig["generate_history_s"] = "reused"
    else:
        shutil.rmtree(original)
        with timed(fig, "generate_history_s"):
            stats = generate.write_history(original, history, 1, with_claims=True)
        done.write_text(json.dumps(stats))
    wh = scratch(f"incremental-{history}")
    shutil.rmtree(wh)
    shutil.copytree(original, wh, ignore=shutil.ignore_patterns("_complete.json"))
    # The history's claims are the generator's own, filed under the extractor version of the
    # day it was generated; they stand for "already extracted" under today's version too.
    for old in (wh / "claims").glob("extractor_version=*"):
        now = claims_dir(wh)
        if old != now and not now.exists():
            old.rename(now)
    return wh, stats


def run(history: int, new: int, workers: int) -> dict:
    fig: dict = {"history_documents": history}
    wh, stats = _history(history, fig)
    fig["history_versions"] = stats["versions"]
    fig["history_claims"] = stats["claims"]
    refs = pipeline.reference_tables(load_sources(generate.CATALOG))
    # The first run after the generator reads nothing new but builds the warehouse and the
    # landing index once (what the nightly run before this one would have done).
    extract_pending(wh, "prime")
    for source in load_sources(generate.CATALOG):
        landing.known_versions(wh, source.id, ["-"])
    with timed(fig, "full_build_s"):
        build.build(wh, refs)
    _nightly(wh, new, history, workers, refs, fig, f"new{new}_")
    # the next night's fetch finds the same posts again: landed as unchanged, nothing new
    _nightly(wh, new, history, workers, refs, fig, "nothing_new_")
    fig["peak_rss_mib"] = peak_rss_mib()
    return fig


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="nightly incremental run on a large history")
    ap.add_argument("--history", type=int, default=100_000)
    ap.add_argument("--new", type=int, default=2000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    fig = run(args.history, args.new, args.workers)
    report(f"nightly run: {args.new} new on {args.history} of history", fig)
    return fig


if __name__ == "__main__":
    main()
