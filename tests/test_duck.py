"""The pipeline's DuckDB connections: the memory cap, as DuckDB reads it."""

from __future__ import annotations

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
