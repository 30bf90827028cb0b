"""Time windows, their zones and precision, and the night_ending rule."""

from __future__ import annotations

from datetime import date, datetime
from zoneinfo import ZoneInfo

import pytest

from intercepts.extract.timewin import default_context, find_time_expressions, resolve, resolve_date

MSK = ZoneInfo("Europe/Moscow")
KYIV = ZoneInfo("Europe/Kyiv")


def read(text, published, previous=None):
    exprs = find_time_expressions(text)
    return resolve(exprs, previous or default_context(published), published)


@pytest.mark.parametrize(
    ("text", "published", "start", "end", "night", "period"),
    [
        (
            "С 8.00 до 14.00 мск дежурными средствами ПВО",
            datetime(2025, 5, 12, 14, 20, tzinfo=MSK),
            "2025-05-12T08:00:00+03:00",
            "2025-05-12T14:00:00+03:00",
            None,
            "day",
        ),
        (
            "В период с 22.00 мск 22 июня до 7.00 мск 23 июня",
            datetime(2025, 6, 23, 7, 35, tzinfo=MSK),
            "2025-06-22T22:00:00+03:00",
            "2025-06-23T07:00:00+03:00",
            "2025-06-23",
            "night",
        ),
        (
            "between 21:00 and 07:50 Moscow time",
            datetime(2025, 7, 20, 9, 30, tzinfo=MSK),
            "2025-07-19T21:00:00+03:00",
            "2025-07-20T07:50:00+03:00",
            "2025-07-20",
            "night",
        ),
        (
            "spanned from 23:00 to 07:00 Moscow time",
            datetime(2025, 7, 20, 9, 30, tzinfo=MSK),
            "2025-07-19T23:00:00+03:00",
            "2025-07-20T07:00:00+03:00",
            "2025-07-20",
            "night",
        ),
        (
            "Всего в период с 9:00 11 ноября до 9:00 12 ноября",
            datetime(2025, 11, 12, 9, 20, tzinfo=MSK),
            "2025-11-11T09:00:00+03:00",
            "2025-11-12T09:00:00+03:00",
            "2025-11-12",
            "24h",
        ),
        (
            "с 20.00 до 23.00 мск",
            datetime(2025, 6, 1, 23, 15, tzinfo=MSK),
            "2025-06-01T20:00:00+03:00",
            "2025-06-01T23:00:00+03:00",
            "2025-06-02",
            "night",
        ),
        (
            "с 0.00 до 3.00 мск",
            datetime(2025, 6, 2, 3, 30, tzinfo=MSK),
            "2025-06-02T00:00:00+03:00",
            "2025-06-02T03:00:00+03:00",
            "2025-06-02",
            "night",
        ),
        # a window stated in Moscow time, published by a Kyiv-time publisher
        (
            "з 21:00 до 06:00 мск",
            datetime(2025, 1, 15, 7, 30, tzinfo=KYIV),
            "2025-01-14T21:00:00+03:00",
            "2025-01-15T06:00:00+03:00",
            "2025-01-15",
            "night",
        ),
        # Kyiv winter time is UTC+2, summer time UTC+3
        (
            "з 18:00 до 08:00",
            datetime(2025, 1, 15, 9, 0, tzinfo=KYIV),
            "2025-01-14T18:00:00+02:00",
            "2025-01-15T08:00:00+02:00",
            "2025-01-15",
            "night",
        ),
        (
            "з 18:00 до 08:00",
            datetime(2025, 7, 15, 9, 0, tzinfo=KYIV),
            "2025-07-14T18:00:00+03:00",
            "2025-07-15T08:00:00+03:00",
            "2025-07-15",
            "night",
        ),
    ],
)
def test_stated_windows(text, published, start, end, night, period):
    ctx = read(text, published)
    assert ctx.window_start.isoformat() == start
    assert ctx.window_end.isoformat() == end
    assert (ctx.night_ending.isoformat() if ctx.night_ending else None) == night
    assert ctx.period == period
    assert ctx.precision == "minute"


@pytest.mark.parametrize(
    ("text", "published", "night", "period", "event_date"),
    [
        (
            "В течение прошедшей ночи",
            datetime(2025, 7, 18, 7, 10, tzinfo=MSK),
            "2025-07-18",
            "night",
            None,
        ),
        ("Минувшей ночью", datetime(2025, 7, 18, 7, 10, tzinfo=MSK), "2025-07-18", "night", None),
        ("Сегодня ночью", datetime(2025, 7, 18, 2, 10, tzinfo=MSK), "2025-07-18", "night", None),
        ("overnight", datetime(2025, 7, 18, 10, 0, tzinfo=MSK), "2025-07-18", "night", None),
        ("during the night", datetime(2025, 7, 18, 10, 0, tzinfo=MSK), "2025-07-18", "night", None),
        ("минулої ночі", datetime(2025, 7, 18, 9, 0, tzinfo=KYIV), "2025-07-18", "night", None),
        (
            "в ночь на 18 июля",
            datetime(2025, 7, 18, 12, 0, tzinfo=MSK),
            "2025-07-18",
            "night",
            None,
        ),
        (
            "У ніч на 18 липня",
            datetime(2025, 7, 18, 9, 0, tzinfo=KYIV),
            "2025-07-18",
            "night",
            None,
        ),
        (
            "over the night of July 25 to 26",
            datetime(2025, 7, 26, 15, 0, tzinfo=MSK),
            "2025-07-26",
            "night",
            None,
        ),
        ("за прошедшие сутки", datetime(2025, 11, 2, 8, 40, tzinfo=MSK), "2025-11-02", "24h", None),
        (
            "over the past 24 hours",
            datetime(2025, 11, 2, 8, 40, tzinfo=MSK),
            "2025-11-02",
            "24h",
            None,
        ),
        ("в течение дня", datetime(2025, 11, 2, 18, 40, tzinfo=MSK), None, "day", "2025-11-02"),
        ("yesterday", datetime(2025, 10, 3, 10, 0, tzinfo=MSK), None, None, "2025-10-02"),
        ("On July 17,", datetime(2025, 7, 20, 9, 30, tzinfo=MSK), None, None, "2025-07-17"),
        ("17 июля", datetime(2025, 7, 20, 9, 30, tzinfo=MSK), None, None, "2025-07-17"),
        # a date without a year is never in the future: 30 December read in January
        ("30 декабря", datetime(2025, 1, 3, 9, 30, tzinfo=MSK), None, None, "2024-12-30"),
    ],
)
def test_named_nights_and_days(text, published, night, period, event_date):
    ctx = read(text, published)
    assert (ctx.night_ending.isoformat() if ctx.night_ending else None) == night
    assert ctx.period == period
    assert (ctx.event_date.isoformat() if ctx.event_date else None) == event_date
    assert ctx.window_start is None and ctx.window_end is None


