"""Real processes, real signals: a run SIGKILLed while landing, extracting or building; two runs
at once; a warehouse that cannot be written; a BI reader holding the DuckDB file during a build.

After a killed run the next one completes, raw holds no partial file, every version landed
before the kill is still there, and the marts equal those of a run that was never interrupted.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

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
    """An uninterrupted run over the same publishers: what every recovery must equal."""
    tmp = tmp_path_factory.mktemp("clean")
    sources = harness.write_sources(tmp / "sources.toml", publishers.base_url)
    run = harness.run_driver(sources, tmp / "wh")
    assert run.code == 0, run.stderr[-3000:]
    return {
        "sources": sources,
        "versions": harness.landed_versions(tmp / "wh"),
        "marts": harness.marts(tmp / "wh"),
        "rows": harness.landed_rows(tmp / "wh"),
    }


def kill_then_recover(clean, tmp_path, pause: str, *, batch_size: int = 5000, before=None):
    warehouse = tmp_path / "wh"
    if before:
        before(warehouse)
    proc = harness.start_paused(
        clean["sources"], warehouse, pause, tmp_path / "ready", batch_size=batch_size
    )
    assert harness.kill(proc) == -9
    left = {
        "partial": harness.partial_files(warehouse),
        "versions": harness.landed_versions(warehouse),
    }
    recovery = harness.run_driver(clean["sources"], warehouse, batch_size=batch_size)
    assert recovery.code == 0, (recovery.report, recovery.stderr[-3000:])
    assert harness.partial_files(warehouse) == []
    assert left["versions"] <= harness.landed_versions(warehouse), (
        "a version landed before the kill is gone"
    )
    assert harness.landed_versions(warehouse) == clean["versions"]
    assert harness.landed_rows(warehouse) == clean["rows"], "a version was landed twice"
    assert harness.marts(warehouse) == clean["marts"]
    return left


@pytest.mark.parametrize("nth", [1, pytest.param(4, marks=pytest.mark.slow)])
def test_killed_while_landing(clean, tmp_path, nth):
    left = kill_then_recover(clean, tmp_path, f"land:{nth}")
    assert any(
        p.name.endswith(".parquet.tmp") for p in left["partial"]
    )  # the kill really hit a write
    assert len(left["versions"]) < len(clean["versions"])


def test_killed_while_extracting(clean, tmp_path):
    left = kill_then_recover(clean, tmp_path, "extract:2", batch_size=5)
    assert any("claims" in str(p) for p in left["partial"])
    assert left["versions"] == clean["versions"]  # landing had finished


def test_killed_while_building_the_first_warehouse(clean, tmp_path):
    left = kill_then_recover(clean, tmp_path, "build")
    assert any(".building-" in p.name for p in left["partial"])


@pytest.mark.slow
def test_killed_while_rebuilding_keeps_the_previous_warehouse_readable(clean, publishers, tmp_path):
    kill_then_recover(
        clean,
        tmp_path,
        "build",
        before=lambda warehouse: run_without_one_source(publishers, warehouse, tmp_path),
    )


@pytest.mark.slow
def test_killed_build_leaves_the_old_file_as_it_was(clean, publishers, tmp_path):
    warehouse = tmp_path / "wh"
    run_without_one_source(publishers, warehouse, tmp_path)
    before = (warehouse / "intercepts.duckdb").read_bytes()
    marts_before = harness.marts(warehouse)
    harness.kill(harness.start_paused(clean["sources"], warehouse, "build", tmp_path / "ready"))
    assert (warehouse / "intercepts.duckdb").read_bytes() == before
    assert harness.marts(warehouse) == marts_before


def test_killed_while_updating_the_build_stage_leaves_no_half_chunk(clean, publishers, tmp_path):
    """Killed inside a chunk's transaction (rows inserted, the files not yet listed): the next
    run neither loses those files' rows nor counts them twice."""
    kill_then_recover(
        clean,
        tmp_path,
        "stage",
        before=lambda warehouse: run_without_one_source(publishers, warehouse, tmp_path),
    )


def test_killed_while_updating_the_per_document_models_loses_no_document(
    clean, publishers, tmp_path
):
    """Killed inside the stage's per-document models' transaction (one model's rows of the
    new documents replaced, the others not): the next run computes those documents again
    and its marts equal a clean run's."""
    kill_then_recover(
        clean,
        tmp_path,
        "stage-models",
        before=lambda warehouse: run_without_one_source(publishers, warehouse, tmp_path),
    )


