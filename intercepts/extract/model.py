"""The records extraction produces: pure data, no behaviour.

A *claim* is one number one claimant states about one scope (a region, several regions
together, a total, or a subset of another claim) in one time window. A *reject* is a
statement the extractor recognised but refused to turn into a claim (an unknown place,
an unreadable number); it goes to the quarantine with the phrase and the reason.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, fields
from datetime import datetime
from pathlib import Path

EXTRACTOR_RELEASE = "0.2.0"


def _fingerprint() -> str:
    """Hash of the extractor's code and data: any change to a rule or a gazetteer form
    gives a new version, so the pipeline re-reads everything with it instead of mixing
    claims of two extractors (the old partition stays, rebuildable from raw)."""
    here = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*here.glob("*.py"), *(here / "data").glob("*")]):
        if path.is_file():
            digest.update(path.name.encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:10]


EXTRACTOR_VERSION = f"{EXTRACTOR_RELEASE}+{_fingerprint()}"

SCOPES = ("region", "regions", "total", "subset")
CLAIMANT_KINDS = (
    "official_federal",
    "official_regional",
    "official_foreign",
    "media",
    "unattributed",
)
# 'unattributed': a news text states the figure without saying whose it is (the claimant
# is then 'unattributed', or the text's own words for it, e.g. 'unnamed agency').


@dataclass(frozen=True)
class DocumentInput:
    """What the extractor reads. ``published_at`` is timezone-aware (UTC or any offset);
    ``timezone`` is the IANA zone the publisher writes its clock times in."""

    doc_id: str
    text: str
    published_at: datetime
    language: str = "ru"
    timezone: str = "Europe/Moscow"
    publisher: str | None = None
    claimant_kind: str | None = None  # kind of the *publisher* (from the sources file)
    url: str | None = None
    title: str | None = None
    # the ISO 3166-2 region the publishing source speaks for (a regional official's channel):
    # statements of the source that name no place are filed under it
    region: str | None = None


@dataclass
class Claim:
    doc_id: str
    claim_id: str  # stable: hash of doc_id, char span and the claim's key fields
    claimant: str  # who makes the claim, as attributed in the text (not the outlet)
    claimant_kind: str  # one of CLAIMANT_KINDS
    scope: str  # one of SCOPES
    region_codes: list[str]  # ISO 3166-2, SEA-*, or 'UA' for Ukraine as a whole; sorted
    region_names_raw: list[str]  # the place phrases exactly as written
    count: int | None  # None = figure withheld / not stated; never 0 for unknown
    count_qualifier: str | None  # None (exact), 'at_least', 'more_than', 'about', 'up_to'
    action: str  # 'intercepted' | 'shot_down' | 'shot_down_or_suppressed' | 'launched' | 'attacked' | 'suppressed'
    weapon: str  # 'uav' | 'missile' | 'cruise_missile' | 'ballistic_missile' | 'guided_bomb' | ...
    window_start: str | None  # ISO 8601 with offset, only when the text states it
    window_end: str | None
    window_precision: str | None  # 'minute' | 'hour' | 'part_of_day' | 'day' | None
    night_ending: str | None  # YYYY-MM-DD local date the night ends on (see timewin.night_ending)
    period: str | None  # 'night' | 'day' | '24h' | None
    parent_claim_id: str | None  # for scope='subset' (and itemised regions -> total)
    direction: str | None  # e.g. 'towards Moscow' for subsets; a direction is not a place
    districts: list[str]  # district / city names the text gives inside the region
    increment: bool  # 'ещё N': adds to earlier posts of the same night
    running_total: bool  # a summary that contains the earlier increments
    char_start: int  # span in the document's plain text, quote == text[char_start:char_end]
    char_end: int
    quote: str  # the sentence (or list item) the claim was read from
    extractor_version: str = EXTRACTOR_VERSION
    attributed_publisher: str | None = None  # the outlet that published it (filled by the pipeline)
    event_date: str | None = (
        None  # YYYY-MM-DD local date when the text gives a day, not a night ("On July 17")
    )
    count_text: str | None = (
        None  # the number as written in the quote ("73", "трёх"); None for a bare singular
    )
    # the documented class of what was intercepted (``weapons.WEAPON_CLASSES``: drone, decoy,
    # cruise_missile, ballistic_missile, anti_ship_missile, guided_bomb, mlrs_rocket,
    # aircraft, aerial_target, missile, naval_drone) and the named type ("Shahed", "Kh-101")
    weapon_class: str | None = None
    weapon_type: str | None = None

    def to_record(self) -> dict:
        """The claim as a plain dict, fields in order (what ``asdict`` gives: the only
        containers are lists of strings, copied; without ``asdict``'s deep copy, which
        cost a tenth of the extraction time)."""
        return {
            name: list(v) if isinstance(v := getattr(self, name), list) else v
            for name in _CLAIM_FIELDS
        }


_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))


@dataclass
class Reject:
    """A statement that looked like a claim but could not be read safely."""

    doc_id: str
    stage: str  # 'extract'
    reason: str  # e.g. 'unknown_place', 'unreadable_number'
    phrase: str  # the offending phrase, as written
    char_start: int
    char_end: int
    quote: str
    extractor_version: str = EXTRACTOR_VERSION

    def to_record(self) -> dict:
        return asdict(self)


@dataclass
class ExtractionResult:
    claims: list[Claim] = field(default_factory=list)
    rejects: list[Reject] = field(default_factory=list)
