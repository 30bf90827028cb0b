"""`intercepts sources check` as a health check to schedule, on loopback pages: which sources
are stale (newest post older than their `stale_after_days`, or no post at all), how many of
the newest posts give claims, exit 3 naming every failing and stale source, and the JSON a
monitor reads."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from typer.testing import CliRunner

from intercepts.cli import app
from intercepts.config import Settings, Source
from intercepts.sources.check import check_source, newest_posts
from intercepts.sources.telegram import parse

SETTINGS = Settings(connect_timeout_s=5, read_timeout_s=2, retries=0, backoff_factor_s=0)
ENV = {"INTERCEPTS_RETRIES": "0", "INTERCEPTS_READ_TIMEOUT": "2", "COLUMNS": "220"}
HTML = {"Content-Type": "text/html; charset=utf-8"}
# the newest post of telegram_media_posts.html is of 2026-11-07 09:12 UTC
THREE_DAYS_LATER = datetime(2026, 11, 10, 9, 0, tzinfo=UTC)
A_MONTH_LATER = datetime(2026, 12, 7, 9, 0, tzinfo=UTC)


@pytest.fixture
def site(http, fixture_bytes):
    http.route("/s/mod_russia", body=fixture_bytes("telegram_media_posts.html"), headers=HTML)
    http.route("/s/quiet", body=fixture_bytes("telegram_empty_channel.html"), headers=HTML)
    http.route("/s/broken", status=502, body=b"Bad Gateway")
    return http


def ministry(site, **kw) -> Source:
    return Source(
        **{
            "id": "mod_russia",
            "kind": "telegram",
            "url": site.url("/s/mod_russia"),
            "publisher": "Ministry of Defence of the Russian Federation",
            "claimant_kind": "official_federal",
            "language": "ru",
            "timezone": "Europe/Moscow",
            **kw,
        }
    )


def test_a_recent_channel_is_ok_and_says_how_many_newest_posts_gave_claims(site):
    row = check_source(ministry(site), SETTINGS, now=THREE_DAYS_LATER)
    assert (row.status, row.http_status, row.served_kind, row.posts) == ("ok", 200, "telegram", 5)
    assert row.newest_at == datetime(2026, 11, 7, 9, 12, 45, tzinfo=UTC)
    # the itemised post gives claims; the meeting and the three media-only posts do not
    assert (row.newest_with_claims, row.newest_read) == (1, 5)


def test_a_channel_whose_newest_post_is_older_than_its_limit_is_stale(site):
    row = check_source(ministry(site), SETTINGS, now=A_MONTH_LATER)
    assert (row.status, row.answered, row.stale_after_days) == ("stale", True, 14)
    assert row.reason == "newest post 29 days old (stale after 14)"
    patient = check_source(ministry(site, stale_after_days=60), SETTINGS, now=A_MONTH_LATER)
    assert patient.status == "ok"


def test_a_channel_with_no_posts_is_stale(site):
    row = check_source(ministry(site, id="quiet", url=site.url("/s/quiet")), SETTINGS)
    assert (row.status, row.posts, row.reason) == ("stale", 0, "no posts on the page")


def test_the_newest_posts_are_chosen_by_time_not_page_order(fixture_bytes):
    items = parse(fixture_bytes("telegram_mod_russia.html"), url="u")
    # 48815 has no time: it counts as the oldest, whatever its place on the page
    assert [i.key for i in newest_posts(items, 2)] == ["mod_russia/48813", "mod_russia/48814"]
    assert newest_posts(items, 0) == []


def _sources_file(path, site, entries):
    tables = []
    for id, route, extra in entries:
        tables.append(
            f'[[source]]\nid = "{id}"\nkind = "telegram"\nurl = "{site.url(route)}"\n'
            'publisher = "Ministry of Defence of the Russian Federation"\n'
            'claimant_kind = "official_federal"\nlanguage = "ru"\ntimezone = "Europe/Moscow"\n'
            f"{extra}\n"
        )
    path.write_text("\n".join(tables), encoding="utf-8")
    return str(path)


def _check(*args):
    return CliRunner().invoke(app, ["sources", "check", *args], env=ENV)


def test_cli_exits_3_naming_every_failing_and_every_stale_source(site, tmp_path):
    path = _sources_file(
        tmp_path / "s.toml",
        site,
        [
            ("fresh", "/s/mod_russia", "stale_after_days = 60"),
            ("old", "/s/mod_russia", ""),
            ("quiet", "/s/quiet", ""),
            ("broken", "/s/broken", ""),
        ],
    )
    result = _check("--sources", path, "--as-of", A_MONTH_LATER.isoformat())
    assert result.exit_code == 3, result.output
    lines = result.stderr.splitlines()
    assert "1 of 4 source(s) failing: broken" in lines
    assert "2 of 4 source(s) stale: old, quiet" in lines
    assert "  old: stale: newest post 29 days old (stale after 14)" in lines
    assert "  broken: failed: HTTP 502" in "\n".join(lines)
    assert "fresh:" not in result.stderr
    assert "1 of 5" in result.stdout  # the claims column of the rows that were read


def test_cli_json_for_monitoring(site, tmp_path):
    path = _sources_file(
        tmp_path / "s.toml",
        site,
        [("fresh", "/s/mod_russia", ""), ("broken", "/s/broken", "")],
    )
    result = _check("--sources", path, "--format", "json", "--as-of", "2026-11-10T09:00:00")
    assert result.exit_code == 3
    report = json.loads(result.stdout)
    assert (report["healthy"], report["failing"], report["stale"]) == (False, ["broken"], [])
    assert report["checked_at"] == "2026-11-10T09:00:00+00:00"
    fresh, broken = report["sources"]
    assert fresh["source_id"] == "fresh" and fresh["status"] == "ok"
    assert (fresh["answered"], fresh["http_status"], fresh["served_kind"]) == (
        True,
        200,
        "telegram",
    )
    assert (fresh["posts"], fresh["newest_at"]) == (5, "2026-11-07T09:12:45+00:00")
    assert (fresh["newest_with_claims"], fresh["newest_read"], fresh["stale_after_days"]) == (
        1,
        5,
        14,
    )
    assert (broken["answered"], broken["http_status"], broken["status"]) == (False, 502, "failed")


def test_cli_exit_0_and_healthy_json_when_every_source_is_recent(site, tmp_path):
    path = _sources_file(tmp_path / "s.toml", site, [("fresh", "/s/mod_russia", "")])
    result = _check("--sources", path, "--format", "json", "--as-of", "2026-11-10T09:00:00Z")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["healthy"] is True


@pytest.mark.parametrize(
    ("args", "message"),
    [(["--format", "xml"], "unknown format"), (["--as-of", "yesterday"], "not an ISO 8601")],
)
def test_cli_refuses_a_bad_format_or_time(tmp_path, args, message):
    result = _check("--sources", str(tmp_path / "none.toml"), *args)
    assert result.exit_code == 2 and message in result.stderr
