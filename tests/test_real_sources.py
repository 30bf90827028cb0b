"""The shipped catalog of real sources (intercepts/catalog/real.toml) keeps its promises:
every claimant kind and language the data needs, every answering channel of the reference
list, real region codes, entries the pipeline accepts, no URL trusted without having been
checked, subsets by role and region, and a generated table in docs/sources.md."""

from __future__ import annotations

import csv
import re
import tomllib
from pathlib import Path
from zoneinfo import ZoneInfo

import pycountry
import pytest

from intercepts.catalog import (
    REAL_SOURCES,
    ROLES,
    resolve_sources,
    select_sources,
    sources_parameter,
    subset_names,
)
from intercepts.catalog import docs as catalog_docs
from intercepts.config import CLAIMANT_KINDS, ConfigError, load_sources
from intercepts.sources import PARSERS

ROOT = Path(__file__).parent.parent
README = ROOT / "README.md"
# The channels of Russian regional officials a public monitoring project configured in
# September 2026, and whether each answered in its run of 21-24 September 2026.
REFERENCE = ROOT.parent / "shared" / "reference" / "official_channels.csv"
KEYS = {"id", "kind", "url", "publisher", "claimant_kind", "language", "timezone", "checked",
        "comment", "region", "listed_by", "stale_after_days", "verified_on"}  # fmt: skip
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


def test_every_regional_official_carries_its_region(sources):
    """The region decides where a post that names no place goes ("сбиты 4 беспилотника")."""
    for source in sources:
        if source.claimant_kind == "official_regional":
            assert source.region, source.id


def test_every_entry_has_known_keys_and_says_where_its_name_comes_from(entries):
    for entry in entries:
        assert set(entry) <= KEYS, (entry["id"], set(entry) - KEYS)
        assert entry["checked"] is False or entry.get("verified_on"), entry["id"]
        assert len(entry.get("listed_by", "")) > 10, entry["id"]


def test_every_region_code_is_a_real_iso_3166_2_code(sources):
    for source in sources:
        if source.region:
            assert pycountry.subdivisions.get(code=source.region) is not None, source.id


