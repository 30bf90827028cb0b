"""DuckDB connections for the pipeline's own work, with memory bounded.

DuckDB takes up to 80% of RAM by default; a nightly job sharing a machine with BI tools
should not. ``INTERCEPTS_DUCKDB_MEMORY_LIMIT`` (default ``512MB``) caps it, and larger sorts
and joins spill to a temporary directory instead of growing the process. The cap decides
most of the pipeline's peak memory: from about 1M documents on, a whole build holds all of
it (488 MiB by ``duckdb_memory()`` at 1M and at 2M). When the cap was chosen, a whole build
of 1M documents peaked at 786 MiB under 512MB instead of 1,247 under 1GB (67 s instead of
60), a nightly build on 1M took about 10 % longer, and a whole build of 10M claims still
completed (939 MiB), computing the per-night models a range of nights at a time, the range
sized by the cap. Connections also keep no per-file cache (below).
"""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path

import duckdb

DEFAULT_MEMORY_LIMIT = "512MB"
_UNITS = {"": 1, "b": 1, "kb": 10**3, "mb": 10**6, "gb": 10**9, "tb": 10**12}
_UNITS.update({"kib": 2**10, "mib": 2**20, "gib": 2**30, "tib": 2**40})


def memory_limit() -> str:
    """The cap on each of the pipeline's DuckDB connections (``INTERCEPTS_DUCKDB_MEMORY_LIMIT``)."""
    return os.environ.get("INTERCEPTS_DUCKDB_MEMORY_LIMIT", DEFAULT_MEMORY_LIMIT)


def memory_limit_bytes() -> int:
    """The cap in bytes, read as DuckDB reads it ("512MB", "1.5GB", "800MiB"); a cap we cannot
    read counts as the default (DuckDB itself then refuses it when connecting)."""
    return _bytes(memory_limit()) or _bytes(DEFAULT_MEMORY_LIMIT) or 0


def _bytes(setting: str) -> int | None:
    m = re.fullmatch(r"\s*([0-9]+(?:\.[0-9]+)?)\s*([A-Za-z]*)\s*", setting)
    unit = _UNITS.get(m.group(2).lower()) if m else None
    return int(float(m.group(1)) * unit) if m and unit else None


def connect(path: Path | str | None = None) -> duckdb.DuckDBPyConnection:
    spill = Path(tempfile.gettempdir()) / "intercepts-duckdb-spill"
    spill.mkdir(parents=True, exist_ok=True)
    config = {
        "memory_limit": memory_limit(),
        "temp_directory": str(spill),
        # lets large CREATE TABLE AS SELECT stream and spill instead of holding every row
        # in memory to keep file order; no model relies on row order (lists and ranks are
        # ordered explicitly, and the re-run tests compare marts row for row)
        "preserve_insertion_order": False,
        # With it on, DuckDB also keeps the metadata of every Parquet file it opens (its
        # object cache) until the connection closes: memory that grows with the files read,
        # not bounded by the cap. The pipeline reads each landed file once per connection,
        # so it gains nothing from the cache. Extracting 1M landed documents (46k files),
        # the main process peaked at 277 MiB with it and 240 without; 2M: 330 and 253.
        "enable_external_file_cache": False,
    }
    return duckdb.connect(str(path) if path is not None else ":memory:", config=config)


# How the pipeline reads a list of its own Parquet files: columns matched by name across
# files (files written before a column joined a schema lack it; without ``union_by_name``
# DuckDB takes the first file's columns and silently drops one only later files have), and
# no hive partition columns added from the paths.
READ_PARQUET_OPTIONS = "hive_partitioning = false, union_by_name = true"


def parquet_columns(con, paths: list[str]) -> set[str]:
    """The column names any of ``paths`` has, read as the pipeline reads them."""
    return {
        r[0]
        for r in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet(?, {READ_PARQUET_OPTIONS})",  # noqa: S608 - fixed text
            [paths],
        ).fetchall()
    }
