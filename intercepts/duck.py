"""DuckDB connections for the pipeline's own work, with memory bounded.

DuckDB takes up to 80% of RAM by default; a nightly job sharing a machine with BI tools
should not. ``INTERCEPTS_DUCKDB_MEMORY_LIMIT`` (default ``1GB``) caps it, and larger sorts
and joins spill to a temporary directory instead of growing the process.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb


def memory_limit() -> str:
    """The cap on each of the pipeline's DuckDB connections (``INTERCEPTS_DUCKDB_MEMORY_LIMIT``)."""
    return os.environ.get("INTERCEPTS_DUCKDB_MEMORY_LIMIT", "1GB")


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
    }
    return duckdb.connect(str(path) if path is not None else ":memory:", config=config)