def _reference() -> list[dict]:
    with REFERENCE.open(encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference list is not here")
def test_every_answering_channel_of_the_reference_list_is_in_the_catalog(sources):
    by_channel = {
        s.url.removeprefix("https://t.me/s/").lower(): s for s in sources if s.kind == "telegram"
    }
    answered = [r for r in _reference() if r["answered_2026_09"] == "true"]
    assert len(answered) == 52
    for row in answered:
        source = by_channel.get(row["channel"].lower())
        assert source is not None, row["channel"]
        assert (source.region, source.claimant_kind) == (row["region_code"], "official_regional")


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared reference list is not here")
def test_every_channel_of_the_reference_list_left_out_is_named_with_a_reason():
    text = REAL_SOURCES.read_text(encoding="utf-8")
    comments = "\n".join(line for line in text.splitlines() if line.startswith("#"))
    urls = {u.lower() for u in re.findall(r'^url = "https://t\.me/s/([^"]+)"', text, re.M)}
    for row in _reference():
        if row["channel"].lower() not in urls:
            assert re.search(rf"\b{re.escape(row['channel'])}\b", comments), row["channel"]


def test_the_ukrainian_side_has_the_air_force_general_staff_and_oblast_administrations(sources):
    ukraine = [s for s in sources if s.claimant_kind == "official_foreign"]
    urls = {s.url for s in ukraine}
    assert {"https://t.me/s/kpszsu", "https://t.me/s/GeneralStaffZSU"} <= urls
    oblasts = {s.region for s in ukraine if s.region}
    assert len(oblasts) >= 5 and all(code.startswith("UA-") for code in oblasts)
    assert {s.language for s in ukraine} == {"uk"}


def test_outlets_in_russian_ukrainian_and_english(sources):
    assert {s.language for s in sources if s.claimant_kind == "media"} >= {"ru", "uk", "en"}


def test_the_catalog_name_resolves_to_the_bundled_file(tmp_path):
    assert resolve_sources("real") == REAL_SOURCES
    assert resolve_sources("real:RU-BEL") == REAL_SOURCES
    own = tmp_path / "real"
    own.write_text("", encoding="utf-8")
    assert resolve_sources(own) == own  # an existing path wins over the catalog name


def test_the_catalog_ships_inside_the_package():
    assert REAL_SOURCES.is_file()
    assert REAL_SOURCES.parent.name == "catalog"
    assert REAL_SOURCES.parent.parent.name == "intercepts"


def test_the_committed_table_is_the_one_the_catalog_gives():
    """docs/sources.md's table is generated: `python -m intercepts.catalog.docs` after a change."""
    assert catalog_docs.committed_block() == catalog_docs.generated_block()


def test_the_table_lists_every_source_once(sources):
    block = catalog_docs.committed_block()
    listed = re.findall(r"^\| [^|]+ \| [a-z]+ \| `([a-z0-9_-]+)` \|", block, re.M)
    assert sorted(listed) == sorted(s.id for s in sources)


def test_the_table_is_rewritten_in_place_keeping_the_prose(tmp_path):
    doc = tmp_path / "sources.md"
    doc.write_text(
        f"# Prose\n\n{catalog_docs.BEGIN}\nstale\n{catalog_docs.END}\n\nMore.\n", "utf-8"
    )
    text = catalog_docs.write(doc).read_text(encoding="utf-8")
    assert text.startswith("# Prose\n\n") and text.endswith("\n\nMore.\n")
    assert "stale" not in text and "`kpszsu`" in text


@pytest.mark.parametrize("role", list(ROLES))
def test_a_role_selects_its_claimant_kind(sources, role):
    chosen = select_sources(f"real:{role}")
    assert chosen and {s.claimant_kind for s in chosen} == {ROLES[role]}
    assert [s.id for s in chosen] == [s.id for s in sources if s.claimant_kind == ROLES[role]]


def test_the_roles_partition_the_catalog(sources):
    ids = [s.id for role in ROLES for s in select_sources(f"real:{role}")]
    assert sorted(ids) == sorted(s.id for s in sources)
    assert [s.id for s in select_sources("real")] == [s.id for s in sources]


def test_a_region_selects_every_source_of_that_region():
    assert {s.id for s in select_sources("real:RU-KDA")} == {
        "krasnodar_opershtab", "krasnodar_governor", "sochi_official", "anapa_mayor",
    }  # fmt: skip
    assert {s.region for s in select_sources("real:UA-63")} == {"UA-63"}


@pytest.mark.parametrize("name", ["real:everything", "real:RU-AMU", "real:"])
def test_an_unknown_subset_is_refused_listing_the_valid_names(name):
    if name == "real:":
        assert len(select_sources(name)) == len(select_sources("real"))
        return
    with pytest.raises(ConfigError, match="valid names: real, real:federal, real:regional") as e:
        select_sources(name)
    assert "real:RU-BEL" in str(e.value) and "real:UA-63" in str(e.value)


def test_the_valid_names_are_the_roles_then_the_regions():
    names = subset_names()
    assert names[:5] == ["real", "real:federal", "real:regional", "real:ukraine", "real:media"]
    assert names[5:] == sorted(names[5:]) and "real:RU-BEL" in names


def test_a_deployment_keeps_a_catalog_name_and_makes_a_file_absolute(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert sources_parameter("real:regional") == "real:regional"
    assert sources_parameter("mine.toml") == str(tmp_path / "mine.toml")
    (tmp_path / "real:media").write_text("", encoding="utf-8")
    assert sources_parameter("real:media") == str(tmp_path / "real:media")  # a file wins


def test_readme_documents_the_check_command():
    readme = README.read_text(encoding="utf-8")
    assert "intercepts sources check --sources real" in readme
    assert "intercepts/catalog/real.toml" in readme


@pytest.mark.parametrize(
    "command",
    [
        ["sources", "check"],
        ["run"],
        ["backfill", "--from", "2026-11-01"],
        ["serve"],
    ],
)
def test_every_command_refuses_an_unknown_subset_before_fetching(command, tmp_path):
    from typer.testing import CliRunner

    from intercepts.cli import app

    args = [*command, "--sources", "real:RU-XX", "--warehouse", str(tmp_path / "wh")]
    if command == ["sources", "check"]:
        args = args[:-2]
    result = CliRunner().invoke(app, args, env={"COLUMNS": "300"})
    assert result.exit_code == 2, result.output
    assert "valid names: real, real:federal" in " ".join(result.output.split())