def run_without_one_source(publishers, warehouse, tmp_path) -> None:
    """A complete earlier night on which mod_russia was unreachable: the next run has new
    documents, so its build really runs (a build with unchanged inputs is skipped)."""
    sources = harness.write_sources(
        tmp_path / "night-before.toml",
        publishers.base_url,
        urls={"mod_russia": "http://127.0.0.1:9/t.me/s/mod_russia.html"},
    )
    run = harness.run_driver(sources, warehouse)
    assert run.code == 3 and run.statuses["mod_russia"] == "failed", run.stderr[-2000:]


@pytest.mark.slow
def test_a_second_run_is_refused_while_one_holds_the_warehouse(clean, tmp_path):
    warehouse = tmp_path / "wh"
    first = harness.start_paused(clean["sources"], warehouse, "locked", tmp_path / "ready")
    try:
        second = harness.run_driver(clean["sources"], warehouse)
        assert second.code == 75 and second.report is None
        assert f"another run is using {warehouse} (pid {first.pid})" in second.stderr
        assert harness.landed_rows(warehouse) == 0  # the refused run wrote nothing
    finally:
        harness.kill(first)
    # the lock dies with its holder: no stale lock after a SIGKILL
    third = harness.run_driver(clean["sources"], warehouse)
    assert third.code == 0 and harness.marts(warehouse) == clean["marts"]


@pytest.fixture
def unwritable_dir(tmp_path):
    """A directory this process cannot write to (root ignores modes: make it immutable)."""
    path = tmp_path / "readonly"
    path.mkdir()
    if hasattr(__import__("os"), "geteuid") and __import__("os").geteuid() == 0:
        if (
            not shutil.which("chattr")
            or subprocess.run(["chattr", "+i", str(path)]).returncode != 0
        ):
            pytest.skip(
                "running as root on a file system without chattr +i: cannot make a directory unwritable"
            )
        yield path
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o555)
        yield path
        path.chmod(0o755)


def test_unwritable_warehouse_is_refused_in_words_before_fetching(
    clean, publishers, unwritable_dir
):
    hits = sum(r.hits for r in publishers.routes.values())
    run = harness.run_driver(clean["sources"], unwritable_dir)
    assert run.code == 2, run.stderr[-2000:]
    assert (
        f"cannot write to the warehouse {unwritable_dir}" in run.stderr
        and "Traceback" not in run.stderr
    )
    assert sum(r.hits for r in publishers.routes.values()) == hits  # nothing fetched and dropped


@pytest.mark.slow
def test_a_bi_reader_keeps_its_view_and_never_blocks_the_build(clean, publishers, tmp_path):
    warehouse = tmp_path / "wh"
    assert harness.run_driver(clean["sources"], warehouse).code == 0
    reader = subprocess.Popen(
        [sys.executable, "-m", "tests.faults.reader", str(warehouse / "intercepts.duckdb")],
        cwd=harness.ROOT,
        env=harness.driver_env(),
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        seen_before = json.loads(reader.stdout.readline())["held"]
        # a new publisher appears overnight: the next build has more documents
        publishers.route(
            "/extra/oper_shtab",
            body=(harness.FIXTURES / "telegram_before_delete.html").read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
        more = harness.write_sources(
            tmp_path / "more.toml",
            publishers.base_url,
            [harness.extra_source("oper_shtab", "telegram", publishers.url("/extra/oper_shtab"))],
        )
        run = harness.run_driver(
            more, warehouse, timeout=60
        )  # would hang or fail if the reader blocked it
        assert run.code == 0, run.stderr[-2000:]
        reader.stdin.write("same\n")
        reader.stdin.flush()
        assert (
            json.loads(reader.stdout.readline())["held"] == seen_before
        )  # its consistent old view
        # a new connection from another process sees the new build (inside the reader's own
        # process DuckDB hands out its cached instance of the path: the old file until it lets go)
        fresh = _fresh_count(warehouse)
        assert fresh == (seen_before[0] + 2, seen_before[1] + 1, seen_before[2] + 7)
    finally:
        reader.kill()
        reader.wait()
        publishers.routes.pop("/extra/oper_shtab", None)


def _fresh_count(warehouse):
    import duckdb

    from tests.faults.reader import QUERY

    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(QUERY).fetchone()
    finally:
        con.close()
