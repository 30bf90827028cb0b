"""The bundled sample site: every snapshot parses with its source's parser."""

import tomllib
from pathlib import Path

import pytest

from intercepts.sources import PARSERS, parse

SAMPLES = Path(__file__).parents[2] / "intercepts" / "samples"
SOURCES = tomllib.loads((SAMPLES / "sources.toml").read_text(encoding="utf-8"))["source"]
NIGHTS = sorted(p.name for p in (SAMPLES / "site").iterdir() if p.is_dir())


def _path(source: dict) -> str:
    return source["url"].removeprefix("{sample_base}/")


def _items(night: str, source_id: str):
    source = next(s for s in SOURCES if s["id"] == source_id)
    body = (SAMPLES / "site" / night / _path(source)).read_bytes()
    return {i.key: i for i in parse(source["kind"], body, url=source["url"])}


def test_three_nights():
    assert NIGHTS == ["night-1", "night-2", "night-3"]


@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s["id"])
def test_source_entry_is_complete(source):
    keys = {"id", "kind", "url", "publisher", "claimant_kind", "language", "timezone", "comment"}
    assert keys <= source.keys()
    assert source["kind"] in PARSERS
    assert source["claimant_kind"] in {
        "official_federal",
        "official_regional",
        "official_foreign",
        "media",
    }
    assert source["url"].startswith("{sample_base}/")


@pytest.mark.parametrize("night", NIGHTS)
@pytest.mark.parametrize("source", SOURCES, ids=lambda s: s["id"])
def test_every_snapshot_parses_with_its_kind(night, source):
    path = SAMPLES / "site" / night / _path(source)
    if source["id"] == "openwire_kaluga" and night != "night-3":
        assert not path.exists()  # published on the morning of night-3
        return
    items = parse(source["kind"], path.read_bytes(), url=source["url"])
    assert items
    for item in items:
        assert item.text.strip() or item.media  # a post with no text has its media
        assert item.published_at is not None and item.published_at.utcoffset().total_seconds() == 0


def test_the_edited_post_changes_between_night_1_and_night_2():
    before = _items("night-1", "mod_russia")["mod_russia/52104"]
    after = _items("night-2", "mod_russia")["mod_russia/52104"]
    assert (before.edited, after.edited) == (False, True)
    assert before.text != after.text
    assert "12 – над территорией Курской области" in before.text
    assert "14 – над территорией Курской области" in after.text
    assert before.url == after.url == "https://t.me/mod_russia/52104"


def test_telegram_previews_keep_earlier_posts():
    keys = [set(_items(night, "mod_russia")) for night in NIGHTS]
    assert keys[0] < keys[1] < keys[2]


def test_night_3_ministry_post_is_one_region_a_line():
    post = _items("night-3", "mod_russia")["mod_russia/52108"]
    assert post.text.split("\n")[1:] == [
        "▪️ 31 – над территорией Брянской области,",
        "▪️ 17 – над территорией Орловской области,",
        "▪️ 10 – над территорией Московской области, в том числе 3, летевших на Москву.",
    ]


def test_service_posts_are_not_items_and_media_only_posts_are_with_no_text():
    posts = _items("night-3", "mod_russia")
    assert "mod_russia/52100" not in posts
    assert [
        (posts[k].text, len(posts[k].media)) for k in ("mod_russia/52103", "mod_russia/52107")
    ] == [
        ("", 1),
        ("", 1),
    ]


def test_the_article_text_is_the_seed_article():
    seed = (SAMPLES / "seed_article.txt").read_text(encoding="utf-8").strip()
    (article,) = _items("night-3", "openwire_kaluga").values()
    assert article.text == seed
    assert article.published_at.isoformat() == "2025-07-20T06:30:00+00:00"


def test_the_governors_night_3_post():
    post = _items("night-3", "kaluga_governor")["shapsha_vv/7806"]
    assert post.text.startswith(
        "Сегодня в период с 21:00 до 07:50 мск силами ПВО уничтожены три БПЛА"
    )


def test_the_misquote_is_in_the_feed():
    item = _items("night-2", "tass_en")["https://tass.com/defense/1990701"]
    assert "6 over the Tula Region" in item.text


def test_generator_reproduces_the_committed_site():
    from intercepts.samples.build_site import site_files

    for number, night in enumerate(NIGHTS, start=1):
        expected = site_files(number)
        on_disk = {
            str(p.relative_to(SAMPLES / "site" / night)): p.read_text(encoding="utf-8")
            for p in (SAMPLES / "site" / night).rglob("*")
            if p.is_file()
        }
        assert on_disk == expected, f"{night} differs from build_site.py: regenerate it"
