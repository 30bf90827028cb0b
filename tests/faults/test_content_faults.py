"""Hostile and broken content: parsed safely, stored as inert data, unreadable bytes quarantined,
and one bad source never stops the others. Whole runs over real loopback HTTP, Parquet, DuckDB."""

from __future__ import annotations

import duckdb
import pytest
from rich.console import Console

from intercepts import cli
from intercepts.pipeline import RunSummary
from tests.faults import harness

FIX = harness.FIXTURES
SQL_TEXT = "DROP TABLE fct_claims; --"
# extra source id -> (kind, fixture file or bytes, content type)
HOSTILE = {
    "hostile_tg": ("telegram", "telegram_hostile.html", "text/html; charset=utf-8"),
    "hostile_rss": ("rss", "rss_hostile.xml", "application/rss+xml"),
    "bomb_rss": ("rss", "rss_billion_laughs.xml", "application/rss+xml"),
    "xxe_rss": ("rss", "rss_external_entity.xml", "application/rss+xml"),
    "broken_atom": ("atom", "atom_malformed.xml", "application/atom+xml"),
    "broken_html": ("html", "html_malformed.html", "text/html"),
    "empty_rss": ("rss", "rss_empty_channel.xml", "application/rss+xml"),
    "empty_tg": ("telegram", "telegram_no_posts.html", "text/html"),
    "zero_bytes": ("telegram", b"", "text/html"),
    "not_json": (
        "json",
        b'{"version": "https://jsonfeed.org/version/1.1", "items": [{"id": ',
        "application/feed+json",
    ),
}
UNREADABLE = {
    "bomb_rss": "billion laughs",
    "xxe_rss": "external entity",
    "broken_atom": "malformed XML",
    "zero_bytes": "",
    "not_json": "",
}


def serve_hostile(server) -> list[dict]:
    probe = server.route("/xxe-probe", body=b"SECRET")
    extras = []
    for sid, (kind, fixture, ctype) in HOSTILE.items():
        body = fixture if isinstance(fixture, bytes) else (FIX / fixture).read_bytes()
        body = body.replace(b"{probe_url}", server.url("/xxe-probe").encode())
        server.route(f"/hostile/{sid}", body=body, headers={"Content-Type": ctype})
        extras.append(
            harness.extra_source(
                sid,
                kind,
                server.url(f"/hostile/{sid}"),
                language="en" if kind in ("rss", "atom", "html") else "ru",
            )
        )
    return extras, probe


@pytest.fixture(scope="module")
def hostile_run(tmp_path_factory):
    from tests.support import http_server

    server = http_server.start()
    harness.serve_samples(server)
    extras, probe = serve_hostile(server)
    tmp = tmp_path_factory.mktemp("hostile")
    sources = harness.write_sources(tmp / "sources.toml", server.base_url, extras)
    first = harness.run_here(sources, tmp / "wh")
    second = harness.run_here(sources, tmp / "wh")
    yield {
        "first": first,
        "second": second,
        "warehouse": tmp / "wh",
        "probe": probe,
        "server": server,
    }
    server.shutdown()
    server.server_close()


def q(warehouse, sql, params=()):
    con = duckdb.connect(str(warehouse / "intercepts.duckdb"), read_only=True)
    try:
        return con.execute(sql, list(params)).fetchall()
    finally:
        con.close()


def test_every_sample_source_lands_despite_the_hostile_ones(hostile_run):
    statuses = hostile_run["first"].statuses
    for source in harness.sample_sources():
        assert statuses[source["id"]] == "ok", hostile_run["first"].reasons[source["id"]]
    assert hostile_run["first"].code == 3  # some source failed: the caller should look
    assert hostile_run["first"].report["build"]["row_counts"]["fct_claims"] > 0


@pytest.mark.parametrize("sid", list(UNREADABLE))
def test_unreadable_feed_fails_with_its_reason_and_its_bytes_are_quarantined(hostile_run, sid):
    run = hostile_run["first"]
    assert run.statuses[sid] == "failed" and UNREADABLE[sid] in run.reasons[sid]
    rows = [r for r in harness.quarantined(hostile_run["warehouse"]) if r["source_id"] == sid]
    assert rows and all(r["stage"] == "parse" for r in rows)
    served = hostile_run["server"].routes[f"/hostile/{sid}"].body
    assert rows[0]["raw"] == served  # every byte, for replay after a fix
    fct = q(
        hostile_run["warehouse"],
        "SELECT stage, reason, raw_bytes FROM fct_quarantine WHERE source_id = ?",
        [sid],
    )
    assert fct == [("parse", rows[0]["reason"], len(served))]


