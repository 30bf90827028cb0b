"""Cut a document into the units a claim is quoted from: sentences and list items.

A ministry bulletin is a header sentence and a list of items, one per line:

    В течение прошедшей ночи ... перехвачены и уничтожены 124 украинских БПЛА:   <- header (ends with ':')
    ▪️ 29 – над территорией Брянской области,                                     <- item
    ▪️ 3 – над территорией Московской области, в том числе 1, летевший на Москву. <- item

A news text is sentences. A unit's span is exact (``text[start:end] == unit.text``),
without the bullet or emoji in front and the white space around, so that it can be the
claim's quote. Sentences end at '.', '!', '?' or '…' followed by space and a
non-lower-case character, except after abbreviations ("в г. Старый Оскол") and in
clock times ("с 8.00 до 14.00").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

_BULLET = re.compile(r"^[\s\u200d\ufe0f▪▫•●◦·\-–—*➖🔹🔸📍✅➡⚡🖥❗️⚠🔴🟢🟡⭕️]+", re.UNICODE)
_NUMBERED = re.compile(r"^\s*\d{1,2}[.)]\s+")
_BOUNDARY = re.compile(r"(?<=[.!?…])[\"»”)]?\s+")
_ABBREVIATIONS = {
    "г",
    "гг",
    "с",
    "п",
    "пос",
    "пгт",
    "д",
    "ул",
    "им",
    "обл",
    "р",
    "т",
    "е",
    "св",
    "ст",
    "мкр",
    "х",
    "mr",
    "mrs",
    "ms",
    "dr",
    "st",
    "gen",
    "lt",
    "col",
    "u.s",
    "no",
    "vs",
    "a.m",
    "p.m",
    # months abbreviated in English dates: "overnight on Oct. 14 with 112 drones"
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
}


@dataclass(frozen=True)
class Unit:
    start: int
    end: int
    text: str
    is_item: bool  # a list item (bullet, number, or a line under a header ending with ':')
    paragraph: int  # index of the blank-line separated block
    line: int  # index of the line
    ends_with_colon: bool  # a header that introduces items or an inline list


_FIGURE_FIRST = re.compile(r"\s*(?:по\s+)?\d")


def segment(text: str) -> list[Unit]:
    """Sentences and list items of ``text``, in order, with exact spans."""
    units: list[Unit] = []
    paragraph, offset, previous_colon, colon_before_blank = 0, 0, False, False
    for line_no, line in enumerate(text.split("\n")):
        line_start = offset
        offset += len(line) + 1
        if not line.strip():
            paragraph += 1
            # a header's list may follow after a blank line ("... 64 украинских БПЛА:",
            # "", "17 БПЛА – над территорией Брянской области,"): lines that open with a
            # figure stay its items
            colon_before_blank = previous_colon or colon_before_blank
            previous_colon = False
            continue
        bullet = _BULLET.match(line) or _NUMBERED.match(line)
        is_item = (
            bool(bullet and bullet.group().strip())
            or previous_colon
            or (colon_before_blank and bool(_FIGURE_FIRST.match(line)))
        )
        colon_before_blank = colon_before_blank and is_item
        for s, e in _sentences(line):
            s, e = _trim(line, s, e)
            if s >= e:
                continue
            unit_text = line[s:e]
            units.append(
                Unit(
                    line_start + s,
                    line_start + e,
                    unit_text,
                    is_item,
                    paragraph,
                    line_no,
                    unit_text.rstrip().endswith(":"),
                )
            )
        last = units[-1] if units and units[-1].line == line_no else None
        previous_colon = bool(last and (last.ends_with_colon or (previous_colon and last.is_item)))
    return units


_INITIALS = re.compile(r"(?:[A-ZА-ЯЁІЇЄҐ]\.){0,2}[A-ZА-ЯЁІЇЄҐ]")


def _sentences(line: str) -> list[tuple[int, int]]:
    spans, start = [], 0
    for m in _BOUNDARY.finditer(line):
        before = line[start : m.start()]
        nxt = line[m.end() : m.end() + 1]
        word = re.search(r"([\w.]+)[.!?…]$", before)
        if (
            word
            and word.group(1).lower().rstrip(".") in _ABBREVIATIONS
            and line[m.start() - 1] == "."
        ):
            continue
        if word and _INITIALS.fullmatch(word.group(1)):
            continue  # initials: "В. Шапша", "заводу им. Б.Е. Бутомы"
        if nxt and nxt.islower():
            continue
        spans.append((start, m.start() + len(m.group().rstrip())))
        start = m.end()
    spans.append((start, len(line)))
    return spans


def _trim(line: str, s: int, e: int) -> tuple[int, int]:
    bullet = _BULLET.match(line[s:e])
    if bullet:
        s += len(bullet.group())
    numbered = _NUMBERED.match(line[s:e])
    if numbered and s == 0:
        s += len(numbered.group())
    while e > s and line[e - 1].isspace():
        e -= 1
    return s, e
