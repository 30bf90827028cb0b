"""The shipped catalog of real sources (intercepts/catalog/real.toml) keeps its promises:
every claimant kind and language the data needs, entries the pipeline accepts, and no URL
trusted without having been checked."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from intercepts.catalog import REAL_SOURCES, resolve_sources
from intercepts.config import CLAIMANT_KINDS, load_sources
from intercepts.sources import PARSERS

README = Path(__file__).parent.parent / "README.md"
TELEGRAM_PREVIEW = re.compile(r"^https://t\.me/s/[A-Za-z0-9_]{5,32}$")
# The regions that report interceptions most often; each needs an official on the list.
REQUIRED_REGIONS = {
    "RU-MOW": "Moscow", "RU-BEL": "Belgorod", "RU-BRY": "Bryansk", "RU-KRS": "Kursk",
    "RU-ORL": "Oryol", "RU-VOR": "Voronezh", "RU-KLU": "Kaluga", "RU-TUL": "Tula",
    "RU-ROS": "Rostov", "RU-KDA": "Krasnodar", "RU-MOS": "Moscow Region",
    "UA-43": "Crimea", "UA-40": "Sevastopol",
}  # fmt: skip


@pytest.fixture(scope="module")
def sources():
    return load_sources(REAL_SOURCES)


@pytest.fixture(scope="module")
def entries():
    """The raw tables, for the keys `load_sources` does not keep (region, verified_on)."""
    return tomllib.loads(REAL_SOURCES.read_text(encoding="utf-8"))["source"]


def test_at_least_fifteen_sources(sources):
    assert len(sources) >= 15


def test_every_claimant_kind_is_present(sources):
    assert {s.claimant_kind for s in sources} == set(CLAIMANT_KINDS)


def test_russian_ukrainian_and_english(sources):
    assert {s.language for s in sources} >= {"ru", "uk", "en"}


def test_every_kind_has_a_parser(sources):
    assert {s.kind for s in sources} <= set(PARSERS)


def test_ids_and_urls_are_unique(sources):
    assert len({s.id for s in sources}) == len(sources)
    assert len({s.url for s in sources}) == len(sources)


def test_timezones_are_iana_zones(sources):
    for source in sources:
        ZoneInfo(source.timezone)  # raises for an unknown zone


def test_no_url_is_trusted_without_a_check(entries):
    """Written offline: an entry is `checked = false`, or checked with the date it was verified."""
    for entry in entries:
        verified_on = str(entry.get("verified_on", ""))
        if entry.get("checked", True):
            assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", verified_on), entry["id"]


def test_every_entry_says_what_it_publishes(sources):
    for source in sources:
        assert len(source.comment) > 40, source.id


def test_telegram_sources_are_public_previews(sources):
    for source in sources:
        if source.kind == "telegram":
            assert TELEGRAM_PREVIEW.match(source.url), source.id


def test_the_required_officials_and_the_two_ministries_are_listed(sources, entries):
    regions = {e.get("region") for e in entries if e["claimant_kind"] == "official_regional"}
    assert set(REQUIRED_REGIONS) <= regions, sorted(set(REQUIRED_REGIONS) - regions)
    urls = {s.url for s in sources}
    assert {"https://t.me/s/mod_russia", "https://t.me/s/kpszsu"} <= urls
    (kpszsu,) = [s for s in sources if s.url == "https://t.me/s/kpszsu"]
    assert (kpszsu.claimant_kind, kpszsu.language, kpszsu.timezone) == (
        "official_foreign",
        "uk",
        "Europe/Kyiv",
    )


def test_regional_publishers_name_their_region(sources, entries):
    """The extractor falls back on the publisher's name for the region a claim is about."""
    names = {e["id"]: REQUIRED_REGIONS.get(e.get("region")) for e in entries}
    for source in sources:
        if source.claimant_kind == "official_regional" and names[source.id]:
            assert names[source.id] in source.publisher, source.id


def test_the_catalog_name_resolves_to_the_bundled_file(tmp_path):
    assert resolve_sources("real") == REAL_SOURCES
    own = tmp_path / "real"
    own.write_text("", encoding="utf-8")
    assert resolve_sources(own) == own  # an existing path wins over the catalog name


def test_the_catalog_ships_inside_the_package():
    assert REAL_SOURCES.is_file()
    assert REAL_SOURCES.parent.name == "catalog"
    assert REAL_SOURCES.parent.parent.name == "intercepts"


def test_readme_lists_every_shipped_source(sources):
    """The README's table of real sources is written by hand: it must not drift from the file."""
    readme = README.read_text(encoding="utf-8")
    section = readme.split("## Real sources", 1)[1].split("\n## ", 1)[0]
    listed = set(re.findall(r"^\| `([a-z0-9_-]+)` \|", section, re.M))
    assert listed == {s.id for s in sources}


def test_readme_documents_the_check_command():
    readme = README.read_text(encoding="utf-8")
    assert "intercepts sources check --sources real" in readme
    assert "intercepts/catalog/real.toml" in readme