def test_external_entities_are_never_fetched_or_read(hostile_run):
    assert hostile_run["probe"].hits == 0
    texts = q(
        hostile_run["warehouse"], "SELECT coalesce(title, '') || text FROM stg_raw__documents"
    )
    assert not any("root:x:0:0" in t or "SECRET" in t for (t,) in texts)


def test_entity_bomb_expands_nothing(hostile_run):
    assert not any(
        "lollollol" in t
        for (t,) in q(hostile_run["warehouse"], "SELECT text FROM stg_raw__documents")
    )


def test_empty_feeds_are_ok_with_nothing_to_land(hostile_run):
    for sid in ("empty_rss", "empty_tg"):
        assert hostile_run["first"].statuses[sid] == "ok"
        assert q(
            hostile_run["warehouse"],
            "SELECT count(*) FROM stg_raw__documents WHERE source_id = ?",
            [sid],
        ) == [(0,)]


def test_sql_and_script_look_alikes_are_stored_verbatim_as_data(hostile_run):
    wh = hostile_run["warehouse"]
    texts = [
        t for (t,) in q(wh, "SELECT text FROM stg_raw__documents WHERE source_id = 'hostile_tg'")
    ]
    assert any(
        "'); DROP TABLE fct_claims; --" in t and "read_csv('/etc/passwd')" in t for t in texts
    )
    assert any(
        "<script>alert(document.cookie)</script>" in t and "[bold red]rich markup[/]" in t
        for t in texts
    )
    # the live <script> element is markup, not text a reader sees: not in the text, kept in raw_body
    assert not any("evil.example" in t for t in texts)
    rss = [
        t
        for (t,) in q(
            wh,
            "SELECT coalesce(title, '') || ' ' || text FROM stg_raw__documents WHERE source_id = 'hostile_rss'",
        )
    ]
    assert any(SQL_TEXT in t for t in rss)
    # and nothing was executed: the tables the text names are all there and full
    assert q(wh, "SELECT count(*) > 0 FROM fct_claims") == [(True,)]
    assert q(wh, "SELECT count(*) FROM src_documents") == q(
        wh, "SELECT count(*) FROM stg_raw__documents"
    )


def test_duplicates_land_once_and_a_second_run_adds_nothing(hostile_run):
    wh = hostile_run["warehouse"]
    dup = q(
        wh,
        "SELECT url, count(*) FROM stg_raw__documents WHERE source_id IN ('hostile_tg', 'hostile_rss') "
        "GROUP BY url HAVING count(*) > 1",
    )
    assert dup == []
    assert sum(s["new_versions"] for s in hostile_run["second"].report["sources"]) == 0
    # a page sent again byte for byte is not read again: "not_modified", as for an HTTP 304
    second = {
        sid: "ok" if status == "not_modified" else status
        for sid, status in hostile_run["second"].statuses.items()
    }
    assert second == hostile_run["first"].statuses


def test_undated_and_future_dated_items_land_as_they_are(hostile_run):
    wh = hostile_run["warehouse"]
    rows = q(
        wh,
        "SELECT source_id, url, published_at FROM stg_raw__documents "
        "WHERE source_id IN ('hostile_tg', 'hostile_rss') AND (published_at IS NULL OR published_at > now())",
    )
    by_url = {url: published for _, url, published in rows}
    assert (
        by_url["https://t.me/oper_shtab/905"] is None
        and by_url["https://wire.example/news/3"] is None
    )
    assert (
        by_url["https://t.me/oper_shtab/904"].year == 2099
        and by_url["https://wire.example/news/4"].year == 2099
    )


def test_hostile_text_is_shown_literally_by_the_cli(hostile_run, monkeypatch):
    # A server picks its own status phrase and feeds write anything: the summary prints
    # them as text. (Rich used to read "[/red]" in a reason as markup and crash the CLI.)
    sources = [
        dict(s, reason="HTTP 410 [/red] [bold]'); DROP TABLE fct_claims; --")
        if s["source_id"] == "bomb_rss"
        else s
        for s in hostile_run["first"].report["sources"]
    ]
    summary = RunSummary(
        run_id="r",
        warehouse=hostile_run["warehouse"],
        sources=sources,
        error="data tests failed: [/x] <script>alert(1)</script>",
    )
    out, err = Console(record=True, width=300), Console(record=True, width=300)
    monkeypatch.setattr(cli, "console", out)
    monkeypatch.setattr(cli, "err", err)
    cli.print_summary(summary)
    assert "[/red] [bold]'); DROP TABLE fct_claims; --" in out.export_text()
    assert "[/x] <script>alert(1)</script>" in err.export_text()
