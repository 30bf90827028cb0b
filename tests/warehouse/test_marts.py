"""The SQL models on a hand-written scenario: real Parquet in, real DuckDB out."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from intercepts import build
from tests.warehouse.conftest import reference

T0 = datetime(2025, 7, 20, 4, 0, tzinfo=UTC)


@pytest.fixture
def warehouse(seed_warehouse):
    return seed_warehouse


def q(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_regional_fact_sets_federal_and_regional_side_by_side(warehouse):
    row = q(
        warehouse,
        "SELECT federal_count, regional_count, primary_count, low_count, high_count, has_conflict, "
        "n_supporting_documents FROM fct_nightly_regional_intercepts "
        "WHERE night_ending = DATE '2025-07-20' AND region_code = 'RU-BRY'",
    )
    assert row == [(31, 30, 31, 13, 31, True, 4)]


def test_subset_is_not_a_second_place(warehouse):
    codes = [
        r[0]
        for r in q(warehouse, "SELECT region_code FROM fct_nightly_regional_intercepts ORDER BY 1")
    ]
    assert codes == ["RU-BRY", "RU-MOS", "RU-ORL"]


def test_totals_itemised_and_unallocated(warehouse):
    row = q(
        warehouse,
        "SELECT declared_total, itemised_sum, unallocated FROM fct_nightly_totals WHERE claimant = 'MoD'",
    )
    assert row == [(73, 58, 15)]


def test_every_fact_row_traces_to_a_quote_containing_its_number(warehouse):
    rows = q(warehouse, "SELECT region_code, count, quote, url FROM fct_intercept_lineage")
    assert rows
    for _region, count, quote, url in rows:
        assert str(count) in quote and url.startswith("https://t.me/")


def test_failing_data_test_keeps_the_previous_build(warehouse):
    before = q(warehouse, "SELECT count(*) FROM fct_claims")
    models = build.discover_models()
    for m in models:  # a bug that doubles every fact row
        if m.name == "fct_nightly_regional_intercepts":
            m.sql = m.sql + " UNION ALL " + m.sql.split("\n", 1)[1]
    with pytest.raises(
        build.BuildError,
        match=r"unique\(night_ending, region_code, weapon_class\) failed on 3 row",
    ):
        build.build(warehouse, reference(), models=models)
    assert q(warehouse, "SELECT count(*) FROM fct_claims") == before
    assert not list(warehouse.glob(".intercepts.duckdb.building-*"))


def test_reader_holding_the_old_file_is_not_blocked(warehouse):
    reader = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        old = reader.execute("SELECT count(*) FROM fct_claims").fetchone()
        build.build(warehouse, reference())
        assert reader.execute("SELECT count(*) FROM fct_claims").fetchone() == old
    finally:
        reader.close()


def test_unchanged_inputs_skip_the_build_and_new_data_does_not(warehouse):
    again = build.build(warehouse, reference())
    assert again["skipped"] and again["row_counts"]["fct_claims"] == 8
    from tests.warehouse.scenario import land_doc, source

    land_doc(warehouse, source("late", "media"), "late/1", "A late article with no claim.", T0, T0)
    assert not build.build(warehouse, reference())["skipped"]


def test_a_deleted_post_leaves_the_marts_but_not_the_history(warehouse):
    from intercepts import landing
    from intercepts.sources.base import Item
    from tests.warehouse.scenario import source, write_extractions

    deleted_at = datetime(2025, 7, 20, 12, 0, tzinfo=UTC)
    gov = source("gov", "official_regional")
    landing.land_items(
        warehouse,
        gov,
        [
            Item(
                key="gov/1",
                url="https://t.me/gov/1",
                title=None,
                published_at=T0,
                raw="",
                text="",
                deleted=True,
            )
        ],
        run_id="r9",
        fetched_at=deleted_at,
        fetch_url=gov.url,
    )
    tombstone = f"{landing.doc_id_for('gov', 'gov/1')}-{landing.DELETED_SHA256[:12]}"
    write_extractions(warehouse, {tombstone: []}, name="part-deletion")
    build.build(warehouse, reference())
    assert q(
        warehouse,
        "SELECT regional_count FROM fct_nightly_regional_intercepts WHERE region_code = 'RU-BRY'",
    ) == [(None,)]
    assert q(warehouse, "SELECT previous_count, count, change FROM fct_claim_history") == [
        (30, None, "removed")
    ]
    before = q(
        warehouse,
        "SELECT regional_count FROM fct_nightly_regional_intercepts_as_of(?::TIMESTAMPTZ) "
        "WHERE region_code = 'RU-BRY'",
        ["2025-07-20T06:00:00+00:00"],
    )
    assert before == [(30,)]


def test_raw_files_from_before_a_schema_change_still_build(warehouse):
    """Files landed before the `deleted` column existed sit beside newer ones: the build
    matches columns by name and reads the missing one as NULL (false)."""
    import pyarrow.parquet as pq

    before = q(warehouse, "SELECT * FROM fct_nightly_regional_intercepts ORDER BY ALL")
    first = sorted((warehouse / "raw" / "documents").rglob("*.parquet"))[0]
    pq.write_table(pq.read_table(first).drop_columns(["deleted"]), first)
    build.build(warehouse, reference(), force=True)
    assert q(warehouse, "SELECT * FROM fct_nightly_regional_intercepts ORDER BY ALL") == before
    assert q(warehouse, "SELECT count(*) FROM stg_raw__documents WHERE deleted") == [(0,)]
