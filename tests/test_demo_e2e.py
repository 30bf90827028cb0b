"""The whole path on the bundled samples: loopback HTTP → Parquet → claims → DuckDB marts.

The demo flow runs once per module (Prefect's start-up is the expensive part) and the
tests read what it left, as a user would; a second run checks idempotence.
"""

from __future__ import annotations

import json
import os

import duckdb
import pytest

from flows.demo import demo


def snapshot_of_marts(path):
    con = duckdb.connect(str(path), read_only=True)
    try:
        marts = [
            r[0]
            for r in con.execute(
                "SELECT model FROM meta_models WHERE layer = 'marts' AND materialization = 'table' ORDER BY 1"
            ).fetchall()
        ]
        return {m: con.execute(f'SELECT * FROM "{m}" ORDER BY ALL').fetchall() for m in marts}  # noqa: S608
    finally:
        con.close()


def count_parquet_rows(warehouse):
    con = duckdb.connect()
    try:
        return con.execute(
            "SELECT count(*) FROM read_parquet(?, hive_partitioning = false)",
            [str(warehouse / "raw/documents/**/*.parquet")],
        ).fetchone()[0]
    finally:
        con.close()


@pytest.fixture(scope="module")
def demo_run(tmp_path_factory):
    warehouse = tmp_path_factory.mktemp("warehouse")
    events = warehouse.parent / "lineage.jsonl"
    os.environ["INTERCEPTS_OPENLINEAGE_URL"] = str(events)
    try:
        first = demo(warehouse=str(warehouse))
    finally:
        del os.environ["INTERCEPTS_OPENLINEAGE_URL"]
    state = {
        "warehouse": warehouse,
        "first": first,
        "events": events,
        "rows": count_parquet_rows(warehouse),
        "marts": snapshot_of_marts(warehouse / "intercepts.duckdb"),
    }
    return state


