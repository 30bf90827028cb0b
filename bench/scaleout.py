"""Extraction spread out: one process, worker processes, and a local Dask cluster driven
through prefect-dask, each over the same landed documents, with the speed-up over one process.

Workers get slices of each batch (never single documents); the batch files written are the
same in every case (tests/test_extraction_workers.py). The Dask run needs the optional
``scale`` dependencies (``pip install -e '.[scale]'``) and is skipped, saying so, without them.

    python -m bench.scaleout --n 4000 --workers 2

``--sizes`` instead times one process against ``--workers`` over several sizes of history,
the figures behind ``extraction.AUTO_POOL_MIN_BYTES`` (where ``workers="auto"`` starts a pool):

    python -m bench.scaleout --sizes 5000 10000 20000 40000 100000 --workers 2
"""

from __future__ import annotations

import argparse
import shutil
import time

from bench import generate
from bench.common import report, scratch, timed
from intercepts.extraction import claims_dir, extract_pending


def _fresh_claims(wh) -> None:
    shutil.rmtree(claims_dir(wh).parent, ignore_errors=True)


def _dask_through_prefect(wh, workers: int, fig: dict) -> None:
    try:
        from prefect import flow
        from prefect.context import FlowRunContext
        from prefect_dask import DaskTaskRunner, get_dask_client
    except ImportError:
        fig["dask_prefect"] = "skipped: pip install -e '.[scale]'"
        return

    # The flow drives the cluster itself (its client, from the flow's context): reading
    # and writing stay in this process and only the batches' slices go to the workers.
    # Driving it from inside a task put that work on one of the workers, beside a slice
    # of extraction: 20k documents took 4.6 s there, 2.8-2.9 s from the flow.

    runner = DaskTaskRunner(
        cluster_kwargs={
            "n_workers": workers,
            "threads_per_worker": 1,
            "processes": True,
            "dashboard_address": None,
        }
    )

    @flow(task_runner=runner)
    def extraction_flow(warehouse):
        FlowRunContext.get().task_runner.client  # noqa: B018 - starts the cluster (done lazily)
        with get_dask_client() as client:
            t = time.perf_counter()
            stats = extract_pending(warehouse, "bench-dask", executor=client.get_executor())
            return {**stats, "seconds": time.perf_counter() - t}

    with timed(fig, "dask_prefect_total_s"):
        stats = extraction_flow(wh)
    fig["dask_prefect_versions"] = stats["versions"]
    fig["dask_extract_s"] = round(stats["seconds"], 3)  # in the flow: cluster and API started


def run(n: int, workers: int) -> dict:
    wh = scratch(f"scaleout-{n}")
    history = generate.write_history(wh, n, 4)
    fig: dict = {"documents": n, "versions": history["versions"], "cores": workers}
    with timed(fig, "one_process_s"):
        extract_pending(wh, "bench")
    _fresh_claims(wh)
    with timed(fig, "processes_s"):
        extract_pending(wh, "bench", workers=workers)
    fig["processes_speedup"] = round(fig["one_process_s"] / fig["processes_s"], 2)
    _fresh_claims(wh)
    _dask_through_prefect(wh, workers, fig)
    if "dask_prefect_total_s" in fig:
        fig["dask_speedup"] = round(fig["one_process_s"] / fig["dask_extract_s"], 2)
    return fig


def crossover(sizes: list[int], workers: int) -> dict:
    """One process against ``workers`` processes (best of two runs each, alternating) over
    histories of these sizes, with their landed Parquet in MiB: where a pool starts to pay,
    which sets ``extraction.AUTO_POOL_MIN_BYTES``."""
    fig: dict = {"workers": workers}
    for n in sizes:
        wh = scratch(f"scaleout-{n}", fresh=False)
        if not (wh / "raw").exists():
            generate.write_history(wh, n, 4)
        mib = sum(f.stat().st_size for f in (wh / "raw" / "documents").rglob("*.parquet")) / 2**20
        best = {1: float("inf"), workers: float("inf")}
        for _ in range(2):
            for w in best:
                _fresh_claims(wh)
                t = time.perf_counter()
                extract_pending(wh, "bench", workers=w)
                best[w] = min(best[w], time.perf_counter() - t)
        _fresh_claims(wh)
        fig[f"{n} documents ({mib:.1f} MiB)"] = (
            f"{best[1]:.2f} s vs {best[workers]:.2f} s: {best[1] / best[workers]:.2f}x"
        )
    return fig


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="extraction over processes and a Dask cluster")
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument(
        "--sizes", type=int, nargs="+", help="instead: one process against --workers per size"
    )
    args = ap.parse_args(argv)
    if args.sizes:
        fig = crossover(args.sizes, args.workers)
        report(f"extraction in one process against {args.workers}, by size", fig)
        return fig
    fig = run(args.n, args.workers)
    report(f"scale-out of extraction over {args.workers} workers", fig)
    return fig


if __name__ == "__main__":
    main()
