"""The nightly run: ingest every source → extract new document versions → build the marts.

Reads top to bottom like the README's diagram. Tasks are per source and per stage,
never per document (Prefect's per-task overhead stays off the hot path); the work
itself lives in the `intercepts` library.
"""

from __future__ import annotations

from pathlib import Path

import duckdb
from prefect import flow, task
from prefect.cache_policies import NO_CACHE

from intercepts import lineage, pipeline, publish
from intercepts.build import DB_NAME, BuildError, discover_models
from intercepts.catalog import select_sources
from intercepts.config import Settings, Source
from intercepts.ingest import ingest_source
from intercepts.landing import new_run_id
from intercepts.runlock import exclusive_run
from intercepts.runlog import log, timed
from intercepts.sources.http import make_session


@task(name="ingest-source", cache_policy=NO_CACHE, task_run_name="ingest-{source.id}")
def ingest(source: Source, settings: Settings, run_id: str) -> dict:
    """Fetch, parse and land one source. Never raises for a bad source: the outcome says why."""
    session = make_session(settings)
    try:
        outcome = ingest_source(source, settings, run_id, session)
    finally:
        session.close()
    line = (
        f"{source.id}: {outcome['status']} — {outcome['items_found']} items, "
        f"{outcome['new_versions']} new, {outcome['unchanged']} unchanged ({outcome['elapsed_s']:.1f}s)"
    )
    if outcome["reason"] and outcome["status"] == "failed":
        line += f" — {outcome['reason']}"
    log.info(line)
    return outcome


@task(name="extract-claims", cache_policy=NO_CACHE)
def extract(settings: Settings, run_id: str) -> dict:
    with timed() as took:
        stats = pipeline.extract_claims(settings, run_id)
    line = (
        f"extract: {stats['versions']} new versions → {stats['claims']} claims, "
        f"{stats['rejects']} rejected, {stats['errors']} errors, "
        f"{pipeline.where_extracted(stats)} ({took['s']:.1f}s)"
    )
    (log.warning if pipeline.fell_back_from_dask(stats) else log.info)(line)
    return stats


@task(name="build-warehouse", cache_policy=NO_CACHE)
def build(settings: Settings, sources: list[Source]) -> dict:
    with timed() as took:
        result = pipeline.build_warehouse(settings, sources)
    tests = result["tests"]
    if result.get("skipped"):
        log.info(f"build: nothing the marts read has changed; marts unchanged ({took['s']:.1f}s)")
        return result
    log.info(
        f"build: {len(result['models'])} models, {sum(t.passed for t in tests)}/{len(tests)} data tests passed, "
        f"{len(result['warnings'])} warning(s); {result['row_counts'].get('fct_nightly_regional_intercepts', 0)} "
        f"night-region figures, {result['row_counts'].get('fct_claims', 0)} claims"
        f"{_carried(result)} ({took['s']:.1f}s)"
    )
    return result


def _carried(result: dict) -> str:
    """What the per-night marts reused from the last build, for the build's log line."""
    mart = result.get("incremental", {}).get("fct_nightly_regional_intercepts")
    if not mart:
        return ""
    if mart["built"] == "incremental":
        return f"; {mart['nights_recomputed']} night(s) recomputed, the rest carried"
    return f"; every night computed ({mart.get('why', 'whole')})"


@task(name="publish-outputs", cache_policy=NO_CACHE)
def publish_outputs(summary: pipeline.RunSummary, settings: Settings) -> dict:
    """Exports, report.html and the Prefect artifacts. The marts are built by now: a disk
    that cannot take the exports is logged as a warning, not a failed run."""
    outputs: dict = {}
    with timed() as took:
        try:
            outputs = {} if summary.error else publish.write_outputs(settings.warehouse)
        except (OSError, duckdb.Error) as exc:
            log.warning(f"publish: exports and report not written: {exc}")
    if outputs:
        log.info(
            f"publish: {len(outputs['exports'])} marts exported to {settings.warehouse / 'exports'}, "
            f"report {outputs['report']} ({took['s']:.1f}s)"
        )
    publish.publish_artifacts(summary, settings.warehouse, outputs)
    return outputs


