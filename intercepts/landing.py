"""Landing: every fetched item to Parquet, untouched, append-only, versioned.

Layout (hive-style partitions, see warehouse/README.md)::

    raw/documents/source_id=<id>/landed_month=<YYYY-MM>/part-<run>-<digest>.parquet
    raw/fetches/run_date=<YYYY-MM-DD>/part-<run>.parquet
    raw/quarantine/stage=<stage>/part-<run>-<n>.parquet

One row of ``raw/documents`` is one *document version*. ``doc_id`` is stable for a post
or article (hash of source id and the item's key: a Telegram ``channel/id``, a feed guid,
an article's canonical URL). ``content_sha256`` hashes what a reader sees (title and plain
text), not the markup: a Telegram page's view counter changes on every fetch, an edit to
the words does not go unnoticed. A version is written only when its (doc_id,
content_sha256) is new, so re-fetching adds nothing and an edited post adds one row.

A source's new versions of one landing are one file, whatever dates they carry, in the
partition of the month (UTC) they were landed; its rows are sorted by ``published_date``
(a column: the UTC day of ``published_at``, else of ``fetched_at``), so DuckDB skips the
row groups outside a date filter by their statistics. Partitions by published day made a
file per source and day of history: 35,952 files for a two-year feed of 80 sources.
``intercepts compact`` (`intercepts.compaction`) merges a partition's small files into one,
row for row; files landed before this layout (``published_date=<YYYY-MM-DD>/``
directories) are read as they are and merged into ``landed_month=`` partitions by it.

Files are written to ``*.parquet.tmp`` and renamed into place: readers (which glob
``*.parquet``) never see a half-written file, and a killed run leaves at most a
``.tmp`` that the next run sweeps.
"""

from __future__ import annotations

import hashlib
import os
import re
import uuid
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

import pyarrow as pa
import pyarrow.parquet as pq

from intercepts import duck
from intercepts.config import Source
from intercepts.sources.base import Item

DOCUMENT_SCHEMA = pa.schema(
    [
        ("doc_id", pa.string()),
        ("version_id", pa.string()),
        ("content_sha256", pa.string()),
        ("raw_sha256", pa.string()),
        ("source_id", pa.string()),
        ("source_kind", pa.string()),
        ("publisher", pa.string()),
        ("claimant_kind", pa.string()),
        ("url", pa.string()),
        ("fetch_url", pa.string()),
        ("title", pa.string()),
        ("published_at", pa.timestamp("us", tz="UTC")),
        ("fetched_at", pa.timestamp("us", tz="UTC")),
        ("run_id", pa.string()),
        ("language", pa.string()),
        ("timezone", pa.string()),
        ("edited", pa.bool_()),
        ("raw_body", pa.string()),
        ("text", pa.string()),
        ("deleted", pa.bool_()),  # a tombstone version: the source removed the post
        # the source's configured region when the post was fetched (files landed before
        # this column read it as NULL)
        ("source_region", pa.string()),
        # the UTC day of published_at (else fetched_at): what the path said before files
        # held more than one day; rows are sorted by it (files landed before it read NULL)
        ("published_date", pa.date32()),
    ]
)

# What a deleted post "reads": no title, no text. A hash no real post can have, so a
# deletion is a version of its own and lands once.
DELETED_SHA256 = hashlib.sha256(b"\x00deleted\x00").hexdigest()

FETCH_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("source_id", pa.string()),
        ("url", pa.string()),
        ("started_at", pa.timestamp("us", tz="UTC")),
        ("status", pa.string()),  # ok | not_modified | partial | failed
        ("http_status", pa.int32()),
        ("reason", pa.string()),
        ("bytes", pa.int64()),
        ("elapsed_s", pa.float64()),
        ("items_found", pa.int32()),
        ("new_versions", pa.int32()),
        ("unchanged", pa.int32()),
        ("quarantined", pa.int32()),
    ]
)


def fetch_outcome(run_id: str, source_id: str, url: str, started_at: datetime) -> dict:
    """A ``raw/fetches`` row for a source about to be read: failed until shown otherwise."""
    row = {f.name: None for f in FETCH_SCHEMA}
    row.update(
        run_id=run_id,
        source_id=source_id,
        url=url,
        started_at=started_at,
        status="failed",
        bytes=0,
        elapsed_s=0.0,
        items_found=0,
        new_versions=0,
        unchanged=0,
        quarantined=0,
    )
    return row


