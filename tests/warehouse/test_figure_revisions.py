"""Issue 20 part 3: every change of a published figure is dated, across real DuckDB builds.

The ministry says 31 over Bryansk; the post is edited to 33 before the next build; a late
governor's post adds a regional figure; an unchanged rebuild revises nothing, and the
history stays when the marts are rebuilt.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pyarrow as pa
import pytest

from intercepts import build, landing
from intercepts.extraction import EXTRACTION_SCHEMA, claims_dir
from intercepts.pipeline import RunSummary
from intercepts.publish import summary_markdown
from intercepts.report import render_report
from intercepts.sources.base import Item
from tests.warehouse.conftest import reference
from tests.warehouse.scenario import claim, land_doc, source, write_extractions

T0 = datetime(2025, 7, 20, 4, 0, tzinfo=UTC)
EDITED_AT = datetime(2025, 7, 20, 9, 0, tzinfo=UTC)
LATE_AT = datetime(2025, 7, 21, 6, 0, tzinfo=UTC)
MOD = "За ночь перехвачены и уничтожены {n} БПЛА над территорией Брянской области."
GOV = "Минувшей ночью над Брянской областью сбиты {n} беспилотников."
WS, WE = "2025-07-19T23:00:00+03:00", "2025-07-20T07:00:00+03:00"


def land_mod(wh, n, fetched, name):
    text = MOD.format(n=n)
    v = land_doc(wh, source("mod"), "mod/1", text, T0, fetched, run_id=name)
    write_extractions(
        wh, {v: [claim(v, text, text, codes=["RU-BRY"], count=n, ws=WS, we=WE)]}, name=name
    )
    return v


def revisions(wh):
    con = duckdb.connect(str(wh / build.DB_NAME), read_only=True)
    try:
        return con.execute(
            "SELECT night_ending::VARCHAR, region_code, weapon_class, figure, value_before, "
            "value_after, cause, cause_urls, first_seen_at FROM fct_figure_revisions "
            "ORDER BY first_seen_at, figure"
        ).fetchall()
    finally:
        con.close()


@pytest.fixture
def published(tmp_path):
    land_mod(tmp_path, 31, T0, "part-1")
    first = build.build(tmp_path, reference())
    assert first["n_revised"] == 0  # the first build publishes, it revises nothing
    return tmp_path


def test_an_edit_between_two_builds_is_one_dated_revision(published):
    wh = published
    land_mod(wh, 33, EDITED_AT, "part-2")
    result = build.build(wh, reference())
    [row] = revisions(wh)
    assert row[:8] == (
        "2025-07-20",
        "RU-BRY",
        "drone",
        "federal_count",
        31,
        33,
        "edit",
        ["https://t.me/mod/1"],
    )
    assert row[8] is not None
    assert result["n_revised"] == 1
    assert result["revisions"][0]["value_before"] == 31
    assert result["revisions"][0]["value_after"] == 33


def test_an_unchanged_rebuild_revises_nothing_and_keeps_the_history(published):
    wh = published
    land_mod(wh, 33, EDITED_AT, "part-2")
    build.build(wh, reference())
    history = revisions(wh)
    rebuilt = build.build(wh, reference(), force=True)  # every mart built again from scratch
    assert rebuilt["n_revised"] == 0
    assert revisions(wh) == history  # carried, not recomputed


def test_a_late_post_adds_a_figure_to_a_published_night(published):
    wh = published
    text = GOV.format(n=30)
    v = land_doc(wh, source("gov", "official_regional"), "gov/1", text, T0, LATE_AT)
    write_extractions(
        wh,
        {
            v: [
                claim(
                    v,
                    text,
                    text,
                    codes=["RU-BRY"],
                    count=30,
                    claimant="Governor of Bryansk Region",
                    claimant_kind="official_regional",
                )
            ]
        },
        name="part-late",
    )
    result = build.build(wh, reference())
    [row] = revisions(wh)
    assert row[3:8] == ("regional_count", None, 30, "late post", ["https://t.me/gov/1"])
    assert result["n_revised"] == 1


def test_a_new_night_is_not_a_revision(published):
    wh = published
    text = MOD.format(n=12)
    v = land_doc(wh, source("mod"), "mod/2", text, LATE_AT, LATE_AT)
    write_extractions(
        wh,
        {v: [claim(v, text, text, codes=["RU-BRY"], count=12, night="2025-07-21")]},
        name="part-next",
    )
    assert build.build(wh, reference())["n_revised"] == 0
    assert revisions(wh) == []


def test_the_summary_and_the_report_say_n_figures_revised(published):
    wh = published
    land_mod(wh, 33, EDITED_AT, "part-2")
    result = build.build(wh, reference())
    summary = RunSummary(run_id="r2", warehouse=wh, build=result)
    page = summary_markdown(summary)
    assert "**Revisions**: 1 figure revised" in page
    assert "- 2025-07-20 RU-BRY drone federal_count 31 -&gt; 33 (edit)" in page
    html = render_report(wh / build.DB_NAME)
    assert "1 figure revised by this build" in html
    assert "2025-07-20 Bryansk Region drones, Ministry: 31 → 33 (edit)" in html
    build.build(wh, reference(), force=True)
    assert "No published figure revised by this build." in render_report(wh / build.DB_NAME)


def test_a_deleted_post_withdraws_its_figure(published):
    wh = published
    tombstone = Item(
        key="mod/1",
        url="https://t.me/mod/1",
        title=None,
        published_at=T0,
        raw="",
        text="",
        deleted=True,
    )
    landing.land_items(
        wh, source("mod"), [tombstone], run_id="r3", fetched_at=LATE_AT, fetch_url="http://x"
    )
    assert build.build(wh, reference())["n_revised"] == 1
    [row] = revisions(wh)
    assert row[3:8] == ("federal_count", 31, None, "deletion", ["https://t.me/mod/1"])


def test_a_new_extractor_version_that_reads_another_figure(published):
    wh = published
    text = MOD.format(n=31)
    [v] = list_versions(wh)
    again = claim(v, text, text, codes=["RU-BRY"], count=13, ws=WS, we=WE)
    # the batch file of the first extraction, replaced by a new extractor's reading of it
    row = {
        "version_id": v,
        "doc_id": v.rsplit("-", 1)[0],
        "extractor_version": "test-2",
        "run_id": "r3",
        "extracted_at": datetime.now(UTC),
        "error": None,
        "claims": [again],
        "rejects": [],
    }
    landing.write_atomically(
        pa.Table.from_pylist([row], schema=EXTRACTION_SCHEMA), claims_dir(wh), "part-1"
    )
    assert build.build(wh, reference())["n_revised"] == 1
    [row] = revisions(wh)
    assert row[3:7] == ("federal_count", 31, 13, "new extractor version")


def list_versions(wh):
    con = duckdb.connect(str(wh / build.DB_NAME), read_only=True)
    try:
        return [r[0] for r in con.execute("SELECT version_id FROM stg_raw__documents").fetchall()]
    finally:
        con.close()
