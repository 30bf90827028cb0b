from datetime import UTC, datetime

import pytest

from intercepts.sources import ParseError, parse
from intercepts.sources.html import parse as parse_article

PAGE_URL = "https://www.newswire.example/world/europe/bryansk?utm_source=rss"


@pytest.fixture
def article(fixture_bytes):
    (item,) = parse_article(fixture_bytes("article_newswire.html"), url=PAGE_URL)
    return item


def test_title_falls_back_to_the_h1(article):
    assert (
        article.title
        == "Fifteen Ukrainian drones downed over Russia's Bryansk region, governor says"
    )


def test_og_title_wins_over_h1_and_title(fixture_bytes):
    (item,) = parse_article(fixture_bytes("article_kursk_cp1251.html"), url=PAGE_URL)
    assert item.title == "В Курской области сбиты 7 беспилотников"


def test_time_from_time_datetime_in_utc(article):
    assert article.published_at == datetime(2024, 11, 16, 5, 30, tzinfo=UTC)


def test_time_from_article_published_time_meta(fixture_bytes):
    (item,) = parse_article(fixture_bytes("article_kursk_cp1251.html"), url=PAGE_URL)
    assert item.published_at == datetime(2025, 11, 12, 6, 20, tzinfo=UTC)


def test_time_without_offset_is_not_trusted(fixture_bytes):
    (item,) = parse_article(fixture_bytes("article_naive_time.html"), url=PAGE_URL)
    assert item.published_at is None


def test_key_and_url_are_the_canonical_link_made_absolute(article):
    expected = "https://www.newswire.example/world/europe/bryansk-drones-2024-11-16/"
    assert article.key == article.url == expected


def test_without_canonical_the_page_url_is_the_key(fixture_bytes):
    (item,) = parse_article(fixture_bytes("article_naive_time.html"), url=PAGE_URL)
    assert item.key == PAGE_URL


def test_body_is_the_story_one_paragraph_a_line(article):
    assert article.text.split("\n") == [
        "Fifteen Ukrainian drones were shot down above Russia's Bryansk region overnight, its "
        "governor reported early on Saturday.",
        "In several Telegram messages Alexander Bogomaz put the total at 15",
        "and said nothing was damaged and nobody was injured.",
        '"Air defence forces destroyed 15 fixed-wing drones," Bogomaz wrote.',
        "One commenter posted <script>alert(1)</script> and Robert'); DROP TABLE documents;-- "
        "under the report.",
        "Ukraine did not comment.",
        "Reuters could not verify the figures.",
    ]


@pytest.mark.parametrize(
    "boilerplate",
    [
        "Skip to main content",  # outside the article
        "Markets: Brent",  # role=navigation ticker
        "Sections",
        "File photo",  # figure caption
        "Share on X",  # share buttons
        "loadAd",  # script inside the body
        "Markets rally",  # related teaser inside an aside
        "Reporting by Newswire",  # the article's own footer
        "Heatwave",  # teaser articles outside main
        "All quotes delayed",  # site footer
        "enable JavaScript",  # noscript
        "November 16, 2024",  # byline in the article header
    ],
)
def test_navigation_and_boilerplate_are_dropped(article, boilerplate):
    assert boilerplate not in article.text


def test_raw_is_the_whole_page(article, fixture_bytes):
    assert article.raw == fixture_bytes("article_newswire.html").decode("utf-8")


def test_windows_1251_page_from_its_meta_charset(fixture_bytes):
    (item,) = parse_article(fixture_bytes("article_kursk_cp1251.html"), url=PAGE_URL)
    assert item.text == (
        "Минувшей ночью над территорией Курской области дежурными средствами ПВО уничтожены 7 "
        "беспилотных летательных аппаратов, сообщил губернатор.\n"
        "Пострадавших нет."
    )


def test_http_charset_is_honoured(fixture_bytes):
    body = fixture_bytes("article_kursk_cp1251.html").replace(b"windows-1251", b"utf-8")
    (item,) = parse_article(body, url=PAGE_URL, content_type="text/html; charset=windows-1251")
    assert item.text.endswith("Пострадавших нет.")


def test_wrong_charset_is_replacement_characters_not_a_crash(fixture_bytes):
    (item,) = parse_article(
        fixture_bytes("article_kursk_cp1251.html"),
        url=PAGE_URL,
        content_type="text/html; charset=utf-8",
    )
    assert "\ufffd" in item.text


def test_utf8_bom_wins_over_a_wrong_meta_charset(fixture_bytes):
    page = fixture_bytes("article_newswire.html").replace(b'charset="utf-8"', b'charset="koi8-r"')
    (item,) = parse_article(b"\xef\xbb\xbf" + page, url=PAGE_URL)
    assert item.text.startswith("Fifteen Ukrainian drones")


def test_page_without_a_body_is_a_parse_error(fixture_bytes):
    with pytest.raises(ParseError, match="no article text found"):
        parse_article(fixture_bytes("article_no_body.html"), url=PAGE_URL)


def test_registry_dispatches_html(fixture_bytes):
    (item,) = parse("html", fixture_bytes("article_newswire.html"), url=PAGE_URL)
    assert item.title.startswith("Fifteen")
