"""Time windows and the night a claim belongs to.

Statements give their time in a handful of forms; each is read into a
:class:`TimeExpr` (with its character span, so the clock and date digits are never
read as counts) and then folded into a :class:`TimeContext` that the claims of the
sentence (and the sentences after it, until the text says otherwise) carry:

========================================================  ==============================
text                                                       reading
========================================================  ==============================
"с 8.00 до 14.00 мск", "from 23:00 to 07:00 Moscow time"   closed window, clock precision
"between 21:00 and 07:50 Moscow time"                      closed window across midnight
"В период с 22.00 мск 22 июня до 7.00 мск 23 июня"         closed window with dates
"с 9:00 11 ноября до 9:00 12 ноября"                       24-hour window
"Всего за ночь, с 20.00 мск"                               open start (end from context)
"з 18:00 17 липня" ... "Станом на 08:30"                   open start, then 'as of' end
"в ночь на 18 июля", "У ніч на 18 липня",                  the night ending on 18 July
"в ночь с 17 на 18 июля", "the night of July 17-18",
"overnight on July 18" (but "the night of July 17": → 18,
unless an evening start dated the day before follows:
"On the night of 17 May (from 18:00 on 16 May)" → 17 May)
"прошедшей ночью", "минувшей ночью", "overnight",          the night ending on the
"during the night", "сегодня ночью", "минулої ночі"          publication's local date
"за прошедшие сутки", "over the past 24 hours", "за добу"  24 hours up to publication
"(Сводка) по состоянию на 20 июля 2025 г."                 24 hours up to that day
"в течение дня", "during the day"                          daytime: no night
"вчера", "yesterday"                                       the day before publication
"сегодня", "today" in a post of 10:00-18:00 local          that day (no night)
"In May", "в мае", "last week", "за неделю"                another period: no night
"On July 17", "17 июля"                                    that date (no night)
"в 2024 году", "за 2025 год", "in 2024", "during 2025"     a year: period 'year', no claim
"в ночь на воскресенье", "у ніч на неділю",                the night ending on that
"overnight into Sunday"                                    weekday (rule 8)
"on Saturday night", "the night of Saturday"               the night ending the day after
"said on Sunday ... overnight", "в воскресенье"            that weekday (rule 8)
========================================================  ==============================

Clock times are local to the zone the text names ("мск", "Moscow time" → Europe/Moscow,
"за київським часом", "Kyiv time" → Europe/Kyiv) or else to the publisher's zone;
offsets come from zoneinfo, so Kyiv's summer time (UTC+3) and winter time (UTC+2)
are both right. A date without a year takes the publication's year, or the year
before when that would put it more than a week after publication.

**The night_ending rule** (Russian "в ночь на D": the night belongs to the date on
whose morning it ends):

1. a stated night ("в ночь на D", "the night of D-1 to D") → D;
2. a stated window that ends by 12:00 and either starts the day before or starts before
   06:00 → the window's end date ("21:00–07:50" published 20 July → 20 July); a 24-hour
   window (09:00–09:00) → its end date as well, with period '24h';
3. an evening window (starts at or after 17:00, ends the same day) → the next date,
   because the evening is the first part of the coming night;
4. any other stated window (daytime "с 8.00 до 20.00") → None, period 'day';
5. a night phrase ("прошедшей ночью", "overnight") or "за сутки" → the publication's
   local date; "по состоянию на D" (a daily summary) → D;
6. "вчера"/"yesterday", a date, "в течение дня" → None (the claim gets ``event_date``);
7. nothing stated at all → by the publication instant: before 18:00 local, the night
   that ended that morning; from 18:00 on, the night that is beginning (a mayor's post
   at 23:40 on 5 May belongs to the night ending 6 May).
8. a weekday is the latest such day on or before the publication's local date (for a night
   named by its end, up to the day after publication: a post at 23:00 on Saturday about
   "в ночь на воскресенье"): "в ночь на воскресенье", "overnight into Sunday" → that
   Sunday; "on Saturday night" → the Sunday after that Saturday; a day named with a night
   phrase ("Russia's Defence Ministry said on Sunday that its air defences had destroyed
   more than 160 Ukrainian drones overnight", published on Monday 2 June) → the night
   ending on that day's morning (Sunday 1 June), not the publication date; a day alone
   ("в воскресенье", "on Sunday") → that date (``event_date``, no night), as a date would;
9. a point in time in the daytime, 07:00 to 18:00 ("Сегодня около 12.30 мск пресечена
   попытка ...") → None, period 'day', ``event_date`` that day; an earlier or a later point
   ("Сегодня около 6.20 мск", "В 03:15") falls to rule 7.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from intercepts.extract.fastre import gated

MONTHS = {
    # ru genitive, uk genitive, en full and short
    **dict.fromkeys(["января", "січня", "january", "jan"], 1),
    **dict.fromkeys(["февраля", "лютого", "february", "feb"], 2),
    **dict.fromkeys(["марта", "березня", "march", "mar"], 3),
    **dict.fromkeys(["апреля", "квітня", "april", "apr"], 4),
    **dict.fromkeys(["мая", "травня", "may"], 5),
    **dict.fromkeys(["июня", "червня", "june", "jun"], 6),
    **dict.fromkeys(["июля", "липня", "july", "jul"], 7),
    **dict.fromkeys(["августа", "серпня", "august", "aug"], 8),
    **dict.fromkeys(["сентября", "вересня", "september", "sep", "sept"], 9),
    **dict.fromkeys(["октября", "жовтня", "october", "oct"], 10),
    **dict.fromkeys(["ноября", "листопада", "november", "nov"], 11),
    **dict.fromkeys(["декабря", "грудня", "december", "dec"], 12),
}
_MONTH = "(?:" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_TZ = (
    r"(?:\s*\(?(?P<tz{n}>мск|msk|по\s+московскому\s+времени|moscow\s+time|"
    r"за\s+київським\s+часом|за\s+києвом|kyiv\s+time|kiev\s+time|local\s+time)\)?)?"
)
_AMPM = r"[ap]\.?\s?m\b\.?"
_CLOCK = (
    r"(?:(?P<h{n}>[01]?\d|2[0-3])[:.](?P<m{n}>[0-5]\d)(?:\s*(?P<ap{n}>" + _AMPM + r"))?"
    r"|(?P<hh{n}>1[0-2]|0?[1-9])\s*(?P<aq{n}>" + _AMPM + r"))" + _TZ
)
_DATE = (
    r"(?:(?P<d{n}>[0-3]?\d)\s+(?P<mo{n}>"
    + _MONTH
    + r")|(?P<mo2{n}>"
    + _MONTH
    + r")\s+(?P<d2{n}>[0-3]?\d)(?:st|nd|rd|th)?)"
    r"(?:,?\s+(?P<y{n}>20\d\d)(?:\s*(?:г\.|года|року|р\.))?)?"
)


def _p(template: str, n: int) -> str:
    return template.replace("{n}", str(n))


# a day and month in digits after a window's clock: "С 23.00 мск 6.01 до 07.00 мск 7.01"
_NUMDATE = r"(?P<nd{n}>[0-3]?\d)\.(?P<nm{n}>0?[1-9]|1[0-2])(?![\d:.])"
_WINDOW_RE = gated(
    r"(?:(?:в|у)\s+период\s+|в\s+проміжку\s+)?(?:с|со|з|із|від|from|between)\s+"
    + _p(_CLOCK, 1)
    + r"(?:\s+(?:on\s+)?(?:"
    + _p(_DATE, 1)
    + r"|"
    + _p(_NUMDATE, 1)
    + r"))?"
    + r"\s*(?:до|по|to|and|till|until|through|-|–|—)\s*"
    + _p(_CLOCK, 2)
    + r"(?:\s+(?:on\s+)?(?:"
    + _p(_DATE, 2)
    + r"|"
    + _p(_NUMDATE, 2)
    + r"))?",
    re.IGNORECASE,
)
_OPEN_START_RE = gated(
    r"(?:с|со|з|із|від|from|since)\s+" + _p(_CLOCK, 1) + r"(?:\s+(?:on\s+)?" + _p(_DATE, 1) + r")?",
    re.IGNORECASE,
)
_AS_OF_RE = gated(r"(?:станом\s+на|по\s+состоянию\s+на|as\s+of)\s+" + _p(_CLOCK, 1), re.IGNORECASE)
_NIGHT_OF_RE = gated(
    r"(?:в|у|во)\s+ніч\s+(?:з|із)\s+[0-3]?\d(?:\s+"
    + _MONTH
    # "У ніч з 31 грудня 2022 на 1 січня 2023 року": a year after the first date too
    + r"(?:\s+20\d\d)?)?\s+на\s+"
    + _p(_DATE, 6)
    + r"|в\s+ночь\s+с\s+[0-3]?\d(?:\s+"
    + _MONTH
    + r"(?:\s+20\d\d)?)?\s+на\s+"
    + _p(_DATE, 7)
    + r"|(?:в|у|во)\s+ніч\s+(?:на|проти)\s+"  # "У ніч проти 30 серпня"
    + _p(_DATE, 1)
    + r"|в\s+ночь\s+на\s+"
    + _p(_DATE, 2)
    + r"|night\s+of\s+(?:(?P<m3>"
    + _MONTH
    + r")\s+)?(?P<a3>[0-3]?\d)(?:st|nd|rd|th)?\s*(?:-|–|to|into)\s*"
    + r"(?:(?P<m4>"
    + _MONTH
    + r")\s+)?(?P<b4>[0-3]?\d)(?:st|nd|rd|th)?(?:\s+(?P<m5>"
    + _MONTH
    + r"))?"
    + r"|night\s+of\s+"
    + _p(_DATE, 5)
    + r"|(?:over)?night\s+on\s+"
    + _p(_DATE, 8)
    # "Ввечері 25 травня, близько 21:40, ... противник випустив шість «Калібрів»", "вечером 3
    # мая", "on the evening of May 25": the evening begins the night that ends the next day
    + r"|(?:ввечері|увечері|вечором|вечером|(?:on\s+)?the\s+evening\s+of)\s+"
    + _p(_DATE, 9),
    re.IGNORECASE,
)
_AS_OF_DATE_RE = gated(
    r"(?:по\s+состоянию\s+на|станом\s+на|as\s+of)\s+" + _p(_DATE, 1), re.IGNORECASE
)
_DATE_RE = re.compile(r"(?<![\w.])" + _p(_DATE, 1) + r"(?!\w)", re.IGNORECASE)
_CLOCK_RE = re.compile(r"(?<![\w.:])" + _p(_CLOCK, 1) + r"(?![\w]|[.:]\d)", re.IGNORECASE)
_NIGHT_RE = gated(
    r"(?:прошедш|минувш|эт|сегодняшн|минул|ці[єє]|цю|минулої)\w*\s+ноч\w*|сегодня\s+ночью|ночью|"
    r"в\s+течение\s+(?:прошедшей\s+|минувшей\s+|этой\s+)?ночи|за\s+ночь|вночі|уночі|протягом\s+ночі|"
    r"overnight|during\s+the\s+night|(?:last|past|previous)\s+night|through\s+the\s+night|in\s+the\s+night|at\s+night|"
    r"night-time|nighttime|"
    # "Під час нічної дронової атаки", "в ходе ночной атаки"
    r"(?:нічн|ночн)(?:ої|ий|ій|у|а|ой|ая|ую)\s+(?:\w+\s+)?(?:атак|ата\w*)\w*",
    re.IGNORECASE,
)
_DAY24_RE = gated(
    r"(?:за\s+)?(?:прошедш|минувш|последн|истекш)\w*\s+сутки|за\s+сутки|в\s+течение\s+(?:прошедших\s+)?суток|"
    r"за\s+(?:минулу\s+)?добу|протягом\s+(?:минулої\s+)?доби|"
    r"(?:over|in|during)\s+the\s+(?:past|last|previous)\s+(?:24\s+hours|day)",
    re.IGNORECASE,
)
_DAY_RE = gated(
    r"в\s+течение\s+(?:текущего\s+|сегодняшнего\s+)?дня|в\s+течение\s+текущих\s+суток|днем|днём|"
    r"during\s+the\s+day|daytime|протягом\s+дня|вдень|удень|"
    # "С начала дня на подлете к Москве сбит 31 беспилотник"
    r"с\s+начала\s+(?:этого\s+|текущего\s+)?дня|з\s+початку\s+дня|since\s+the\s+(?:start|beginning)\s+of\s+the\s+day",
    re.IGNORECASE,
)
_EVENING_RE = gated(
    r"(?:этим|сегодня|текущего|сегодняшним)\s+вечер\w*|в\s+течение\s+(?:текущего\s+)?вечера|this\s+evening",
    re.IGNORECASE,
)
_MONTH_ONLY_RE = gated(
    r"\b(?:[Ii]n|[Ee]arlier\s+in)\s+(?:January|February|March|April|May|June|July|August|September|October|"
    r"November|December)\b(?!\s+\d)"
    r"|(?i:\b[вВ]\s+(?:январе|феврале|марте|апреле|мае|июне|июле|августе|сентябре|октябре|ноябре|декабре)\b)"
    r"|(?i:\b[уУвВ]\s+(?:січні|лютому|березні|квітні|травні|червні|липні|серпні|вересні|жовтні|листопаді|грудні)\b)"
)
_YESTERDAY_RE = gated(r"вчера|yesterday|вчора", re.IGNORECASE)
# "Сегодня предприятие «Башнефти» подверглось атаке" in a post of 15:10: today's daytime
# (never "сегодня ночью/утром/вечером", which are the night's)
_TODAY_RE = gated(
    r"(?:сегодня|сьогодні|today)(?!\s+(?:ночью|утром|вечером|в\s+ночь|вночі|уночі|вранці|зранку|"
    r"увечері|ввечері|вечором|(?:at\s+)?night|morning|evening|overnight))",
    re.IGNORECASE,
)
_DAY_WORD_RE = re.compile(r"доб[иуа]\b|сут(?:ки|ок)\b|\bдн(?:я|ем|ём)\b|\bday\b", re.IGNORECASE)
# a post in these local hours that says "today" speaks of the day, not of the night before (an
# evening post's "сегодня" is read both ways by annotators: it keeps the night beginning)
_DAYTIME_POST = (time(10, 0), time(18, 0))
_WEEK_RE = gated(
    r"за\s+(?:прошедшую\s+|минувшую\s+)?неделю|в\s+течение\s+недели|(?:over|in|during)\s+the\s+(?:past\s+|last\s+|previous\s+)?week\b|"
    r"за\s+(?:минулий\s+)?тиждень|last\s+(?:week|month)|earlier\s+this\s+(?:week|month)|на\s+прошлой\s+неделе|"
    r"в\s+прошлом\s+месяце|минулого\s+тижня",
    re.IGNORECASE,
)
# a calendar year: "в 2024 году", "за 2025 год", "in 2024", "during 2025" — a tally's period
_YEAR_RE = gated(
    r"(?i:\b(?:в|во|у|за|на\s+протяжении|в\s+течение|протягом|по\s+итогам)\s+(?:весь\s+|всего\s+|всього\s+)?"
    r"(?:19|20)\d\d(?:\s*г\.|\s+(?:год|года|году|рік|році|року)\b)"
    r"|\b(?:in|during|throughout)\s+(?:all\s+of\s+)?(?:19|20)\d\d\b(?![-–:/.,]\d))"
)
# weekdays, read against the publication date (``weekday_date``): a night named by the day
# it ends on ("в ночь на воскресенье", "у ніч на неділю", "в ніч проти неділі", "overnight
# into Sunday"), a night named by the evening it begins ("on Saturday night", "the night of
# Saturday") and a day ("on Sunday", "в воскресенье", "у неділю")
_WEEKDAYS = {
    **dict.fromkeys(["monday", "понедельник", "понеділок", "понеділка"], 0),
    **dict.fromkeys(["tuesday", "вторник", "вівторок", "вівторка"], 1),
    **dict.fromkeys(["wednesday", "среду", "середу", "середи"], 2),
    **dict.fromkeys(["thursday", "четверг", "четвер", "четверга"], 3),
    **dict.fromkeys(["friday", "пятницу", "п'ятницю", "п’ятницю", "п'ятниці", "п’ятниці"], 4),
    **dict.fromkeys(["saturday", "субботу", "суботу", "суботи"], 5),
    **dict.fromkeys(["sunday", "воскресенье", "неділю", "неділі"], 6),
}
_WD_RU = r"понедельник|вторник|среду|четверг|пятницу|субботу|воскресенье"
_WD_UK = (
    r"понеділ(?:ок|ка)|вівтор(?:ок|ка)|серед[уи]|четвер(?:га)?|п['’]ятниц[юі]|субот[уи]|неділ[юі]"
)
_WD_EN = r"Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday"
_WEEKDAY_RE = gated(
    r"(?i:(?:в|во|у)\s+ночь\s+(?:с\s+\w+\s+)?на\s+(?P<into1>" + _WD_RU + r"))\b"
    r"|(?i:(?:в|у)\s+ніч\s+(?:з\s+\S+\s+)?(?:на|проти)\s+(?P<into2>" + _WD_UK + r"))(?!\w)"
    r"|(?i:(?:overnight|night|early\s+hours)\s+(?:in)?to\s+)(?P<into3>" + _WD_EN + r")\b"
    r"|(?i:(?:on\s+)?the\s+night\s+of\s+)(?P<eve1>" + _WD_EN + r")\b"
    r"|(?:(?<!\w)(?i:on|late|early)\s+)?(?P<eve2>" + _WD_EN + r")(?:'s)?\s+(?i:night|evening)\b"
    # "during the night from Monday to Tuesday", "the night of Monday to Tuesday"
    r"|(?i:night\s+(?:from|of)\s+)(?:" + _WD_EN + r")\s+(?i:to|into)\s+(?P<into5>" + _WD_EN + r")\b"
    # "said early on Sunday that its air defence units had destroyed 83": the small hours of
    # Sunday, the night ending that morning
    r"|(?i:early\s+(?:on\s+)?)(?P<into4>" + _WD_EN + r")\b"
    r"|(?:(?<!\w)(?i:on|late)\s+(?:(?i:on)\s+)?)?(?P<day1>" + _WD_EN + r")\b"
    r"|(?i:\b(?:в|во)\s+(?P<day2>" + _WD_RU + r"))\b"
    r"|(?i:\b(?:в|у)\s+(?P<day3>" + _WD_UK + r"))(?!\w)"
)


def weekday_date(name: str, published: date, into: bool = False) -> date:
    """The date of a named weekday: the latest such day on or before publication, or for a
    night named by its end ("в ночь на воскресенье", ``into``) possibly the day after
    publication (a post at 23:00 on Saturday about the night into Sunday)."""
    wd = _WEEKDAYS[name.lower()]
    last = published + timedelta(days=1) if into else published
    return last - timedelta(days=(last.weekday() - wd) % 7)


def _weekday_reading(m: re.Match, published: date) -> tuple[str, date]:
    """('night', night_ending) or ('day', the date) of a weekday expression."""
    g = m.groupdict()
    for key in ("into1", "into2", "into3", "into4", "into5"):
        if g.get(key):
            return "night", weekday_date(g[key], published, into=True)
    for key in ("eve1", "eve2"):
        if g.get(key):
            return "night", weekday_date(g[key], published) + timedelta(days=1)
    name = g.get("day1") or g.get("day2") or g.get("day3")
    return "day", weekday_date(name, published)


_ZONES = {
    "мск": "Europe/Moscow",
    "msk": "Europe/Moscow",
    "по московскому времени": "Europe/Moscow",
    "moscow time": "Europe/Moscow",
    "за київським часом": "Europe/Kyiv",
    "за києвом": "Europe/Kyiv",
    "kyiv time": "Europe/Kyiv",
    "kiev time": "Europe/Kyiv",
}


@dataclass(frozen=True)
class TimeExpr:
    """One time expression as written: ``kind`` is 'window', 'open_start', 'as_of',
    'night_of', 'night', 'day24', 'day', 'evening', 'yesterday', 'week', 'weekday', 'month',
    'date', 'clock' or 'year'."""

    start: int
    end: int
    kind: str
    match: re.Match


@dataclass(frozen=True)
class TimeContext:
    """What a claim carries about time. Datetimes are timezone-aware; ``night_ending``
    and ``event_date`` are local dates; ``precision`` says how exactly the text stated
    it ('minute' for clock windows, 'part_of_day' for a named night, 'day' for a date
    or 24 hours)."""

    window_start: datetime | None = None
    window_end: datetime | None = None
    precision: str | None = None
    period: str | None = None
    night_ending: date | None = None
    event_date: date | None = None
    stated: bool = False  # False: derived from the publication time only


_KINDS = (
    ("window", _WINDOW_RE),
    ("night_of", _NIGHT_OF_RE),
    ("as_of", _AS_OF_RE),
    ("as_of_date", _AS_OF_DATE_RE),
    ("open_start", _OPEN_START_RE),
    ("day24", _DAY24_RE),
    ("week", _WEEK_RE),
    ("weekday", _WEEKDAY_RE),
    ("evening", _EVENING_RE),
    ("day", _DAY_RE),
    ("night", _NIGHT_RE),
    ("month", _MONTH_ONLY_RE),
    ("yesterday", _YESTERDAY_RE),
    ("today", _TODAY_RE),
    ("date", _DATE_RE),
    ("clock", _CLOCK_RE),
    ("year", _YEAR_RE),
)
# kinds whose every form has a digit in it ("в ночь на 18 июля", "с 8.00", "as of 09:00")
_NEEDS_DIGIT = frozenset(
    ("window", "night_of", "as_of", "as_of_date", "open_start", "date", "clock")
)
_DIGIT_RE = re.compile(r"\d")


def find_time_expressions(text: str) -> list[TimeExpr]:
    """Every time expression in ``text``, non-overlapping, in order (windows win over
    the open starts, clocks and dates inside them)."""
    found: list[TimeExpr] = []
    has_digit = _DIGIT_RE.search(text) is not None
    for kind, rx in _KINDS:
        if kind in _NEEDS_DIGIT and not has_digit:
            continue  # a clock or a date is written in digits: skip the pass
        for m in rx.finditer(text):
            if not m.group().strip():
                continue
            if any(m.start() < f.end and f.start < m.end() for f in found):
                continue
            if kind in (
                "day24",
                "week",
                "evening",
                "day",
                "night",
                "yesterday",
                "today",
            ) and not _word_bounded(text, m):
                continue
            found.append(TimeExpr(m.start(), m.end(), kind, m))
    found.sort(key=lambda e: e.start)
    return found


def _word_bounded(text: str, m: re.Match) -> bool:
    before = text[m.start() - 1] if m.start() else " "
    after = text[m.end()] if m.end() < len(text) else " "
    return not before.isalnum() and not after.isalnum()


def _zone(m: re.Match, n: int, default: ZoneInfo) -> ZoneInfo:
    marker = m.groupdict().get(f"tz{n}")
    if marker:
        key = re.sub(r"\s+", " ", marker.lower())
        if key in _ZONES:
            return ZoneInfo(_ZONES[key])
    return default


def _date_of(m: re.Match, n: int, published: date) -> date | None:
    g = m.groupdict()
    if g.get(f"nd{n}") and g.get(f"nm{n}"):
        return resolve_date(int(g[f"nd{n}"]), int(g[f"nm{n}"]), None, published)
    day = g.get(f"d{n}") or g.get(f"d2{n}")
    month = g.get(f"mo{n}") or g.get(f"mo2{n}")
    if not day or not month:
        return None
    year = int(g[f"y{n}"]) if g.get(f"y{n}") else None
    return resolve_date(int(day), MONTHS[month.lower().rstrip(".")], year, published)


def expression_date(expr: TimeExpr, published: date) -> date | None:
    """The calendar date a 'date' expression names ("On July 17" → 2025-07-17)."""
    return _date_of(expr.match, 1, published)


def resolve_date(day: int, month: int, year: int | None, published: date) -> date | None:
    """A day and month, with the year taken from publication when the text omits it:
    the publication's year unless that puts the date more than 7 days after it."""
    try:
        if year:
            return date(year, month, day)
        d = date(published.year, month, day)
        if d > published + timedelta(days=7):
            d = date(published.year - 1, month, day)
        return d
    except ValueError:
        return None


