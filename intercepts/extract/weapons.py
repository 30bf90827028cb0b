"""What was intercepted: a documented weapon class and the named type, read from the noun
phrase of a figure. Pure functions over text.

The grammar's ``weapon`` (``lexicon.WEAPONS``) decides which noun a figure counts; this module
names it for the facts, whose grain is night × region × **weapon class**:

==================  =====================================================================
weapon_class        what the text says (examples from real posts)
==================  =====================================================================
drone               "БПЛА", "беспилотников самолетного типа", "ударних БпЛА типу Shahed"
decoy               "безпілотників-імітаторів", "дронів-імітаторів", "decoy drones"
                    (only when the figure counts the decoys alone)
cruise_missile      "крилаті ракети Х-101", "Калибр", "Storm Shadow", "Нептун"
ballistic_missile   "Іскандер-М/KN-23", "ATACMS", "баллистических ракет"
anti_ship_missile   "противокорабельных ракет", "Х-22", "Оникс"
guided_bomb         "управляемые авиабомбы", "КАБ", "JDAM"
mlrs_rocket         "реактивных снарядов РСЗО «Вампир»", "HIMARS"
aircraft            "літак Су-34", "вертолёт"
aerial_target       "воздушные цели", "ЦІЛЕЙ ПРОТИВНИКА", "засобів повітряного нападу"
                    (the text says no more: a total over every weapon)
missile             "ракет", "Х-59/69", "Х-31П" (a missile whose class the text leaves open)
naval_drone         "безэкипажных катеров" (not air defence, kept apart)
==================  =====================================================================

``weapon_type`` is the first named type in the figure's noun phrase, in one spelling
("Shahed" for "Шахед", "Герань-2", "Shahed-131/136"), or None.
"""

from __future__ import annotations

import re
from functools import lru_cache

from intercepts.extract.fastre import gated

WEAPON_CLASSES = (
    "drone",
    "decoy",
    "cruise_missile",
    "ballistic_missile",
    "anti_ship_missile",
    "guided_bomb",
    "mlrs_rocket",
    "aircraft",
    "aerial_target",
    "missile",
    "naval_drone",
)

# the grammar's weapon -> the class, before the phrase refines it
_BY_WEAPON = {
    "uav": "drone",
    "cruise_missile": "cruise_missile",
    "ballistic_missile": "ballistic_missile",
    "guided_bomb": "guided_bomb",
    "rocket": "mlrs_rocket",
    "usv": "naval_drone",
    "missile": "missile",
    "mixed": "aerial_target",
    "aircraft": "aircraft",
}

# (regex, canonical name) — the first that matches the phrase wins; specific before generic
_TYPES: list[tuple[str, str]] = [
    (r"Іскандер-?К|Искандер-?К|Iskander-?K", "Iskander-K"),
    (r"Іскандер(?:-?М)?|Искандер(?:-?М)?|Iskander(?:-?M)?", "Iskander-M"),
    (r"KN-?23", "KN-23"),
    (r"ATACMS", "ATACMS"),
    (r"Storm\s*Shadow|SCALP", "Storm Shadow"),
    (r"Х-?101|Kh-?101", "Kh-101"),
    (r"Х-?555|Kh-?555", "Kh-555"),
    (r"Х-?59(?:/(?:Х-?)?69)?|Kh-?59(?:/(?:Kh-?)?69)?", "Kh-59/69"),
    (r"Х-?69|Kh-?69", "Kh-69"),
    (r"Х-?22|Kh-?22", "Kh-22"),
    (r"Х-?31П?|Kh-?31P?", "Kh-31"),
    (r"Х-?47М2|Kh-?47M2|Кинжал\w*|Кинджал\w*|Kinzhal", "Kinzhal"),
    (r"Калибр\w*|Калібр\w*|Kalibr", "Kalibr"),
    (r"Циркон\w*|Zircon", "Zircon"),
    (r"Оникс\w*|Онікс\w*|Oniks|Onyx", "Oniks"),
    (r"Нептун\w*|Neptune", "Neptune"),
    (r"Томагавк\w*|Tomahawk", "Tomahawk"),
    (r"Точка-?У|Tochka-?U", "Tochka-U"),
    (r"Гром-?2|Grim-?2", "Grom-2"),
    (r"С-?300|S-?300", "S-300"),
    (r"HARM", "HARM"),
    (r"JDAM\w*", "JDAM"),
    (r"HIMARS", "HIMARS"),
    (r"Вампир\w*|Vampire", "Vampire"),
    (r"Ольх\w*", "Olkha"),
    (r"Гербер\w*|Gerbera", "Gerbera"),
    (r"Shahed\w*(?:-1\d\d(?:/1\d\d)?)?|Шахед\w*|Шахід\w*|Герань\w*|Geran\w*", "Shahed"),
    (r"Орлан\w*|Orlan", "Orlan"),
    (r"Лютий|Lyutyi", "Lyutyi"),
]
_TYPE_RE = gated("|".join(f"(?P<t{i}>{rx})" for i, (rx, _) in enumerate(_TYPES)))

_DECOY_RE = re.compile(r"імітатор\w*|имитатор\w*|imitator\w*|decoys?\b|макет\w*", re.IGNORECASE)
_STRIKE_RE = re.compile(r"ударн\w*|Shahed|Шахед|Герань|attack\s+drones?", re.IGNORECASE)
_ANTI_SHIP_RE = re.compile(
    r"противокорабельн\w*|протикорабельн\w*|anti-ship|Х-?22\b|Kh-?22\b|Оникс|Онікс|Oniks|Циркон|Zircon"
)

# the figure's own noun phrase ends at the next figure, a clause mark or the line's end
_PHRASE_END_RE = re.compile(r"[;:.!?\n()]|,\s*(?:\d|по\s|ещё|еще|ще|и\s|та\s|and\s)|\s\d")


def noun_phrase(text: str, start: int) -> str:
    """The text from ``start`` (the end of a figure) to the end of its noun phrase."""
    m = _PHRASE_END_RE.search(text, start)
    return text[start : m.start() if m else len(text)][:120]


@lru_cache(maxsize=8192)
def classify(weapon: str, phrase: str) -> tuple[str, str | None]:
    """(weapon_class, weapon_type) of a figure whose grammar weapon is ``weapon`` and whose
    noun phrase is ``phrase``."""
    cls = _BY_WEAPON.get(weapon, "missile" if "missile" in weapon else "drone")
    m = _TYPE_RE.search(phrase)
    kind = None
    if m:
        kind = next(name for i, (_, name) in enumerate(_TYPES) if m.group(f"t{i}"))
    if cls == "drone" and _DECOY_RE.search(phrase) and not _STRIKE_RE.search(phrase):
        cls = "decoy"
    elif cls in ("missile", "cruise_missile") and _ANTI_SHIP_RE.search(phrase):
        cls = "anti_ship_missile"
    elif cls == "missile" and kind in ("Iskander-M", "KN-23", "ATACMS", "Tochka-U", "Kinzhal"):
        cls = "ballistic_missile"
    elif cls == "missile" and kind in ("Kh-101", "Kh-555", "Kalibr", "Storm Shadow", "Iskander-K"):
        cls = "cruise_missile"
    return cls, kind
