"""Fixtures for what the warehouse's users touch: one demo run through the CLI (Prefect's
start-up is the expensive part, so every test here reads what that one run left), and the
hand-made seed night of tests/warehouse."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from intercepts.cli import app
from tests.warehouse.conftest import seed_warehouse  # noqa: F401 - re-exported fixture


@pytest.fixture(scope="package")
def demo_cli_run(tmp_path_factory):
    """`intercepts run` on the bundled samples, as a newcomer types it: (warehouse, result)."""
    warehouse = tmp_path_factory.mktemp("users") / "warehouse"
    result = CliRunner().invoke(app, ["run", "--warehouse", str(warehouse)])
    assert result.exit_code == 0, result.output
    return warehouse, result


@pytest.fixture(scope="package")
def demo_warehouse(demo_cli_run):
    return demo_cli_run[0]


@pytest.fixture(scope="package")
def demo_db(demo_warehouse):
    return demo_warehouse / "intercepts.duckdb"
