"""The build's stage (``state/build_stage.duckdb``): the ``src_*`` tables a build starts from.

Landed files are immutable once renamed into place, so the stage reads only the Parquet
files it has not seen, in chunks of bounded size, each in its own transaction with the
list of files it read. ``incremental: doc_id`` models (rows of a document depend on that
document's rows only) live in the stage too and are computed again only for the documents
with new rows. A build begins as a file copy of the stage (`start_from_stage`).
"""

from __future__ import annotations

import os
import re
import shutil
import time
from pathlib import Path

import duckdb
import pyarrow as pa

from intercepts import compaction, duck
from intercepts.build.inputs import (
    READ_OPTIONS,
    Input,
    list_files,
    select_parquet,
    warehouse_inputs,
)
from intercepts.build.models import BuildError, Model, quote, strip_comments


def stage_path(warehouse: Path) -> Path:
    return warehouse / "state" / "build_stage.duckdb"


def update_stage(
    warehouse: Path,
    timings: dict | None = None,
    *,
    reset: bool = False,
    models: list[Model] | None = None,
    logic: str | None = None,
    listing: dict[str, pa.Table] | None = None,
) -> dict[str, int]:
    """Bring the build's stage up to date with the landed and extracted Parquet.

    The stage (``state/build_stage.duckdb``) holds the ``src_*`` tables a build starts from,
    with the list of files their rows came from. Landed files are immutable once renamed
    into place, so only files the stage has not seen are read; a file it has seen that is
    gone or changed (a re-extraction replaced its batch files) makes it drop that input and
    read it whole again. Given ``models`` and their ``logic`` fingerprint, it then brings
    the per-document models up to date too (`_stage_models`); without them the documents
    the new rows name stay pending for the next call that has them. The stage is derived
    data: deleting it, or ``reset`` (``intercepts build --force``), rebuilds it from the
    Parquet with the same rows. ``listing`` (`list_inputs`) saves listing again the files
    of the inputs it holds. Returns the number of files read from Parquet per input."""
    timings = {} if timings is None else timings
    stage = stage_path(warehouse)
    if reset:
        _drop_stage(stage)
    stage.parent.mkdir(parents=True, exist_ok=True)
    con = duck.connect()
    try:
        try:
            con.execute("ATTACH ? AS stage", [str(stage)])
        except duckdb.Error:
            _drop_stage(stage)  # unreadable (e.g. a partial first write): it is only a cache
            con.execute("ATTACH ? AS stage", [str(stage)])
        read: dict[str, int] = {}
        con.execute(
            "CREATE TABLE IF NOT EXISTS stage.stage_files "
            "(input VARCHAR, path VARCHAR, size BIGINT, mtime_ns BIGINT)"
        )
        con.execute("CREATE TABLE IF NOT EXISTS stage.stage_pending_documents (doc_id VARCHAR)")
        con.execute(
            "CREATE TABLE IF NOT EXISTS stage.stage_models (model VARCHAR, logic_fingerprint VARCHAR)"
        )
        inputs = warehouse_inputs(warehouse)
        for inp in inputs:
            t = time.perf_counter()
            current = (listing or {}).get(inp.table)
            read[inp.table] = _stage_input(
                con, inp, list_files(inp) if current is None else current
            )
            timings[inp.table] = round(time.perf_counter() - t, 3)
        if models is not None and logic is not None:
            _stage_models(con, models, logic, inputs, timings)
        con.execute("CHECKPOINT stage")  # the whole file, no write-ahead log: it is copied next
        con.execute("DETACH stage")
    finally:
        con.close()
    return read


def start_from_stage(warehouse: Path, building: Path) -> None:
    """Begin a build file as a copy of the stage: its ``src_*`` tables are the build's inputs
    (a file copy, ~20x faster than copying the rows through DuckDB at 1M documents)."""
    tmp = building.with_name(building.name + ".copy")
    shutil.copyfile(stage_path(warehouse), tmp)
    os.replace(tmp, building)