QUARANTINE_SCHEMA = pa.schema(
    [
        ("run_id", pa.string()),
        ("source_id", pa.string()),
        ("stage", pa.string()),  # fetch | parse | land | extract
        ("reason", pa.string()),
        ("url", pa.string()),
        ("doc_id", pa.string()),
        ("version_id", pa.string()),
        ("phrase", pa.string()),
        ("char_start", pa.int32()),
        ("char_end", pa.int32()),
        ("raw", pa.binary()),
        ("recorded_at", pa.timestamp("us", tz="UTC")),
    ]
)


def new_run_id(now: datetime | None = None) -> str:
    now = now or datetime.now(UTC)
    return now.strftime("%Y%m%dT%H%M%SZ") + "-" + uuid.uuid4().hex[:6]


def doc_id_for(source_id: str, key: str) -> str:
    return hashlib.sha256(f"{source_id}\x1f{key}".encode()).hexdigest()[:20]


def content_sha256(title: str | None, text: str) -> str:
    return hashlib.sha256(f"{title or ''}\x1f{text}".encode()).hexdigest()


def write_atomically(
    rows: pa.Table | pa.RecordBatchReader,
    directory: Path,
    stem: str,
    *,
    row_group_size: int | None = None,
) -> Path:
    """Write ``rows`` to ``directory/stem.parquet`` via a temporary file and a rename. A
    ``RecordBatchReader`` is written a batch at a time, never all in memory at once."""
    directory.mkdir(parents=True, exist_ok=True)
    final = directory / f"{stem}.parquet"
    tmp = directory / f".{stem}.{uuid.uuid4().hex[:8]}.parquet.tmp"
    if isinstance(rows, pa.Table):
        pq.write_table(rows, tmp, compression="zstd", row_group_size=row_group_size)
    else:
        with pq.ParquetWriter(tmp, rows.schema, compression="zstd") as writer:
            for batch in rows:
                writer.write_batch(batch)
    with open(tmp, "rb") as fh:
        os.fsync(fh.fileno())
    os.replace(tmp, final)
    return final


def walk_files(root: Path, suffix: str = ".parquet", *, recursive: bool = True):
    """The files under ``root`` whose names end with ``suffix``, as ``os.DirEntry`` (path,
    name, and a ``stat()`` that costs one system call). A walk with ``os.scandir``: years of
    history are tens of thousands of partition directories, and a nightly run lists them a
    few times, where ``Path.rglob`` (a Path object and a pattern match per entry) took
    twice as long. Nothing under ``root``, or no ``root``: nothing."""
    stack = [str(root)]
    while stack:
        try:
            entries = os.scandir(stack.pop())
        except (FileNotFoundError, NotADirectoryError):
            continue
        with entries:
            for entry in entries:
                if entry.is_dir(follow_symlinks=False):
                    if recursive:
                        stack.append(entry.path)
                elif entry.name.endswith(suffix):
                    yield entry


def walk_relative(root: Path, suffix: str = ".parquet", *, recursive: bool = True):
    """``walk_files``, each file as its path relative to ``root``: cut from the entry's path,
    which begins with ``root`` and a separator (``os.path.relpath`` made both paths absolute
    and normal first, and cost as much as the walk: 0.5 s for 45k files)."""
    cut = len(str(root)) + len(os.sep)
    for entry in walk_files(root, suffix, recursive=recursive):
        yield entry.path[cut:]


def sweep_temporary_files(root: Path) -> int:
    """Remove ``.tmp`` files a killed run left behind; returns how many."""
    n = 0
    for tmp in list(walk_files(root, ".parquet.tmp")):
        Path(tmp.path).unlink(missing_ok=True)
        n += 1
    return n


def documents_glob(warehouse: Path) -> str:
    return str(warehouse / "raw" / "documents" / "**" / "*.parquet")


def has_files(glob_root: Path) -> bool:
    return next(walk_files(glob_root), None) is not None


