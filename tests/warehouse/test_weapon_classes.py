"""Weapons kept apart in the facts (issue 17, part 3): the per-night marts have weapon class
in their grain, and reconciliation compares figures only within one class.

Real posts' forms (tests/fixtures/warehouse/weapon_classes.jsonl) are landed, read by the
real extractor and built into a real DuckDB file; one batch of claims is written by hand
as an older extractor wrote them (no weapon class in ``extra``), to show the class derived
from ``weapon``.
"""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import duckdb
import pytest

from intercepts import build, extraction
from intercepts.cli import print_latest_night
from intercepts.config import Source
from intercepts.extract.weapons import WEAPON_CLASSES
from intercepts.pipeline import reference_tables
from intercepts.report import render_report
from tests.warehouse.scenario import claim, land_doc, write_extractions

POSTS = Path(__file__).resolve().parents[1] / "fixtures" / "warehouse" / "weapon_classes.jsonl"
LEGACY = "Над Белгородской областью сбиты 2 реактивных снаряда РСЗО «Вампир» и 5 воздушных целей."
NIGHT_1, NIGHT_2 = date(2025, 7, 20), date(2025, 7, 21)


def _source(post: dict) -> Source:
    return Source(
        id=post["source"],
        kind="telegram",
        url=f"http://127.0.0.1/{post['source']}",
        publisher=post["publisher"],
        claimant_kind=post["claimant_kind"],
        language=post["language"],
        timezone=post["timezone"],
    )


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory):
    wh = tmp_path_factory.mktemp("weapon_classes")
    for line in POSTS.read_text(encoding="utf-8").splitlines():
        post = json.loads(line)
        at = datetime.fromisoformat(post["published_at"])
        land_doc(wh, _source(post), post["key"], post["text"], at, at)
    extraction.extract_pending(wh, "r1", workers=1)
    # claims as an extractor older than the weapon class wrote them: `weapon` only
    at = datetime.fromisoformat("2025-07-20T05:30:00+00:00")
    legacy = Source(
        id="bel_governor",
        kind="telegram",
        url="http://127.0.0.1/bel_governor",
        publisher="Губернатор Белгородской области",
        claimant_kind="official_regional",
        language="ru",
        timezone="Europe/Moscow",
    )
    v = land_doc(wh, legacy, "bel_governor/1", LEGACY, at, at)
    common = {"codes": ["RU-BEL"], "claimant": "Governor", "claimant_kind": "official_regional"}
    rockets = claim(v, LEGACY, "2 реактивных снаряда", count=2, **common)
    targets = claim(v, LEGACY, "5 воздушных целей", count=5, **common)
    rockets["weapon"], targets["weapon"] = "rocket", "mixed"
    write_extractions(wh, {v: [rockets, targets]}, name="part-legacy")
    build.build(wh, reference_tables([]))
    return wh


