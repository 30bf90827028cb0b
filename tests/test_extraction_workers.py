"""Extraction in worker processes writes what one process writes, and only what is pending."""

from __future__ import annotations

import os
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from bench.generate import write_history
from intercepts import extraction
from intercepts.extraction import claims_dir, extract_pending
from tests.support.claims import claim_files, twin_histories


@pytest.fixture
def two_warehouses(tmp_path):
    return twin_histories(tmp_path, ("one", "many"), 300, seed=5)


def test_worker_processes_write_the_same_batch_files(two_warehouses):
    one, many = two_warehouses
    s1 = extract_pending(one, "r1", batch_size=120)
    s2 = extract_pending(many, "r1", batch_size=120, workers=2)
    assert (s1.pop("workers"), s2.pop("workers")) == (1, 2)
    assert s1 == s2 and s1["versions"] >= 300 and s1["claims"] > 0
    assert claim_files(one) == claim_files(many)
    assert len(claim_files(one)[0]) == 3  # one atomic file per batch, whatever the parallelism


def test_any_executor_runs_the_slices(two_warehouses):
    one, many = two_warehouses
    extract_pending(one, "r1", batch_size=200)
    with ThreadPoolExecutor(2) as pool:  # the interface a Dask client's executor offers
        extract_pending(many, "r1", batch_size=200, executor=pool)
    assert claim_files(one) == claim_files(many)


def test_auto_reads_a_small_backlog_in_this_process(tmp_path):
    """A night's few new posts: a pool's start would cost more than it saves."""
    write_history(tmp_path, 300, seed=5)
    unread = sum(f.stat().st_size for f in (tmp_path / "raw" / "documents").rglob("*.parquet"))
    assert unread < extraction.AUTO_POOL_MIN_BYTES
    stats = extract_pending(tmp_path, "r1", workers="auto")
    assert stats["workers"] == 1 and stats["versions"] >= 300


def test_auto_reads_a_large_backlog_in_a_process_per_core(two_warehouses, monkeypatch):
    """Past the threshold (lowered here to this small history) every core reads, and the
    files are those of one process."""
    one, many = two_warehouses
    extract_pending(one, "r1", batch_size=120)
    monkeypatch.setattr(extraction, "AUTO_POOL_MIN_BYTES", 1)
    stats = extract_pending(many, "r1", batch_size=120, workers="auto")
    assert stats["workers"] == extraction.auto_workers(1)
    assert claim_files(one) == claim_files(many)


@pytest.mark.parametrize(
    ("unread", "cpus", "expected"),
    [
        (extraction.AUTO_POOL_MIN_BYTES - 1, 4, 1),  # too little to read: this process
        (extraction.AUTO_POOL_MIN_BYTES, 4, 4),  # enough: a process per core
        (10 * extraction.AUTO_POOL_MIN_BYTES, 1, 1),  # one core: no pool to gain from
        (10 * extraction.AUTO_POOL_MIN_BYTES, 64, extraction.AUTO_MAX_WORKERS),  # memory's cap
        (10 * extraction.AUTO_POOL_MIN_BYTES, None, None),  # the cores this process may use
    ],
)
def test_auto_workers(unread, cpus, expected):
    usable = len(os.sched_getaffinity(0))
    assert extraction.auto_workers(unread, cpus) == (
        expected
        if expected is not None
        else (min(usable, extraction.AUTO_MAX_WORKERS) if usable > 1 else 1)
    )


@pytest.mark.parametrize("workers", [0, -1, "many", 1.5, True])
def test_a_bad_number_of_workers_is_refused(tmp_path, workers):
    write_history(tmp_path, 20, seed=5)
    with pytest.raises(ValueError, match="at least 1 or 'auto'"):
        extract_pending(tmp_path, "r1", workers=workers)


def test_only_new_versions_are_read_on_the_next_run(tmp_path):
    write_history(tmp_path, 200, seed=5)
    first = extract_pending(tmp_path, "r1", workers=2)
    assert extract_pending(tmp_path, "r2", workers=2)["versions"] == 0
    write_history(tmp_path, 50, seed=5, start=200)
    again = extract_pending(tmp_path, "r3", workers=2)
    assert 50 <= again["versions"] < first["versions"] // 2


def test_a_killed_run_leaves_nothing_read_twice(tmp_path):
    """The list of files already read is written last: without it, the batch files still say
    which versions were read."""
    write_history(tmp_path, 150, seed=5)
    first = extract_pending(tmp_path, "r1", batch_size=50)
    (claims_dir(tmp_path) / "_documents_read.txt").unlink()
    assert extract_pending(tmp_path, "r2")["versions"] == 0
    assert (
        sum(pq.read_metadata(f).num_rows for f in claims_dir(tmp_path).glob("*.parquet"))
        == first["versions"]
    )


