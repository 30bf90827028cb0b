"""Landing to real Parquet files: versions, idempotence, atomic writes."""

from __future__ import annotations

import os
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import duckdb
import pyarrow.parquet as pq

from intercepts import landing
from intercepts.config import Source
from intercepts.sources.base import Item

SOURCE = Source(
    id="mod_russia",
    kind="telegram",
    url="http://127.0.0.1/x",
    publisher="Минобороны России",
    claimant_kind="official_federal",
    language="ru",
    timezone="Europe/Moscow",
)
FETCHED = datetime(2025, 7, 20, 5, 0, tzinfo=UTC)


def item(
    key="mod_russia/101", text="Перехвачены 5 БПЛА над территорией Брянской области.", views="1K"
):
    return Item(
        key=key,
        url=f"https://t.me/{key}",
        title=None,
        published_at=datetime(2025, 7, 20, 4, 40, tzinfo=UTC),
        raw=f'<div data-post="{key}">{text}<span class="views">{views}</span></div>',
        text=text,
    )


def rows(warehouse):
    return duckdb.execute(
        "SELECT doc_id, version_id, text, run_id FROM read_parquet(?, hive_partitioning = false) ORDER BY fetched_at",
        [str(warehouse / "raw/documents/**/*.parquet")],
    ).fetchall()


def test_new_item_lands_once_with_hive_partitions(tmp_path):
    new, unchanged = landing.land_items(
        tmp_path, SOURCE, [item()], run_id="r1", fetched_at=FETCHED, fetch_url="u"
    )
    assert (new, unchanged) == (1, 0)
    files = list(
        (tmp_path / "raw/documents/source_id=mod_russia/landed_month=2025-07").glob("*.parquet")
    )
    assert len(files) == 1
    table = pq.read_table(files[0])
    assert table.column("raw_body")[0].as_py().startswith('<div data-post="mod_russia/101">')
    assert table.column("published_at").type.tz == "UTC"
    assert table.column("published_date").to_pylist() == [date(2025, 7, 20)]


def test_a_landing_of_two_years_is_one_file_sorted_by_published_date(tmp_path):
    # a long feed's first fetch: one file for the source, not one per day of its history
    days = [datetime(2023, 1, 1, 9, tzinfo=UTC) + timedelta(days=d) for d in range(0, 730, 3)]
    items = [
        Item(key=f"k{n}", url=f"https://x/{n}", title=None, published_at=at, raw="r", text=f"t{n}")
        for n, at in enumerate(reversed(days))  # newest first, as a feed lists them
    ]
    new, _ = landing.land_items(
        tmp_path, SOURCE, items, run_id="r1", fetched_at=FETCHED, fetch_url="u"
    )
    (only,) = (tmp_path / "raw/documents").rglob("*.parquet")
    assert new == len(days) and only.parent.name == "landed_month=2025-07"
    table = pq.read_table(only)
    assert table.column("published_date").to_pylist() == [d.date() for d in days]
    meta = pq.ParquetFile(only).metadata
    assert meta.num_row_groups == 1  # the row groups DuckDB can skip by their statistics
    assert meta.row_group(0).column(meta.schema.names.index("published_date")).statistics.min == (
        date(2023, 1, 1)
    )


def test_refetch_of_unchanged_content_adds_nothing_even_if_markup_changes(tmp_path):
    landing.land_items(
        tmp_path, SOURCE, [item(views="1K")], run_id="r1", fetched_at=FETCHED, fetch_url="u"
    )
    new, unchanged = landing.land_items(
        tmp_path, SOURCE, [item(views="2K")], run_id="r2", fetched_at=FETCHED, fetch_url="u"
    )
    assert (new, unchanged) == (0, 1)
    assert len(rows(tmp_path)) == 1


def test_edited_post_adds_a_version_with_the_same_doc_id(tmp_path):
    landing.land_items(tmp_path, SOURCE, [item()], run_id="r1", fetched_at=FETCHED, fetch_url="u")
    edited = item(text="Перехвачены 6 БПЛА над территорией Брянской области.")
    new, _ = landing.land_items(
        tmp_path, SOURCE, [edited], run_id="r2", fetched_at=FETCHED, fetch_url="u"
    )
    assert new == 1
    got = rows(tmp_path)
    assert len(got) == 2
    assert got[0][0] == got[1][0] and got[0][1] != got[1][1]


def test_duplicate_items_in_one_fetch_land_once(tmp_path):
    new, unchanged = landing.land_items(
        tmp_path, SOURCE, [item(), item()], run_id="r1", fetched_at=FETCHED, fetch_url="u"
    )
    assert (new, unchanged) == (1, 1)


def test_doc_id_depends_on_source_and_key_only():
    assert landing.doc_id_for("a", "k") == landing.doc_id_for("a", "k")
    assert landing.doc_id_for("a", "k") != landing.doc_id_for("b", "k")


