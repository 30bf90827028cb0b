"""Telegram history: following ?before=<smallest id> back through preview pages served by a
loopback server in the real t.me/s structure (tests/fixtures/sources/paging/)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from intercepts.config import Settings
from intercepts.sources.http import make_session
from intercepts.sources.telegram import fetch_history, page_posts, page_url

PAGES = {
    "": "newest.html",
    "?before=52110": "before_52110.html",
    "?before=52105": "before_52105.html",
    "?before=52100": "before_52100.html",
}
SETTINGS = Settings(connect_timeout_s=2, read_timeout_s=2, retries=0, backoff_factor_s=0)


@pytest.fixture
def channel(http, fixture_bytes):
    """The channel preview URL on the loopback server, every page routed."""
    for query, name in PAGES.items():
        http.route(
            "/s/mod_russia" + query,
            body=fixture_bytes(f"paging/{name}"),
            headers={"Content-Type": "text/html; charset=utf-8"},
        )
    return http.url("/s/mod_russia")


def history(url, **kw):
    kw.setdefault("delay_s", 0)
    return fetch_history(make_session(SETTINGS), url, SETTINGS, **kw)


def requested(http):
    return [path for path, _ in http.requests]


@pytest.mark.parametrize(
    ("url", "before", "expected"),
    [
        ("https://t.me/s/mod_russia", None, "https://t.me/s/mod_russia"),
        ("https://t.me/s/mod_russia", 52110, "https://t.me/s/mod_russia?before=52110"),
        ("https://t.me/s/mod_russia?before=9", 52110, "https://t.me/s/mod_russia?before=52110"),
        (
            "https://t.me/s/mod_russia?q=ПВО",
            7,
            "https://t.me/s/mod_russia?q=%D0%9F%D0%92%D0%9E&before=7",
        ),
    ],
)
def test_page_url(url, before, expected):
    assert page_url(url, before) == expected


def test_page_posts_include_photo_and_service_posts(fixture_bytes):
    ids = [pid for pid, _ in page_posts(fixture_bytes("paging/newest.html"))]
    assert ids == [52110, 52111, 52112, 52113, 52114]


def test_follows_before_back_until_a_post_older_than_since(http, channel):
    result = history(channel, since=datetime(2025, 7, 19, tzinfo=UTC))
    assert requested(http) == [
        "/s/mod_russia",
        "/s/mod_russia?before=52110",
        "/s/mod_russia?before=52105",
    ]
    assert (result.stopped, result.complete) == ("reached_since", True)
    assert [item.key for item in result.items] == [
        "mod_russia/52105", "mod_russia/52106", "mod_russia/52107", "mod_russia/52108",
        "mod_russia/52109", "mod_russia/52110", "mod_russia/52111", "mod_russia/52113",
        "mod_russia/52114",
    ]  # fmt: skip
    # 52106 and 52111 are photo-only posts, items like the rest; 52112 is a service post


def test_since_is_a_moment_not_a_page(http, channel):
    """Posts on the last page that are older than `since` are not returned."""
    result = history(channel, since=datetime(2025, 7, 18, 9, 0, tzinfo=UTC))
    assert [item.key for item in result.items][:2] == ["mod_russia/52103", "mod_russia/52104"]
    assert min(item.published_at for item in result.items) >= datetime(
        2025, 7, 18, 9, 0, tzinfo=UTC
    )


def test_stops_at_the_channels_first_post(http, channel):
    result = history(channel, since=datetime(2020, 1, 1, tzinfo=UTC))
    assert requested(http)[-1] == "/s/mod_russia?before=52100"
    assert (result.stopped, result.complete) == ("beginning", True)
    assert len(result.pages) == 3
    assert len(result.items) == 14  # every post of the three pages but the service one, once


def test_stops_at_the_page_cap(http, channel):
    result = history(channel, since=datetime(2020, 1, 1, tzinfo=UTC), max_pages=2)
    assert len(requested(http)) == 2
    assert (result.stopped, result.complete) == ("page_cap", False)


def test_waits_politely_between_pages_not_before_the_first(http, channel):
    pauses = []
    history(channel, since=datetime(2025, 7, 19, tzinfo=UTC), delay_s=2.5, sleep=pauses.append)
    assert pauses == [2.5, 2.5]


def test_permalinks_and_keys_do_not_depend_on_the_page_they_were_found_on(http, channel):
    result = history(channel, since=datetime(2025, 7, 19, tzinfo=UTC))
    older_page = result.pages[1]
    assert older_page.url.endswith("?before=52110")
    post = next(item for item in older_page.items if item.key == "mod_russia/52105")
    assert post.url == "https://t.me/mod_russia/52105"
    assert post.text.split("\n")[1:] == [
        "▪️ 20 – над территорией Брянской области,",
        "▪️ 8 – над территорией Орловской области,",
        "▪️ 3 – над территорией Калужской области,",
    ]


def test_a_failing_page_keeps_the_pages_before_it(http, channel):
    http.route("/s/mod_russia?before=52105", status=500, body=b"oops")
    result = history(channel, since=datetime(2020, 1, 1, tzinfo=UTC))
    assert (result.stopped, result.complete) == ("failed", False)
    assert "500" in result.reason
    assert len(result.pages) == 2
    assert "mod_russia/52105" in {item.key for item in result.items}


def test_a_server_ignoring_before_does_not_loop(http, channel, fixture_bytes):
    http.route("/s/mod_russia?before=52110", body=fixture_bytes("paging/newest.html"))
    result = history(channel, since=datetime(2020, 1, 1, tzinfo=UTC))
    assert result.stopped == "no_progress"
    assert len(requested(http)) == 2


def test_a_page_that_is_not_a_channel_is_a_failure(http, channel):
    http.route("/s/mod_russia?before=52110", body=b"<html><body>Sign in</body></html>")
    result = history(channel, since=datetime(2020, 1, 1, tzinfo=UTC))
    assert result.stopped == "failed"
    assert "not a Telegram channel preview" in result.reason


def test_since_must_be_timezone_aware(channel):
    with pytest.raises(ValueError, match="timezone-aware"):
        history(channel, since=datetime(2025, 7, 19))
