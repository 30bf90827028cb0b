"""Generate intercepts/extract/data/forms.tsv from the hand-written lists beside it.

Run after editing regions.tsv, places.tsv or stop_phrases.tsv:

    .venv/bin/python scripts/build_gazetteer.py

pymorphy3 (+ pymorphy3-dicts-uk) is needed only here: it is far too slow for the hot path (about
20k words/s) and is a dev dependency, so the runtime gazetteer reads the generated forms.tsv and
never imports it. The output is sorted and deterministic so a rebuild gives a reviewable diff.

Every generated key is the normalised token sequence of the phrase, produced by the SAME tokeniser
the runtime uses (intercepts.extract.gazetteer.normalise_key), so "Кам'янське", "Ростов-на-Дону" and
"Ростов на Дону" all agree with what find_places looks up.
"""

from __future__ import annotations

import csv
import itertools
import sys
from collections import defaultdict
from pathlib import Path

import pymorphy3

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from intercepts.extract.gazetteer import normalise_key  # noqa: E402  (shared tokeniser)

DATA = ROOT / "intercepts" / "extract" / "data"
RU = pymorphy3.MorphAnalyzer()
UK = pymorphy3.MorphAnalyzer(lang="uk")
MORPH = {"ru": RU, "uk": UK}
CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")
# pymorphy's second genitive/locative ("в Крыму", "с Крыму") count as the ordinary case.
CASE_ALIAS = {"gen2": "gent", "loc2": "loct", "acc2": "accs", "gen1": "gent", "loc1": "loct"}

# Region phrases whose last word is one of these nouns also give a bare adjective ("Курской").
REGION_HEADS = {
    "область",
    "край",
    "республика",
    "округ",
    "море",
    "полуостров",
    "республіка",
    "півострів",
}
NOT_IN_BARE = {"автономный", "автономная", "автономний", "автономна", "народная"}
KIND_NOUN = {
    "oblast": "oblast",
    "krai": "krai",
    "republic": "republic",
    "aokrug": "okrug",
    "aoblast": "oblast",
    "city": "city",
    "sea": "sea",
    "country": None,
}
# Abbreviations written after a region adjective: "Брянская обл.", "Брянской обл".
REGION_ABBR = {"oblast": ["обл"], "krai": [], "republic": ["респ"], "okrug": ["ао"]}

# English head nouns per kind: (singular, plural). "Region" is what agencies write for every kind.
EN_NOUNS = {
    "oblast": (["region", "oblast", "province"], ["regions", "oblasts", "provinces"]),
    "aoblast": (["region", "autonomous region", "autonomous oblast"], ["regions"]),
    "krai": (
        ["region", "krai", "kray", "territory", "province"],
        ["regions", "krais", "krays", "territories"],
    ),
    "republic": (["republic", "region"], ["republics", "regions"]),
    "aokrug": (
        ["autonomous okrug", "autonomous district", "autonomous area", "okrug", "region"],
        ["regions", "autonomous okrugs", "autonomous districts"],
    ),
    "city": (["city"], []),
    "sea": (["sea"], ["seas"]),
    "country": ([], []),
}
EN_DISTRICT_NOUNS = [
    ("district", "district", False),
    ("districts", "district", True),
    ("raion", "district", False),
    ("rayon", "district", False),
    ("municipal district", "district", False),
    ("municipal districts", "district", True),
    ("urban district", "okrug", False),
    ("urban districts", "okrug", True),
    ("okrug", "okrug", False),
    ("okrugs", "okrug", True),
    ("municipal okrug", "okrug", False),
    ("urban okrug", "okrug", False),
    ("municipal okrugs", "okrug", True),
    ("urban okrugs", "okrug", True),
    ("municipality", "okrug", False),
    ("municipalities", "okrug", True),
    ("area", "district", False),
    ("areas", "district", True),
]

# Priority when two entries produce the same key (lower wins). A full region name beats a town
# spelled the same ("Запоріжжя" is the oblast's everyday name and the city's), a town beats a
# bare stem ("Moscow" on its own is the city; its region reading is kept in region_reading),
# a bare region/sea stem beats a bare district adjective ("Азовского" -> the sea, with the
# Rostov district kept in district_reading).
PRI_STOP, PRI_REGION, PRI_CITY, PRI_DISTRICT_FULL, PRI_REGION_BARE, PRI_DISTRICT_BARE = range(6)

