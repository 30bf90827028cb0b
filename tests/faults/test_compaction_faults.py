"""Compaction SIGKILLed at every step of a merge: after the journal, with the merged file
half written, once it is in place, and with its inputs half deleted.

The warehouse compacted is one in the layout by published day (an older release's), so
each kill interrupts a migration too. After the kill the next run (sweep, then its own
compaction) completes; raw holds no partial file and no journal, every version is there
exactly once, no file of the old layout is left, and the marts equal those of a run that
was never interrupted and never compacted.
"""

from __future__ import annotations

import shutil

import pytest

from tests.faults import harness
from tests.support import http_server


@pytest.fixture(scope="module")
def publishers():
    server = http_server.start()
    harness.serve_samples(server)
    yield server
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def clean(publishers, tmp_path_factory):
    tmp = tmp_path_factory.mktemp("clean")
    sources = harness.write_sources(tmp / "sources.toml", publishers.base_url)
    run = harness.run_driver(sources, tmp / "wh")
    assert run.code == 0, run.stderr[-3000:]
    return {
        "sources": sources,
        "warehouse": tmp / "wh",
        "versions": harness.landed_versions(tmp / "wh"),
        "marts": harness.marts(tmp / "wh"),
        "rows": harness.landed_rows(tmp / "wh"),
    }


def landed_by_day(clean, tmp_path):
    warehouse = tmp_path / "wh"
    shutil.copytree(clean["warehouse"], warehouse)
    assert harness.as_landed_by_day(warehouse) > len(list(warehouse.glob("raw/documents/*")))
    return warehouse


def old_layout_files(warehouse):
    return list(warehouse.glob("raw/documents/*/published_date=*/*.parquet"))


@pytest.mark.parametrize("step", ["journaled", "tmp", "renamed", "unlinking"])
def test_compaction_killed_at_any_step_loses_and_doubles_nothing(clean, tmp_path, step):
    warehouse = landed_by_day(clean, tmp_path)
    proc = harness.start_paused(
        clean["sources"], warehouse, f"compact:{step}", tmp_path / "ready", compact=True
    )
    assert harness.kill(proc) == -9
    assert harness.partial_files(warehouse)  # the kill really left a merge unfinished
    recovery = harness.run_driver(clean["sources"], warehouse, compact=True)
    assert recovery.code == 0, (recovery.report, recovery.stderr[-3000:])
    assert harness.partial_files(warehouse) == []
    assert old_layout_files(warehouse) == []
    assert harness.landed_versions(warehouse) == clean["versions"]
    assert harness.landed_rows(warehouse) == clean["rows"], "a version is there twice"
    assert harness.marts(warehouse) == clean["marts"]


def test_a_second_compaction_changes_no_file(clean, tmp_path):
    from intercepts import compaction

    warehouse = landed_by_day(clean, tmp_path)
    first = harness.run_driver(clean["sources"], warehouse, compact=True)
    assert first.code == 0 and first.report["compaction"]["merges"] > 0
    files = {p: p.stat().st_mtime_ns for p in warehouse.glob("raw/**/*.parquet")}
    assert compaction.compact(warehouse)["merges"] == 0
    assert {p: p.stat().st_mtime_ns for p in warehouse.glob("raw/**/*.parquet")} == files
    assert harness.marts(warehouse) == clean["marts"]


def test_a_warehouse_migrated_by_compact_builds_the_same_marts_row_for_row(clean, tmp_path):
    from intercepts import compaction, pipeline
    from intercepts.config import Settings, load_sources

    warehouse = landed_by_day(clean, tmp_path)  # as an older release landed it
    settings, sources = Settings.from_env(warehouse), load_sources(clean["sources"])
    pipeline.build_warehouse(settings, sources, force=True)
    assert harness.marts(warehouse) == clean["marts"]
    stats = compaction.compact(warehouse)
    assert stats["merges"] > 0 and old_layout_files(warehouse) == []
    assert harness.landed_rows(warehouse) == clean["rows"]
    # the stage carries the merged files over: no landed row is read again ...
    result = pipeline.build_warehouse(settings, sources)
    assert result["files_read"]["src_documents"] == 0
    assert harness.marts(warehouse) == clean["marts"]
    # ... and a build from raw alone gives the same marts
    pipeline.build_warehouse(settings, sources, force=True)
    assert harness.marts(warehouse) == clean["marts"]
