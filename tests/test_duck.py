"""The pipeline's DuckDB connections: the memory cap, as DuckDB reads it, and no cache
that grows with the files read."""

from __future__ import annotations

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from intercepts import duck


@pytest.mark.parametrize(
    ("setting", "expected"),
    [
        ("512MB", 512 * 10**6),
        ("1.5GB", 1_500_000_000),
        ("800MiB", 800 * 2**20),
        (" 2gb ", 2 * 10**9),
        ("1GiB", 2**30),
        ("lots", 512 * 10**6),
        ("12 parsecs", 512 * 10**6),
    ],
)
def test_the_cap_reads_as_duckdb_reads_it(monkeypatch, setting, expected):
    monkeypatch.setenv("INTERCEPTS_DUCKDB_MEMORY_LIMIT", setting)
    assert duck.memory_limit_bytes() == expected


def test_a_connection_runs_under_the_cap(monkeypatch):
    monkeypatch.setenv("INTERCEPTS_DUCKDB_MEMORY_LIMIT", "300MB")
    con = duck.connect()
    try:
        shown = con.execute("SELECT current_setting('memory_limit')").fetchone()[0]
    finally:
        con.close()
    # DuckDB shows the cap in binary units: 300 MB = 286.1 MiB
    assert shown.replace(" ", "") in {"286.1MiB", "286.0MiB"}, shown


def test_the_default_cap(monkeypatch):
    monkeypatch.delenv("INTERCEPTS_DUCKDB_MEMORY_LIMIT", raising=False)
    assert duck.memory_limit() == duck.DEFAULT_MEMORY_LIMIT
    assert duck.memory_limit_bytes() == 512 * 10**6


def _cached_bytes(con, files) -> int:
    """What DuckDB's object cache holds after ``con`` read ``files`` once each."""
    for f in files:
        con.execute("SELECT count(*) FROM read_parquet(?)", [str(f)]).fetchall()
    return con.execute(
        "SELECT coalesce(sum(memory_usage_bytes), 0) FROM duckdb_memory() WHERE tag = 'OBJECT_CACHE'"
    ).fetchone()[0]


def test_a_connection_keeps_no_metadata_of_the_files_it_read(tmp_path):
    # A backfill reads tens of thousands of landed files through one connection; a cache
    # entry per file grows with history, outside the memory cap.
    files = []
    for k in range(20):
        files.append(tmp_path / f"part-{k}.parquet")
        pq.write_table(pa.table({"text": [f"doc {k} {i}" for i in range(100)]}), files[-1])
    plain = duckdb.connect()
    ours = duck.connect()
    try:
        assert _cached_bytes(plain, files) > 0  # DuckDB's default: what the setting turns off
        assert _cached_bytes(ours, files) == 0
    finally:
        plain.close()
        ours.close()
