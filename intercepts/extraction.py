"""The extraction stage: landed document versions → claims Parquet, incrementally.

Each batch file under ``claims/extractor_version=<v>/`` holds one row per document
version *processed*, with its claims and rejects nested inside. Writing "this version
was read, and here is what it said" as one atomic file means a killed run can neither
lose claims nor write them twice: a version is pending exactly when no file lists it.
Rejected statements and extractor crashes stay in the same file (``rejects``,
``error``); the warehouse's quarantine view lists them beside the fetch and parse
failures of ``raw/quarantine``. A new extractor version starts a new partition and re-reads everything (raw is the
source of truth); the marts read only the current version's partition.

Memory stays bounded: pending versions stream out of DuckDB in record batches.
"""

from __future__ import annotations

import gc
import hashlib
import json
import multiprocessing
import os
from collections import deque
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import fields
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from intercepts import compaction, duck, landing
from intercepts.extract.model import EXTRACTOR_VERSION, Claim, DocumentInput

_LIST = pa.list_(pa.string())

CLAIM_STRUCT = pa.struct(
    [
        ("claim_id", pa.string()),  # unique per document version
        ("claim_key", pa.string()),  # the extractor's id: stable across versions of a post
        ("parent_claim_id", pa.string()),
        ("claimant", pa.string()),
        ("claimant_kind", pa.string()),
        ("scope", pa.string()),
        ("region_codes", _LIST),
        ("region_names_raw", _LIST),
        ("count", pa.int64()),
        ("count_qualifier", pa.string()),
        ("action", pa.string()),
        ("weapon", pa.string()),
        ("window_start", pa.string()),
        ("window_end", pa.string()),
        ("window_precision", pa.string()),
        ("night_ending", pa.string()),
        ("period", pa.string()),
        ("direction", pa.string()),
        ("districts", _LIST),
        ("increment", pa.bool_()),
        ("running_total", pa.bool_()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("quote", pa.string()),
        ("extra", pa.string()),  # JSON of any fields the extractor adds beyond these
    ]
)

REJECT_STRUCT = pa.struct(
    [
        ("reason", pa.string()),
        ("phrase", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("quote", pa.string()),
    ]
)

EXTRACTION_SCHEMA = pa.schema(
    [
        ("version_id", pa.string()),
        ("doc_id", pa.string()),
        ("extractor_version", pa.string()),
        ("run_id", pa.string()),
        ("extracted_at", pa.timestamp("us", tz="UTC")),
        ("error", pa.string()),  # the extractor crashed on this document: why
        ("claims", pa.list_(CLAIM_STRUCT)),
        ("rejects", pa.list_(REJECT_STRUCT)),
    ]
)


def claims_dir(warehouse: Path, version: str = EXTRACTOR_VERSION) -> Path:
    return warehouse / "claims" / f"extractor_version={version}"


# Claim fields beyond the struct's columns (e.g. event_date, count_text) travel in `extra`,
# as JSON with sorted keys.
_STRUCT_NAMES = tuple(CLAIM_STRUCT.names)
_IN_STRUCT = frozenset(_STRUCT_NAMES)
_NOT_EXTRA = frozenset(
    {"doc_id", "claim_id", "parent_claim_id", "extractor_version", "attributed_publisher"}
)
_CLAIM_FIELDS = tuple(f.name for f in fields(Claim))
_AS_IS = tuple(n for n in _STRUCT_NAMES if n in _CLAIM_FIELDS and n not in _NOT_EXTRA)
_EXTRA = tuple(sorted(n for n in _CLAIM_FIELDS if n not in _IN_STRUCT and n not in _NOT_EXTRA))


# json.dumps with any option builds a new encoder on every call: one encoder for every claim
_extra_json = json.JSONEncoder(ensure_ascii=False, default=str).encode


def _claim_row(version_id: str, claim: Claim) -> dict:
    """The claim as a row of CLAIM_STRUCT (read straight off the claim: a row per claim of
    the whole history goes through here)."""
    row = {name: getattr(claim, name) for name in _AS_IS}
    row["claim_id"] = hashlib.sha256(f"{version_id}\x1f{claim.claim_id}".encode()).hexdigest()[:20]
    row["claim_key"] = claim.claim_id
    row["parent_claim_id"] = None
    if claim.parent_claim_id:
        row["parent_claim_id"] = hashlib.sha256(
            f"{version_id}\x1f{claim.parent_claim_id}".encode()
        ).hexdigest()[:20]
    row["extra"] = _extra_json({k: getattr(claim, k) for k in _EXTRA}) if _EXTRA else None
    return row


def document_input(row: dict) -> DocumentInput:
    """What the extractor reads of a landed version (a row with the landing's columns)."""
    return DocumentInput(
        doc_id=row["doc_id"],
        text=row["text"] or "",
        published_at=row["published_at"] or row["fetched_at"],
        language=row["language"],
        timezone=row["timezone"],
        publisher=row["publisher"],
        claimant_kind=row["claimant_kind"],
        url=row["url"],
        title=row["title"],
        region=row.get("source_region"),
    )


def read_version(row: dict) -> dict:
    """Extract one landed version; never raises (a crash is recorded as the row's error)."""
    from intercepts.extract.claims import extract  # the extractor loads its gazetteer on first use

    doc = document_input(row)
    out = {
        "version_id": row["version_id"],
        "doc_id": row["doc_id"],
        "error": None,
        "claims": [],
        "rejects": [],
    }
    try:
        result = extract(doc)
    except Exception as exc:  # noqa: BLE001 - one bad post must not stop the batch
        out["error"] = f"{type(exc).__name__}: {exc}"
        return out
    out["claims"] = [_claim_row(row["version_id"], c) for c in result.claims]
    out["rejects"] = [
        {
            "reason": r.reason,
            "phrase": r.phrase,
            "char_start": r.char_start,
            "char_end": r.char_end,
            "quote": r.quote,
        }
        for r in result.rejects
    ]
    return out


class ExtractorChanged(RuntimeError):
    """A worker runs other extractor code than the process that started the run."""


def extract_rows(
    batch: pa.RecordBatch | pa.Table,
    run_id: str,
    extracted_at: datetime,
    expected_version: str | None = None,
) -> tuple[pa.Table, dict]:
    """Extract every version in ``batch``: the rows of one batch file, and their counts.

    Pure apart from the extractor's own caches, so it runs the same in this process, in a
    worker process or on a cluster worker (Arrow in, Arrow out: cheap to ship). A worker
    started after the code was upgraded refuses (``expected_version``) rather than write
    its claims into the partition of another extractor version."""
    if expected_version is not None and expected_version != EXTRACTOR_VERSION:
        raise ExtractorChanged(
            f"worker has extractor {EXTRACTOR_VERSION}, the run started with {expected_version}; "
            "run again (after an upgrade), or install this run's intercepts on the Dask "
            "cluster's workers (INTERCEPTS_DASK_ADDRESS)"
        )
    out_rows = []
    stats = {"versions": 0, "claims": 0, "rejects": 0, "errors": 0}
    with _without_cycle_collector():
        for row in batch.to_pylist():
            out = read_version(row)
            out.update(
                extractor_version=EXTRACTOR_VERSION, run_id=run_id, extracted_at=extracted_at
            )
            out_rows.append(out)
            stats["claims"] += len(out["claims"])
            stats["rejects"] += len(out["rejects"])
            stats["errors"] += out["error"] is not None
        stats["versions"] = len(out_rows)
        return pa.Table.from_pylist(out_rows, schema=EXTRACTION_SCHEMA), stats


@contextmanager
def _without_cycle_collector():
    """Python's cycle collector paused while a batch is extracted.

    A batch holds tens of thousands of live objects (its rows, their claims), and the
    collector walks all of them each time allocations pass its threshold: a fifth of
    `extract_rows`' time on a batch of 20k, to find nothing, because the extractor makes no
    reference cycles (`tests/test_extraction_workers.py` checks that on the annotated
    corpus and on generated documents). Memory is still freed as soon as an object is
    unused (reference counting); only cycles wait for the collector, which runs again
    after the batch."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def has_pending(warehouse: Path) -> bool:
    """Whether a landed file is not yet read through by this extractor version (a walk of
    the landed files; none is opened)."""
    return bool(_landed_and_unread(warehouse)[1])


def _landed_and_unread(warehouse: Path) -> tuple[list[str], list[str]]:
    """Every landed file, and those this extractor version has not read through, sorted."""
    docs_root = warehouse / "raw" / "documents"
    if not landing.has_files(docs_root):
        return [], []
    landed = _landed_files(docs_root)
    read = _files_read(claims_dir(warehouse))
    unread = set(landed) - read
    for merged in [f for f in unread if os.path.basename(f).startswith("compact-")]:
        # a merge of files all read through holds nothing unread (`intercepts.compaction`)
        inputs = compaction.compacted_inputs(docs_root / merged)
        if inputs and read.issuperset(inputs):
            unread.discard(merged)
    return landed, sorted(unread)


def _landed_files(docs_root: Path) -> list[str]:
    """Every landed document file, relative to ``raw/documents`` (a directory walk; no file opened)."""
    return sorted(landing.walk_relative(docs_root))


def _files_read(target: Path) -> set[str]:
    """The landed files whose every version this extractor version has read (see _DOCUMENTS_READ)."""
    path = target / _DOCUMENTS_READ
    if not path.exists() or not landing.has_files(target):
        return set()
    return set(path.read_text(encoding="utf-8").split("\n")) - {""}


def _record_files_read(target: Path, files: list[str]) -> None:
    target.mkdir(parents=True, exist_ok=True)
    tmp = target / f".{_DOCUMENTS_READ}.{os.getpid()}.tmp"
    tmp.write_text("\n".join(files), encoding="utf-8")
    os.replace(tmp, target / _DOCUMENTS_READ)


# Landed files are immutable, so once a run has read every pending version of a file the file
# never needs opening again. This list of such files (relative paths, one a line) lives beside
# the batch files it summarises, so deleting ``claims/`` forgets it too, and it is written only
# after a run's last batch file: a killed run leaves it as it was and the next run re-checks
# the newer files against the batch files (an anti-join), extracting nothing twice.
_DOCUMENTS_READ = "_documents_read.txt"


# Pending versions are read a slice of landed files at a time (about this much Parquet), so
# a backfill of years never sorts all of history's text in one query: memory follows the
# slice, not the history. Extracting 1M landed documents in two workers: 32 MB slices
# peaked at 350 MiB in the main process, 8 MB at 278 MiB, in the same time (107-109 s).
_SLICE_BYTES = 8 * 1024 * 1024


def _file_slices(docs_root: Path, files: list[str]):
    chunk: list[str] = []
    size = 0
    for f in files:
        chunk.append(f)
        size += (docs_root / f).stat().st_size
        if size >= _SLICE_BYTES:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


def _pending_batches(con, docs_root: Path, files: list[str], target: Path, batch_size: int):
    """Pending versions of ``files`` as Arrow record batches: a slice of files at a time,
    each slice in ``version_id`` order (the same slices and batches on every machine)."""
    anti_join = ""
    if landing.has_files(target):
        con.execute(
            "CREATE OR REPLACE TEMP TABLE extracted AS "
            "SELECT version_id FROM read_parquet(?, hive_partitioning = false)",
            [str(target / "*.parquet")],
        )
        anti_join = "WHERE version_id NOT IN (SELECT version_id FROM extracted) "
    for chunk in _file_slices(docs_root, files):
        paths = [str(docs_root / f) for f in chunk]
        yield from con.sql(
            f"SELECT {_columns(con, paths)} FROM read_parquet(?, {_READ}) d "  # noqa: S608 - fixed text
            f"{anti_join}ORDER BY version_id",
            params=[paths],
        ).to_arrow_reader(batch_size)


# Files landed before a column joined the landing schema lack it: columns are matched by
# name across files, and one missing from every file of the slice reads as NULL.
_READ = duck.READ_PARQUET_OPTIONS
_LATE_COLUMNS = ("source_region",)


def _columns(con, paths: list[str]) -> str:
    present = duck.parquet_columns(con, paths)
    late = [c if c in present else f"CAST(NULL AS VARCHAR) AS {c}" for c in _LATE_COLUMNS]
    return ", ".join([_COLUMNS, *late])


_COLUMNS = (
    "doc_id, version_id, text, published_at, fetched_at, language, timezone, publisher, "
    "claimant_kind, url, title, source_id"
)


# Below this much unread text, ``workers="auto"`` extracts in this process: a pool's start
# and each worker's cold caches cost more than they save. Two processes against one
# (`python -m bench.scaleout --sizes ...`, 2 cores), in MiB of the generator's landed
# Parquet: 0.42x at 3.6, 0.88x at 6.9, 1.15x at 13.7, 1.32x at 27, 1.47x at 68. The
# threshold was 16 MiB of landed Parquet, which held 4.9 MiB of text (the generator's
# layout, ~8k documents); it is counted in text since landing batches a run into one file
# per source: 40k documents became 10 MiB of Parquet and were read in one process, 47 s.
AUTO_POOL_MIN_BYTES = 5 * 1024 * 1024

# With more unread files than this, footers are not opened to count their text: a backlog
# of thousands of files (the layout by published day) is large enough for a pool.
_AUTO_MAX_FOOTERS = 2000


def unread_text_bytes(docs_root: Path, files: list[str]) -> int:
    """The text the extractor has to read in ``files`` (uncompressed bytes of the ``text``
    column, from the files' footers), what ``workers="auto"`` decides by."""
    if len(files) > _AUTO_MAX_FOOTERS:
        return sum((docs_root / f).stat().st_size for f in files)
    total = 0
    for f in files:
        metadata = pq.ParquetFile(docs_root / f).metadata
        for g in range(metadata.num_row_groups):
            group = metadata.row_group(g)
            for c in range(group.num_columns):
                column = group.column(c)
                if column.path_in_schema == "text":
                    total += column.total_uncompressed_size
    return total


# ... and at most this many: each worker holds its own caches (263 MiB at the peak of a 1M
# backfill), so a pool of one per core on a large machine would hold gigabytes; a number
# in INTERCEPTS_EXTRACT_WORKERS goes past it.
AUTO_MAX_WORKERS = 8


def auto_workers(unread_bytes: int, cpus: int | None = None) -> int:
    """How many processes ``workers="auto"`` extracts in: one per usable core (at most
    ``AUTO_MAX_WORKERS``) once there is enough to read (``AUTO_POOL_MIN_BYTES``), else
    this process alone."""
    if cpus is None:
        cpus = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    if not cpus or cpus < 2 or unread_bytes < AUTO_POOL_MIN_BYTES:
        return 1
    return min(cpus, AUTO_MAX_WORKERS)


def extract_pending(
    warehouse: Path,
    run_id: str,
    batch_size: int = 5000,
    *,
    workers: int | str = 1,
    executor: Executor | None = None,
) -> dict:
    """Extract every landed version not yet read by this extractor version.

    One atomic file per batch of ``batch_size`` pending versions, whatever the parallelism.
    ``workers`` > 1 extracts each batch in that many slices in worker processes (a
    ``ProcessPoolExecutor`` this call owns); ``"auto"`` chooses by the size of what is
    unread (``auto_workers``); ``executor`` runs the slices on any
    ``concurrent.futures.Executor`` instead (a Dask cluster's ``client.get_executor()``).
    The files written are the same in every case: same batches, same rows, same order.
    The counts returned say how many processes (or executor slices) read each batch
    (``workers``)."""
    docs_root = warehouse / "raw" / "documents"
    target = claims_dir(warehouse)
    stats = {"versions": 0, "claims": 0, "rejects": 0, "errors": 0, "workers": 0}
    landed, unread = _landed_and_unread(warehouse)
    if not unread:
        if landing.has_files(target) and set(landed) - _files_read(target):
            _record_files_read(target, landed)  # merged files carried over: listed as read
        return stats
    if workers == "auto":
        workers = auto_workers(unread_text_bytes(docs_root, unread))
    if not isinstance(workers, int) or isinstance(workers, bool) or workers < 1:
        raise ValueError(f"workers must be a whole number of at least 1 or 'auto', not {workers!r}")
    con = duck.connect()
    own_pool = None
    try:
        reader = _pending_batches(con, docs_root, unread, target, batch_size)
        if executor is None and workers > 1:
            own_pool = executor = ProcessPoolExecutor(
                workers, mp_context=multiprocessing.get_context("spawn")
            )
        slices = max(workers, getattr(executor, "_max_workers", 0) or 0, 2) if executor else 1
        stats["workers"] = slices
        in_flight: deque = (
            deque()
        )  # (batch, futures): the next batch is extracting while one is written
        for batch in reader:
            now = datetime.now(UTC)
            if executor is None:
                table, batch_stats = extract_rows(batch, run_id, now)
                _write_batch(target, batch, [(table, batch_stats)], stats)
                continue
            step = -(-batch.num_rows // slices)
            futures = [
                executor.submit(extract_rows, batch.slice(k, step), run_id, now, EXTRACTOR_VERSION)
                for k in range(0, batch.num_rows, step)
            ]
            in_flight.append((batch, futures))
            if len(in_flight) > 1:
                done_batch, done = in_flight.popleft()
                _write_batch(target, done_batch, [f.result() for f in done], stats)
        while in_flight:
            done_batch, done = in_flight.popleft()
            _write_batch(target, done_batch, [f.result() for f in done], stats)
        if landing.has_files(target):
            _record_files_read(target, landed)
    finally:
        if own_pool is not None:
            own_pool.shutdown(cancel_futures=True)
        con.close()
    return stats


def _write_batch(target: Path, batch, parts: list[tuple[pa.Table, dict]], stats: dict) -> None:
    table = pa.concat_tables([t for t, _ in parts]) if len(parts) > 1 else parts[0][0]
    for _, part_stats in parts:
        for k, v in part_stats.items():
            stats[k] += v
    digest = hashlib.sha256("\n".join(batch.column("version_id").to_pylist()).encode()).hexdigest()[
        :16
    ]
    landing.write_atomically(table, target, f"part-{digest}")