# New files are read this many at a time, each chunk in its own transaction together with
# the list of the files it read (a kill leaves the stage as it was before that chunk).
# DuckDB keeps per-file state outside its memory limit while it matches columns by name
# across a list of files, so a first build over years of small landed files must not read
# them in one statement. The bytes bound the extractions' batch files (about 0.5 MB each,
# nested): 478 of them in one statement at 2M documents set the whole build's peak, 747 MiB;
# in chunks of 64 MiB the build peaked at 730 MiB, in the same time.
_STAGE_CHUNK_FILES = 2000
_STAGE_CHUNK_BYTES = 64 * 2**20


def _chunks(sizes: list[int]):
    """(start, length) of consecutive chunks of files: at most _STAGE_CHUNK_FILES files and,
    unless one file alone is larger, _STAGE_CHUNK_BYTES of Parquet."""
    lo, total = 0, 0
    for i, size in enumerate(sizes):
        if i > lo and (i - lo >= _STAGE_CHUNK_FILES or total + size > _STAGE_CHUNK_BYTES):
            yield lo, i - lo
            lo, total = i, 0
        total += size
    if lo < len(sizes):
        yield lo, len(sizes) - lo


def _stage_files(con, inp: Input, chunk: pa.Table) -> None:
    """Read one chunk of new files (a slice of the listing) into the stage."""
    files = chunk.column("path").to_pylist()
    con.execute("BEGIN")
    try:
        cols = select_parquet(con, files, inp.schema, inp.exclude)
        con.execute(
            f"INSERT INTO stage.{inp.table} SELECT {cols} FROM read_parquet(?, {READ_OPTIONS})",  # noqa: S608 - identifiers are ours
            [files],
        )
        if inp.by_document:
            # the documents these rows belong to: their per-document models are computed again
            con.execute(
                f"INSERT INTO stage.stage_pending_documents SELECT DISTINCT doc_id "  # noqa: S608 - fixed text
                f"FROM read_parquet(?, {READ_OPTIONS})",
                [files],
            )
        con.register("_new_files", _files_table(inp, chunk))
        con.execute("INSERT INTO stage.stage_files SELECT * FROM _new_files")
        con.unregister("_new_files")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _files_table(inp: Input, chunk: pa.Table) -> pa.Table:
    """The stage's record of the files a chunk read (written in the chunk's transaction)."""
    return pa.table(
        {
            "input": pa.repeat(pa.scalar(inp.table), chunk.num_rows),
            "path": chunk.column("path"),
            "size": chunk.column("size"),
            "mtime_ns": chunk.column("mtime_ns"),
        }
    )


def _drop_stage(stage: Path) -> None:
    for p in (stage, stage.with_name(stage.name + ".wal")):
        p.unlink(missing_ok=True)