@pytest.mark.parametrize(
    ("published", "night"),
    [
        (datetime(2025, 5, 6, 2, 12, tzinfo=MSK), "2025-05-06"),  # a post in the small hours
        (datetime(2025, 5, 6, 8, 0, tzinfo=MSK), "2025-05-06"),  # the morning bulletin
        (
            datetime(2025, 5, 5, 23, 40, tzinfo=MSK),
            "2025-05-06",
        ),  # the evening: the night that begins
        (datetime(2025, 5, 5, 17, 59, tzinfo=MSK), "2025-05-05"),
    ],
)
def test_nothing_stated_uses_the_publication_instant(published, night):
    assert default_context(published).night_ending.isoformat() == night


def test_open_start_closed_by_a_later_as_of():
    published = datetime(2025, 7, 18, 9, 10, tzinfo=KYIV)
    text = "У ніч на 18 липня (з 18:00 17 липня) противник атакував. Станом на 08:30 збито 39."
    exprs = find_time_expressions(text)
    as_of = next(e for e in exprs if e.kind == "as_of")
    ctx = resolve(
        [e for e in exprs if e.kind != "as_of"], default_context(published), published, as_of
    )
    assert ctx.window_start.isoformat() == "2025-07-17T18:00:00+03:00"
    assert ctx.window_end.isoformat() == "2025-07-18T08:30:00+03:00"
    assert ctx.night_ending == date(2025, 7, 18)


def test_open_start_takes_the_end_of_the_window_before():
    published = datetime(2025, 6, 23, 7, 35, tzinfo=MSK)
    first = read("В период с 22.00 мск 22 июня до 7.00 мск 23 июня", published)
    footer = read("Всего за ночь, с 20.00 мск, перехвачены", published, previous=first)
    assert footer.window_start.isoformat() == "2025-06-22T20:00:00+03:00"
    assert footer.window_end == first.window_end
    assert footer.night_ending == date(2025, 6, 23)


def test_a_sentence_without_time_keeps_the_context():
    published = datetime(2025, 7, 20, 9, 30, tzinfo=MSK)
    first = read("from 23:00 to 07:00 Moscow time", published)
    assert read("In total, 73 drones were intercepted", published, previous=first) is first


def test_clock_and_date_spans_are_found_for_masking():
    text = "В период с 22.00 мск 22 июня до 7.00 мск 23 июня уничтожены 9 БПЛА"
    (window,) = find_time_expressions(text)
    assert window.kind == "window"
    assert "9 БПЛА" not in text[window.start : window.end]
    assert text[window.start : window.end].endswith("23 июня")


def test_resolve_date_rejects_impossible_dates():
    assert resolve_date(31, 2, None, date(2025, 3, 1)) is None


@pytest.mark.parametrize(
    ("text", "night"),
    [
        ("В ночь с 19 на 20 июля", "2025-07-20"),
        ("У ніч з 19 на 20 липня", "2025-07-20"),
        ("over the night of 18-19 July", "2025-07-19"),
        ("on the night of July 18 to 19", "2025-07-19"),
    ],
)
def test_night_from_to(text, night):
    published = datetime(2025, 7, 20, 9, 0, tzinfo=MSK)
    exprs = find_time_expressions(text)
    assert read(text, published).night_ending.isoformat() == night
    assert all(e.kind == "night_of" for e in exprs)  # the day numbers are masked, never counts


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        (
            "In the period from 11:00 p.m. Moscow time on July 17 to 7:00 a.m. Moscow time on July 18",
            "2025-07-17T23:00:00+03:00",
            "2025-07-18T07:00:00+03:00",
        ),
        (
            "between 11 p.m. and 7 a.m. Moscow time",
            "2025-07-19T23:00:00+03:00",
            "2025-07-20T07:00:00+03:00",
        ),
    ],
)
def test_twelve_hour_clocks(text, start, end):
    ctx = read(text, datetime(2025, 7, 20, 9, 0, tzinfo=MSK))
    assert (ctx.window_start.isoformat(), ctx.window_end.isoformat()) == (start, end)
