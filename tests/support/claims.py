"""Helpers for tests that compare what two extraction runs wrote."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq

from bench.generate import write_history
from intercepts.extraction import claims_dir


def claim_files(warehouse: Path) -> tuple[list[str], list[list[dict]]]:
    """The batch files' names and rows, but for when and in which run they were written."""
    files = sorted(claims_dir(warehouse).glob("*.parquet"))
    tables = [pq.read_table(f).drop_columns(["extracted_at", "run_id"]) for f in files]
    return [f.name for f in files], [t.to_pylist() for t in tables]


def twin_histories(root: Path, names: tuple[str, str], n: int, seed: int) -> tuple[Path, Path]:
    """Two warehouses with the same generated history landed in each."""
    first, second = (root / name for name in names)
    for wh in (first, second):
        write_history(wh, n, seed=seed)
    return first, second
