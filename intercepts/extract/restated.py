"""One figure stated twice in a text is one claim.

News repeats itself: "Fifteen Ukrainian drones were shot down above Russia's Bryansk
region overnight ... Bogomaz put the total at 15"; a headline restates its body; a
governor's first sentence says "отражена атака БПЛА" and the next gives the count. These
functions run over a document's claims after the grammar has read every sentence.
"""

from __future__ import annotations

import re

from intercepts.extract.model import Claim

ATTACK_ACTIONS = ("attacked", "launched")


def _family(action: str) -> str:
    return "attack" if action in ATTACK_ACTIONS else "interception"


def time_unstated(c: Claim) -> bool:
    """The claim's night comes from the publication time alone: its sentence stated no
    time ("Moscow says downed 46 Ukrainian drones over five regions", a headline)."""
    return c.period is None and c.window_precision is None and c.event_date is None


def _same_time(a: Claim, b: Claim) -> bool:
    if time_unstated(a) or time_unstated(b):
        return True  # a headline takes the time its body states
    return (a.night_ending, a.event_date) == (b.night_ending, b.event_date)


def _headline(c: Claim) -> bool:
    return c.char_start == 0 and c.claimant_kind == "unattributed"


def _same_speaker(a: Claim, b: Claim) -> bool:
    """The same claimant, or a headline that names none ("Moscow says downed 46 Ukrainian
    drones over five regions") restating its body, or two names of one official."""
    if a.claimant == b.claimant or _headline(a) or _headline(b):
        return True
    # one official named two ways in one text ("– голова ОВА" in a headline, "повідомив
    # голова обласної військової адміністрації Олег Кіпер" below): the same kind of
    # official and the same place (the scope is compared by the caller)
    return a.claimant_kind == b.claimant_kind and a.claimant_kind.startswith("official")


def _same_scope(a: Claim, b: Claim) -> bool:
    """The same scope, or a total with no place and the same figure over its places: the
    ministry's "23 unmanned aerial vehicles at the territory of the Russian Federation" and
    the agency's "23 Ukrainian drones over the Bryansk, Kursk and Belgorod regions and the
    Sea of Azov" are one figure."""
    if (a.scope, a.region_codes) == (b.scope, b.region_codes):
        return True
    pair = {a.scope, b.scope}
    if pair != {"total", "regions"}:
        return False
    total, regions = (a, b) if a.scope == "total" else (b, a)
    # Ukraine's total is filed under "UA"; the same figure over its oblasts is one figure
    return not total.region_codes or (
        total.region_codes == ["UA"] and all(c.startswith("UA-") for c in regions.region_codes)
    )


def _same_claim(a: Claim, b: Claim) -> bool:
    """The same figure stated twice in one text ("Fifteen Ukrainian drones were shot
    down ... Bogomaz put the total at 15"; a headline and its body): equal in everything
    that is scored and compatible in the rest (a window or district list stated only
    once)."""
    return (
        _same_speaker(a, b)
        and _same_scope(a, b)
        and (
            a.count,
            a.direction,
            a.weapon,
        )
        == (
            b.count,
            b.direction,
            b.weapon,
        )
        and _same_time(a, b)
        and _family(a.action) == _family(b.action)
        and (
            a.window_start is None
            or b.window_start is None
            or (a.window_start, a.window_end) == (b.window_start, b.window_end)
        )
        and (not a.districts or not b.districts or a.districts == b.districts)
        and (
            a.parent_claim_id is None
            or b.parent_claim_id is None
            or a.parent_claim_id == b.parent_claim_id
        )
    )


def merge_restated(claims: list[Claim]) -> list[Claim]:
    """Keep the first of two statements of the same claim, completed with what only the
    second one states (its window, its districts)."""
    kept: list[Claim] = []
    renamed: dict[str, str] = {}
    for c in claims:
        if c.parent_claim_id in renamed:
            c.parent_claim_id = renamed[c.parent_claim_id]
        first = next((k for k in kept if _same_claim(k, c)), None)
        if first is None:
            kept.append(c)
            continue
        renamed[c.claim_id] = first.claim_id
        if first.scope == "total" and c.scope == "regions":
            first.scope, first.region_codes = c.scope, c.region_codes
            first.region_names_raw = c.region_names_raw
        if _headline(first) and not _headline(c):
            first.claimant, first.claimant_kind = c.claimant, c.claimant_kind
        if time_unstated(first) and not time_unstated(c):
            first.night_ending, first.event_date = c.night_ending, c.event_date
            first.period, first.window_precision = c.period, c.window_precision
        if first.window_start is None and c.window_start is not None:
            first.window_start, first.window_end = c.window_start, c.window_end
            first.window_precision, first.period = c.window_precision, c.period
        if not first.districts and c.districts:
            first.districts = c.districts
        first.parent_claim_id = first.parent_claim_id or c.parent_claim_id
    return kept


