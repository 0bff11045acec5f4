"""Working days in Bulgaria and Poland, and the calendar arithmetic deadlines are built on.

The holiday dates are checked against the installed `holidays` package (0.109 at the time of
writing), so a package upgrade that changes a calendar shows up here.
"""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from municipium.workdays import calendar
from municipium.workdays.calendar import (
    add_months,
    add_working_days,
    is_working_day,
    next_working_day,
    working_days_between,
)

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
countries = st.sampled_from(["BG", "PL"])
fast = settings(max_examples=200, deadline=None)


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2026, 3, 3), "Liberation Day (Tuesday)"),
        (date(2027, 5, 24), "Day of the Slavonic Alphabet (Monday)"),
        (date(2027, 9, 6), "Unification Day (Monday)"),
        (date(2026, 9, 22), "Independence Day (Tuesday)"),
        (date(2026, 4, 10), "Orthodox Good Friday 2026"),
        (date(2026, 4, 13), "Orthodox Easter Monday 2026"),
        (date(2026, 12, 24), "Christmas Eve (Thursday)"),
        (date(2026, 12, 25), "Christmas Day (Friday)"),
        (date(2025, 12, 26), "Second day of Christmas (Friday)"),
    ],
)
def test_bulgarian_public_holidays_are_not_working_days(day, why):
    assert day.weekday() < 5, why
    assert not is_working_day(day, "BG"), why


def test_a_bulgarian_holiday_on_a_sunday_makes_the_next_monday_a_day_off():
    assert date(2026, 5, 24).weekday() == 6
    assert not is_working_day(date(2026, 5, 25), "BG")
    # 26 December 2026 is a Saturday: the Monday after is off as well.
    assert not is_working_day(date(2026, 12, 28), "BG")
    assert is_working_day(date(2026, 12, 29), "BG")


@pytest.mark.parametrize(
    ("day", "why"),
    [
        (date(2027, 5, 3), "Constitution Day (Monday)"),
        (date(2026, 11, 11), "Independence Day (Wednesday)"),
        (date(2026, 4, 6), "Easter Monday 2026"),
        (date(2025, 8, 15), "Assumption (Friday)"),
        (date(2026, 6, 4), "Corpus Christi 2026"),
        (date(2026, 1, 6), "Epiphany (Tuesday)"),
        (date(2025, 12, 24), "Christmas Eve, a holiday since 2025"),
    ],
)
def test_polish_public_holidays_are_not_working_days(day, why):
    assert day.weekday() < 5, why
    assert not is_working_day(day, "PL"), why


def test_christmas_eve_was_a_polish_working_day_before_2025():
    assert is_working_day(date(2024, 12, 24), "PL")
    assert not is_working_day(date(2025, 12, 24), "PL")


def test_poland_does_not_move_a_holiday_that_falls_on_a_saturday():
    assert date(2026, 8, 15).weekday() == 5
    assert is_working_day(date(2026, 8, 17), "PL")


def test_countries_keep_their_own_holidays():
    assert is_working_day(date(2026, 3, 3), "PL")
    assert is_working_day(date(2026, 11, 11), "BG")


def test_weekends_are_not_working_days_and_ordinary_weekdays_are():
    assert not is_working_day(date(2026, 11, 21), "BG")  # Saturday
    assert not is_working_day(date(2026, 11, 22), "PL")  # Sunday
    assert is_working_day(date(2026, 11, 23), "BG")
    assert is_working_day(date(2026, 11, 23), "PL")


def test_an_unknown_country_code_is_a_clear_error():
    with pytest.raises(ValueError, match="Unknown country code 'XX'"):
        is_working_day(date(2026, 1, 5), "XX")
    with pytest.raises(ValueError, match="Unknown country code"):
        add_working_days(date(2026, 1, 5), 3, "")


def test_country_codes_may_be_written_in_lower_case():
    assert not is_working_day(date(2026, 11, 11), "pl")