FIELDS = [
    "key",
    "code",
    "kind",
    "region_code",
    "name_en",
    "noun",
    "plural_noun",
    "bare",
    "region_reading",
    "district_reading",
    "lang",
    "common_word",
]


def read_tsv(name: str) -> list[list[str]]:
    rows = []
    with open(DATA / name, encoding="utf-8") as fh:
        for line in fh:
            line = line.rstrip("\n")
            if not line or line.startswith("#") or line.startswith("code\t"):
                continue
            rows.append(line.split("\t"))
    return rows


def split(field: str) -> list[str]:
    return [] if field in ("", "-") else [x.strip() for x in field.split("|") if x.strip()]


# ---------------------------------------------------------------- morphology helpers


def is_plur(tag) -> bool:
    return "plur" in tag.grammemes


def choose_parse(lang: str, word: str, pos: str | None = None):
    """The parse of a nominative dictionary form: prefer the wanted part of speech, a
    geographical name, and a nominative reading of exactly this spelling."""
    parses = MORPH[lang].parse(word)

    def rank(p):
        t = p.tag
        return (
            0 if (pos is None or t.POS == pos) else 1,
            0 if "nomn" in t.grammemes else 1,
            0 if "Geox" in t.grammemes else 1,
            0 if p.word == word else 1,
            -p.score,
        )

    return sorted(parses, key=rank)[0]


def case_forms(
    lang: str, word: str, *, number: str | None, gender: str | None, pos: str | None = None
) -> dict[str, set[str]]:
    """Every spelling of `word` per case, in the given number (and gender, for adjectives in
    the singular). The dictionary form itself is always kept as a nominative."""
    p = choose_parse(lang, word, pos)
    out: dict[str, set[str]] = defaultdict(set)
    out["nomn"].add(word)
    if p.tag.POS not in ("NOUN", "ADJF", "PRTF", "NUMR"):
        for c in CASES:
            out[c].add(word)
        return out
    if "Fixd" in p.tag.grammemes:  # indeclinable: Шебекино, Сочи, Туапсе
        for c in CASES:
            out[c].add(word)
        return out
    for f in p.lexeme:
        t = f.tag
        case = CASE_ALIAS.get(t.case, t.case)
        if case not in CASES:
            continue
        if number == "plur" and not is_plur(t):
            continue
        if number == "sing" and is_plur(t):
            continue
        if (
            gender
            and number != "plur"
            and t.POS in ("ADJF", "PRTF")
            and t.gender
            and t.gender != gender
        ):
            continue
        out[case].add(f.word)
    return out


def head_info(lang: str, word: str):
    p = choose_parse(lang, word, "NOUN")
    gender = p.tag.gender
    number = "plur" if is_plur(p.tag) else "sing"
    return p, gender, number


