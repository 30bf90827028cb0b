"""Parquet, CSV and JSON-lines copies of every mart, and a checksum manifest, for tools and
people that fetch files rather than open DuckDB.

Written after each successful build to ``<warehouse>/exports/``: ``<mart>.parquet``,
``<mart>.csv`` and ``<mart>.jsonl`` for every mart and view, then ``manifest.json``.
Each file is written beside its final name and renamed over it, so a reader sees either
last night's complete file or tonight's, never half of one. The manifest is written last,
the same way: it lists every file with its row count and SHA-256, so a job that fetches
the folder from a fixed address can tell a complete new file from one it caught mid-way
(its checksum does not match yet) and knows when the whole set has changed (``built_at``).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
from datetime import UTC, datetime
from pathlib import Path

import duckdb

EXPORTS_DIR = "exports"
MANIFEST_NAME = "manifest.json"
FORMATS = ("parquet", "csv", "jsonl")
_OPTIONS = {
    "parquet": "FORMAT parquet, COMPRESSION zstd",
    "csv": "FORMAT csv, HEADER true",
    "jsonl": "FORMAT json",  # newline-delimited: one object a row, keys in column order
}
_IDENT = re.compile(r"^[a-z_][a-z0-9_]*$")


def exportable_marts(con: duckdb.DuckDBPyConnection) -> list[str]:
    """The marts layer's tables and views (not its table macros), by name."""
    names = [
        r[0]
        for r in con.execute(
            "SELECT model FROM meta_models WHERE layer = 'marts' AND materialization IN ('table', 'view') ORDER BY model"
        ).fetchall()
    ]
    return [n for n in names if _IDENT.match(n)]  # names go into SQL: only plain identifiers


def export_marts(db: Path, out_dir: Path | None = None) -> dict[str, dict]:
    """Write every mart as Parquet, CSV and JSON lines, then ``manifest.json``; returns
    ``{mart: {"rows", "parquet", "csv", "jsonl"}}``.

    Reads ``db`` on a read-only connection. CSV writes list columns in DuckDB's text form
    (``[a, b]``); Parquet keeps them as lists, JSON lines as arrays. A mart that no longer
    exists is removed from the folder, so the exports always mirror the warehouse."""
    out_dir = out_dir or db.parent / EXPORTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict] = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")  # timestamps in the CSV read the same on every machine
        for mart in exportable_marts(con):
            rows = con.execute(f'SELECT count(*) FROM "{mart}"').fetchone()[0]  # noqa: S608 - checked identifier
            paths = {}
            for fmt in FORMATS:
                final = out_dir / f"{mart}.{fmt}"
                tmp = out_dir / f".{mart}.{fmt}.{os.getpid()}.tmp"
                query = _jsonl_select(con, mart) if fmt == "jsonl" else f'SELECT * FROM "{mart}"'  # noqa: S608
                try:
                    con.execute(f"COPY ({query}) TO '{_literal(tmp)}' ({_OPTIONS[fmt]})")  # noqa: S608
                    os.replace(tmp, final)
                finally:
                    tmp.unlink(missing_ok=True)
                paths[fmt] = final
            written[mart] = {"rows": rows, **paths}
    finally:
        con.close()
    for stale in out_dir.iterdir():
        name, _, suffix = stale.name.partition(".")
        if suffix in FORMATS and name not in written:
            stale.unlink()
    write_manifest(out_dir, written, built_at(db))
    return written


def _jsonl_select(con: duckdb.DuckDBPyConnection, mart: str) -> str:
    """The mart's columns in their order, timestamps as ISO 8601 text in UTC
    (``2025-07-20T04:00:00Z``, with microseconds only when there are some); dates are
    already ``2025-07-20`` and lists JSON arrays in DuckDB's JSON writer."""
    columns = con.execute(
        "SELECT column_name, data_type FROM information_schema.columns "
        "WHERE table_name = ? ORDER BY ordinal_position",
        [mart],
    ).fetchall()
    select = []
    for name, data_type in columns:
        col = '"' + name.replace('"', '""') + '"'
        if data_type in ("TIMESTAMP WITH TIME ZONE", "TIMESTAMP"):
            zone = "Z" if data_type == "TIMESTAMP WITH TIME ZONE" else ""
            select.append(
                f"strftime({col}, '%Y-%m-%dT%H:%M:%S') "
                f"|| CASE WHEN epoch_us({col}) % 1000000 <> 0 THEN strftime({col}, '.%f') ELSE '' END "
                f"|| '{zone}' AS {col}"
            )
        else:
            select.append(col)
    return f'SELECT {", ".join(select)} FROM "{mart}"'  # noqa: S608 - catalog identifiers


def built_at(db: Path) -> str:
    """When the warehouse file was built (a build renames its new file in), ISO 8601 UTC."""
    stamp = datetime.fromtimestamp(db.stat().st_mtime, UTC).replace(microsecond=0)
    return stamp.isoformat().replace("+00:00", "Z")


def sha256_of(path: Path, chunk_bytes: int = 1 << 20) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while block := fh.read(chunk_bytes):
            digest.update(block)
    return digest.hexdigest()


def write_manifest(out_dir: Path, written: dict[str, dict], when: str) -> Path:
    """``manifest.json``: every exported file with its mart, format, rows, bytes, SHA-256 and
    the build it came from, sorted by file name; renamed into place after every file it lists."""
    files = [
        {
            "file": path.name,
            "mart": mart,
            "format": fmt,
            "rows": listing["rows"],
            "bytes": path.stat().st_size,
            "sha256": sha256_of(path),
            "built_at": when,
        }
        for mart, listing in written.items()
        for fmt, path in listing.items()
        if fmt in FORMATS
    ]
    files.sort(key=lambda f: f["file"])
    manifest = out_dir / MANIFEST_NAME
    tmp = out_dir / f".{MANIFEST_NAME}.{os.getpid()}.tmp"
    try:
        tmp.write_text(
            json.dumps({"built_at": when, "files": files}, indent=2, ensure_ascii=False) + "\n",
            encoding="utf-8",
        )
        os.replace(tmp, manifest)
    finally:
        tmp.unlink(missing_ok=True)
    return manifest


def exported_marts(db: Path, out_dir: Path | None = None) -> dict[str, dict] | None:
    """What `export_marts` returned for this build, read back without writing; None when a
    mart's files or the manifest are missing (then they must be written)."""
    out_dir = out_dir or db.parent / EXPORTS_DIR
    if not (out_dir / MANIFEST_NAME).exists():
        return None
    con = duckdb.connect(str(db), read_only=True)
    try:
        listing = {}
        for mart in exportable_marts(con):
            paths = {fmt: out_dir / f"{mart}.{fmt}" for fmt in FORMATS}
            if not all(p.exists() for p in paths.values()):
                return None
            rows = con.execute(f'SELECT count(*) FROM "{mart}"').fetchone()[0]  # noqa: S608 - checked identifier
            listing[mart] = {"rows": rows, **paths}
        return listing
    finally:
        con.close()


def _literal(path: Path) -> str:
    """A path as a SQL string literal's body (COPY ... TO takes no bound parameter)."""
    return str(path).replace("'", "''")


def manifest_mismatches(out_dir: Path) -> list[str]:
    """Files in ``out_dir`` that do not match its manifest (missing, or a different SHA-256),
    by name: what a downstream job checks before it trusts a fetched folder. Empty: complete."""
    listed = json.loads((out_dir / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    return [
        entry["file"]
        for entry in listed
        if not (out_dir / entry["file"]).is_file()
        or sha256_of(out_dir / entry["file"]) != entry["sha256"]
    ]
