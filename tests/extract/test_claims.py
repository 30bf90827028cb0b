"""The statement grammar: every annotated document, and one behaviour per test."""

from __future__ import annotations

import json
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path

import pytest

from intercepts.extract.claims import extract
from intercepts.extract.evaluate import annotation_key, claim_key
from intercepts.extract.jsonl import document_from_record
from intercepts.extract.model import EXTRACTOR_VERSION, DocumentInput

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"


def _records(name):
    return [
        json.loads(line)
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


ANNOTATED = _records("dev.jsonl") + _records("cases.jsonl")


@pytest.mark.parametrize("record", ANNOTATED, ids=[r["doc_id"] for r in ANNOTATED])
def test_annotated_document(record):
    claims = extract(document_from_record(record)).claims
    assert Counter(map(claim_key, claims)) == Counter(map(annotation_key, record["claims"]))


@pytest.mark.parametrize("record", ANNOTATED, ids=[r["doc_id"] for r in ANNOTATED])
def test_quotes_are_exact_spans_that_hold_the_number(record):
    doc = document_from_record(record)
    for c in extract(doc).claims:
        assert doc.text[c.char_start : c.char_end] == c.quote
        assert c.extractor_version == EXTRACTOR_VERSION
        assert c.region_codes == sorted(c.region_codes)
        assert c.claimant_kind in (
            "official_federal",
            "official_regional",
            "official_foreign",
            "media",
            "unattributed",
        )
        if c.count is not None and c.count_text is not None:
            assert c.count_text in c.quote


def doc(
    text,
    publisher="Ministry of Defence of the Russian Federation",
    published=datetime(2025, 7, 20, 4, 30, tzinfo=UTC),
    language="ru",
    timezone="Europe/Moscow",
    claimant_kind=None,
):
    return DocumentInput("t", text, published, language, timezone, publisher, claimant_kind)


def keys(text, **kw):
    return sorted(
        (c.scope, tuple(c.region_codes), c.count) for c in extract(doc(text, **kw)).claims
    )


def test_distributive_po_gives_the_count_to_each_region():
    text = "Перехвачены и уничтожены 4 украинских БПЛА: по 2 – над территориями Курской и Белгородской областей."
    assert keys(text) == [("region", ("RU-BEL",), 2), ("region", ("RU-KRS",), 2), ("total", (), 4)]


def test_one_count_over_several_places_is_never_split():
    text = (
        "С 8.00 до 20.00 мск дежурными средствами ПВО перехвачены и уничтожены 19 украинских беспилотных "
        "летательных аппаратов самолетного типа над территориями Белгородской, Курской областей и над акваторией Черного моря."
    )
    assert keys(text) == [("regions", ("RU-BEL", "RU-KRS", "SEA-BLACK"), 19)]


def test_subset_towards_moscow_hangs_under_its_region():
    text = (
        "Перехвачены и уничтожены 10 украинских БПЛА:\n▪️ 10 – над территорией Московской области, "
        "в том числе 3, летевших на Москву."
    )
    claims = extract(doc(text)).claims
    region = next(c for c in claims if c.region_codes == ["RU-MOS"])
    subset = next(c for c in claims if c.scope == "subset")
    assert (subset.count, subset.region_codes, subset.direction) == (
        3,
        ["RU-MOW"],
        "towards Moscow",
    )
    assert subset.parent_claim_id == region.claim_id


def test_itemised_regions_point_to_their_total():
    text = "Перехвачены и уничтожены 5 БПЛА: 3 – над территорией Брянской области, 2 – над территорией Курской области."
    claims = extract(doc(text)).claims
    total = next(c for c in claims if c.scope == "total")
    assert all(c.parent_claim_id == total.claim_id for c in claims if c.scope == "region")


def test_unknown_place_is_a_reject_never_a_guess():
    text = (
        "Перехвачены и уничтожены 5 БПЛА: 3 – над территорией Брянской области, "
        "2 – над территорией Нарнийской области."
    )
    result = extract(doc(text))
    assert keys(text) == [("region", ("RU-BRY",), 3), ("total", (), 5)]
    (reject,) = result.rejects
    assert reject.reason == "unknown_place"
    assert "Нарнийской" in reject.phrase
    assert text[reject.char_start : reject.char_end] == reject.quote


def test_governor_first_person_post_takes_the_governors_region():
    assert keys(
        "Сегодня ночью силами ПВО уничтожены три беспилотника.",
        publisher="Губернатор Брянской области",
    ) == [("region", ("RU-BRY",), 3)]


def test_districts_map_to_their_region_and_are_listed():
    (claim,) = extract(
        doc(
            "Силами ПВО уничтожены три БПЛА над территориями Жуковского и Тарусского районов.",
            publisher="Губернатор Калужской области",
        )
    ).claims
    assert claim.region_codes == ["RU-KLU"]
    assert claim.districts == ["Zhukovsky", "Tarussky"]


def test_ukrainian_air_force_launched_and_shot_down_over_ukraine():
    text = "Противник атакував 57 ударними БпЛА. Збито/подавлено 39 ворожих БпЛА."
    claims = extract(
        doc(text, publisher="Повітряні сили ЗС України", language="uk", timezone="Europe/Kyiv")
    ).claims
    assert [(c.count, c.action, c.region_codes, c.scope) for c in claims] == [
        (57, "launched", ["UA"], "total"),
        (39, "shot_down_or_suppressed", ["UA"], "total"),
    ]
    assert {c.claimant_kind for c in claims} == {"official_foreign"}


def test_attacked_by_n_of_which_m_shot_down():
    claims = extract(
        doc(
            "В Валуйском округе село Уразово атаковано 6 беспилотниками, два из которых сбиты.",
            publisher="Оперативный штаб Белгородской области",
        )
    ).claims
    assert [(c.count, c.action, c.region_codes) for c in claims] == [
        (6, "attacked", ["RU-BEL"]),
        (2, "shot_down", ["RU-BEL"]),
    ]


def test_withheld_figure_is_null_not_zero():
    (claim,) = extract(
        doc(
            "Минувшей ночью беспилотники уничтожены в городе Новошахтинске и в 4 районах области.",
            publisher="Губернатор Ростовской области",
        )
    ).claims
    assert claim.count is None and claim.region_codes == ["RU-ROS"]


@pytest.mark.parametrize(
    "text",
    [
        "Противник 34 раза применил артиллерию по приграничным районам.",
        "3 раза сброшены 4 взрывных устройства с БПЛА.",
        "В результате атаки БПЛА ранены двое мужчин 45 и 63 лет.",
        "Повреждены крыши трёх домов и два автомобиля, уничтожен сарай.",
        "ОТБОЙ ОПАСНОСТИ АТАКИ БПЛА в г. Старый Оскол 06:48. Единый номер экстренных служб — 112.",
        "Всего с начала проведения специальной военной операции уничтожено 84512 беспилотных летательных аппаратов.",
        "Обломки сбитого беспилотника упали на территории предприятия.",
        "Зафіксовано влучання 18 ударних БпЛА на 6 локаціях.",
    ],
)
def test_traps_give_no_claim(text):
    assert extract(doc(text, publisher="Оперштаб Курской области")).claims == []


def test_english_attribution_and_restated_claimant():
    text = (
        "No one was hurt after air defence units brought down 23 Ukrainian UAVs above the Bryansk Region, "
        "Governor Alexander Bogomaz said."
    )
    (claim,) = extract(doc(text, publisher="TASS", language="en", claimant_kind="media")).claims
    assert (claim.claimant, claim.claimant_kind, claim.region_codes) == (
        "Governor of Bryansk Region",
        "official_regional",
        ["RU-BRY"],
    )


def test_unattributed_news_claim():
    (claim,) = extract(
        doc(
            "Air defences shot down 12 drones over the Kursk region overnight.",
            publisher="Some Outlet",
            language="en",
            claimant_kind="media",
        )
    ).claims
    assert (claim.claimant, claim.claimant_kind) == ("unattributed", "unattributed")


def test_weapons_are_told_apart():
    text = (
        "Средствами ПВО сбиты 2 крылатые ракеты «Нептун», баллистическая ракета не упоминается, "
        "5 управляемых авиационных бомб и 3 реактивных снаряда HIMARS."
    )
    weapons = {c.count: c.weapon for c in extract(doc(text)).claims}
    assert weapons == {2: "cruise_missile", 5: "guided_bomb", 3: "rocket"}


def test_increment_series_of_the_mayor():
    (claim,) = extract(
        doc(
            "Ещё 6 БПЛА, летевших на Москву, уничтожены силами ПВО Минобороны.",
            publisher="Мэр Москвы Сергей Собянин",
        )
    ).claims
    assert (
        claim.increment and claim.region_codes == ["RU-MOW"] and claim.claimant == "Mayor of Moscow"
    )


def test_extraction_is_deterministic():
    text = _records("dev.jsonl")[1]["text"]
    first = [c.to_record() for c in extract(doc(text)).claims]
    assert first == [c.to_record() for c in extract(doc(text)).claims]


@pytest.mark.parametrize(
    "text",
    [
        "Итоги года. За 2025 год над Брянской областью силами ПВО уничтожено более 4,5 тысяч "
        "вражеских беспилотников и 120 ракет.",
        "В 2024 году над Курской областью сбито 3 тысячи БПЛА.",
        "Over the Kursk region, air defences shot down 3,000 drones in 2024.",
    ],
)
def test_a_years_tally_is_no_claim_and_the_year_no_count(text):
    assert extract(doc(text, publisher="Губернатор Курской области")).claims == []


def test_a_figure_like_a_year_after_over_is_still_a_count():
    text = "Over the past week Russia launched over 2000 drones at Ukraine, the air force said."
    (claim,) = extract(
        doc(text, publisher="Air Force of the Armed Forces of Ukraine", language="en")
    ).claims
    assert (claim.count, claim.night_ending) == (2000, None)


def test_a_place_of_an_event_is_no_place_of_the_count():
    text = (
        "Russia's defence ministry said it had shot down more than 100 Ukrainian drones "
        "overnight, days before the Victory Day parade in Moscow."
    )
    (claim,) = extract(doc(text, publisher="Reuters", language="en")).claims
    assert (claim.scope, claim.region_codes, claim.count_qualifier) == ("total", [], "more_than")
