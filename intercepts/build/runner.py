"""One build: the stage brought up to date, every model run, every data test, one atomic swap.

The build goes into a fresh file which replaces ``intercepts.duckdb`` with one rename only
after every error-severity data test passed. A BI tool holding the old file open keeps its
consistent view; new connections see the new build; a failed build leaves the previous one
in place. When nothing a build reads changed (`inputs_fingerprint`), nothing is rebuilt.
"""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import pyarrow as pa

from intercepts import duck
from intercepts.build.data_tests import run_tests
from intercepts.build.inputs import FINGERPRINTED, inputs_fingerprint, list_inputs
from intercepts.build.models import (
    BuildError,
    Model,
    discover_models,
    logic_fingerprint,
    quote,
    record_metadata,
)
from intercepts.build.nights import Nights
from intercepts.build.revisions import copy_previous_build, new_revisions
from intercepts.build.stage import staged_models, start_from_stage, update_stage

DB_NAME = "intercepts.duckdb"


def load_reference_tables(con, reference_tables: dict[str, pa.Table]) -> None:
    for name, table in reference_tables.items():
        con.register("_ref", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _ref")  # noqa: S608 - name is ours
        con.unregister("_ref")


def _fingerprint_path(warehouse: Path) -> Path:
    return warehouse / "state" / "build_fingerprint"


def build(
    warehouse: Path,
    reference_tables: dict[str, pa.Table],
    *,
    models: list[Model] | None = None,
    force: bool = False,
) -> dict:
    """Build every model and run every data test; swap the new file in when all pass.

    When nothing the build reads changed since the last successful build (see
    `inputs_fingerprint`) and the warehouse file is there, nothing is rebuilt: the result
    says ``skipped`` and the marts are the same. ``force`` rebuilds regardless.

    Returns ``{"path", "models", "tests": [TestResult], "warnings": [TestResult], "row_counts",
    "timings" (seconds per loaded input, model and the data tests), "skipped"}``.
    Raises BuildError (naming the failing model or test and sample rows) otherwise.
    """
    models = models if models is not None else discover_models()
    warehouse.mkdir(parents=True, exist_ok=True)
    final = warehouse / DB_NAME
    logic = logic_fingerprint(models, reference_tables)
    listing = list_inputs(warehouse, FINGERPRINTED)
    fingerprint = inputs_fingerprint(warehouse, logic, listing)
    recorded = _fingerprint_path(warehouse)
    if (
        not force
        and final.exists()
        and recorded.exists()
        and recorded.read_text().strip() == fingerprint
    ):
        return _unchanged(final, models)
    building = warehouse / f".{DB_NAME}.building-{os.getpid()}"
    for stale in warehouse.glob(f".{DB_NAME}.building-*"):
        stale.unlink(missing_ok=True)
    timings: dict[str, float] = {}
    files_read = update_stage(
        warehouse, timings, reset=force, models=models, logic=logic, listing=listing
    )
    t = time.perf_counter()
    start_from_stage(warehouse, building)
    con = duck.connect(building)
    timings["copy of the stage"] = round(time.perf_counter() - t, 3)
    try:
        for table in ("stage_files", "stage_pending_documents", "stage_models"):
            con.execute(f"DROP TABLE {table}")  # noqa: S608 - the stage's own bookkeeping
        load_reference_tables(con, reference_tables)
        built_at = datetime.now(UTC)
        revisions_from = copy_previous_build(con, final, built_at)
        # the nights a per-night model computes in the current statement; empty: every night
        con.execute("CREATE TEMP TABLE build_nights (night_ending DATE)")
        nights = Nights(con, final, logic, enabled=not force)
        staged = {m.name for m in staged_models(models)}
        for m in models:
            t = time.perf_counter()
            try:
                if m.name in staged:
                    pass  # per document: already in the copy of the stage (`_stage_models`)
                elif m.materialization == "MACRO":
                    con.execute(m.sql)
                elif m.materialization == "TABLE" and m.meta.get("incremental") == "night_ending":
                    nights.create(m)
                else:
                    con.execute(f"CREATE {m.materialization} {quote(m.name)} AS {m.sql}")
            except duckdb.Error as exc:
                raise BuildError(f"model {m.layer}/{m.name} failed: {exc}") from exc
            timings[m.name] = round(time.perf_counter() - t, 3)
        nights.finish()
        results = []
        for m in models:
            t = time.perf_counter()
            results.extend(run_tests(con, m))
            timings[f"tests of {m.name}"] = round(time.perf_counter() - t, 3)
        record_metadata(con, models)
        errors = [r for r in results if not r.passed and r.severity == "error"]
        if errors:
            lines = [
                f"{r.model}: {r.name} failed on {r.failures} row(s), e.g. {r.sample[:3]}"
                for r in errors
            ]
            raise BuildError("data tests failed:\n  " + "\n  ".join(lines))
        row_counts = {
            m.name: con.execute(f"SELECT count(*) FROM {quote(m.name)}").fetchone()[0]  # noqa: S608
            for m in models
            if m.layer == "marts" and m.materialization != "MACRO"
        }
        # read off the build's own connection, before the swap: a reader of the old file in
        # this process would be handed that file's instance by a new connection to the path
        revised = new_revisions(con, built_at) if "fct_figure_revisions" in row_counts else {}
        con.execute("CHECKPOINT")
    except BaseException:
        if "nights" in locals():
            nights.detach()
        con.close()
        building.unlink(missing_ok=True)
        raise
    con.close()
    os.replace(building, final)
    recorded.parent.mkdir(parents=True, exist_ok=True)
    tmp = recorded.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(fingerprint)
    os.replace(tmp, recorded)
    return {
        "path": final,
        "models": [m.name for m in models],
        "tests": results,
        "warnings": [r for r in results if not r.passed and r.severity != "error"],
        "row_counts": row_counts,
        "timings": timings,
        "files_read": files_read,
        "incremental": nights.report,
        **revised,
        "revisions_from": revisions_from,
        "skipped": False,
    }


def _unchanged(final: Path, models: list[Model]) -> dict:
    """The result of a build that had nothing new to build: counts read from the file."""
    con = duckdb.connect(str(final), read_only=True)
    try:
        row_counts = {
            m.name: con.execute(f"SELECT count(*) FROM {quote(m.name)}").fetchone()[0]  # noqa: S608
            for m in models
            if m.layer == "marts" and m.materialization != "MACRO"
        }
    finally:
        con.close()
    return {
        "path": final,
        "models": [m.name for m in models],
        "tests": [],
        "warnings": [],
        "row_counts": row_counts,
        "timings": {},
        "files_read": {},
        "incremental": {},
        "n_revised": 0,
        "revisions": [],
        "skipped": True,
    }
