"""The build's inputs: the landed and extracted Parquet, listed and fingerprinted.

Each input (`Input`) is a folder of Parquet files read into one ``src_*`` table. A listing
(`list_inputs`) is an Arrow table of every file's path, size and modification time; its
hash with the build's logic (`inputs_fingerprint`) says whether anything a build reads
changed since the last one.
"""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from intercepts import duck, landing
from intercepts.extraction import EXTRACTION_SCHEMA, claims_dir

_DUCK_TYPES = {
    "bool": "BOOLEAN",
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "double": "DOUBLE",
    "binary": "BLOB",
    "timestamp[us, tz=UTC]": "TIMESTAMPTZ",
}


def select_parquet(con, paths: list[str], schema: pa.Schema, exclude: tuple[str, ...]) -> str:
    """The column list that reads ``paths`` (with ``READ_OPTIONS``) as ``schema``.

    Columns are matched by name across files, and a column missing from every file reads
    as NULL: files written before a column joined the schema lack it, and without
    ``union_by_name`` DuckDB takes the first file's columns and silently drops a column
    only later files have (a tombstone's ``deleted`` flag, say)."""
    present = duck.parquet_columns(con, paths)
    return ", ".join(
        f'"{f.name}"'
        if f.name in present
        else f'CAST(NULL AS {_DUCK_TYPES[str(f.type)]}) AS "{f.name}"'
        for f in schema
        if f.name not in exclude
    )


READ_OPTIONS = duck.READ_PARQUET_OPTIONS


@dataclass(frozen=True)
class Input:
    table: str
    root: Path
    recursive: bool  # files in subdirectories too (partitions), or only directly in root
    schema: pa.Schema
    exclude: tuple[str, ...] = ()
    by_document: bool = False  # has doc_id: its new rows name the documents to restage


def warehouse_inputs(warehouse: Path) -> list[Input]:
    raw = warehouse / "raw"
    return [
        # The fetched markup (raw_body, as large as the text and often larger) stays in the
        # Parquet: no model reads it, and the extractor already turned it into `text`.
        # published_date is published_at's UTC day, for pruning a scan of raw/ by date.
        Input(
            "src_documents",
            raw / "documents",
            True,
            landing.DOCUMENT_SCHEMA,
            ("raw_body", "published_date"),
            by_document=True,
        ),
        Input("src_fetches", raw / "fetches", True, landing.FETCH_SCHEMA),
        Input("src_quarantine", raw / "quarantine", True, landing.QUARANTINE_SCHEMA),
        Input(
            "src_extractions",
            claims_dir(warehouse),
            False,  # batch files; a new extractor version is a new directory
            EXTRACTION_SCHEMA,
            by_document=True,
        ),
    ]


LISTING_SCHEMA = pa.schema([("path", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64())])


def list_files(inp: Input) -> pa.Table:
    """Every Parquet file of an input (absolute ``path``, ``size``, ``mtime_ns``), sorted by
    path. Arrow, not a dict: years of history are hundreds of thousands of files, held
    through the whole build, and a Python dict of them took 355 bytes a file (15.6 MiB for
    the 46k files of 1M documents), these columns 150 (6.9 MiB)."""
    paths: list[str] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    for entry in landing.walk_files(inp.root, recursive=inp.recursive):
        st = entry.stat()
        paths.append(entry.path)
        sizes.append(st.st_size)
        mtimes.append(st.st_mtime_ns)
    table = pa.table([paths, sizes, mtimes], schema=LISTING_SCHEMA)
    return table.take(pc.sort_indices(table, [("path", "ascending")])) if len(table) else table


# The inputs whose files a build's fingerprint covers (the fetch log is left out on purpose).
FINGERPRINTED = ("src_documents", "src_quarantine", "src_extractions")


def list_inputs(warehouse: Path, tables=None) -> dict[str, pa.Table]:
    """The Parquet files of each input (or of ``tables``): a table of ``path``, ``size`` and
    ``mtime_ns``, sorted by path (`list_files`). A build lists them once, for its fingerprint
    and its stage."""
    return {
        inp.table: list_files(inp)
        for inp in warehouse_inputs(warehouse)
        if tables is None or inp.table in tables
    }


def inputs_fingerprint(
    warehouse: Path, logic: str, listing: dict[str, pa.Table] | None = None
) -> str:
    """A hash of everything a build reads: the landed and extracted Parquet (by name, size
    and modification time: files are immutable once renamed into place) and ``logic``, the
    models, their tests, the reference tables and DuckDB (`logic_fingerprint`). Equal
    fingerprints give identical marts.

    The per-run fetch log (``raw/fetches``) is left out on purpose: a night where nothing
    changed adds a log file but must not cost a rebuild."""
    listing = listing if listing is not None else list_inputs(warehouse, FINGERPRINTED)
    digest = hashlib.sha256()
    cut = len(str(warehouse)) + len(os.sep)  # the listed paths begin with the warehouse's
    for table in FINGERPRINTED:
        for batch in listing[table].to_batches(max_chunksize=_FINGERPRINT_BATCH):
            rows = zip(*(batch.column(k).to_pylist() for k in LISTING_SCHEMA.names), strict=True)
            for path, size, mtime in rows:
                digest.update(f"{path[cut:]}\x1f{size}\x1f{mtime}\n".encode())
    digest.update(logic.encode())
    return digest.hexdigest()


_FINGERPRINT_BATCH = 65_536  # listed files turned into Python objects at a time