def _clock(m: re.Match, n: int) -> time:
    """24-hour clock, or 12-hour with a.m./p.m. ("11:00 p.m.", "7 a.m.")."""
    g = m.groupdict()
    if g.get(f"h{n}") is not None:
        hour, minute, ampm = int(g[f"h{n}"]), int(g[f"m{n}"]), g.get(f"ap{n}")
    else:
        hour, minute, ampm = int(g[f"hh{n}"]), 0, g.get(f"aq{n}")
    if ampm:
        pm = ampm.lower().startswith("p")
        hour = (hour % 12) + (12 if pm else 0)
    return time(hour, minute)


def night_ending_of_window(start: datetime, end: datetime) -> tuple[date | None, str]:
    """(night_ending, period) of a stated window by rules 2-4 of the module docstring."""
    ls, le = start.replace(tzinfo=None), end.replace(tzinfo=None)
    hours = (le - ls).total_seconds() / 3600
    if hours >= 20:
        return le.date(), "24h"
    if le.time() <= time(12, 0) and (ls.date() < le.date() or ls.time() < time(6, 0)):
        return le.date(), "night"
    if ls.time() >= time(17, 0) and ls.date() == le.date():
        return le.date() + timedelta(days=1), "night"
    return None, "day"


_POINT_BEFORE_RE = re.compile(
    r"(?:^|[^\w])(?:около|примерно|в|во|о|об|близько|at|about|around|shortly\s+after|shortly\s+before)\s+$",
    re.IGNORECASE,
)


