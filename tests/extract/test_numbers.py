"""Numbers in digits and words, ru/uk/en, in every case the statements use."""

from __future__ import annotations

import pytest

from intercepts.extract.numbers import find_numbers, parse_number


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("73", 73),
        ("один", 1),
        ("одному", 1),
        ("одного", 1),
        ("одна", 1),
        ("два", 2),
        ("две", 2),
        ("двух", 2),
        ("двумя", 2),
        ("три", 3),
        ("трёх", 3),
        ("трех", 3),
        ("тремя", 3),
        ("четырьмя", 4),
        ("пяти", 5),
        ("шестью", 6),
        ("семи", 7),
        ("восьми", 8),
        ("девять", 9),
        ("девяти", 9),
        ("десятью", 10),
        ("одиннадцать", 11),
        ("пятнадцати", 15),
        ("девятнадцатью", 19),
        ("двадцать", 20),
        ("двадцати двух", 22),
        ("тридцати одного", 31),
        ("сорока", 40),
        ("пятьюдесятью", 50),
        ("девяноста девяти", 99),
        ("сто двадцать четыре", 124),
        ("двухсот", 200),
        ("трёхсот сорока", 340),
        ("тысяча", 1000),
        ("дві", 2),
        ("двома", 2),
        ("трьох", 3),
        ("чотирма", 4),
        ("п'ятьма", 5),
        ("п’ять", 5),
        ("дев'ятьох", 9),
        ("одинадцять", 11),
        ("двадцятьма", 20),
        ("сорока", 40),
        ("one", 1),
        ("two", 2),
        ("Fifteen", 15),
        ("twenty-two", 22),
        ("twenty two", 22),
        ("one hundred and twenty-four", 124),
        ("ninety", 90),
        ("a dozen", 12),
    ],
)
def test_number_words_in_every_case(phrase, value):
    nums = find_numbers(phrase)
    assert nums and nums[-1].value == value


@pytest.mark.parametrize(
    ("text", "value", "qualifier"),
    [
        ("не менее 10 БПЛА", 10, "at_least"),
        ("как минимум 10 беспилотников", 10, "at_least"),
        ("at least 10 drones", 10, "at_least"),
        ("щонайменше 10 дронів", 10, "at_least"),
        ("более 20 БПЛА", 20, "more_than"),
        ("свыше 20 БПЛА", 20, "more_than"),
        ("more than 50 drones", 50, "more_than"),
        ("понад 30 дронів", 30, "more_than"),
        ("около тридцати БПЛА", 30, "about"),
        ("about 30 drones", 30, "about"),
        ("близько 30 дронів", 30, "about"),
        ("up to 15 drones", 15, "up_to"),
        ("до 15 беспилотников", 15, "up_to"),
        ("уничтожены 15 беспилотников", 15, None),
    ],
)
def test_qualifiers_are_kept(text, value, qualifier):
    (n,) = find_numbers(text)
    assert (n.value, n.qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("two three", [2, 3]),
        ("29 – над Брянской, 15 – над Орловской", [29, 15]),
        ("с 8.00 до 14.00", []),  # clock times are no numbers
        ("21:00 and 07:50", []),
        ("3,5 процента", []),
        ("Х-101 и Kh-101", []),  # digits glued to a hyphen are part of a name
        ("двадцать, два", [20, 2]),
    ],
)
def test_what_is_and_is_not_a_number(text, values):
    assert [n.value for n in find_numbers(text)] == values


def test_spans_point_at_the_number_as_written():
    text = "уничтожены двадцати двух БПЛА"
    (n,) = find_numbers(text)
    assert text[n.start : n.end] == "двадцати двух" == n.text


def test_parse_number_accepts_exactly_one_number():
    assert parse_number("двадцати двух") == 22
    assert parse_number("two drones") is None
    assert parse_number("") is None


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("1,200 drones", 1200),
        ("1 200 дронов", 1200),
        ("1\u00a0200 дронів", 1200),
        ("84512 БПЛА", 84512),
    ],
)
def test_thousands_separators(text, value):
    (n,) = find_numbers(text)
    assert n.value == value


def test_thousands_written_as_a_word_after_digits():
    assert [
        (n.value, n.text) for n in find_numbers("более 3 тысяч беспилотников, 5 thousand drones")
    ] == [(3000, "3 тысяч"), (5000, "5 thousand")]


@pytest.mark.parametrize(
    ("text", "values"),
    [
        ("более 4,5 тысяч вражеских беспилотников", [4500]),
        ("4.5 thousand drones", [4500]),
        ("понад 1,2 тис. дронів", [1200]),
        ("3,5 процента", []),  # a decimal without a thousands word is no number
        ("тысячи беспилотников", []),  # "thousands of": no figure
        ("тисячі дронів", []),
        ("тысяча беспилотников", [1000]),
    ],
)
def test_decimal_thousands_and_bare_plural_thousands(text, values):
    assert [n.value for n in find_numbers(text)] == values
