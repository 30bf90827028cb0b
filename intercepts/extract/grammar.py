"""The statement grammar inside one unit: which numbers are counts, which places and
directions belong to which count.

**Counts.** A number is a count of weapons when it is followed, past adjectives only,
by a weapon noun ("73 Ukrainian drones", "124 украинских беспилотных летательных
аппарата", "57 ударними БпЛА"), or when it heads a list item or a place phrase
("29 – над территорией Брянской области", "15 over the Oryol Region"), or it is
tied to an earlier count ("17 из которых сбиты", "three of which", "в том числе 3",
"another three", "one more"), or it is the figure of a noun said before ("The Defense
Ministry later put the overnight figure nationwide at 127"). Everything else is left alone: clock times and dates
(masked), hits ("Зафіксовано влучання 5 ракет та 17 БпЛА на 8 локаціях", "two drones hit an
oil depot"), a split by model ("Близько 60 з них — «Шахеди»"), years ("За 2025 год над Брянской областью", "в 2024 над"), "34 раза", "в ходе 4 обстрелов", "4 взрывных устройства", "двое мужчин 45 и
63 лет", "крыши трёх домов", "в 4 районах", "112".
A weapon named in the singular with no figure, standing as a member of a list of
counted weapons, is a count of one ("сбиты 6 управляемых авиабомб JDAM, ...,
противорадиолокационная ракета HARM и 128 беспилотных летательных аппаратов").

**Places to counts.** Place phrases standing together are one group ("над территориями
Белгородской, Курской областей и над акваторией Черного моря" is one group of three).
The unit is cut into segments at commas, semicolons, colons and "while"/"а"; then

1. in a segment, a group belongs to the nearest count before it, or to the first count
   when it comes first ("Над Ровеньским округом сбиты 3 беспилотника",
   "the Moscow Region saw 10 drones shot down");
2. a count left without places takes the place-only segment right before it
   ("The Oryol Region followed closely, with 17 drones neutralized"; "... in the Bryansk
   Region, where 31 drones were destroyed");
3. then the nearest unclaimed group earlier in the unit with no count between
   ("В Шебекинском округе по городу ... нанесены удары 41 беспилотника").

4. then a place-only segment right after it ("Два беспилотника были подавлены ... и,
   потеряв управление, потерпели крушение на территории Московской области"), unless
   that segment speaks of a share: "intercepted 25 drones, most of them over the Bryansk
   region" is a total of 25, not 25 over Bryansk, or of an event at a place: "shot down more
   than 100 Ukrainian drones overnight, days before the Victory Day parade in Moscow" is a
   total, not 100 over Moscow.

5. two counts of different weapons joined by "и"/"and" share the place said once,
   after both or before both ("4 крылатые ракеты «Storm Shadow» и 2 управляемые
   авиационные бомбы JDAM над территорией Курской области": both over Kursk), also when
   the second has a verb of its own ("над территорией Курской области ... сбиты 2
   оперативно-тактические ракеты ATACMS ... и перехвачены 15 ... беспилотных летательных
   аппаратов": both over Kursk), and a longer list "A, B и C" with the place after the last
   ("4 управляемые ракеты «Нептун-МД», 6 управляемых авиационных бомб JDAM и 46 беспилотных
   ... над территориями Брянской, Курской, Белгородской областей и Республики Крым": each
   one count over the four regions).

A direction ("летевших на Москву", "en route to the capital") is never a place of the
group: it marks a subset (or, with no count to be a subset of, the target region).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from intercepts.extract import lexicon
from intercepts.extract.fastre import gated
from intercepts.extract.gazetteer import PlaceMatch
from intercepts.extract.numbers import NumberMatch, find_numbers

_SEPARATOR_RE = re.compile(r"[,;:()]|\s(?:while|whereas|but|а|but)\s", re.IGNORECASE)
_CONNECTOR_RE = re.compile(
    r"^(?:[\s,&]|и\b|та\b|й\b|and\b|а\s+также\b|as\s+well\s+as\b|над\b|в\b|во\b|на\b|у\b|over\b|above\b|in\b|"
    r"the\b|территори\w*|акватори\w*|районами\b|regions\b|областями\b|\s)*$",
    re.IGNORECASE,
)
_PLACE_PREP_RE = re.compile(
    r"^\s*(?:[–—-]\s*|:\s*)?(?:(?:были\s+|was\s+|were\s+)?\w+\s+)?(?:над|в|во|на|у|під|по|over|above|in|near|across|off)\b",
    re.IGNORECASE,
)
_UNKNOWN_PLACE_RE = gated(
    r"\b[А-ЯЁ][а-яё-]+(?:ской|цкой|ской|ая|ую|ой)\s+(?:област\w+|кра[йяею]\w*|республик\w+)"
    r"|\b(?:Республик\w+)\s+[А-ЯЁ][а-яё-]+"
    r"|\b[А-ЯІЇЄҐ][а-яіїєґ'’-]+(?:ській|цькій|ської|ську|ська)\s+област\w+"
    r"|\b(?!(?:Russian|Ukrainian|Russia|Ukraine|The|This|That|Border|Frontline|Capital|Every|Each|Whole|Entire|Same)\b)"
    r"[A-Z][a-z-]+\s+(?:[Rr]egion|[Oo]blast|[Kk]rai|Territory|Republic)\b",
)


# a year after a preposition: "в 2024", "since 2022", "in 2025"
_YEAR_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?:в|во|у|за|с|со|з|із|in|since|during|until)\s+$",
    re.IGNORECASE,
)

_FIGURE_AT_RE = re.compile(
    r"\b(?:(?:put|puts|putting|placed|estimated)\s+(?:the|its|their|his|her)\s+(?:\S+\s+){0,2}?"
    r"(?:figure|total|number|tally|count)\s+(?:\S+\s+){0,4}?at"
    r"|(?:bringing|brought|taking|took)\s+(?:the|its|their)\s+(?:\S+\s+){0,2}?(?:total|tally|number|count)\s+to"
    r"|(?:figure|total|tally|number)\s+(?:stood|stands|rose|reached)(?:\s+at)?)\s*$",
    re.IGNORECASE,
)

_CITY_SUBJECTS = ("RU-MOW", "RU-SPE", "UA-40", "UA-30")  # cities that are regions themselves


# "Московский регион" is the city and its oblast together (the Ministry's "22 – над
# территорией Московского региона, в том числе 19, летевших на Москву"): two subjects, one
# count. In English "the Moscow region" is the oblast alone (the gazetteer's reading).
_MOSCOW_AREA_RE = re.compile(
    r"\b[Мм]осковск(?:ий|ого|ому|им|ом)\s+регион\w*|\b[Мм]осковськ(?:ий|ого|ому|им|ім)\s+регіон\w*"
)


# "19 over the region around the Russian capital Moscow", "the region surrounding Moscow":
# the oblast, not the city
_AROUND_MOSCOW_RE = re.compile(
    r"\bregion\s+(?:around|surrounding)\s+(?:the\s+)?(?:Russian\s+)?(?:capital(?:,\s*|\s+))?Moscow\b"
)


def _region_around_moscow(text: str, places: list[PlaceMatch]) -> list[PlaceMatch]:
    spans = [(m.start(), m.end(), m.group()) for m in _AROUND_MOSCOW_RE.finditer(text)]
    if not spans:
        return places
    kept = [p for p in places if not any(s <= p.start < e for s, e, _ in spans)]
    extra = [
        PlaceMatch(
            s,
            e,
            t,
            "RU-MOS",
            "region",
            "RU-MOS",
            "Moscow Region",
            "region",
            False,
            False,
            None,
            None,
            "en",
        )
        for s, e, t in spans
    ]
    return sorted(kept + extra, key=lambda p: p.start)


def metro_areas(text: str, places: list[PlaceMatch]) -> list[PlaceMatch]:
    """``places`` with "Московский регион" read as RU-MOW and RU-MOS (same span, so the
    two form one group and the count over them one 'regions' claim)."""
    if "oscow" in text:
        places = _region_around_moscow(text, places)
    if "осковск" not in text:
        return places
    extra = []
    for m in _MOSCOW_AREA_RE.finditer(text):
        if any(p.start < m.end() and m.start() < p.end for p in places):
            continue
        for code, kind, name in (
            ("RU-MOW", "city", "Moscow"),
            ("RU-MOS", "region", "Moscow Region"),
        ):
            extra.append(
                PlaceMatch(
                    m.start(),
                    m.end(),
                    m.group(),
                    code,
                    kind,
                    code,
                    name,
                    "region",
                    False,
                    False,
                    None,
                    None,
                    "ru",
                )
            )
    return sorted(places + extra, key=lambda p: p.start) if extra else places


@dataclass
class Group:
    start: int
    end: int
    places: list[PlaceMatch]
    unknown: list[tuple[int, int, str]] = field(default_factory=list)
    owner: int | None = None  # index of the count it belongs to

    def codes(self) -> list[str]:
        plural = any(p.plural_noun for p in self.places)
        out: list[str] = []
        for p in self.places:
            if p.kind == "country":
                continue
            code = (
                p.region_reading
                if (p.bare and plural and p.region_reading)
                else p.region_code or p.code
            )
            if (
                p.bare
                and p.district_reading
                and any(pp.kind == "district" and pp.plural_noun for pp in self.places)
            ):
                code = p.district_reading
            if code and code not in out:
                out.append(code)
        return out

    def districts(self) -> list[str]:
        out = []
        for p in self.places:
            if p.kind == "district" or (p.kind == "city" and p.code not in _CITY_SUBJECTS):
                name = re.sub(
                    r"\s+(?:District|Urban\s+Okrug|Okrug|Municipal\s+Okrug|City)$", "", p.name_en
                )
                out.append(name)
        return out

    def names_raw(self) -> list[str]:
        return list(dict.fromkeys(p.text for p in self.places)) + [u[2] for u in self.unknown]


@dataclass
class Direction:
    start: int
    end: int
    target: str


@dataclass
class Count:
    number: NumberMatch
    weapon: str | None
    seg: int
    distributive: bool = False
    of_parent: bool = False
    another: bool = False
    strong: bool = False
    groups: list[Group] = field(default_factory=list)
    direction: Direction | None = None
    action: str | None = None
    fixed_action: str | None = None  # set by the grammar itself ("40 of 49 drones": 49 launched)
    share_of: bool = False  # the 40 of "40 of 49 drones": never the launched count
    place_before: bool = False  # "the Kaluga region for 11": its place is the one just before

    @property
    def start(self) -> int:
        return self.number.start


def mask(text: str, spans: list[tuple[int, int]]) -> str:
    """``text`` with the given spans blanked out (same length, so spans stay valid)."""
    chars = list(text)
    for s, e in spans:
        for i in range(max(s, 0), min(e, len(chars))):
            if not chars[i].isspace():
                chars[i] = "#"
    return "".join(chars)


def find_weapons(text: str) -> list[tuple[int, int, str]]:
    """The weapons a text names, never the defender's or the launcher's ("зенітними ракетними
    підрозділами", "літаками-винищувачами", "з бомбардувальника Ту-22М3":
    `lexicon.NOT_A_TARGET_RE`)."""
    found = [(m.start(), m.end(), lexicon.weapon_of(m)) for m in lexicon.WEAPON_RE.finditer(text)]
    if not found:
        return found
    defenders = [m.span() for m in lexicon.NOT_A_TARGET_RE.finditer(text)]
    if not defenders:
        return found
    return [w for w in found if not any(s <= w[0] < e for s, e in defenders)]


def find_verbs(text: str) -> list[tuple[int, int, str]]:
    """Predicate verbs with their action; a shot-down verb next to a suppressed one
    ("сбиты и подавлены", "збито/подавлено") becomes one 'shot_down_or_suppressed'."""
    verbs = [
        (m.start(), m.end(), lexicon.action_of(m))
        for m in lexicon.VERB_RE.finditer(text)
        if not lexicon.ATTRIBUTIVE_RE.match(text[m.end() :])
        or not _determiner_before(text, m.start())
    ]
    merged: list[tuple[int, int, str]] = []
    for v in verbs:
        if merged:
            p = merged[-1]
            pair = {p[2], v[2]}
            gap = text[p[1] : v[0]]
            if pair in (
                {"shot_down", "suppressed"},
                {"intercepted", "suppressed"},
            ) and re.fullmatch(r"\s*(?:/|и|і|та|or|and|або|или|,)?\s*", gap, re.IGNORECASE):
                merged[-1] = (p[0], v[1], "shot_down_or_suppressed")
                continue
            if pair == {"intercepted", "shot_down"} and re.fullmatch(
                r"\s*(?:и|і|та|and|/)\s*", gap, re.IGNORECASE
            ):
                merged[-1] = (p[0], v[1], p[2])
                continue
        merged.append(v)
    return merged


def _hit(masked: str, start: int, after: str) -> bool:
    """A hit noun before the count in its clause with no verb between ("Зафіксовано влучання
    5 ракет та 17 БпЛА", "hits by 3 missiles"), or a hit verb right after its noun ("two
    drones hit a warehouse"): the count is of hits, not of interceptions."""
    clause = masked[max(0, start - 80) : start]
    m = lexicon.HIT_BEFORE_RE.search(clause)
    if m and not lexicon.VERB_RE.search(clause[m.start() :]):
        return True
    return bool(lexicon.HIT_AFTER_RE.match(after))


def _determiner_before(text: str, pos: int) -> bool:
    """ "a downed drone", "the destroyed UAVs", "from intercepted drones": an adjective."""
    return bool(
        re.search(
            r"(?:^|\W)(?:a|an|the|from|of|by|with|two|several|these|those)\s+$",
            text[max(0, pos - 12) : pos],
            re.IGNORECASE,
        )
    )


_FROM_BEFORE_RE = re.compile(
    r"(?:^|[\s,.(])(?:з|із|из)\s+$|(?:^|[.;]\s*)of\s+(?:the\s+)?$", re.IGNORECASE
)
_ALREADY_REPORTED_RE = re.compile(
    r"[^,.;:]{0,40},\s*(?:о\s+которых|про\s+які|which\s+(?:I|we)\s+(?:reported|wrote|mentioned))"
    r"\s+(?:\w+\s+){0,2}?(?:писал|сообщал|сообщалось|говорил|писав|повідомляв|повідомлялося|earlier)",
    re.IGNORECASE,
)


def find_counts(
    text: str, masked: str, weapons, places: list[PlaceMatch], numbers: list | None = None
) -> list[Count]:
    """Numbers of ``masked`` (time spans blanked) that are counts of weapons
    (``numbers``: ``find_numbers(masked)`` when the caller has it already)."""
    counts: list[Count] = []
    place_starts = [p.start for p in places]
    if numbers is None:
        numbers = find_numbers(masked)
    by_start = {n.start: n for n in numbers}
    totals_of: set[int] = set()  # "40 of 49 drones": 49 is what was launched
    verb_ends = list(lexicon.VERB_RE.finditer(masked))
    for n in numbers:
        if n.is_word and n.value == 1 and _EVERY_BEFORE_RE.search(masked, 0, n.start):
            continue  # "shot down every one of the 35 Shahed drones": the 35 is the count
        after = masked[n.end :]
        before = masked[max(0, n.start - 40) : n.qualified_start or n.start]
        value, end = n.value, n.end
        one_more = lexicon.ONE_MORE_RE.match(after)
        if one_more and n.value == 1:
            after = after[one_more.end() :]
            end = n.end + one_more.end()
        weapon = _weapon_after(masked, end, weapons)
        of_number = re.match(r"\s+(?:of|out\s+of|из|з|із)\s+(?:the\s+)?", after, re.IGNORECASE)
        partner = by_start.get(end + of_number.end()) if of_number else None
        share_of = False
        if partner is not None and not weapon:
            weapon = _weapon_after(masked, partner.end, weapons)
            if weapon:
                totals_of.add(partner.start)
                share_of = True
        elif of_number and not weapon and re.match(r"\s+of\s+the\s", after, re.IGNORECASE):
            # "destroyed both missiles and 22 of the drones": a share of the drones
            weapon = _weapon_after(masked, end + of_number.end(), weapons)
        if not weapon and lexicon.NON_COUNT_AFTER_RE.match(after):
            continue  # "34 раза", "За 2025 год над Брянской областью": no count
        if _ALREADY_REPORTED_RE.match(after):
            continue  # "помимо двух БПЛА, о которых я писал утром": an earlier post's figure
        if _hit(masked, n.start, after):
            continue  # "Зафіксовано влучання 5 ракет та 17 БпЛА": hits, no interception
        if (
            not weapon
            and _YEAR_BEFORE_RE.search(before)
            and 1900 <= n.value <= 2100
            and not n.is_word
        ):
            continue  # "в 2024 над ...", "since 2022 over ...": a year
        of_after = lexicon.OF_AFTER_RE.match(after)
        # "Близько 60 з них — «Шахеди»", "(41 із них - реактивні)": the figure before split
        # by model or kind, a subset of it (its action, its scope), never a figure of its own
        of_before = lexicon.OF_BEFORE_RE.search(before)
        another = bool(lexicon.ANOTHER_RE.search(before)) or bool(one_more)
        prep = _PLACE_PREP_RE.match(after)
        place_follows = bool(prep) and any(0 <= s - end - prep.end() < 30 for s in place_starts)
        dash_item = bool(
            re.match(r"^(?:\s*[–—]|\s+-)\s*\S", after)
        )  # "29 – над", never "three-day"
        # "Брянская область — 29, Курская — 15": a place, a dash, the count
        place_dash = any(
            0 <= (n.qualified_start or n.start) - p.end <= 7
            # "над Брянской и Тамбовской — по три": the dash, then a distributive figure
            and re.fullmatch(r"\s*[–—-]\s*(?:по\s+)?", masked[p.end : n.start])
            for p in places
        )
        dash_item = dash_item or place_dash
        subset_follow = bool(
            re.match(r"^\s*,\s*(?:летевш|летящ|летіл|що\s+летіл)", after, re.IGNORECASE)
        )
        # "60 were shot down and 20 were 'locally lost'": a count whose noun was said before
        were = re.match(
            r"\s+(?:(?:others?|more)\s+)?(?:were|was|had\s+been|have\s+been|are)\s+"
            r"(?:also\s+|reportedly\s+|then\s+)?['\"‘“]?",
            after,
            re.IGNORECASE,
        )
        subset_follow = subset_follow or bool(were and lexicon.VERB_RE.match(after, were.end()))
        # "атакован 9 беспилотниками, сбиты 5": a bare figure right after a predicate verb,
        # its noun said earlier in the unit
        after_verb = (
            bool(weapons)
            and any(v.end() <= n.start and not masked[v.end() : n.start].strip() for v in verb_ends)
            and bool(re.match(r"\s*(?:[.,;!)]|$)", after))
        )
        # "Всего с начала ночи — 12", "In total — 12": a running total whose noun and verb
        # were said in the sentence before
        running = bool(lexicon.RUNNING_TOTAL_BEFORE_RE.search(before)) and bool(
            re.match(r"\s*(?:[.,;!)]|$)", after)
        )
        # "put the overnight figure nationwide at 127", "bringing the total to 45": the figure
        # of a noun said before
        running = running or bool(_FIGURE_AT_RE.search(before))
        # "the Smolensk Region accounted for 14 of them, the Kaluga Region for 9, followed by
        # the Tula and Oryol Regions with three apiece": the figure after its place
        # "повітряного командування «Центр» – 18;": a short verbless item ending in its figure
        tail_item = (
            not verb_ends
            and bool(re.search(r"[–—-]\s*$", before))
            and bool(re.match(r"\s*[;.,]?\s*$", after))
            and len(masked.split()) <= 8
        )
        place_before = any(
            0 <= (n.qualified_start or n.start) - p.end <= 8
            and re.fullmatch(r"\s+(?:for|with)\s+", masked[p.end : n.qualified_start or n.start])
            for p in places
        )
        # "with the largest number, 49, over the Kursk Region": a figure in apposition
        apposition = bool(re.search(r",\s*$", before)) and bool(
            re.match(r"\s*,\s*(?:over|above|in|над|в|у)\s", after)
        )
        if apposition:
            m_ap = re.match(r"\s*,\s*\w+\s", after)
            apposition = any(0 <= s - end - m_ap.end() < 30 for s in place_starts)
        # "З 21 дрона 18 знищено", "Из 30 беспилотников 25 сбиты": the first is what came
        # (launched), the second a figure whose verb follows it
        of_first = bool(weapon) and bool(_FROM_BEFORE_RE.search(before))
        verb_follows = (
            bool(weapons)
            and not weapon
            and bool(re.match(r"\s+(?=\S)", after) and lexicon.VERB_RE.match(after.lstrip()))
        )
        # "зафиксирован прилёт трёх БПЛА. Все три уничтожены.": all of the figure just given,
        # with a verb of its own and the weapon of the sentence before
        aux = re.match(r"\s+(?:были\s+|були\s+|were\s+|have\s+been\s+)?", after)
        all_of = bool(lexicon.ALL_BEFORE_RE.search(before)) and bool(
            aux and lexicon.VERB_RE.match(after[aux.end() :])
        )
        if n.start in totals_of or of_first:
            fixed_action = "launched"
        else:
            fixed_action = None
        if n.value > 100000 or (
            n.is_word
            and n.value == 1
            and not (weapon or of_after or another or of_before or prep or place_dash)
        ):
            continue
        if not (
            weapon
            or of_after
            or of_before
            or place_follows
            or dash_item
            or subset_follow
            or another
            or after_verb
            or running
            or apposition
            or verb_follows
            or place_before
            or all_of
            or tail_item
        ):
            continue
        if lexicon.OTHER_PLACES_RE.match(after):
            continue  # "59 – над другими регионами": the remainder of a total, no place
        if (
            of_after
            and n.is_word
            and n.value == 1
            and re.match(r"\s+of\s+(?:the|those|these)\b", after)
        ):
            pass
        counts.append(
            Count(
                number=NumberMatch(
                    n.start,
                    end,
                    value,
                    text[n.start : end],
                    n.qualifier,
                    n.qualified_start,
                    n.is_word,
                ),
                weapon=weapon,
                seg=0,
                distributive=bool(
                    lexicon.DISTRIBUTIVE_RE.search(masked[max(0, n.start - 4) : n.start])
                    or lexicon.EACH_AFTER_RE.match(masked[end:])
                ),
                of_parent=bool(of_after or of_before),
                another=another,
                strong=bool(
                    of_after
                    or of_before
                    or place_follows
                    or dash_item
                    or subset_follow
                    or another
                    or running
                    or apposition
                    or place_before
                ),
                fixed_action=fixed_action,
                share_of=share_of,
                place_before=place_before,
            )
        )
    if counts and any(c.weapon for c in counts):
        counts = _singular_list_members(masked, weapons, counts)
    return counts


_LIST_JOIN_BEFORE_RE = re.compile(
    r"(?:,|\s(?:и|і|та|й|and|а\s+также|as\s+well\s+as))\s*(?:an?\s+)?$", re.IGNORECASE
)
_LIST_JOIN_AFTER_RE = re.compile(
    r"(?:\s*[«\"“][^»\"”]{1,30}[»\"”]|\s+[A-Z][\w/-]*(?:\s+[A-Z][\w/-]*)?)*"
    r"\s*(?:,|\s(?:и|і|та|й|and|а\s+также|as\s+well\s+as)\s|[.;]|$"
    # "Russia launched 26 drones and a cruise missile overnight on Ukraine"
    r"|\s(?:overnight|#+|at|on|against|into)\s)",  # '#': a masked time phrase
)
# "its air defence systems destroyed the missile and 21 of the drones": the one named before
_VERB_THE_RE = re.compile(
    r"(?:destroyed|shot\s+down|downed|intercepted|neutrali[sz]ed)\s+the\s+$", re.IGNORECASE
)
_SINGULAR_WEAPON_RE = re.compile(
    r"(?:ракета|бомба|авиабомба|беспилотник|дрон|аппарат|снаряд|ракета\s+\S+|missile|drone|UAV|bomb|rocket|"
    # "атакував балістичною ракетою Іскандер-М ..., протирадіолокаційною ракетою Х-31П"
    r"ракетою(?:\s+\S+)?|ракету(?:\s+\S+)?|Іскандер-?М|Iskander-?M)$",
    re.IGNORECASE,
)


def _singular_list_members(masked: str, weapons, counts: list[Count]) -> list[Count]:
    """A weapon named in the singular, without a figure, among counted weapons is one:
    "сбиты 6 управляемых авиабомб JDAM, 5 реактивных снарядов ..., противорадиолокационная
    ракета HARM и 128 беспилотных летательных аппаратов" → 1 missile. It must stand as a
    list member (after a comma or "и", before a comma, "и" or the end), so "баллистическая
    ракета не упоминается" is none."""
    taken = [c.number.end for c in counts]
    out = list(counts)
    for s, e, weapon in weapons:
        if not _SINGULAR_WEAPON_RE.search(masked[s:e]):
            continue
        # the weapon of a count ("5 реактивных снарядов"): only adjectives between them
        if any(
            end <= s
            and all(
                lexicon.RU_UK_ADJECTIVE.match(w) or lexicon.EN_ADJECTIVE.match(w)
                for w in re.findall(r"[\w'’-]+", masked[end:s])
            )
            and not re.search(r"[.;:!?(),]|\d", masked[end:s])
            for end in taken
        ):
            continue
        head = masked[max(0, s - 40) : s]
        # adjectives before the noun that the weapon pattern did not take
        m_adj = re.search(r"((?:[\w'’-]+\s+)*)$", head)
        words = m_adj.group(1).split() if m_adj else []
        while words and not (
            lexicon.RU_UK_ADJECTIVE.match(words[0])
            or (lexicon.EN_ADJECTIVE.match(words[0]) and words[0].lower() not in ("of", "the"))
        ):
            words.pop(0)
        lead = head[: len(head) - len(" ".join(words)) - (1 if words else 0)] if words else head
        joined = _LIST_JOIN_BEFORE_RE.search(lead) or _VERB_THE_RE.search(head)
        if not joined or not _LIST_JOIN_AFTER_RE.match(masked, e):
            continue
        if any(c.start <= s < c.number.end for c in out):
            continue
        out.append(Count(NumberMatch(s, s, 1, ""), weapon, 0))
    out.sort(key=lambda c: c.start)
    return out


_EVERY_BEFORE_RE = re.compile(r"(?:^|\s)(?:every|each)\s+$", re.IGNORECASE)


def _weapon_after(masked: str, end: int, weapons) -> str | None:
    """The weapon noun that follows the count past adjectives only, or None."""
    for s, _, weapon in weapons:
        if s < end:
            continue
        gap = re.sub(
            r"\b(?:U\.S\.|U\.K\.|U\.S|Ф\.Р\.)", "US", masked[end:s]
        )  # "U.S.-supplied ATACMS"
        # a numeral's case ending: "47-ми ворожих БпЛА", "186-ма ударними", "10-ть"
        gap = re.sub(r"^-(?:ми|ма|ти|ть|ох|ьох|х|м|го|ти|і|у)(?!\w)", "", gap)
        # a quoted model name between them: 'two Ukrainian "Neptun-MD" cruise missiles',
        # "дві «Нептун-Д» крилаті ракети"
        gap = re.sub(r"[«\"“„][^»\"”“]{1,25}[»\"”]", " ", gap)
        words = re.findall(r"[\w'’-]+", gap)
        if re.search(r"[.;:!?()]|\d", gap) or len(words) > 4:
            return None
        if all(lexicon.RU_UK_ADJECTIVE.match(w) or lexicon.EN_ADJECTIVE.match(w) for w in words):
            return weapon
        return None
    return None


def group_places(
    text: str, places: list[PlaceMatch], excluded: list[tuple[int, int]]
) -> list[Group]:
    """Merge adjacent place matches into groups; add region-like phrases the gazetteer
    does not know as unknown members (they make the claim a reject)."""
    kept = [
        p for p in places if p.kind != "country" and not any(s <= p.start < e for s, e in excluded)
    ]
    groups: list[Group] = []
    for p in kept:
        if groups and _CONNECTOR_RE.match(text[groups[-1].end : p.start]):
            groups[-1].places.append(p)
            groups[-1].end = p.end
        else:
            groups.append(Group(p.start, p.end, [p]))
    for m in _UNKNOWN_PLACE_RE.finditer(text):
        if any(s <= m.start() < e for s, e in excluded):
            continue
        if any(p.start < m.end() and m.start() < p.end for p in places):
            continue
        phrase = (m.start(), m.end(), m.group())
        target = next(
            (
                g
                for g in groups
                if (g.end <= m.start() and _CONNECTOR_RE.match(text[g.end : m.start()]))
                or (g.start >= m.end() and _CONNECTOR_RE.match(text[m.end() : g.start]))
            ),
            None,
        )
        if target:
            target.unknown.append(phrase)
            target.start, target.end = min(target.start, m.start()), max(target.end, m.end())
        else:
            groups.append(Group(m.start(), m.end(), [], [phrase]))
    groups.sort(key=lambda g: g.start)
    return groups


def segments_of(text: str, groups: list[Group]) -> list[int]:
    """Positions where segments end (separators outside place groups)."""
    cuts = []
    for m in _SEPARATOR_RE.finditer(text):
        if any(g.start <= m.start() < g.end for g in groups):
            continue
        cuts.append(m.start())
    return cuts


def seg_index(cuts: list[int], pos: int) -> int:
    return sum(1 for c in cuts if c < pos)


_SHARE_RE = re.compile(
    r"\b(?:most|mostly|mainly|majority|some|part|many|several|half|third|quarter|bulk|also|большинств\w*|"
    r"в\s+основном|преимущественно|половин\w*|трет\w*|"
    r"част\w*|многие|некоторые|більшість|переважно|деяк\w*)\b",
    re.IGNORECASE,
)


# a place that belongs to an event named after the count, not to the count: "shot down
# more than 100 Ukrainian drones overnight, days before the Victory Day parade in Moscow"
_EVENT_PLACE_RE = re.compile(
    r"\b(?:before|ahead\s+of|days|weeks|hours|перед|накануне|"
    r"за\s+\w+\s+(?:дн|недел)\w*|напередодні|parade|summit|talks|visit|парад\w*|"
    r"саммит\w*|переговор\w*|визит\w*|візит\w*)\b",
    re.IGNORECASE,
)

_EVENT_BEFORE_RE = re.compile(
    r"\b(?:parade|summit|talks|visit|celebrations?|ceremony|forum|парад\w*|саммит\w*|переговор\w*|визит\w*|"
    r"візит\w*|торжеств\w*|форум\w*|саміт\w*)\s+(?:\w+\s+){0,2}?(?:in|at|в|во|у|на)\s+(?:the\s+)?$",
    re.IGNORECASE,
)


def bind(counts: list[Count], groups: list[Group], cuts: list[int], text: str = "") -> None:
    """Give each group to one count, by the rules in the module docstring."""
    for c in counts:
        c.seg = seg_index(cuts, c.start)
    gsegs = [seg_index(cuts, g.start) for g in groups]
    for i, c in enumerate(
        counts
    ):  # rule 0: "the Smolensk region for 16 and the Kaluga region for 11"
        if c.place_before:
            near = [g for g in groups if 0 <= (c.number.qualified_start or c.start) - g.end <= 8]
            if near:
                near[-1].owner = i
    for gi, g in enumerate(groups):
        if g.owner is not None:
            continue
        if _EVENT_BEFORE_RE.search(text[max(0, g.start - 40) : g.start]):
            g.owner = -1  # "ahead of the parade in Moscow": the event's place, nobody's
            continue
        same = [i for i, c in enumerate(counts) if c.seg == gsegs[gi]]
        if not same:
            continue
        before = [i for i in same if counts[i].start < g.start]
        g.owner = before[-1] if before else same[0]
    count_segs = {c.seg for c in counts}

    def free_in(seg: int) -> list[Group]:
        return [g for gi, g in enumerate(groups) if gsegs[gi] == seg and g.owner is None]

    for i, c in enumerate(counts):  # rule 2: the place-only segment right before
        if _owned(groups, i) or c.of_parent:
            continue
        prev = c.seg - 1
        if prev >= 0 and prev not in count_segs and free_in(prev):
            for g in free_in(prev):
                g.owner = i
    for i, c in enumerate(counts):  # rule 3: the nearest free group before, no count between
        if _owned(groups, i) or c.of_parent:
            continue
        earlier = [g for g in groups if g.owner is None and g.end <= c.start]
        if earlier:
            g = earlier[-1]
            if not any(g.end <= o.start < c.start for o in counts):
                g.owner = i
    for i, c in enumerate(
        counts
    ):  # rule 4: the place-only segment right after, unless it is only a share
        if _owned(groups, i) or c.of_parent:
            continue
        later = [o for o in counts if o.seg > c.seg]
        nxt = c.seg + 1
        while nxt <= len(cuts) and not free_in(nxt) and nxt not in count_segs:
            nxt += 1
        free = free_in(nxt)
        if nxt in count_segs or not free or (later and later[0].seg <= nxt + 1):
            continue
        between = text[cuts[nxt - 1] : free[0].start]
        if _SHARE_RE.search(between) or _EVENT_PLACE_RE.search(between):
            continue
        for g in free:
            g.owner = i
    for i, c in enumerate(counts):
        c.groups = [g for g in groups if g.owner == i]
    _share_coordinated(counts, text)


# "и", or "и" and a predicate verb of its own: "над территорией Курской области ... сбиты 2
# оперативно-тактические ракеты ATACMS ... и перехвачены 15 украинских беспилотных ..."
_COORDINATION_RE = re.compile(
    r"\s(?:и|і|та|й|and|as\s+well\s+as)\s+(?:(?:были\s+|were\s+|also\s+)?(?:"
    + lexicon.VERB_FORMS
    + r")\s+)?$",
    re.IGNORECASE,
)
_LIST_COMMA_RE = re.compile(r"^[^,.;:!?]*,\s*$")


def _share_coordinated(counts: list[Count], text: str) -> None:
    """Rule 5: two counts of different weapons joined by "и"/"and" in one segment share
    the place said once for both: "перехвачены и уничтожены 4 крылатые ракеты «Storm
    Shadow» и 2 управляемые авиационные бомбы JDAM над территорией Курской области" →
    4 and 2 over Kursk. A count with a place of its own keeps it ("20 drones over the
    Black Sea and 5 missiles over Crimea"), and a count without its own weapon is no
    partner ("10 drones and 3 over Kursk")."""
    for a, b in zip(counts, counts[1:], strict=False):
        if not (a.weapon and b.weapon) or a.weapon == b.weapon or a.seg != b.seg:
            continue
        if a.of_parent or b.of_parent or a.distributive or b.distributive:
            continue
        if not _COORDINATION_RE.search(text[a.number.end : b.start]):
            continue
        if bool(a.groups) == bool(b.groups):
            continue
        if b.groups and all(g.start > b.start for g in b.groups):
            a.groups = list(b.groups)
        elif a.groups and all(g.end <= a.start for g in a.groups):
            b.groups = list(a.groups)
    _share_listed(counts, text)


def _share_listed(counts: list[Count], text: str) -> None:
    """Rule 5 for a longer list: counts of different weapons listed with commas and a
    final "и"/"and", the place said once after the last, all share it: "перехвачены и
    уничтожены 4 управляемые ракеты «Нептун-МД», 6 управляемых авиационных бомб JDAM и 46
    беспилотных летательных аппаратов ... над территориями Брянской, Курской, Белгородской
    областей и Республики Крым" → 4, 6 and 46, each one count over the four regions."""
    i = 0
    while i < len(counts) - 2:
        chain = [counts[i]]
        j = i
        while j + 1 < len(counts):
            a, b = counts[j], counts[j + 1]
            between = text[a.number.end : b.start]
            if not (a.weapon and b.weapon) or a.of_parent or b.of_parent:
                break
            if a.distributive or b.distributive:
                break
            if _LIST_COMMA_RE.match(between):
                chain.append(b)
                j += 1
                continue
            if _COORDINATION_RE.search(between) and a.seg == b.seg:
                chain.append(b)
                j += 1
            break
        last = chain[-1]
        joined_by_and = len(chain) > 2 and chain[-2].seg == last.seg
        if (
            joined_by_and
            and len({c.weapon for c in chain}) == len(chain)
            and last.groups
            and all(g.start > last.start for g in last.groups)
            and not any(c.groups and c.groups != last.groups for c in chain[:-1])
        ):
            for c in chain[:-1]:
                c.groups = list(last.groups)
        i = j + 1 if j > i else i + 1


def _owned(groups: list[Group], i: int) -> bool:
    return any(g.owner == i for g in groups)


def find_directions(text: str) -> list[Direction]:
    return [
        Direction(m.start(), m.end(), m.group("t1") or m.group("t2") or m.group("t3"))
        for m in lexicon.DIRECTION_RE.finditer(text)
    ]