def phrase_forms(lang: str, phrase: str) -> dict[tuple[str, str], list[str]]:
    """Inflect a phrase word by word: words marked "=" stay as written, the head noun (the last
    declinable noun) takes each case, adjectives agree with it. Returns
    {(case, 'sing'|'plur'): [phrase, ...]}; the plural row keeps the adjectives singular and puts
    only the noun in the plural, as lists do ("Курской и Воронежской областей")."""
    words = phrase.split()
    fixed = [w.startswith("=") for w in words]
    bare = [w.lstrip("=") for w in words]
    head = None
    for i in range(len(bare) - 1, -1, -1):
        if fixed[i]:
            continue
        if (
            choose_parse(lang, bare[i], "NOUN").tag.POS == "NOUN"
            and choose_parse(lang, bare[i]).tag.POS != "ADJF"
        ):
            head = i
            break
    if head is None:  # an adjective-declined name: Жуковский, Раменское, Долгопрудный
        p = choose_parse(lang, bare[-1], "ADJF")
        gender, number = p.tag.gender, ("plur" if is_plur(p.tag) else "sing")
    else:
        _, gender, number = head_info(lang, bare[head])
    per_word_sing = []
    per_word_plur = []
    for i, w in enumerate(bare):
        if fixed[i]:
            per_word_sing.append({c: {w} for c in CASES})
            per_word_plur.append({c: {w} for c in CASES})
            continue
        if i == head:
            per_word_sing.append(case_forms(lang, w, number=number, gender=None, pos="NOUN"))
            per_word_plur.append(case_forms(lang, w, number="plur", gender=None, pos="NOUN"))
        else:
            p = choose_parse(lang, w)
            if p.tag.POS in ("ADJF", "PRTF"):
                per_word_sing.append(
                    case_forms(lang, w, number=number, gender=gender, pos=p.tag.POS)
                )
                per_word_plur.append(per_word_sing[-1])  # adjectives stay singular in lists
            else:  # a second noun (Ханты-Мансийск): inflect on its own
                f = case_forms(lang, w, number=None, gender=None, pos=p.tag.POS)
                per_word_sing.append(f)
                per_word_plur.append(f)
    out: dict[tuple[str, str], list[str]] = {}
    for c in CASES:
        out[(c, "sing")] = [
            " ".join(x)
            for x in itertools.product(*[sorted(pw[c]) for pw in per_word_sing])
            if all(x)
        ]
        if head is not None and head == len(bare) - 1 and number == "sing":
            out[(c, "plur")] = [
                " ".join(x)
                for x in itertools.product(*[sorted(pw[c]) for pw in per_word_plur])
                if all(x)
            ]
    return out, head, gender


def adjective_forms(lang: str, adj: str, gender: str) -> set[str]:
    """Singular forms of an adjective (possibly with fixed prefixes "=ханты мансийский")."""
    words = adj.split()
    per = []
    for w in words:
        if w.startswith("="):
            per.append({w[1:]})
        else:
            fs = case_forms(lang, w, number="sing", gender=gender, pos="ADJF")
            per.append(set().union(*fs.values()))
    return {" ".join(x) for x in itertools.product(*[sorted(p) for p in per])}


def adjective_case_forms(lang: str, adj: str, gender: str = "masc") -> dict[str, set[str]]:
    words = adj.split()
    res: dict[str, set[str]] = {}
    per = []
    for w in words:
        if w.startswith("="):
            per.append({c: {w[1:]} for c in CASES})
        else:
            per.append(case_forms(lang, w, number="sing", gender=gender, pos="ADJF"))
    for c in CASES:
        res[c] = {" ".join(x) for x in itertools.product(*[sorted(p[c]) for p in per])}
    return res


# ---------------------------------------------------------------- entry collection

ENTRIES: dict[str, list[tuple[int, dict]]] = defaultdict(list)


def add(text: str, pri: int, **entry) -> None:
    key = normalise_key(text)
    if not key:
        return
    entry.setdefault("noun", None)
    entry.setdefault("plural_noun", False)
    entry.setdefault("bare", False)
    entry.setdefault("region_reading", None)
    entry.setdefault("district_reading", None)
    entry.setdefault("common_word", False)
    ENTRIES[key].append((pri, entry))


