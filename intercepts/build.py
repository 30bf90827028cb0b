"""Build the DuckDB warehouse from the landed Parquet with the SQL models in ``sql/``.

A small model runner, on purpose (see README "Why not dbt"):

- models are ``sql/<layer>/<name>.sql`` (one SELECT each), layers ``staging`` (views),
  ``intermediate`` and ``marts`` (tables; a yml with ``materialized: view`` makes a view); a file that starts with ``CREATE`` defines a
  table macro of the same name instead (``fct_nightly_regional_intercepts_as_of(t)``); a sibling ``<name>.yml`` states the grain in
  one sentence, describes each column and lists the data tests;
- dependencies are read from the SQL (a model that names another runs after it);
- the raw inputs are loaded first as ``src_*`` tables, with bound parameters for every
  path (no SQL is built from data), into the build's stage (`update_stage`), which reads
  only the Parquet files it has not seen;
- ``incremental: doc_id`` in a model's yml: its rows for a document depend on that
  document's rows only; it lives in the stage and is computed again only for documents
  with new rows (`_stage_models`). ``incremental: night_ending``: its rows for a night
  depend on that night's claims only; nights whose claims did not change are carried
  from the previous build (`_Nights`);
- the build goes into a fresh file which replaces ``intercepts.duckdb`` with one atomic
  rename only after every error-severity data test passed. A BI tool holding the old
  file open keeps its consistent view; new connections see the new build; a failed
  build leaves the previous one in place.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from importlib import resources
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.compute as pc
import yaml

from intercepts import compaction, duck, landing
from intercepts.extraction import EXTRACTION_SCHEMA, claims_dir

LAYERS = ("staging", "intermediate", "marts")
_IDENT = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
DB_NAME = "intercepts.duckdb"


class BuildError(RuntimeError):
    """A model failed or an error-severity data test found rows; the old build stays."""


def sql_dir() -> Path:
    """``sql/`` of a source checkout, else the copy shipped inside the wheel."""
    checkout = Path(__file__).resolve().parent.parent / "sql"
    if checkout.is_dir():
        return checkout
    return Path(str(resources.files("intercepts") / "_sql"))


@dataclass
class Model:
    name: str
    layer: str
    sql: str
    meta: dict = field(default_factory=dict)
    depends_on: set[str] = field(default_factory=set)

    @property
    def materialization(self) -> str:
        if _strip_comments(self.sql).lstrip().upper().startswith("CREATE"):
            return "MACRO"  # a table macro (e.g. `..._as_of(t)`), created by its own statement
        if self.meta.get("materialized") == "view":
            return "VIEW"  # e.g. the bi_* views: stable names over the marts, no copy of the data
        if self.meta.get("materialized") == "table":
            return "TABLE"  # a staging model read by many (stg_extract__claims: unnest once)
        return "VIEW" if self.layer == "staging" else "TABLE"


@dataclass
class TestResult:
    model: str
    name: str
    severity: str
    failures: int
    sample: list

    @property
    def passed(self) -> bool:
        return self.failures == 0


def discover_models(root: Path | None = None) -> list[Model]:
    """All models in dependency order (layer order breaks ties)."""
    root = root or sql_dir()
    models: dict[str, Model] = {}
    for layer in LAYERS:
        for path in sorted((root / layer).glob("*.sql")):
            meta_path = path.with_suffix(".yml")
            meta = (
                yaml.safe_load(meta_path.read_text(encoding="utf-8")) if meta_path.exists() else {}
            )
            models[path.stem] = Model(
                path.stem, layer, path.read_text(encoding="utf-8"), meta or {}
            )
    for m in models.values():
        words = set(re.findall(r"[A-Za-z_][A-Za-z0-9_]*", _strip_comments(m.sql)))
        m.depends_on = {w for w in words if w in models and w != m.name}
    ordered: list[Model] = []
    done: set[str] = set()

    def visit(m: Model, stack: tuple[str, ...]) -> None:
        if m.name in done:
            return
        if m.name in stack:
            raise BuildError(f"dependency cycle: {' -> '.join(stack + (m.name,))}")
        for dep in sorted(m.depends_on, key=lambda d: (LAYERS.index(models[d].layer), d)):
            visit(models[dep], stack + (m.name,))
        done.add(m.name)
        ordered.append(m)

    for m in sorted(models.values(), key=lambda m: (LAYERS.index(m.layer), m.name)):
        visit(m, ())
    return ordered


def _strip_comments(sql: str) -> str:
    return re.sub(r"--[^\n]*", "", sql)


_DUCK_TYPES = {
    "bool": "BOOLEAN",
    "string": "VARCHAR",
    "int32": "INTEGER",
    "int64": "BIGINT",
    "double": "DOUBLE",
    "binary": "BLOB",
    "timestamp[us, tz=UTC]": "TIMESTAMPTZ",
}


def _select_parquet(con, paths: list[str], schema: pa.Schema, exclude: tuple[str, ...]) -> str:
    """The column list that reads ``paths`` (with ``_READ_OPTIONS``) as ``schema``.

    Columns are matched by name across files, and a column missing from every file reads
    as NULL: files written before a column joined the schema lack it, and without
    ``union_by_name`` DuckDB takes the first file's columns and silently drops a column
    only later files have (a tombstone's ``deleted`` flag, say)."""
    present = {
        r[0]
        for r in con.execute(
            f"DESCRIBE SELECT * FROM read_parquet(?, {_READ_OPTIONS})",  # noqa: S608 - fixed text
            [paths],
        ).fetchall()
    }
    return ", ".join(
        f'"{f.name}"'
        if f.name in present
        else f'CAST(NULL AS {_DUCK_TYPES[str(f.type)]}) AS "{f.name}"'
        for f in schema
        if f.name not in exclude
    )


_READ_OPTIONS = "hive_partitioning = false, union_by_name = true"


@dataclass(frozen=True)
class _Input:
    table: str
    root: Path
    recursive: bool  # files in subdirectories too (partitions), or only directly in root
    schema: pa.Schema
    exclude: tuple[str, ...] = ()
    by_document: bool = False  # has doc_id: its new rows name the documents to restage


def _inputs(warehouse: Path) -> list[_Input]:
    raw = warehouse / "raw"
    return [
        # The fetched markup (raw_body, as large as the text and often larger) stays in the
        # Parquet: no model reads it, and the extractor already turned it into `text`.
        # published_date is published_at's UTC day, for pruning a scan of raw/ by date.
        _Input(
            "src_documents",
            raw / "documents",
            True,
            landing.DOCUMENT_SCHEMA,
            ("raw_body", "published_date"),
            by_document=True,
        ),
        _Input("src_fetches", raw / "fetches", True, landing.FETCH_SCHEMA),
        _Input("src_quarantine", raw / "quarantine", True, landing.QUARANTINE_SCHEMA),
        _Input(
            "src_extractions",
            claims_dir(warehouse),
            False,  # batch files; a new extractor version is a new directory
            EXTRACTION_SCHEMA,
            by_document=True,
        ),
    ]


LISTING_SCHEMA = pa.schema([("path", pa.string()), ("size", pa.int64()), ("mtime_ns", pa.int64())])


def _files(inp: _Input) -> pa.Table:
    """Every Parquet file of an input (absolute ``path``, ``size``, ``mtime_ns``), sorted by
    path. Arrow, not a dict: years of history are hundreds of thousands of files, held
    through the whole build, and a Python dict of them took 355 bytes a file (15.6 MiB for
    the 46k files of 1M documents), these columns 150 (6.9 MiB)."""
    paths: list[str] = []
    sizes: list[int] = []
    mtimes: list[int] = []
    for entry in landing.walk_files(inp.root, recursive=inp.recursive):
        st = entry.stat()
        paths.append(entry.path)
        sizes.append(st.st_size)
        mtimes.append(st.st_mtime_ns)
    table = pa.table([paths, sizes, mtimes], schema=LISTING_SCHEMA)
    return table.take(pc.sort_indices(table, [("path", "ascending")])) if len(table) else table


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
        inputs = _inputs(warehouse)
        for inp in inputs:
            t = time.perf_counter()
            current = (listing or {}).get(inp.table)
            read[inp.table] = _stage_input(con, inp, _files(inp) if current is None else current)
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


def load_reference_tables(con, reference_tables: dict[str, pa.Table]) -> None:
    for name, table in reference_tables.items():
        con.register("_ref", table)
        con.execute(f"CREATE TABLE {name} AS SELECT * FROM _ref")  # noqa: S608 - name is ours
        con.unregister("_ref")


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


def _stage_files(con, inp: _Input, chunk: pa.Table) -> None:
    """Read one chunk of new files (a slice of the listing) into the stage."""
    files = chunk.column("path").to_pylist()
    con.execute("BEGIN")
    try:
        cols = _select_parquet(con, files, inp.schema, inp.exclude)
        con.execute(
            f"INSERT INTO stage.{inp.table} SELECT {cols} FROM read_parquet(?, {_READ_OPTIONS})",  # noqa: S608 - identifiers are ours
            [files],
        )
        if inp.by_document:
            # the documents these rows belong to: their per-document models are computed again
            con.execute(
                f"INSERT INTO stage.stage_pending_documents SELECT DISTINCT doc_id "  # noqa: S608 - fixed text
                f"FROM read_parquet(?, {_READ_OPTIONS})",
                [files],
            )
        con.register("_new_files", _files_table(inp, chunk))
        con.execute("INSERT INTO stage.stage_files SELECT * FROM _new_files")
        con.unregister("_new_files")
        con.execute("COMMIT")
    except BaseException:
        con.execute("ROLLBACK")
        raise


def _files_table(inp: _Input, chunk: pa.Table) -> pa.Table:
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


def _stage_input(con, inp: _Input, current: pa.Table) -> int:
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


def _carry_compacted(con, inp: _Input) -> None:
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


def _stage_models(con, models: list[Model], logic: str, inputs: list[_Input], timings) -> None:
    """Keep the per-document models up to date inside the stage.

    Such a model's rows for a document depend only on that document's input rows (its
    versions, their extractions), so after new files arrive only the documents they name
    (``stage_pending_documents``) are deleted and computed again; the build then finds the
    rows in its copy of the stage instead of recomputing millions of unchanged ones every
    night. They are computed whole when the stage has none yet, when an input was read again,
    or under other logic (models, reference tables, DuckDB: `_logic_fingerprint`). One
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
            name = _q(m.name)
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


def _input_ctes(m: Model, models: list[Model], inputs: list[_Input], *, pending: bool) -> str:
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
    read = set(re.findall(r"\bsrc_[a-z_]+", " ".join(_strip_comments(x.sql) for x in [m, *order])))
    for table in read:
        if table not in src or not src[table].by_document:
            raise BuildError(f"{m.name} is per document but reads {table}, which has no doc_id")
    staged_names = sorted(read) + [d.name for d in order if d.materialization != "VIEW"]
    ctes = [f"{_q(n)} AS (SELECT * FROM stage.{_q(n)}{where})" for n in staged_names]  # noqa: S608 - ours
    ctes += [f"{_q(d.name)} AS ({d.sql})" for d in order if d.materialization == "VIEW"]
    return "WITH " + ", ".join(ctes) if ctes else ""


def run_tests(con, model: Model) -> list[TestResult]:
    """Run the data tests declared in the model's yml; each query returns offending rows."""
    results = []
    for name, severity, query in _test_queries(model):
        rows = con.execute(f"SELECT * FROM ({query}) LIMIT 5").fetchall()  # noqa: S608 - test SQL is ours
        n = con.execute(f"SELECT count(*) FROM ({query})").fetchone()[0] if rows else 0  # noqa: S608
        results.append(TestResult(model.name, name, severity, n, rows))
    return results


def _q(ident: str) -> str:
    if not _IDENT.match(ident):
        raise BuildError(f"not an identifier in a model's yml: {ident!r}")
    return f'"{ident}"'


def _test_queries(model: Model):
    """(name, severity, query returning offending rows) for each test in the model's yml.

    Only identifiers from our own yml files reach these strings, each checked by ``_q``;
    no feed data is ever part of a query."""
    t = _q(model.name)
    for col in model.meta.get("columns", []) or []:
        for test in col.get("tests", []) or []:
            c = _q(col["name"])
            if test == "not_null":
                yield f"not_null({col['name']})", "error", f"SELECT * FROM {t} WHERE {c} IS NULL"  # noqa: S608
            elif test == "unique":
                yield (
                    f"unique({col['name']})",
                    "error",
                    f"SELECT {c}, count(*) AS n FROM {t} GROUP BY {c} HAVING count(*) > 1",  # noqa: S608
                )
            else:
                raise BuildError(f"{model.name}: unknown column test {test!r}")
    for test in model.meta.get("tests", []) or []:
        severity = test.get("severity", "error")
        if "unique" in test:
            cols = ", ".join(_q(c) for c in test["unique"])
            yield (
                f"unique({', '.join(test['unique'])})",
                severity,
                f"SELECT {cols}, count(*) AS n FROM {t} GROUP BY {cols} HAVING count(*) > 1",  # noqa: S608
            )
        elif "accepted_values" in test:
            spec = test["accepted_values"]
            c = _q(spec["column"])
            values = ", ".join("'" + str(v).replace("'", "''") + "'" for v in spec["values"])
            yield (
                f"accepted_values({spec['column']})",
                severity,
                f"SELECT {c}, count(*) AS n FROM {t} WHERE {c} IS NOT NULL AND {c} NOT IN ({values}) GROUP BY {c}",  # noqa: S608
            )
        elif "sql" in test:
            yield test["name"], severity, test["sql"]
        else:
            raise BuildError(f"{model.name}: cannot read test {test!r}")


def _record_metadata(con, models: list[Model]) -> None:
    con.execute(
        "CREATE TABLE meta_models (model VARCHAR, layer VARCHAR, materialization VARCHAR, grain VARCHAR, description VARCHAR)"
    )
    con.execute(
        "CREATE TABLE meta_columns (model VARCHAR, column_name VARCHAR, data_type VARCHAR, description VARCHAR)"
    )
    for m in models:
        con.execute(
            "INSERT INTO meta_models VALUES (?, ?, ?, ?, ?)",
            [
                m.name,
                m.layer,
                m.materialization.lower(),
                m.meta.get("grain"),
                m.meta.get("description"),
            ],
        )
        described = {c["name"]: c.get("description") for c in m.meta.get("columns", []) or []}
        for col, dtype in con.execute(
            "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ? ORDER BY ordinal_position",
            [m.name],
        ).fetchall():
            con.execute(
                "INSERT INTO meta_columns VALUES (?, ?, ?, ?)",
                [m.name, col, dtype, described.get(col)],
            )


def _logic_fingerprint(models: list[Model], reference_tables: dict[str, pa.Table]) -> str:
    """Everything besides the claims that a model's rows depend on: the models' SQL and yml
    and the reference tables, and the DuckDB that runs them. Rows of an earlier build are
    reused only under the same one."""
    digest = hashlib.sha256(duckdb.__version__.encode())
    for m in models:
        digest.update(
            m.name.encode() + m.sql.encode() + repr(sorted(m.meta.items(), key=str)).encode()
        )
    for name in sorted(reference_tables):
        digest.update(name.encode() + repr(reference_tables[name].to_pydict()).encode())
    return digest.hexdigest()


# A whole build of a per-night model computes about this many claim rows' nights at a time
# per GB of DuckDB's memory cap (at 10M claims in one statement `int_region_figures` outgrew
# 1 GB; 3M a GB fits, and 2M fit under 512MB).
_CLAIMS_PER_GB = 3_000_000


def _claims_per_chunk() -> int:
    return max(1, int(_CLAIMS_PER_GB * duck.memory_limit_bytes() / 10**9))


def _date_literal(night: date) -> str:
    """A DATE literal for a night DuckDB returned from our own table: only a ``datetime.date``
    is formatted (digits and dashes), so nothing from a feed can reach the SQL this way."""
    if type(night) is not date:
        raise BuildError(f"not a date: {night!r}")
    return f"DATE '{night.isoformat()}'"


class _Nights:
    """Incremental per-night models (``incremental: night_ending`` in a model's yml).

    Such a model's rows for a night depend only on that night's claims (the rows of
    ``int_claims_enriched``, every version) and on the logic (`_logic_fingerprint`). Each
    build records a signature per night (count and sum of row hashes) in
    ``meta_night_signatures``; the next build, under the same logic, copies the previous
    build's rows for nights whose signature is unchanged and computes only the others
    (a new post, a new version of an old post, a re-extraction: each changes the signature
    of the nights it touches). Without a usable previous build, with ``--force`` or
    anything unexpected, the model is built whole. Data tests always run on the whole table.
    """

    def __init__(self, con, previous: Path, logic: str, *, enabled: bool) -> None:
        self.con, self.previous, self.logic = con, previous, logic
        self.enabled = enabled and previous.exists()
        self.ready: bool | None = None  # decided at the first incremental model
        self.why_whole = "forced" if not enabled else "no earlier build"
        self.attached = False
        self.changed: list[date] = []
        self.signed = False  # meta_night_signatures exists
        self.report: dict = {}

    def _prepare(self) -> None:
        con = self.con
        self.ready = False
        has_claims = con.execute(
            "SELECT count(*) FROM duckdb_tables() WHERE database_name = current_database() "
            "AND table_name = 'int_claims_enriched'"
        ).fetchone()[0]
        if not has_claims:
            return  # a build of other models (tests): nothing to sign
        con.execute(
            "CREATE TABLE meta_night_signatures AS SELECT night_ending, count(*) AS n_rows, "
            "sum(hash(c)::HUGEINT) AS row_hash_sum FROM int_claims_enriched c GROUP BY night_ending"
        )
        self.signed = True
        con.execute("CREATE TABLE meta_build (logic_fingerprint VARCHAR)")
        con.execute("INSERT INTO meta_build VALUES (?)", [self.logic])
        if not self.enabled:
            return
        try:
            con.execute("ATTACH ? AS prev (READ_ONLY)", [str(self.previous)])
            self.attached = True
            logic = con.execute("SELECT logic_fingerprint FROM prev.meta_build").fetchall()
        except duckdb.Error as exc:
            # an older build without signatures, or the file held in a way that refuses us
            self.why_whole = f"earlier build unreadable: {str(exc).splitlines()[0]}"
            return
        if logic != [(self.logic,)]:
            self.why_whole = "models, reference tables or DuckDB changed since the earlier build"
            return
        con.execute(
            "CREATE TEMP TABLE changed_nights AS "
            "SELECT coalesce(n.night_ending, p.night_ending) AS night_ending "
            "FROM meta_night_signatures n FULL JOIN prev.meta_night_signatures p "
            "ON n.night_ending = p.night_ending "
            "WHERE n.n_rows IS DISTINCT FROM p.n_rows OR n.row_hash_sum IS DISTINCT FROM p.row_hash_sum"
        )
        changed = [
            r[0]
            for r in con.execute(
                "SELECT night_ending FROM changed_nights WHERE night_ending IS NOT NULL ORDER BY 1"
            ).fetchall()
        ]
        nights = con.execute(
            "SELECT count(*) FROM meta_night_signatures WHERE night_ending IS NOT NULL"
        ).fetchone()[0]
        if len(changed) > max(nights // 2, 50):
            self.why_whole = f"{len(changed)} of {nights} nights changed"
            return
        self.changed = changed
        self.ready = True

    def _in_list(self) -> str:
        """The changed nights as a list of DATE literals. DuckDB pushes a constant list down
        to the scan of the claims (0.08 s for 9 nights at 1M) but not a subquery or a bound
        parameter (1.2-6 s). Only ``datetime.date`` values DuckDB returned from our own
        table are formatted here (digits and dashes); nothing else reaches the SQL."""
        return ", ".join(_date_literal(night) for night in self.changed)

    def create(self, m: Model) -> None:
        if self.ready is None:
            self._prepare()
        name = _q(m.name)
        if self.ready:
            try:
                self._carry(m, name)
                return
            except duckdb.Error as exc:
                self.con.execute(f"DROP TABLE IF EXISTS {name}")
                self.report[m.name] = {"built": "whole", "why": str(exc).splitlines()[0]}
        else:
            self.report[m.name] = {"built": "whole", "why": self.why_whole}
        self._whole(m, name)

    def _whole(self, m: Model, name: str) -> None:
        """The model over every night; past `_claims_per_chunk` claims, a range of nights
        at a time (its aggregates keep their lists in memory: at 10M claims in one statement
        they outgrew a 1 GB DuckDB limit). A per-night model has no rows without a night
        (its yml tests night_ending not_null)."""
        ranges = self._night_ranges() if self.signed else []
        if len(ranges) <= 1:
            self.con.execute(f"CREATE TABLE {name} AS {m.sql}")
            return
        for i, (lo, hi) in enumerate(ranges):
            verb = f"CREATE TABLE {name} AS" if i == 0 else f"INSERT INTO {name}"
            span = f"BETWEEN {_date_literal(lo)} AND {_date_literal(hi)}"
            in_range = f"SELECT night_ending FROM meta_night_signatures WHERE night_ending {span}"  # noqa: S608 - typed dates
            with self._only_nights(in_range):
                self.con.execute(
                    f"{verb} SELECT * FROM ({m.sql}) WHERE night_ending {span}"  # noqa: S608 - our model SQL, typed dates
                )
        self.report[m.name]["night_ranges"] = len(ranges)

    @contextmanager
    def _only_nights(self, query: str):
        """``build_nights`` holds the nights ``query`` returns for the statements inside: a
        model that reads it (``nights := (SELECT list(night_ending) FROM build_nights)``)
        computes only those nights. A filter outside the model reaches its inputs only
        when DuckDB can push it through every step, which a macro of materialised CTEs
        stops (``fct_nightly_regional_intercepts``: 1.1 s for 9 nights of 1M, 0.07 s this
        way), and then a range of nights does not bound its memory either. Empty: every
        night."""
        self.con.execute(f"INSERT INTO build_nights {query}")  # noqa: S608 - our SQL, typed dates
        try:
            yield
        finally:
            self.con.execute("DELETE FROM build_nights")

    def _night_ranges(self) -> list[tuple[date, date]]:
        """Consecutive ranges of nights holding about `_claims_per_chunk` claim rows each."""
        per_chunk = _claims_per_chunk()
        rows = self.con.execute(
            "SELECT night_ending, n_rows FROM meta_night_signatures "
            "WHERE night_ending IS NOT NULL ORDER BY night_ending"
        ).fetchall()
        ranges, lo, held = [], None, 0
        for night, n in rows:
            lo = lo or night
            held += n
            if held >= per_chunk:
                ranges.append((lo, night))
                lo, held = None, 0
        if lo is not None:
            ranges.append((lo, rows[-1][0]))
        return ranges

    def _carry(self, m: Model, name: str) -> None:
        con = self.con
        changed = "SELECT night_ending FROM changed_nights WHERE night_ending IS NOT NULL"
        con.execute(
            f"CREATE TABLE {name} AS SELECT * FROM prev.{name} "  # noqa: S608 - our model names
            f"WHERE night_ending IS NOT NULL AND night_ending NOT IN ({changed})"
        )
        carried = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: S608
        if self.changed:  # a model marked incremental has a not_null test on night_ending
            # build_nights for the models that read it, the IN list for those whose own
            # scan it reaches (fct_region_figures, over the int_region_figures table)
            with self._only_nights(changed):
                con.execute(
                    f"INSERT INTO {name} SELECT * FROM ({m.sql}) "  # noqa: S608 - our model SQL, typed dates
                    f"WHERE night_ending IN ({self._in_list()})"
                )
        total = con.execute(f"SELECT count(*) FROM {name}").fetchone()[0]  # noqa: S608
        self.report[m.name] = {
            "built": "incremental",
            "nights_recomputed": len(self.changed),
            "rows_carried": carried,
            "rows_recomputed": total - carried,
        }

    def finish(self) -> None:
        if self.ready is None:
            self._prepare()  # no incremental model: still record the signatures
        self.detach()

    def detach(self) -> None:
        if self.attached:
            self.con.execute("DETACH prev")
            self.attached = False


# The inputs whose files a build's fingerprint covers (the fetch log is left out on purpose).
_FINGERPRINTED = ("src_documents", "src_quarantine", "src_extractions")


def list_inputs(warehouse: Path, tables=None) -> dict[str, pa.Table]:
    """The Parquet files of each input (or of ``tables``): a table of ``path``, ``size`` and
    ``mtime_ns``, sorted by path (`_files`). A build lists them once, for its fingerprint
    and its stage."""
    return {
        inp.table: _files(inp)
        for inp in _inputs(warehouse)
        if tables is None or inp.table in tables
    }


def inputs_fingerprint(
    warehouse: Path, logic: str, listing: dict[str, pa.Table] | None = None
) -> str:
    """A hash of everything a build reads: the landed and extracted Parquet (by name, size
    and modification time: files are immutable once renamed into place) and ``logic``, the
    models, their tests, the reference tables and DuckDB (`_logic_fingerprint`). Equal
    fingerprints give identical marts.

    The per-run fetch log (``raw/fetches``) is left out on purpose: a night where nothing
    changed adds a log file but must not cost a rebuild."""
    listing = listing if listing is not None else list_inputs(warehouse, _FINGERPRINTED)
    digest = hashlib.sha256()
    cut = len(str(warehouse)) + len(os.sep)  # the listed paths begin with the warehouse's
    for table in _FINGERPRINTED:
        for batch in listing[table].to_batches(max_chunksize=_FINGERPRINT_BATCH):
            rows = zip(*(batch.column(k).to_pylist() for k in LISTING_SCHEMA.names), strict=True)
            for path, size, mtime in rows:
                digest.update(f"{path[cut:]}\x1f{size}\x1f{mtime}\n".encode())
    digest.update(logic.encode())
    return digest.hexdigest()


_FINGERPRINT_BATCH = 65_536  # listed files turned into Python objects at a time


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
    logic = _logic_fingerprint(models, reference_tables)
    listing = list_inputs(warehouse, _FINGERPRINTED)
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
        revisions_from = _previous_build(con, final, built_at)
        # the nights a per-night model computes in the current statement; empty: every night
        con.execute("CREATE TEMP TABLE build_nights (night_ending DATE)")
        nights = _Nights(con, final, logic, enabled=not force)
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
                    con.execute(f"CREATE {m.materialization} {_q(m.name)} AS {m.sql}")
            except duckdb.Error as exc:
                raise BuildError(f"model {m.layer}/{m.name} failed: {exc}") from exc
            timings[m.name] = round(time.perf_counter() - t, 3)
        nights.finish()
        results = []
        for m in models:
            t = time.perf_counter()
            results.extend(run_tests(con, m))
            timings[f"tests of {m.name}"] = round(time.perf_counter() - t, 3)
        _record_metadata(con, models)
        errors = [r for r in results if not r.passed and r.severity == "error"]
        if errors:
            lines = [
                f"{r.model}: {r.name} failed on {r.failures} row(s), e.g. {r.sample[:3]}"
                for r in errors
            ]
            raise BuildError("data tests failed:\n  " + "\n  ".join(lines))
        row_counts = {
            m.name: con.execute(f"SELECT count(*) FROM {_q(m.name)}").fetchone()[0]  # noqa: S608
            for m in models
            if m.layer == "marts" and m.materialization != "MACRO"
        }
        # read off the build's own connection, before the swap: a reader of the old file in
        # this process would be handed that file's instance by a new connection to the path
        revised = _new_revisions(con, built_at) if "fct_figure_revisions" in row_counts else {}
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


# What fct_figure_revisions reads of the previous warehouse file, copied before the models
# run (temp tables: they never reach the new file). Narrow on purpose: a figure is 5 values,
# a document version 2; the full facts and claims are never copied.
_PREVIOUS_BUILD_DDL = (
    "CREATE TEMP TABLE src_this_build (built_at TIMESTAMPTZ)",
    "CREATE TEMP TABLE src_previous_build (built_at TIMESTAMPTZ)",
    "CREATE TEMP TABLE src_previous_figures (night_ending DATE, region_code VARCHAR, "
    "weapon_class VARCHAR, figure VARCHAR, value BIGINT)",
    "CREATE TEMP TABLE src_previous_versions (version_id VARCHAR, extractor_version VARCHAR)",
    "CREATE TEMP TABLE src_previous_revisions (night_ending DATE, region_code VARCHAR, "
    "weapon_class VARCHAR, figure VARCHAR, value_before BIGINT, value_after BIGINT, "
    "first_seen_at TIMESTAMPTZ, previous_build_at TIMESTAMPTZ, cause VARCHAR, "
    "cause_version_ids VARCHAR[], cause_urls VARCHAR[])",
)
_PREVIOUS_BUILD_COPIES = {
    "src_previous_figures": "SELECT night_ending, region_code, weapon_class, figure, value "
    "FROM previous_build.int_figure_values",
    "src_previous_versions": "SELECT DISTINCT v.version_id, e.extractor_version "
    "FROM previous_build.int_document_versions_ranked v "
    "LEFT JOIN previous_build.src_extractions e USING (version_id)",
    "src_previous_revisions": "SELECT night_ending, region_code, weapon_class, figure, "
    "value_before, value_after, first_seen_at, previous_build_at, cause, cause_version_ids, "
    "cause_urls FROM previous_build.fct_figure_revisions",
}


def _previous_build(con, previous: Path, built_at: datetime) -> str:
    """Copy what the revisions need of the build in place (``previous``) into temp tables:
    its figures (`int_figure_values`), its document versions with their extractor version,
    and its revision history, which the new build carries on. The previous file is the
    one the new file replaces, so nothing else is kept for this. Returns where the
    comparison starts from: ``previous build``, ``no earlier build`` or why a table was
    missing (an earlier build of an older release: its figures are the baseline)."""
    for ddl in _PREVIOUS_BUILD_DDL:
        con.execute(ddl)
    con.execute("INSERT INTO src_this_build VALUES (?)", [built_at])
    # kept in the file: the report lists the revisions of the build it reads
    con.execute("CREATE TABLE meta_built_at AS SELECT built_at FROM src_this_build")
    if not previous.exists():
        return "no earlier build"
    try:
        con.execute("ATTACH ? AS previous_build (READ_ONLY)", [str(previous)])
    except duckdb.Error as exc:
        raise BuildError(
            f"the previous build {previous} cannot be read, and its figure revisions would be "
            f"lost: {str(exc).splitlines()[0]}"
        ) from exc
    try:
        missing = []
        for table, query in _PREVIOUS_BUILD_COPIES.items():
            try:
                con.execute(f"INSERT INTO {table} {query}")  # noqa: S608 - our own SQL
            except duckdb.CatalogException:
                missing.append(table)
        # the file is renamed into place when its build ends: its mtime is when it was built
        con.execute(
            "INSERT INTO src_previous_build VALUES (to_timestamp(?))", [previous.stat().st_mtime]
        )
        return "previous build" if not missing else f"previous build without {', '.join(missing)}"
    finally:
        con.execute("DETACH previous_build")


REVISIONS_LISTED = 100  # a changed rule can revise every night: the summary lists this many


def _new_revisions(con, built_at: datetime) -> dict:
    """``n_revised`` (the figures this build revised) and ``revisions``, the first
    `REVISIONS_LISTED` of them (newest night first) as dicts, for the run summary (read
    on the build's connection)."""
    n = con.execute(
        "SELECT count(*) FROM fct_figure_revisions WHERE first_seen_at = ?", [built_at]
    ).fetchone()[0]
    cursor = con.execute(
        "SELECT night_ending, region_code, weapon_class, figure, value_before, value_after, "
        "cause, cause_urls FROM fct_figure_revisions WHERE first_seen_at = ? "
        "ORDER BY night_ending DESC, region_code, weapon_class, figure LIMIT ?",
        [built_at, REVISIONS_LISTED],
    )
    columns = [d[0] for d in cursor.description]
    rows = [dict(zip(columns, row, strict=True)) for row in cursor.fetchall()]
    return {"n_revised": n, "revisions": rows}


def _unchanged(final: Path, models: list[Model]) -> dict:
    """The result of a build that had nothing new to build: counts read from the file."""
    con = duckdb.connect(str(final), read_only=True)
    try:
        row_counts = {
            m.name: con.execute(f"SELECT count(*) FROM {_q(m.name)}").fetchone()[0]  # noqa: S608
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
