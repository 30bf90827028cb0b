"""Numbers as they are written in interception statements: digits and words, ru/uk/en.

A statement gives its counts as digits ("перехвачены и уничтожены 73 БПЛА") or as
words in any grammatical case the sentence needs:

    "отражена атака трёх БПЛА"            -> 3   (genitive)
    "над территориями ... двадцати двух"  -> 22  (genitive, compound)
    "по одному – над территориями ..."    -> 1   (dative, distributive)
    "по девять БПЛА"                      -> 9
    "Fifteen Ukrainian drones"            -> 15
    "two of them ... and one more"        -> 2, 1
    "дві крилаті ракети", "п'ятьма БпЛА"  -> 2, 5   (Ukrainian)

A decimal is read only with a thousands word after it, the way tallies round big
figures: "более 4,5 тысяч вражеских беспилотников" -> 4500 (qualifier 'more_than'),
"4.5 thousand drones" -> 4500. A plural thousands word with no figure before it is no
number ("тысячи беспилотников", "тисячі дронів": thousands of, not 1000), while the
singular "тысяча" is 1000.

A count may carry a qualifier that the claim keeps (``count_qualifier``):

    "не менее 10", "at least 10", "щонайменше 10"  -> 'at_least'
    "более 20", "свыше 20", "more than 20", "понад 20", "over 20" -> 'more_than'
    "около 30", "порядка 30", "about 30", "around 30", "близько 30" -> 'about'
    "до 15", "up to 15"                            -> 'up_to'

This module only *reads* numbers; whether a number is a count of drones (and not a
clock time, a date, an age or a number of houses) is decided by the statement grammar
in ``claims.py``. Clock times and dates must be masked before calling
:func:`find_numbers` (``timewin.find_time_expressions`` gives their spans).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def normalise(word: str) -> str:
    """Lower-case, ё -> е, every apostrophe variant -> ASCII "'"."""
    return word.lower().replace("ё", "е").replace("’", "'").replace("ʼ", "'").replace("`", "'")


def _forms(table: dict[int, str]) -> dict[str, int]:
    out: dict[str, int] = {}
    for value, forms in table.items():
        for form in forms.split():
            out[normalise(form)] = value
    return out


# Every case form of the Russian cardinals (nominative, genitive, dative, instrumental,
# prepositional; feminine and neuter of 1 and 2; collective двое/трое...).
_RU = {
    1: "один одна одно одни одного одной одному одним одном одну одною одних одними",
    2: "два две двух двум двумя двое двоих оба обе обеих",
    3: "три трех трем тремя трое троих",
    4: "четыре четырех четырем четырьмя четверо четверых",
    5: "пять пяти пятью пятеро пятерых",
    6: "шесть шести шестью шестеро",
    7: "семь семи семью семеро",
    8: "восемь восьми восемью восьмью",
    9: "девять девяти девятью",
    10: "десять десяти десятью",
    20: "двадцать двадцати двадцатью",
    30: "тридцать тридцати тридцатью",
    40: "сорок сорока",
    50: "пятьдесят пятидесяти пятьюдесятью",
    60: "шестьдесят шестидесяти шестьюдесятью",
    70: "семьдесят семидесяти семьюдесятью",
    80: "восемьдесят восьмидесяти восемьюдесятью",
    90: "девяносто девяноста",
    100: "сто ста",
    200: "двести двухсот двумстам двумястами двухстах",
    300: "триста трехсот тремстам тремястами трехстах",
    400: "четыреста четырехсот четыремстам четырьмястами четырехстах",
    500: "пятьсот пятисот пятистам пятьюстами пятистах",
    600: "шестьсот шестисот шестистам шестьюстами шестистах",
    700: "семьсот семисот семистам семьюстами семистах",
    800: "восемьсот восьмисот восьмистам восемьюстами восьмистах",
    900: "девятьсот девятисот девятистам девятьюстами девятистах",
    1000: "тысяча тысячи тысячу тысячей тысяч тысячам тысячами",
}
_RU_TEENS = {
    11: "одиннадцат",
    12: "двенадцат",
    13: "тринадцат",
    14: "четырнадцат",
    15: "пятнадцат",
    16: "шестнадцат",
    17: "семнадцат",
    18: "восемнадцат",
    19: "девятнадцат",
}
for _v, _stem in _RU_TEENS.items():
    _RU[_v] = " ".join(_stem + end for end in ("ь", "и", "ью"))

_UK = {
    1: "один одна одне одного одної одному одній одним однією одну одні одних одними",
    2: "два дві двох двом двома обидва обидві обох",
    3: "три трьох трьом трьома",
    4: "чотири чотирьох чотирьом чотирма",
    5: "п'ять п'яти п'ятьох п'ятьом п'ятьма",
    6: "шість шести шістьох шістьом шістьма",
    7: "сім семи сімох сімом сьома",
    8: "вісім восьми вісьмох вісьмом вісьма",
    9: "дев'ять дев'яти дев'ятьох дев'ятьом дев'ятьма",
    10: "десять десяти десятьох десятьом десятьма",
    20: "двадцять двадцяти двадцятьох двадцятьма",
    30: "тридцять тридцяти тридцятьох тридцятьма",
    40: "сорок сорока",
    50: "п'ятдесят п'ятдесяти п'ятдесятьма",
    60: "шістдесят шістдесяти шістдесятьма",
    70: "сімдесят сімдесяти сімдесятьма",
    80: "вісімдесят вісімдесяти вісімдесятьма",
    90: "дев'яносто дев'яноста",
    100: "сто ста",
    200: "двісті двохсот двомстам",
    300: "триста трьохсот",
    400: "чотириста чотирьохсот",
    500: "п'ятсот п'ятисот",
    1000: "тисяча тисячі тисяч тисячу",
}
_UK_TEENS = {
    11: "одинадцят",
    12: "дванадцят",
    13: "тринадцят",
    14: "чотирнадцят",
    15: "п'ятнадцят",
    16: "шістнадцят",
    17: "сімнадцят",
    18: "вісімнадцят",
    19: "дев'ятнадцят",
}
for _v, _stem in _UK_TEENS.items():
    _UK[_v] = " ".join(_stem + end for end in ("ь", "и", "ьох", "ьом", "ьма"))

_EN = {
    1: "one",
    2: "two both",
    3: "three",
    4: "four",
    5: "five",
    6: "six",
    7: "seven",
    8: "eight",
    9: "nine",
    10: "ten",
    11: "eleven",
    12: "twelve dozen",
    13: "thirteen",
    14: "fourteen",
    15: "fifteen",
    16: "sixteen",
    17: "seventeen",
    18: "eighteen",
    19: "nineteen",
    20: "twenty",
    30: "thirty",
    40: "forty",
    50: "fifty",
    60: "sixty",
    70: "seventy",
    80: "eighty",
    90: "ninety",
    100: "hundred",
    1000: "thousand",
}

NUMBER_WORDS: dict[str, int] = {**_forms(_EN), **_forms(_UK), **_forms(_RU)}
_MULTIPLIERS = {"hundred": 100, "thousand": 1000}

QUALIFIERS: list[tuple[str, str]] = [
    # (regex, qualifier) — tried right before the number; longest phrases first
    (
        r"не\s+менее|не\s+меньше|как\s+минимум|по\s+меньшей\s+мере|at\s+least|no\s+fewer\s+than|"
        r"щонайменше|не\s+менше|принаймні|як\s+мінімум",
        "at_least",
    ),
    (
        r"более\s+чем|более|свыше|больше|more\s+than|over|upwards\s+of|понад|більше\s+ніж|більше|"
        r"в\s+общей\s+сложности\s+более",
        "more_than",
    ),
    (
        r"около|порядка|примерно|почти|about|around|approximately|roughly|nearly|almost|"
        r"some|близько|приблизно|майже",
        "about",
    ),
    (r"до|up\s+to|as\s+many\s+as", "up_to"),
]
_QUALIFIER_RE = re.compile(
    r"(?:"
    + "|".join(f"(?P<q{i}>(?<![\\w'])(?:{rx}))" for i, (rx, _) in enumerate(QUALIFIERS))
    + r")\s+$",
    re.IGNORECASE,
)

_THOUSANDS_RE = re.compile(
    r"\s+(?:тысяч[аи]?|тыс\.|thousand|тисяч[аі]?|тис\.)(?![\w])", re.IGNORECASE
)
# "4,5 тысяч", "4.5 thousand", "1,2 тис.": a decimal times a thousand
_DECIMAL_THOUSANDS_RE = re.compile(
    r"(?<![\w.,:/+-])(\d{1,3})[.,](\d{1,2})(?=\s+(?:тысяч|тыс\.|thousand|тисяч|тис\.))"
)
# "тысячи беспилотников" (thousands of): a plural multiplier on its own is no number
_BARE_PLURAL_THOUSANDS = frozenset(("тысячи", "тысяч", "тысячами", "тысячам", "тисячі", "тисяч"))
_WORD_RE = re.compile(r"[A-Za-zА-Яа-яЁёІіЇїЄєҐґ'’ʼ]+")
# "84512", "1,200" (English thousands), "1 200" (Russian/Ukrainian thousands, also with a
# no-break or thin space); never the parts of "8.00", "21:00", "3,5" or "Х-101"
_DIGITS_RE = re.compile(
    r"(?<![\w.,:/+-])(?:\d{1,3}(?:,\d{3})+(?![\d.,])|\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?![\d.,:])|\d{1,6})(?![\w]|[.,:]\d)"
)


@dataclass(frozen=True)
class NumberMatch:
    """A number read from text. ``start``/``end`` cover the number itself (and a
    leading qualifier when there is one: ``qualified_start``)."""

    start: int
    end: int
    value: int
    text: str
    qualifier: str | None = None
    qualified_start: int | None = None
    is_word: bool = False


def word_value(word: str) -> int | None:
    """The value of a single number word in any case form, or None."""
    return NUMBER_WORDS.get(normalise(word))


def _compose(values: list[int]) -> list[list[int]]:
    """Split a run of adjacent number words into numbers: "двадцати двух" is one number
    (20 + 2), "two three" is two. A part joins the current number when it is smaller
    than the last additive part's order of magnitude (20 then 2, 100 then 24) or when it
    is a multiplier (hundred, thousand)."""
    groups: list[list[int]] = []
    for v in values:
        if groups:
            last = groups[-1]
            prev = last[-1]
            if v in (100, 1000) and prev < v:
                last.append(v)
                continue
            if prev >= 10 and prev % 10 == 0 and v < _magnitude(prev):
                last.append(v)
                continue
        groups.append([v])
    return groups


def _magnitude(v: int) -> int:
    m = 1
    while m * 10 <= v:
        m *= 10
    return m


def _value_of(parts: list[int]) -> int:
    total, current = 0, 0
    for p in parts:
        if p == 1000:
            total += max(current, 1) * 1000
            current = 0
        elif p == 100 and current and current < 10:
            current *= 100
        else:
            current += p
    return total + current


def find_numbers(text: str) -> list[NumberMatch]:
    """Every number in ``text``, digits and words, in order, with its qualifier.

    Digits glued to other digits by '.', ':' or ',' are not read (they are clock times,
    dates or decimals: mask them first anyway). "one more" and "ещё один" read as 1.
    """
    found: list[NumberMatch] = []
    for m in _DIGITS_RE.finditer(text):
        value, end = int(re.sub(r"\D", "", m.group())), m.end()
        thousands = _THOUSANDS_RE.match(text, end)
        if thousands:  # "3 тысяч", "5 thousand"
            value, end = value * 1000, thousands.end()
        found.append(NumberMatch(m.start(), end, value, text[m.start() : end]))
    if "," in text or "." in text:
        for m in _DECIMAL_THOUSANDS_RE.finditer(text):
            thousands = _THOUSANDS_RE.match(text, m.end())
            if thousands:
                whole, frac = m.group(1), m.group(2)
                value = int(whole) * 1000 + int(frac.ljust(3, "0"))
                found.append(
                    NumberMatch(
                        m.start(), thousands.end(), value, text[m.start() : thousands.end()]
                    )
                )
    # runs of number words: words separated by spaces, hyphens or English "and"
    words = [(m.start(), m.end(), m.group()) for m in _WORD_RE.finditer(text)]
    run: list[tuple[int, int, int]] = []

    def flush() -> None:
        if not run:
            return
        values = [v for _, _, v in run]
        i = 0
        for group in _compose(values):
            s, e = run[i][0], run[i + len(group) - 1][1]
            if group == [1000] and normalise(text[s:e]) in _BARE_PLURAL_THOUSANDS:
                i += 1
                continue
            found.append(NumberMatch(s, e, _value_of(group), text[s:e], is_word=True))
            i += len(group)
        run.clear()

    for idx, (s, e, w) in enumerate(words):
        v = word_value(w)
        if normalise(w) == "dozen" and not (idx and normalise(words[idx - 1][2]) == "a"):
            v = None
        if v is not None:
            gap = text[run[-1][1] : s] if run else ""
            if run and not re.fullmatch(r"[\s-]+|\s+and\s+", gap):
                flush()
            run.append((s, e, v))
        elif (
            run and normalise(w) == "and" and idx + 1 < len(words) and word_value(words[idx + 1][2])
        ):
            continue
        else:
            flush()
    flush()
    digits = [n for n in found if not n.is_word]
    found = [
        n
        for n in found
        if not n.is_word or not any(d.start < n.end and n.start < d.end for d in digits)
    ]
    found.sort(key=lambda n: n.start)
    return [_with_qualifier(text, n) for n in found]


def _with_qualifier(text: str, n: NumberMatch) -> NumberMatch:
    head = text[max(0, n.start - 40) : n.start]
    m = _QUALIFIER_RE.search(head)
    if not m:
        return n
    for i, (_, qualifier) in enumerate(QUALIFIERS):
        if m.group(f"q{i}"):
            start = n.start - (len(head) - m.start())
            return NumberMatch(n.start, n.end, n.value, n.text, qualifier, start, n.is_word)
    return n


def parse_number(phrase: str) -> int | None:
    """The value of a phrase that is exactly one number ("двадцати двух", "73",
    "twenty-two"), else None."""
    nums = find_numbers(phrase.strip())
    if len(nums) == 1 and nums[0].start == 0 and nums[0].end == len(phrase.strip()):
        return nums[0].value
    return None
