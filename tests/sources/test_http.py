"""The fetch client against a real loopback server that misbehaves on purpose."""

from __future__ import annotations

from dataclasses import replace

import pytest

from intercepts.config import Settings
from intercepts.sources.http import fetch, make_session


@pytest.fixture
def settings():
    return Settings(
        connect_timeout_s=2,
        read_timeout_s=2,
        retries=2,
        backoff_factor_s=0.01,
        max_response_bytes=100_000,
    )


def get(http, path, settings, **kw):
    session = make_session(settings)
    try:
        return fetch(session, http.url(path), settings, **kw)
    finally:
        session.close()


def test_ok_body_and_user_agent(http, settings):
    http.route("/feed.xml", body=b"<rss/>", headers={"Content-Type": "application/rss+xml"})
    result = get(http, "/feed.xml", settings)
    assert result.status == "ok" and result.body == b"<rss/>"
    assert result.content_type == "application/rss+xml"
    assert http.requests[-1][1]["User-Agent"].startswith("intercepts/")


def test_retries_5xx_then_recovers(http, settings):
    route = http.route("/flaky", body=b"fine", fail_first=2, fail_status=503)
    result = get(http, "/flaky", settings)
    assert result.status == "ok" and result.body == b"fine"
    assert route.hits == 3


def test_429_with_retry_after_is_retried(http, settings):
    route = http.route("/busy", body=b"ok", fail_first=1, fail_status=429)
    assert get(http, "/busy", settings).status == "ok"
    assert route.hits == 2


def test_persistent_500_fails_with_reason(http, settings):
    http.route("/dead", body=b"x", fail_first=99, fail_status=500)
    result = get(http, "/dead", settings)
    assert result.status == "failed"
    assert "500" in result.reason


def test_404_fails_without_retry(http, settings):
    result = get(http, "/missing", settings)
    assert result.status == "failed" and result.http_status == 404
    assert "404" in result.reason


def test_connection_refused(settings):
    session = make_session(settings)
    result = fetch(session, "http://127.0.0.1:9/nothing", settings)
    assert result.status == "failed" and "connection" in result.reason


def test_conditional_get_returns_not_modified(http, settings):
    http.route("/page", body=b"hello", etag='"v1"')
    first = get(http, "/page", settings)
    assert first.etag == '"v1"'
    second = get(http, "/page", settings, etag=first.etag)
    assert second.status == "not_modified" and second.body == b""
    assert http.requests[-1][1]["If-None-Match"] == '"v1"'


def test_body_over_the_cap_is_refused(http, settings):
    http.route("/huge", body=b"x" * 200_000)
    result = get(http, "/huge", settings)
    assert result.status == "failed" and "too large" in result.reason


def test_gzip_bomb_stops_at_the_cap(http, settings):
    http.route("/bomb", body=b"\0" * 5_000_000, gzip=True)  # 5 MB that compress to a few KB
    result = get(http, "/bomb", settings)
    assert result.status == "failed" and "too large" in result.reason


def test_trickling_server_hits_the_wall_clock_cap(http, settings):
    http.route("/slow", body=b"y" * 400, trickle_s=0.01)
    result = get(
        http, "/slow", replace(settings, connect_timeout_s=0.5, read_timeout_s=0.5, retries=0)
    )
    assert result.status == "failed" and "timeout" in result.reason
    assert result.elapsed_s < 3


def test_truncated_body_fails(http, settings):
    http.route("/cut", body=b"z" * 5000, truncate_to=100)
    result = get(http, "/cut", replace(settings, retries=0))
    assert result.status == "failed"
    assert "truncated" in result.reason or "connection" in result.reason


def test_redirect_loop_is_cut(http, settings):
    http.route("/a", redirect_to=http.url("/b"))
    http.route("/b", redirect_to=http.url("/a"))
    result = get(http, "/a", settings)
    assert result.status == "failed" and "redirect" in result.reason


def test_redirect_is_followed_and_final_url_kept(http, settings):
    http.route("/old", redirect_to=http.url("/new"))
    http.route("/new", body=b"moved")
    result = get(http, "/old", settings)
    assert result.status == "ok" and result.final_url.endswith("/new")
