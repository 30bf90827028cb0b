"""Score the extractor against hand-annotated documents (``intercepts eval FILE``).

**Annotation format** — JSON lines, one document a line: the document's own fields
(as for ``intercepts extract``: ``doc_id``, ``text``, ``published_at``, ``language``,
``timezone``, ``publisher``, optionally ``claimant_kind``, ``url``) plus

* ``claims``: the list of claims a careful analyst reads from the text, each with
  ``scope`` ('region' | 'regions' | 'total' | 'subset'), ``region_codes`` (ISO 3166-2,
  ``SEA-*``, ``UA``), ``count`` (integer, or null for a withheld figure),
  ``night_ending`` (YYYY-MM-DD or null) and, when the text names a day rather than a
  night, ``date`` (YYYY-MM-DD). Other keys (``claimant``, ``window_start``,
  ``window_end``, ``action``, ``direction``, ``districts``, ``increment`` ...) are
  documentation for the reader and are not scored;
* optionally ``form`` (e.g. 'ministry_daily', 'governor', 'news_en', 'ua_air_force')
  and ``note``. Without ``form``, the form is derived from the publisher (ministry,
  governor, mayor, regional_hq, ua_air_force, news).

This is the format of ``shared/corpus/dev.jsonl`` and of
``tests/fixtures/extract/cases.jsonl``.

**Scoring.** Each claim becomes the tuple (scope, sorted region_codes, count, day),
where *day* is ``night_ending`` when it is set and otherwise the ``date`` of the
annotation (for the extractor: its ``event_date``). So the seed article's "On July 17,
... shot down 22" scores as (total, [], 22, 2025-07-17): a claim about a named day
matches only when the extractor also dates it to that day and does not invent a
night for it. Tuples are compared per document as multisets (two claims of the same
tuple must both be found). Precision, recall and F1 are micro-averaged over all
tuples, overall and per language and per form.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from intercepts.extract import claimants
from intercepts.extract.claims import extract
from intercepts.extract.jsonl import document_from_record

Key = tuple[str, tuple[str, ...], int | None, str | None]


def annotation_key(claim: dict) -> Key:
    return (
        claim["scope"],
        tuple(sorted(claim.get("region_codes") or [])),
        claim.get("count"),
        claim.get("night_ending") or claim.get("date"),
    )


def claim_key(claim) -> Key:
    return (
        claim.scope,
        tuple(sorted(claim.region_codes)),
        claim.count,
        claim.night_ending or claim.event_date,
    )


@dataclass
class Tally:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def add(self, other: Tally) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn

    def line(self, label: str) -> str:
        return (
            f"{label:<22} P={self.precision:.3f} R={self.recall:.3f} F1={self.f1:.3f} "
            f"(tp={self.tp} fp={self.fp} fn={self.fn})"
        )


_ATTACK = ("launched", "attacked")


def _family(action: str | None) -> str | None:
    if action is None:
        return None
    return "attack" if action in _ATTACK else "interception"


def strict_annotation_key(claim: dict) -> tuple | None:
    """The key with what was done and to what: (key, action family, weapon class), for an
    annotation that states both (``action``, ``weapon_class``; "any" is an aerial target)."""
    if not claim.get("action") or not claim.get("weapon_class"):
        return None
    cls = "aerial_target" if claim["weapon_class"] == "any" else claim["weapon_class"]
    return (annotation_key(claim), _family(claim["action"]), cls)


def strict_claim_key(claim) -> tuple:
    return (claim_key(claim), _family(claim.action), claim.weapon_class)


@dataclass
class Report:
    documents: int = 0
    overall: Tally = field(default_factory=Tally)
    # over the documents whose every claim states action and weapon class: also right about
    # launched/attacked against intercepted, and about the weapon class
    strict: Tally = field(default_factory=Tally)
    by_language: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    by_form: dict[str, Tally] = field(default_factory=lambda: defaultdict(Tally))
    misses: list[str] = field(default_factory=list)
    false_hits: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def f1(self) -> float:
        return self.overall.f1

    def render(self) -> str:
        lines = [f"documents: {self.documents}", self.overall.line("overall")]
        if self.strict.tp + self.strict.fp + self.strict.fn:
            lines.append(self.strict.line("+action,weapon"))
        lines += ["", "by language:"]
        lines += [self.by_language[k].line("  " + k) for k in sorted(self.by_language)]
        lines += ["", "by form:"]
        lines += [self.by_form[k].line("  " + k) for k in sorted(self.by_form)]
        lines += ["", f"misses ({len(self.misses)}):"] + ["  " + m for m in self.misses]
        lines += ["", f"false hits ({len(self.false_hits)}):"] + ["  " + m for m in self.false_hits]
        if self.errors:
            lines += ["", f"unreadable documents ({len(self.errors)}):"] + [
                "  " + e for e in self.errors
            ]
        return "\n".join(lines) + "\n"


def form_of(record: dict) -> str:
    """The annotated ``form``, or one derived from the publisher."""
    if record.get("form"):
        return record["form"]
    who = claimants.publisher_claimant(record.get("publisher"), record.get("claimant_kind"))
    return {
        "mod": "ministry",
        "governor": "governor",
        "mayor": "mayor",
        "hq": "regional_hq",
        "ua_air_force": "ua_air_force",
    }.get(who.role, "news")


def _fmt(key: Key) -> str:
    scope, codes, count, day = key
    return f"{scope} [{','.join(codes)}] count={count} day={day}"


def evaluate_records(records: list[dict]) -> Report:
    """Score the extractor on annotated document records (already parsed JSON)."""
    report = Report()
    for record in records:
        try:
            doc = document_from_record(record)
        except ValueError as exc:
            report.errors.append(f"{record.get('doc_id')}: {exc}")
            continue
        report.documents += 1
        result = extract(doc)
        expected = Counter(annotation_key(c) for c in record.get("claims") or [])
        got = Counter(claim_key(c) for c in result.claims)
        quotes = {claim_key(c): c.quote for c in result.claims}
        tally = Tally()
        tally.tp = sum((expected & got).values())
        tally.fn = sum((expected - got).values())
        tally.fp = sum((got - expected).values())
        for key in sorted((expected - got).elements(), key=str):
            report.misses.append(f"{doc.doc_id}: {_fmt(key)}")
        for key in sorted((got - expected).elements(), key=str):
            report.false_hits.append(f"{doc.doc_id}: {_fmt(key)}  «{quotes[key][:80]}»")
        report.overall.add(tally)
        strict = [strict_annotation_key(c) for c in record.get("claims") or []]
        if strict and all(k is not None for k in strict):
            want = Counter(strict)
            have = Counter(strict_claim_key(c) for c in result.claims)
            report.strict.add(
                Tally(
                    sum((want & have).values()),
                    sum((have - want).values()),
                    sum((want - have).values()),
                )
            )
        report.by_language[doc.language].add(tally)
        report.by_form[form_of(record)].add(tally)
    return report


def load_annotated(path: str | Path) -> list[dict]:
    """Annotated records from a JSON-lines file (blank lines skipped)."""
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def evaluate_file(path: str | Path) -> Report:
    """Score the extractor on an annotated JSON-lines file."""
    return evaluate_records(load_annotated(path))
