"""The extraction stage: landed document versions → claims Parquet, incrementally.

Each batch file under ``claims/extractor_version=<v>/`` holds one row per document
version *processed*, with its claims and rejects nested inside. Writing "this version
was read, and here is what it said" as one atomic file means a killed run can neither
lose claims nor write them twice: a version is pending exactly when no file lists it.
Rejected statements and extractor crashes stay in the same file (``rejects``,
``error``); the warehouse's quarantine view lists them beside the fetch and parse
failures of ``raw/quarantine``. A new extractor version starts a new partition and re-reads everything (raw is the
source of truth); the marts read only the current version's partition.

Memory stays bounded: pending versions stream out of DuckDB in record batches.
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from intercepts import landing
from intercepts.extract.model import EXTRACTOR_VERSION, Claim, DocumentInput

_CLAIM_FIELDS = {f.name for f in dataclasses.fields(Claim)}
_LIST = pa.list_(pa.string())

CLAIM_STRUCT = pa.struct(
    [
        ("claim_id", pa.string()),  # unique per document version
        ("claim_key", pa.string()),  # the extractor's id: stable across versions of a post
        ("parent_claim_id", pa.string()),
        ("claimant", pa.string()),
        ("claimant_kind", pa.string()),
        ("scope", pa.string()),
        ("region_codes", _LIST),
        ("region_names_raw", _LIST),
        ("count", pa.int64()),
        ("count_qualifier", pa.string()),
        ("action", pa.string()),
        ("weapon", pa.string()),
        ("window_start", pa.string()),
        ("window_end", pa.string()),
        ("window_precision", pa.string()),
        ("night_ending", pa.string()),
        ("period", pa.string()),
        ("direction", pa.string()),
        ("districts", _LIST),
        ("increment", pa.bool_()),
        ("running_total", pa.bool_()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("quote", pa.string()),
        ("extra", pa.string()),  # JSON of any fields the extractor adds beyond these
    ]
)

REJECT_STRUCT = pa.struct(
    [("reason", pa.string()), ("phrase", pa.string()), ("char_start", pa.int32()),
     ("char_end", pa.int32()), ("quote", pa.string())]
)

EXTRACTION_SCHEMA = pa.schema(
    [
        ("version_id", pa.string()),
        ("doc_id", pa.string()),
        ("extractor_version", pa.string()),
        ("run_id", pa.string()),
        ("extracted_at", pa.timestamp("us", tz="UTC")),
        ("error", pa.string()),  # the extractor crashed on this document: why
        ("claims", pa.list_(CLAIM_STRUCT)),
        ("rejects", pa.list_(REJECT_STRUCT)),
    ]
)


def claims_dir(warehouse: Path, version: str = EXTRACTOR_VERSION) -> Path:
    return warehouse / "claims" / f"extractor_version={version}"


def _claim_row(version_id: str, claim: Claim) -> dict:
    rec = claim.to_record()
    own = hashlib.sha256(f"{version_id}\x1f{claim.claim_id}".encode()).hexdigest()[:20]
    parent = None
    if claim.parent_claim_id:
        parent = hashlib.sha256(f"{version_id}\x1f{claim.parent_claim_id}".encode()).hexdigest()[:20]
    extra = {k: v for k, v in rec.items() if k not in _CLAIM_FIELDS or k not in CLAIM_STRUCT.names}
    for k in ("doc_id", "claim_id", "parent_claim_id", "extractor_version", "attributed_publisher"):
        extra.pop(k, None)
    row = {name: rec.get(name) for name in CLAIM_STRUCT.names}
    row.update(claim_id=own, claim_key=claim.claim_id, parent_claim_id=parent,
               extra=json.dumps(extra, ensure_ascii=False, sort_keys=True, default=str) if extra else None)
    return row


def read_version(row: dict) -> dict:
    """Extract one landed version; never raises (a crash is recorded as the row's error)."""
    from intercepts.extract.claims import extract  # the extractor loads its gazetteer on first use

    doc = DocumentInput(
        doc_id=row["doc_id"],
        text=row["text"] or "",
        published_at=row["published_at"] or row["fetched_at"],
        language=row["language"],
        timezone=row["timezone"],
        publisher=row["publisher"],
        claimant_kind=row["claimant_kind"],
        url=row["url"],
        title=row["title"],
    )
    out = {"version_id": row["version_id"], "doc_id": row["doc_id"], "error": None, "claims": [], "rejects": []}
    try:
        result = extract(doc)
    except Exception as exc:  # noqa: BLE001 - one bad post must not stop the batch
        out["error"] = f"{type(exc).__name__}: {exc}"
        return out
    out["claims"] = [_claim_row(row["version_id"], c) for c in result.claims]
    out["rejects"] = [
        {"reason": r.reason, "phrase": r.phrase, "char_start": r.char_start, "char_end": r.char_end, "quote": r.quote}
        for r in result.rejects
    ]
    return out


def extract_pending(warehouse: Path, run_id: str, batch_size: int = 5000) -> dict:
    """Extract every landed version not yet read by this extractor version."""
    docs_root = warehouse / "raw" / "documents"
    target = claims_dir(warehouse)
    stats = {"versions": 0, "claims": 0, "rejects": 0, "errors": 0}
    if not landing.has_files(docs_root):
        return stats
    con = duckdb.connect()
    try:
        columns = "doc_id, version_id, text, published_at, fetched_at, language, timezone, publisher, claimant_kind, url, title, source_id"
        if landing.has_files(target):
            reader = con.sql(
                f"SELECT {columns} FROM read_parquet(?, hive_partitioning = false) d "  # noqa: S608 - fixed column list
                "WHERE version_id NOT IN (SELECT version_id FROM read_parquet(?, hive_partitioning = false)) "
                "ORDER BY version_id",
                params=[landing.documents_glob(warehouse), str(target / "*.parquet")],
            ).to_arrow_reader(batch_size)
        else:
            reader = con.sql(
                f"SELECT {columns} FROM read_parquet(?, hive_partitioning = false) ORDER BY version_id",  # noqa: S608
                params=[landing.documents_glob(warehouse)],
            ).to_arrow_reader(batch_size)
        for batch in reader:
            rows = batch.to_pylist()
            now = datetime.now(UTC)
            out_rows = []
            for row in rows:
                out = read_version(row)
                out.update(extractor_version=EXTRACTOR_VERSION, run_id=run_id, extracted_at=now)
                out_rows.append(out)
                stats["claims"] += len(out["claims"])
                stats["rejects"] += len(out["rejects"])
                stats["errors"] += out["error"] is not None
            stats["versions"] += len(rows)
            digest = hashlib.sha256("\n".join(r["version_id"] for r in rows).encode()).hexdigest()[:16]
            landing.write_atomically(pa.Table.from_pylist(out_rows, schema=EXTRACTION_SCHEMA), target, f"part-{digest}")
    finally:
        con.close()
    return stats