def q(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def facts(warehouse, night, region):
    return q(
        warehouse,
        "SELECT weapon_class, federal_count, regional_count, primary_count, has_conflict "
        "FROM fct_nightly_regional_intercepts WHERE night_ending = ? AND region_code = ? "
        "ORDER BY weapon_class",
        [night, region],
    )


def test_bombs_and_drones_of_one_post_are_two_facts(warehouse):
    # "уничтожены 3 управляемые авиабомбы и 9 беспилотных летательных аппаратов над
    # территорией Курской области"; the governor's 9 drones agree with the ministry's 9
    assert facts(warehouse, NIGHT_1, "RU-KRS") == [
        ("drone", 9, 9, 9, False),
        ("guided_bomb", 3, None, 3, False),
    ]


def test_a_drone_figure_and_a_bomb_figure_of_two_claimants_are_no_conflict(warehouse):
    # the ministry's 4 guided bombs and the governor's 7 drones over Kursk, one night
    assert facts(warehouse, NIGHT_2, "RU-KRS") == [
        ("drone", None, 7, 7, False),
        ("guided_bomb", 4, None, 4, False),
    ]
    assert q(warehouse, "SELECT * FROM fct_nightly_regional_intercepts WHERE has_conflict") == []
    assert q(warehouse, "SELECT * FROM bi_nightly_regional WHERE disputed") == []


def test_each_figure_and_its_lineage_hold_claims_of_its_class_only(warehouse):
    rows = q(
        warehouse,
        "SELECT weapon_class, claimant, count FROM fct_intercept_lineage "
        "WHERE night_ending = ? AND region_code = 'RU-KRS' ORDER BY weapon_class, claimant",
        [NIGHT_1],
    )
    assert rows == [
        ("drone", "Governor of Kursk Region", 9),
        ("drone", "Ministry of Defence of the Russian Federation", 9),
        ("guided_bomb", "Ministry of Defence of the Russian Federation", 3),
    ]
    figures = q(
        warehouse,
        "SELECT weapon_class, claimant, count FROM fct_region_figures "
        "WHERE night_ending = ? AND region_code = 'RU-KRS' ORDER BY weapon_class, claimant",
        [NIGHT_1],
    )
    assert figures == rows


def test_todays_drone_questions_are_one_where_away(warehouse):
    rows = q(
        warehouse,
        "SELECT night, region_code, intercepted, figure_from FROM bi_nightly_regional "
        "WHERE weapon_class = 'drone' ORDER BY night, region_code",
    )
    assert rows == [(NIGHT_1, "RU-KRS", 9, "federal"), (NIGHT_2, "RU-KRS", 7, "regional")]


def test_totals_per_class_keep_the_named_types(warehouse):
    # the Air Force: "збито/подавлено 94 повітряні цілі: - 86 ворожих БпЛА типу Shahed,
    # Гербера ...; - 8 крилатих ракет Іскандер-К"
    rows = q(
        warehouse,
        "SELECT weapon_class, declared_total, weapon_types FROM fct_nightly_totals "
        "WHERE claimant_kind = 'official_foreign' ORDER BY weapon_class",
    )
    assert rows == [
        ("aerial_target", 94, []),
        ("cruise_missile", 8, ["Iskander-K"]),
        ("drone", 86, ["Shahed"]),
    ]
    bi = q(
        warehouse,
        "SELECT weapon_class, weapon_types FROM bi_nightly_totals "
        "WHERE claimant_type = 'official_foreign' AND weapon_class = 'cruise_missile'",
    )
    assert bi == [("cruise_missile", "Iskander-K")]


def test_claims_of_an_older_extractor_take_their_class_from_weapon(warehouse):
    rows = q(
        warehouse,
        "SELECT weapon, weapon_class, weapon_type, count FROM fct_claims "
        "WHERE claimant = 'Governor' ORDER BY count",
    )
    assert rows == [("rocket", "mlrs_rocket", None, 2), ("mixed", "aerial_target", None, 5)]
    assert facts(warehouse, NIGHT_1, "RU-BEL") == [
        ("aerial_target", None, 5, 5, False),
        ("mlrs_rocket", None, 2, 2, False),
    ]


def test_every_accepted_values_test_of_weapon_class_lists_the_documented_classes():
    lists = [
        test["accepted_values"]["values"]
        for m in build.discover_models()
        for test in m.meta.get("tests", []) or []
        if test.get("accepted_values", {}).get("column") == "weapon_class"
    ]
    assert len(lists) >= 6
    assert all(values == list(WEAPON_CLASSES) for values in lists)


def test_the_report_charts_drones_and_names_the_other_classes(warehouse):
    page = render_report(warehouse / "intercepts.duckdb")
    # the latest night: the governor's 7 drones in the table, the ministry's 4 bombs beside it
    assert 'data-region="RU-KRS"' in page and '<a href="#d-2025-07-21-RU-KRS"' in page
    assert ">7</a>" in page and ">4</a>" not in page
    assert "guided bombs 4 (Kursk Region)" in page


def test_the_run_summary_shows_drones_and_a_line_for_the_other_classes(warehouse, capsys):
    print_latest_night(warehouse / "intercepts.duckdb")
    out = capsys.readouterr().out
    assert "claimed drone interceptions by region" in out and "RU-KRS" in out
    assert "other weapons claimed over regions that night: guided bomb 4 (1 region)" in out