def _stage_input(con, inp: Input, current: pa.Table) -> int:
    """Bring ``stage.<table>`` up to date with the input's files; the number of files read."""
    names = ", ".join(f'"{f.name}"' for f in inp.schema if f.name not in inp.exclude)
    con.register("_empty", pa.Table.from_pylist([], schema=inp.schema))
    expected = con.execute(f"DESCRIBE SELECT {names} FROM _empty").fetchall()  # noqa: S608 - ours
    expected = [(r[0], r[1]) for r in expected]
    have = con.execute(
        "SELECT column_name, data_type FROM duckdb_columns() WHERE database_name = 'stage' "
        "AND table_name = ? ORDER BY column_index",
        [inp.table],
    ).fetchall()
    if have and [tuple(r) for r in have] != expected:
        # a release changed the schema: read the input again
        con.execute(f"DROP TABLE stage.{inp.table}")  # noqa: S608 - ours
        con.execute("DELETE FROM stage.stage_files WHERE input = ?", [inp.table])
        con.execute("DELETE FROM stage.stage_models")  # built from the old rows: build them whole
        have = []
    if not have:
        con.execute(f"CREATE TABLE stage.{inp.table} AS SELECT {names} FROM _empty")  # noqa: S608 - ours
    con.unregister("_empty")
    # the listing is compared with the files read before in DuckDB, not in Python dicts
    con.register("_current", current)
    try:
        _carry_compacted(con, inp)
        changed = con.execute(
            "SELECT count(*) FROM stage.stage_files s LEFT JOIN _current c ON c.path = s.path "
            "WHERE s.input = ? AND (c.path IS NULL OR c.size IS DISTINCT FROM s.size "
            "OR c.mtime_ns IS DISTINCT FROM s.mtime_ns)",
            [inp.table],
        ).fetchall()[0][0]
        if changed:
            # a file it read is gone or rewritten: the cached rows are no longer the input
            con.execute("BEGIN")
            con.execute(f"DELETE FROM stage.{inp.table}")  # noqa: S608 - ours
            con.execute("DELETE FROM stage.stage_files WHERE input = ?", [inp.table])
            con.execute(
                "DELETE FROM stage.stage_models"
            )  # built from the old rows: build them whole
            con.execute("COMMIT")
        new = con.sql(
            "SELECT path, size, mtime_ns FROM _current c WHERE NOT EXISTS "
            "(SELECT 1 FROM stage.stage_files s WHERE s.input = ? AND s.path = c.path) "
            "ORDER BY path",
            params=[inp.table],
        ).to_arrow_table()
    finally:
        con.unregister("_current")
    for lo, n in _chunks(new.column("size").to_pylist()):
        _stage_files(con, inp, new.slice(lo, n))
    return new.num_rows


def _carry_compacted(con, inp: Input) -> None:
    """Merged files (`intercepts.compaction`) whose inputs the stage has read take their
    inputs' place in ``stage_files``: the rows are the same, so none is read again (a
    merge seen any other way, its inputs not all read, is read as a new file)."""
    merged = con.execute(
        "SELECT path, size, mtime_ns FROM _current c WHERE path LIKE '%compact-%' "
        "AND NOT EXISTS (SELECT 1 FROM stage.stage_files s WHERE s.input = ? AND s.path = c.path)",
        [inp.table],
    ).fetchall()
    for path, size, mtime_ns in merged:
        inputs = compaction.compacted_inputs(path)
        if not inputs:
            continue
        paths = [str(inp.root / relative) for relative in inputs]
        read, still_there = con.execute(
            "SELECT (SELECT count(*) FROM stage.stage_files WHERE input = ? AND path IN "
            "(SELECT unnest(?::VARCHAR[]))), (SELECT count(*) FROM _current WHERE path IN "
            "(SELECT unnest(?::VARCHAR[])))",
            [inp.table, paths, paths],
        ).fetchone()
        if read != len(set(paths)) or still_there:
            continue
        con.execute("BEGIN")
        con.execute(
            "DELETE FROM stage.stage_files WHERE input = ? AND path IN (SELECT unnest(?::VARCHAR[]))",
            [inp.table, paths],
        )
        con.execute(
            "INSERT INTO stage.stage_files VALUES (?, ?, ?, ?)", [inp.table, path, size, mtime_ns]
        )
        con.execute("COMMIT")


def staged_models(models: list[Model]) -> list[Model]:
    """The per-document models (``incremental: doc_id``), in dependency order."""
    return [m for m in models if m.meta.get("incremental") == "doc_id"]


