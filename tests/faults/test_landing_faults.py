"""Landing under repetition and leftovers: nothing replaced, nothing doubled, no partial file read."""

from __future__ import annotations

from datetime import UTC, datetime

import duckdb

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
MORNING = datetime(2025, 7, 20, 4, 40, tzinfo=UTC)


def post(key: str, text: str) -> Item:
    return Item(
        key=key, url=f"https://t.me/{key}", title=None, published_at=MORNING, raw=text, text=text
    )


def landed_texts(warehouse) -> list[str]:
    con = duckdb.connect()
    try:
        return sorted(
            r[0]
            for r in con.execute(
                "SELECT text FROM read_parquet(?, hive_partitioning = false)",
                [str(warehouse / "raw/documents/**/*.parquet")],
            ).fetchall()
        )
    finally:
        con.close()


def test_landing_a_source_twice_in_one_run_keeps_both_landings(tmp_path):
    # The demo lands each source once per night under one run id, and a retried task lands
    # again: the second file must not replace the first (it used to be part-<run>.parquet).
    landing.land_items(
        tmp_path,
        SOURCE,
        [post("mod_russia/1", "Перехвачены 5 БПЛА.")],
        run_id="r1",
        fetched_at=MORNING,
        fetch_url="u",
    )
    landing.land_items(
        tmp_path,
        SOURCE,
        [post("mod_russia/2", "Перехвачены 7 БПЛА.")],
        run_id="r1",
        fetched_at=MORNING,
        fetch_url="u",
    )
    assert landed_texts(tmp_path) == ["Перехвачены 5 БПЛА.", "Перехвачены 7 БПЛА."]


def test_a_leftover_tmp_file_is_never_read_and_is_swept(tmp_path):
    landing.land_items(
        tmp_path,
        SOURCE,
        [post("mod_russia/1", "Перехвачены 5 БПЛА.")],
        run_id="r1",
        fetched_at=MORNING,
        fetch_url="u",
    )
    day = next((tmp_path / "raw/documents").rglob("landed_month=*"))
    (day / ".part-killed.abcd.parquet.tmp").write_bytes(b"PAR1\x00\x00half a file")
    assert landed_texts(tmp_path) == ["Перехвачены 5 БПЛА."]
    assert landing.sweep_temporary_files(tmp_path) == 1
    assert not list(tmp_path.rglob("*.tmp"))
