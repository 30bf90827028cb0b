"""Build a warehouse from hand-written claims on real Parquet files (no extractor involved),
so the SQL models are tested on exactly the claims a scenario needs."""

from __future__ import annotations

import hashlib
from datetime import UTC, datetime

import pyarrow as pa

from intercepts import landing
from intercepts.config import Source
from intercepts.extraction import CLAIM_STRUCT, EXTRACTION_SCHEMA, claims_dir
from intercepts.sources.base import Item

REGIONS = pa.Table.from_pylist(
    [
        {
            "code": c,
            "name_en": n,
            "name_ru": None,
            "name_uk": None,
            "country": c[:2],
            "kind": "region",
        }
        for c, n in [
            ("RU-BRY", "Bryansk Region"),
            ("RU-ORL", "Oryol Region"),
            ("RU-MOS", "Moscow Region"),
            ("RU-MOW", "Moscow"),
            ("RU-KLU", "Kaluga Region"),
            ("UA-43", "Crimea"),
            ("RU-VOR", "Voronezh Region"),
            ("RU-BEL", "Belgorod Region"),
        ]
    ]
)


def source(sid: str, kind: str = "official_federal") -> Source:
    return Source(
        id=sid,
        kind="telegram",
        url=f"http://127.0.0.1/{sid}",
        publisher=sid,
        claimant_kind=kind,
        language="ru",
        timezone="Europe/Moscow",
    )


def land_doc(
    warehouse, src: Source, key: str, text: str, published: datetime, fetched: datetime, run_id="r1"
) -> str:
    landing.land_items(
        warehouse,
        src,
        [
            Item(
                key=key,
                url=f"https://t.me/{key}",
                title=None,
                published_at=published,
                raw=text,
                text=text,
            )
        ],
        run_id=run_id,
        fetched_at=fetched,
        fetch_url=src.url,
    )
    doc_id = landing.doc_id_for(src.id, key)
    return f"{doc_id}-{landing.content_sha256(None, text)[:12]}"


def claim(
    version_id: str,
    text: str,
    quote: str,
    *,
    scope="region",
    codes=(),
    count=None,
    claimant="MoD",
    claimant_kind="official_federal",
    night="2025-07-20",
    ws=None,
    we=None,
    parent=None,
    action="intercepted",
    key=None,
) -> dict:
    start = text.index(quote)
    row = {name: None for name in CLAIM_STRUCT.names}
    key = key or hashlib.sha1(f"{quote}{scope}{codes}{count}".encode()).hexdigest()[:12]
    row.update(
        claim_id=hashlib.sha256(f"{version_id}{key}".encode()).hexdigest()[:20],
        claim_key=key,
        parent_claim_id=parent,
        claimant=claimant,
        claimant_kind=claimant_kind,
        scope=scope,
        region_codes=list(codes),
        region_names_raw=[],
        count=count,
        action=action,
        weapon="uav",
        window_start=ws,
        window_end=we,
        night_ending=night,
        districts=[],
        increment=False,
        running_total=False,
        char_start=start,
        char_end=start + len(quote),
        quote=quote,
    )
    return row


def write_extractions(
    warehouse, by_version: dict[str, list[dict]], name: str = "part-test"
) -> None:
    rows = [
        {
            "version_id": v,
            "doc_id": v.rsplit("-", 1)[0],
            "extractor_version": "test",
            "run_id": "r1",
            "extracted_at": datetime.now(UTC),
            "error": None,
            "claims": c,
            "rejects": [],
        }
        for v, c in by_version.items()
    ]
    landing.write_atomically(
        pa.Table.from_pylist(rows, schema=EXTRACTION_SCHEMA), claims_dir(warehouse), name
    )