def _stage_models(con, models: list[Model], logic: str, inputs: list[Input], timings) -> None:
    """Keep the per-document models up to date inside the stage.

    Such a model's rows for a document depend only on that document's input rows (its
    versions, their extractions), so after new files arrive only the documents they name
    (``stage_pending_documents``) are deleted and computed again; the build then finds the
    rows in its copy of the stage instead of recomputing millions of unchanged ones every
    night. They are computed whole when the stage has none yet, when an input was read again,
    or under other logic (models, reference tables, DuckDB: `logic_fingerprint`). One
    transaction: a killed run leaves the documents pending and the next one does them."""
    staged = staged_models(models)
    if not staged:
        return
    have = {
        r[0]: r[1]
        for r in con.execute("SELECT model, logic_fingerprint FROM stage.stage_models").fetchall()
    }
    tables = {
        r[0]
        for r in con.execute(
            "SELECT table_name FROM duckdb_tables() WHERE database_name = 'stage'"
        ).fetchall()
    }
    whole = any(have.get(m.name) != logic or m.name not in tables for m in staged)
    pending = con.execute("SELECT count(*) FROM stage.stage_pending_documents").fetchone()[0]
    if not whole and not pending:
        return
    con.execute("BEGIN")
    try:
        for m in staged:
            t = time.perf_counter()
            name = quote(m.name)
            ctes = _input_ctes(m, models, inputs, pending=not whole)
            query = f"{ctes} SELECT * FROM ({m.sql})"  # noqa: S608 - our model SQL and names
            if whole:
                con.execute(f"DROP TABLE IF EXISTS stage.{name}")  # noqa: S608 - our model names
                con.execute(f"CREATE TABLE stage.{name} AS {query}")  # noqa: S608 - our model SQL
            else:
                con.execute(
                    f"DELETE FROM stage.{name} WHERE doc_id IN "  # noqa: S608 - our model names
                    "(SELECT doc_id FROM stage.stage_pending_documents)"
                )
                con.execute(f"INSERT INTO stage.{name} BY NAME {query}")  # noqa: S608 - ours
            timings[f"{m.name} (stage, {'whole' if whole else 'documents'})"] = round(
                time.perf_counter() - t, 3
            )
        con.execute("DELETE FROM stage.stage_pending_documents")
        con.execute("DELETE FROM stage.stage_models")
        con.executemany(
            "INSERT INTO stage.stage_models VALUES (?, ?)", [[m.name, logic] for m in staged]
        )
        con.execute("COMMIT")
    except duckdb.Error as exc:
        con.execute("ROLLBACK")
        raise BuildError(f"model {m.layer}/{m.name} failed in the stage: {exc}") from exc
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _input_ctes(m: Model, models: list[Model], inputs: list[Input], *, pending: bool) -> str:
    """``WITH`` the names a per-document model reads, each bound to the stage: the src tables
    and staged models (restricted to the pending documents when ``pending``) and the staging
    views over them. A per-document model may read nothing else (a BuildError says so)."""
    by_name = {x.name: x for x in models}
    src = {inp.table: inp for inp in inputs}
    order: list[Model] = []

    def visit(x: Model) -> None:
        for dep in sorted(x.depends_on):
            d = by_name[dep]
            if any(o.name == d.name for o in order):
                continue
            if d.meta.get("incremental") != "doc_id" and not (
                d.layer == "staging" and d.materialization == "VIEW"
            ):
                raise BuildError(
                    f"{m.name} is per document (incremental: doc_id) but reads {d.name}, "
                    "which is neither per document nor a staging view"
                )
            if d.materialization == "VIEW":
                visit(d)
            order.append(d)

    visit(m)
    where = " WHERE doc_id IN (SELECT doc_id FROM stage.stage_pending_documents)" if pending else ""
    read = set(re.findall(r"\bsrc_[a-z_]+", " ".join(strip_comments(x.sql) for x in [m, *order])))
    for table in read:
        if table not in src or not src[table].by_document:
            raise BuildError(f"{m.name} is per document but reads {table}, which has no doc_id")
    staged_names = sorted(read) + [d.name for d in order if d.materialization != "VIEW"]
    ctes = [f"{quote(n)} AS (SELECT * FROM stage.{quote(n)}{where})" for n in staged_names]  # noqa: S608 - ours
    ctes += [f"{quote(d.name)} AS ({d.sql})" for d in order if d.materialization == "VIEW"]
    return "WITH " + ", ".join(ctes) if ctes else ""
