from datetime import UTC, datetime

import pytest

from intercepts.sources import ParseError, parse
from intercepts.sources.telegram import parse as parse_telegram

PAGE_URL = "https://t.me/s/mod_russia"


@pytest.fixture
def posts(fixture_bytes):
    items = parse_telegram(fixture_bytes("telegram_mod_russia.html"), url=PAGE_URL)
    return {item.key: item for item in items}


def test_one_item_per_post_in_page_order(fixture_bytes):
    items = parse_telegram(fixture_bytes("telegram_mod_russia.html"), url=PAGE_URL)
    assert [item.key for item in items] == [
        "mod_russia/48811",
        "mod_russia/48812",
        "mod_russia/48813",
        "mod_russia/48814",
        "mod_russia/48815",
    ]


def test_service_post_is_not_an_item(posts):
    assert "mod_russia/48810" not in posts


def test_photo_only_post_is_an_item_with_no_text_and_its_photo(posts):
    photo = posts["mod_russia/48812"]
    assert (photo.text, photo.url) == ("", "https://t.me/mod_russia/48812")
    assert photo.media == ("https://cdn4.cdn-telegram.org/file/48812.jpg",)
    assert photo.published_at == datetime(2026, 3, 7, 5, 2, 44, tzinfo=UTC)


def test_a_captioned_video_has_its_text_and_its_file(posts):
    assert posts["mod_russia/48813"].media == ("https://cdn4.cdn-telegram.org/file/48813.mp4",)
    assert posts["mod_russia/48811"].media == ()  # emoji and the avatar are not media


@pytest.fixture
def media_posts(fixture_bytes):
    items = parse_telegram(fixture_bytes("telegram_media_posts.html"), url=PAGE_URL)
    return {item.key: item for item in items}


def test_every_post_of_a_page_with_media_only_posts_is_an_item(media_posts):
    assert list(media_posts) == [
        "mod_russia/60101",  # itemised interceptions
        "mod_russia/60102",  # a meeting: text, no claim
        "mod_russia/60103",  # an album of two photos (its second photo is post 60104)
        "mod_russia/60105",  # a video too big for the preview
        "mod_russia/60106",  # a PDF
    ]


@pytest.mark.parametrize(
    ("key", "media"),
    [
        ("mod_russia/60103", ("https://cdn4.cdn-telegram.org/file/Xq0mPa1.jpg",
                              "https://cdn4.cdn-telegram.org/file/Xq0mPa2.jpg")),
        # no file on the preview ("Media is too big"): the thumbnail stands for it
        ("mod_russia/60105", ("https://cdn4.cdn-telegram.org/file/Vt60105.jpg",)),
        ("mod_russia/60106", ("https://t.me/mod_russia/60106",)),
    ],
)  # fmt: skip
def test_media_only_posts_carry_their_links_and_no_text(media_posts, key, media):
    post = media_posts[key]
    assert (post.text, post.media, post.url) == ("", media, f"https://t.me/{key}")
    assert post.published_at is not None and post.raw.startswith("<div")


def test_media_links_are_not_taken_from_the_quoted_reply(fixture_bytes):
    body = fixture_bytes("telegram_mod_russia.html")
    assert parse_telegram(body, url=PAGE_URL)[3].key == "mod_russia/48814"
    assert parse_telegram(body, url=PAGE_URL)[3].media == ()


def test_captioned_video_keeps_its_caption(posts):
    assert posts["mod_russia/48813"].text.startswith("Расчеты ЗРК «Панцирь-С»")


def test_itemised_list_keeps_one_region_a_line_with_emoji(posts):
    lines = posts["mod_russia/48811"].text.split("\n")
    assert lines == [
        "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 124 "
        "украинских беспилотных летательных аппарата самолетного типа:",
        "▪️ 29 – над территорией Брянской области,",
        "▪️ 15 – над территорией Орловской области,",
        "▪️ 11 – над территорией Белгородской области,",
        "▪️ 3 – над территорией Московской области, в том числе 1, летевший на Москву.",
    ]


def test_double_br_is_one_blank_line(posts):
    assert posts["mod_russia/48813"].text == (
        "Расчеты ЗРК «Панцирь-С» уничтожают воздушные цели\n\n🎥 Кадры боевой работы."
    )


def test_url_is_the_permalink_built_from_data_post(posts):
    assert posts["mod_russia/48811"].url == "https://t.me/mod_russia/48811"
    # the date link carries ?single; the permalink does not
    assert posts["mod_russia/48814"].url == "https://t.me/mod_russia/48814"


def test_key_does_not_depend_on_the_page_url(fixture_bytes):
    body = fixture_bytes("telegram_mod_russia.html")
    first = parse_telegram(body, url=PAGE_URL)
    paged = parse_telegram(body, url="http://127.0.0.1:8000/s/mod_russia?before=48900")
    assert [(i.key, i.url) for i in first] == [(i.key, i.url) for i in paged]


def test_published_at_is_utc_aware(posts):
    assert posts["mod_russia/48811"].published_at == datetime(2026, 3, 7, 4, 30, 12, tzinfo=UTC)
    assert posts["mod_russia/48811"].published_at.utcoffset().total_seconds() == 0


def test_post_without_time_has_no_date(posts):
    assert posts["mod_russia/48815"].published_at is None


def test_edited_flag_from_meta(posts):
    assert posts["mod_russia/48813"].edited is True
    assert posts["mod_russia/48811"].edited is False


def test_forwarded_post_names_the_original_channel(posts):
    assert posts["mod_russia/48814"].forwarded_from == "Военное обозрение"
    assert posts["mod_russia/48811"].forwarded_from is None


def test_quoted_reply_is_not_part_of_the_text(posts):
    assert "124" not in posts["mod_russia/48814"].text


def test_script_and_sql_looking_text_stays_inert_text(posts):
    assert posts["mod_russia/48814"].text == (
        "Текст <script>alert(1)</script> и '; DROP TABLE claims; -- остаются текстом.\n"
        "Вторая строка."
    )


def test_raw_is_the_posts_own_markup(posts):
    raw = posts["mod_russia/48811"].raw
    assert raw.startswith("<div") and 'data-post="mod_russia/48811"' in raw
    assert "mod_russia/48812" not in raw


def test_title_is_none(posts):
    assert posts["mod_russia/48811"].title is None


def test_empty_channel_gives_no_items(fixture_bytes):
    assert parse_telegram(fixture_bytes("telegram_empty_channel.html"), url=PAGE_URL) == []


def test_a_page_that_is_not_a_preview_is_a_parse_error(fixture_bytes):
    with pytest.raises(ParseError, match="not a Telegram channel preview"):
        parse_telegram(fixture_bytes("telegram_not_a_channel.html"), url=PAGE_URL)


def test_invalid_utf8_does_not_crash(fixture_bytes):
    body = fixture_bytes("telegram_mod_russia.html").replace(
        "Вторая строка".encode(), b"\xff\xfe\xfa broken"
    )
    items = parse_telegram(body, url=PAGE_URL)
    assert "\ufffd" in {i.key: i for i in items}["mod_russia/48814"].text


def test_registry_dispatches_telegram(fixture_bytes):
    items = parse("telegram", fixture_bytes("telegram_mod_russia.html"), url=PAGE_URL)
    assert len(items) == 5


def test_registry_rejects_an_unknown_kind():
    with pytest.raises(ParseError, match="unknown source kind 'gopher'"):
        parse("gopher", b"", url=PAGE_URL)
