"""Issue 20 part 1: the window relations as a table of cases, every cell on a real build.

Each case is its own night over Kursk: the ministry's figure and the governor's, with the
windows and counts of the case, written as claims on real Parquet and built with DuckDB.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import duckdb
import pyarrow as pa
import pytest

from intercepts import build
from intercepts.pipeline import reference_tables
from tests.warehouse.scenario import REGIONS, claim, land_doc, source, write_extractions

KURSK = pa.Table.from_pylist(
    [
        {
            "code": "RU-KRS",
            "name_en": "Kursk Region",
            "name_ru": None,
            "name_uk": None,
            "country": "RU",
            "kind": "region",
        }
    ],
    schema=REGIONS.schema,
)
MOD_TEXT = "перехвачены и уничтожены {n} БПЛА над территорией Курской области"
GOV_TEXT = "Над Курской областью сбиты {n} беспилотников."
GOVERNOR = "Governor of Kursk Region"  # sorts before "MoD": both pairing orders are tried

# (case, ministry window, ministry count, governor window, governor count,
#  has_conflict, has_overlapping_windows); a window is (from, to) in hours from the evening
#  before the night's date at 00:00 Moscow time, so (23, 31) is 23:00–07:00, None unknown
CASES = [
    ("equal, figures differ", (23, 31), 15, (23, 31), 18, True, False),
    ("equal, the same figure", (23, 31), 15, (23, 31), 15, False, False),
    ("ministry contains, holds more", (20, 31), 18, (23, 31), 15, False, False),
    ("ministry contains, holds fewer", (20, 31), 15, (23, 31), 18, True, False),
    ("ministry contained, holds fewer", (23, 31), 15, (20, 31), 18, False, False),
    ("ministry contained, holds more", (23, 31), 18, (20, 31), 15, True, False),
    ("overlaps, figures differ", (20, 26), 15, (23, 31), 18, False, True),
    ("disjoint, figures differ", (20, 23), 15, (23, 31), 18, False, False),
    ("unknown governor window, figures differ", (23, 31), 15, None, 18, True, False),
    ("unknown ministry window, figures differ", None, 15, (23, 31), 18, True, False),
    ("unknown both, figures differ", None, 15, None, 18, True, False),
    ("unknown governor window, the same figure", (23, 31), 15, None, 15, False, False),
]
FIRST_NIGHT = date(2025, 8, 1)


def _window(night: date, hours):
    if hours is None:
        return None, None
    evening = datetime.combine(night - timedelta(days=1), datetime.min.time())
    return tuple((evening + timedelta(hours=h)).strftime("%Y-%m-%dT%H:%M:%S+03:00") for h in hours)


@pytest.fixture(scope="module")
def facts(tmp_path_factory):
    wh = tmp_path_factory.mktemp("window_relations")
    mod, gov = source("mod"), source("gov", "official_regional")
    extractions = {}
    for i, (_, mod_w, mod_n, gov_w, gov_n, *_) in enumerate(CASES):
        night = FIRST_NIGHT + timedelta(days=i)
        at = datetime.combine(night, datetime.min.time(), UTC) + timedelta(hours=5)
        for src, who, kind, text, hours, n in [
            (mod, "MoD", "official_federal", MOD_TEXT, mod_w, mod_n),
            (gov, GOVERNOR, "official_regional", GOV_TEXT, gov_w, gov_n),
        ]:
            body = text.format(n=n)
            version = land_doc(wh, src, f"{src.id}/{i}", body, at, at)
            ws, we = _window(night, hours)
            extractions[version] = [
                claim(
                    version,
                    body,
                    body,
                    codes=["RU-KRS"],
                    count=n,
                    claimant=who,
                    claimant_kind=kind,
                    night=night.isoformat(),
                    ws=ws,
                    we=we,
                )
            ]
    write_extractions(wh, extractions)
    build.build(
        wh,
        {
            "src_regions": pa.concat_tables([REGIONS, KURSK]),
            "src_sources": reference_tables([], with_regions=False)["src_sources"],
        },
    )
    con = duckdb.connect(str(wh / build.DB_NAME), read_only=True)
    rows = con.execute(
        "SELECT night_ending, low_count, high_count, has_conflict, conflict_details, "
        "has_overlapping_windows FROM fct_nightly_regional_intercepts "
        "WHERE region_code = 'RU-KRS' AND weapon_class = 'drone'"
    ).fetchall()
    con.close()
    return {r[0]: r[1:] for r in rows}


@pytest.mark.parametrize(("i", "case"), list(enumerate(CASES)), ids=[c[0] for c in CASES])
def test_window_relation_rule(facts, i, case):
    _, _, mod_n, _, gov_n, conflict, overlapping = case
    low, high, has_conflict, details, has_overlapping = facts[FIRST_NIGHT + timedelta(days=i)]
    assert (low, high) == (min(mod_n, gov_n), max(mod_n, gov_n))  # both shown, side by side
    assert has_conflict is conflict
    assert has_overlapping is overlapping
    if conflict:
        assert details == [f"{GOVERNOR}: {gov_n} vs MoD: {mod_n}"]
    else:
        assert details == []


def test_the_issue_example_is_a_conflict(facts):
    """The ministry's 15 and the governor's 18 over the same 23:00–07:00 over Kursk."""
    low, high, has_conflict, details, _ = facts[FIRST_NIGHT]
    assert (low, high, has_conflict) == (15, 18, True)
    assert details == [f"{GOVERNOR}: 18 vs MoD: 15"]