def q(demo_run, sql, params=()):
    con = duckdb.connect(str(demo_run["warehouse"] / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_demo_succeeds_and_builds_the_marts(demo_run):
    summary = demo_run["first"]
    assert summary.exit_code == 0, (summary.error, summary.failed_sources)
    assert summary.build["row_counts"]["fct_nightly_regional_intercepts"] > 0
    assert summary.extraction["claims"] > 0


def test_edited_post_has_two_versions(demo_run):
    rows = q(
        demo_run, "SELECT url, count(*) FROM stg_raw__documents GROUP BY url HAVING count(*) > 1"
    )
    assert [r[0] for r in rows] == ["https://t.me/mod_russia/52104"]


def test_seed_night_figures(demo_run):
    rows = dict(
        q(
            demo_run,
            "SELECT region_code, federal_count FROM fct_nightly_regional_intercepts "
            "WHERE night_ending = DATE '2025-07-20' AND federal_count IS NOT NULL",
        )
    )
    assert rows["RU-BRY"] == 31 and rows["RU-ORL"] == 17 and rows["RU-MOS"] == 10
    kaluga = q(
        demo_run,
        "SELECT regional_count FROM fct_nightly_regional_intercepts "
        "WHERE night_ending = DATE '2025-07-20' AND region_code = 'RU-KLU'",
    )
    assert kaluga == [(3,)]
    totals = q(
        demo_run,
        "SELECT declared_total, itemised_sum, unallocated FROM fct_nightly_totals "
        "WHERE night_ending = DATE '2025-07-20' AND claimant_kind = 'official_federal' "
        "AND declared_total = 73",
    )
    assert totals == [(73, 58, 15)]


def test_every_fact_row_traces_to_a_document_and_a_quote_with_its_number(demo_run):
    facts = q(demo_run, "SELECT night_ending, region_code FROM fct_nightly_regional_intercepts")
    lineage = q(
        demo_run,
        "SELECT night_ending, region_code, count, quote, url, publisher, fetched_at, run_id "
        "FROM fct_intercept_lineage",
    )
    traced = {(r[0], r[1]) for r in lineage if r[4] and r[6] and r[7]}
    assert set(facts) <= traced
    from intercepts.extract.numbers import find_numbers  # the extractor's own reader of numbers

    for _, _, count, quote, *_ in lineage:
        if count is not None:
            assert count in {n.value for n in find_numbers(quote)}, quote


def test_misquote_is_flagged_as_a_conflict(demo_run):
    row = q(
        demo_run,
        "SELECT federal_count, low_count, has_conflict FROM fct_nightly_regional_intercepts "
        "WHERE night_ending = DATE '2025-07-19' AND region_code = 'RU-TUL'",
    )
    assert row == [(8, 6, True)]


def test_second_run_adds_nothing_and_leaves_marts_identical(demo_run):
    second = demo(warehouse=str(demo_run["warehouse"]))
    assert second.exit_code == 0
    assert sum(s["new_versions"] for s in second.sources) == 0
    assert count_parquet_rows(demo_run["warehouse"]) == demo_run["rows"]
    assert second.build["skipped"]
    again = snapshot_of_marts(demo_run["warehouse"] / "intercepts.duckdb")
    for mart, rows in demo_run["marts"].items():
        assert again[mart] == rows, mart


def test_forced_rebuild_from_raw_gives_the_same_facts(demo_run):
    from intercepts import build, pipeline
    from intercepts.config import SAMPLE_SOURCES, load_sources

    result = build.build(
        demo_run["warehouse"], pipeline.reference_tables(load_sources(SAMPLE_SOURCES)), force=True
    )
    assert not result["skipped"]
    rebuilt = snapshot_of_marts(demo_run["warehouse"] / "intercepts.duckdb")
    for mart, rows in demo_run["marts"].items():
        assert rebuilt[mart] == rows, mart


def test_run_emits_openlineage_events_for_every_stage(demo_run):
    events = [json.loads(line) for line in demo_run["events"].read_text().splitlines()]
    jobs = [(e["job"]["name"], e["eventType"]) for e in events]
    assert jobs.count(("intercepts.ingest", "COMPLETE")) == 3  # one per sample night
    assert ("intercepts.extract", "COMPLETE") in jobs and ("intercepts.build", "COMPLETE") in jobs
    assert len({e["run"]["facets"]["parent"]["run"]["runId"] for e in events}) == 1  # one run
    for stage in ("intercepts.extract", "intercepts.build"):
        start, complete = [e for e in events if e["job"]["name"] == stage]
        assert start["run"]["runId"] == complete["run"]["runId"]  # one stage run, its two events
    marts = complete["outputs"]  # the build's: every mart with its schema
    assert marts and all(m["facets"]["schema"]["fields"] for m in marts)


def docs_sql(page: str, section: str) -> list[str]:
    """The SQL statements of one section of a docs page, in order."""
    from pathlib import Path

    text = (Path(__file__).parent.parent / "docs" / page).read_text(encoding="utf-8")
    body = text.split(f"# {section}", 1)[1].split("\n## ", 1)[0]
    blocks = [b.split("```", 1)[0] for b in body.split("```sql")[1:]]
    return [
        stmt.strip()
        for block in blocks
        for stmt in block.split(";")
        if stmt.strip().strip("-").strip()
        and not all(line.strip().startswith("--") for line in stmt.strip().splitlines())
    ]


def test_reconciliation_examples_in_the_docs_run(demo_run):
    statements = docs_sql("reconciliation.md", "Reconciliation")
    assert len(statements) >= 2
    bryansk = q(demo_run, statements[0])
    assert bryansk and bryansk[0][0] == 31
    assert q(demo_run, statements[1]) == [(12,)]
    assert (2, "region", ["RU-KRS"], 12, 14, "count_changed") in q(demo_run, statements[2])


def test_restatements_land_on_the_night_they_report(demo_run):
    """The English article (published in UTC) restates the governor's "21:00 to 07:50 Moscow
    time": its figure joins the governor's own post on the night ending 20 July."""
    rows = q(
        demo_run,
        "SELECT night_ending, regional_count, has_conflict, n_supporting_documents "
        "FROM fct_nightly_regional_intercepts WHERE region_code = 'RU-KLU' ORDER BY night_ending",
    )
    by_night = {str(r[0]): r[1:] for r in rows}
    assert by_night["2025-07-20"][0] == 3 and by_night["2025-07-20"][2] >= 3
    # the night before, the governor (2) and the ministry (1) really disagree: flagged, both kept
    assert by_night["2025-07-19"][:2] == (2, True)


def test_raw_alone_rebuilds_the_same_marts(demo_run, tmp_path):
    """Raw is sacred: copy only raw/ elsewhere, `intercepts build` re-extracts and rebuilds
    every mart row for row."""
    import shutil

    from typer.testing import CliRunner

    from intercepts.cli import app

    elsewhere = tmp_path / "rebuilt"
    shutil.copytree(demo_run["warehouse"] / "raw", elsewhere / "raw")
    result = CliRunner().invoke(app, ["build", "--warehouse", str(elsewhere)])
    assert result.exit_code == 0, result.output
    rebuilt = snapshot_of_marts(elsewhere / "intercepts.duckdb")
    for mart, rows in demo_run["marts"].items():
        assert rebuilt[mart] == rows, mart


def test_build_force_reads_every_landed_file_again_to_the_same_marts(demo_run, tmp_path):
    """`intercepts build --force` drops the build's stage (its cache of the landed rows) and
    reads all of raw/ again; the marts come out row for row the same."""
    import shutil

    import duckdb
    from typer.testing import CliRunner

    from intercepts import build
    from intercepts.cli import app

    copy = tmp_path / "wh"
    shutil.copytree(demo_run["warehouse"], copy)
    stage = build.stage_path(copy)
    con = duckdb.connect(str(stage))
    con.execute("DELETE FROM src_documents")  # a stage that lost rows: only --force mends it
    con.close()
    result = CliRunner().invoke(app, ["build", "--force", "--warehouse", str(copy)])
    assert result.exit_code == 0, result.output
    assert snapshot_of_marts(copy / "intercepts.duckdb") == demo_run["marts"]
    con = duckdb.connect(str(stage), read_only=True)
    try:
        staged = con.execute("SELECT count(*) FROM src_documents").fetchone()[0]
        files = con.execute(
            "SELECT count(*) FROM stage_files WHERE input = 'src_documents'"
        ).fetchone()[0]
    finally:
        con.close()
    assert files == len(list((copy / "raw" / "documents").rglob("*.parquet")))
    landed = duckdb.connect().execute(
        "SELECT count(*) FROM read_parquet(?)", [str(copy / "raw/documents/**/*.parquet")]
    )
    assert staged == landed.fetchone()[0] > 0
