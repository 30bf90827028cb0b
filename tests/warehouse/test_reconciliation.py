"""Issue 4's scenario: one trustworthy number per night and region.

A ministry evening update nested in its overnight total, the overnight post edited after
publication, a governor's figure, three news replicas of which one misquotes. Claims are
written by hand (real Parquet, real DuckDB), so the SQL rules are tested exactly.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from intercepts import build
from tests.warehouse.conftest import reference
from tests.warehouse.scenario import claim, land_doc, source, write_extractions

EVENING_AT = datetime(2025, 7, 19, 17, 30, tzinfo=UTC)
MORNING_AT = datetime(2025, 7, 20, 4, 10, tzinfo=UTC)
EDITED_AT = datetime(2025, 7, 20, 9, 0, tzinfo=UTC)

EVENING = "В период с 20.00 до 23.00 мск перехвачены и уничтожены 5 БПЛА над территорией Воронежской области."
MORNING = "Всего за ночь, с 20.00 мск, перехвачены и уничтожены 14 БПЛА: 8 – над территорией Воронежской области, 6 – над территорией Белгородской области."
MORNING_EDITED = "Всего за ночь, с 20.00 мск, перехвачены и уничтожены 15 БПЛА: 8 – над территорией Воронежской области, 7 – над территорией Белгородской области."
GOVERNOR = "Минувшей ночью над Воронежской областью уничтожены 8 беспилотников."
REPLICAS = {
    "tass": "The Defence Ministry said 8 drones were destroyed over the Voronezh Region.",
    "rt": "Eight drones were downed over the Voronezh Region, the ministry said: 8 in all.",
    "ria": "The ministry said 3 drones were destroyed over the Voronezh Region.",  # the misquote
}
EVE = ("2025-07-19T20:00:00+03:00", "2025-07-19T23:00:00+03:00")
NIGHT = ("2025-07-19T20:00:00+03:00", "2025-07-20T07:00:00+03:00")


def morning_claims(version, text, total, bel):
    return [
        claim(
            version,
            text,
            text[:50],
            scope="total",
            count=total,
            ws=NIGHT[0],
            we=NIGHT[1],
            key="total",
        ),
        claim(
            version,
            text,
            "8 – над территорией Воронежской области",
            codes=["RU-VOR"],
            count=8,
            ws=NIGHT[0],
            we=NIGHT[1],
            key="vor",
        ),
        claim(
            version,
            text,
            f"{bel} – над территорией Белгородской области",
            codes=["RU-BEL"],
            count=bel,
            ws=NIGHT[0],
            we=NIGHT[1],
            key="bel",
        ),
    ]


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    wh = tmp_path_factory.mktemp("reconciliation")
    mod = source("mod")
    v_eve = land_doc(wh, mod, "mod/1", EVENING, EVENING_AT, EVENING_AT)
    v_m1 = land_doc(wh, mod, "mod/2", MORNING, MORNING_AT, MORNING_AT, run_id="r1")
    v_m2 = land_doc(wh, mod, "mod/2", MORNING_EDITED, MORNING_AT, EDITED_AT, run_id="r2")
    v_gov = land_doc(
        wh, source("gov", "official_regional"), "gov/1", GOVERNOR, MORNING_AT, MORNING_AT
    )
    by_version = {
        v_eve: [claim(v_eve, EVENING, EVENING, codes=["RU-VOR"], count=5, ws=EVE[0], we=EVE[1])],
        v_m1: morning_claims(v_m1, MORNING, 14, 6),
        v_m2: morning_claims(v_m2, MORNING_EDITED, 15, 7),
        v_gov: [
            claim(
                v_gov,
                GOVERNOR,
                GOVERNOR,
                codes=["RU-VOR"],
                count=8,
                claimant="Governor of Voronezh Region",
                claimant_kind="official_regional",
            )
        ],
    }
    for outlet, text in REPLICAS.items():
        v = land_doc(wh, source(outlet, "media"), f"{outlet}/1", text, MORNING_AT, MORNING_AT)
        count = 3 if outlet == "ria" else 8
        by_version[v] = [claim(v, text, text, codes=["RU-VOR"], count=count)]
    write_extractions(wh, by_version)
    build.build(wh, reference())
    return wh


def q(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def fact(warehouse, region, columns):
    return q(
        warehouse,
        f"SELECT {columns} FROM fct_nightly_regional_intercepts "  # noqa: S608 - test-owned columns
        "WHERE night_ending = DATE '2025-07-20' AND region_code = ?",
        [region],
    )


def test_evening_update_is_never_added_to_the_overnight_total(warehouse):
    assert fact(warehouse, "RU-VOR", "federal_count, federal_window_start") == [
        (8, datetime(2025, 7, 19, 17, 0, tzinfo=UTC))
    ]


def test_replicas_are_one_claim_with_supporting_documents(warehouse):
    assert fact(warehouse, "RU-VOR", "federal_n_replicas") == [(2,)]


def test_governor_and_ministry_side_by_side(warehouse):
    assert fact(
        warehouse, "RU-VOR", "regional_count, regional_claimant, primary_count, primary_figure_kind"
    ) == [(8, "Governor of Voronezh Region", 8, "federal")]


def test_misquote_is_kept_and_flagged_against_the_source_it_attributes(warehouse):
    ((low, high, conflict, details),) = fact(
        warehouse, "RU-VOR", "low_count, high_count, has_conflict, conflict_details"
    )
    assert (low, high, conflict) == (3, 8, True)
    assert details == ["MoD (as restated by ria): 3 vs MoD: 8"]


def test_nested_windows_are_recorded(warehouse):
    relations = q(
        warehouse, "SELECT relation FROM int_window_relations WHERE claimant = 'MoD' ORDER BY 1"
    )
    assert relations == [("contained_in",), ("contains",)]


def test_latest_version_wins_by_default(warehouse):
    assert fact(warehouse, "RU-BEL", "federal_count, has_conflict") == [(7, False)]
    totals = q(
        warehouse,
        "SELECT declared_total, itemised_sum, unallocated, n_windows, regional_officials_sum "
        "FROM fct_nightly_totals WHERE claimant = 'MoD'",
    )
    assert totals == [(15, 15, 0, 2, 8)]


def test_as_of_answers_what_was_known_before_the_edit(warehouse):
    before = q(
        warehouse,
        "SELECT federal_count FROM fct_nightly_regional_intercepts_as_of(?::TIMESTAMPTZ) "
        "WHERE region_code = 'RU-BEL'",
        ["2025-07-20T06:00:00+00:00"],
    )
    assert before == [(6,)]
    nothing_yet = q(
        warehouse,
        "SELECT count(*) FROM fct_nightly_regional_intercepts_as_of(?::TIMESTAMPTZ)",
        ["2025-07-19T12:00:00+00:00"],
    )
    assert nothing_yet == [(0,)]


def test_history_shows_what_the_edit_changed(warehouse):
    rows = q(
        warehouse,
        "SELECT scope, region_codes, previous_count, count, change FROM fct_claim_history ORDER BY scope",
    )
    assert rows == [
        ("region", ["RU-BEL"], 6, 7, "count_changed"),
        ("total", [], 14, 15, "count_changed"),
    ]


def test_every_version_is_kept(warehouse):
    assert q(
        warehouse,
        "SELECT count(*) FROM fct_claims WHERE doc_id = (SELECT doc_id FROM fct_claims "
        "WHERE count = 15)",
    ) == [(6,)]


def test_figures_table_shows_replicas_as_one_figure_and_the_misquote_apart(warehouse):
    rows = q(
        warehouse,
        "SELECT claimant, count, n_documents, n_replicas, from_own_channel, publishers "
        "FROM fct_region_figures WHERE region_code = 'RU-VOR' ORDER BY claimant, count",
    )
    assert rows == [
        ("Governor of Voronezh Region", 8, 1, 0, True, ["gov"]),
        ("MoD", 3, 1, 1, False, ["ria"]),
        ("MoD", 5, 1, 0, True, ["mod"]),
        ("MoD", 8, 3, 2, True, ["mod", "rt", "tass"]),
    ]
