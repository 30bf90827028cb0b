"""The SQL models on a hand-written scenario: real Parquet in, real DuckDB out."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from intercepts import build
from tests.warehouse.scenario import REGIONS, claim, land_doc, source, write_extractions

T0 = datetime(2025, 7, 20, 4, 0, tzinfo=UTC)
MOD = "В течение прошедшей ночи перехвачены и уничтожены 73 БПЛА: 31 – над территорией Брянской области, 17 – над территорией Орловской области, 10 – над территорией Московской области, в том числе 3, летевших на Москву."
GOV = "Сегодня ночью над территорией Брянской области уничтожены 30 БПЛА."
REPLICA = "The ministry said 31 drones were downed over the Bryansk Region."
MISQUOTE = "The ministry said 13 drones were downed over the Bryansk Region."
WS, WE = "2025-07-19T23:00:00+03:00", "2025-07-20T07:00:00+03:00"


@pytest.fixture
def warehouse(tmp_path):
    v_mod = land_doc(tmp_path, source("mod"), "mod/1", MOD, T0, T0)
    v_gov = land_doc(tmp_path, source("gov", "official_regional"), "gov/1", GOV, T0, T0)
    v_rep = land_doc(tmp_path, source("tass", "media"), "tass/1", REPLICA, T0, T0)
    v_mis = land_doc(tmp_path, source("rt", "media"), "rt/1", MISQUOTE, T0, T0)
    total = claim(v_mod, MOD, MOD[:55], scope="total", count=73, ws=WS, we=WE)
    mos = claim(v_mod, MOD, "10 – над территорией Московской области", codes=["RU-MOS"], count=10, ws=WS, we=WE)
    write_extractions(tmp_path, {
        v_mod: [total,
                claim(v_mod, MOD, "31 – над территорией Брянской области", codes=["RU-BRY"], count=31, ws=WS, we=WE),
                claim(v_mod, MOD, "17 – над территорией Орловской области", codes=["RU-ORL"], count=17, ws=WS, we=WE),
                mos,
                claim(v_mod, MOD, "в том числе 3, летевших на Москву", scope="subset", codes=["RU-MOW"], count=3,
                      ws=WS, we=WE, parent=mos["claim_id"])],
        v_gov: [claim(v_gov, GOV, GOV, codes=["RU-BRY"], count=30, claimant="Governor of Bryansk Region",
                      claimant_kind="official_regional")],
        v_rep: [claim(v_rep, REPLICA, REPLICA, codes=["RU-BRY"], count=31)],
        v_mis: [claim(v_mis, MISQUOTE, MISQUOTE, codes=["RU-BRY"], count=13)],
    })
    build.build(tmp_path, {"src_regions": REGIONS, "src_sources": _no_sources()})
    return tmp_path


def _no_sources():
    from intercepts.pipeline import reference_tables

    return reference_tables([], with_regions=False)["src_sources"]


def q(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_regional_fact_sets_federal_and_regional_side_by_side(warehouse):
    row = q(warehouse, "SELECT federal_count, regional_count, primary_count, low_count, high_count, has_conflict, "
                       "n_supporting_documents FROM fct_nightly_regional_intercepts "
                       "WHERE night_ending = DATE '2025-07-20' AND region_code = 'RU-BRY'")
    assert row == [(31, 30, 31, 13, 31, True, 4)]


def test_subset_is_not_a_second_place(warehouse):
    codes = [r[0] for r in q(warehouse, "SELECT region_code FROM fct_nightly_regional_intercepts ORDER BY 1")]
    assert codes == ["RU-BRY", "RU-MOS", "RU-ORL"]


def test_totals_itemised_and_unallocated(warehouse):
    row = q(warehouse, "SELECT declared_total, itemised_sum, unallocated FROM fct_nightly_totals WHERE claimant = 'MoD'")
    assert row == [(73, 58, 15)]


def test_every_fact_row_traces_to_a_quote_containing_its_number(warehouse):
    rows = q(warehouse, "SELECT region_code, count, quote, url FROM fct_intercept_lineage")
    assert rows
    for region, count, quote, url in rows:
        assert str(count) in quote and url.startswith("https://t.me/")


def test_failing_data_test_keeps_the_previous_build(warehouse):
    before = q(warehouse, "SELECT count(*) FROM fct_claims")
    models = build.discover_models()
    broken = [m for m in models]
    for m in broken:
        if m.name == "fct_nightly_regional_intercepts":
            m.sql = m.sql.replace("FROM keys k", "FROM (SELECT * FROM keys UNION ALL SELECT * FROM keys) k")
    with pytest.raises(build.BuildError, match=r"unique\(night_ending, region_code\)"):
        build.build(warehouse, {"src_regions": REGIONS, "src_sources": _no_sources()}, models=broken)
    assert q(warehouse, "SELECT count(*) FROM fct_claims") == before
    assert not list(warehouse.glob(".intercepts.duckdb.building-*"))


def test_reader_holding_the_old_file_is_not_blocked(warehouse):
    reader = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        old = reader.execute("SELECT count(*) FROM fct_claims").fetchone()
        build.build(warehouse, {"src_regions": REGIONS, "src_sources": _no_sources()})
        assert reader.execute("SELECT count(*) FROM fct_claims").fetchone() == old
    finally:
        reader.close()
