"""Run the nightly stages once in this process, as `flows/nightly.py` wires them, for the
fault tests to kill.

    python -m tests.faults.driver --sources F --warehouse D [--batch-size N]

It calls the same library functions as the Prefect flow (lock, sweep, ingest each source,
extract, build) without Prefect's start-up cost, and prints the run summary as JSON on
stdout. Exit status as the CLI's: 0 / 3 some source failed / 1 build failed / 75 locked.

Pause points, used ONLY by the fault tests (production code has none):
``INTERCEPTS_FAULT_PAUSE`` names where to stop and ``INTERCEPTS_FAULT_READY`` a file the
driver creates when it got there; it then sleeps until the test kills it.

- ``locked``: holding the run lock, before anything is fetched;
- ``land:N``: the N-th raw document file is written as ``.parquet.tmp``, not yet renamed;
- ``extract:N``: the same for the N-th claims batch file;
- ``build``: the new DuckDB file is half built (raw loaded, no model yet);
- ``compact:journaled``: a merge's journal written, its file not yet written (``--compact``);
- ``compact:tmp``: the merged file written as ``.parquet.tmp``, not yet renamed;
- ``compact:renamed``: the merged file in place, none of its inputs deleted yet;
- ``compact:unlinking``: the merged file in place, one of its inputs deleted.

``--compact`` compacts the landed files after the build, as the nightly flow does when due.
"""

from __future__ import annotations

import argparse
import importlib.util
import json
import os
import sys
import time
from pathlib import Path

import pyarrow.parquet as pq

from intercepts import ingest, landing, pipeline
from intercepts.build import runner as build_runner
from intercepts.build import stage as build_stage
from intercepts.config import ConfigError, Settings, load_sources
from intercepts.runlock import RunLocked, exclusive_run
from intercepts.sources.http import make_session


def _pause_here() -> None:
    ready = os.environ.get("INTERCEPTS_FAULT_READY")
    if ready:
        Path(ready).write_text(str(os.getpid()))
    while True:  # until SIGKILL
        time.sleep(60)


def _install_pause_point(spec: str) -> None:
    where, _, nth = spec.partition(":")
    nth_call = int(nth) if nth.isdigit() else 1
    if where in ("land", "extract"):
        marker = (
            f"{os.sep}raw{os.sep}documents{os.sep}"
            if where == "land"
            else f"{os.sep}claims{os.sep}"
        )
        original = pq.write_table
        calls = 0

        def write_table(table, where_to, *args, **kw):
            nonlocal calls
            original(table, where_to, *args, **kw)
            if marker in str(where_to) and str(where_to).endswith(".parquet.tmp"):
                calls += 1
                if calls == nth_call:
                    _pause_here()

        pq.write_table = write_table
    elif where == "build":
        original_load = build_runner.load_reference_tables

        def load_then_pause(con, *args, **kw):
            original_load(con, *args, **kw)
            con.execute("CHECKPOINT")  # the half-built file is really on disk when killed
            _pause_here()

        build_runner.load_reference_tables = load_then_pause
    elif where == "stage":
        # inside the stage's first chunk transaction: its rows inserted, not yet committed
        original_files = build_stage._files_table

        def files_then_pause(*args, **kw):
            table = original_files(*args, **kw)
            _pause_here()
            return table

        build_stage._files_table = files_then_pause
    elif where == "stage-models":
        # inside the per-document models' transaction: the first model's rows of the new
        # documents replaced, not yet committed
        original_ctes = build_stage._input_ctes
        ctes_calls = 0

        def ctes_then_pause(*args, **kw):
            nonlocal ctes_calls
            ctes_calls += 1
            if ctes_calls == 2:
                _pause_here()
            return original_ctes(*args, **kw)

        build_stage._input_ctes = ctes_then_pause
    elif where == "compact":
        _install_compaction_pause(nth)
    elif where == "locked":
        original_sweep = pipeline.sweep

        def sweep_then_pause(settings):
            _pause_here()
            return original_sweep(settings)

        pipeline.sweep = sweep_then_pause
    else:
        raise SystemExit(f"unknown pause point {spec!r}")


def _install_compaction_pause(step: str) -> None:
    from intercepts import compaction

    if step == "journaled":
        original_journal = compaction._write_journal

        def journal_then_pause(*args, **kw):
            original_journal(*args, **kw)
            _pause_here()

        compaction._write_journal = journal_then_pause
    elif step == "tmp":
        original_write = pq.write_table

        def write_then_pause(table, where_to, *args, **kw):
            original_write(table, where_to, *args, **kw)
            if "compact-" in str(where_to) and str(where_to).endswith(".parquet.tmp"):
                _pause_here()

        pq.write_table = write_then_pause
    elif step in ("renamed", "unlinking"):

        def finish_then_pause(root, inputs, output, journal):
            if step == "unlinking":
                (root / inputs[0]).unlink()
            _pause_here()

        compaction._finish = finish_then_pause
    else:
        raise SystemExit(f"unknown compaction pause point {step!r}")


def extractor_available() -> bool:
    return importlib.util.find_spec("intercepts.extract.claims") is not None


def run(
    sources_file: Path, warehouse: Path, batch_size: int, *, compact: bool = False
) -> tuple[dict, int]:
    from intercepts.build import BuildError
    from intercepts.extraction import extract_pending

    settings = Settings.from_env(warehouse)
    sources = load_sources(sources_file)
    run_id = landing.new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, warehouse=warehouse)
    with exclusive_run(settings.warehouse):
        pipeline.sweep(settings)
        for source in sources:
            session = make_session(settings)
            try:
                summary.sources.append(ingest.ingest_source(source, settings, run_id, session))
            finally:
                session.close()
        if extractor_available():
            summary.extraction = extract_pending(settings.warehouse, run_id, batch_size=batch_size)
        else:
            summary.extraction = {"skipped": "intercepts.extract.claims is not installed yet"}
        try:
            result = pipeline.build_warehouse(settings, sources)
            summary.build = {"row_counts": result["row_counts"]}
        except BuildError as exc:
            summary.error = str(exc)
        if compact:
            from intercepts import compaction

            compacted = compaction.compact(settings.warehouse)
    report = {
        "run_id": run_id,
        "sources": [
            {k: (v.isoformat() if hasattr(v, "isoformat") else v) for k, v in s.items()}
            for s in summary.sources
        ],
        "failed_sources": summary.failed_sources,
        "extraction": summary.extraction,
        "build": summary.build,
        "error": summary.error,
    }
    if compact:
        report["compaction"] = compacted
    return report, summary.exit_code


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sources", type=Path, required=True)
    parser.add_argument("--warehouse", type=Path, required=True)
    parser.add_argument("--batch-size", type=int, default=5000)
    parser.add_argument("--compact", action="store_true", help="compact the landed files last")
    args = parser.parse_args(argv)
    if os.environ.get("INTERCEPTS_FAULT_PAUSE"):
        _install_pause_point(os.environ["INTERCEPTS_FAULT_PAUSE"])
    try:
        report, code = run(args.sources, args.warehouse, args.batch_size, compact=args.compact)
    except RunLocked as exc:
        print(f"refused: {exc}", file=sys.stderr)
        return 75
    except ConfigError as exc:
        print(f"configuration error: {exc}", file=sys.stderr)
        return 2
    print(json.dumps(report, ensure_ascii=False, default=str))
    return code


if __name__ == "__main__":
    sys.exit(main())
