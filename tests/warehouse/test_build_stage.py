"""The build's stage: a cache of the src_* rows that lets a build read only new Parquet files.

Every test compares the marts of a build through the stage with a build straight from the
Parquet (``force=True`` drops the stage), so a stage that missed or doubled rows fails."""

from __future__ import annotations

from datetime import timedelta

import duckdb

from intercepts import build
from intercepts.build import nights as build_nights
from intercepts.build import stage as build_stage
from intercepts.extraction import claims_dir
from tests.warehouse.conftest import GOV, T0, WE, WS, reference
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


def _query(db, sql: str, params=()) -> list[tuple]:
    """Rows of ``sql`` on the DuckDB file ``db``, opened read-only."""
    con = duckdb.connect(str(db), read_only=True)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


def _land_regional_post(
    warehouse, sid, key, text, quote, published, fetched, run, name, **claim_fields
) -> str:
    """Land one regional official's post and its extraction (one claim): its version id."""
    v = land_doc(warehouse, source(sid, "official_regional"), key, text, published, fetched, run)
    write_extractions(
        warehouse,
        {v: [claim(v, text, quote, claimant_kind="official_regional", **claim_fields)]},
        name=name,
    )
    return v


def _add_kursk(warehouse, name="part-kursk") -> str:
    later = T0 + timedelta(days=1)
    return _land_regional_post(
        warehouse,
        "kursk",
        "kursk/1",
        KURSK,
        "уничтожены 12 БПЛА",
        later,
        later,
        "r2",
        name,
        codes=["RU-KLU"],
        count=12,
        claimant="Kaluga governor",
        night="2025-07-21",
        ws=WS,
        we=WE,
    )


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
    (next(p for p in claims_dir(seed_warehouse).glob("part-kursk*.parquet"))).unlink()
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


def test_per_night_marts_carry_the_nights_nothing_touched(seed_warehouse):
    """A new night is computed alone; the seed night's rows come from the last build."""
    _add_kursk(seed_warehouse)
    result = build.build(seed_warehouse, reference())
    for model in ("int_region_figures", "fct_nightly_regional_intercepts", "fct_nightly_totals"):
        report = result["incremental"][model]
        assert report["built"] == "incremental", (model, report)
        assert report["nights_recomputed"] == 1, (model, report)
        assert report["rows_carried"] > 0 and report["rows_recomputed"] > 0, (model, report)
    staged = _marts(seed_warehouse)
    whole = build.build(seed_warehouse, reference(), force=True)
    assert all(r["built"] == "whole" for r in whole["incremental"].values())
    assert _marts(seed_warehouse) == staged


def test_a_new_version_of_an_old_post_recomputes_its_night(seed_warehouse):
    """The governor edits the seed night's post (30 → 32): the old night is recomputed,
    not carried, and reads the new figure."""
    edited = GOV.replace("30", "32")
    later = T0 + timedelta(days=2)
    _land_regional_post(
        seed_warehouse,
        "gov",
        "gov/1",
        edited,
        edited,
        T0,
        later,
        "r3",
        "part-edit",
        codes=["RU-BRY"],
        count=32,
        claimant="Governor of Bryansk Region",
    )
    result = build.build(seed_warehouse, reference())
    assert result["incremental"]["fct_nightly_regional_intercepts"]["nights_recomputed"] == 1
    assert result["incremental"]["fct_nightly_regional_intercepts"]["rows_carried"] == 0
    regional = _query(
        seed_warehouse / build.DB_NAME,
        "SELECT regional_count FROM fct_nightly_regional_intercepts WHERE region_code = 'RU-BRY'",
    )
    assert regional == [(32,)]
    staged = _marts(seed_warehouse)
    build.build(seed_warehouse, reference(), force=True)
    assert _marts(seed_warehouse) == staged


def test_changed_logic_builds_every_night_again(seed_warehouse):
    _add_kursk(seed_warehouse)
    models = build.discover_models()
    for m in models:
        if m.name == "stg_ref__regions":
            m.sql += "\n-- a changed model"
    result = build.build(seed_warehouse, reference(), models=models)
    assert result["incremental"]["int_region_figures"]["built"] == "whole"
    assert "changed" in result["incremental"]["int_region_figures"]["why"]


