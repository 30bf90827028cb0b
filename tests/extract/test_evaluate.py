"""The scorer behind `intercepts eval`, and the JSON-lines stream behind `intercepts extract`."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from intercepts.extract.evaluate import evaluate_file, evaluate_records
from intercepts.extract.jsonl import extract_stream

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"


@pytest.mark.parametrize("name", ["dev.jsonl", "cases.jsonl"])
def test_f1_on_annotated_sets_is_at_least_097(name):
    report = evaluate_file(FIXTURES / name)
    assert report.f1 >= 0.97, report.render()


def _record(text, claims, **kw):
    return {
        "doc_id": kw.get("doc_id", "d1"),
        "text": text,
        "published_at": kw.get("published_at", "2025-07-20T04:30:00+00:00"),
        "language": "ru",
        "timezone": "Europe/Moscow",
        "publisher": "Ministry of Defence of the Russian Federation",
        "claims": claims,
    }


TEXT = "В течение прошедшей ночи перехвачены и уничтожены 5 БПЛА над территорией Брянской области."


def test_a_perfect_document_scores_one():
    report = evaluate_records(
        [
            _record(
                TEXT,
                [
                    {
                        "scope": "region",
                        "region_codes": ["RU-BRY"],
                        "count": 5,
                        "night_ending": "2025-07-20",
                    }
                ],
            )
        ]
    )
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (1, 0, 0)
    assert report.f1 == 1.0


def test_misses_and_false_hits_are_listed_one_per_line():
    report = evaluate_records(
        [
            _record(
                TEXT,
                [
                    {
                        "scope": "region",
                        "region_codes": ["RU-BRY"],
                        "count": 6,
                        "night_ending": "2025-07-20",
                    }
                ],
            )
        ]
    )
    assert (report.overall.tp, report.overall.fp, report.overall.fn) == (0, 1, 1)
    text = report.render()
    assert "d1: region [RU-BRY] count=6 day=2025-07-20" in text
    assert "d1: region [RU-BRY] count=5 day=2025-07-20" in text
    assert "misses (1):" in text and "false hits (1):" in text


def test_a_wrong_night_is_a_miss():
    report = evaluate_records(
        [
            _record(
                TEXT,
                [
                    {
                        "scope": "region",
                        "region_codes": ["RU-BRY"],
                        "count": 5,
                        "night_ending": "2025-07-19",
                    }
                ],
            )
        ]
    )
    assert report.overall.tp == 0


def test_a_date_annotation_matches_the_extracted_event_date():
    text = "On July 17, Russian air defence forces reportedly shot down 22 Ukrainian drones."
    rec = _record(
        text,
        [
            {
                "scope": "total",
                "region_codes": [],
                "count": 22,
                "night_ending": None,
                "date": "2025-07-17",
            }
        ],
    )
    rec.update(language="en", publisher="news outlet")
    assert evaluate_records([rec]).f1 == 1.0


def test_duplicate_tuples_count_as_a_multiset():
    text = "📍 В Валуйском округе атаковано 2 беспилотниками.\n📍 Над Ровеньским округом сбиты 2 беспилотника."
    rec = _record(
        text,
        [{"scope": "region", "region_codes": ["RU-BEL"], "count": 2, "night_ending": "2025-07-20"}],
    )
    rec["publisher"] = "Оперативный штаб Белгородской области"
    report = evaluate_records([rec])
    assert (report.overall.tp, report.overall.fp) == (1, 1)


def test_scores_by_language_and_form():
    report = evaluate_file(FIXTURES / "dev.jsonl")
    assert set(report.by_language) == {"ru", "en", "uk"}
    assert {"ministry", "governor", "news", "ua_air_force"} <= set(report.by_form)
    assert "by language:" in report.render() and "by form:" in report.render()


def test_unreadable_documents_are_reported_not_fatal():
    report = evaluate_records(
        [{"doc_id": "bad", "text": "x", "published_at": "yesterday", "claims": []}]
    )
    assert report.documents == 0 and report.errors


def test_stream_writes_claims_and_survives_bad_lines():
    good = json.dumps(
        {
            "doc_id": "a",
            "text": TEXT,
            "published_at": "2025-07-20T04:30:00Z",
            "publisher": "Ministry of Defence of the Russian Federation",
        },
        ensure_ascii=False,
    )
    lines = [
        good + "\n",
        "{not json\n",
        "\n",
        json.dumps({"doc_id": "b"}) + "\n",
        "[1]\n",
        json.dumps(
            {"doc_id": "c", "text": TEXT, "published_at": "2025-07-20T04:30:00"}, ensure_ascii=False
        )
        + "\n",
    ]
    out, err = io.StringIO(), io.StringIO()
    summary = extract_stream(lines, out, err)
    claims = [json.loads(line) for line in out.getvalue().splitlines()]
    errors = [json.loads(line) for line in err.getvalue().splitlines()]
    assert [c["doc_id"] for c in claims] == ["a", "c"]
    assert claims[0]["count"] == 5 and claims[0]["region_codes"] == ["RU-BRY"]
    assert [e["line"] for e in errors] == [2, 4, 5]
    assert errors[1]["doc_id"] == "b"
    assert (summary.documents, summary.claims, summary.errors) == (2, 2, 3)


def test_stream_can_write_rejects():
    line = json.dumps(
        {
            "doc_id": "r",
            "text": "Уничтожены 2 БПЛА над территорией Нарнийской области.",
            "published_at": "2025-07-20T04:30:00Z",
        },
        ensure_ascii=False,
    )
    out, err, rejects = io.StringIO(), io.StringIO(), io.StringIO()
    extract_stream([line], out, err, rejects)
    assert json.loads(rejects.getvalue())["reason"] == "unknown_place"