@task(name="compact-landing", cache_policy=NO_CACHE)
def compact(settings: Settings) -> dict | None:
    """Merge the landed small files when due (`intercepts compact`); after the marts are
    published, so a night never waits on it for its figures."""
    with timed() as took:
        stats = pipeline.compact_if_due(settings)
    if stats:
        log.info(
            f"compact: {stats['files_merged']} landed files merged into {stats['merges']} "
            f"({took['s']:.1f}s)"
        )
    return stats


def ingest_all(
    sources: list[Source], settings: Settings, run_id: str, emitter: lineage.Emitter | None = None
) -> list[dict]:
    wh = settings.warehouse
    with lineage.StageRun(
        emitter or lineage.Emitter.from_env(),
        run_id,
        "intercepts.ingest",
        [lineage.source_dataset(s.url) for s in sources],
        [
            lineage.warehouse_dataset(wh, "raw/documents"),
            lineage.warehouse_dataset(wh, "raw/quarantine"),
        ],
    ) as stage:
        futures = [ingest.submit(s, settings, run_id) for s in sources]
        outcomes = [f.result() for f in futures]
    _warn(stage)
    return outcomes


def extract_and_build(
    summary: pipeline.RunSummary,
    settings: Settings,
    sources: list[Source],
    emitter: lineage.Emitter | None = None,
) -> None:
    emitter = emitter or lineage.Emitter.from_env()
    wh = settings.warehouse
    documents, claims = (
        lineage.warehouse_dataset(wh, "raw/documents"),
        lineage.warehouse_dataset(wh, "claims"),
    )
    with lineage.StageRun(
        emitter, summary.run_id, "intercepts.extract", [documents], [claims]
    ) as stage:
        summary.extraction = extract(settings, summary.run_id)
    _warn(stage)
    db, models = wh / DB_NAME, discover_models()
    inputs = [documents, claims, lineage.warehouse_dataset(wh, "raw/quarantine")]
    try:
        with lineage.StageRun(
            emitter, summary.run_id, "intercepts.build", inputs, lineage.mart_datasets(db, models)
        ) as stage:
            summary.build = build(settings, sources)
            stage.outputs = _built_marts(db, models, summary.build)
    except BuildError as exc:
        summary.error = str(exc)
    _warn(stage)


def _built_marts(db: Path, models, result: dict) -> list[lineage.Dataset]:
    """The marts with their schema facets; by name only when the file cannot be read
    (lineage is never worth failing a build that succeeded)."""
    try:
        return lineage.mart_outputs(db, models, result.get("row_counts"))
    except (OSError, duckdb.Error) as exc:
        log.warning(f"lineage: marts listed without their schemas: {exc}")
        return lineage.mart_datasets(db, models)


def _warn(stage: lineage.StageRun) -> None:
    # our logger, as every other line of the run: it prints to the stderr of the moment (and
    # reaches the run's log in the Prefect UI through PREFECT_LOGGING_EXTRA_LOGGERS)
    for problem in stage.errors:
        log.warning(problem)


@flow(name="intercepts-nightly", log_prints=False)
def nightly(
    sources_file: str, warehouse: str = "warehouse", sample_base: str | None = None
) -> pipeline.RunSummary:
    """One nightly run over the sources ``sources_file`` names: a sources file, or a
    catalog by name with its subset (``real``, ``real:regional``, ``real:RU-BEL``).

    ``sample_base`` replaces ``{sample_base}`` in source URLs (the bundled samples).
    """
    settings = Settings.from_env(warehouse)
    sources = select_sources(sources_file)
    if sample_base:
        sources = [s.with_base(sample_base) for s in sources]
    run_id = new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, warehouse=Path(warehouse))
    with exclusive_run(settings.warehouse):
        pipeline.sweep(settings)
        emitter = lineage.Emitter.from_env()  # one per run: a dead backend is tried once a run
        summary.sources = ingest_all(sources, settings, run_id, emitter)
        extract_and_build(summary, settings, sources, emitter)
        if summary.build:
            summary.stale_sources = pipeline.stale_sources(summary.build["path"], sources)
        publish_outputs(summary, settings)
        compact(settings)
    return summary