def test_files_from_before_a_column_joined_the_schema_read_it_as_null(seed_warehouse, monkeypatch):
    """A warehouse landed by an older release: its files lack `deleted`. Mixed in one chunk
    with a newer file that has it (a tombstone here), every file is read by column name:
    the old rows read NULL (not deleted), the tombstone keeps its flag. (Without matching
    by name DuckDB takes the first file's columns and drops the later file's flag.)"""
    import pyarrow.compute as pc
    import pyarrow.parquet as pq

    docs = seed_warehouse / "raw" / "documents"
    old_files = sorted(docs.rglob("*.parquet"))
    for path in old_files:  # rewrite the seed's files as the older release wrote them
        pq.write_table(pq.read_table(path).drop_columns(["deleted"]), path)
    _add_kursk(seed_warehouse)
    (new_file,) = set(docs.rglob("*.parquet")) - set(old_files)
    table = pq.read_table(new_file)
    flag = table.schema.get_field_index("deleted")
    pq.write_table(table.set_column(flag, "deleted", pc.invert(table["deleted"])), new_file)
    monkeypatch.setattr(
        build_stage, "_STAGE_CHUNK_FILES", 3
    )  # chunks of 3 files: the first is mixed
    result = build.build(seed_warehouse, reference(), force=True)
    assert result["files_read"]["src_documents"] == len(old_files) + 1
    deleted = _query(
        seed_warehouse / build.DB_NAME,
        "SELECT doc_id, deleted FROM stg_raw__documents ORDER BY source_id",
    )
    assert [d for _, d in deleted].count(True) == 1
    assert len(deleted) == len(old_files) + 1


def test_a_whole_build_in_ranges_of_nights_equals_one_statement(seed_warehouse, monkeypatch):
    """Past _claims_per_chunk() claims a per-night model is computed a range of nights at a time
    (memory); the rows are the same as computing it in one statement."""
    _add_kursk(seed_warehouse)
    build.build(seed_warehouse, reference(), force=True)
    in_one = _marts(seed_warehouse)
    monkeypatch.setattr(build_nights, "_CLAIMS_PER_GB", 1)  # a range per night
    result = build.build(seed_warehouse, reference(), force=True)
    assert result["incremental"]["fct_nightly_regional_intercepts"]["night_ranges"] == 2
    assert _marts(seed_warehouse) == in_one


def test_the_build_log_line_says_what_the_nightly_marts_reused(seed_warehouse):
    from flows.nightly import _carried

    whole = build.build(seed_warehouse, reference(), force=True)
    assert _carried(whole) == "; every night computed (forced)"
    _add_kursk(seed_warehouse)
    assert _carried(build.build(seed_warehouse, reference())) == (
        "; 1 night(s) recomputed, the rest carried"
    )


PER_DOCUMENT = ("stg_extract__claims", "int_document_versions_ranked", "int_claims_enriched")


def _rows(warehouse, names=PER_DOCUMENT) -> dict[str, list]:
    con = duckdb.connect(str(warehouse / build.DB_NAME), read_only=True)
    try:
        return {
            n: sorted(map(repr, con.execute(f'SELECT * FROM "{n}"').fetchall()))  # noqa: S608 - ours
            for n in names
        }
    finally:
        con.close()


def _pending(warehouse) -> set[str]:
    """The documents pending in the stage (named once by each input that has new rows)."""
    rows = _query(build.stage_path(warehouse), "SELECT doc_id FROM stage_pending_documents")
    return {r[0] for r in rows}


def test_per_document_models_compute_only_the_documents_with_new_rows(seed_warehouse):
    """An edit of an old post and a new post: only those two documents are computed again
    in the stage, and every per-document table equals one computed whole."""
    _add_kursk(seed_warehouse)
    edited = GOV.replace("30", "32")
    later = T0 + timedelta(days=2)
    _land_regional_post(
        seed_warehouse, "gov", "gov/1", edited, edited, T0, later, "r3", "part-edit",
        codes=["RU-BRY"], count=32, claimant="Governor of Bryansk Region",
    )  # fmt: skip
    result = build.build(seed_warehouse, reference())
    for name in PER_DOCUMENT:
        assert f"{name} (stage, documents)" in result["timings"], result["timings"]
    assert _pending(seed_warehouse) == set()
    staged = _rows(seed_warehouse)
    versions = _query(
        seed_warehouse / build.DB_NAME,
        "SELECT version_number, is_latest FROM int_document_versions_ranked "
        "WHERE source_id = 'gov' ORDER BY version_number",
    )
    assert versions == [(1, False), (2, True)]  # the old version was recomputed as superseded
    forced = build.build(seed_warehouse, reference(), force=True)
    assert f"{PER_DOCUMENT[0]} (stage, whole)" in forced["timings"]
    assert _rows(seed_warehouse) == staged


def test_documents_stay_pending_until_their_models_are_computed(seed_warehouse):
    """Files read into the stage name their documents as pending in the same transaction;
    they stay pending (a run killed before the models, say) until a build computes them."""
    _add_kursk(seed_warehouse)
    build.update_stage(seed_warehouse)  # the src rows only, as a run killed here leaves it
    assert len(_pending(seed_warehouse)) == 1
    build.build(seed_warehouse, reference())
    assert _pending(seed_warehouse) == set()
    marts = _marts(seed_warehouse)
    assert any("RU-KLU" in row for row in marts["fct_nightly_regional_intercepts"])
    build.build(seed_warehouse, reference(), force=True)
    assert _marts(seed_warehouse) == marts


