"""The offline demo: the bundled sample site replayed night by night over loopback HTTP.

Each snapshot is the site as it looked on one morning; fetching them in order is what
three nightly runs would have seen (posts appear, one is edited, feeds grow). The same
ingestion, extraction and build code runs as in production.
"""

from __future__ import annotations

from pathlib import Path

from prefect import flow

from flows.nightly import extract_and_build, ingest_all, publish_outputs
from intercepts import lineage, pipeline
from intercepts.config import SAMPLE_SOURCES, Settings, load_sources
from intercepts.landing import new_run_id
from intercepts.runlock import exclusive_run
from intercepts.samples.server import running, snapshots


@flow(name="intercepts-demo")
def demo(warehouse: str = "warehouse") -> pipeline.RunSummary:
    settings = Settings.from_env(warehouse)
    configured = load_sources(SAMPLE_SOURCES)
    run_id = new_run_id()
    summary = pipeline.RunSummary(run_id=run_id, warehouse=Path(warehouse))
    with exclusive_run(settings.warehouse):
        pipeline.sweep(settings)
        nights = snapshots()
        emitter = lineage.Emitter.from_env()  # one per run: a dead backend is tried once a run
        with running(nights[0]) as site:
            sources = [s.with_base(site.base_url) for s in configured]
            for night in nights:
                site.serve(night)
                for outcome in ingest_all(sources, settings, run_id, emitter):
                    summary.sources.append({**outcome, "snapshot": night.name})
        extract_and_build(summary, settings, configured, emitter)
        publish_outputs(summary, settings)
    return summary
