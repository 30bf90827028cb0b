"""Weekdays and daytime points in time, read against the publication date (rules 8 and 9 of ``timewin``)."""

from datetime import date, datetime
from zoneinfo import ZoneInfo

from intercepts.extract.timewin import (
    default_context,
    find_time_expressions,
    resolve,
    weekday_date,
)

MSK = ZoneInfo("Europe/Moscow")


def _read(text: str, published: datetime):
    return resolve(find_time_expressions(text), default_context(published), published)


def test_weekday_date_is_latest_on_or_before_publication():
    monday = date(2025, 6, 2)
    assert weekday_date("Sunday", monday) == date(2025, 6, 1)
    assert weekday_date("Monday", monday) == monday
    assert weekday_date("вторник", monday) == date(2025, 5, 27)
    # a night named by its end may be the coming one
    assert weekday_date("воскресенье", date(2025, 5, 31), into=True) == date(2025, 6, 1)


def test_said_on_sunday_overnight_is_the_night_ending_sunday():
    pub = datetime(2025, 6, 2, 8, 45, tzinfo=MSK)
    ctx = _read("The ministry said on Sunday that it had destroyed 160 drones overnight", pub)
    assert ctx.night_ending == date(2025, 6, 1)


def test_night_forms():
    pub = datetime(2025, 6, 2, 8, 45, tzinfo=MSK)  # a Monday
    assert _read("в ночь на воскресенье", pub).night_ending == date(2025, 6, 1)
    assert _read("у ніч проти неділі", pub).night_ending == date(2025, 6, 1)
    assert _read("overnight into Sunday", pub).night_ending == date(2025, 6, 1)
    assert _read("on Saturday night", pub).night_ending == date(2025, 6, 1)
    late_saturday = datetime(2025, 5, 31, 23, 10, tzinfo=MSK)
    assert _read("в ночь на воскресенье", late_saturday).night_ending == date(2025, 6, 1)


def test_a_day_alone_is_a_date():
    pub = datetime(2025, 6, 2, 8, 45, tzinfo=MSK)
    ctx = _read("в субботу над Курской областью", pub)
    assert ctx.night_ending is None and ctx.event_date == date(2025, 5, 31)


def test_a_point_in_the_daytime_is_no_night():
    pub = datetime(2025, 4, 16, 13, 5, tzinfo=MSK)
    ctx = _read("Сегодня около 12.30 мск пресечена попытка", pub)
    assert ctx.night_ending is None and ctx.period == "day"
    assert ctx.event_date == date(2025, 4, 16)
    early = datetime(2024, 4, 3, 8, 0, tzinfo=MSK)
    assert _read("Сегодня около 6.20 мск", early).night_ending == date(2024, 4, 3)
