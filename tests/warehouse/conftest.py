from __future__ import annotations

from datetime import UTC, datetime

import pytest

from intercepts import build
from intercepts.pipeline import reference_tables
from tests.warehouse.scenario import REGIONS, claim, land_doc, source, write_extractions

T0 = datetime(2025, 7, 20, 4, 0, tzinfo=UTC)
MOD = "В течение прошедшей ночи перехвачены и уничтожены 73 БПЛА: 31 – над территорией Брянской области, 17 – над территорией Орловской области, 10 – над территорией Московской области, в том числе 3, летевших на Москву."
GOV = "Сегодня ночью над территорией Брянской области уничтожены 30 БПЛА."
REPLICA = "The ministry said 31 drones were downed over the Bryansk Region."
MISQUOTE = "The ministry said 13 drones were downed over the Bryansk Region."
WS, WE = "2025-07-19T23:00:00+03:00", "2025-07-20T07:00:00+03:00"


def reference():
    return {
        "src_regions": REGIONS,
        "src_sources": reference_tables([], with_regions=False)["src_sources"],
    }


@pytest.fixture
def seed_warehouse(tmp_path):
    """The seed night by hand: a ministry post, a governor's post, a replica and a misquote."""
    v_mod = land_doc(tmp_path, source("mod"), "mod/1", MOD, T0, T0)
    v_gov = land_doc(tmp_path, source("gov", "official_regional"), "gov/1", GOV, T0, T0)
    v_rep = land_doc(tmp_path, source("tass", "media"), "tass/1", REPLICA, T0, T0)
    v_mis = land_doc(tmp_path, source("rt", "media"), "rt/1", MISQUOTE, T0, T0)
    total = claim(v_mod, MOD, MOD[:55], scope="total", count=73, ws=WS, we=WE)
    mos = claim(
        v_mod,
        MOD,
        "10 – над территорией Московской области",
        codes=["RU-MOS"],
        count=10,
        ws=WS,
        we=WE,
    )
    write_extractions(
        tmp_path,
        {
            v_mod: [
                total,
                claim(
                    v_mod,
                    MOD,
                    "31 – над территорией Брянской области",
                    codes=["RU-BRY"],
                    count=31,
                    ws=WS,
                    we=WE,
                ),
                claim(
                    v_mod,
                    MOD,
                    "17 – над территорией Орловской области",
                    codes=["RU-ORL"],
                    count=17,
                    ws=WS,
                    we=WE,
                ),
                mos,
                claim(
                    v_mod,
                    MOD,
                    "в том числе 3, летевших на Москву",
                    scope="subset",
                    codes=["RU-MOW"],
                    count=3,
                    ws=WS,
                    we=WE,
                    parent=mos["claim_id"],
                ),
            ],
            v_gov: [
                claim(
                    v_gov,
                    GOV,
                    GOV,
                    codes=["RU-BRY"],
                    count=30,
                    claimant="Governor of Bryansk Region",
                    claimant_kind="official_regional",
                )
            ],
            v_rep: [claim(v_rep, REPLICA, REPLICA, codes=["RU-BRY"], count=31)],
            v_mis: [claim(v_mis, MISQUOTE, MISQUOTE, codes=["RU-BRY"], count=13)],
        },
    )
    build.build(tmp_path, reference())
    return tmp_path