def test_a_holiday_calendar_is_built_once_per_country_and_year():
    calendar._holidays.cache_clear()
    for offset in range(365):
        is_working_day(date(2031, 1, 1) + timedelta(days=offset), "PL")
    info = calendar._holidays.cache_info()
    assert (info.misses, info.currsize) == (1, 1)


def test_the_next_working_day_of_a_working_day_is_the_day_itself():
    assert next_working_day(date(2026, 11, 12), "PL") == date(2026, 11, 12)


def test_the_next_working_day_skips_weekends_and_holidays():
    assert next_working_day(date(2026, 11, 21), "PL") == date(2026, 11, 23)
    # Bulgarian Christmas 2026: Thursday 24 to Monday 28 December are all off.
    assert next_working_day(date(2026, 12, 24), "BG") == date(2026, 12, 29)
    # Polish Easter 2026: Saturday to Easter Monday.
    assert next_working_day(date(2026, 4, 4), "PL") == date(2026, 4, 7)


def test_working_days_are_counted_from_the_day_after_the_start():
    # Thursday 2 April 2026: Friday is day 1, Easter Monday is skipped, Tuesday is day 2.
    assert add_working_days(date(2026, 4, 2), 1, "PL") == date(2026, 4, 3)
    assert add_working_days(date(2026, 4, 2), 2, "PL") == date(2026, 4, 7)
    # In Bulgaria Orthodox Easter 2026 falls a week later.
    assert add_working_days(date(2026, 4, 2), 2, "BG") == date(2026, 4, 6)


def test_zero_working_days_after_a_day_is_that_day_and_negative_counts_are_refused():
    assert add_working_days(date(2026, 11, 21), 0, "BG") == date(2026, 11, 21)
    with pytest.raises(ValueError, match="cannot be negative"):
        add_working_days(date(2026, 11, 21), -1, "BG")


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2028, 1, 31), 1, date(2028, 2, 29)),
        (date(2026, 11, 30), 1, date(2026, 12, 30)),
        (date(2026, 12, 31), 2, date(2027, 2, 28)),
        (date(2026, 10, 28), 2, date(2026, 12, 28)),
        (date(2026, 8, 31), 1, date(2026, 9, 30)),
        (date(2026, 3, 31), -1, date(2026, 2, 28)),
        (date(2026, 5, 15), 12, date(2027, 5, 15)),
    ],
)
def test_months_end_on_the_same_day_number_or_the_last_day_of_a_shorter_month(
    start, months, expected
):
    assert add_months(start, months) == expected


def test_working_days_between_counts_the_end_but_not_the_start():
    assert working_days_between(date(2026, 4, 2), date(2026, 4, 7), "PL") == 2
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 7), "PL") == 0
    assert working_days_between(date(2026, 4, 7), date(2026, 4, 2), "PL") == -2


@fast
@given(start=dates, days=st.integers(min_value=0, max_value=90), country=countries)
def test_adding_n_working_days_lands_on_the_nth_working_day(start, days, country):
    result = add_working_days(start, days, country)
    assert working_days_between(start, result, country) == days
    if days:
        assert is_working_day(result, country)


@fast
@given(start=dates, months=st.integers(min_value=0, max_value=36))
def test_adding_months_keeps_the_day_number_unless_the_month_is_shorter(start, months):
    result = add_months(start, months)
    assert (result.year * 12 + result.month) - (start.year * 12 + start.month) == months
    if result.day != start.day:
        assert result.day < start.day
        assert (result + timedelta(days=1)).day == 1, "only the last day of a shorter month"


@fast
@given(day=dates, country=countries)
def test_the_next_working_day_is_the_first_working_day_from_that_day(day, country):
    result = next_working_day(day, country)
    assert is_working_day(result, country)
    assert all(
        not is_working_day(day + timedelta(days=offset), country)
        for offset in range((result - day).days)
    )
