"""The seed article must come out exactly as issue 2 expects."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from intercepts.extract.claims import extract
from intercepts.extract.model import DocumentInput

SEED = Path(__file__).parents[1] / "fixtures" / "extract" / "seed_article.txt"


@pytest.fixture(scope="module")
def seed():
    text = SEED.read_text(encoding="utf-8")
    doc = DocumentInput(
        doc_id="seed",
        text=text,
        published_at=datetime(2025, 7, 20, 6, 30, tzinfo=UTC),
        language="en",
        publisher="news outlet",
        claimant_kind="media",
    )
    return text, extract(doc).claims


def _key(c):
    return (c.scope, tuple(c.region_codes), c.count)


def test_exactly_the_expected_claims(seed):
    _, claims = seed
    assert sorted(map(_key, claims), key=str) == sorted(
        [
            ("region", ("RU-KLU",), 3),
            ("total", (), 73),
            ("region", ("RU-BRY",), 31),
            ("region", ("RU-ORL",), 17),
            ("region", ("RU-MOS",), 10),
            ("subset", ("RU-MOW",), 3),
            ("total", (), 22),
            ("regions", ("RU-BRY", "UA-43"), 10),
        ],
        key=str,
    )


def test_kaluga_is_the_governors_with_his_window(seed):
    _, claims = seed
    kaluga = next(c for c in claims if c.region_codes == ["RU-KLU"])
    assert kaluga.claimant == "Governor of Kaluga Region"
    assert kaluga.claimant_kind == "official_regional"
    assert (kaluga.window_start, kaluga.window_end) == (
        "2025-07-19T21:00:00+03:00",
        "2025-07-20T07:50:00+03:00",
    )
    assert kaluga.night_ending == "2025-07-20"


def test_ministry_figures_carry_the_ministry_window(seed):
    _, claims = seed
    ministry = [c for c in claims if c.claimant == "Ministry of Defence of the Russian Federation"]
    assert sorted(c.count for c in ministry) == [3, 10, 17, 31, 73]
    for c in ministry:
        assert (c.window_start, c.window_end) == (
            "2025-07-19T23:00:00+03:00",
            "2025-07-20T07:00:00+03:00",
        )
        assert c.night_ending == "2025-07-20"


def test_itemised_regions_hang_under_the_total_and_the_subset_under_moscow_region(seed):
    _, claims = seed
    total = next(c for c in claims if c.count == 73)
    items = [c for c in claims if c.scope == "region" and c.claimant == total.claimant]
    assert {c.parent_claim_id for c in items} == {total.claim_id}
    assert sum(c.count for c in items) == 58  # unallocated 15
    subset = next(c for c in claims if c.scope == "subset")
    moscow_region = next(c for c in claims if c.region_codes == ["RU-MOS"])
    assert subset.parent_claim_id == moscow_region.claim_id
    assert subset.direction == "towards Moscow"


def test_july_17_is_one_count_over_two_regions_by_an_unnamed_claimant(seed):
    _, claims = seed
    july = [c for c in claims if c.event_date == "2025-07-17"]
    assert sorted(_key(c) for c in july) == [
        ("regions", ("RU-BRY", "UA-43"), 10),
        ("total", (), 22),
    ]
    for c in july:
        assert c.night_ending is None
        assert c.claimant_kind == "unattributed"
        assert "Ministry" not in c.claimant


def test_every_quote_is_the_text_at_its_span_and_holds_its_number(seed):
    text, claims = seed
    for c in claims:
        assert text[c.char_start : c.char_end] == c.quote
    words = {3: "three", 22: "22", 73: "73", 31: "31", 17: "17", 10: "10"}
    for c in claims:
        assert words[c.count] in c.quote


def test_claim_ids_are_unique_and_stable(seed):
    text, claims = seed
    again = extract(
        DocumentInput(
            doc_id="seed",
            text=text,
            published_at=datetime(2025, 7, 20, 6, 30, tzinfo=UTC),
            language="en",
            publisher="news outlet",
            claimant_kind="media",
        )
    ).claims
    assert [c.claim_id for c in claims] == [c.claim_id for c in again]
    assert len({c.claim_id for c in claims}) == len(claims)


@pytest.mark.parametrize(
    "publisher_zone", ["Europe/Moscow", "UTC", "America/New_York", "Asia/Tokyo"]
)
def test_moscow_time_is_read_in_moscow_whatever_the_outlets_zone(publisher_zone):
    """An outlet in any zone that writes "between 21:00 and 07:50 Moscow time" at 06:30 UTC
    (09:30 in Moscow) reports the night that ended that morning in Moscow."""
    doc = DocumentInput(
        doc_id="seed",
        text=SEED.read_text(encoding="utf-8"),
        published_at=datetime(2025, 7, 20, 6, 30, tzinfo=UTC),
        language="en",
        timezone=publisher_zone,
        publisher="news outlet",
        claimant_kind="media",
    )
    kaluga = next(c for c in extract(doc).claims if c.region_codes == ["RU-KLU"])
    assert (kaluga.night_ending, kaluga.window_start, kaluga.window_end) == (
        "2025-07-20",
        "2025-07-19T21:00:00+03:00",
        "2025-07-20T07:50:00+03:00",
    )