def _point_in_day(exprs: list[TimeExpr], published_local: datetime) -> TimeContext | None:
    """Rule 9: a point in time in the daytime, 07:00 to 18:00 ("Сегодня около 12.30 мск
    пресечена попытка киевского режима осуществить террористическую атаку ..."), is no
    night: period 'day', ``event_date`` the day of that time (publication's date, or the
    day before when the time is later than publication). An earlier point ("Сегодня около
    6.20 мск", "В 03:15 над Калужской областью") or a later one keeps the night by rule 7."""
    for e in exprs:
        m = e.match
        if e.kind != "clock" or not _POINT_BEFORE_RE.search(
            m.string[max(0, m.start() - 20) : m.start()]
        ):
            continue
        clock = _clock(m, 1)
        if not time(7, 0) <= clock < time(18, 0):
            return None
        local = published_local.astimezone(_zone(m, 1, published_local.tzinfo))
        d = local.date()
        if clock > (local + timedelta(hours=1)).time():
            d -= timedelta(days=1)
        return TimeContext(None, None, "minute", "day", None, d, True)
    return None


# "..., the ministry said yesterday" (not "Вчера вечером и в течение прошедшей ночи", where
# yesterday is the evening the night began)
_SAID_BEFORE_RE = re.compile(
    r"(?:said|reported|announced|stated|claimed|сообщил\w*|заявил\w*|повідомил\w*)\s+$",
    re.IGNORECASE,
)


