"""Weapon class and named type of a figure (intercepts/extract/weapons.py), read from real
forms; and every class the extractor gives is one of the documented classes."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from intercepts.extract.claims import extract
from intercepts.extract.model import DocumentInput
from intercepts.extract.weapons import WEAPON_CLASSES

AF = "Повітряні сили ЗСУ"
MOD = "Ministry of Defence of the Russian Federation"


def read(text, publisher=MOD, language="ru", kind="official_federal"):
    doc = DocumentInput(
        doc_id="w",
        text=text,
        published_at=datetime(2025, 10, 19, 6, 40, tzinfo=UTC),
        language=language,
        timezone="Europe/Kyiv" if language == "uk" else "Europe/Moscow",
        publisher=publisher,
        claimant_kind=kind,
    )
    return [(c.count, c.action, c.weapon_class, c.weapon_type) for c in extract(doc).claims]


@pytest.mark.parametrize(
    ("text", "publisher", "language", "kind", "expected"),
    [
        (
            "За минувшие сутки средствами ПВО сбиты 3 управляемые авиабомбы и 9 беспилотных "
            "летательных аппаратов над территорией Курской области.",
            MOD,
            "ru",
            "official_federal",
            {(3, "guided_bomb", None), (9, "drone", None)},
        ),
        (
            "Средствами ПВО сбиты 5 управляемых авиабомб «JDAM», 2 реактивных снаряда РСЗО "
            "HIMARS и 118 беспилотных летательных аппаратов.",
            MOD,
            "ru",
            "official_federal",
            {(5, "guided_bomb", "JDAM"), (2, "mlrs_rocket", "HIMARS"), (118, "drone", None)},
        ),
        (
            "За попередніми даними, станом на 09:00, збито/подавлено 441 повітряну ціль:\n"
            "- 433 ворожих БпЛА типу Shahed, Гербера та дронів-імітаторів різних типів;\n"
            "- 8 крилатих ракет Іскандер-К.",
            AF,
            "uk",
            "official_foreign",
            {
                (441, "aerial_target", None),
                (433, "drone", "Shahed"),
                (8, "cruise_missile", "Iskander-K"),
            },
        ),
        (
            "У ніч на 19 жовтня противник атакував 3 балістичними ракетами Іскандер-М/KN-23 та "
            "40 ударними БпЛА. Збито 25 БпЛА, ще 12 безпілотників-імітаторів – локаційно втрачені.",
            AF,
            "uk",
            "official_foreign",
            {
                (3, "ballistic_missile", "Iskander-M"),
                (40, "drone", None),
                (25, "drone", None),
                (12, "decoy", None),
            },
        ),
        (
            "Над Крымом ночью сбиты 3 ракеты ATACMS и 2 противокорабельные ракеты «Нептун».",
            "Глава Республики Крым Сергей Аксёнов",
            "ru",
            "official_regional",
            {(3, "ballistic_missile", "ATACMS"), (2, "anti_ship_missile", "Neptune")},
        ),
    ],
)
def test_classes_and_types_of_real_forms(text, publisher, language, kind, expected):
    got = {(n, cls, typ) for n, _, cls, typ in read(text, publisher, language, kind)}
    assert got == expected


def test_every_class_is_documented(tmp_path):
    from intercepts.extract.jsonl import document_from_record
    from tests.extract.test_real_forms import all_records  # the real-form batches

    seen = set()
    for record in all_records():
        for claim in extract(document_from_record(record)).claims:
            seen.add(claim.weapon_class)
    assert seen <= set(WEAPON_CLASSES)
    assert {"drone", "aerial_target", "cruise_missile", "ballistic_missile"} <= seen
