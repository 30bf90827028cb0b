"""What BI tools read: the bi_* views, a SQLAlchemy connection through duckdb-engine that
keeps reading while a build replaces the warehouse, and the Parquet/CSV exports."""

from __future__ import annotations

import csv

import duckdb
import pyarrow.parquet as pq
import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.exc import DBAPIError

from intercepts import build
from intercepts.exports import export_marts
from intercepts.pipeline import reference_tables
from intercepts.publish import write_outputs
from tests.warehouse.scenario import REGIONS, source


def engine_for(warehouse):
    return create_engine(
        f"duckdb:///{warehouse / 'intercepts.duckdb'}", connect_args={"read_only": True}
    )


def test_sqlalchemy_reads_the_bi_views(seed_warehouse):
    engine = engine_for(seed_warehouse)
    try:
        views = set(inspect(engine).get_view_names())
        assert {"bi_nightly_regional", "bi_claims", "bi_nightly_totals"} <= views
        with engine.connect() as con:
            rows = con.execute(
                text(
                    "SELECT region_code, intercepted, ministry_figure, regional_official_figure, disputed "
                    "FROM bi_nightly_regional WHERE night = :night ORDER BY region_code"
                ),
                {"night": "2025-07-20"},
            ).all()
    finally:
        engine.dispose()
    assert rows[0] == ("RU-BRY", 31, 31, 30, True)
    assert [r[0] for r in rows] == ["RU-BRY", "RU-MOS", "RU-ORL"]


def test_sqlalchemy_connection_is_read_only(seed_warehouse):
    engine = engine_for(seed_warehouse)
    try:
        with engine.connect() as con, pytest.raises(DBAPIError, match="(?i)read.only"):
            con.execute(text("DELETE FROM fct_nightly_regional_intercepts"))
    finally:
        engine.dispose()


def test_a_reader_keeps_its_view_while_a_build_replaces_the_warehouse(seed_warehouse):
    """A dashboard holding a connection open never blocks the nightly build, and the build
    never breaks the dashboard: it keeps its snapshot, new connections see the new build."""
    engine = engine_for(seed_warehouse)
    count = text("SELECT count(*) FROM dim_source WHERE source_id = 'newcomer'")
    with_a_new_source = {
        "src_regions": REGIONS,
        "src_sources": reference_tables([source("newcomer")], with_regions=False)["src_sources"],
    }
    try:
        with engine.connect() as held:
            assert held.execute(count).scalar_one() == 0
            build.build(
                seed_warehouse, with_a_new_source
            )  # the nightly build, while the reader is connected
            assert held.execute(count).scalar_one() == 0
            assert held.execute(text("SELECT count(*) FROM bi_claims")).scalar_one() == 8
        engine.dispose()
        with engine.connect() as fresh:
            assert fresh.execute(count).scalar_one() == 1
    finally:
        engine.dispose()


def test_bi_views_have_plain_columns_only(seed_warehouse):
    con = duckdb.connect(str(seed_warehouse / "intercepts.duckdb"), read_only=True)
    try:
        types = con.execute(
            "SELECT table_name, column_name, data_type FROM information_schema.columns "
            "WHERE table_name LIKE 'bi\\_%' ESCAPE '\\'"
        ).fetchall()
        kinds = dict(
            con.execute(
                "SELECT model, materialization FROM meta_models WHERE model LIKE 'bi\\_%' ESCAPE '\\'"
            ).fetchall()
        )
    finally:
        con.close()
    assert kinds == {
        "bi_claims": "view",
        "bi_nightly_regional": "view",
        "bi_nightly_totals": "view",
    }
    assert not [t for t in types if "[]" in t[2] or t[2].startswith(("STRUCT", "MAP"))]


def test_bi_claims_are_the_latest_versions_only(demo_db):
    con = duckdb.connect(str(demo_db), read_only=True)
    try:
        latest = con.execute("SELECT count(*) FROM fct_claims WHERE is_latest_version").fetchone()[
            0
        ]
        edited_away = con.execute(
            "SELECT count(*) FROM fct_claims WHERE NOT is_latest_version"
        ).fetchone()[0]
        assert con.execute("SELECT count(*) FROM bi_claims").fetchone()[0] == latest
    finally:
        con.close()
    assert edited_away > 0  # the demo edits a post: its first version is not in bi_claims


# ── exports ────────────────────────────────────────────────────────────────────────────────
def marts(db):
    con = duckdb.connect(str(db), read_only=True)
    try:
        names = [
            r[0]
            for r in con.execute(
                "SELECT model FROM meta_models WHERE layer = 'marts' "
                "AND materialization <> 'macro' ORDER BY 1"
            ).fetchall()
        ]
        return {n: con.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}  # noqa: S608
    finally:
        con.close()


def test_the_run_exported_every_mart_as_parquet_and_csv(demo_warehouse):
    expected = marts(demo_warehouse / "intercepts.duckdb")
    exports = demo_warehouse / "exports"
    assert {"bi_nightly_regional", "fct_claims", "fct_intercept_lineage"} <= set(expected)
    for mart, rows in expected.items():
        assert pq.read_table(exports / f"{mart}.parquet").num_rows == rows, mart
        with open(exports / f"{mart}.csv", encoding="utf-8", newline="") as f:
            assert sum(1 for _ in csv.reader(f)) == rows + 1, mart  # + the header
    assert not [
        p for p in exports.iterdir() if p.name.startswith(".")
    ]  # no temporary file left behind


def test_a_night_with_the_same_build_does_not_rewrite_the_exports(seed_warehouse):
    first = write_outputs(seed_warehouse)
    parquet = seed_warehouse / "exports" / "fct_claims.parquet"
    written_at = (parquet.stat().st_mtime_ns, first["report"].stat().st_mtime_ns)
    again = write_outputs(seed_warehouse)  # the build was skipped: same file
    assert again.get("unchanged") is True
    assert again["exports"] == first["exports"]
    assert (parquet.stat().st_mtime_ns, again["report"].stat().st_mtime_ns) == written_at
    # a new build (a new source appears) is exported again
    newcomer = {
        "src_regions": REGIONS,
        "src_sources": reference_tables([source("newcomer")], with_regions=False)["src_sources"],
    }
    build.build(seed_warehouse, newcomer)
    third = write_outputs(seed_warehouse)
    assert "unchanged" not in third
    dim = pq.read_table(seed_warehouse / "exports" / "dim_source.parquet").to_pylist()
    assert "newcomer" in {r["source_id"] for r in dim}
    # an export deleted by hand is written again even when the build is the same
    parquet.unlink()
    assert "unchanged" not in write_outputs(seed_warehouse)
    assert parquet.exists()


def test_parquet_exports_keep_types_and_lists(demo_warehouse):
    table = pq.read_table(demo_warehouse / "exports" / "fct_nightly_regional_intercepts.parquet")
    assert str(table.schema.field("night_ending").type) == "date32[day]"
    assert str(table.schema.field("claim_ids").type).startswith("list")


def test_exports_are_replaced_whole_and_stale_marts_removed(seed_warehouse, tmp_path):
    out = tmp_path / "exports"
    out.mkdir()
    (out / "fct_gone.parquet").write_bytes(b"old")
    (out / "bi_claims.csv").write_text("old", encoding="utf-8")
    written = export_marts(seed_warehouse / "intercepts.duckdb", out)
    assert not (out / "fct_gone.parquet").exists()
    assert (out / "bi_claims.csv").read_text(encoding="utf-8").startswith("claim_id,night,")
    assert written["fct_nightly_regional_intercepts"]["rows"] == 3