def test_a_per_document_model_may_not_read_an_input_without_documents(seed_warehouse):
    models = build.discover_models()
    for m in models:
        if m.name == "int_claims_enriched":
            m.sql += "\nWHERE c.version_id NOT IN (SELECT run_id FROM src_fetches)"
    _add_kursk(seed_warehouse)
    try:
        build.build(seed_warehouse, reference(), models=models)
    except build.BuildError as exc:
        assert "src_fetches" in str(exc) and "no doc_id" in str(exc)
    else:
        raise AssertionError("a per-document model read the fetch log")


def test_the_macros_nights_argument_gives_the_rows_of_those_nights(seed_warehouse):
    """`nights := [...]` (what the build passes for the nights it recomputes) gives exactly
    the table's rows of those nights, now and as of a past time; an empty list gives none."""
    _add_kursk(seed_warehouse)
    build.build(seed_warehouse, reference())
    con = duckdb.connect(str(seed_warehouse / build.DB_NAME), read_only=True)
    try:
        nights = [
            r[0]
            for r in con.execute(
                "SELECT DISTINCT night_ending FROM fct_nightly_regional_intercepts ORDER BY 1"
            ).fetchall()
        ]
        assert len(nights) == 2
        for night in nights:
            table = con.execute(
                "SELECT * FROM fct_nightly_regional_intercepts WHERE night_ending = ? ORDER BY ALL",
                [night],
            ).fetchall()
            macro = con.execute(
                "SELECT * FROM fct_nightly_regional_intercepts_as_of(NULL, nights := [?::DATE]) "
                "ORDER BY ALL",
                [night],
            ).fetchall()
            assert macro == table and table
            figures = con.execute(
                "SELECT * FROM int_region_figures WHERE night_ending = ? ORDER BY ALL", [night]
            ).fetchall()
            assert (
                con.execute(
                    "SELECT * FROM int_region_figures_as_of(NULL, nights := [?::DATE]) ORDER BY ALL",
                    [night],
                ).fetchall()
                == figures
            )
        later = "2030-01-01T00:00:00+00:00"
        as_of_all = con.execute(
            "SELECT * FROM fct_nightly_regional_intercepts_as_of(?::TIMESTAMPTZ) "
            "WHERE night_ending = ? ORDER BY ALL",
            [later, nights[0]],
        ).fetchall()
        as_of_one = con.execute(
            "SELECT * FROM fct_nightly_regional_intercepts_as_of(?::TIMESTAMPTZ, "
            "nights := [?::DATE]) ORDER BY ALL",
            [later, nights[0]],
        ).fetchall()
        assert as_of_one == as_of_all and as_of_all
        none = "SELECT count(*) FROM fct_nightly_regional_intercepts_as_of(NULL, nights := [])"
        assert con.execute(none).fetchone()[0] == 0
    finally:
        con.close()


def test_new_files_are_staged_in_chunks_bounded_by_count_and_bytes(monkeypatch):
    monkeypatch.setattr(build_stage, "_STAGE_CHUNK_FILES", 3)
    monkeypatch.setattr(build_stage, "_STAGE_CHUNK_BYTES", 100)
    sizes = [10, 10, 10, 10, 60, 50, 250, 5, 5]
    chunks = list(build_stage._chunks(sizes))
    # every file once, in order
    assert [i for lo, n in chunks for i in range(lo, lo + n)] == list(range(len(sizes)))
    assert chunks == [(0, 3), (3, 2), (5, 1), (6, 1), (7, 2)]  # a file too large alone: alone
    assert all(n <= 3 for _, n in chunks)
    assert all(sum(sizes[lo : lo + n]) <= 100 for lo, n in chunks if n > 1)
    assert list(build_stage._chunks([])) == []


def test_a_whole_build_in_chunks_of_bytes_equals_one_statement(seed_warehouse, monkeypatch):
    """Staging the files a few bytes at a time (one file a chunk) gives the same marts."""
    _add_kursk(seed_warehouse)
    build.build(seed_warehouse, reference(), force=True)
    in_one = _marts(seed_warehouse)
    monkeypatch.setattr(build_stage, "_STAGE_CHUNK_BYTES", 1)
    result = build.build(seed_warehouse, reference(), force=True)
    assert result["files_read"]["src_documents"] > 1  # so more than one chunk, a file each
    assert _marts(seed_warehouse) == in_one