def build_regions() -> None:
    for row in read_tsv("regions.tsv"):
        (
            code,
            kind,
            name_en,
            _name_ru,
            _name_uk,
            en_stems,
            en_aliases,
            ru_patterns,
            ru_aliases,
            uk_patterns,
            uk_aliases,
        ) = row
        region_kind = (
            "city"
            if kind == "city"
            else ("sea" if kind == "sea" else "country" if kind == "country" else "region")
        )
        base = dict(code=code, kind=region_kind, region_code=code, name_en=name_en)
        noun_kind = KIND_NOUN[kind]
        # ---- English
        sing, plur = EN_NOUNS[kind]
        for stem in split(en_stems):
            no_bare = stem.startswith("!")
            stem = stem.lstrip("!")
            if not no_bare and kind != "country":
                reading = code if region_kind != "city" else None
                add(
                    stem,
                    PRI_REGION_BARE if region_kind != "city" else PRI_CITY,
                    **base,
                    lang="en",
                    bare=True,
                    region_reading=reading,
                )
            for n in sing:
                add(f"{stem} {n}", PRI_REGION, **base, lang="en", noun=noun_kind)
            for n in plur:
                add(f"{stem} {n}", PRI_REGION, **base, lang="en", noun=noun_kind, plural_noun=True)
            if kind in ("republic", "sea", "city"):
                word = {"republic": "republic", "sea": "sea", "city": "city"}[kind]
                add(f"{word} of {stem}", PRI_REGION, **base, lang="en", noun=noun_kind)
        for alias in split(en_aliases):
            add(alias, PRI_REGION, **base, lang="en", noun=noun_kind)
        # ---- Russian / Ukrainian
        for lang, patterns, aliases in (
            ("ru", ru_patterns, ru_aliases),
            ("uk", uk_patterns, uk_aliases),
        ):
            for pat in split(patterns):
                forms, head, gender = phrase_forms(lang, pat)
                for (_case, num), phrases in forms.items():
                    for ph in phrases:
                        add(
                            ph,
                            PRI_REGION,
                            **base,
                            lang=lang,
                            noun=noun_kind,
                            plural_noun=(num == "plur"),
                        )
                words = pat.split()
                # Bare adjective only for "<adjective(s)> <region noun>": "Курской" from
                # "курская область", "Краснодарского" from "краснодарский край".
                if (
                    head is None
                    or head != len(words) - 1
                    or head == 0
                    or words[head].lstrip("=") not in REGION_HEADS
                    or region_kind == "country"
                ):
                    continue
                adj_words = [w for w in words[:head] if w.lstrip("=") not in NOT_IN_BARE]
                if not adj_words:
                    continue
                adj = " ".join(adj_words)
                if lang == "ru":  # "Брянская обл.", "Брянской обл"
                    for abbr in REGION_ABBR.get(noun_kind or "", []):
                        for a in adjective_forms(lang, adj, gender):
                            add(f"{a} {abbr}", PRI_REGION, **base, lang=lang, noun=noun_kind)
                for a in adjective_forms(lang, adj, gender):
                    add(a, PRI_REGION_BARE, **base, lang=lang, bare=True, region_reading=code)
            for alias in split(aliases):
                if alias.startswith("=") and " " not in alias:
                    add(alias[1:], PRI_REGION, **base, lang=lang)
                    continue
                forms, _, _ = phrase_forms(lang, alias)
                for (_case, num), phrases in forms.items():
                    if num == "sing":
                        for ph in phrases:
                            add(ph, PRI_REGION, **base, lang=lang)
            if kind == "city":
                add_city_nouns(lang, [a for a in split(aliases)], base, PRI_REGION)


CITY_WORD = {"ru": "город", "uk": "місто"}
CITY_ABBR = {"ru": ["г", "гор"], "uk": ["м"]}
URBAN_OKRUG = {"ru": "городской округ", "uk": None}


def add_city_nouns(lang: str, names: list[str], base: dict, pri: int) -> None:
    """'в городе Новошахтинске', 'города Москвы', 'г. Старый Оскол', 'м. Суми'."""
    city_forms = case_forms(lang, CITY_WORD[lang], number="sing", gender=None, pos="NOUN")
    for name in names:
        if name.startswith("=") and " " not in name:
            nforms = {c: {name[1:]} for c in CASES}
        else:
            forms, _, _ = phrase_forms(lang, name)
            nforms = {c: set(forms.get((c, "sing"), [])) for c in CASES}
        nomn = nforms["nomn"]
        every = set().union(*nforms.values())
        for c in CASES:
            for cw in city_forms[c]:
                for n in nforms[c] | nomn:
                    add(f"{cw} {n}", pri, **base, lang=lang, noun="city")
        for abbr in CITY_ABBR[lang]:
            for n in every:
                add(f"{abbr} {n}", pri, **base, lang=lang, noun="city")


