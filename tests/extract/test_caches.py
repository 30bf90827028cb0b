"""The extractor's caches change its speed, never its output.

``claims.py`` keeps, by text, what a unit's or a document's text alone decides (time
expressions, the grammar's reading, the places of each unit), and the gazetteer builds one
entry per distinct row of ``forms.tsv``. Here: every fixture document read with cold caches,
then again in another order with warm ones (and alongside repeats of its own sentences in
other documents), gives the same claims and rejects, field by field."""

from __future__ import annotations

import csv
import json
from datetime import datetime
from pathlib import Path

from intercepts.extract import claims, gazetteer
from intercepts.extract.claims import extract
from intercepts.extract.model import DocumentInput

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
CACHES = (
    claims._prepared,
    claims._analysed,
    claims._time_expressions,
    claims._unnamed_source,
    claims._publisher_claimant,
)


def _docs() -> list[DocumentInput]:
    docs = []
    for name in ("cases", "heldout", "heldout2", "heldout3", "dev"):
        for line in (FIXTURES / f"{name}.jsonl").read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            r = json.loads(line)
            docs.append(
                DocumentInput(
                    doc_id=f"{name}:{r['doc_id']}",
                    text=r["text"],
                    published_at=datetime.fromisoformat(r["published_at"].replace("Z", "+00:00")),
                    language=r.get("language", "ru"),
                    timezone=r.get("timezone") or "Europe/Moscow",
                    publisher=r.get("publisher"),
                    claimant_kind=r.get("claimant_kind"),
                )
            )
    return docs


def _read(doc: DocumentInput) -> str:
    result = extract(doc)
    return json.dumps(
        [c.to_record() for c in result.claims] + [r.to_record() for r in result.rejects],
        ensure_ascii=False,
        sort_keys=True,
    )


def _clear() -> None:
    for f in CACHES:
        f.cache_clear()


def test_warm_caches_read_every_fixture_as_cold_ones_do():
    docs = _docs()
    assert len(docs) > 350
    cold = {}
    for d in docs:
        _clear()
        cold[d.doc_id] = _read(d)
    _clear()
    warm = {d.doc_id: _read(d) for d in reversed(docs)}
    # twice more, each document after all the others, so every unit it shares with another
    # document (a standing phrase, a restated sentence) comes from the cache
    warm2 = {d.doc_id: _read(d) for d in docs}
    assert claims._analysed.cache_info().hits > 0
    assert warm == cold
    assert warm2 == cold


def test_a_text_read_with_another_publication_time_and_publisher():
    """Cached by text, the reading still takes each document's own time and publisher."""
    _clear()
    text = "В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены 12 украинских беспилотных летательных аппаратов над территорией Брянской области."
    a = DocumentInput(
        "a",
        text,
        datetime.fromisoformat("2025-07-18T05:00:00+00:00"),
        publisher="Минобороны России",
    )
    b = DocumentInput(
        "b",
        text,
        datetime.fromisoformat("2025-07-20T20:00:00+00:00"),
        publisher="Губернатор Брянской области",
    )
    first_a, first_b = _read(a), _read(b)
    _clear()
    assert (_read(b), _read(a)) == (first_b, first_a)
    assert first_a != first_b
    ca, cb = extract(a).claims[0], extract(b).claims[0]
    assert (ca.night_ending, cb.night_ending) == ("2025-07-18", "2025-07-20")
    assert ca.doc_id == "a" and cb.doc_id == "b" and ca.claimant != cb.claimant


def test_the_gazetteer_index_holds_every_row_of_forms_tsv():
    with open(gazetteer.DATA_DIR / "forms.tsv", encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        rows = list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))
    forms, first = gazetteer._index()
    expected = {}
    for key, code, kind, region_code, name_en, noun, plural, bare, rr, dr, lang, common in rows[1:]:
        expected[key] = (code, kind, region_code, name_en, noun or None, plural == "1")
        expected[key] += (bare == "1", rr or None, dr or None, lang, common == "1")
    assert {
        k: (
            e.code,
            e.kind,
            e.region_code,
            e.name_en,
            e.noun,
            e.plural_noun,
            e.bare,
            e.region_reading,
            e.district_reading,
            e.lang,
            e.common_word,
        )
        for k, e in forms.items()
    } == expected
    longest: dict[str, int] = {}
    for key in expected:
        toks = key.split(" ")
        longest[toks[0]] = max(longest.get(toks[0], 0), len(toks))
    assert first == longest
