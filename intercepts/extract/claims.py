"""The claim extractor: ``extract(doc) -> ExtractionResult``. Pure: no I/O, no clock.

A document is read unit by unit (``segment.py``: sentences and list items). Each unit
updates three pieces of context that carry over to the next units:

* **time** (``timewin.py``): a window or a night stated once holds for the following
  sentences until another is stated ("According to the Ministry of Defense, the
  campaign spanned from 23:00 to 07:00 Moscow time. In total, 73 ... drones");
* **claimant** (``claimants.py``): an attribution holds until another one, or until the
  text moves to another day ("On July 17, ..."), when it falls back to the publisher
  (or 'unattributed' for a news outlet);
* **statement**: the header of a list ("... уничтожены 124 украинских БПЛА:") lends its
  verb, weapon and total to the items under it ("▪️ 29 – над территорией Брянской
  области"), and a sentence lends them to the next one that continues it ("By its
  account, 29 of them fell over the Bryansk Region, 15 over the Oryol Region ...").

Inside a unit ``grammar.py`` finds the counts and gives places to counts. A count then
becomes claims by these rules (examples from real statements):

* places of one region → scope 'region'; of several regions together → ONE claim with
  scope 'regions' ("19 ... над территориями Белгородской, Курской областей и над
  акваторией Черного моря": never split); "по N" over several regions → N to each
  ("по 2 – над территориями Курской и Белгородской областей": two 'region' claims);
* no place: the region of a regional claimant (a governor's "уничтожены 22 БПЛА"),
  the direction's target ("атака трёх БПЛА, летевших на Москву" → RU-MOW), 'UA' for
  the Ukrainian Air Force, else scope 'total' with no codes;
* a count tied to an earlier one ("в том числе 3, летевших на Москву", "three of which
  were en route to the capital") is a 'subset' of it (``parent_claim_id``), its
  direction given in ``direction`` and its target in ``region_codes``; tied to a total
  it is an item of that total ("two of them above the Bryansk region"); tied with
  another action ("атаковано 6 беспилотниками, два из которых сбиты") it is a claim of
  that action over the same places;
* a unit with an interception verb and a weapon but no count is a claim with
  ``count=None`` (a withheld figure: "беспилотники уничтожены в ... 4 районах
  области"; "Силами ПВО все цели уничтожены" from a headquarters → its region), or 1
  when both are singular ("сбит беспилотник");
* cumulative tallies ("Всего с начала проведения специальной военной операции
  уничтожено ...") and a year's totals ("Итоги года. За 2025 год над Брянской областью
  силами ПВО уничтожено более 4,5 тысяч вражеских беспилотников", "in 2024", "so far this
  year": period 'year' in ``timewin``) give no claims, since no night can be read from
  them and they repeat the nights already counted; a week's or a month's figure ("Over the
  past week, Russia said it had destroyed 1,200 Ukrainian drones") stays a claim with no
  night (period 'week' / 'month'); and exercises ("В ходе командно-штабного учения ... поразив 18
  воздушных целей ... на полигоне Ашулук") give no claims;
* a count whose place the gazetteer does not know gives a ``Reject('unknown_place')``.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from functools import cached_property, lru_cache
from operator import attrgetter
from zoneinfo import ZoneInfo

from intercepts.extract import claimants as cl
from intercepts.extract import grammar, lexicon, restated, weapons
from intercepts.extract.gazetteer import PlaceMatch, find_places
from intercepts.extract.model import (
    EXTRACTOR_VERSION,
    Claim,
    DocumentInput,
    ExtractionResult,
    Reject,
)
from intercepts.extract.numbers import NumberMatch, find_numbers
from intercepts.extract.segment import Unit, segment
from intercepts.extract.timewin import (
    TimeContext,
    default_context,
    expression_date,
    find_time_expressions,
    resolve,
)

_ATTACK_ACTIONS = restated.ATTACK_ACTIONS
# claimants whose attack counts are claims: the side that was attacked reports them
_ATTACKED_SIDE = ("hq", "governor", "mayor", "ua_air_force")
# Ukraine's General Staff or a command reports the enemy's attacks ("противник атакував
# Україну, задіявши шість БпЛА") as well as its own strikes ("struck an oil refinery ...
# using 20 drones"): only the enemy's attack is a claim of the attacked side
# "по Одесі випущено 4 «Калібри»", "всього було запущено 19 «шахедів»": Ukraine's military
# writes its own strikes otherwise ("уражено", "завдано ударів")
_ENEMY_PASSIVE_RE = re.compile(
    r"\b(?:випущено|запущено|застосовано|зафіксовано|скеровано|спрямовано)\b", re.IGNORECASE
)
# the Ministry reporting an attack on Russia ("пресечена попытка киевского режима ...",
# "противник атаковал позицию ..."): the attacked side's count, as a governor's would be
_ATTACK_ON_RUSSIA_RE = re.compile(
    r"попытк\w*\s+киевского\s+режима|террористическ\w+\s+атак|противник\w*\s+(?:\w+\s+){0,3}?"
    r"(?:атаковал\w*|нан[её]с\w*)|(?:был\w*\s+)?нан[её]сен\w*\s+удар|"
    # "4 ноября ВСУ нанесли удар 14 крылатыми ракетами по судостроительному заводу ... в
    # городе Керчи", "киевский режим нанес удар ... по военному аэродрому Таганрог"
    r"(?:ВСУ|киевский\s+режим|украинские\s+(?:вооруж\w+\s+)?(?:силы|формирования))\s+"
    r"(?:\w+\s+){0,2}?нан[её]с\w*\s+удар",
    re.IGNORECASE,
)
_ENEMY_SUBJECT_RE = re.compile(
    r"\b(?:противник|ворог|окупанти|росіяни|росія|рф|russia|russian\s+forces|the\s+enemy)\s+(?:\w+\s+){0,2}?"
    r"(?:атакува\w*|завда\w*|випусти\w*|запусти\w*|застосува\w*|launched|attacked|fired)",
    re.IGNORECASE,
)


@dataclass
class _Statement:
    """What a unit lends to the units that continue it."""

    active: bool = False
    action: str | None = None
    weapon: str | None = None
    total: Claim | None = None
    header: bool = False
    last_region: str | None = None
    claims: list[Claim] = field(default_factory=list)


def extract(doc: DocumentInput) -> ExtractionResult:
    """Every claim (and reject) in ``doc``, in text order. Deterministic."""
    prepared = _prepared(doc.text)
    if prepared is None:
        return ExtractionResult()
    units, places_by_unit, exprs = prepared
    tz = _zone(doc.timezone or "Europe/Moscow")
    published_local = doc.published_at.astimezone(tz)
    default_claimant = _publisher_claimant(doc.publisher, doc.claimant_kind, doc.region)
    exprs = [_drop_dateline(e, u, published_local) for e, u in zip(exprs, units, strict=True)]
    time_ctx = default_context(published_local)
    claimant = default_claimant
    state = _Statement()
    result = ExtractionResult()
    listed: _RegionList | None = None
    readings: dict[int, _Reading] = {}  # each unit is analysed once, read up to three times
    for i, unit in enumerate(units):
        new_ctx = resolve(exprs[i], time_ctx, published_local, _lookahead_as_of(exprs, i))
        day_changed = time_ctx.stated and (new_ctx.night_ending, new_ctx.event_date) != (
            time_ctx.night_ending,
            time_ctx.event_date,
        )
        time_ctx = new_ctx
        unit_places = places_by_unit[i]
        _, _, attribution = _read_unit(
            doc, unit, unit_places, exprs[i], time_ctx, claimant, state, readings=readings
        )
        if attribution is None and claimant is default_claimant and claimant.role == "unattributed":
            attribution = _trailing_attribution(
                doc, units, places_by_unit, exprs, i, time_ctx, state, readings
            )
        if attribution is not None:
            claimant = attribution
        elif (day_changed and not _QUOTE_OPENS_RE.match(unit.text)) or _RECAP_RE.match(unit.text):
            # "Нагадаємо, вночі 21 травня сили ППО знищили усі 24 ...": the outlet's own
            # background, no longer the official quoted above
            claimant = default_claimant
        previous_claims = state.claims
        claims, rejects, _ = _read_unit(
            doc, unit, unit_places, exprs[i], time_ctx, claimant, state, True, readings
        )
        if time_ctx.period == "year":
            claims, rejects = [], []  # a year's tally: no claim (see the module docstring)
        if not claims and exprs[i] and time_ctx.stated:
            _date_the_figures_before(result.claims, unit.text, time_ctx)
        unnamed = _unnamed_source(unit.text)
        if unnamed and not claims:
            for c in previous_claims:
                if c.claimant_kind == "unattributed":
                    c.claimant = unnamed
        if listed is not None and not _extends_region_list(listed, unit, unit_places, claims):
            _close_region_list(result, listed)
            listed = None
        result.claims.extend(claims)
        result.rejects.extend(rejects)
        if listed is None:
            listed = _open_region_list(result, unit, claims)
        for p in unit_places:
            if p.kind == "region":
                state.last_region = p.code
    if listed is not None:
        _close_region_list(result, listed)
    _place_at_the_attack(result.claims)
    result.claims = restated.drop_superseded_withheld(
        restated.merge_restated(restated.resolve_all(result.claims))
    )
    return result


def _place_at_the_attack(claims: list[Claim]) -> None:
    """The Ministry's "4 ноября ВСУ нанесли удар 14 крылатыми ракетами по ... заводу ... в
    городе Керчи. Средствами ПВО сбиты 12 крылатых ракет.": a figure with no place of its
    own, after an attack the Ministry placed, is of that attack's place, when the attack
    is the only placed figure of its weapon before it and at least as large."""
    for i, c in enumerate(claims):
        if (
            c.claimant != cl.MOD
            or c.scope != "total"
            or c.region_codes
            or c.action in _ATTACK_ACTIONS
        ):
            continue
        placed = [
            o
            for o in claims[:i]
            if o.claimant == c.claimant and o.weapon == c.weapon and o.region_codes
        ]
        if (
            len(placed) == 1
            and placed[0].action in _ATTACK_ACTIONS
            and placed[0].count is not None
            and c.count is not None
            and c.count <= placed[0].count
        ):
            c.scope, c.region_codes = placed[0].scope, list(placed[0].region_codes)
            c.region_names_raw = list(placed[0].region_names_raw)


# a header that ends by announcing the places: "... уничтожены 31 украинский беспилотный
# летательный аппарат самолетного типа над территориями:", "... over the following regions:"
_PLACES_FOLLOW_RE = re.compile(
    r"(?:^|\s)(?:над|в|на|по|під|over|above|in)(?:\s+(?:the|следующ\w+|таки\w+|наступн\w+|following|"
    r"территори\w*|регион\w*|област\w*|субъект\w*|територі\w*|регіон\w*|regions?|territor\w*|areas?)){0,3}"
    r"\s*:\s*$",
    re.IGNORECASE,
)


@dataclass
class _RegionList:
    """A header count whose places are the bare list items under it."""

    index: int  # the header claim in result.claims
    codes: list[str] = field(default_factory=list)
    names: list[str] = field(default_factory=list)


def _open_region_list(result: ExtractionResult, unit: Unit, claims: list[Claim]):
    """A list of regions with no counts ("над территориями:" then "– Белгородской области,"
    "– Воронежской области," ...) is where the header's one count was: one claim over
    those regions (scope 'regions'), never a bare total."""
    if not unit.ends_with_colon or not _PLACES_FOLLOW_RE.search(unit.text):
        return None
    if len(claims) != 1 or claims[0].scope != "total" or claims[0].region_codes:
        return None
    return _RegionList(len(result.claims) - 1)


def _extends_region_list(listed: _RegionList, unit: Unit, places, claims) -> bool:
    if not unit.is_item or claims or re.search(r"\d", unit.text):
        return False
    groups = grammar.group_places(unit.text, places, [])
    if not groups or any(g.unknown for g in groups):
        return False
    for g in groups:
        listed.codes += [c for c in g.codes() if c not in listed.codes]
        listed.names += g.names_raw()
    return bool(listed.codes)


def _close_region_list(result: ExtractionResult, listed: _RegionList) -> None:
    if not listed.codes:
        return
    header = result.claims[listed.index]
    codes = sorted(listed.codes)
    claim = replace(
        header,
        scope="region" if len(codes) == 1 else "regions",
        region_codes=codes,
        region_names_raw=listed.names,
    )
    claim.claim_id = _claim_id(claim)
    result.claims[listed.index] = claim


_SOURCE_LINE_RE = re.compile(
    r"\s*(?:this\s+was\s+(?:reported|announced|stated|said)|about\s+this\s+reported|"
    r"про\s+це\s+(?:повідом|заяв|йдеться)|об\s+этом\s+(?:сообщ|заяв|рассказ|говорит))",
    re.IGNORECASE,
)


def _trailing_attribution(doc, units, places_by_unit, exprs, i, time_ctx, state, readings):
    """News often names its source only in the next sentence ("Overnight, Russia attacked
    Ukraine with 112 drones. Air defences neutralised 92, the Ukrainian Air Force
    said."): an unattributed sentence takes the attribution of the next sentence of the
    same paragraph, or of a paragraph that only names the source ("This was reported by
    the Air Force of the Ukrainian Armed Forces.", "Об этом сообщил губернатор ...")."""
    if i + 1 >= len(units):
        return None
    if units[i + 1].paragraph != units[i].paragraph and not _SOURCE_LINE_RE.match(
        units[i + 1].text
    ):
        return None
    _, _, attribution = _read_unit(
        doc,
        units[i + 1],
        places_by_unit[i + 1],
        exprs[i + 1],
        time_ctx,
        _publisher_claimant(None, None),
        state,
        readings=readings,
    )
    return attribution


@lru_cache(maxsize=4096)
def _prepared(text: str) -> tuple | None:
    """What a document's text alone decides, kept by that text (edits, replicas and
    reposts repeat a text whole): its units, the places of each unit (relative to the
    unit) and each unit's time expressions; None when the text has no claims at all."""
    if not lexicon.VERB_ANY_RE.search(text):
        # the prefilter: every claim unit has a verb ("сбиты", "intercepted"; a list item
        # borrows its header's), so a text with no verb form at all has no claims
        return None
    units = segment(text)
    places = grammar.metro_areas(text, find_places(text))
    places_by_unit = [
        tuple(_shift(p, -u.start) for p in places if u.start <= p.start and p.end <= u.end)
        for u in units
    ]
    return units, places_by_unit, [_time_expressions(u.text) for u in units]


_zone = lru_cache(maxsize=64)(ZoneInfo)
_publisher_claimant = lru_cache(maxsize=1024)(cl.publisher_claimant)


def _date_the_figures_before(claims: list[Claim], text: str, ctx: TimeContext) -> None:
    """A sentence about the weapons just counted that states only their time ("В Минобороны
    уточнили, что беспилотники удалось сбить в период с 11:00 до 18:00") dates the figures
    before it that no time was stated for (they carried the publication's night)."""
    if ctx.window_start is None and ctx.event_date is None:
        return
    if not grammar.find_weapons(text) or not lexicon.VERB_RE.search(text):
        return
    for c in claims:
        # a headline takes its time from the body it restates (`restated.merge_restated`)
        if restated.time_unstated(c) and c.char_start > 0:
            c.night_ending, c.event_date, c.window_start, c.window_end = (
                v.isoformat() if v else None
                for v in (ctx.night_ending, ctx.event_date, ctx.window_start, ctx.window_end)
            )
            c.period, c.window_precision = ctx.period, ctx.precision


def _drop_dateline(exprs, unit: Unit, published_local: datetime):
    """A bare date equal to the publication date ("BRYANSK, August 21.") says nothing;
    a date that names the day of a daytime report ("Протягом дня 12 жовтня") is kept."""
    out = []
    for e in exprs:
        if (
            e.kind == "date"
            and expression_date(e, published_local.date()) == published_local.date()
            and not any(d.kind == "day" and 0 <= e.start - d.end <= 3 for d in exprs)
            # "За 3 февраля ... уничтожены пять украинских ракет": the day a figure is for
            and not _DAY_FOR_RE.search(unit.text, max(0, e.start - 6), e.start)
        ):
            continue
        if e.kind in ("weekday", "date", "yesterday", "year") and _in_aside(
            unit.text, e.start, e.end
        ):
            continue  # "shot down 40 drones over Crimea, which Russia annexed in 2014": the aside's
        if (
            e.kind == "weekday"
            and published_local.hour < 12
            and _SAID_ON_RE.search(unit.text, max(0, e.start - 30), e.start)
            and not any(d.kind in ("night", "night_of") for d in exprs)
        ):
            # a morning story's "Ukraine's air force said on Monday that its air defence
            # systems destroyed 12 of 13 attack drones": the day it was said, the figure the
            # night's (an evening story's "said on Sunday" keeps that day)
            continue
        out.append(e)
    return out


_SAID_ON_RE = re.compile(
    r"\b(?:said|says|reported|told|announced|stated|added)\s+(?:on\s+)?\S*\s*$|"
    r"(?:сообщил\w*|заявил\w*|повідомил\w*|заявив|повідомив)\s+(?:в|во|у)\s*$",
    re.IGNORECASE,
)
_DAY_FOR_RE = re.compile(r"(?:^|\s)(?:за|протягом|за\s+день|for)\s+$", re.IGNORECASE)
# a subordinate clause about something else: "Twelve of the drones were downed over the
# Belgorod region, which borders Ukraine and where a Ukrainian strike killed 15 people on
# Sunday, it said"
_ASIDE_START_RE = re.compile(
    r"[,;(]\s*(?:and\s+)?(?:where|which|who|when|after|где|когда|после\s+того\s+как|де|коли|після\s+того\s+як)\b[^,;()]*$",
    re.IGNORECASE,
)


def _in_aside(text: str, start: int, end: int) -> bool:
    """The time expression at ``start`` stands in a relative or temporal clause that names no
    weapon: its day is that clause's event, not the figure's."""
    m = _ASIDE_START_RE.search(text, 0, start)
    if m is None:
        return False
    stop = re.search(r"[,;()]", text[end:])
    clause = text[m.start() + 1 : end + (stop.start() if stop else len(text) - end)]
    return lexicon.WEAPON_RE.search(clause) is None


def _lookahead_as_of(exprs: list, i: int):
    """An 'as of' end in a later unit closes this unit's open start."""
    if not any(e.kind == "open_start" for e in exprs[i]) or any(
        e.kind == "as_of" for e in exprs[i]
    ):
        return None
    for later in exprs[i + 1 :]:
        for e in later:
            if e.kind == "as_of":
                return e
            if e.kind in ("window", "open_start"):
                return None
    return None


# a place's fields after (start, end), read in one call: _shift builds each shifted place
# with the constructor, twice as fast as dataclasses.replace (a place is shifted once per
# unit of every distinct document)
_PLACE_FIELDS = tuple(f.name for f in fields(PlaceMatch))
assert _PLACE_FIELDS[:2] == ("start", "end"), _PLACE_FIELDS
_PLACE_REST = attrgetter(*_PLACE_FIELDS[2:])


def _shift(p, offset: int):
    if type(p) is not PlaceMatch:
        return replace(p, start=p.start + offset, end=p.end + offset)
    return PlaceMatch(p.start + offset, p.end + offset, *_PLACE_REST(p))


def _read_unit(
    doc,
    unit: Unit,
    places,
    exprs,
    time_ctx: TimeContext,
    claimant: cl.Claimant,
    state: _Statement,
    final: bool = False,
    readings: dict[int, _Reading] | None = None,
):
    """Claims of one unit. With ``final`` False nothing in ``state`` changes (a dry run
    that only finds the unit's attribution)."""
    text = unit.text
    reading = readings.get(unit.start) if readings is not None else None
    if reading is None:
        reading = _analysed(text, places, tuple((e.start, e.end) for e in exprs))
        if readings is not None:
            readings[unit.start] = reading
    if reading.skip:
        if final:
            state.active, state.claims = False, []
        return [], [], None
    directions, groups, weapons, verbs, counts = (
        reading.directions,
        reading.groups,
        reading.weapons,
        reading.verbs,
        reading.counts,
    )
    sentence_region = reading.sentence_region
    region = sentence_region or state.last_region
    if region not in reading.attributions:
        reading.attributions[region] = cl.find_attribution(text, region)
    attribution = reading.attributions[region]
    if not final:
        return [], [], attribution

    count_codes, verb_actions = reading.count_codes, reading.verb_actions
    if (
        not counts
        and not verbs
        and weapons
        and unit.is_item
        and state.active
        and state.header
        and _BARE_ITEM_RE.match(text)
    ):
        # "▪️ FPV-дрон;" under "За добу по регіону застосовано: ▪️ два КАБи; ▪️ сім БпЛА ...":
        # a weapon named alone in a counted list is one
        at = weapons[0][0]
        counts = [grammar.Count(NumberMatch(at, at, 1, ""), weapons[0][2], 0)]
        count_codes, verb_actions = [()], [None]

    inherits = state.active and (
        unit.is_item
        or state.header
        or any(c.strong for c in counts)
        # "... противник атакував Київщину ракетами Іскандер-М. А також 168 ударними БпЛА
        # типу Shahed ...": a sentence that goes on with the verb of the one before
        or bool(counts and _GOES_ON_RE.match(text))
    )
    if inherits and not verbs and reading.hit_unit:
        inherits = False  # "One of them fell on the roof of a garage": no count of one
    is_claim_unit = (
        bool(verbs) and (bool(weapons) or state.active) or (not verbs and inherits and bool(counts))
    )
    if not is_claim_unit:
        if state.active and state.claims and unit.ends_with_colon and _AMONG_THEM_RE.match(text):
            # "... перехвачен и уничтожен 31 украинский беспилотный летательный аппарат". В их
            # числе: десять дронов — над Курской областью; ...": the items are of that figure
            state.header = True
            return [], [], attribution
        state.active = unit.ends_with_colon and bool(verbs)
        state.header = state.active
        state.claims = []
        return [], [], attribution
    # a Ukrainian outlet's unattributed figure with no place is Ukraine's ("сили
    # протиповітряної оборони знищили усі 24 ударні безпілотники")
    ua = claimant.role in cl.UA_ROLES or (claimant.role == "unattributed" and doc.language == "uk")
    for d in directions:
        before = [c for c in counts if c.start < d.start]
        owner = before[-1] if before else next((c for c in counts if c.start > d.end), None)
        if owner is not None and owner.direction is None:
            owner.direction = d
    for idx, c in enumerate(counts):
        c.action = c.fixed_action or verb_actions[idx] or state.action or "intercepted"
        if ua and c.action == "attacked":
            c.action = "launched"
    claims: list[Claim] = []
    rejects: list[Reject] = []
    by_count: dict[int, Claim | None] = {}
    unit_total = None
    own_total = (
        state.total if state.total is not None and state.total.claimant == claimant.name else None
    )
    header_total = own_total if (unit.is_item or state.active) else None
    speaker_region = sentence_region or state.last_region
    if speaker_region not in reading.speakers:
        reading.speakers[speaker_region] = cl.find_attributions(text, speaker_region)
    speakers = reading.speakers[speaker_region]
    main_weapon = weapons[0][2] if weapons else state.weapon or "uav"

    def make(c, scope, codes, groups, parent, direction=None) -> Claim:
        names = [n for g in groups for n in g.names_raw()]
        districts = [d for g in groups for d in g.districts()]
        return _claim(
            doc,
            unit,
            _speaker(c, speakers, claimant),
            time_ctx,
            scope,
            sorted(codes),
            names,
            c.number.value,
            c.number.qualifier,
            c.action,
            c.weapon or _sibling_weapon(c, counts) or main_weapon,
            parent,
            direction,
            districts,
            increment=c.another
            and bool(re.search(r"(?:ещё|еще|ще)\s*$", text[: c.start], re.I))
            and c is counts[0],
            running_total=reading.running_total,
            count_text=c.number.text or None,
            phrase_at=c.number.end,
        )

    for idx, c in enumerate(counts):
        if (
            c.action in _ATTACK_ACTIONS
            and claimant.role not in _ATTACKED_SIDE
            and not (
                claimant.role == "ua_military"
                and (_ENEMY_SUBJECT_RE.search(text) or _ENEMY_PASSIVE_RE.search(text))
            )
            # a Ukrainian outlet's "У ніч на 31 грудня росіяни атакували Україну 127 ударними
            # БпЛА": the attacked side's count, as the Air Force's own would be
            and not (ua and claimant.role == "unattributed" and _ENEMY_SUBJECT_RE.search(text))
            and not (claimant.role == "mod" and _ATTACK_ON_RUSSIA_RE.search(text))
            and not c.fixed_action
        ):
            by_count[idx] = (
                None  # "struck a refinery using 20 drones": an attack, no interception claim
            )
            continue
        if (c.weapon or main_weapon) == "aircraft" and c.action != "shot_down":
            # "четыре самолета уничтожены, еще пять получили повреждения": aircraft hit on
            # the ground; only an aircraft shot down is an air-defence claim
            by_count[idx] = None
            continue
        unknown = [u for g in c.groups for u in g.unknown]
        if unknown:
            s, e, phrase = unknown[0]
            rejects.append(
                Reject(doc.doc_id, "extract", "unknown_place", phrase, unit.start, unit.end, text)
            )
            by_count[idx] = None
            continue
        codes = list(count_codes[idx])
        if any(_VAGUE_AREA_AFTER_RE.match(text, g.end) for g in c.groups):
            codes = []
        if ua:
            codes = [code for code in codes if code.startswith("UA")]
        if (
            codes
            and c.action in _ATTACK_ACTIONS
            and _publisher_claimant(doc.publisher, doc.claimant_kind, doc.region).role
            == "ua_air_force"
        ):
            # the Air Force's own post: "противник атакував 47-ма ударними БпЛА ... – переважно
            # по прифронтових територіях Чернігівської, Сумської ... областей", "атакував
            # Київщину ракетами": the places are targets of a launch it counts for the country
            codes = []
        context = _speaker(c, speakers, claimant).region_code or state.last_region
        codes = _drop_foreign_towns(c.groups, codes, context)
        if codes and context and _foreign_districts(c.groups, context):
            # "По одному – в Павлоградському та Кам'янському районах" from Dnipropetrovsk: a
            # district named like one in the other country is the speaker's own
            codes = [context]
        parent = None
        if c.of_parent:
            prev = [j for j in range(idx) if by_count.get(j) is not None]
            # "launched 26 drones and a cruise missile ... destroyed the missile and 21 of
            # the drones": the share is of the figure of its own weapon
            same = [j for j in prev if c.weapon and counts[j].weapon == c.weapon]
            prev = same if c.weapon and c.weapon != "mixed" else prev
            parent = by_count[prev[-1]] if prev else own_total
        elif codes and (unit_total or header_total):
            parent = unit_total or header_total
        direction = _direction_label(c.direction, ua)
        if (
            c.of_parent
            and parent is not None
            and parent.scope != "total"
            and parent.count != c.number.value
        ):
            if parent.action != c.action and not codes:
                claim = make(c, parent.scope, parent.region_codes, c.groups, parent.claim_id)
            else:
                target = codes or (
                    [direction[1]] if direction and direction[1] else parent.region_codes
                )
                claim = make(
                    c,
                    "subset",
                    target,
                    c.groups,
                    parent.claim_id,
                    direction[0] if direction else None,
                )
        elif codes:
            who = _speaker(c, speakers, claimant)
            if (
                len(codes) > 1
                and who.region_code in codes
                and any(_BORDER_RE.search(text[max(0, g.start - 30) : g.start]) for g in c.groups)
            ):
                # "Дрон был уничтожен на границе Калужской и Брянской областей" (Kaluga's
                # governor): over the border of his own region, his region's figure
                codes = [who.region_code]
            districts = [d for g in c.groups for d in g.districts()]
            if c.distributive and len(codes) == 1 and len(districts) > 1:
                # "по одному в Мосальском и Козельском": one each, a claim per district
                for d in districts:
                    claim = make(c, "region", codes, c.groups, parent.claim_id if parent else None)
                    claim.districts = [d]
                    claim.claim_id = _claim_id(claim)
                    claims.append(claim)
                by_count[idx] = claims[-1]
                continue
            if c.distributive and len(codes) > 1:
                # "по 3 – над территориями Орловской области и Московского региона": three
                # each, and "Московский регион" is one place of two subjects (one claim)
                for unit_codes in _place_units(c.groups, codes):
                    scope = "region" if len(unit_codes) == 1 else "regions"
                    claims.append(
                        make(c, scope, unit_codes, c.groups, parent.claim_id if parent else None)
                    )
                by_count[idx] = claims[-1]
                continue
            scope = "region" if len(codes) == 1 else "regions"
            claim = make(c, scope, codes, c.groups, parent.claim_id if parent else None)
        elif direction and parent is not None:
            target = [direction[1]] if direction[1] else parent.region_codes
            claim = make(c, "subset", target, [], parent.claim_id, direction[0])
        elif c.of_parent and parent is not None and parent.action == c.action:
            # "104 ударними БпЛА типу Shahed (41 із них - реактивні)": a part of that figure
            claim = make(c, "subset", parent.region_codes, [], parent.claim_id)
        elif c.of_parent and parent is not None:
            claim = make(c, parent.scope, parent.region_codes, [], parent.claim_id)
        elif direction and direction[1]:
            claim = make(c, "region", [direction[1]], [], None, direction[0])
        elif (who := _speaker(c, speakers, claimant)).region_code and who.role in (
            "governor",
            "mayor",
            "hq",
        ):
            claim = make(c, "region", [who.region_code], [], None)
        elif unit.is_item and header_total is not None and not (c.groups or c.weapon or verbs):
            # "знищено 44 крилаті ракети, з них у зонах відповідальності: повітряного
            # командування «Центр» – 18; ...": an item with no place is a part of the header's
            claim = make(c, "subset", header_total.region_codes, [], header_total.claim_id)
        elif ua:
            claim = make(c, "total", ["UA"], [], None)
            unit_total = unit_total or claim
        else:
            claim = make(c, "total", [], [], None)
            unit_total = unit_total or claim
        claims.append(claim)
        by_count[idx] = claim
        inter = next((v[2] for v in verbs if v[2] not in _ATTACK_ACTIONS), None)
        if (
            claim.action in _ATTACK_ACTIONS
            and inter
            and lexicon.ALL_BEFORE_RE.search(text[max(0, c.start - 20) : c.start])
        ):
            # "All nine Shahed drones launched overnight were shot down": nine launched and
            # the same nine shot down
            launched_action, c.action = c.action, inter
            claims.append(make(c, claim.scope, claim.region_codes, c.groups, None))
            c.action = launched_action
        elif (
            claim.action not in _ATTACK_ACTIONS
            and lexicon.ALL_BEFORE_RE.search(text[max(0, c.start - 20) : c.start])
            and _LAUNCHED_ATTRIBUTE_RE.search(text, c.number.end, c.number.end + 60)
        ):
            # "shot down all 24 Russia-launched drones": 24 launched, all shot down
            inter_action, c.action = c.action, "launched"
            claims.append(make(c, claim.scope, claim.region_codes, c.groups, None))
            c.action = inter_action
    said = weapons
    if not weapons and state.claims and state.weapon:
        # "Усі вони були знищені ... у межах Одеської ... областей": the weapons just counted
        pronoun = lexicon.ANAPHOR_RE.match(text)
        if pronoun:
            said = [(pronoun.start(), pronoun.end(), state.weapon)]
    if (
        not counts
        and said
        and any(v[2] not in _ATTACK_ACTIONS for v in verbs)
        and not reading.negated
    ):
        withheld = _withheld(
            doc, unit, groups, claimant, time_ctx, verbs, said, rejects, state.claims
        )
        if withheld is not None:
            claims.append(withheld)
    state.active = True
    state.header = unit.ends_with_colon or (state.header and unit.is_item)
    state.action = next((v[2] for v in verbs), state.action)
    state.weapon = main_weapon
    if unit_total is not None:
        state.total = unit_total
    elif not (unit.is_item or inherits):
        state.total = None
    state.claims = claims
    return claims, rejects, attribution


@dataclass
class _Reading:
    """What the grammar finds in one unit; it depends on the unit's text, places and
    time expressions only, so it is computed once however often the unit is read (the
    attribution dry run, the trailing-attribution look-ahead, the final reading)."""

    skip: bool = False  # a cumulative tally or an exercise: no claims, no attribution
    directions: list = field(default_factory=list)
    groups: list = field(default_factory=list)
    weapons: list = field(default_factory=list)
    verbs: list = field(default_factory=list)
    counts: list = field(default_factory=list)
    cuts: list = field(default_factory=list)
    attributions: dict = field(
        default_factory=dict
    )  # the attribution, by the region it falls back on
    speakers: dict = field(default_factory=dict)  # every claimant named, by that region too
    text: str = ""

    # what the final reading asks of the text, answered once per distinct unit
    @cached_property
    def sentence_region(self) -> str | None:
        """The first region of the unit's counts, else of its place groups."""
        region = next((g.codes()[0] for c in self.counts for g in c.groups if g.codes()), None)
        if region is None:
            region = next((g.codes()[0] for g in self.groups if g.codes()), None)
        return region

    @cached_property
    def count_codes(self) -> list[tuple[str, ...]]:
        """The region codes of each count's place groups, in order, without repeats."""
        return [
            tuple(dict.fromkeys(code for g in c.groups for code in g.codes())) for c in self.counts
        ]

    @cached_property
    def verb_actions(self) -> list[str | None]:
        """The action of the verb nearest each count (``_action_for``)."""
        return [_action_for(c, self.verbs, self.cuts) for c in self.counts]

    @cached_property
    def running_total(self) -> bool:
        return bool(lexicon.RUNNING_TOTAL_RE.search(self.text))

    @cached_property
    def hit_unit(self) -> bool:
        return bool(lexicon.HIT_UNIT_RE.search(self.text))

    @cached_property
    def negated(self) -> bool:
        return bool(lexicon.NEGATED_RE.search(self.text))


# Formulaic statements repeat word for word across posts, restatements and days ("Информация
# о последствиях уточняется.", "Пострадавших нет.", a ministry's standing phrases), so what
# depends on a unit's text alone is kept, by that text, across documents: its time
# expressions, its reading (keyed also by its places and the time spans masked out, all it
# depends on) and its unnamed source. Bounded; a process-local cache, so extraction stays a
# pure function. _read_unit never changes a reading except to fill its memos (attributions
# and speakers by region) and to set each count's action and direction afresh before use.
_UNIT_CACHE_SIZE = 16384


@lru_cache(maxsize=_UNIT_CACHE_SIZE)
def _time_expressions(text: str) -> tuple:
    return tuple(find_time_expressions(text))


@lru_cache(maxsize=_UNIT_CACHE_SIZE)
def _unnamed_source(text: str) -> str | None:
    return cl.find_unnamed_source(text)


@lru_cache(maxsize=_UNIT_CACHE_SIZE)
def _analysed(text: str, places: tuple, spans: tuple) -> _Reading:
    return _analyse(text, places, spans)


_DEBRIS_RE = re.compile(r"\b(?:debris|wreckage|обломк\w*|уламк\w*|уламки)\b", re.IGNORECASE)
_SHARE_BEFORE_RE = re.compile(
    r"\b(?:many|most|some|much)\s+of\s+them\s+(?:\w+\s+){0,2}$|"
    r"(?:большинство|многие|часть|більшість|частина)\s+(?:из\s+них|з\s+них)\s+(?:\w+\s+){0,2}$",
    re.IGNORECASE,
)


def _place_units(groups, codes: list[str]) -> list[list[str]]:
    """``codes`` grouped by the phrase that named them: one list per place as written
    ("Московского региона" gives RU-MOW and RU-MOS together)."""
    by_span: dict[tuple[int, int], list[str]] = {}
    for g in groups:
        for p in g.places:
            code = p.region_code or p.code
            if code in codes:
                span = by_span.setdefault((p.start, p.end), [])
                if code not in span:
                    span.append(code)
    units: list[list[str]] = []
    for unit in by_span.values():
        if unit not in units:
            units.append(sorted(unit))
    seen = {c for u in units for c in u}
    units += [[c] for c in codes if c not in seen]
    return units


def _drop_foreign_towns(groups, codes: list[str], context: str | None) -> list[str]:
    """Towns or districts of the other country named among the speaker's own places are
    the speaker's namesakes: "в Новошахтинске, Донецке и Миллеровском районе" from Rostov
    is Rostov's Donetsk, never Ukraine's."""
    if not context or len(codes) < 2:
        return codes
    places = [p for g in groups for p in g.places]
    foreign = [p for p in places if (p.region_code or p.code or "")[:2] != context[:2]]
    own = any((p.region_code or p.code) == context for p in places)
    if own and foreign and all(p.kind in ("city", "district") for p in foreign):
        return [c for c in codes if c[:2] == context[:2]]
    return codes


def _foreign_districts(groups, context: str) -> bool:
    """Every place of the count's groups is a district (no region named with it) of the
    other country than ``context`` (RU-* against UA-*)."""
    places = [p for g in groups for p in g.places]
    return bool(places) and all(
        p.kind == "district" and (p.region_code or "")[:2] != context[:2] for p in places
    )


_LAUNCHED_ATTRIBUTE_RE = re.compile(
    r"[\w-]*launched\b|used\s+to\s+attack|\b(?:sent|fired)\s+(?:against|at|toward|towards|into|on)\b|"
    r"запущенн\w*|выпущенн\w*|запущен\w*|запущених|випущених",
    re.IGNORECASE,
)
_VAGUE_RE = re.compile(
    r"\b(?:несколько|нескольких|десятк\w*|сотн\w*|кілька|кількох|"
    r"several|dozens|scores|hundreds|a\s+series\s+of|numerous|multiple|a\s+number\s+of)\b",
    re.IGNORECASE,
)
# a list item that is a weapon's name and nothing more: "FPV-дрон;", "ракета Х-59."
_BARE_ITEM_RE = re.compile(r"^[^\d.;:!?]{1,40}[;.,]?\s*$")
_KEYCAP = str.maketrans({"\ufe0f": " ", "\u20e3": " "})
_BOTH_RE = re.compile(r"(?<!\w)(?:оба|обе|обоих|обидва|обидві|обох|both)(?!\w)", re.IGNORECASE)
_AMONG_THEM_RE = re.compile(
    r"\W*(?:в\s+их\s+числе|в\s+том\s+числе|из\s+них|з\s+них|серед\s+них|among\s+them|of\s+them|including)\s*:\s*$",
    re.IGNORECASE,
)
_GOES_ON_RE = re.compile(
    r"\W*(?:а\s+також|також|а\s+также|также|кроме\s+того|крім\s+того)\s+(?=\d)", re.IGNORECASE
)
# a quotation goes on in its speaker's words ("повідомив ... голова Черкаської ОВА Ігор
# Табурець" then "«Уночі рф спрямувала на Черкащину ударні дрони ... знешкодивши 11»")
_QUOTE_OPENS_RE = re.compile(r"\s*[\"«“„]")
_RECAP_RE = re.compile(
    r"\s*(?:нагадаємо|нагадуємо|напомним|напоминаем|як\s+повідомлялося|как\s+сообщалось|що\s+передувало|"
    r"раніше|ранее|recall\s+that|earlier|previously)\b",
    re.IGNORECASE,
)
_BORDER_RE = re.compile(
    r"(?:на\s+границе|на\s+межі|на\s+кордоні|on\s+the\s+border\s+(?:of|between))\s+(?:\w+\s+)?$",
    re.IGNORECASE,
)
_PAREN_COUNT_RE = re.compile(r"(?<=[^\W\d])(\s*)\((\d{1,4})\)")
_REGION_SUM_RE = re.compile(
    r"(?:\d+|[а-яё]+(?:ью|мя|ми|ух|ех|ёх)|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve)\s+"
    r"(?:российскими\s+|российских\s+|Russian\s+)?(?:регион\w*|област(?:ями|ях)|regions)\s+"
    r"(?:(?:России|страны|of\s+Russia|of\s+the\s+country)\s*)?,?\s*"
    r"(?:и|and|а\s+также|as\s+well\s+as)\s+(?:the\s+)?(?:над\s+)?(?:акватори\w+\s+)?"
    # "над пятью регионами страны, а также над акваториями Черного и Азовского морей"
    r"[\w-]+(?:\s+(?:и|and)\s+[\w-]+)?\s+(?:мор\w+|Seas?)",
    re.IGNORECASE,
)
_RELATIVE_LAUNCH_RE = re.compile(
    r"(?:(?<=drones\s)|(?<=missiles\s)|(?<=UAVs\s)|(?<=Shaheds\s))(?:that|which)\s+"
    r"(?:Russia|the\s+Russians|Moscow|Russian\s+forces|the\s+enemy)\s+(?:had\s+)?(?:launched|fired|sent)\b",
    re.IGNORECASE,
)
_BEARING_RE = re.compile(
    r"\b(?:(?:south|north|east|west)(?:-?(?:east|west))?|outside)\s+of\s+(?:the\s+)?[A-Z][\w-]+|"
    r"\b(?:южнее|севернее|западнее|восточнее|юго-\w+нее|северо-\w+нее)\s+[А-ЯЁ][\w-]+|"
    r"\bк\s+(?:югу|северу|западу|востоку)\s+от\s+[А-ЯЁ][\w-]+|"
    # a sea's bearing: "five drones over the Black Sea near Crimea" are the sea's
    r"(?:(?<=Sea\s)|(?<=sea\s)|(?<=моря\s)|(?<=морем\s)|(?<=морі\s))"
    r"(?:near|off|close\s+to|у|около|вблизи|близ|біля|поблизу)\s+(?:the\s+)?[A-ZА-ЯЁІЇЄ][\w-]+"
)
# "over Crimea and the south of Russia", "над Крымом и югом России": a place and a vague
# area together, the figure a total
_VAGUE_AREA_AFTER_RE = re.compile(
    r"\s+(?:and|и|та)\s+(?:the\s+)?(?:south|north|centre|center|southern\s+regions|other\s+regions|"
    r"юг\w*|север\w*|центр\w*|другими\s+регион\w*|інш\w+\s+регіон\w*)\b",
    re.IGNORECASE,
)
_CAPITAL_SPEAKS_RE = re.compile(
    r"\b(?:Moscow|Kyiv|Kiev)(?=\s+(?:says|said|claims|claimed|reports|reported|targeted|attacked|"
    r"launched|struck|sent|fired|hit)\b)"
)


def _analyse(text: str, places, spans) -> _Reading:
    """The grammar's reading of one unit: ``places`` relative to the unit, ``spans`` the
    (start, end) of its time expressions, blanked out before counts are read."""
    if lexicon.CUMULATIVE_RE.search(text) or lexicon.EXERCISE_RE.search(text):
        return _Reading(skip=True, text=text)
    # "над Брянской (33), Смоленской (19) и Калужской (14) областями": a figure in brackets
    # after its place reads as "Брянской — 33," (same length, so every span stays valid)
    if "(" in text:
        text = _PAREN_COUNT_RE.sub(lambda m: f"{m.group(1)}—{m.group(2)},", text)
    directions = grammar.find_directions(text)
    excluded = [(d.start, d.end) for d in directions]
    # each pass below runs only on a unit with its key word (a plain substring test first:
    # these passes are over every claim unit)
    # "over five regions and the Black Sea", "над девятью регионами и Черным морем": the
    # sea is one term of a sum over regions, the figure a total
    if "егион" in text or "област" in text or "egion" in text:
        excluded += [(m.start(), m.end()) for m in _REGION_SUM_RE.finditer(text)]
    # "Moscow says downed 46 Ukrainian drones": the government, not a place
    if "Moscow" in text or "Kyiv" in text or "Kiev" in text:
        excluded += [(m.start(), m.end()) for m in _CAPITAL_SPEAKS_RE.finditer(text)]
    # "a drone over Podolsk, south of Moscow", "южнее Москвы": a bearing, not a place
    if " of " in text or "нее " in text or " от " in text or "outside" in text:
        excluded += [(m.start(), m.end()) for m in _BEARING_RE.finditer(text)]
    # "22 attack drones that Russia launched overnight": the launch is the figure's
    # attribute, the verb of the sentence is "shot down"
    if "that " in text or "which " in text:
        excluded += [(m.start(), m.end()) for m in _RELATIVE_LAUNCH_RE.finditer(text)]
    excluded += [(m.start(), m.end()) for m in lexicon.LAUNCH_FROM_RE.finditer(text)]
    dateline = lexicon.DATELINE_RE.match(text)
    if dateline:
        excluded.append((dateline.start(), dateline.end()))
    # a keycap digit ("• 2️ на Вінниччині", "8️⃣ на Одещині"): its selector is no character
    masked = grammar.mask(text, [*spans, *excluded]).translate(_KEYCAP)
    groups = grammar.group_places(text, places, excluded)
    verbs = grammar.find_verbs(masked)
    numbers = find_numbers(masked)
    if not (numbers or verbs):
        # no figure and no verb: no count, and the unit is no claim unit, so its
        # weapons are asked for only when it may be a bare item of a list ("FPV-дрон;")
        bare = grammar.find_weapons(masked) if _BARE_ITEM_RE.match(text) else []
        return _Reading(
            False, directions, groups, bare, [], [], grammar.segments_of(text, groups), text=text
        )
    weapons = grammar.find_weapons(masked)
    free_places = [p for p in places if not any(s <= p.start < e for s, e in excluded)]
    counts = grammar.find_counts(text, masked, weapons, free_places, numbers)
    cuts = grammar.segments_of(text, groups)
    grammar.bind(counts, groups, cuts, text)
    return _Reading(False, directions, groups, weapons, verbs, counts, cuts, text=text)


def _sibling_weapon(c, counts) -> str | None:
    """A bare figure takes the weapon of the figure before it in the unit: "знешкоджено 478
    повітряних цілей: 268 ворожих БпЛА збито вогневими засобами, 208 – подавлені засобами
    РЕБ" → 208 drones, not 208 "air targets"."""
    before = [o for o in counts if o.start < c.start and o.weapon]
    return before[-1].weapon if before else None


def _speaker(c, speakers, claimant: cl.Claimant) -> cl.Claimant:
    """The claimant of one count: the unit's claimant, unless the sentence names
    several ("Bogomaz said 20 drones were destroyed, while Kursk Governor Khinshtein
    reported 8"): then the one named nearest before the count (or after it)."""
    if len(speakers) < 2:
        return claimant
    before = [who for pos, who in speakers if pos < c.start]
    return before[-1] if before else speakers[0][1]


def _action_for(c, verbs, cuts) -> str | None:
    if c.share_of:
        verbs = [v for v in verbs if v[2] not in _ATTACK_ACTIONS]
    if not verbs:
        return None
    same = [v for v in verbs if grammar.seg_index(cuts, v[0]) == c.seg]
    pool = same or verbs
    return min(pool, key=lambda v: min(abs(v[0] - c.number.end), abs(v[1] - c.start)))[2]


def _direction_label(d, ua: bool) -> tuple[str, str] | None:
    if d is None:
        return None
    target = d.target.lower()
    if re.match(r"москв|moscow|столиц|capital", target):
        if ua and re.match(r"столиц|capital", target):
            return "towards Kyiv", "UA-30"
        return "towards Moscow", "RU-MOW"
    if re.match(r"ки[еї]в|kyiv|kiev", target):
        return "towards Kyiv", "UA-30"
    if re.match(r"росі|россии|russia|білорус|беларус|belarus|рф\b", target):
        # "три із них вилетіли у напрямку росії та Білорусі": out of the country, no place
        return f"towards {'Belarus' if re.match(r'біл|бел|bel', target) else 'Russia'}", None
    hits = find_places(d.target)
    if hits:
        return f"towards {hits[0].name_en}", hits[0].region_code or hits[0].code
    return None


def _withheld(
    doc, unit, groups, claimant, time_ctx, verbs, weapons, rejects, previous=()
) -> Claim | None:
    """A claim whose figure the text does not give (count None), or 1 for a singular.
    ``previous``: the claims of the unit before, whose places a sentence about the same
    weapons takes ("... атаку по объектам на территории Калужской области. Все БПЛА были
    подавлены средствами радиоэлектронной борьбы")."""
    text = unit.text
    debris = _DEBRIS_RE.search(text)
    if debris and debris.start() < min(v[0] for v in verbs):
        # "debris from four downed drones briefly ignited a fire": the wreckage is the
        # subject, the verb an attribute of it; no claim
        return None
    # "intercepted a series of Ukrainian drones ... in several Russian regions, many of them
    # in the Voronezh region": the place of a share, not of the whole
    groups = [
        g for g in groups if not _SHARE_BEFORE_RE.search(text[max(0, g.start - 40) : g.start])
    ]
    known = [g for g in groups if not g.unknown]
    if any(g.unknown for g in groups):
        s, e, phrase = next(g.unknown[0] for g in groups if g.unknown)
        rejects.append(
            Reject(doc.doc_id, "extract", "unknown_place", phrase, unit.start, unit.end, text)
        )
        return None
    codes: list[str] = []
    for g in known:
        codes += [c for c in g.codes() if c not in codes]
    if claimant.role in cl.UA_ROLES:
        codes = [c for c in codes if c.startswith("UA")] or ["UA"]
    codes = _drop_foreign_towns(known, codes, claimant.region_code)
    if not codes and claimant.region_code and claimant.role in ("governor", "mayor", "hq"):
        codes = [claimant.region_code]
    if (
        not codes
        and previous
        and (
            restated.ALL_RE.search(text) or _BOTH_RE.search(text) or lexicon.ANAPHOR_RE.match(text)
        )
    ):
        before = next((c for c in reversed(previous) if c.weapon == weapons[0][2]), None)
        if before is not None and before.region_codes:
            codes = list(before.region_codes)
    if not codes:
        return None
    # "перехватили несколько десятков БПЛА", "dozens of drones": a figure withheld, never one
    count = 1 if lexicon.SINGULAR_RE.search(text) and not _VAGUE_RE.search(text) else None
    if _BOTH_RE.search(text):
        count = 2  # "оба беспилотника сбиты", "обидві ракети знищено", "both missiles"
    scope = "total" if codes == ["UA"] else "region" if len(codes) == 1 else "regions"
    names = [n for g in known for n in g.names_raw()]
    districts = [d for g in known for d in g.districts()]
    action = next(v[2] for v in verbs if v[2] not in ("attacked", "launched"))
    return _claim(
        doc,
        unit,
        claimant,
        time_ctx,
        scope,
        sorted(codes),
        names,
        count,
        None,
        action,
        weapons[0][2],
        None,
        None,
        districts,
        phrase_at=weapons[0][0],
    )


def _claim(
    doc,
    unit,
    claimant,
    time_ctx,
    scope,
    codes,
    names,
    count,
    qualifier,
    action,
    weapon,
    parent,
    direction,
    districts,
    increment=False,
    running_total=False,
    count_text=None,
    phrase_at: int | None = None,
) -> Claim:
    night = time_ctx.night_ending.isoformat() if time_ctx.night_ending else None
    event = time_ctx.event_date.isoformat() if time_ctx.event_date else None
    ws = time_ctx.window_start.isoformat() if time_ctx.window_start else None
    we = time_ctx.window_end.isoformat() if time_ctx.window_end else None
    claim = Claim(
        doc_id=doc.doc_id,
        claim_id="",
        claimant=claimant.name,
        claimant_kind=claimant.kind,
        scope=scope,
        region_codes=codes,
        region_names_raw=names,
        count=count,
        count_qualifier=qualifier,
        action=action,
        weapon=weapon,
        window_start=ws,
        window_end=we,
        window_precision=time_ctx.precision,
        night_ending=night,
        period=time_ctx.period,
        parent_claim_id=parent,
        direction=direction,
        districts=districts,
        increment=increment,
        running_total=running_total,
        char_start=unit.start,
        char_end=unit.end,
        quote=unit.text,
        extractor_version=EXTRACTOR_VERSION,
        event_date=event,
        count_text=count_text,
    )
    phrase = weapons.noun_phrase(unit.text, phrase_at) if phrase_at is not None else ""
    claim.weapon_class, claim.weapon_type = weapons.classify(weapon, phrase)
    claim.claim_id = _claim_id(claim)
    return claim


def _claim_id(claim: Claim) -> str:
    """Stable id: a hash of the document, the quote's span and the claim's key fields."""
    key = "|".join(
        map(
            str,
            (
                claim.doc_id,
                claim.char_start,
                claim.char_end,
                claim.scope,
                ",".join(claim.region_codes),
                claim.count,
                claim.action,
                claim.weapon,
                claim.window_start,
                claim.window_end,
                claim.night_ending,
                claim.event_date,
                claim.direction,
                ",".join(claim.districts),
                claim.parent_claim_id,
            ),
        )
    )
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]
