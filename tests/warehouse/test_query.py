"""`intercepts sql`: ad hoc queries on a read-only connection, in every output format."""

from __future__ import annotations

import csv
import io
import json

import pyarrow.parquet as pq
from typer.testing import CliRunner

from intercepts.cli import app

QUERY = (
    "SELECT region_code, federal_count FROM fct_nightly_regional_intercepts ORDER BY region_code"
)


def run(*args):
    return CliRunner().invoke(app, ["sql", *args])


def test_csv(seed_warehouse):
    result = run(QUERY, "--warehouse", str(seed_warehouse), "--format", "csv")
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.stdout)))
    assert rows == [
        ["region_code", "federal_count"],
        ["RU-BRY", "31"],
        ["RU-MOS", "10"],
        ["RU-ORL", "17"],
    ]


def test_json_lines(seed_warehouse):
    result = run(QUERY, "-w", str(seed_warehouse), "-f", "json")
    assert [json.loads(line) for line in result.stdout.splitlines()][0] == {
        "region_code": "RU-BRY",
        "federal_count": 31,
    }


def test_parquet_export(seed_warehouse, tmp_path):
    out = tmp_path / "facts.parquet"
    result = run(QUERY, "-w", str(seed_warehouse), "-f", "parquet", "-o", str(out))
    assert result.exit_code == 0, result.output
    assert pq.read_table(out).column("federal_count").to_pylist() == [31, 10, 17]


def test_connection_is_read_only(seed_warehouse):
    result = run("DROP TABLE fct_claims", "-w", str(seed_warehouse))
    assert result.exit_code == 1
    assert "read-only" in result.output.lower() or "read only" in result.output.lower()


def test_shell_answers_a_query(seed_warehouse):
    result = CliRunner().invoke(
        app,
        ["sql", "-w", str(seed_warehouse)],
        input="SELECT count(*) AS n FROM fct_claims\n.quit\n",
    )
    assert result.exit_code == 0
    assert "8" in result.stdout


def test_missing_warehouse_is_a_clear_error(tmp_path):
    result = run(QUERY, "-w", str(tmp_path))
    assert result.exit_code == 2 and "no warehouse" in result.output
