"""Property tests: ministry-style statements generated from templates (random regions from
the gazetteer, random counts in digits or words) must give back exactly the claims they
were generated from."""

from __future__ import annotations

from datetime import UTC, datetime

import pymorphy3
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from intercepts.extract.claims import extract
from intercepts.extract.gazetteer import all_regions
from intercepts.extract.model import DocumentInput

_MORPH = pymorphy3.MorphAnalyzer()
_REGIONS = [r for r in all_regions() if r.country == "RU" and r.kind in ("oblast", "krai")]


def _genitive(name: str) -> str:
    words = []
    for word in name.split():
        form = _MORPH.parse(word)[0].inflect({"gent"})
        words.append(form.word if form else word)
    text = " ".join(words)
    return text[0].upper() + text[1:]


GENITIVE = {r.code: _genitive(r.name_ru) for r in _REGIONS}
_RU_UNITS = [
    "",
    "один",
    "два",
    "три",
    "четыре",
    "пять",
    "шесть",
    "семь",
    "восемь",
    "девять",
    "десять",
    "одиннадцать",
    "двенадцать",
    "тринадцать",
    "четырнадцать",
    "пятнадцать",
    "шестнадцать",
    "семнадцать",
    "восемнадцать",
    "девятнадцать",
]
_RU_TENS = [
    "",
    "",
    "двадцать",
    "тридцать",
    "сорок",
    "пятьдесят",
    "шестьдесят",
    "семьдесят",
    "восемьдесят",
    "девяносто",
]
_EN_UNITS = [
    "",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
]
_EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"]


