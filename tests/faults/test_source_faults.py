"""A publisher misbehaving on the wire: each fault ends in a status with its reason and, when
nothing could be read, a quarantine row. Real loopback HTTP, real Parquet (no mocks)."""

from __future__ import annotations

import gzip
import time

import pytest

from intercepts.config import Settings, Source
from intercepts.ingest import ingest_source
from intercepts.sources.http import make_session
from tests.faults import harness

PAGE = (harness.NIGHT / "t.me/s/shapsha_vv.html").read_bytes()
HTML = {"Content-Type": "text/html; charset=utf-8"}


def settings_for(warehouse, **kw) -> Settings:
    base = dict(
        warehouse=warehouse,
        connect_timeout_s=1,
        read_timeout_s=1,
        retries=2,
        backoff_factor_s=0.01,
        max_response_bytes=200_000,
    )
    return Settings(**{**base, **kw})


def ingest(url: str, warehouse, kind: str = "telegram", **settings_kw) -> dict:
    source = Source(
        id="kaluga_governor",
        kind=kind,
        url=url,
        publisher="Governor of Kaluga Region",
        claimant_kind="official_regional",
        language="ru",
        timezone="Europe/Moscow",
    )
    settings = settings_for(warehouse, **settings_kw)
    session = make_session(settings)
    try:
        return ingest_source(source, settings, "run-1", session)
    finally:
        session.close()


def assert_quarantined(warehouse, stage: str, reason_part: str) -> dict:
    rows = harness.quarantined(warehouse)
    assert [(r["source_id"], r["stage"]) for r in rows] == [("kaluga_governor", stage)]
    assert reason_part in rows[0]["reason"]
    return rows[0]


# (route on the server, expected status, words the reason must contain, requests the server saw)
FAILURES = {
    "HTTP 500 on every try": (dict(body=PAGE, fail_first=99, fail_status=500), "HTTP 500", 3),
    "HTTP 503 on every try": (dict(body=PAGE, fail_first=99, fail_status=503), "503", 3),
    "HTTP 404": (dict(body=b"gone", status=404), "HTTP 404", 1),
    "HTTP 410 with a hostile status phrase": (
        dict(body=b"", status=410, reason="[/red] '); DROP TABLE x; --"),
        "HTTP 410",
        1,
    ),
    "a server that never answers in time": (dict(body=PAGE, delay_s=1.5), "timeout", 3),
    "a server that trickles a byte every 20 ms": (
        dict(body=PAGE, trickle_s=0.02, headers=HTML),
        "took longer",
        1,
    ),
    "a body cut short of its Content-Length": (
        dict(body=PAGE, truncate_to=500, headers=HTML),
        "truncated",
        None,
    ),
    "a declared length over the cap": (dict(body=b"x" * 300_000), "too large", 1),
    "a gzip bomb (60 MB of zeros in 60 KB)": (
        dict(body=b"\0" * 60_000_000, gzip=True),
        "too large",
        1,
    ),
    "a redirect loop": (dict(redirect_to="/loop"), "redirects", 6),
}


@pytest.mark.parametrize("fault", list(FAILURES))
def test_fetch_fault_fails_the_source_with_its_reason_and_quarantines_it(http, tmp_path, fault):
    route_kw, reason_part, hits = FAILURES[fault]
    path = "/loop" if "redirect" in fault else "/t.me/s/shapsha_vv.html"
    route = http.route(path, **route_kw)
    started = time.monotonic()
    outcome = ingest(http.url(path), tmp_path)
    assert time.monotonic() - started < 10, "a misbehaving server held the run"
    assert outcome["status"] == "failed" and reason_part in outcome["reason"], outcome
    assert outcome["new_versions"] == 0 and harness.landed_rows(tmp_path) == 0
    if hits is not None:
        assert route.hits == hits
    assert_quarantined(tmp_path, "fetch", reason_part)
    assert harness.partial_files(tmp_path) == []


def test_gzip_bomb_is_stopped_at_the_cap_without_inflating_it(http, tmp_path):
    bomb = gzip.compress(b"\0" * 60_000_000)
    http.route("/bomb", body=b"\0" * 60_000_000, gzip=True)
    started = time.monotonic()
    outcome = ingest(http.url("/bomb"), tmp_path)
    assert outcome["status"] == "failed" and "too large" in outcome["reason"]
    assert len(bomb) < 100_000 and time.monotonic() - started < 2


def test_connection_refused_fails_the_source(tmp_path):
    outcome = ingest("http://127.0.0.1:9/t.me/s/shapsha_vv.html", tmp_path)
    assert outcome["status"] == "failed" and "connection" in outcome["reason"]
    assert_quarantined(tmp_path, "fetch", "connection")


def test_503_then_recovery_lands_everything(http, tmp_path):
    route = http.route("/p", body=PAGE, headers=HTML, fail_first=2, fail_status=503)
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "ok" and route.hits == 3
    assert outcome["new_versions"] == outcome["items_found"] > 0
    assert harness.quarantined(tmp_path) == []


def test_429_retry_after_is_honoured(http, tmp_path):
    route = http.route(
        "/p", body=PAGE, headers=HTML, fail_first=1, fail_status=429, retry_after="1"
    )
    started = time.monotonic()
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "ok" and route.hits == 2
    assert time.monotonic() - started >= 1


