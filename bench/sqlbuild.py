"""The SQL build against the number of claims: does it grow linearly?

Each size is a fresh warehouse of generated documents with the generator's claims as the
extraction files (no extractor run), then one full ``build.build``. The last column is
seconds per million claims: flat means linear.

    python -m bench.sqlbuild --docs 25000 50000 100000
    python -m bench.sqlbuild --docs 500000 5000000     # ~1M and ~10M claims: long
"""

from __future__ import annotations

import argparse

from bench import generate
from bench.common import peak_rss_mib, report, scratch, timed
from intercepts import build, pipeline
from intercepts.config import load_sources


def run(docs: list[int]) -> dict:
    refs = pipeline.reference_tables(load_sources(generate.CATALOG))
    fig: dict = {}
    for n in docs:
        wh = scratch(f"sqlbuild-{n}")
        stats = generate.write_history(wh, n, 3, with_claims=True)
        t: dict = {}
        with timed(t, "s"):
            build.build(wh, refs)
        fig[f"claims={stats['claims']}"] = (
            f"build {t['s']:.2f} s, {t['s'] / stats['claims'] * 1e6:.1f} s per million claims"
        )
    fig["peak_rss_mib"] = peak_rss_mib()
    return fig


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="SQL build vs number of claims")
    ap.add_argument("--docs", type=int, nargs="+", default=[25_000, 50_000, 100_000])
    args = ap.parse_args(argv)
    fig = run(args.docs)
    report("SQL build vs claims", fig)
    return fig


if __name__ == "__main__":
    main()