def build_places() -> None:
    ru_district_nouns = []  # (noun phrase per case, noun label, plural)
    for noun, label in (("район", "district"), ("округ", "okrug")):
        s = case_forms("ru", noun, number="sing", gender=None, pos="NOUN")
        p = case_forms("ru", noun, number="plur", gender=None, pos="NOUN")
        for mod in (None, "муниципальный", "городской"):
            for c in CASES:
                if mod and noun == "район" and mod == "городской":
                    continue
                ms = (
                    case_forms("ru", mod, number="sing", gender="masc", pos="ADJF")[c]
                    if mod
                    else {""}
                )
                mp = (
                    case_forms("ru", mod, number="plur", gender=None, pos="ADJF")[c]
                    if mod
                    else {""}
                )
                for m in ms:
                    for n in s[c]:
                        ru_district_nouns.append((c, f"{m} {n}".strip(), label, False))
                for m in mp:
                    for n in p[c]:
                        ru_district_nouns.append((c, f"{m} {n}".strip(), label, True))
    ru_abbr = [
        ("р н", "district"),
        ("р не", "district"),
        ("рн", "district"),
        ("го", "okrug"),
        ("мо", "okrug"),
        ("г о", "okrug"),
        ("м о", "okrug"),
        ("мр", "district"),
        ("муниципальный район", "district"),
    ]
    uk_district_nouns = []
    s = case_forms("uk", "район", number="sing", gender=None, pos="NOUN")
    p = case_forms("uk", "район", number="plur", gender=None, pos="NOUN")
    for c in CASES:
        uk_district_nouns += [(c, n, "district", False) for n in s[c]]
        uk_district_nouns += [(c, n, "district", True) for n in p[c]]

    for row in read_tsv("places.tsv"):
        region, kind, name_en, en_names, ru, uk, flags = row
        flags_s = set(split(flags.replace(",", "|")))

        def common(lang: str, flags_s: set[str] = flags_s) -> bool:
            return "common" in flags_s or f"common_{lang}" in flags_s

        if kind == "city":
            base = dict(code=region, kind="city", region_code=region, name_en=name_en)
            for name in split(en_names):
                add(name, PRI_CITY, **base, lang="en", common_word=common("en"))
                add(f"city of {name}", PRI_CITY, **base, lang="en", noun="city")
                add(f"town of {name}", PRI_CITY, **base, lang="en", noun="city")
            for lang, names in (("ru", split(ru)), ("uk", split(uk))):
                for name in names:
                    forms, _, _ = phrase_forms(lang, name)
                    for (_case, num), phrases in forms.items():
                        if num != "sing":
                            continue
                        for ph in phrases:
                            add(ph, PRI_CITY, **base, lang=lang, common_word=common(lang))
                    if lang == "ru":  # "городской округ Домодедово", "г.о. Подольск"
                        okr = case_forms(
                            "ru", "городской", number="sing", gender="masc", pos="ADJF"
                        )
                        okn = case_forms("ru", "округ", number="sing", gender=None, pos="NOUN")
                        nom = forms[("nomn", "sing")]
                        for c in CASES:
                            for a in okr[c]:
                                for n in okn[c]:
                                    for nm in nom:
                                        add(
                                            f"{a} {n} {nm}",
                                            PRI_CITY,
                                            **{**base, "kind": "district"},
                                            lang="ru",
                                            noun="okrug",
                                        )
                        for nm in nom:
                            add(
                                f"го {nm}",
                                PRI_CITY,
                                **{**base, "kind": "district"},
                                lang="ru",
                                noun="okrug",
                            )
                            add(
                                f"г о {nm}",
                                PRI_CITY,
                                **{**base, "kind": "district"},
                                lang="ru",
                                noun="okrug",
                            )
                add_city_nouns(lang, names, base, PRI_CITY)
        elif kind == "district":
            base = dict(code=region, kind="district", region_code=region, name_en=name_en)
            for stem in split(en_names):
                add(
                    stem,
                    PRI_DISTRICT_BARE,
                    **base,
                    lang="en",
                    bare=True,
                    district_reading=region,
                    common_word=common("en"),
                )
                for n, label, plural in EN_DISTRICT_NOUNS:
                    add(
                        f"{stem} {n}",
                        PRI_DISTRICT_FULL,
                        **base,
                        lang="en",
                        noun=label,
                        plural_noun=plural,
                    )
            for lang, adjs, nouns in (
                ("ru", split(ru), ru_district_nouns),
                ("uk", split(uk), uk_district_nouns),
            ):
                for adj in adjs:
                    aforms = adjective_case_forms(lang, adj, "masc")
                    for a in set().union(*aforms.values()):
                        add(
                            a,
                            PRI_DISTRICT_BARE,
                            **base,
                            lang=lang,
                            bare=True,
                            district_reading=region,
                            common_word=common(lang),
                        )
                    for c, noun, label, plural in nouns:
                        for a in aforms[c]:
                            add(
                                f"{a} {noun}",
                                PRI_DISTRICT_FULL,
                                **base,
                                lang=lang,
                                noun=label,
                                plural_noun=plural,
                            )
                    if lang == "ru":
                        for a in set().union(*aforms.values()):
                            for abbr, label in ru_abbr:
                                add(f"{a} {abbr}", PRI_DISTRICT_FULL, **base, lang=lang, noun=label)
        else:
            raise SystemExit(f"unknown kind in places.tsv: {row}")