def test_temporary_files_are_invisible_and_swept(tmp_path):
    landing.land_items(tmp_path, SOURCE, [item()], run_id="r1", fetched_at=FETCHED, fetch_url="u")
    leftover = (
        tmp_path / "raw/documents/source_id=mod_russia/landed_month=2025-07/.part-x.parquet.tmp"
    )
    leftover.write_bytes(b"PAR1 half a file")
    assert len(rows(tmp_path)) == 1  # the glob never matches *.parquet.tmp
    assert landing.sweep_temporary_files(tmp_path) == 1
    assert not leftover.exists()


def test_quarantine_keeps_raw_bytes_and_reason(tmp_path):
    landing.quarantine(
        tmp_path,
        "r1",
        "parse",
        [{"source_id": "s", "url": "u", "reason": "not XML", "raw": b"<rss"}],
    )
    got = duckdb.execute(
        "SELECT stage, reason, raw FROM read_parquet(?, hive_partitioning = false)",
        [str(tmp_path / "raw/quarantine/**/*.parquet")],
    ).fetchall()
    assert got == [("parse", "not XML", b"<rss")]


def test_the_same_failure_is_quarantined_once(tmp_path):
    failure = {"source_id": "s", "url": "u", "reason": "HTTP 404 not found", "raw": b"gone"}
    landing.quarantine(tmp_path, "r1", "fetch", [failure])
    landing.quarantine(tmp_path, "r2", "fetch", [failure])
    landing.quarantine(tmp_path, "r3", "fetch", [{**failure, "raw": b"other bytes"}])
    got = duckdb.execute(
        "SELECT run_id FROM read_parquet(?, hive_partitioning = false) ORDER BY run_id",
        [str(tmp_path / "raw/quarantine/**/*.parquet")],
    ).fetchall()
    assert got == [("r1",), ("r3",)]


def test_a_source_that_cannot_be_landed_fails_alone(tmp_path, http):
    """A disk that refuses writes mid-run (here: the source's partition path is a file)."""
    from intercepts.config import Settings
    from intercepts.ingest import ingest_source
    from intercepts.sources.http import make_session

    body = (Path(__file__).parent / "fixtures" / "sources" / "rss_tass_en.xml").read_bytes()
    http.route("/feed.xml", body=body, headers={"Content-Type": "application/rss+xml"})
    src = Source(
        id="feed",
        kind="rss",
        url=http.url("/feed.xml"),
        publisher="TASS",
        claimant_kind="media",
        language="en",
        timezone="Europe/Moscow",
    )
    blocked = tmp_path / "raw" / "documents" / "source_id=feed"
    blocked.parent.mkdir(parents=True)
    blocked.write_text("not a folder")
    settings = Settings(warehouse=tmp_path, retries=0)
    outcome = ingest_source(src, settings, "r1", make_session(settings))
    assert outcome["status"] == "failed" and outcome["reason"].startswith("cannot land:")
    assert outcome["items_found"] > 0


def post(n: int, text: str = "Перехвачены 2 БПЛА над территорией Брянской области.") -> Item:
    return Item(
        key=f"mod_russia/{n}",
        url=f"https://t.me/mod_russia/{n}",
        title=None,
        published_at=datetime(2025, 7, 20, 4, n % 60, tzinfo=UTC),
        raw=f"<div>{n}</div>",
        text=text,
    )


def land_page(warehouse, ids, run_id):
    items = [post(n) for n in ids]
    items += landing.telegram_deletions(warehouse, SOURCE, items)
    fetched = FETCHED.replace(hour=int(run_id[1:]))  # r1 fetched at 01:00, r2 at 02:00, ...
    return landing.land_items(
        warehouse, SOURCE, items, run_id=run_id, fetched_at=fetched, fetch_url="u"
    )


def test_a_post_deleted_inside_the_page_range_gets_a_tombstone_version(tmp_path):
    land_page(tmp_path, [10, 11, 12, 13], "r1")
    assert land_page(tmp_path, [10, 11, 13, 14], "r2") == (2, 3)  # post 14 is new, 12 is gone
    latest = duckdb.execute(
        "SELECT url, arg_max(deleted, fetched_at), count(*) FROM read_parquet(?, hive_partitioning = false) "
        "GROUP BY url ORDER BY url",
        [str(tmp_path / "raw/documents/**/*.parquet")],
    ).fetchall()
    assert ("https://t.me/mod_russia/12", True, 2) in latest  # the first version is kept
    assert land_page(tmp_path, [10, 11, 13, 14], "r3") == (0, 4)  # the deletion lands once


def test_posts_outside_the_page_are_never_judged_deleted(tmp_path):
    land_page(tmp_path, [10, 11, 12, 13], "r1")
    assert (
        landing.telegram_deletions(tmp_path, SOURCE, [post(12), post(13)]) == []
    )  # 10, 11 are older than the page


