"""Who makes a claim: attribution in restatements, the publisher in first-person posts.

The claimant is the official (or outlet) whose figure it is, not the outlet that
repeats it. Three sources of a claimant, in order of precedence:

1. **Attribution in the sentence** — a restatement names its source:
   "According to the Ministry of Defense, ...", "Russia's Defence Ministry said ...",
   "..., Governor Alexander Bogomaz said in a Telegram post", "its governor reported",
   "по данным Минобороны", "сообщил губернатор", "Ukraine's Air Force said".
   An attribution stays in force for the following sentences until another one, or
   until the text moves to another day ("On July 17, ...") — see ``claims.py``.
2. **The publisher**, when the publisher is itself an official (a ministry channel, a
   governor's or mayor's post, a regional headquarters): "Сегодня ночью силами ПВО
   уничтожены три беспилотника" posted by the governor is the governor's claim. The
   ministry, the Ukrainian Air Force, governors and the Moscow mayor get canonical names
   ("Governor of Kaluga Region") so that a post and its restatements agree.
3. Otherwise the claim is **unattributed**: claimant 'unattributed', claimant_kind
   'unattributed' — a news text that states a figure without saying whose it is
   (the seed article's July 17 figures, "released by an unnamed agency").

"ПВО Минобороны", "силами ПВО Минобороны" name who shot, not who claims: the Moscow
mayor's "ПВО Минобороны отражена атака трёх БПЛА" stays the mayor's claim.

A governor's region comes from the claimant's own words via the gazetteer
(``region_from_claimant``: "Губернатор Ростовской области" → RU-ROS) or from the
officeholder's surname (Shapsha → Kaluga): a dated table of the people who post these
figures, kept here because a restatement often names only the person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from intercepts.extract import gazetteer
from intercepts.extract.fastre import gated

MOD = "Ministry of Defence of the Russian Federation"
UA_AIR_FORCE = "Air Force of the Armed Forces of Ukraine"
UA_MILITARY = "Armed Forces of Ukraine"
UNATTRIBUTED = "unattributed"
UA_ROLES = ("ua_air_force", "ua_military")  # claims about Ukraine as a whole ('UA')


@dataclass(frozen=True)
class Claimant:
    name: str
    kind: str  # official_federal | official_regional | official_foreign | media | unattributed
    region_code: str | None = None  # the region a regional official speaks for
    role: str = "other"  # 'mod' | 'governor' | 'mayor' | 'hq' | 'ua_air_force' | 'ua_military' | 'unattributed'


# Officeholders who post interception figures, surname stems in ru/en (as of 2025).
OFFICEHOLDERS: dict[str, tuple[str, str]] = {
    "богомаз": ("RU-BRY", "governor"),
    "bogomaz": ("RU-BRY", "governor"),
    "гладков": ("RU-BEL", "governor"),
    "gladkov": ("RU-BEL", "governor"),
    "шапша": ("RU-KLU", "governor"),
    "shapsha": ("RU-KLU", "governor"),
    "воробьев": ("RU-MOS", "governor"),
    "vorobyov": ("RU-MOS", "governor"),
    "vorobyev": ("RU-MOS", "governor"),
    "собянин": ("RU-MOW", "mayor"),
    "sobyanin": ("RU-MOW", "mayor"),
    "развожаев": ("UA-40", "governor"),
    "razvozhaev": ("UA-40", "governor"),
    "razvozhayev": ("UA-40", "governor"),
    "хинштейн": ("RU-KRS", "governor"),
    "khinshtein": ("RU-KRS", "governor"),
    "гусев": ("RU-VOR", "governor"),
    "gusev": ("RU-VOR", "governor"),
    "клычков": ("RU-ORL", "governor"),
    "klychkov": ("RU-ORL", "governor"),
    "слюсарь": ("RU-ROS", "governor"),
    "slyusar": ("RU-ROS", "governor"),
    "артамонов": ("RU-LIP", "governor"),
    "artamonov": ("RU-LIP", "governor"),
    "миляев": ("RU-TUL", "governor"),
    "milyaev": ("RU-TUL", "governor"),
    "анохин": ("RU-SMO", "governor"),
    "anokhin": ("RU-SMO", "governor"),
    "дрозденко": ("RU-LEN", "governor"),
    "drozdenko": ("RU-LEN", "governor"),
    "кондратьев": ("RU-KDA", "governor"),
    "kondratyev": ("RU-KDA", "governor"),
    "аксенов": ("UA-43", "governor"),
    "aksyonov": ("UA-43", "governor"),
    "aksenov": ("UA-43", "governor"),
    "руденя": ("RU-TVE", "governor"),
    "rudenya": ("RU-TVE", "governor"),
    "никитин": ("RU-NIZ", "governor"),
    "nikitin": ("RU-NIZ", "governor"),
    "евраев": ("RU-YAR", "governor"),
    "yevrayev": ("RU-YAR", "governor"),
    "шумков": ("RU-KGN", "governor"),
    "бочаров": ("RU-VGG", "governor"),
    "bocharov": ("RU-VGG", "governor"),
    "любимов": ("RU-RYA", "governor"),
    "lyubimov": ("RU-RYA", "governor"),
    "федорищев": ("RU-SAM", "governor"),
    "радаев": ("RU-SAR", "governor"),
    "бусаргин": ("RU-SAR", "governor"),
    "минниханов": ("RU-TA", "governor"),
    "никонов": ("RU-VLA", "governor"),
    "первышов": ("RU-TAM", "governor"),
    "pervyshov": ("RU-TAM", "governor"),
    "беглов": ("RU-SPE", "governor"),
    "beglov": ("RU-SPE", "governor"),
}

_MOD_ATTRIBUTION = gated(
    r"(?:according\s+to|said|says|reported|by\s+its\s+account|put)\b[^.]{0,60}?\b(?:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry|"
    r"\bmod\b)|(?:russian\s+|russia's\s+|the\s+)(?:ministry\s+of\s+defen[cs]e|defen[cs]e\s+ministry)|"
    r"\bthe\s+ministry\s+(?:said|says|reported|added|stated)|"
    r"по\s+данным\s+(?:российского\s+)?(?:минобороны|министерства\s+обороны)|"
    r"(?:сообщили|сообщает|сообщило|заявили|заявило|информирует)\s+(?:в\s+)?(?:минобороны|министерств\w*\s+обороны)|"
    r"(?:минобороны|министерство\s+обороны)\s+(?:россии\s+|рф\s+)?(?:сообщило|сообщает|заявило|заявляет|информирует)|"
    r"за\s+даними\s+(?:міноборони|міністерства\s+оборони)\s+(?:росії|рф)|"
    r"(?:міноборони|міністерство\s+оборони)\s+(?:росії|рф)\s+(?:заявил\w*|повідомил\w*|стверджу\w*)|"
    r"російськ\w+\s+міноборони|(?:in|by)\s+the\s+(?:russian\s+)?defen[cs]e\s+ministry|"
    r"(?:^|\n)\W*(?:минобороны(?:\s+(?:россии|рф))?|мо\s+рф|міноборони\s+рф)\s*:|"  # "Минобороны: ..."
    r"[—–]\s*(?:минобороны|мо\s+рф|министерство\s+обороны)(?:\s+(?:россии|рф))?\s*\.?\s*$|"  # "... — Минобороны"
    r"\brussia(?:'s)?\s+(?:said|says|reported|claimed)\b",
    re.IGNORECASE,
)
_UA_AF_ATTRIBUTION = gated(
    r"(?:ukraine's|ukrainian)\s+air\s+force|air\s+force\s+of\s+(?:the\s+armed\s+forces\s+of\s+)?ukraine|"
    # "the Air Force of the Ukrainian Armed Forces", "reported by the Air Force."
    r"air\s+force\s+of\s+the\s+ukrainian\s+armed\s+forces|"
    r"(?:reported|stated|announced)\s+by\s+the\s+air\s+force\b|"
    r"(?<!russian\s)(?<!russia's\s)\bthe\s+air\s+force\s+(?:said|says|reported|stated|added)|"
    # "The Air Force's radio-technical troops detected and tracked 27 attack drones"
    r"(?<!russian\s)(?<!russia's\s)\bthe\s+air\s+force['’]s\s+(?:radio-technical|radar|anti-aircraft|troops|units)|"
    # a headline's trailing source: "Ukraine downs 35 of 39 Russian drones overnight, Air
    # Force says", "... – Air Force"
    r",\s+(?:Ukraine's\s+)?air\s+force\s+(?:said|says|reports)\b|[—–]\s+air\s+force\b|"
    # never the agent: "Силами та засобами Повітряних сил ... було знищено 9" (a head of a
    # regional administration writing)
    r"(?<!силами\s)(?<!засобами\s)(?<!силами\sта\s)повітрян(?!ими\s)\w+\s+сил\w*|"
    # the Russian name only as a speaker: "сообщили в Воздушных силах ВСУ", never the
    # owner of an aircraft the Ministry says it shot down ("сбит самолет МиГ-29 Воздушных
    # сил Украины")
    r"(?:сообщ\w+|заяв\w+|по\s+данным|по\s+словам)\s+(?:\w+\s+){0,2}воздушн\w+\s+сил\w*\s+(?:всу|украины)|"
    r"воздушн\w+\s+сил\w*\s+(?:всу|украины)\s+(?:сообщ\w+|заяв\w+)",
    re.IGNORECASE,
)
_UA_MILITARY_ATTRIBUTION = gated(
    r"(?:ukraine's|ukrainian)\s+(?:military|armed\s+forces|general\s+staff|army)|\bukraine\s+(?:said|says|reported)\b|"
    # "Ukrainian officials said on Saturday that Russia fired more than 200 drones"
    r"(?:ukraine's|ukrainian)\s+officials\s+(?:said|say|says|reported)\b|"
    # Ukraine's side as the subject: "Ukraine downs 35 of 39 Russian drones", "Ukrainian air
    # defence downs all 27", "Ukrainian forces shot down 19 out of 23", "Ukraine's Defence
    # Forces shot down every one of the 35"
    r"\bukraine\s+(?:downs|downed|shoots\s+down|shot\s+down|destroys|destroyed|intercepts|intercepted|"
    r"claims\s+to\s+have\s+(?:shot|downed|destroyed))\b|"
    r"(?:ukraine's|ukrainian)\s+(?:defen[cs]e\s+forces|air\s+defen[cs]es?|forces|air\s+defen[cs]e\s+(?:forces|units|systems))\b|"
    r"генштаб\w*\s+(?:зсу|всу)|генеральн\w+\s+штаб\w*\s+(?:зсу|всу)|\b(?:зсу|всу)\s+(?:заявил\w*|повідомил\w*|сообщил\w*)",
    re.IGNORECASE,
)
_GOVERNOR_ATTRIBUTION = gated(
    r"(?:(?:regional\s+|its\s+|the\s+|region's\s+)?governor(?:\s+of\s+(?:the\s+)?[\w-]+\s+region)?(?:\s+[A-Z][a-z]+){0,2})"
    r"|(?:губернатор\w*|глав\w+\s+(?:региона|области)|врио\s+губернатора)(?:\s+[А-ЯЁ][а-яё]+\w*\s+област\w+)?(?:\s+[А-ЯЁ][а-яё]+){0,2}"
    r"|(?:mayor|мэр\w*)(?:\s+(?:of\s+)?moscow|\s+москвы)?(?:\s+[A-ZА-ЯЁ][a-zа-яё]+){0,2}"
    # the head of a Ukrainian oblast's military administration: "начальник Дніпропетровської
    # ОВА Сергій Лисак", "голова обласної військової адміністрації Олег Кіпер"
    r"|(?:голов\w+|начальник\w*|очільник\w*|керівник\w*)\s+(?:[А-ЯІЇЄҐ][а-яіїєґ'’]+\s+)?"
    r"(?:ОВА|ОДА|обласн\w+\s+(?:військов\w+|державн\w+)\s+адміністрац\w+)"
    r"(?:\s+[А-ЯІЇЄҐ][а-яіїєґ'’]+){0,2}",
    re.IGNORECASE,
)
_UNNAMED = gated(
    r"\b(?:released|provided|reported|published|issued)\s+by\s+(?:an?\s+|the\s+)?(unnamed\s+\w+)",
    re.IGNORECASE,
)
_SURNAME = re.compile(r"[A-Za-zА-Яа-яЁё]+")


def _officeholder(phrase: str) -> tuple[str, str] | None:
    for word in _SURNAME.findall(phrase):
        w = word.lower().replace("ё", "е")
        for stem, hit in OFFICEHOLDERS.items():
            if w.startswith(stem) and len(w) - len(stem) <= 3:
                return hit
    return None


def _region_name(code: str) -> str:
    for region in gazetteer.all_regions():
        if region.code == code:
            return region.name_en
    return code


def governor_claimant(region_code: str | None, role: str = "governor") -> Claimant:
    if role == "mayor" or region_code == "RU-MOW":
        return Claimant("Mayor of Moscow", "official_regional", "RU-MOW", "mayor")
    if region_code is None:
        return Claimant("Governor", "official_regional", None, "governor")
    return Claimant(
        f"Governor of {_region_name(region_code)}", "official_regional", region_code, "governor"
    )


_UA_COMMAND_PUBLISHER = re.compile(
    r"генштаб|генеральн\w+\s+штаб\w*\s+(?:зсу|всу)|командуван\w+|сил\w*\s+оборони|"
    r"general\s+staff\s+of\s+(?:the\s+)?(?:armed\s+forces\s+of\s+)?ukrain|ukrainian\s+general\s+staff|"
    r"(?:operational|air)\s+command\s+(?:south|north|east|west|centre|center)",
    re.IGNORECASE,
)


def publisher_claimant(
    publisher: str | None, publisher_kind: str | None, source_region: str | None = None
) -> Claimant:
    """The claimant of a first-person post, or 'unattributed' for a media publisher.

    Officials get one canonical name whatever their channel calls itself, so that a
    post and its restatements name the same claimant: "Минобороны России" → the
    Ministry of Defence of the Russian Federation, "Владислав Шапша" → Governor of
    Kaluga Region, "Мэр Москвы Сергей Собянин" → Mayor of Moscow. Regional
    headquarters and administrations keep their own names.

    ``source_region`` (the sources file's ``region``) is authoritative for a regional
    publisher: a regional security ministry or a city's governor whose posts never name
    their region still speaks for it; the region read from the publisher's name is the
    fallback."""
    if not publisher:
        return Claimant(UNATTRIBUTED, "unattributed", None, "unattributed")
    low = publisher.lower()
    kind = publisher_kind
    office = _officeholder(publisher)
    role = "other"
    if re.search(
        r"ministry\s+of\s+defen|минобороны|министерство\s+обороны|defen[cs]e\s+ministry", low
    ):
        kind, role = kind or "official_federal", "mod"
    elif _UA_AF_ATTRIBUTION.search(publisher):
        kind, role = kind or "official_foreign", "ua_air_force"
    elif _UA_COMMAND_PUBLISHER.search(publisher):
        # the General Staff, an operational or air command, the Defence Forces of the South:
        # Ukraine's military, never a regional headquarters
        kind, role = kind or "official_foreign", "ua_military"
    elif re.search(
        r"штаб|headquarters|администрац|адміністрац|administration|правительств|\bова\b|\bода\b",
        low,
    ):
        kind, role = kind or "official_regional", "hq"
    elif re.search(r"мэр|mayor|міський\s+голова", low) or (office and office[1] == "mayor"):
        kind, role = kind or "official_regional", "mayor"
    elif re.search(r"губернатор|governor|глава|врио|head\s+of|голова", low) or office:
        kind, role = kind or "official_regional", "governor"
    if kind is None or kind == "media" or (role == "other" and not kind.startswith("official")):
        return Claimant(UNATTRIBUTED, "unattributed", None, "unattributed")
    region = (
        source_region
        or gazetteer.region_from_claimant(publisher)
        or (office[0] if office else None)
    )
    if role == "mod":
        return Claimant(MOD, kind, None, "mod")
    if role == "ua_air_force":
        return Claimant(UA_AIR_FORCE, kind, "UA", "ua_air_force")
    if role == "ua_military":
        return Claimant(publisher, kind, "UA", "ua_military")
    if role in ("governor", "mayor") and region:
        canonical = governor_claimant(region, role)
        return Claimant(canonical.name, kind, region, canonical.role)
    if role == "other":
        role = (
            "hq"
            if kind == "official_regional"
            else "mod"
            if kind == "official_federal"
            else "ua_air_force"
        )
    return Claimant(publisher, kind, region, role)


_QUOTED_NAME = gated(
    r"(?:^|[\s(«\"])([A-ZА-ЯЁ][a-zа-яё]+):\s|[—–]\s*([A-ZА-ЯЁ][a-zа-яё]+)\s*\.?\s*$"
)


def _quoted_officeholder(sentence: str) -> Claimant | None:
    """ "Собянин: сбит ещё один беспилотник" — a live blog quoting an official by name."""
    for m in _QUOTED_NAME.finditer(sentence):
        hit = _officeholder(m.group(1) or m.group(2))
        if hit:
            return governor_claimant(hit[0], hit[1])
    return None


def find_attribution(sentence: str, sentence_region: str | None = None) -> Claimant | None:
    """The claimant a sentence attributes its figures to, or None when it names none.

    ``sentence_region`` (the region the sentence's counts are about) fills in an
    attribution that names no place: "its governor reported" over the Bryansk region is
    the Governor of Bryansk Region."""
    if _UA_AF_ATTRIBUTION.search(sentence):
        return Claimant(UA_AIR_FORCE, "official_foreign", "UA", "ua_air_force")
    if _MOD_ATTRIBUTION.search(sentence):
        return Claimant(MOD, "official_federal", None, "mod")
    if _UA_MILITARY_ATTRIBUTION.search(sentence):
        return Claimant(UA_MILITARY, "official_foreign", "UA", "ua_military")
    m = _GOVERNOR_ATTRIBUTION.search(sentence)
    if m and _is_attribution_context(sentence, m):
        phrase = m.group()
        role = "mayor" if re.match(r"mayor|мэр", phrase, re.IGNORECASE) else "governor"
        region = gazetteer.region_from_claimant(phrase)
        if region is None:
            hit = _officeholder(sentence[m.start() : m.end() + 40])
            region = hit[0] if hit else None
            role = hit[1] if hit else role
        return governor_claimant(region or sentence_region, role)
    return _quoted_officeholder(sentence)


def find_attributions(
    sentence: str, sentence_region: str | None = None
) -> list[tuple[int, Claimant]]:
    """Every claimant a sentence names, with its position (for sentences that quote
    several officials)."""
    found: list[tuple[int, Claimant]] = []
    for m in _UA_AF_ATTRIBUTION.finditer(sentence):
        found.append((m.start(), Claimant(UA_AIR_FORCE, "official_foreign", "UA", "ua_air_force")))
    for m in _MOD_ATTRIBUTION.finditer(sentence):
        found.append((m.start(), Claimant(MOD, "official_federal", None, "mod")))
    if _is_attribution_context(sentence, None):
        for m in _GOVERNOR_ATTRIBUTION.finditer(sentence):
            phrase = sentence[max(0, m.start() - 30) : m.end() + 40]
            role = "mayor" if re.match(r"mayor|мэр", m.group(), re.IGNORECASE) else "governor"
            region = gazetteer.region_from_claimant(m.group())
            hit = _officeholder(sentence[m.start() : m.end() + 40])
            if region is None and hit:
                region, role = hit
            if region is None:
                region = gazetteer.region_from_claimant(phrase)
            found.append((m.start(), governor_claimant(region or sentence_region, role)))
    found.sort(key=lambda f: f[0])
    return found


def _is_attribution_context(sentence: str, m: re.Match) -> bool:
    """A governor word names the claimant only next to a verb of saying ("Governor X
    said", "сообщил губернатор", "according to the governor", "по словам губернатора"),
    not in "the governor's office confirmed no damage"... which still counts, or
    "защите губернатора"; we accept any saying verb within the sentence."""
    return bool(
        re.search(
            r"\b(?:said|says|reported|wrote|posted|stated|announced|confirmed|according|put|released)\b|"
            r"сообщ\w+|заяв\w+|написал\w*|по\s+словам|рассказал\w*|уточнил\w*|повідом\w+|опубликовал\w*",
            sentence,
            re.IGNORECASE,
        )
    )


def find_unnamed_source(sentence: str) -> str | None:
    """ "This data, released by an unnamed agency, ..." → 'unnamed agency' (the back-
    reference that tells the figures before it came from an unnamed source)."""
    m = _UNNAMED.search(sentence)
    return m.group(1).lower() if m else None