def default_context(published_local: datetime) -> TimeContext:
    """Rule 7: nothing stated — the night by the publication instant."""
    d = published_local.date()
    if published_local.time() >= time(18, 0):
        d += timedelta(days=1)
    return TimeContext(night_ending=d, stated=False)


def resolve(
    exprs: list[TimeExpr],
    previous: TimeContext,
    published_local: datetime,
    lookahead_end: TimeExpr | None = None,
) -> TimeContext:
    """Fold one sentence's time expressions into the context its claims carry.

    ``previous`` is the context in force before the sentence (it continues when the
    sentence states nothing); ``lookahead_end`` is an 'as of' expression later in the
    document that closes an open start ("з 18:00 17 липня" ... "Станом на 08:30")."""
    tz = published_local.tzinfo
    pub_date = published_local.date()
    kinds = {e.kind for e in exprs}
    if not kinds - {"clock", "today"}:
        point = _point_in_day([e for e in exprs if e.kind == "clock"], published_local)
        if point is None and kinds == {"today"}:
            if _DAYTIME_POST[0] <= published_local.time() < _DAYTIME_POST[1]:
                # "Сегодня предприятие подверглось атаке ... сбит ещё один БПЛА" at 15:10
                return TimeContext(None, None, "part_of_day", "day", None, pub_date, True)
        return point or previous
    by_kind = {e.kind: e for e in reversed(exprs)}
    if (
        previous.stated
        and previous.night_ending
        and kinds <= {"date", "clock"}
        and "date" in kinds
        and not _DAY_WORD_RE.search(exprs[0].match.string)  # "минулої доби, 11 березня"
    ):
        # "У ніч з 31 грудня 2022 на 1 січня 2023 ... Знищено 45 ударних БпЛА: 13 – ще до
        # опівночі 31 грудня, 32 – після 00:00 1 січня": the two days of the night in force
        days = {_date_of(e.match, 1, pub_date) for e in exprs if e.kind == "date"}
        night = previous.night_ending
        if days <= {night, night - timedelta(days=1)}:
            return previous
    night_of: date | None = None
    if "night_of" in by_kind:
        m = by_kind["night_of"].match
        g = m.groupdict()
        if g.get("b4"):
            month = g.get("m4") or g.get("m3") or g.get("m5")
            night_of = (
                resolve_date(int(g["b4"]), MONTHS[month.lower().rstrip(".")], None, pub_date)
                if month
                else None
            )
        else:
            night_of = next((d for n in (1, 2, 6, 7, 8) if (d := _date_of(m, n, pub_date))), None)
            if night_of is None and _date_of(m, 9, pub_date):
                night_of = _date_of(m, 9, pub_date) + timedelta(days=1)
            if night_of is None and _date_of(m, 5, pub_date):
                night_of = _date_of(m, 5, pub_date) + timedelta(days=1)
                # "On the night of 17 May (from 18:00 on 16 May)": the Air Force's English for
                # "У ніч на 17 травня"; an evening start dated the day before settles it → 17 May
                start = by_kind.get("open_start") or by_kind.get("window")
                sd = _date_of(start.match, 1, pub_date) if start else None
                if sd is not None and _clock(start.match, 1) >= time(12, 0):
                    night_of = sd + timedelta(days=1)
                elif night_of > pub_date and published_local.time() < time(18, 0):
                    # "On the night of May 21" in a report of the day of May 21: that
                    # night had not begun, let alone ended; it is the translation of "У ніч
                    # на 21 травня" (an evening post may speak of the night beginning)
                    night_of -= timedelta(days=1)
    # rule 8: a weekday, read against the publication date
    weekday_day: date | None = None
    if "weekday" in by_kind:
        how, wd = _weekday_reading(by_kind["weekday"].match, pub_date)
        if how == "night" and night_of is None:
            night_of = wd
        elif how == "day":
            weekday_day = wd

    # A clock is read against the publication time *in the clock's own zone*: an outlet that
    # publishes at 06:30 UTC and writes "between 21:00 and 07:50 Moscow time" wrote at 09:30
    # Moscow time, after 07:50 that day, so the window ends today, not yesterday.
    def place_end(clock: time, explicit: date | None, zone) -> datetime:
        pub = published_local.astimezone(zone)
        if explicit:
            d = explicit
        elif night_of and clock <= time(12, 0):
            d = night_of
        elif clock <= (pub + timedelta(hours=1)).time() or pub.time() >= time(23, 0):
            d = pub.date()
        else:
            d = pub.date() - timedelta(days=1)
        return datetime.combine(d, clock, zone)

    def place_start(clock: time, explicit: date | None, end: datetime | None, zone) -> datetime:
        pub = published_local.astimezone(zone)
        if explicit:
            d = explicit
        elif end is not None:
            d = end.date() if clock < end.time() else end.date() - timedelta(days=1)
        elif night_of:
            d = night_of if clock <= time(12, 0) else night_of - timedelta(days=1)
        else:
            d = pub.date() if clock <= pub.time() else pub.date() - timedelta(days=1)
        return datetime.combine(d, clock, zone)

    start = end = None
    if "window" in by_kind:
        m = by_kind["window"].match
        z1, z2 = _zone(m, 1, tz), _zone(m, 2, tz)
        z1 = z2 if z1 is tz and z2 is not tz else z1
        z2 = z1 if z2 is tz and z1 is not tz else z2
        end = place_end(_clock(m, 2), _date_of(m, 2, pub_date), z2)
        start = place_start(_clock(m, 1), _date_of(m, 1, pub_date), end, z1)
    elif "open_start" in by_kind or "as_of" in by_kind:
        end_expr = by_kind.get("as_of") or lookahead_end
        if end_expr is not None:
            em = end_expr.match
            end = place_end(_clock(em, 1), None, _zone(em, 1, tz))
        elif previous.window_end is not None:
            end = previous.window_end
        if "open_start" in by_kind:
            m = by_kind["open_start"].match
            start = place_start(_clock(m, 1), _date_of(m, 1, pub_date), end, _zone(m, 1, tz))
        else:
            start = (
                previous.window_start
                if previous.window_start and end and previous.window_start < end
                else None
            )
    stated_day = _date_of(by_kind["date"].match, 1, pub_date) if "date" in by_kind else None
    if start is not None and end is not None:
        night, period = night_ending_of_window(start, end)
        if night_of:
            night, period = night_of, ("24h" if period == "24h" else "night")
        # a daytime window is dated: "Протягом дня 12 жовтня (із 6.30 по 18.30)", "С 6:00
        # до 12:00 ... уничтожили ещё 5" (the day it ends on, in the publisher's zone)
        day = (stated_day or end.astimezone(tz).date()) if night is None else None
        return TimeContext(start, end, "minute", period, night, day, True)
    if start is not None or end is not None:
        night = night_of or pub_date
        return TimeContext(start, end, "minute", "night", night, None, True)
    if night_of:
        return TimeContext(None, None, "part_of_day", "night", night_of, None, True)
    if "night" in kinds:
        # "destroyed 29 drones that Ukraine launched overnight ..., the ministry said
        # yesterday" (a morning paper): the night that ended yesterday
        said_yesterday = "yesterday" in by_kind and _SAID_BEFORE_RE.search(
            by_kind["yesterday"].match.string[: by_kind["yesterday"].match.start()]
        )
        night = weekday_day or (pub_date - timedelta(days=1) if said_yesterday else pub_date)
        return TimeContext(None, None, "part_of_day", "night", night, None, True)
    if "evening" in kinds:
        return TimeContext(
            None, None, "part_of_day", "night", pub_date + timedelta(days=1), None, True
        )
    if (
        "as_of_date" in kinds
    ):  # a daily summary "по состоянию на 20 июля": the 24 hours up to that day
        d = _date_of(by_kind["as_of_date"].match, 1, pub_date)
        if d is not None:
            return TimeContext(None, None, "day", "24h", d, None, True)
    if "day24" in kinds:
        return TimeContext(None, None, "day", "24h", weekday_day or pub_date, None, True)
    if "month" in kinds and not kinds & {"night", "day24", "date", "yesterday"}:
        return TimeContext(None, None, "month", "month", None, None, True)
    if "week" in kinds:
        return TimeContext(None, None, "day", "week", None, None, True)
    if "year" in kinds and not kinds & {"day", "yesterday", "date"}:
        return TimeContext(None, None, "year", "year", None, None, True)
    if "day" in kinds:
        # "Протягом дня 12 жовтня", "В течение дня 12 октября": that day, no night; "В
        # течение дня" alone: the day of publication
        return TimeContext(None, None, "part_of_day", "day", None, stated_day or pub_date, True)
    if "yesterday" in kinds:
        return TimeContext(None, None, "day", None, None, pub_date - timedelta(days=1), True)
    if "date" in kinds:
        d = _date_of(by_kind["date"].match, 1, pub_date)
        if d is not None:
            return TimeContext(None, None, "day", None, None, d, True)
    if weekday_day is not None:
        return TimeContext(None, None, "day", None, None, weekday_day, True)
    return previous