def known_versions(warehouse: Path, source_id: str, doc_ids: list[str]) -> set[tuple[str, str]]:
    """The (doc_id, content_sha256) pairs already landed for these documents.

    Reads ``state/landed_versions/source_id=<id>/``, a derived index of the pairs in every
    landed file of the source, in parts: each lookup that finds landed files the index does
    not list yet (the ones landed since the last lookup) adds a part with their pairs (one
    per ``_INDEX_PART_FILES`` files), and beyond ``_INDEX_PARTS_MAX`` parts the smallest
    are merged (at most ``_INDEX_MERGE_BYTES`` of them, so a merge costs the same at any
    size of history). DuckDB answers the lookup from the parts, so a lookup writes only
    what is new and never holds the index in memory (it was one file, read whole into
    memory and written again whole on every lookup that found new files: at 100k
    documents landed 20k at a time, the lookups took 3.6 s instead of 4.7 s). A lookup
    still scans the source's index and lists its landed files, so its cost grows with the
    source's history: about 25 ms at 100k documents, 50 ms at 700k, once a source a night.
    The index is rebuilt from ``raw/`` when missing, or when a file it lists is no longer
    in ``raw/``."""
    root = warehouse / "raw" / "documents" / f"source_id={source_id}"
    if not doc_ids or not root.exists():
        return set()
    files = set(walk_relative(root))
    if not files:
        return set()
    index_dir = warehouse / "state" / "landed_versions" / f"source_id={source_id}"
    # the index of an older release: one file a source, replaced by the parts
    index_dir.with_name(f"{index_dir.name}.parquet").unlink(missing_ok=True)
    # A connection of its own (9 ms): one kept for the process saved 0.2-0.5 s a night at
    # 1M, but kept what DuckDB had allocated, 30 MiB more at the peak of landing 300k.
    con = duck.connect()
    try:
        parts = sorted(e.path for e in walk_files(index_dir, recursive=False))
        indexed = set()
        if parts:
            indexed = {
                f
                for (f,) in con.execute(
                    "SELECT DISTINCT file FROM read_parquet(?, hive_partitioning = false)", [parts]
                ).fetchall()
            }
        if indexed - files:
            for part in parts:
                os.unlink(part)
            parts, indexed = [], set()
        new_files = sorted(files - indexed)
        for lo in range(0, len(new_files), _INDEX_PART_FILES):
            chunk = new_files[lo : lo + _INDEX_PART_FILES]
            reader = con.sql(
                "SELECT doc_id, content_sha256, substr(filename, ?) AS file "
                "FROM read_parquet(?, filename = true, hive_partitioning = false)",
                params=[len(str(root)) + 2, [str(root / f) for f in chunk]],
            ).to_arrow_reader(_INDEX_BATCH_ROWS)
            parts.append(str(write_atomically(reader, index_dir, _digest(chunk, "part"))))
        if len(parts) > _INDEX_PARTS_MAX:
            small = _parts_to_merge(parts)
            if small:
                reader = con.sql(
                    "SELECT doc_id, content_sha256, file "
                    "FROM read_parquet(?, hive_partitioning = false)",
                    params=[small],
                ).to_arrow_reader(_INDEX_BATCH_ROWS)
                merged = str(write_atomically(reader, index_dir, _digest(small, "merged")))
                for part in small:
                    if part != merged:
                        os.unlink(part)
                parts = [p for p in parts if p not in small] + [merged]
        return set(
            con.execute(
                "SELECT DISTINCT doc_id, content_sha256 "
                "FROM read_parquet(?, hive_partitioning = false) "
                "WHERE doc_id IN (SELECT unnest(?::VARCHAR[]))",
                [parts, doc_ids],
            ).fetchall()
        )
    finally:
        con.close()


# Beyond this many parts a source's smallest parts are merged (a nightly run adds at most
# one a source); parts are written and merged this many rows at a time.
_INDEX_PARTS_MAX = 32
_INDEX_BATCH_ROWS = 65_536
# A merge reads at most this much of the index (Parquet bytes), so a part this large is
# never merged again, and a part indexes at most this many landed files. Merging a
# source's whole index had cost memory in proportion to its history: 58 MiB more at the
# peak for the largest source at 2M documents (224k rows), and it set landing's peak.
_INDEX_MERGE_BYTES = 1 << 20
_INDEX_PART_FILES = 2048


def _parts_to_merge(parts: list[str]) -> list[str]:
    """The smallest parts whose sizes add up to at most _INDEX_MERGE_BYTES (two or more),
    else none: the parts left are large, and a lookup reads them as they are."""
    chosen, total = [], 0
    for size, part in sorted((os.stat(p).st_size, p) for p in parts):
        if total + size > _INDEX_MERGE_BYTES:
            break
        chosen.append(part)
        total += size
    return chosen if len(chosen) > 1 else []


