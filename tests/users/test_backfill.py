"""`intercepts backfill --from --to`: the history of a range of nights, against the loopback
sample site (every kind of source) and a paged Telegram channel (tests/fixtures/sources/paging)."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from typer.testing import CliRunner

from intercepts.backfill import backfill, published_range
from intercepts.cli import app
from intercepts.config import SAMPLE_SOURCES, Settings, Source, load_sources
from intercepts.samples.server import running, snapshots

PAGING = Path(__file__).resolve().parents[1] / "fixtures" / "sources" / "paging"


def documents(warehouse):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(
            "SELECT source_id, url, published_at FROM stg_raw__documents ORDER BY url"
        ).fetchall()
    finally:
        con.close()


def nights(warehouse):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT night_ending FROM fct_nightly_regional_intercepts ORDER BY 1"
            ).fetchall()
        ]
    finally:
        con.close()


@pytest.fixture
def sample_sources():
    """The bundled sample sources on the loopback site as it looked on the last morning."""
    with running(snapshots()[-1]) as site:
        yield [s.with_base(site.base_url) for s in load_sources(SAMPLE_SOURCES)]


def test_published_range_is_local_days_around_the_nights():
    source = Source("x", "telegram", "http://x", "x", "media", "ru", "Europe/Moscow")
    lower, upper = published_range(source, date(2025, 7, 19), date(2025, 7, 20))
    assert lower == datetime(
        2025, 7, 17, 21, 0, tzinfo=UTC
    )  # 18 July 00:00 Moscow: the first night's evening
    assert upper == datetime(2025, 7, 20, 21, 0, tzinfo=UTC)  # end of 20 July, Moscow


def test_backfill_lands_only_the_range_and_builds_those_nights(tmp_path, sample_sources):
    seen = []
    summary = backfill(
        sample_sources,
        Settings(warehouse=tmp_path),
        date(2025, 7, 18),
        date(2025, 7, 19),
        page_delay_s=0,
        on_source=lambda s, outcome: seen.append((s.id, outcome is not None)),
    )
    assert summary.exit_code == 0, (summary.error, summary.failed_sources)
    assert seen == [(s.id, done) for s in sample_sources for done in (False, True)]
    landed = documents(tmp_path)
    assert landed and all(p.date() <= date(2025, 7, 19) for _, _, p in landed if p is not None)
    assert {sid for sid, _, _ in landed} >= {"mod_russia", "kaluga_governor", "tass_en"}
    assert nights(tmp_path) == [date(2025, 7, 18), date(2025, 7, 19)]
    telegram = next(o for o in summary.sources if o["source_id"] == "mod_russia")
    assert telegram["pages"] >= 1 and telegram["stopped"] in (
        "no_progress",
        "beginning",
        "reached_since",
    )


def test_backfill_again_adds_nothing(tmp_path, sample_sources):
    settings = Settings(warehouse=tmp_path)
    backfill(sample_sources, settings, date(2025, 7, 18), date(2025, 7, 20), page_delay_s=0)
    again = backfill(sample_sources, settings, date(2025, 7, 18), date(2025, 7, 20), page_delay_s=0)
    assert sum(o["new_versions"] for o in again.sources) == 0
    assert again.extraction["versions"] == 0


def test_backfill_follows_telegram_history_pages(tmp_path, http):
    pages = {
        "": "newest.html",
        "?before=52110": "before_52110.html",
        "?before=52105": "before_52105.html",
        "?before=52100": "before_52100.html",
    }
    for query, name in pages.items():
        http.route(
            "/s/mod_russia" + query,
            body=(PAGING / name).read_bytes(),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
    source = Source(
        "mod_russia",
        "telegram",
        http.url("/s/mod_russia"),
        "Ministry of Defence of the Russian Federation",
        "official_federal",
        "ru",
        "Europe/Moscow",
    )
    summary = backfill(
        [source],
        Settings(warehouse=tmp_path, retries=0),
        date(2025, 7, 19),
        date(2025, 7, 19),
        page_delay_s=0,
    )
    [outcome] = summary.sources
    assert outcome["pages"] == 3 and outcome["stopped"] in ("reached_since", "beginning")
    published = sorted(p for _, _, p in documents(tmp_path))
    # from 18 July 00:00 Moscow to the end of 19 July: nothing of 20 July, nothing of 17 July
    assert published[0] >= datetime(2025, 7, 17, 21, 0, tzinfo=UTC)
    assert published[-1] < datetime(2025, 7, 19, 21, 0, tzinfo=UTC)
    assert any(p.date() == date(2025, 7, 18) for p in published)


def test_backfill_command_shows_progress_and_writes_the_outputs(tmp_path):
    warehouse = tmp_path / "wh"
    with running(snapshots()[-1]) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            SAMPLE_SOURCES.read_text(encoding="utf-8").replace("{sample_base}", site.base_url),
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            app,
            [
                "backfill",
                "--from",
                "2025-07-18",
                "--to",
                "2025-07-19",
                "--sources",
                str(sources),
                "--warehouse",
                str(warehouse),
                "--page-delay",
                "0",
            ],
        )
    assert result.exit_code == 0, result.output
    assert "backfill 2025-07-18..2025-07-19" in result.stderr  # the progress bar
    assert "mod_russia: ok" in result.stderr  # one readable line per source
    assert (warehouse / "report.html").is_file() and (
        warehouse / "exports" / "bi_nightly_regional.csv"
    ).is_file()
    assert nights(warehouse) == [date(2025, 7, 18), date(2025, 7, 19)]


@pytest.mark.parametrize(
    "args", [["--from", "2025-07-20", "--to", "2025-07-19"], ["--from", "20 July"]]
)
def test_backfill_refuses_a_bad_range(tmp_path, args):
    result = CliRunner().invoke(
        app, ["backfill", *args, "--sources", str(SAMPLE_SOURCES), "-w", str(tmp_path)]
    )
    assert result.exit_code == 2 and "cannot backfill" in result.output
