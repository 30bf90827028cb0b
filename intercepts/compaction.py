"""Compaction: a partition's small landed files merged into one large file, row for row.

Landing writes one file per source per run (`intercepts.landing`), and the fetch log one per
source per run, so a year of nightly runs over 80 sources is ~29k small files of each. A
merge reads a partition's small files and writes their rows, unchanged, to one file::

    raw/documents/source_id=<id>/landed_month=<YYYY-MM>/compact-<digest>.parquet
    raw/fetches/run_date=<YYYY-MM-DD>/compact-<digest>.parquet

Files of the layout by published day (``source_id=<id>/published_date=<YYYY-MM-DD>/``, an
older release) are merged into the ``landed_month=`` partition of the month they were
published, with the ``published_date`` column filled in from their directory's rule; a
column a file lacks (a late column of the schema) is written as NULL, which is what every
reader already read it as.

What never changes: no row is altered, added or lost (the merged file is checked to hold
as many rows as its inputs); the merged file's name is the digest of its inputs' names, so
a merge done twice writes the same file; and the merged file lists its inputs in its Parquet
metadata (``intercepts.compacted_from``), so the build's stage and the extraction's record
of files read carry over to it without reading a row again.

Surviving a kill: each merge is journaled (``state/compaction/<digest>.json``) before its
file is renamed into place, and the inputs are deleted only after. `recover` (run by every
run's sweep and by each compaction first) rolls a journaled merge forward when its file is
in place (the inputs are deleted) and back when it is not (the journal is dropped; the
temporary file is swept). A reader of ``raw/`` never waits: compaction takes no lock a
reader takes, only the run lock against another writer. A reader that lists ``raw/`` at
the instant between a merge's rename and the unlinks of its inputs (or after a kill there,
until the next run's sweep) sees those rows twice; the pipeline's own readers all run after
the sweep, under the run lock.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq

from intercepts import landing

COMPACTED_FROM = b"intercepts.compacted_from"

# A file at least this large is left as it is; a merged file holds at most this much input
# Parquet (all of it is in memory while it is sorted: ~4x this, decompressed).
SMALL_BYTES = 32 * 2**20
# A partition is due for a merge when it holds this many small files (or any file of the
# layout by published day): a month of nightly runs is merged about twice.
DUE_FILES = 16
_ROW_GROUP = 8192


@dataclass(frozen=True)
class _Area:
    name: str
    root: Path
    schema: pa.Schema


def _areas(warehouse: Path) -> list[_Area]:
    raw = warehouse / "raw"
    return [
        _Area("documents", raw / "documents", landing.DOCUMENT_SCHEMA),
        _Area("fetches", raw / "fetches", landing.FETCH_SCHEMA),
    ]


def _journal_dir(warehouse: Path) -> Path:
    return warehouse / "state" / "compaction"


def _target(area: _Area, relative_dir: str) -> str:
    """The partition a file of ``relative_dir`` is merged into."""
    head, _, partition = relative_dir.rpartition("/")
    if area.name == "documents" and partition.startswith("published_date="):
        return f"{head}/landed_month={partition.removeprefix('published_date=')[:7]}"
    return relative_dir


def _is_legacy(relative_dir: str) -> bool:
    return relative_dir.rpartition("/")[2].startswith("published_date=")


def plan(warehouse: Path, *, min_files: int = 2) -> list[tuple[_Area, str, list[str]]]:
    """The merges to do: (area, target partition, input files relative to the area's root),
    inputs sorted, at most ``SMALL_BYTES`` of them a merge. A partition is merged when it
    holds ``min_files`` small files or any file of the layout by published day."""
    merges = []
    for area in _areas(warehouse):
        groups: dict[str, list[tuple[str, int]]] = {}
        legacy: set[str] = set()
        cut = len(str(area.root)) + len(os.sep)
        for entry in landing.walk_files(area.root):
            size = entry.stat().st_size
            relative = entry.path[cut:].replace(os.sep, "/")
            directory = relative.rpartition("/")[0]
            if size >= SMALL_BYTES and not _is_legacy(directory):
                continue
            target = _target(area, directory)
            groups.setdefault(target, []).append((relative, size))
            if _is_legacy(directory):
                legacy.add(target)
        for target, files in sorted(groups.items()):
            if len(files) < min_files and target not in legacy:
                continue
            chunk, total = [], 0
            for relative, size in sorted(files):
                if chunk and total + size > SMALL_BYTES:
                    merges.append((area, target, chunk))
                    chunk, total = [], 0
                chunk.append(relative)
                total += size
            if len(chunk) > 1 or (chunk and _is_legacy(chunk[0].rpartition("/")[0])):
                merges.append((area, target, chunk))
    return merges


def due(warehouse: Path) -> bool:
    """Whether a partition holds ``DUE_FILES`` small files, or files of the layout by day."""
    return bool(plan(warehouse, min_files=DUE_FILES))


def compact(warehouse: Path, *, min_files: int = 2) -> dict:
    """Merge every partition's small files (see `plan`); returns the counts. Idempotent:
    a second call finds nothing to merge. The caller holds the run lock."""
    recovered = recover(warehouse)
    stats = {"merges": 0, "files_merged": 0, "rows": 0, "recovered": recovered}
    for area, target, inputs in plan(warehouse, min_files=min_files):
        stats["rows"] += _merge(warehouse, area, target, inputs)
        stats["merges"] += 1
        stats["files_merged"] += len(inputs)
    return stats


def merged_name(inputs: list[str]) -> str:
    return "compact-" + hashlib.sha256("\n".join(inputs).encode()).hexdigest()[:20]


def _merge(warehouse: Path, area: _Area, target: str, inputs: list[str]) -> int:
    stem = merged_name(inputs)
    directory = area.root / target
    tables, expected = [], 0
    for relative in inputs:
        table = pq.read_table(area.root / relative)
        expected += table.num_rows
        tables.append(_conform(area, table, relative))
    merged = pa.concat_tables(tables)
    if area.name == "documents":
        merged = merged.take(
            pc.sort_indices(merged, [("published_date", "ascending"), ("version_id", "ascending")])
        )
    if merged.num_rows != expected:  # never: a guard against losing a row silently
        raise RuntimeError(f"compaction of {target} read {merged.num_rows} of {expected} rows")
    merged = merged.replace_schema_metadata({COMPACTED_FROM: json.dumps(inputs).encode()})
    journal = _journal_dir(warehouse) / f"{stem}.json"
    output = f"{target}/{stem}.parquet"
    # the journal is written before the merged file is renamed into place (`recover`)
    _write_journal(journal, {"area": area.name, "output": output, "inputs": inputs})
    landing.write_atomically(merged, directory, stem, row_group_size=_ROW_GROUP)
    _finish(area.root, inputs, output, journal)
    return merged.num_rows


def _conform(area: _Area, table: pa.Table, relative: str) -> pa.Table:
    """``table`` with exactly the area's columns: a column it lacks as NULL (as readers read
    it), ``published_date`` of a file landed by day from its directory's rule."""
    columns = []
    for field in area.schema:
        if field.name in table.column_names:
            columns.append(table.column(field.name).cast(field.type))
        elif field.name == "published_date":
            at = pc.coalesce(table.column("published_at"), table.column("fetched_at"))
            columns.append(pc.cast(at, pa.date32()))  # the UTC day: the column is UTC
        else:
            columns.append(pa.nulls(table.num_rows, field.type))
    return pa.Table.from_arrays(columns, schema=area.schema.remove_metadata())


