"""The first-character gate (``fastre.gated``) finds exactly what the plain pattern finds."""

from __future__ import annotations

import json
import re
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from intercepts.extract import claimants, grammar, lexicon, timewin
from intercepts.extract.fastre import first_chars, gated

FIXTURES = Path(__file__).parents[1] / "fixtures" / "extract"
GATED = [
    v
    for m in (lexicon, timewin, claimants, grammar)
    for v in vars(m).values()
    if isinstance(v, re.Pattern) and v.pattern.startswith("(?=(?i:[")
]


def _plain(rx: re.Pattern) -> re.Pattern:
    inner = rx.pattern[rx.pattern.index("]))(?:") + len("]))(?:") : -1]
    return re.compile(inner, rx.flags)


def _spans(rx, text):
    return [(m.span(), m.groups()) for m in rx.finditer(text)]


def test_the_big_patterns_are_gated():
    assert lexicon.VERB_RE in GATED and lexicon.WEAPON_RE in GATED and len(GATED) >= 20


def test_first_chars():
    assert first_chars(r"сбит[аоы]?\b|shot\s+down", re.I) == {"с", "С", "s", "S"}
    assert first_chars(r"(?<!\w)(?:ab|c?d)") == {"a", "A", "c", "C", "d", "D"}
    assert first_chars(r"\w+drone") is None  # any letter may begin it
    assert first_chars(r"x?") is None  # may match the empty string
    assert gated(r"\d+").pattern == r"\d+"


def test_same_matches_on_every_fixture_text():
    texts = [
        json.loads(line)["text"]
        for name in ("dev.jsonl", "cases.jsonl", "heldout.jsonl")
        for line in (FIXTURES / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    for rx in GATED:
        plain = _plain(rx)
        for text in texts:
            assert _spans(rx, text) == _spans(plain, text), rx.pattern[:60]


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(
            [
                "сбиты",
                "Сбит",
                "ШАХЕД",
                "drones",
                "Shot down",
                "ночью",
                "в ночь на 18 июля",
                " ",
                "K",
                "\u212a",
                "ſ",
                "з 18:00",
                "12",
                ",",
                "уничтожены",
                "БПЛА",
                "overnight",
                "İ",
            ]
        ),
        max_size=12,
    ).map("".join)
)
def test_same_matches_on_generated_text(text):
    for rx in GATED:
        assert _spans(rx, text) == _spans(_plain(rx), text)