def test_deleting_the_claims_re_extracts_everything(tmp_path):
    write_history(tmp_path, 100, seed=5)
    first = extract_pending(tmp_path, "r1")
    for f in claims_dir(tmp_path).glob("*.parquet"):
        f.unlink()
    assert extract_pending(tmp_path, "r2") == first


def test_a_worker_with_other_extractor_code_refuses():
    from datetime import UTC, datetime

    import pyarrow as pa

    from intercepts.extraction import ExtractorChanged, extract_rows

    with pytest.raises(ExtractorChanged, match="run again"):
        extract_rows(
            pa.table({"version_id": ["v"]}), "r1", datetime.now(UTC), expected_version="0.0.0+older"
        )


_CYCLES = """
import gc, json, sys
from datetime import UTC, datetime

import pyarrow as pa

from bench.generate import documents
from intercepts.extraction import extract_rows
from tests.extract.test_claims import FIXTURES

rows = list(documents(2000, seed=9))
for name in ("dev.jsonl", "cases.jsonl"):
    for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines():
        rec = json.loads(line)
        published = datetime.fromisoformat(rec["published_at"])
        rows.append({**rows[0], "doc_id": rec["doc_id"], "version_id": rec["doc_id"],
                     "text": rec["text"], "published_at": published,
                     "language": rec["language"], "timezone": rec["timezone"],
                     "publisher": rec["publisher"]})
batch = pa.Table.from_pylist(rows)
gc.collect()
gc.disable()  # no automatic collection may free a cycle before the count below
table, stats = extract_rows(batch, "cycles", datetime.now(UTC))
print(json.dumps({"unreachable": gc.collect(), **stats}))
"""


def test_extraction_makes_no_reference_cycles():
    """Extraction pauses Python's cycle collector for a batch (a fifth of its time): that is
    safe only while the extractor leaves no garbage that only the collector could free.
    Every annotated document and 2,000 generated ones, extracted with the collector paused,
    leave no unreachable objects behind. Counted in a process of its own, where no other
    thread (a Dask client's, say, left by another test) makes garbage meanwhile."""
    import json

    out = subprocess.run(
        [sys.executable, "-c", _CYCLES],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
        cwd=Path(__file__).parent.parent,
    )
    result = json.loads(out.stdout.strip().splitlines()[-1])
    assert result["claims"] > 2000 and result["errors"] == 0
    assert result["unreachable"] == 0


def test_a_process_importing_the_package_allocates_arrow_memory_from_the_system(tmp_path):
    """Arrow's default allocator (mimalloc) kept the pages of freed buffers, so a worker's
    resident memory grew with the documents it read. Importing ``intercepts`` first (as
    every spawned worker does, to unpickle ``extract_rows``) makes Arrow, its Parquet
    reader and writer included, allocate from the system allocator."""
    code = (
        "import sys; from intercepts.extraction import extract_rows; "
        "import pyarrow as pa, pyarrow.parquet as pq; "
        "t = pa.table({'text': ['x' * 200] * 50_000}); pq.write_table(t, sys.argv[1]); "
        "pq.read_table(sys.argv[1]); "
        "print(pa.default_memory_pool().backend_name, pa.mimalloc_memory_pool().max_memory(), "
        "pa.system_memory_pool().max_memory() > 0)"
    )
    env = {k: v for k, v in os.environ.items() if k != "ARROW_DEFAULT_MEMORY_POOL"}
    out = subprocess.run(
        [sys.executable, "-c", code, str(tmp_path / "t.parquet")],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
        env=env,
    )
    assert out.stdout.split() == ["system", "0", "True"]


def test_auto_counts_the_text_to_read_not_the_bytes_of_the_files(tmp_path):
    """A run's landing is one compressed file per source: its size says little of the work."""
    from datetime import UTC, datetime

    from intercepts import landing
    from intercepts.config import Source
    from intercepts.sources.base import Item

    source = Source("tass_ru", "rss", "http://127.0.0.1/x", "ТАСС", "media", "ru", "Europe/Moscow")
    at = datetime(2025, 7, 20, 4, 40, tzinfo=UTC)
    text = "Силы ПВО перехватили и уничтожили беспилотники над Брянской областью. " * 40
    items = [Item(f"k{n}", f"https://x/{n}", None, at, "", f"{n} {text}") for n in range(2200)]
    landing.land_items(tmp_path, source, items, run_id="r", fetched_at=at, fetch_url="u")
    docs = tmp_path / "raw" / "documents"
    files = sorted(str(p.relative_to(docs)) for p in docs.rglob("*.parquet"))
    assert sum((docs / f).stat().st_size for f in files) < extraction.AUTO_POOL_MIN_BYTES
    assert extraction.unread_text_bytes(docs, files) >= extraction.AUTO_POOL_MIN_BYTES
    assert extraction.auto_workers(extraction.unread_text_bytes(docs, files), 2) == 2
