"""Extraction spread out: one process, worker processes, and a local Dask cluster driven
through prefect-dask, each over the same landed documents, with the speed-up over one process.

Workers get slices of each batch (never single documents); the batch files written are the
same in every case (tests/test_extraction_workers.py). The Dask run needs the optional
``scale`` dependencies (``pip install -e '.[scale]'``) and is skipped, saying so, without them.

    python -m bench.scaleout --n 4000 --workers 2
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
        from prefect import flow, task
        from prefect.cache_policies import NO_CACHE
        from prefect_dask import DaskTaskRunner, get_dask_client
    except ImportError:
        fig["dask_prefect"] = "skipped: pip install -e '.[scale]'"
        return

    @task(cache_policy=NO_CACHE)
    def extract_on_cluster(warehouse) -> dict:
        with get_dask_client() as client:
            t = time.perf_counter()
            stats = extract_pending(warehouse, "bench-dask", executor=client.get_executor())
            return {**stats, "seconds": time.perf_counter() - t}

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
        return extract_on_cluster.submit(warehouse).result()

    with timed(fig, "dask_prefect_total_s"):
        stats = extraction_flow(wh)
    fig["dask_prefect_versions"] = stats["versions"]
    fig["dask_extract_s"] = round(stats["seconds"], 3)  # inside the task: cluster and API started


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


def main(argv: list[str] | None = None) -> dict:
    ap = argparse.ArgumentParser(description="extraction over processes and a Dask cluster")
    ap.add_argument("--n", type=int, default=4000)
    ap.add_argument("--workers", type=int, default=2)
    args = ap.parse_args(argv)
    fig = run(args.n, args.workers)
    report(f"scale-out of extraction over {args.workers} workers", fig)
    return fig


if __name__ == "__main__":
    main()
