"""`intercepts sources check` against a loopback server: good sources of every kind, sources
that fail (HTTP 500, a timeout, a refused connection) and sources serving the wrong kind."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from intercepts.cli import app
from intercepts.config import Settings, Source
from intercepts.sources.check import check_sources, failing, render_table, sniff_kind

# The connect timeout stays generous: the loopback server's listen backlog is 5, and a
# connection beyond it waits for the kernel's 1 s SYN retry. The read timeout is what the
# slow source trips.
FAST = {"INTERCEPTS_CONNECT_TIMEOUT": "5", "INTERCEPTS_READ_TIMEOUT": "0.5", "INTERCEPTS_RETRIES": "0",
        "COLUMNS": "220"}  # fmt: skip
SETTINGS = Settings(connect_timeout_s=5, read_timeout_s=0.5, retries=0, backoff_factor_s=0)


@pytest.mark.parametrize(
    ("fixture", "kind"),
    [
        ("telegram_mod_russia.html", "telegram"),
        ("telegram_empty_channel.html", "telegram"),
        ("telegram_not_a_channel.html", "html"),
        ("paging/before_52110.html", "telegram"),
        ("rss_tass_en.xml", "rss"),
        ("rss_bryansk_cp1251.xml", "rss"),
        ("rss_netscape_doctype.xml", "rss"),
        ("xml_billion_laughs.xml", "rss"),  # a hostile feed is still a feed; the parser refuses it
        ("atom_air_force.xml", "atom"),
        ("article_newswire.html", "html"),
        ("article_kursk_cp1251.html", "html"),
        ("not_a_feed.xhtml", "html"),
        ("jsonfeed_outlet.json", "json"),
        ("jsonfeed_truncated.json", "other"),
    ],
)
def test_sniffs_the_kind_from_the_body(fixture_bytes, fixture, kind):
    assert sniff_kind(fixture_bytes(fixture)) == kind


@pytest.mark.parametrize(
    ("body", "kind"),
    [
        (b"\xef\xbb\xbf<?xml version='1.0'?>\n<rdf:RDF xmlns:rdf='x'/>", "rss"),
        (b"<?xml version='1.0'?><!-- feed --><feed xmlns='http://www.w3.org/2005/Atom'/>", "atom"),
        (b"Service temporarily unavailable", "other"),
        (b"<svg xmlns='http://www.w3.org/2000/svg'/>", "other"),
        (b"", "other"),
    ],
)
def test_sniffs_small_bodies(body, kind):
    assert sniff_kind(body) == kind


@pytest.fixture
def site(http, fixture_bytes):
    """Publishers on the loopback server: the good, the failing and the wrong."""
    html = {"Content-Type": "text/html; charset=utf-8"}
    http.route("/s/mod_russia", body=fixture_bytes("telegram_mod_russia.html"), headers=html)
    http.route(
        "/rss/tass.xml",
        body=fixture_bytes("rss_tass_en.xml"),
        headers={"Content-Type": "application/rss+xml"},
    )
    http.route(
        "/atom.xml",
        body=fixture_bytes("atom_air_force.xml"),
        headers={"Content-Type": "application/atom+xml"},
    )
    http.route(
        "/feed.json",
        body=fixture_bytes("jsonfeed_outlet.json"),
        headers={"Content-Type": "application/json"},
    )
    http.route("/news/article", body=fixture_bytes("article_newswire.html"), headers=html)
    http.route("/broken", status=500, body=b"Internal Server Error")
    # headers at once, then a byte a second: each read outlasts the 0.5 s read timeout
    http.route("/slow", trickle_s=1, body=b'<?xml version="1.0"?><rss version="2.0"></rss>')
    # t.me/<name> for a channel with no public preview: an HTML page, not a preview
    http.route(
        "/s/no_such_channel", body=fixture_bytes("telegram_not_a_channel.html"), headers=html
    )
    # a feed URL that now answers with the site's front page, labelled as XML
    http.route(
        "/rss/moved.xml",
        body=fixture_bytes("article_newswire.html"),
        headers={"Content-Type": "text/xml"},
    )
    http.route("/rss/hostile.xml", body=fixture_bytes("xml_billion_laughs.xml"))
    return http


# The fixtures were published between 2024 and 2026: the checks below are judged as of one
# day in March 2026, and the sources not under test for staleness are patient.
AS_OF = datetime(2026, 3, 9, 10, 0, tzinfo=UTC)
PATIENT = 10_000


def source(id, kind, url, checked=True, stale_after_days=PATIENT, **kw):
    fields = dict(publisher=id, claimant_kind="media", language="ru", timezone="Europe/Moscow")
    return Source(id=id, kind=kind, url=url, checked=checked, stale_after_days=stale_after_days,
                  **{**fields, **kw})  # fmt: skip


def good_sources(site):
    return [
        source("mod_russia", "telegram", site.url("/s/mod_russia"), checked=False),
        source("tass_en", "rss", site.url("/rss/tass.xml")),
        source("air_force_atom", "atom", site.url("/atom.xml")),
        source("air_force_as_rss", "rss", site.url("/atom.xml")),  # rss and atom: one parser
        source("outlet_json", "json", site.url("/feed.json")),
        source("newswire", "html", site.url("/news/article")),
    ]


def bad_sources(site):
    return [
        source("broken", "rss", site.url("/broken")),
        source("slow", "rss", site.url("/slow")),
        source("refused", "rss", "http://127.0.0.1:9/feed.xml"),
        source("missing", "rss", site.url("/gone")),
        source("no_such_channel", "telegram", site.url("/s/no_such_channel")),
        source("moved_feed", "rss", site.url("/rss/moved.xml")),
        source("hostile_feed", "rss", site.url("/rss/hostile.xml")),
    ]


ASOF = ("--as-of", AS_OF.isoformat())
KEYS = ("id", "kind", "url", "publisher", "claimant_kind", "language", "timezone")


def write_sources(path, sources):
    """A sources file holding ``sources``, as a user would write it."""
    tables = [
        "[[source]]\n"
        + "".join(f'{key} = "{getattr(s, key)}"\n' for key in KEYS)
        + f"checked = {str(s.checked).lower()}\n"
        + f"stale_after_days = {s.stale_after_days}\n"
        for s in sources
    ]
    path.write_text("\n".join(tables), encoding="utf-8")
    return path


@pytest.fixture
def rows(site):
    by_id = {
        row.source_id: row
        for row in check_sources(good_sources(site) + bad_sources(site), SETTINGS, now=AS_OF)
    }
    return by_id


def test_one_row_per_source_in_order(site):
    configured = good_sources(site) + bad_sources(site)
    assert [row.source_id for row in check_sources(configured, SETTINGS, now=AS_OF)] == [
        s.id for s in configured
    ]


def test_a_good_telegram_preview_reports_its_posts_and_newest_time(rows):
    row = rows["mod_russia"]
    assert (row.status, row.answered, row.http_status, row.served_kind) == (
        "ok",
        True,
        200,
        "telegram",
    )
    assert row.posts == 5  # the photo-only post counts: it lands like the others
    assert row.newest_at == datetime(2026, 3, 7, 10, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("source_id", "served"),
    [("tass_en", "rss"), ("air_force_atom", "atom"), ("air_force_as_rss", "atom"),
     ("outlet_json", "json"), ("newswire", "html")],
)  # fmt: skip
def test_good_sources_of_every_kind(rows, source_id, served):
    row = rows[source_id]
    assert (row.status, row.served_kind) == ("ok", served)
    assert row.posts >= 1


@pytest.mark.parametrize(
    ("source_id", "reason"),
    [("broken", "500"), ("slow", "time"), ("refused", "connection failed"), ("missing", "404")],
)
def test_sources_that_do_not_answer(rows, source_id, reason):
    row = rows[source_id]
    assert (row.status, row.answered, row.posts) == ("failed", False, None)
    assert reason in row.reason.lower()


def test_a_channel_without_a_preview_is_the_wrong_kind(rows):
    row = rows["no_such_channel"]
    assert (row.status, row.answered, row.served_kind) == ("wrong_kind", True, "html")
    assert row.reason == "served html, configured as telegram"


def test_a_feed_that_became_a_web_page_is_the_wrong_kind_whatever_its_content_type(rows):
    assert (rows["moved_feed"].status, rows["moved_feed"].served_kind) == ("wrong_kind", "html")


def test_a_feed_the_parser_refuses_is_unreadable(rows):
    row = rows["hostile_feed"]
    assert (row.status, row.served_kind) == ("unreadable", "rss")
    assert "entit" in row.reason.lower() or "dtd" in row.reason.lower()


def test_failing_names_every_bad_source(rows, site):
    assert [row.source_id for row in failing(rows.values())] == [s.id for s in bad_sources(site)]


def test_table_marks_unverified_urls_and_shows_age(rows):
    from rich.console import Console

    console = Console(width=220, record=True)
    console.print(render_table(rows.values(), now=datetime(2026, 3, 9, 10, 0, tzinfo=UTC)))
    text = console.export_text()
    assert "URL unverified" in text
    assert "2026-03-07 10:00 (48 h ago)" in text or "2026-03-07 10:00 (2 d ago)" in text


def test_cli_exit_0_when_every_source_answers(site, tmp_path):
    path = write_sources(tmp_path / "good.toml", good_sources(site))
    result = CliRunner().invoke(app, ["sources", "check", "--sources", str(path), *ASOF], env=FAST)
    assert result.exit_code == 0, result.output
    assert "mod_russia" in result.stdout and "telegram" in result.stdout
    assert "all 6 source(s) answered" in result.stdout


def test_cli_exit_3_names_the_failing_sources(site, tmp_path):
    path = write_sources(tmp_path / "mixed.toml", good_sources(site) + bad_sources(site))
    result = CliRunner().invoke(app, ["sources", "check", "--sources", str(path), *ASOF], env=FAST)
    assert result.exit_code == 3, result.output
    (named,) = [line for line in result.stderr.splitlines() if "source(s) failing:" in line]
    assert named.startswith("7 of 13 source(s) failing:")
    assert named.split(":", 1)[1].strip().split(", ") == [s.id for s in bad_sources(site)]
    assert "broken: failed: HTTP 500" in result.stderr
    assert "no_such_channel: wrong_kind: served html, configured as telegram" in result.stderr
    for good in good_sources(site):
        assert f"{good.id}:" not in result.stderr


def test_cli_refuses_an_invalid_sources_file(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text("[[source]]\nid = 'x'\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["sources", "check", "--sources", str(path)], env=FAST)
    assert result.exit_code == 2
    assert "missing key(s)" in result.stderr
