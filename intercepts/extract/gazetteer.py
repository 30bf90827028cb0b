"""Gazetteer: find Russian and Ukrainian regions, districts, towns, seas and countries in text.

Contract: intercepts/extract/gazetteer_api.md. Data: intercepts/extract/data/ — hand-written
``regions.tsv`` (every ISO 3166-2 RU/UA code, seas, countries), ``places.tsv`` (districts and
towns mapped to their region), ``stop_phrases.tsv``, ``claimants.tsv``, and ``forms.tsv``,
which scripts/build_gazetteer.py generates from them with pymorphy3. At runtime only these files
are read; pymorphy3 is never imported here (it is a dev dependency and parses ~20k words/s).

Matching rules, each with the real text it is for:

1. Text is tokenised once into runs of letters/digits; case is folded, ё == е, typographic
   apostrophes and hyphens are the same as ASCII ones. Tokens are joined by one space to form a
   key, so "Ростов-на-Дону", "Ростов на Дону" and "РОСТОВ-НА-ДОНУ" are the same key, and
   "Кам’янське" == "Кам'янське".
2. At each token the longest phrase (up to MAX_TOKENS words) found in the dictionary of
   inflected forms wins; matches never overlap. Words of one phrase may be separated only by
   spaces, hyphens and apostrophes (or a dot after an abbreviation: "г. Старый Оскол",
   "Брянская обл."), so a phrase never runs across a comma or a full stop.
   "над территорией Брянской области" -> "Брянской области" RU-BRY, noun 'oblast'.
3. A noun in the plural marks the last member of a list:
   "над территориями Курской и Воронежской областей" -> "Курской" (bare, region_reading
   RU-KRS) and "Воронежской областей" (RU-VOR, plural_noun=True). The extractor decides whether a
   bare adjective belongs to the following plural noun; the gazetteer only marks it bare.
4. A district adjective on its own is bare with district_reading = its region:
   "над территориями Жуковского и Тарусского районов" -> "Жуковского" (bare, district_reading
   RU-KLU) and "Тарусского районов" (district, RU-KLU, plural). Districts include okrug
   forms: "В Шебекинском округе", "Над Ровеньским округом", "в Губкинском ГО".
5. Towns in every case, with or without "город"/"г.": "в городе Новошахтинске" -> RU-ROS
   (noun 'city'); "летевших на Москву" -> RU-MOW (kind 'city'); "Мэр Москвы" -> RU-MOW.
6. English: "<stem> Region/Oblast/Krai/Territory/Republic", plural "the Bryansk and Kursk
   regions", and the bare stem: "over the Moscow, Bryansk, Belgorod, Kaluga and Kursk Regions"
   -> "Moscow" (code RU-MOW, kind 'city', region_reading RU-MOS) ... "Kursk Regions" (plural).
7. Ukrainian: "на Сумщині" -> UA-59, "Київській області" -> UA-32, "у Криму" -> UA-43.
8. Seas: "над акваторией Черного моря", "over the Black Sea", "над акваторією Чорного моря".
9. Stop phrases are consumed and dropped: "Moscow time" (a clock), "the Kyiv regime",
   "Black Sea Fleet", "Черноморского флота" name no place of an interception.
10. When one key names several places, one code is chosen at build time and the others kept as
   readings: "Жуковского" is the town of Zhukovsky (RU-MOS) and, before "районов", the Kaluga
   district (district_reading RU-KLU); "Moscow" is the city and, before "Regions", RU-MOS.
   Keys that are also everyday words ("Орёл" eagle, "Шахты" mines, "Сумы" bags) are still
   matched but flagged common_word=True; "Орёл расправил крылья" gives RU-ORL with that flag.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent / "data"
MAX_TOKENS = 6

# Letters and digits; underscore is not a word character for us.
_TOKEN = re.compile(r"[^\W_]+")
# What may stand between two words of one place name: spaces, hyphens, apostrophes.
_JOIN_GAP = re.compile(r"[\s\-\u2010\u2011\u00ad'\u2019\u02bc`\u2018]*\Z")
# After an abbreviation, a dot is allowed too: "г. Старый Оскол", "р-н", "Брянская обл."
_ABBR_GAP = re.compile(r"\.?[\s\-\u2010\u2011]*\Z")
_ABBREVIATIONS = frozenset({"г", "гор", "обл", "р", "м", "о", "респ", "го", "мо", "ао", "пос", "с"})
# Single-character folds that keep offsets: ё == е, typographic quotes/hyphens.
_FOLD = str.maketrans(
    {
        "ё": "е",
        "Ё": "е",
        "\u2019": "'",
        "\u02bc": "'",
        "\u2018": "'",
        "`": "'",
        "\u2010": "-",
        "\u2011": "-",
    }
)


@dataclass(frozen=True)
class PlaceMatch:
    start: int
    end: int
    text: str
    code: str
    kind: str  # 'region' | 'district' | 'city' | 'sea' | 'country'
    region_code: str
    name_en: str
    noun: str | None
    plural_noun: bool
    bare: bool
    region_reading: str | None
    district_reading: str | None
    # Added beyond the contract (defaults keep the contract's constructor working):
    lang: str = ""  # language of the matched form: 'ru' | 'uk' | 'en'
    common_word: bool = False  # the form is also an everyday word (Орёл, Шахты, Сумы)


@dataclass(frozen=True)
class Region:
    code: str
    name_en: str
    name_ru: str
    name_uk: str
    country: str | None  # 'RU' | 'UA'; None for seas
    kind: str = ""  # oblast | krai | republic | aokrug | aoblast | city | country | sea


def _fold(text: str) -> str:
    low = text.lower()
    if len(low) != len(text):  # a few characters (İ) lengthen when lowered; keep offsets exact
        low = "".join(ch.lower()[0] for ch in text)
    return low.translate(_FOLD)


def normalise_key(phrase: str) -> str:
    """The dictionary key of a phrase: its folded tokens joined by single spaces. The build
    script uses this very function, so generated forms and runtime lookups always agree."""
    return " ".join(_TOKEN.findall(_fold(phrase)))


@dataclass(frozen=True)
class _Entry:
    code: str
    kind: str
    region_code: str
    name_en: str
    noun: str | None
    plural_noun: bool
    bare: bool
    region_reading: str | None
    district_reading: str | None
    lang: str
    common_word: bool


def _read_rows(name: str) -> list[list[str]]:
    with open(DATA_DIR / name, encoding="utf-8", newline="") as fh:
        lines = (line for line in fh if line.strip() and not line.startswith("#"))
        return list(csv.reader(lines, delimiter="\t", quoting=csv.QUOTE_NONE))


@cache
def _index() -> tuple[dict[str, _Entry], dict[str, int]]:
    forms: dict[str, _Entry] = {}
    first: dict[str, int] = {}  # first token -> most tokens of any key starting with it
    # ~57k forms share ~5.6k distinct entries (every case form of a name reads the same):
    # one _Entry per distinct row, found by the row's text after the key, and the file split
    # by hand (the rows csv.reader gives with QUOTE_NONE: tab-separated, no quoting), which
    # takes the load that every process pays once from 0.28 s to about 0.1 s
    with open(DATA_DIR / "forms.tsv", encoding="utf-8", newline="") as fh:
        lines = [line.rstrip("\r\n") for line in fh if line.strip() and not line.startswith("#")]
    header = lines[0].split("\t")
    assert header[0] == "key", header
    entries: dict[str, _Entry] = {}
    for line in lines[1:]:
        key, _, values = line.partition("\t")
        entry = entries.get(values)
        if entry is None:
            code, kind, region_code, name_en, noun, plural, bare, rr, dr, lang, common = (
                values.split("\t")
            )
            entry = entries[values] = _Entry(
                code,
                kind,
                region_code,
                name_en,
                noun or None,
                plural == "1",
                bare == "1",
                rr or None,
                dr or None,
                lang,
                common == "1",
            )
        forms[key] = entry
        space = key.find(" ")
        if space < 0:
            if first.get(key, 0) < 1:
                first[key] = 1
        else:
            head = key[:space]
            ntok = key.count(" ") + 1
            if ntok > first.get(head, 0):
                first[head] = ntok
    return forms, first


# Given names of officials: a surname after one is a person, never a town ("Глава Чувашии
# Олег Николаев", not Mykolaiv; "Иван Федоров", "Вадим Филашкин")
_GIVEN_NAMES = frozenset(
    _fold(n)
    for n in (
        "Александр Алексей Анатолий Андрей Антон Артём Артем Борис Вадим Валентин Валерий "
        "Василий Виктор Виталий Владимир Владислав Вячеслав Геннадий Георгий Глеб Григорий "
        "Денис Дмитрий Евгений Егор Иван Игорь Илья Кирилл Константин Леонид Максим Михаил "
        "Никита Николай Олег Павел Пётр Петр Радий Роман Руслан Рустам Сергей Станислав "
        "Степан Юрий Ярослав Олександр Олексій Анатолій Андрій Артем Богдан Валерій Василь "
        "Віктор Віталій Володимир Вячеслав Геннадій Григорій Денис Дмитро Євген Іван Ігор "
        "Ілля Кирило Костянтин Максим Микола Михайло Олег Павло Петро Руслан Сергій Сергiй "
        "Тарас Юрій Ярослав"
    ).split()
)


def _after_given_name(text: str, folded: str, toks, i: int) -> bool:
    """The token at ``i`` follows a capitalised given name with one space between."""
    if i == 0:
        return False
    ps, pe, prev = toks[i - 1]
    return (
        prev in _GIVEN_NAMES
        and text[ps].isupper()
        and text[toks[i][0]].isupper()
        and folded[pe : toks[i][0]] == " "
    )


def find_places(text: str) -> list[PlaceMatch]:
    """Every place named in `text`, sorted by start, non-overlapping, longest match first."""
    forms, first = _index()
    folded = _fold(text)
    toks = [(m.start(), m.end(), m.group()) for m in _TOKEN.finditer(folded)]
    out: list[PlaceMatch] = []
    i, n = 0, len(toks)
    while i < n:
        s, e, tok = toks[i]
        longest = first.get(tok)
        if not longest:
            i += 1
            continue
        if _after_given_name(text, folded, toks, i):
            i += 1  # "Олег Николаев": a person
            continue
        # how many following tokens are joined to this one by a space/hyphen (rule 2)
        span = 1
        limit = min(longest, n - i)
        while span < limit:
            prev_tok = toks[i + span - 1][2]
            gap = folded[toks[i + span - 1][1] : toks[i + span][0]]
            if _JOIN_GAP.match(gap) or (prev_tok in _ABBREVIATIONS and _ABBR_GAP.match(gap)):
                span += 1
            else:
                break
        hit = None
        for k in range(span, 0, -1):
            key = tok if k == 1 else " ".join(t[2] for t in toks[i : i + k])
            entry = forms.get(key)
            if entry is not None:
                hit = (k, entry)
                break
        if hit is None:
            i += 1
            continue
        k, entry = hit
        end = toks[i + k - 1][1]
        if entry.kind != "stop":
            out.append(
                PlaceMatch(
                    start=s,
                    end=end,
                    text=text[s:end],
                    code=entry.code,
                    kind=entry.kind,
                    region_code=entry.region_code,
                    name_en=entry.name_en,
                    noun=entry.noun,
                    plural_noun=entry.plural_noun,
                    bare=entry.bare,
                    region_reading=entry.region_reading,
                    district_reading=entry.district_reading,
                    lang=entry.lang,
                    common_word=entry.common_word,
                )
            )
        i += k
    return out


@cache
def _claimant_index() -> dict[str, str]:
    return {
        normalise_key(form): code
        for names, code in _read_rows("claimants.tsv")
        for form in names.split("|")
    }


def region_from_claimant(name: str) -> str | None:
    """The region a claimant speaks for: "Governor of Bryansk Region" -> RU-BRY,
    "Михаил Развожаев — губернатор Севастополя" -> UA-40, "Мэр Москвы" -> RU-MOW.

    The first place named wins, a full name (with its noun, or a town) over a bare stem;
    seas and countries are ignored. Failing any place, a known official's surname
    ("Собянин" -> RU-MOW, "Bogomaz" -> RU-BRY) from claimants.tsv. None when nothing is known."""
    if not name:
        return None
    places = [p for p in find_places(name) if p.kind not in ("sea", "country")]
    for p in places:
        if not p.bare or p.kind == "city":
            return p.region_code
    if places:
        p = places[0]
        return p.region_reading or p.district_reading or p.region_code
    surnames = _claimant_index()
    toks = normalise_key(name).split(" ")
    for t in toks:
        if t in surnames:
            return surnames[t]
    return None


@cache
def _regions() -> tuple[Region, ...]:
    out = []
    for row in _read_rows("regions.tsv")[1:]:  # [0] is the header
        code, kind, name_en, name_ru, name_uk = row[:5]
        if kind == "sea":
            country = None
        elif kind == "country":
            country = code
        else:
            country = code[:2]
        out.append(Region(code, name_en, name_ru, name_uk, country, kind))
    return tuple(out)


@cache
def _region_codes() -> frozenset[str]:
    return frozenset(r.code for r in _regions())


def known_region(code: object) -> bool:
    """A code the gazetteer files claims under (a region, a country or a sea)."""
    return isinstance(code, str) and code in _region_codes()


def all_regions() -> list[Region]:
    """Every RU federal subject (83 ISO codes), every UA unit (27), the two countries and the seas."""
    return list(_regions())