def test_429_asking_for_an_hour_does_not_hold_the_run(http, tmp_path):
    # urllib3 would sleep up to 6 hours on Retry-After; the nightly run cannot wait that long.
    http.route("/p", body=PAGE, headers=HTML, fail_first=99, fail_status=429, retry_after="3600")
    started = time.monotonic()
    outcome = ingest(http.url("/p"), tmp_path)
    assert time.monotonic() - started < 10
    assert outcome["status"] == "failed" and "429" in outcome["reason"]


def test_unreadable_retry_after_fails_the_source_instead_of_raising(http, tmp_path):
    http.route(
        "/p", body=PAGE, headers=HTML, fail_first=99, fail_status=503, retry_after="soon, maybe"
    )
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "failed" and "Retry-After" in outcome["reason"]


def test_redirect_to_another_host_is_followed_and_the_final_url_kept(http, tmp_path):
    http.route("/page", body=PAGE, headers=HTML)
    other_host = http.url("/page").replace("127.0.0.1", "localhost")
    http.route("/moved", redirect_to=other_host)
    outcome = ingest(http.url("/moved"), tmp_path)
    assert outcome["status"] == "ok" and outcome["new_versions"] > 0
    fetch_urls = harness._query(
        "SELECT DISTINCT fetch_url FROM read_parquet(?)",
        [str(tmp_path / "raw/documents/**/*.parquet")],
    )
    assert fetch_urls == [(other_host,)]


def test_redirect_to_a_local_file_is_refused(http, tmp_path):
    http.route("/moved", redirect_to="file:///etc/passwd")
    outcome = ingest(http.url("/moved"), tmp_path)
    assert outcome["status"] == "failed"
    row = assert_quarantined(tmp_path, "fetch", "")
    assert not row["raw"] and b"root:" not in (row["raw"] or b"")


def test_redirect_to_a_closed_port_fails_the_source(http, tmp_path):
    http.route("/moved", redirect_to="http://127.0.0.1:9/elsewhere")
    outcome = ingest(http.url("/moved"), tmp_path)
    assert outcome["status"] == "failed" and "connection" in outcome["reason"]


@pytest.mark.parametrize(
    "content_type",
    [None, "application/octet-stream", "application/json", "text/plain; charset=bogus-1"],
)
def test_wrong_or_missing_content_type_still_reads_the_page(http, tmp_path, content_type):
    http.route("/p", body=PAGE, headers={"Content-Type": content_type} if content_type else {})
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "ok" and outcome["new_versions"] == outcome["items_found"] > 0
    texts = " ".join(
        r[0]
        for r in harness._query(
            "SELECT text FROM read_parquet(?)", [str(tmp_path / "raw/documents/**/*.parquet")]
        )
    )
    assert "уничтожены" in texts and "\ufffd" not in texts


def test_cp1251_page_without_a_charset_header_is_decoded_from_its_meta(http, tmp_path):
    http.route(
        "/p",
        body=(harness.FIXTURES / "telegram_cp1251.html").read_bytes(),
        headers={"Content-Type": "text/html"},
    )
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "ok"
    [(text,)] = harness._query(
        "SELECT text FROM read_parquet(?)", [str(tmp_path / "raw/documents/**/*.parquet")]
    )
    assert text == "Над территорией Белгородской области перехвачены 9 БПЛА."


def test_cp1251_page_served_as_utf8_lands_with_replacement_characters_not_a_crash(http, tmp_path):
    # The server lies about the charset: the HTTP header wins (as in browsers), the bytes are
    # undecodable as UTF-8, and the post lands readable-with-U+FFFD rather than failing the source.
    http.route(
        "/p",
        body=(harness.FIXTURES / "telegram_cp1251.html").read_bytes(),
        headers={"Content-Type": "text/html; charset=utf-8"},
    )
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "ok" and outcome["new_versions"] == 1


def test_invalid_utf8_bytes_become_replacement_characters(http, tmp_path):
    http.route(
        "/p", body=(harness.FIXTURES / "telegram_invalid_utf8.html").read_bytes(), headers=HTML
    )
    outcome = ingest(http.url("/p"), tmp_path)
    assert outcome["status"] == "ok"
    [(text,)] = harness._query(
        "SELECT text FROM read_parquet(?)", [str(tmp_path / "raw/documents/**/*.parquet")]
    )
    assert text.startswith(
        "Над территорией Белгородской области перехвачены \ufffd"
    ) and text.endswith("8 БПЛА.")


def test_a_page_sent_again_without_validators_is_not_parsed_again(http, tmp_path):
    # A server with no ETag or Last-Modified sends the same bytes every night: they are
    # recognised, nothing is parsed or looked up; a changed page is read as usual.
    night = harness.SITE_DIR / "night-2" / "t.me/s/mod_russia.html"
    http.route("/p", body=night.read_bytes(), headers=HTML)
    first = ingest(http.url("/p"), tmp_path)
    assert first["status"] == "ok" and first["new_versions"] > 0
    again = ingest(http.url("/p"), tmp_path)
    assert again["status"] == "not_modified" and "same bytes" in again["reason"]
    assert harness.landed_rows(tmp_path) == first["new_versions"]
    later = harness.SITE_DIR / "night-3" / "t.me/s/mod_russia.html"
    http.route("/p", body=later.read_bytes(), headers=HTML)
    assert ingest(http.url("/p"), tmp_path)["status"] == "ok"