def as_landed_by_day(warehouse, drop=("published_date",)) -> None:
    """Turn the landed files into the layout of an older release: a directory per published
    day, no ``published_date`` column (nor the columns in ``drop``)."""
    for f in list((warehouse / "raw/documents").rglob("*.parquet")):
        table = pq.read_table(f)
        day = table.column("published_date")[0].as_py().isoformat()
        old = f.parents[1] / f"published_date={day}" / f.name
        old.parent.mkdir(parents=True, exist_ok=True)
        pq.write_table(table.drop_columns(list(drop)), old)
        f.unlink()


def test_deletions_are_found_in_files_landed_before_tombstones_existed(tmp_path):
    land_page(tmp_path, [10, 11, 12, 13], "r1")
    as_landed_by_day(tmp_path, drop=("published_date", "deleted"))  # no `deleted` column
    (gone,) = landing.telegram_deletions(tmp_path, SOURCE, [post(10), post(11), post(13)])
    assert gone.url == "https://t.me/mod_russia/12" and gone.deleted


def test_deletions_read_the_layout_by_day_and_the_batched_files_together(tmp_path):
    land_page(tmp_path, [10, 11, 12, 13], "r1")
    as_landed_by_day(tmp_path)
    assert land_page(tmp_path, [10, 11, 13, 14], "r2") == (2, 3)  # 12 gone: in an old file
    gone = landing.telegram_deletions(tmp_path, SOURCE, [post(10), post(14)])
    assert sorted(i.url for i in gone) == [
        "https://t.me/mod_russia/11",
        "https://t.me/mod_russia/13",
    ]


def test_walk_files_lists_matching_files_at_any_depth(tmp_path):
    from intercepts.landing import walk_files

    (tmp_path / "source_id=a" / "published_date=2025-07-20").mkdir(parents=True)
    (tmp_path / "source_id=b").mkdir()
    for rel in (
        "top.parquet",
        "source_id=a/published_date=2025-07-20/part-1.parquet",
        "source_id=a/published_date=2025-07-20/.part-2.ab12.parquet.tmp",
        "source_id=b/notes.txt",
    ):
        (tmp_path / rel).write_bytes(b"x" * 3)

    def rel(entries):
        return sorted(str(Path(e.path).relative_to(tmp_path)) for e in entries)

    assert rel(walk_files(tmp_path)) == [
        "source_id=a/published_date=2025-07-20/part-1.parquet",
        "top.parquet",
    ]
    assert rel(walk_files(tmp_path, recursive=False)) == ["top.parquet"]
    assert rel(walk_files(tmp_path, ".parquet.tmp")) == [
        "source_id=a/published_date=2025-07-20/.part-2.ab12.parquet.tmp"
    ]
    assert [e.stat().st_size for e in walk_files(tmp_path, recursive=False)] == [3]

    assert list(walk_files(tmp_path / "missing")) == []
    assert list(walk_files(tmp_path / "top.parquet")) == []  # a file, not a directory


# ---- the landing index: state/landed_versions/source_id=<id>/, in parts -----------------


def index_parts(warehouse) -> list[Path]:
    return sorted((warehouse / "state/landed_versions/source_id=mod_russia").glob("*.parquet"))


def landed_pairs(warehouse) -> set[tuple[str, str]]:
    """Every (doc_id, content_sha256) in raw/, read straight from the landed files."""
    return set(
        duckdb.execute(
            "SELECT doc_id, content_sha256 FROM read_parquet(?, hive_partitioning = false)",
            [str(warehouse / "raw/documents/source_id=mod_russia/**/*.parquet")],
        ).fetchall()
    )


def land_run(warehouse, run: int, keys: range) -> None:
    items = [item(f"mod_russia/{k}", f"Перехвачены {k} БПЛА, прогон {run}.") for k in keys]
    landing.land_items(
        warehouse, SOURCE, items, run_id=f"r{run}", fetched_at=FETCHED, fetch_url="u"
    )


def all_ids(warehouse) -> list[str]:
    return sorted({d for d, _ in landed_pairs(warehouse)} | {"absent"})


def test_each_lookup_indexes_only_the_files_landed_since_the_last(tmp_path):
    land_run(tmp_path, 1, range(0, 5))
    assert landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path)) == landed_pairs(
        tmp_path
    )
    first = index_parts(tmp_path)
    assert len(first) == 1
    land_run(tmp_path, 2, range(3, 8))  # two edits and three new posts
    known = landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path))
    assert known == landed_pairs(tmp_path) and len(known) == 10
    parts = index_parts(tmp_path)
    assert len(parts) == 2 and first[0] in parts  # the first part is not written again
    (added,) = (p for p in parts if p != first[0])
    assert pq.read_table(added).num_rows == 5
    # nothing landed since: no part written
    assert landing.known_versions(tmp_path, "mod_russia", ["mod_russia-x"]) == set()
    assert index_parts(tmp_path) == parts