def drop_superseded_withheld(claims: list[Claim]) -> list[Claim]:
    """A withheld figure ("В Ленинградской области отражена атака БПЛА.") says nothing
    more once the same claimant gives a count for the same places in the same text."""
    counted = [c for c in claims if c.count is not None]
    return [
        c
        for c in claims
        if c.count is not None
        or not any(
            o.claimant == c.claimant and set(c.region_codes) <= set(o.region_codes) for o in counted
        )
    ]


# "усі ворожі БпЛА збито", "все они были сбиты", "all of them were shot down", "destroyed all"
ALL_RE = re.compile(
    r"(?<!\w)(?:усі|всі|все|всех|усіх|всіх|all)(?!\w)(?!\s+(?:цели|целей|ціл\w*|targets?)\b)",
    re.IGNORECASE,
)


# a sentence whose subject is the weapons just counted: "The drones were shot down over ...",
# "Drones were shot down within ...", "They were destroyed over ...", "Їх збито над ..."
_DEFINITE_RE = re.compile(
    r"\s*(?:(?:the\s+)?(?:drones|UAVs|missiles)\s+were|they\s+were|їх|вони\s+(?:були\s+)?(?:збит|знищен)|"
    r"их|они\s+(?:были\s+)?(?:сбит|уничтожен))\b",
    re.IGNORECASE,
)


def _same_weapon(named: str, said: str) -> bool:
    """ "Всі ракети знищено" after "випущено 4 «Калібри»": a missile said generically is the
    cruise or ballistic missile named before."""
    return named == said or (said == "missile" and "missile" in named)


def resolve_all(claims: list[Claim]) -> list[Claim]:
    """A withheld figure whose subject is the figure just given ("The drones were shot
    down over Sumy, Kharkiv ...") takes that figure's count, and one that says *all* were
    shot down takes the count of the launch it
    refers to: "противник атакував 18 ударними БпЛА ... усі ворожі БпЛА збито у
    Дніпропетровській ... областях" is 18 shot down over those regions. Only the last
    launched or attack figure of the same claimant and weapon before it counts; without
    one ("Все воздушные цели уничтожены") the figure stays withheld (NULL)."""
    for i, c in enumerate(claims):
        if c.count is not None or c.action in ATTACK_ACTIONS:
            continue
        if _DEFINITE_RE.match(c.quote):
            # "... destroyed all 16 Shahed-type drones. The drones were shot down over Sumy,
            # Kharkiv, Poltava ...": the figure just given, now with its places
            said = next(
                (
                    o
                    for o in reversed(claims[:i])
                    if o.action not in ATTACK_ACTIONS
                    # the same side: a sentence naming "units of the Air Force, and mobile
                    # fire groups of the Ukrainian army" is no new speaker
                    and o.claimant_kind == c.claimant_kind
                    and o.weapon == c.weapon
                    and o.count is not None
                    and o.scope == "total"
                ),
                None,
            )
            if said is not None:
                c.count, c.count_qualifier = said.count, said.count_qualifier
                continue
        if not ALL_RE.search(c.quote):
            continue
        launch = next(
            (
                o
                for o in reversed(claims[:i])
                if o.action in ATTACK_ACTIONS
                # the same claimant, or Ukraine's military named two ways ("The Air Force's
                # radio-technical troops detected and tracked 27 ... all enemy UAVs were
                # shot down by mobile fire groups of the Ukrainian Defence Forces")
                and (
                    o.claimant == c.claimant
                    or o.claimant_kind == c.claimant_kind == "official_foreign"
                )
                and _same_weapon(o.weapon, c.weapon)
                and o.count is not None
                and o.parent_claim_id is None
            ),
            None,
        )
        if launch is not None:
            c.count = launch.count
            c.count_qualifier = launch.count_qualifier
            if not c.region_names_raw:
                # "по Одесі випущено 4 «Калібри». Всі ракети знищено": over the launch's places
                c.scope, c.region_codes = launch.scope, list(launch.region_codes)
    return claims