def build_stops() -> None:
    """Phrases that look like a place but are not one ("Moscow time", "Kyiv regime",
    "Черноморский флот"): they are matched so that the place inside them is consumed."""
    for lang, phrase in read_tsv("stop_phrases.tsv"):
        if lang == "en":
            add(phrase, PRI_STOP, code="", kind="stop", region_code="", name_en="", lang=lang)
            continue
        forms, _, _ = phrase_forms(lang, phrase)
        for (_case, _num), phrases in forms.items():
            for ph in phrases:
                add(ph, PRI_STOP, code="", kind="stop", region_code="", name_en="", lang=lang)


def resolve() -> tuple[list[dict], list[str]]:
    out = []
    notes = []
    for key, cands in sorted(ENTRIES.items()):
        cands.sort(key=lambda pc: pc[0])
        best_pri, best = cands[0]
        # Same priority and a different code: a real ambiguity. Keep the first (regions.tsv
        # before places.tsv, file order), and report it so it gets a decision in the data.
        rivals = {e["code"] for p, e in cands if p == best_pri and e["code"] != best["code"]}
        if rivals:
            notes.append(f"{key!r}: {best['code']} over {sorted(rivals)}")
        e = dict(best)
        e["key"] = key
        region_readings = {c["region_reading"] for _, c in cands if c.get("region_reading")}
        district_readings = {c["district_reading"] for _, c in cands if c.get("district_reading")}
        if best["kind"] != "stop":
            if not e["region_reading"] and len(region_readings) == 1:
                e["region_reading"] = next(iter(region_readings))
            if not e["district_reading"]:
                if len(district_readings) == 1:
                    e["district_reading"] = next(iter(district_readings))
                elif len(district_readings) > 1:
                    notes.append(
                        f"{key!r}: district in {sorted(district_readings)}; no district reading"
                    )
            e["bare"] = bool(e["bare"] or any(c["bare"] for _, c in cands))
            e["common_word"] = bool(e["common_word"] or any(c["common_word"] for _, c in cands))
        out.append(e)
    return out, notes


def main() -> None:
    build_regions()
    build_places()
    build_stops()
    rows, notes = resolve()
    path = DATA / "forms.tsv"
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write(
            "# GENERATED by scripts/build_gazetteer.py from regions.tsv, places.tsv and "
            "stop_phrases.tsv; do not edit by hand.\n"
        )
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(FIELDS)
        for e in rows:
            w.writerow(
                [
                    e["key"],
                    e["code"],
                    e["kind"],
                    e["region_code"],
                    e["name_en"],
                    e["noun"] or "",
                    int(e["plural_noun"]),
                    int(e["bare"]),
                    e["region_reading"] or "",
                    e["district_reading"] or "",
                    e["lang"],
                    int(e["common_word"]),
                ]
            )
    (DATA / "build_notes.txt").write_text(
        "# Keys claimed by more than one place; the first code was kept. GENERATED.\n"
        + "\n".join(notes)
        + "\n",
        encoding="utf-8",
    )
    print(f"wrote {len(rows)} forms to {path.relative_to(ROOT)}; {len(notes)} ambiguity notes")


if __name__ == "__main__":
    main()
