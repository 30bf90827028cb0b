"""The files people fetch: JSON lines beside Parquet and CSV for every mart, and
manifest.json (file, rows, sha256, built_at) written last, on real builds."""

from __future__ import annotations

import hashlib
import json
from datetime import date, datetime

import duckdb

from intercepts.exports import MANIFEST_NAME, export_marts, manifest_mismatches
from intercepts.publish import write_outputs


def columns_and_rows(db, mart):
    con = duckdb.connect(str(db), read_only=True)
    try:
        con.execute("SET TimeZone = 'UTC'")
        cursor = con.execute(f'SELECT * FROM "{mart}" ORDER BY ALL')  # noqa: S608 - a mart's name
        return [d[0] for d in cursor.description], cursor.fetchall()
    finally:
        con.close()


def read_jsonl(path):
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_every_mart_of_the_run_has_json_lines_with_its_columns_in_order(demo_warehouse):
    exports = demo_warehouse / "exports"
    manifest = json.loads((exports / MANIFEST_NAME).read_text(encoding="utf-8"))
    marts = {f["mart"] for f in manifest["files"]}
    assert {"bi_nightly_regional", "fct_claims", "fct_nightly_regional_intercepts"} <= marts
    for mart in marts:
        columns, rows = columns_and_rows(demo_warehouse / "intercepts.duckdb", mart)
        objects = read_jsonl(exports / f"{mart}.jsonl")
        assert len(objects) == len(rows), mart
        assert all(list(o) == columns for o in objects), mart  # every key, in column order


def test_the_manifest_lists_every_exported_file_with_rows_and_checksum(demo_warehouse):
    exports = demo_warehouse / "exports"
    manifest = json.loads((exports / MANIFEST_NAME).read_text(encoding="utf-8"))
    on_disk = {p.name for p in exports.iterdir() if p.name != MANIFEST_NAME}
    assert {f["file"] for f in manifest["files"]} == on_disk
    assert {f["format"] for f in manifest["files"]} == {"parquet", "csv", "jsonl"}
    [built_at] = {f["built_at"] for f in manifest["files"]} | {manifest["built_at"]}
    assert datetime.fromisoformat(built_at).tzinfo is not None
    for entry in manifest["files"]:
        path = exports / entry["file"]
        assert entry["sha256"] == hashlib.sha256(path.read_bytes()).hexdigest()
        assert entry["bytes"] == path.stat().st_size
        if entry["format"] == "jsonl":
            assert entry["rows"] == len(read_jsonl(path))
    assert manifest_mismatches(exports) == []
    # written last: nothing in the folder is newer than the manifest
    written = (exports / MANIFEST_NAME).stat().st_mtime_ns
    assert all((exports / name).stat().st_mtime_ns <= written for name in on_disk)


def test_json_lines_carry_iso_dates_utc_timestamps_arrays_and_nulls(seed_warehouse):
    export_marts(seed_warehouse / "intercepts.duckdb")
    columns, rows = columns_and_rows(seed_warehouse / "intercepts.duckdb", "fct_claims")
    objects = read_jsonl(seed_warehouse / "exports" / "fct_claims.jsonl")
    by_id = {o["claim_id"]: o for o in objects}
    assert len(by_id) == len(rows)
    for row in rows:
        obj = by_id[dict(zip(columns, row, strict=True))["claim_id"]]
        for column, value in zip(columns, row, strict=True):
            if isinstance(value, datetime):
                assert obj[column].endswith("Z"), (column, obj[column])
                assert datetime.fromisoformat(obj[column]) == value, column
            elif isinstance(value, date):
                assert obj[column] == value.isoformat(), column
            else:
                assert obj[column] == value, column  # lists as arrays, NULL as null
    assert any(v is None for o in objects for v in o.values())
    assert any(isinstance(v, list) for o in objects for v in o.values())


def test_a_file_changed_after_the_manifest_is_told_apart(seed_warehouse):
    export_marts(seed_warehouse / "intercepts.duckdb")
    exports = seed_warehouse / "exports"
    half = exports / "fct_claims.jsonl"
    half.write_bytes(half.read_bytes()[: half.stat().st_size // 2])  # a fetch cut short
    (exports / "dim_region.csv").unlink()
    assert manifest_mismatches(exports) == ["dim_region.csv", "fct_claims.jsonl"]


def test_a_missing_manifest_is_written_again_on_a_skipped_night(seed_warehouse):
    first = write_outputs(seed_warehouse)
    manifest = seed_warehouse / "exports" / MANIFEST_NAME
    assert "unchanged" not in first and manifest.exists()
    manifest.unlink()
    again = write_outputs(seed_warehouse)  # the same build: only a missing file forces a rewrite
    assert "unchanged" not in again and manifest.exists()
    assert write_outputs(seed_warehouse).get("unchanged") is True


def test_a_mart_that_is_gone_leaves_the_folder_and_the_manifest(seed_warehouse):
    mart = "fct_gone"
    exports = seed_warehouse / "exports"
    exports.mkdir()
    for fmt in ("parquet", "csv", "jsonl"):
        (exports / f"{mart}.{fmt}").write_text("old", encoding="utf-8")
    export_marts(seed_warehouse / "intercepts.duckdb")
    assert not [p for p in exports.iterdir() if p.name.startswith(mart)]
    listed = json.loads((exports / MANIFEST_NAME).read_text(encoding="utf-8"))["files"]
    assert mart not in {f["mart"] for f in listed}