def _digest(names: list[str], prefix: str) -> str:
    digest = hashlib.sha256("\n".join(names).encode()).hexdigest()[:16]
    return f"{prefix}-{digest}"


def land_items(
    warehouse: Path,
    source: Source,
    items: Iterable[Item],
    *,
    run_id: str,
    fetched_at: datetime,
    fetch_url: str,
) -> tuple[int, int]:
    """Append the new versions among ``items``; returns (new_versions, unchanged)."""
    rows = []
    for item in items:
        doc_id = doc_id_for(source.id, item.key)
        sha = DELETED_SHA256 if item.deleted else content_sha256(item.title, item.text)
        rows.append(
            {
                "doc_id": doc_id,
                "version_id": f"{doc_id}-{sha[:12]}",
                "content_sha256": sha,
                "raw_sha256": hashlib.sha256(item.raw.encode("utf-8", "replace")).hexdigest(),
                "source_id": source.id,
                "source_kind": source.kind,
                "publisher": source.publisher,
                "claimant_kind": source.claimant_kind,
                "url": item.url,
                "fetch_url": fetch_url,
                "title": item.title,
                "published_at": item.published_at,
                "fetched_at": fetched_at,
                "run_id": run_id,
                "language": source.language,
                "timezone": source.timezone,
                "source_region": source.region,
                "edited": item.edited,
                "raw_body": item.raw,
                "text": item.text,
                "deleted": item.deleted,
            }
        )
    known = known_versions(warehouse, source.id, sorted({r["doc_id"] for r in rows}))
    fresh, seen_now = [], set()
    for r in rows:
        key = (r["doc_id"], r["content_sha256"])
        if key in known or key in seen_now:
            continue
        seen_now.add(key)
        fresh.append(r)
    if fresh:
        for r in fresh:
            r["published_date"] = (r["published_at"] or fetched_at).astimezone(UTC).date()
        fresh.sort(key=lambda r: (r["published_date"], r["version_id"]))
        write_documents(
            warehouse,
            source.id,
            pa.Table.from_pylist(fresh, schema=DOCUMENT_SCHEMA),
            run_id=run_id,
            landed_at=fetched_at,
        )
    return len(fresh), len(rows) - len(fresh)


def documents_partition(warehouse: Path, source_id: str, landed_at: datetime) -> Path:
    """The directory a source's versions landed at ``landed_at`` go to (its UTC month)."""
    month = landed_at.astimezone(UTC).strftime("%Y-%m")
    return warehouse / "raw" / "documents" / f"source_id={source_id}" / f"landed_month={month}"


def write_documents(
    warehouse: Path, source_id: str, table: pa.Table, *, run_id: str, landed_at: datetime
) -> Path:
    """One landing's new versions of a source as one file. Named by its content: a source
    landed twice in one run (the demo's nights, a retried task) must add a file, never
    replace the first one's versions."""
    digest = hashlib.sha256("\n".join(table.column("version_id").to_pylist()).encode()).hexdigest()[
        :12
    ]
    return write_atomically(
        table,
        documents_partition(warehouse, source_id, landed_at),
        f"part-{run_id}-{digest}",
        row_group_size=_DOCUMENT_ROW_GROUP,
    )


# Rows per row group of a landed file: the unit DuckDB skips by its published_date
# statistics (a night's lookup of a Telegram page's days reads the newest groups only).
_DOCUMENT_ROW_GROUP = 2048


def record_fetches(warehouse: Path, run_id: str, rows: list[dict]) -> None:
    if not rows:
        return
    day = rows[0]["started_at"].astimezone(UTC).date().isoformat()
    table = pa.Table.from_pylist(rows, schema=FETCH_SCHEMA)
    write_atomically(
        table,
        warehouse / "raw" / "fetches" / f"run_date={day}",
        f"part-{run_id}-{uuid.uuid4().hex[:6]}",
    )


