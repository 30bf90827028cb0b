"""Nothing on a Telegram page disappears: a preview page served on 127.0.0.1 with an
itemised post, a post with no claim and media-only posts (an album, a video too big for the
preview, a PDF) lands every post under its permalink; only the itemised one gives claims,
each with the permalink beside its quote; and a media-only post that goes away later is a
deletion like any other."""

from __future__ import annotations

import duckdb
import pytest

from intercepts import ingest, pipeline
from intercepts.config import Settings, Source
from intercepts.extraction import extract_pending
from intercepts.sources.http import make_session

PAGE = "telegram_media_posts.html"
HTML = {"Content-Type": "text/html; charset=utf-8"}
PERMALINKS = [f"https://t.me/mod_russia/{n}" for n in (60101, 60102, 60103, 60105, 60106)]


@pytest.fixture
def channel(http, fixture_bytes):
    http.route("/s/mod_russia", body=fixture_bytes(PAGE), headers=HTML)
    return http


def _source(http) -> Source:
    return Source(
        id="mod_russia",
        kind="telegram",
        url=http.url("/s/mod_russia"),
        publisher="Ministry of Defence of the Russian Federation",
        claimant_kind="official_federal",
        language="ru",
        timezone="Europe/Moscow",
    )


def _ingest(tmp_path, source, run_id):
    settings = Settings(warehouse=tmp_path, retries=0)
    session = make_session(settings)
    try:
        return ingest.ingest_source(source, settings, run_id, session)
    finally:
        session.close()


def _versions(warehouse):
    return duckdb.execute(
        "SELECT url, text, deleted, raw_body FROM read_parquet(?, union_by_name = true) "
        "ORDER BY url, fetched_at",
        [str(warehouse / "raw/documents/**/*.parquet")],
    ).fetchall()


def test_every_post_lands_under_its_permalink_media_only_ones_with_no_text(tmp_path, channel):
    outcome = _ingest(tmp_path, _source(channel), "r1")
    assert (outcome["status"], outcome["items_found"], outcome["new_versions"]) == ("ok", 5, 5)
    rows = {url: (text, raw) for url, text, _, raw in _versions(tmp_path)}
    assert sorted(rows) == PERMALINKS
    for n, media in [(60103, "Xq0mPa2.jpg"), (60105, "Vt60105.jpg"), (60106, "60106")]:
        text, raw = rows[f"https://t.me/mod_russia/{n}"]
        assert text == "" and media in raw  # the post's markup keeps its media links
    assert _ingest(tmp_path, _source(channel), "r2")["new_versions"] == 0


def test_only_the_itemised_post_gives_claims_with_the_permalink_beside_the_quote(tmp_path, channel):
    source = _source(channel)
    _ingest(tmp_path, source, "r1")
    settings = Settings(warehouse=tmp_path)
    stats = extract_pending(tmp_path, "r1", workers=1)
    assert (stats["versions"], stats["errors"]) == (5, 0)
    pipeline.build_warehouse(settings, [source])
    con = duckdb.connect(str(tmp_path / "intercepts.duckdb"), read_only=True)
    try:
        claims = con.execute(
            "SELECT url, region_codes, count, quote FROM fct_claims "
            "WHERE scope = 'region' ORDER BY count DESC"
        ).fetchall()
        urls = {url for (url,) in con.execute("SELECT DISTINCT url FROM fct_claims").fetchall()}
    finally:
        con.close()
    assert urls == {"https://t.me/mod_russia/60101"}
    assert [(c[1], c[2]) for c in claims] == [(["RU-BRY"], 21), (["RU-KRS"], 14), (["RU-BEL"], 12)]
    assert "21 – над территорией Брянской области" in claims[0][3]


def test_a_media_only_post_that_goes_away_is_a_deletion(tmp_path, channel, fixture_bytes):
    source = _source(channel)
    _ingest(tmp_path, source, "r1")
    page = fixture_bytes(PAGE).decode("utf-8")
    start = page.index('<div class="tgme_widget_message_wrap js-widget_message_wrap">'
                       '<div class="tgme_widget_message text_not_supported_wrap js-widget_message" '
                       'data-post="mod_russia/60105"')  # fmt: skip
    end = page.index('<div class="tgme_widget_message_wrap', start + 1)
    channel.route("/s/mod_russia", body=(page[:start] + page[end:]).encode(), headers=HTML)
    outcome = _ingest(tmp_path, source, "r2")
    assert (outcome["items_found"], outcome["new_versions"]) == (4, 1)
    deleted = [url for url, _, gone, _ in _versions(tmp_path) if gone]
    assert deleted == ["https://t.me/mod_russia/60105"]
