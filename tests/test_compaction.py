"""Compaction of the landed files: rows unchanged, idempotent, the old layout migrated,
and what reads the landed files afterwards (lookups, extraction, the build's stage)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import duckdb
import pyarrow.parquet as pq

from intercepts import compaction, landing
from intercepts.config import Source
from intercepts.sources.base import Item
from tests.faults.harness import as_landed_by_day

SOURCE = Source(
    id="bryansk_governor",
    kind="telegram",
    url="http://127.0.0.1/x",
    publisher="Губернатор Брянской области",
    claimant_kind="official_regional",
    language="ru",
    timezone="Europe/Moscow",
    region="RU-BRY",
)
NIGHT = datetime(2025, 7, 20, 4, 40, tzinfo=UTC)


def post(n: int, text: str | None = None) -> Item:
    return Item(
        key=f"mab_bryansk/{n}",
        url=f"https://t.me/mab_bryansk/{n}",
        title=None,
        published_at=NIGHT - timedelta(days=n),
        raw=f"<div>{n}</div>",
        text=text or f"Над Брянской областью уничтожены {n} беспилотников.",
    )


def land_nights(warehouse, nights: int, per_night: int = 3) -> None:
    """``nights`` runs of a few new posts each: one small file per run."""
    for night in range(nights):
        items = [post(night * per_night + k) for k in range(per_night)]
        landing.land_items(
            warehouse,
            SOURCE,
            items,
            run_id=f"r{night}",
            fetched_at=NIGHT + timedelta(days=night % 5),
            fetch_url="u",
        )


def every_row(warehouse) -> list[tuple]:
    return duckdb.execute(
        "SELECT * FROM read_parquet(?, hive_partitioning = false, union_by_name = true) "
        "ORDER BY version_id",
        [str(warehouse / "raw/documents/**/*.parquet")],
    ).fetchall()


def document_files(warehouse):
    return sorted((warehouse / "raw/documents").rglob("*.parquet"))


def test_a_partitions_small_files_become_one_with_the_same_rows(tmp_path):
    land_nights(tmp_path, 4)
    before = every_row(tmp_path)
    small = [str(p.relative_to(tmp_path / "raw/documents")) for p in document_files(tmp_path)]
    assert len(small) == 4
    stats = compaction.compact(tmp_path)
    assert stats["files_merged"] == 4 and stats["rows"] == len(before) == 12
    (merged,) = document_files(tmp_path)
    assert merged.name.startswith("compact-") and merged.parent.name == "landed_month=2025-07"
    assert every_row(tmp_path) == before
    assert compaction.compacted_inputs(merged) == small  # what it merged, in its metadata
    dates = pq.read_table(merged).column("published_date").to_pylist()
    assert dates == sorted(dates)


def test_a_second_compaction_merges_nothing(tmp_path):
    land_nights(tmp_path, 3)
    compaction.compact(tmp_path)
    files = {p: p.stat().st_mtime_ns for p in document_files(tmp_path)}
    assert compaction.compact(tmp_path)["merges"] == 0
    assert {p: p.stat().st_mtime_ns for p in document_files(tmp_path)} == files


def test_files_of_the_layout_by_day_are_merged_into_months(tmp_path):
    land_nights(tmp_path, 2, per_night=20)  # posts over 40 days: June and July
    before = every_row(tmp_path)
    as_landed_by_day(tmp_path)
    assert len(document_files(tmp_path)) == 40
    compaction.compact(tmp_path)
    parts = sorted(p.parent.name for p in document_files(tmp_path))
    assert parts == ["landed_month=2025-06", "landed_month=2025-07"]
    assert not list((tmp_path / "raw/documents").glob("*/published_date=*"))
    assert every_row(tmp_path) == before  # published_date filled in as landing fills it


def test_compaction_is_due_only_once_a_partition_has_many_small_files(tmp_path):
    land_nights(tmp_path, compaction.DUE_FILES - 1)
    assert not compaction.due(tmp_path)
    land_nights(tmp_path, compaction.DUE_FILES - 1)  # the same posts again: nothing lands
    assert not compaction.due(tmp_path)
    landing.land_items(
        tmp_path, SOURCE, [post(999)], run_id="late", fetched_at=NIGHT, fetch_url="u"
    )
    assert compaction.due(tmp_path)


def test_lookups_after_compaction_still_know_every_version(tmp_path):
    land_nights(tmp_path, 3)
    landing.known_versions(tmp_path, SOURCE.id, ["-"])  # the lookup index, built before
    compaction.compact(tmp_path)
    new, unchanged = landing.land_items(
        tmp_path,
        SOURCE,
        [post(n) for n in range(9)] + [post(4, "Над Брянской областью уничтожены 5 БПЛА.")],
        run_id="after",
        fetched_at=NIGHT,
        fetch_url="u",
    )
    assert (new, unchanged) == (1, 9)  # only the edit is new


def test_extraction_reads_nothing_again_after_compaction(tmp_path):
    from intercepts.extraction import extract_pending, has_pending

    land_nights(tmp_path, 3)
    assert extract_pending(tmp_path, "r")["versions"] == 9
    compaction.compact(tmp_path)
    assert not has_pending(tmp_path)
    assert extract_pending(tmp_path, "r2")["versions"] == 0


def test_a_killed_merge_is_rolled_forward_or_back(tmp_path):
    land_nights(tmp_path, 3)
    before = every_row(tmp_path)
    ((area, target, inputs),) = compaction.plan(tmp_path)
    journal = tmp_path / "state/compaction" / f"{compaction.merged_name(inputs)}.json"
    # killed after the journal, before the merged file: rolled back
    compaction._write_journal(
        journal, {"area": area.name, "output": f"{target}/x.parquet", "inputs": inputs}
    )
    assert compaction.recover(tmp_path) == 1 and not journal.exists()
    assert every_row(tmp_path) == before
    # killed after the rename, inputs still there: rolled forward
    original = compaction._finish
    compaction._finish = lambda *a: None
    try:
        compaction.compact(tmp_path)
    finally:
        compaction._finish = original
    assert len(every_row(tmp_path)) == 2 * len(before)  # what a reader must never be left with
    assert compaction.recover(tmp_path) == 1
    assert every_row(tmp_path) == before and len(document_files(tmp_path)) == 1
