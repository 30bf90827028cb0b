"""The build's stage: a cache of the src_* rows that lets a build read only new Parquet files.

Every test compares the marts of a build through the stage with a build straight from the
Parquet (``force=True`` drops the stage), so a stage that missed or doubled rows fails."""

from __future__ import annotations

from datetime import timedelta

import duckdb

from intercepts import build
from tests.warehouse.conftest import T0, WE, WS, reference
from tests.warehouse.scenario import claim, land_doc, source, write_extractions

KURSK = "Сегодня ночью над территорией Калужской области уничтожены 12 БПЛА."


def _marts(warehouse) -> dict[str, list]:
    con = duckdb.connect(str(warehouse / build.DB_NAME), read_only=True)
    try:
        out = {}
        for m in build.discover_models():
            if m.layer == "marts" and m.materialization != "MACRO":
                out[m.name] = sorted(map(repr, con.execute(f'SELECT * FROM "{m.name}"').fetchall()))  # noqa: S608 - our model names
        return out
    finally:
        con.close()


def _add_kursk(warehouse, name="part-kursk") -> str:
    later = T0 + timedelta(days=1)
    v = land_doc(
        warehouse, source("kursk", "official_regional"), "kursk/1", KURSK, later, later, "r2"
    )
    write_extractions(
        warehouse,
        {
            v: [
                claim(
                    v,
                    KURSK,
                    "уничтожены 12 БПЛА",
                    codes=["RU-KLU"],
                    count=12,
                    claimant="Kaluga governor",
                    claimant_kind="official_regional",
                    night="2025-07-21",
                    ws=WS,
                    we=WE,
                )
            ]
        },
        name=name,
    )
    return v


def test_a_second_build_reads_only_the_new_files_and_equals_a_build_from_raw(seed_warehouse):
    # the fixture built once already; nothing new since: skipped
    assert build.build(seed_warehouse, reference())["skipped"]
    _add_kursk(seed_warehouse)

    second = build.build(seed_warehouse, reference())
    assert second["files_read"]["src_documents"] == 1
    assert second["files_read"]["src_extractions"] == 1
    staged = _marts(seed_warehouse)
    assert any("RU-KLU" in row for row in staged["fct_nightly_regional_intercepts"])

    from_raw = build.build(seed_warehouse, reference(), force=True)
    assert from_raw["files_read"]["src_documents"] == 5
    assert _marts(seed_warehouse) == staged


def test_a_file_gone_from_an_input_makes_the_stage_read_that_input_again(seed_warehouse):
    _add_kursk(seed_warehouse)
    build.build(seed_warehouse, reference())
    # a re-extraction replaced a batch file: the rows it held must leave the marts
    (next(p for p in build.claims_dir(seed_warehouse).glob("part-kursk*.parquet"))).unlink()
    result = build.build(seed_warehouse, reference())
    assert result["files_read"]["src_extractions"] == 1  # the one file left, read whole
    assert result["files_read"]["src_documents"] == 0
    staged = _marts(seed_warehouse)
    assert not any("RU-KLU" in row for row in staged["fct_nightly_regional_intercepts"])
    build.build(seed_warehouse, reference(), force=True)
    assert _marts(seed_warehouse) == staged


def test_an_unreadable_stage_is_rebuilt_from_the_parquet(seed_warehouse):
    build.build(seed_warehouse, reference())
    expected = _marts(seed_warehouse)
    _add_kursk(seed_warehouse)
    build.stage_path(seed_warehouse).write_bytes(b"not a duckdb file" * 100)
    result = build.build(seed_warehouse, reference())
    assert result["files_read"]["src_documents"] == 5
    marts = _marts(seed_warehouse)
    assert marts != expected and any(
        "RU-KLU" in r for r in marts["fct_nightly_regional_intercepts"]
    )
    build.build(seed_warehouse, reference(), force=True)
    assert _marts(seed_warehouse) == marts


def test_the_stage_holds_each_landed_version_once_over_many_builds(seed_warehouse):
    for night in range(3):
        day = T0 + timedelta(days=night + 1)
        text = f"Сегодня ночью над территорией Брянской области уничтожены {night + 2} БПЛА."
        land_doc(
            seed_warehouse, source("gov", "official_regional"), f"gov/{night + 2}", text, day, day
        )
        build.build(seed_warehouse, reference())
    con = duckdb.connect(str(build.stage_path(seed_warehouse)), read_only=True)
    try:
        staged = con.execute("SELECT version_id FROM src_documents ORDER BY 1").fetchall()
        landed = con.execute(
            "SELECT version_id FROM read_parquet(?) ORDER BY 1",
            [str(seed_warehouse / "raw" / "documents" / "**" / "*.parquet")],
        ).fetchall()
    finally:
        con.close()
    assert len(staged) == 7
    assert staged == landed
