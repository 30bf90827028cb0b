"""Faster scans with the same matches: a first-character gate in front of a big pattern.

Python's regex engine tries every alternative of a pattern like ``lexicon.VERB_RE``
("перехвачен…|уничтожен…|сбит…|shot down|…", some sixty branches) at every position of
a sentence, and it has no fast scan for a case-insensitive pattern. Most positions start
with a letter no branch can start with ("В течение прошедшей ночи…": 'В', ' ', 'т', …),
so :func:`gated` computes, from the parsed pattern itself, the set of characters a match
can begin with and puts a lookahead on that set in front:

    gated(r"сбит[аоы]?\\b|shot\\s+down", re.IGNORECASE)
    → (?=[СсSs])(?:сбит[аоы]?\\b|shot\\s+down)

A lookahead consumes nothing, and every match begins with one of those characters, so
the gated pattern finds exactly the matches of the original (same spans, same groups:
the original sits inside a non-capturing group). When a branch can begin with any
character (``\\w``, ``.``, a negated class) or the pattern can match the empty string,
the pattern is compiled as it is.
"""

from __future__ import annotations

import re
import re._constants as C
import re._parser as P

_ANY = None  # "any character may begin a match"


def _first(items) -> tuple[set[str] | None, bool]:
    """(characters a match of this sequence can begin with, can it match empty)."""
    out: set[str] = set()
    for op, av in items:
        chars, nullable = _first_op(op, av)
        if chars is _ANY:
            return _ANY, False
        out |= chars
        if not nullable:
            return out, False
    return out, True


def _first_op(op, av) -> tuple[set[str] | None, bool]:
    if op is C.LITERAL:
        return {chr(av)}, False
    if op is C.IN:
        chars: set[str] = set()
        for iop, iav in av:
            if iop is C.LITERAL:
                chars.add(chr(iav))
            elif iop is C.RANGE and iav[1] - iav[0] < 256:
                chars.update(chr(c) for c in range(iav[0], iav[1] + 1))
            else:  # NEGATE, CATEGORY (\w, \d, \s), a wide range
                return _ANY, False
        return chars, False
    if op is C.BRANCH:
        chars, nullable = set(), False
        for branch in av[1]:
            b, n = _first(branch)
            if b is _ANY:
                return _ANY, False
            chars |= b
            nullable = nullable or n
        return chars, nullable
    if op is C.SUBPATTERN:
        return _first(av[3])
    if op in (C.MAX_REPEAT, C.MIN_REPEAT, C.POSSESSIVE_REPEAT):
        chars, nullable = _first(av[2])
        return chars, nullable or av[0] == 0
    if op in (C.AT, C.ASSERT, C.ASSERT_NOT):
        return set(), True  # zero-width: the match begins with what follows
    return _ANY, False  # ANY, NOT_LITERAL, GROUPREF, ...


def first_chars(pattern: str, flags: int = 0) -> set[str] | None:
    """Every character a match of ``pattern`` can begin with (both cases of each
    letter), or None when it can begin with any character or match the empty string."""
    chars, nullable = _first(P.parse(pattern, flags))
    if chars is _ANY or nullable or not chars:
        return None
    return {v for c in chars for v in (c, c.lower(), c.upper(), c.casefold()) if len(v) == 1}


def gated(pattern: str, flags: int = 0) -> re.Pattern:
    """``re.compile(pattern, flags)`` with a first-character lookahead in front: the
    same matches, found faster (see the module docstring)."""
    chars = first_chars(pattern, flags)
    if chars is None:
        return re.compile(pattern, flags)
    charset = "".join(re.escape(c) for c in sorted(chars))
    return re.compile(f"(?=(?i:[{charset}]))(?:{pattern})", flags)