def quarantine(warehouse: Path, run_id: str, stage: str, rows: list[dict]) -> None:
    """Keep what could not be read, with its reason and raw bytes, for replay after a fix.

    Content-addressed like the documents: the same failure (stage, source, url, reason,
    phrase, bytes) is stored once, by the run that first met it; the fetch log records
    every occurrence. A dead source therefore adds no file night after night."""
    if not rows:
        return
    now = datetime.now(UTC)
    directory = warehouse / "raw" / "quarantine" / f"stage={stage}"
    for r in rows:
        row = {
            **{f.name: None for f in QUARANTINE_SCHEMA},
            "run_id": run_id,
            "stage": stage,
            "recorded_at": now,
            **r,
        }
        key = hashlib.sha256(
            "\x1f".join(
                str(row[k])
                for k in ("stage", "source_id", "url", "doc_id", "version_id", "reason", "phrase")
            ).encode()
            + b"\x1f"
            + (row["raw"] or b"")
        ).hexdigest()[:24]
        if (directory / f"q-{key}.parquet").exists():
            continue
        write_atomically(
            pa.Table.from_pylist([row], schema=QUARANTINE_SCHEMA), directory, f"q-{key}"
        )


_TELEGRAM_POST = re.compile(r"^https://t\.me/([A-Za-z0-9_]+)/(\d+)$")


def telegram_deletions(warehouse: Path, source: Source, items: list[Item]) -> list[Item]:
    """Tombstones for posts of a Telegram channel that were landed before and are missing
    now from inside the id range the page shows.

    A preview page lists every post between its first and last id, so a landed post with an
    id strictly inside that range that the page no longer shows was deleted by the channel.
    Posts outside the range (older than the page reaches) are never judged. The tombstone is
    a new version with no text: the marts read the latest version and drop the claim,
    ``fct_claim_history`` shows it removed, and every earlier version stays in ``raw/``.
    Only the versions published from the page's first day on are read."""
    shown = {}
    for item in items:
        m = _TELEGRAM_POST.match(item.url)
        if m:
            shown[int(m.group(2))] = m.group(1)
    dated = [i.published_at for i in items if i.published_at is not None]
    if len(shown) < 2 or not dated:
        return []
    low, high = min(shown), max(shown)
    first_day = min(dated).astimezone(UTC).date()
    root = warehouse / "raw" / "documents" / f"source_id={source.id}"
    # Files of the layout by published day are chosen by their directory's day, as before;
    # in every other file DuckDB skips the row groups of older days by their published_date
    # statistics.
    by_day, batched = [], []
    for entry in walk_files(root):
        partition = os.path.basename(os.path.dirname(entry.path))
        if not partition.startswith("published_date="):
            batched.append(entry.path)
        elif partition >= f"published_date={first_day.isoformat()}":
            by_day.append(entry.path)
    selects, params = [], []
    con = duck.connect()
    try:
        if batched:
            selects.append(
                "SELECT doc_id, url, fetched_at, coalesce(deleted, false) AS deleted, published_at "  # noqa: S608 - fixed text
                f"FROM read_parquet(?, {duck.READ_PARQUET_OPTIONS}) "
                "WHERE published_date >= ?"
            )
            params += [sorted(batched), first_day]
        if by_day:
            columns = duck.parquet_columns(con, by_day)
            # files landed before tombstones existed have no `deleted` column: nothing in them was
            deleted = "coalesce(deleted, false)" if "deleted" in columns else "false"
            selects.append(
                f"SELECT doc_id, url, fetched_at, {deleted} AS deleted, published_at "  # noqa: S608 - fixed text
                f"FROM read_parquet(?, {duck.READ_PARQUET_OPTIONS})"
            )
            params.append(sorted(by_day))
        if not selects:
            return []
        latest = con.execute(
            "SELECT doc_id, arg_max(url, fetched_at), arg_max(deleted, fetched_at), "  # noqa: S608 - fixed text
            "arg_max(published_at, fetched_at) FROM ("
            + " UNION ALL ".join(selects)
            + ") GROUP BY doc_id",
            params,
        ).fetchall()
    finally:
        con.close()
    tombstones = []
    for _doc_id, url, deleted, published_at in latest:
        m = _TELEGRAM_POST.match(url or "")
        if not m or deleted:
            continue
        post_id = int(m.group(2))
        if low < post_id < high and post_id not in shown:
            tombstones.append(
                Item(
                    key=f"{m.group(1)}/{post_id}",
                    url=url,
                    title=None,
                    published_at=published_at,
                    raw="",
                    text="",
                    deleted=True,
                )
            )
    return tombstones
