"""`intercepts run --sources FILE`: the production flow through Prefect, on loopback sources."""

from __future__ import annotations

import duckdb
from typer.testing import CliRunner

from intercepts.cli import app
from intercepts.samples.server import running, snapshots

SOURCES = """
[[source]]
id = "mod_russia"
kind = "telegram"
url = "{base}/t.me/s/mod_russia.html"
publisher = "Ministry of Defence of the Russian Federation"
claimant_kind = "official_federal"
language = "ru"
timezone = "Europe/Moscow"

[[source]]
id = "tass_en"
kind = "rss"
url = "{base}/feeds/tass_en.xml"
publisher = "TASS"
claimant_kind = "media"
language = "en"
timezone = "Europe/Moscow"

[[source]]
id = "gone"
kind = "rss"
url = "{base}/feeds/no-such-feed.xml"
publisher = "Gone Gazette"
claimant_kind = "media"
language = "en"
timezone = "Europe/Moscow"
"""


def test_run_with_a_sources_file_lands_builds_and_names_the_dead_source(tmp_path):
    night = snapshots()[-1]
    with running(night) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(SOURCES.replace("{base}", site.base_url), encoding="utf-8")
        warehouse = tmp_path / "wh"
        result = CliRunner().invoke(
            app, ["run", "--sources", str(sources), "--warehouse", str(warehouse)]
        )
    assert result.exit_code == 3, result.output  # one source failed, the rest landed and built
    assert "gone" in result.output and "HTTP 404" in result.output
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        bryansk = con.execute(
            "SELECT federal_count, federal_n_replicas FROM fct_nightly_regional_intercepts "
            "WHERE night_ending = DATE '2025-07-20' AND region_code = 'RU-BRY'"
        ).fetchall()
        sources_seen = con.execute("SELECT source_id FROM dim_source ORDER BY 1").fetchall()
    finally:
        con.close()
    assert bryansk == [(31, 1)]  # the ministry's post, and TASS restating it
    assert sources_seen == [("gone",), ("mod_russia",), ("tass_en",)]


def test_a_lineage_backend_that_is_down_costs_a_warning_not_the_run(tmp_path, monkeypatch):
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        dead = s.getsockname()[1]  # closed again: nothing listens there
    monkeypatch.setenv("OPENLINEAGE_URL", f"http://127.0.0.1:{dead}")
    night = snapshots()[-1]
    with running(night) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(
            SOURCES.split('[[source]]\nid = "tass_en"')[0].replace("{base}", site.base_url),
            encoding="utf-8",
        )
        result = CliRunner().invoke(
            app, ["run", "--sources", str(sources), "--warehouse", str(tmp_path / "wh")]
        )
    assert result.exit_code == 0, result.output
    assert result.output.count("lineage not sent (http transport)") == 1  # tried once a run
    assert (tmp_path / "wh" / "intercepts.duckdb").exists()


def test_the_run_summary_names_sources_whose_newest_post_is_stale(tmp_path):
    """The bundled pages hold posts of July 2025, fetched now: a source that allows 14 days
    is stale, one that allows a hundred years is not; staleness never fails the run."""
    night = snapshots()[-1]
    text = SOURCES.split('[[source]]\nid = "gone"')[0].replace(
        'id = "tass_en"', 'id = "tass_en"\nstale_after_days = 36500'
    )
    with running(night) as site:
        sources = tmp_path / "sources.toml"
        sources.write_text(text.replace("{base}", site.base_url), encoding="utf-8")
        result = CliRunner().invoke(
            app, ["run", "--sources", str(sources), "--warehouse", str(tmp_path / "wh")]
        )
    assert result.exit_code == 0, result.output
    output = " ".join(result.output.split())  # the console wraps long lines
    stale_line = output[output.index("stale sources") :]
    assert "mod_russia" in stale_line and "tass_en" not in stale_line
