from datetime import UTC, datetime

import pytest

from intercepts.sources import ParseError, parse
from intercepts.sources.feeds import parse as parse_feed

FEED_URL = "https://tass.com/rss/v2.xml"


def _items(fixture_bytes, name, **kwargs):
    return parse_feed(fixture_bytes(name), url=FEED_URL, **kwargs)


@pytest.fixture
def tass(fixture_bytes):
    return _items(fixture_bytes, "rss_tass_en.xml")


def test_rss_entries_in_feed_order(tass):
    assert [i.key for i in tass] == [
        "tass-1923001",
        "https://tass.com/defense/1923002",
        "https://tass.com/society/1923003",
    ]


def test_key_is_guid_else_link(tass):
    assert tass[0].key == "tass-1923001" and tass[0].url == "https://tass.com/defense/1923001"
    assert tass[1].key == tass[1].url == "https://tass.com/defense/1923002"


def test_pubdate_with_offset_becomes_utc(tass):
    assert tass[0].published_at == datetime(2025, 8, 21, 7, 20, tzinfo=UTC)
    assert tass[0].published_at.tzinfo is UTC


def test_content_encoded_preferred_and_html_becomes_lines(tass):
    assert tass[0].text == (
        "BRYANSK, August 21. /TASS/. No one was hurt after air defence units brought down 23 "
        "Ukrainian UAVs above the Bryansk Region during the night, Governor Alexander Bogomaz "
        "said in a Telegram post on Wednesday.\n"
        "\n"
        "Earlier the Russian Defence Ministry put the overnight figure at 45:\n"
        "- 20 over the Moscow Region,\n"
        "- 13 over the Bryansk Region.\n"
        "\n"
        "Follow us on Telegram."
    )


def test_scripts_in_descriptions_are_dropped(tass):
    assert "track(" not in tass[0].text


def test_escaped_html_in_a_plain_description_is_read_as_html(tass):
    assert tass[1].text.endswith("No damage was reported.")


def test_script_and_sql_looking_text_stays_inert_text(tass):
    assert tass[2].title == "Hostile <script> in a headline"
    assert (
        tass[2].text == 'A reader wrote: <script>alert("x")</script> and \'; DROP TABLE claims; --'
    )


def test_raw_is_the_entry_xml_as_served(tass):
    assert tass[0].raw.startswith("<item>") and tass[0].raw.endswith("</item>")
    assert '<guid isPermaLink="false">tass-1923001</guid>' in tass[0].raw
    assert "tass-1923002" not in tass[0].raw


def test_atom_entries_ids_and_utc_times(fixture_bytes):
    first, second = _items(fixture_bytes, "atom_air_force.xml")
    assert first.key == "tag:mil.gov.ua,2025:news/18072025"
    assert first.url == "https://example.mil.gov.ua/news/18072025"
    assert first.published_at == datetime(2025, 7, 18, 6, 10, tzinfo=UTC)
    assert first.text.split("\n\n") == [
        "У ніч на 18 липня (з 18:00 17 липня) противник атакував 57 ударними БпЛА.",
        "Станом на 08:30 протиповітряною обороною збито/подавлено 39 ворожих БпЛА.",
    ]
    assert first.raw.startswith("<entry>") and first.raw.endswith("</entry>")


def test_atom_updated_after_published_is_edited(fixture_bytes):
    first, second = _items(fixture_bytes, "atom_air_force.xml")
    assert first.edited is True
    assert second.edited is False


def test_atom_entry_without_published_uses_updated(fixture_bytes):
    _, second = _items(fixture_bytes, "atom_air_force.xml")
    assert second.published_at == datetime(2025, 7, 18, 12, 0, tzinfo=UTC)


def test_atom_html_title_and_plain_summary_lines(fixture_bytes):
    _, second = _items(fixture_bytes, "atom_air_force.xml")
    assert second.title == "Оновлення без дати публікації"
    assert second.text == "Рядок перший.\nРядок другий."


def test_empty_feed_gives_no_items(fixture_bytes):
    assert _items(fixture_bytes, "rss_empty.xml") == []


def test_items_without_dates_have_no_published_at(fixture_bytes):
    items = _items(fixture_bytes, "rss_no_dates.xml")
    assert [i.published_at for i in items] == [None, None]


def test_item_without_guid_or_link_gets_a_stable_content_key(fixture_bytes):
    first = _items(fixture_bytes, "rss_no_dates.xml")[1]
    again = _items(fixture_bytes, "rss_no_dates.xml")[1]
    assert first.key.startswith("sha256:") and first.key == again.key
    assert first.url == FEED_URL


def test_windows_1251_feed_from_its_xml_declaration(fixture_bytes):
    (item,) = _items(fixture_bytes, "rss_bryansk_cp1251.xml")
    assert item.title == "Над Брянской областью уничтожены 15 беспилотников"
    assert item.text == (
        "Губернатор Александр Богомаз сообщил:\n"
        "«Над территорией области уничтожены 15 БПЛА самолетного типа.»"
    )
    assert item.published_at == datetime(2024, 11, 16, 5, 30, tzinfo=UTC)


def test_http_charset_overrides_the_xml_declaration(fixture_bytes):
    body = fixture_bytes("rss_tass_en.xml").replace(b'encoding="UTF-8"', b'encoding="koi8-r"')
    items = parse_feed(body, url=FEED_URL, content_type="application/rss+xml; charset=utf-8")
    assert items[0].title.endswith("— governor")


def test_invalid_utf8_is_replaced_not_fatal(fixture_bytes):
    body = fixture_bytes("rss_tass_en.xml").replace(b"Seven drones", b"Seven \xff\xfe drones")
    items = parse_feed(body, url=FEED_URL)
    assert "\ufffd" in items[1].text


@pytest.mark.parametrize(
    ("fixture", "message"),
    [
        ("rss_malformed.xml", r"malformed XML: mismatched tag: line 8"),
        ("xml_billion_laughs.xml", r"declares an entity 'lol'.*entity-expansion bomb"),
        ("xml_external_entity.xml", r"external entity 'xxe' \(file:///etc/passwd\)"),
        ("rss_netscape_doctype.xml", r"declares a DTD"),
        ("not_a_feed.xhtml", r"not an RSS or Atom feed \(root element <html>\)"),
    ],
)
def test_unsafe_or_broken_feeds_are_parse_errors(fixture_bytes, fixture, message):
    with pytest.raises(ParseError, match=message) as error:
        _items(fixture_bytes, fixture)
    assert str(error.value).startswith(FEED_URL)


def test_empty_body_is_a_parse_error():
    with pytest.raises(ParseError, match="empty body"):
        parse_feed(b"  \n", url=FEED_URL)


@pytest.mark.parametrize("kind", ["rss", "atom"])
def test_registry_reads_both_dialects_for_either_kind(fixture_bytes, kind):
    assert len(parse(kind, fixture_bytes("atom_air_force.xml"), url=FEED_URL)) == 2
    assert len(parse(kind, fixture_bytes("rss_tass_en.xml"), url=FEED_URL)) == 3
