"""Parquet and CSV copies of every mart, for tools that read files rather than DuckDB.

Written after each successful build to ``<warehouse>/exports/<mart>.parquet`` and
``<mart>.csv``. Each file is written beside its final name and renamed over it, so a
reader sees either last night's complete file or tonight's, never half of one.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import duckdb

EXPORTS_DIR = "exports"
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
    """Write every mart as Parquet and CSV; returns ``{mart: {"rows", "parquet", "csv"}}``.

    Reads ``db`` on a read-only connection. CSV writes list columns in DuckDB's text form
    (``[a, b]``); Parquet keeps them as lists. A mart that no longer exists is removed
    from the folder, so the exports always mirror the warehouse."""
    out_dir = out_dir or db.parent / EXPORTS_DIR
    out_dir.mkdir(parents=True, exist_ok=True)
    written: dict[str, dict] = {}
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")  # timestamps in the CSV read the same on every machine
        for mart in exportable_marts(con):
            rows = con.execute(f'SELECT count(*) FROM "{mart}"').fetchone()[0]  # noqa: S608 - checked identifier
            paths = {}
            for fmt, options in (
                ("parquet", "FORMAT parquet, COMPRESSION zstd"),
                ("csv", "FORMAT csv, HEADER true"),
            ):
                final = out_dir / f"{mart}.{fmt}"
                tmp = out_dir / f".{mart}.{fmt}.{os.getpid()}.tmp"
                try:
                    con.execute(f"COPY (SELECT * FROM \"{mart}\") TO '{_literal(tmp)}' ({options})")  # noqa: S608
                    os.replace(tmp, final)
                finally:
                    tmp.unlink(missing_ok=True)
                paths[fmt] = final
            written[mart] = {"rows": rows, **paths}
    finally:
        con.close()
    for stale in out_dir.iterdir():
        name, _, suffix = stale.name.partition(".")
        if suffix in ("parquet", "csv") and name not in written:
            stale.unlink()
    return written


def exported_marts(db: Path, out_dir: Path | None = None) -> dict[str, dict] | None:
    """What `export_marts` returned for this build, read back without writing; None when a
    mart's files are missing (then they must be written)."""
    out_dir = out_dir or db.parent / EXPORTS_DIR
    con = duckdb.connect(str(db), read_only=True)
    try:
        listing = {}
        for mart in exportable_marts(con):
            paths = {fmt: out_dir / f"{mart}.{fmt}" for fmt in ("parquet", "csv")}
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