def test_a_lookup_answers_only_the_documents_asked(tmp_path):
    land_run(tmp_path, 1, range(0, 4))
    pairs = landed_pairs(tmp_path)
    one = sorted(pairs)[0]
    assert landing.known_versions(tmp_path, "mod_russia", [one[0], "absent"]) == {one}


def test_small_parts_beyond_the_limit_are_merged(tmp_path, monkeypatch):
    monkeypatch.setattr(landing, "_INDEX_PARTS_MAX", 2)
    for run in range(1, 5):
        land_run(tmp_path, run, range(run, run + 3))
        known = landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path))
        assert known == landed_pairs(tmp_path)
        assert 1 <= len(index_parts(tmp_path)) <= 2
    assert len(landed_pairs(tmp_path)) == 12


def test_a_large_part_is_never_merged_again(tmp_path, monkeypatch):
    # the index's merges cost the same at any size of history: only small parts are merged
    land_run(tmp_path, 1, range(0, 400))
    landing.known_versions(tmp_path, "mod_russia", ["absent"])
    (large,) = index_parts(tmp_path)
    written = large.stat().st_mtime_ns
    monkeypatch.setattr(landing, "_INDEX_PARTS_MAX", 2)
    monkeypatch.setattr(landing, "_INDEX_MERGE_BYTES", large.stat().st_size - 1)
    for run in range(2, 7):
        land_run(tmp_path, run, range(1000 + run, 1000 + run + 2))
        known = landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path))
        assert known == landed_pairs(tmp_path)
        assert len(index_parts(tmp_path)) <= 3  # the large one and at most two small ones
    assert large in index_parts(tmp_path) and large.stat().st_mtime_ns == written
    assert len(landed_pairs(tmp_path)) == 410


def test_a_part_indexes_at_most_so_many_landed_files(tmp_path, monkeypatch):
    for run in range(1, 6):
        land_run(tmp_path, run, range(run * 10, run * 10 + 2))
    for part in index_parts(tmp_path):
        part.unlink()
    monkeypatch.setattr(landing, "_INDEX_PART_FILES", 2)
    known = landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path))
    assert known == landed_pairs(tmp_path) and len(known) == 10
    parts = index_parts(tmp_path)
    assert len(parts) == 3  # 5 landed files, 2 a part
    files = [set(pq.read_table(p).column("file").to_pylist()) for p in parts]
    assert sorted(len(f) for f in files) == [1, 2, 2]


def test_the_index_is_rebuilt_when_a_landed_file_is_gone_or_the_index_is_lost(tmp_path):
    land_run(tmp_path, 1, range(0, 3))
    land_run(tmp_path, 2, range(10, 13))
    landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path))
    ids = all_ids(tmp_path)
    first_run_file = next(
        (tmp_path / "raw/documents/source_id=mod_russia").rglob("part-r1-*.parquet")
    )
    first_run_file.unlink()
    assert landing.known_versions(tmp_path, "mod_russia", ids) == landed_pairs(tmp_path)
    assert len(landed_pairs(tmp_path)) == 3
    for part in index_parts(tmp_path):
        part.unlink()
    assert landing.known_versions(tmp_path, "mod_russia", ids) == landed_pairs(tmp_path)


def test_the_one_file_index_of_an_older_release_is_replaced(tmp_path):
    land_run(tmp_path, 1, range(0, 3))
    old = tmp_path / "state/landed_versions/source_id=mod_russia.parquet"
    old.parent.mkdir(parents=True)
    old.write_bytes(b"not parquet")
    assert landing.known_versions(tmp_path, "mod_russia", all_ids(tmp_path)) == landed_pairs(
        tmp_path
    )
    assert not old.exists()


def test_walk_relative_gives_what_relpath_gives_from_any_root(tmp_path, monkeypatch):
    from intercepts.landing import walk_relative

    deep = tmp_path / "raw" / "source_id=a" / "published_date=2025-07-20"
    deep.mkdir(parents=True)
    (deep / "part-1.parquet").write_bytes(b"x")
    (tmp_path / "raw" / "top.parquet").write_bytes(b"x")
    monkeypatch.chdir(tmp_path)
    for root in (tmp_path / "raw", Path("raw"), Path("raw/source_id=a/..")):
        expected = sorted(
            os.path.relpath(os.path.join(d, f), root)
            for d, _, names in os.walk(root)
            for f in names
        )
        assert sorted(walk_relative(root)) == expected
    assert expected == ["source_id=a/published_date=2025-07-20/part-1.parquet", "top.parquet"]
