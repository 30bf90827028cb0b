"""The data dictionary in docs/ is generated from the warehouse's own catalog; this test
regenerates it from a fresh build and compares, so it cannot drift from the tables."""

from __future__ import annotations

from pathlib import Path

import duckdb
from typer.testing import CliRunner

from intercepts.cli import app
from intercepts.docs import render_data_dictionary

COMMITTED = Path(__file__).resolve().parents[2] / "docs" / "data-dictionary.md"


def test_committed_dictionary_matches_a_fresh_build(demo_db):
    fresh = render_data_dictionary(demo_db)
    assert COMMITTED.read_text(encoding="utf-8") == fresh, (
        "docs/data-dictionary.md is out of date: run `make demo`, then `.venv/bin/intercepts docs` "
        "and commit the file"
    )


def test_every_mart_column_is_described(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        marts = [
            r[0]
            for r in con.execute("SELECT model FROM meta_models WHERE layer = 'marts'").fetchall()
        ]
        undescribed = con.execute(
            "SELECT c.model, c.column_name FROM meta_columns c JOIN meta_models m USING (model) "
            "WHERE m.layer = 'marts' AND m.model LIKE 'bi\\_%' ESCAPE '\\' "
            "AND c.description IS NULL"
        ).fetchall()
    finally:
        con.close()
    text = COMMITTED.read_text(encoding="utf-8")
    assert all(f"## {m}\n" in text for m in marts)
    assert undescribed == []  # the BI views promise a description for every column


def test_docs_command_writes_the_dictionary(seed_warehouse, tmp_path):
    out = tmp_path / "dd.md"
    result = CliRunner().invoke(app, ["docs", "-w", str(seed_warehouse), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8").startswith("# Data dictionary")


def test_docs_command_without_a_warehouse(tmp_path):
    result = CliRunner().invoke(app, ["docs", "-w", str(tmp_path)])
    assert result.exit_code == 2 and "no warehouse" in result.output