def ru_words(n: int) -> str:
    if n < 20:
        return _RU_UNITS[n]
    return " ".join(w for w in (_RU_TENS[n // 10], _RU_UNITS[n % 10]) if w)


def en_words(n: int) -> str:
    if n < 20:
        return _EN_UNITS[n]
    return "-".join(w for w in (_EN_TENS[n // 10], _EN_UNITS[n % 10]) if w)


items = st.lists(
    st.tuples(st.sampled_from(_REGIONS), st.integers(min_value=1, max_value=99), st.booleans()),
    min_size=1,
    max_size=6,
    unique_by=lambda t: t[0].code,
)
PUBLISHED = datetime(2025, 7, 20, 4, 30, tzinfo=UTC)


def _run(
    text: str, language: str, publisher: str = "Ministry of Defence of the Russian Federation"
):
    doc = DocumentInput("prop", text, PUBLISHED, language, "Europe/Moscow", publisher)
    return sorted((c.scope, tuple(c.region_codes), c.count) for c in extract(doc).claims)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    items=items,
    extra=st.integers(min_value=0, max_value=30),
    words=st.booleans(),
    bullets=st.booleans(),
)
def test_ministry_daily_bulletin_in_russian(items, extra, words, bullets):
    total = sum(n for _, n, _ in items) + extra
    say = ru_words if words else str
    lines = [f"{say(n) if w else n} – над территорией {GENITIVE[r.code]}" for r, n, w in items]
    head = (
        f"В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены {total} "
        "украинских беспилотных летательных аппаратов самолетного типа:"
    )
    text = head + ("\n▪️ " + ",\n▪️ ".join(lines) if bullets else " " + ", ".join(lines)) + "."
    expected = sorted([("total", (), total)] + [("region", (r.code,), n) for r, n, _ in items])
    assert _run(text, "ru") == expected, text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=items, words=st.booleans())
def test_ministry_list_without_total(items, words):
    parts = [
        f"{ru_words(n) if words and w else n} БПЛА над территорией {GENITIVE[r.code]}"
        for r, n, w in items
    ]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " и " + parts[-1]
    text = f"Дежурными средствами ПВО перехвачены и уничтожены {listed}."
    assert _run(text, "ru") == sorted(("region", (r.code,), n) for r, n, _ in items), text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=items, n=st.integers(min_value=1, max_value=99), words=st.booleans())
def test_one_count_over_several_regions_is_one_claim(items, n, words):
    names = [GENITIVE[r.code] for r, _, _ in items]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " и " + names[-1]
    noun = "территорией" if len(names) == 1 else "территориями"
    text = (
        f"С 8.00 до 14.00 мск дежурными средствами ПВО перехвачены и уничтожены "
        f"{ru_words(n) if words else n} украинских БПЛА над {noun} {listed}."
    )
    codes = tuple(sorted(r.code for r, _, _ in items))
    assert _run(text, "ru") == [("region" if len(codes) == 1 else "regions", codes, n)], text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(items=items, extra=st.integers(min_value=0, max_value=30), words=st.booleans())
def test_english_restatement(items, extra, words):
    total = sum(n for _, n, _ in items) + extra
    say = en_words if words else str
    parts = [f"{say(n)} over the {r.name_en}" for r, n, _ in items]
    listed = parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]
    text = (
        f"Russia's air defences destroyed {total} Ukrainian drones overnight: {listed}, "
        "the Defence Ministry said."
    )
    expected = sorted([("total", (), total)] + [("region", (r.code,), n) for r, n, _ in items])
    assert _run(text, "en", publisher="Reuters") == expected, text


_OBLASTS = [r for r in _REGIONS if r.kind == "oblast"]
oblast_pairs = st.lists(
    st.sampled_from(_OBLASTS), min_size=2, max_size=4, unique_by=lambda r: r.code
)


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(regions=oblast_pairs, n=st.integers(min_value=1, max_value=9), words=st.booleans())
def test_distributive_po_gives_each_region_the_count(regions, n, words):
    adjectives = [GENITIVE[r.code].split()[0] for r in regions]
    listed = ", ".join(adjectives[:-1]) + " и " + adjectives[-1]
    total = n * len(regions)
    text = (
        f"В течение прошедшей ночи дежурными средствами ПВО перехвачены и уничтожены {total} украинских БПЛА:\n"
        f"▫️ по {ru_words(n) if words else n} – над территориями {listed} областей."
    )
    expected = sorted([("total", (), total)] + [("region", (r.code,), n) for r in regions])
    assert _run(text, "ru") == expected, text


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    launched=st.integers(min_value=2, max_value=900),
    share=st.floats(min_value=0, max_value=1),
    words=st.booleans(),
)
def test_ukrainian_air_force_restated_in_english(launched, share, words):
    downed = max(1, int(launched * share))
    say = en_words if words and launched < 100 else str
    text = (
        f"Russia launched {say(launched)} Shahed-type drones against Ukraine overnight, the Ukrainian Air Force said. "
        f"Air defences shot down or suppressed {say(downed) if downed < 100 else downed} of them."
    )
    assert _run(text, "en", publisher="Kyiv Independent") == sorted(
        [("total", ("UA",), launched), ("total", ("UA",), downed)]
    ), text


_FRAGMENTS = st.sampled_from(
    [
        "В течение прошедшей ночи",
        "перехвачены и уничтожены",
        " 12 ",
        "трёх",
        "БПЛА",
        " – над территорией ",
        "Брянской области",
        "Курской",
        " и ",
        ", ",
        ": ",
        "\n▪️ ",
        "по 2",
        "в том числе 3, летевших на Москву",
        "с 8.00 до 14.00 мск",
        "overnight",
        "drones",
        "over the Kursk region",
        "of which",
        "the ministry said",
        "Нарнийской области",
        "112",
        "06:48",
        "атаковано",
        "сбиты",
        "з 18:00 17 липня",
        "Станом на 08:30",
        ". ",
    ]
)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(parts=st.lists(_FRAGMENTS | st.text(max_size=12), max_size=25))
def test_any_text_extracts_without_error_and_with_exact_quotes(parts):
    text = "".join(parts)
    doc = DocumentInput(
        "fuzz",
        text,
        PUBLISHED,
        "ru",
        "Europe/Moscow",
        "Ministry of Defence of the Russian Federation",
    )
    result = extract(doc)
    for c in result.claims:
        assert text[c.char_start : c.char_end] == c.quote
        assert c.count is None or c.count >= 0
    for r in result.rejects:
        assert text[r.char_start : r.char_end] == r.quote
