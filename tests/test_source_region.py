"""A source's `region` decides where its statements that name no place go (issue 17):
from the sources file, through the landed version, to the claim in the claims files."""

from __future__ import annotations

import dataclasses
import json
from datetime import UTC, datetime

import duckdb
import pyarrow.parquet as pq
import pytest

from intercepts import extraction, landing
from intercepts.config import ConfigError, Source, load_sources
from intercepts.extract.jsonl import DocumentError, document_from_record, extract_stream
from intercepts.sources.base import Item

MINISTRY = Source(
    id="bel_security",
    kind="telegram",
    url="http://127.0.0.1/x",
    publisher="Министерство региональной безопасности",
    claimant_kind="official_regional",
    language="ru",
    timezone="Europe/Moscow",
    region="RU-BEL",
)
PLACELESS = "Силами ПВО Минобороны уничтожены еще 4 украинских беспилотника. Пострадавших нет."
FETCHED = datetime(2025, 11, 5, 5, 0, tzinfo=UTC)


def _item(key: str, text: str = PLACELESS) -> Item:
    return Item(
        key=key,
        url=f"https://t.me/{key}",
        title=None,
        published_at=datetime(2025, 11, 5, 3, 10, tzinfo=UTC),
        raw=f"<div>{text}</div>",
        text=text,
    )


def _sources_file(tmp_path, region_line: str) -> str:
    path = tmp_path / "sources.toml"
    path.write_text(
        "[[source]]\n"
        'id = "bel"\nkind = "telegram"\nurl = "https://t.me/s/x"\n'
        'publisher = "Министерство региональной безопасности"\n'
        'claimant_kind = "official_regional"\nlanguage = "ru"\ntimezone = "Europe/Moscow"\n'
        f"{region_line}\n",
        encoding="utf-8",
    )
    return path


def test_the_sources_file_carries_a_region(tmp_path):
    (src,) = load_sources(_sources_file(tmp_path, 'region = "RU-BEL"'))
    assert src.region == "RU-BEL"
    (src,) = load_sources(_sources_file(tmp_path, ""))
    assert src.region is None


@pytest.mark.parametrize("bad", ['"RU-XXX"', '"Belgorod"', "7"])
def test_a_region_that_is_no_code_is_refused_naming_the_source(tmp_path, bad):
    with pytest.raises(ConfigError, match=r"source #1 \(bel\): region"):
        load_sources(_sources_file(tmp_path, f"region = {bad}"))


@pytest.mark.parametrize(
    ("text", "region", "expected"),
    [
        (PLACELESS, "RU-BEL", ["RU-BEL"]),
        ("Отражена атака, сбиты 2 воздушные цели над Балаклавским районом.", "UA-40", ["UA-40"]),
        ("Над районом сбиты 4 беспилотника.", "RU-KRS", ["RU-KRS"]),
        # a place the post names wins over the source's region
        ("Над Курской областью уничтожены 3 беспилотника.", "RU-BEL", ["RU-KRS"]),
    ],
)
def test_extract_files_a_placeless_statement_under_the_input_region(text, region, expected):
    record = {
        "doc_id": "d",
        "text": text,
        "published_at": "2025-11-05T03:10:00Z",
        "publisher": "Министерство региональной безопасности",
        "claimant_kind": "official_regional",
        "region": region,
    }

    class Sink(list):
        def write(self, s):
            self.append(s)

    sink, err = Sink(), Sink()
    extract_stream([json.dumps(record, ensure_ascii=False)], sink, err)
    claims = [json.loads(line) for line in sink]
    assert not err, err
    assert [(c["scope"], c["region_codes"]) for c in claims] == [("region", expected)]


def test_without_a_region_a_placeless_ministry_statement_is_a_total():
    doc = document_from_record(
        {
            "doc_id": "d",
            "text": PLACELESS,
            "published_at": "2025-11-05T03:10:00Z",
            "publisher": "Министерство региональной безопасности",
            "claimant_kind": "official_regional",
        }
    )
    from intercepts.extract.claims import extract

    (claim,) = extract(doc).claims
    assert (claim.scope, claim.region_codes) == ("total", [])


def test_an_unknown_input_region_is_a_clear_error():
    with pytest.raises(DocumentError, match="unknown region: 'RU-ZZZ'"):
        document_from_record(
            {"doc_id": "d", "text": "x", "published_at": "2025-11-05T03:10:00Z", "region": "RU-ZZZ"}
        )


def _claims(warehouse) -> list[tuple]:
    return duckdb.execute(
        "SELECT c.scope, c.region_codes FROM read_parquet(?) t, unnest(t.claims) AS u(c)",
        [str(extraction.claims_dir(warehouse) / "**/*.parquet")],
    ).fetchall()


def test_the_landed_version_keeps_the_region_and_extraction_uses_it(tmp_path):
    landing.land_items(
        tmp_path, MINISTRY, [_item("bel/1")], run_id="r1", fetched_at=FETCHED, fetch_url="u"
    )
    (path,) = (tmp_path / "raw/documents").rglob("*.parquet")
    assert pq.read_table(path).column("source_region").to_pylist() == ["RU-BEL"]
    extraction.extract_pending(tmp_path, "r", workers=1)
    assert _claims(tmp_path) == [("region", ["RU-BEL"])]


def test_files_landed_before_the_region_column_still_extract(tmp_path):
    """A warehouse landed by an earlier release has no source_region column at all: its
    versions read as having no region, beside new files that have one."""
    old = dataclasses.replace(MINISTRY, id="old", region=None)
    landing.land_items(
        tmp_path, old, [_item("old/1")], run_id="r1", fetched_at=FETCHED, fetch_url="u"
    )
    (path,) = (tmp_path / "raw/documents").rglob("*.parquet")
    table = pq.read_table(path)
    pq.write_table(table.drop_columns(["source_region"]), path)
    assert "source_region" not in pq.read_schema(path).names
    extraction.extract_pending(tmp_path, "r", workers=1)
    assert _claims(tmp_path) == [("total", [])]
    landing.land_items(
        tmp_path, MINISTRY, [_item("bel/2")], run_id="r2", fetched_at=FETCHED, fetch_url="u"
    )
    extraction.extract_pending(tmp_path, "r", workers=1)
    assert sorted(_claims(tmp_path)) == [("region", ["RU-BEL"]), ("total", [])]
