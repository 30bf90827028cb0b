"""Issue 20 part 3: every change of a published figure is dated, across real DuckDB builds.

The ministry says 31 over Bryansk; the post is edited to 33 before the next build; a late
governor's post adds a regional figure; an unchanged rebuild revises nothing, and the
history stays when the marts are rebuilt.
"""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb
import pytest

from intercepts import build
from intercepts.pipeline import RunSummary
from intercepts.publish import summary_markdown
from intercepts.report import render_report
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
