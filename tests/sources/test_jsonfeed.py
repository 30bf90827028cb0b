from datetime import UTC, datetime

import pytest

from intercepts.sources import ParseError, parse
from intercepts.sources.jsonfeed import parse as parse_json

FEED_URL = "https://okskie-vesti.example/feed.json"


@pytest.fixture
def entries(fixture_bytes):
    return parse_json(fixture_bytes("jsonfeed_outlet.json"), url=FEED_URL)


def test_entries_with_an_id_or_url_in_feed_order(entries):
    assert [e.key for e in entries] == [
        "oka-2025-07-20-pvo",
        "1042",  # a numeric id, as its decimal text
        "https://okskie-vesti.example/news/no-id",  # no id: the url
    ]


def test_dates_with_offsets_become_utc(entries):
    assert entries[0].published_at == datetime(2025, 7, 20, 5, 40, tzinfo=UTC)
    assert entries[1].published_at == datetime(2025, 7, 19, 6, 2, tzinfo=UTC)


def test_entry_without_dates_has_no_published_at(entries):
    assert entries[2].published_at is None


def test_modified_after_published_is_edited(entries):
    assert [e.edited for e in entries] == [True, False, False]


def test_content_html_becomes_plain_text_with_line_breaks(entries):
    assert entries[0].text == (
        "В период с 21:00 до 07:50 мск силами ПВО уничтожены три беспилотника.\n"
        "\n"
        "Пострадавших нет.\n"
        "Доступ к местам падения обломков ограничен."
    )


def test_content_text_keeps_its_lines_and_stays_inert(entries):
    assert entries[1].text == (
        "Первая строка.\nВторая строка: <script>alert(1)</script> и '; DROP TABLE claims; --"
    )
    assert entries[1].title == "Сводка: строки и <script>"


def test_summary_is_the_text_when_there_is_no_content(entries):
    assert entries[2].text == "Краткое описание."


def test_url_is_the_entrys_own(entries):
    assert entries[0].url == "https://okskie-vesti.example/news/oka-2025-07-20-pvo"


def test_raw_is_the_entry_as_json(entries):
    assert '"id":"oka-2025-07-20-pvo"' in entries[0].raw
    assert "1042" not in entries[0].raw


def test_empty_feed_gives_no_items(fixture_bytes):
    assert parse_json(fixture_bytes("jsonfeed_empty.json"), url=FEED_URL) == []


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("jsonfeed_truncated.json", r"not JSON: Unterminated string"),
        ("jsonfeed_not_a_feed.json", r'not a JSON Feed \(no top-level "items" list\)'),
    ],
)
def test_broken_feeds_are_parse_errors(fixture_bytes, fixture, message):
    with pytest.raises(ParseError, match=message):
        parse_json(fixture_bytes(fixture), url=FEED_URL)


def test_invalid_utf8_is_replaced_not_fatal(fixture_bytes):
    body = fixture_bytes("jsonfeed_outlet.json").replace("Краткое".encode(), b"\xff\xfe")
    entries = parse_json(body, url=FEED_URL)
    assert entries[2].text.startswith("\ufffd")


def test_registry_dispatches_json(fixture_bytes):
    assert len(parse("json", fixture_bytes("jsonfeed_outlet.json"), url=FEED_URL)) == 3