def _write_journal(path: Path, entry: dict) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(entry, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _finish(root: Path, inputs: list[str], output: str, journal: Path) -> None:
    """The merged file is in place: its inputs go, then its journal."""
    for relative in inputs:
        if relative != output:
            (root / relative).unlink(missing_ok=True)
    for relative in {r.rpartition("/")[0] for r in inputs}:
        try:
            (root / relative).rmdir()  # a day's directory of the old layout, now empty
        except OSError:
            pass
    journal.unlink(missing_ok=True)


def recover(warehouse: Path) -> int:
    """Finish or undo the merges a killed compaction left journaled; returns how many."""
    directory = _journal_dir(warehouse)
    if not directory.is_dir():
        return 0
    areas = {a.name: a for a in _areas(warehouse)}
    n = 0
    for journal in sorted(directory.glob("*.json")):
        try:
            entry = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            journal.unlink()  # cut short before its rename: no merge was ever in place
            continue
        area = areas[entry["area"]]
        if (area.root / entry["output"]).exists():
            _finish(area.root, entry["inputs"], entry["output"], journal)
        else:
            journal.unlink()
        n += 1
    return n


def compacted_inputs(path: str | Path) -> list[str] | None:
    """The inputs a merged file lists (relative to its area's root), or None for a file
    that is not a merge. Reads the file's footer only."""
    if not os.path.basename(path).startswith("compact-"):
        return None
    metadata = pq.read_schema(path).metadata or {}
    value = metadata.get(COMPACTED_FROM)
    return json.loads(value) if value else None
