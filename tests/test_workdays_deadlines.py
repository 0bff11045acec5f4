"""Deadlines counted from the day of receipt, with suspensions, extensions and status."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from municipium.workdays.calendar import add_months, is_working_day
from municipium.workdays.deadlines import (
    DeadlineStatus,
    DeadlineUnit,
    Suspension,
    compute_deadline,
    deadline_status,
    extend,
)

CAL = DeadlineUnit.CALENDAR_DAYS
WORK = DeadlineUnit.WORKING_DAYS
MONTHS = DeadlineUnit.MONTHS

dates = st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31))
countries = st.sampled_from(["BG", "PL"])
units = st.sampled_from([CAL, WORK, MONTHS])
fast = settings(max_examples=200, deadline=None)


def test_a_polish_public_information_request_due_on_independence_day_is_due_the_day_after():
    # Received Wednesday 28 October 2026: day 14 is Wednesday 11 November, a holiday.
    deadline = compute_deadline(start=date(2026, 10, 28), amount=14, unit=CAL, country="PL")
    assert deadline == date(2026, 11, 12)


def test_a_deadline_on_a_weekend_moves_to_monday():
    # Received Saturday 7 November 2026: day 14 is Saturday 21 November.
    assert compute_deadline(start=date(2026, 11, 7), amount=14, unit=CAL, country="BG") == date(
        2026, 11, 23
    )


def test_a_bulgarian_deadline_on_christmas_eve_moves_past_the_christmas_holidays():
    # Received 10 December 2026: day 14 is Thursday 24 December; 25-28 December are off too.
    assert compute_deadline(start=date(2026, 12, 10), amount=14, unit=CAL, country="BG") == date(
        2026, 12, 29
    )


def test_a_deadline_on_orthodox_easter_monday_moves_to_tuesday_in_bulgaria_only():
    start = date(2026, 3, 30)  # day 14 is Monday 13 April 2026
    assert compute_deadline(start=start, amount=14, unit=CAL, country="BG") == date(2026, 4, 14)
    assert compute_deadline(start=start, amount=14, unit=CAL, country="PL") == date(2026, 4, 13)


def test_without_rolling_the_last_day_stays_even_on_a_holiday():
    deadline = compute_deadline(
        start=date(2026, 10, 28), amount=14, unit=CAL, country="PL", roll_to_working_day=False
    )
    assert deadline == date(2026, 11, 11)


def test_a_one_month_period_from_31_january_ends_on_the_last_day_of_february():
    # 28 February 2026 is a Saturday: the case is due on Monday 2 March.
    assert add_months(date(2026, 1, 31), 1) == date(2026, 2, 28)
    assert compute_deadline(start=date(2026, 1, 31), amount=1, unit=MONTHS, country="PL") == date(
        2026, 3, 2
    )
    # 29 February 2028 is a Tuesday.
    assert compute_deadline(start=date(2028, 1, 31), amount=1, unit=MONTHS, country="PL") == date(
        2028, 2, 29
    )


def test_a_period_in_working_days_skips_weekends_and_holidays():
    # Thursday 2 April 2026 + 5 working days in Poland: 3, 7, 8, 9, 10 April.
    assert compute_deadline(start=date(2026, 4, 2), amount=5, unit=WORK, country="PL") == date(
        2026, 4, 10
    )


def test_a_five_day_suspension_moves_a_fourteen_day_deadline_five_days_later():
    start = date(2026, 3, 4)  # Wednesday; day 14 is Wednesday 18 March
    plain = compute_deadline(start=start, amount=14, unit=CAL, country="PL")
    suspended = compute_deadline(
        start=start,
        amount=14,
        unit=CAL,
        country="PL",
        suspensions=[Suspension(start=date(2026, 3, 6), end=date(2026, 3, 10))],
    )
    assert plain == date(2026, 3, 18)
    assert suspended == date(2026, 3, 23)


def test_a_suspension_that_pushes_the_deadline_onto_a_weekend_rolls_it_to_monday():
    start = date(2026, 3, 2)  # Monday; day 14 is Monday 16 March, + 5 days is a Saturday
    suspensions = [Suspension(start=date(2026, 3, 4), end=date(2026, 3, 8))]
    counted = dict(start=start, amount=14, unit=CAL, country="PL", suspensions=suspensions)
    assert compute_deadline(**counted, roll_to_working_day=False) == date(2026, 3, 21)
    assert compute_deadline(**counted) == date(2026, 3, 23)


def test_a_suspension_moves_the_deadline_by_its_length_when_both_ends_are_working_days():
    start = date(2026, 3, 2)
    suspended = compute_deadline(
        start=start,
        amount=14,
        unit=CAL,
        country="PL",
        suspensions=[Suspension(start=date(2026, 3, 10), end=date(2026, 3, 12))],
    )
    assert suspended == date(2026, 3, 19)  # Thursday, 3 days after Monday 16 March


def test_overlapping_suspensions_count_each_day_once():
    start = date(2026, 3, 2)
    suspensions = [
        Suspension(start=date(2026, 3, 4), end=date(2026, 3, 6)),
        Suspension(start=date(2026, 3, 5), end=date(2026, 3, 8)),
        Suspension(start=date(2026, 3, 8), end=date(2026, 3, 8)),
    ]
    deadline = compute_deadline(
        start=start,
        amount=14,
        unit=CAL,
        country="PL",
        roll_to_working_day=False,
        suspensions=suspensions,
    )
    assert deadline == date(2026, 3, 16) + timedelta(days=5)  # 4-8 March


def test_an_open_suspension_counts_until_today():
    start = date(2026, 3, 2)
    open_since_4th = Suspension(start=date(2026, 3, 4), end=None)
    deadline = compute_deadline(
        start=start,
        amount=14,
        unit=CAL,
        country="PL",
        roll_to_working_day=False,
        suspensions=[open_since_4th],
        today=date(2026, 3, 10),
    )
    assert deadline == date(2026, 3, 16) + timedelta(days=7)  # 4-10 March
    later = compute_deadline(
        start=start,
        amount=14,
        unit=CAL,
        country="PL",
        roll_to_working_day=False,
        suspensions=[open_since_4th],
        today=date(2026, 3, 11),
    )
    assert later == deadline + timedelta(days=1)


def test_an_open_suspension_without_today_is_refused():
    with pytest.raises(ValueError, match="pass `today`"):
        compute_deadline(
            start=date(2026, 3, 2),
            amount=14,
            unit=CAL,
            country="PL",
            suspensions=[Suspension(start=date(2026, 3, 4), end=None)],
        )


def test_days_suspended_before_receipt_or_after_the_deadline_passed_do_not_count():
    start = date(2026, 3, 2)
    deadline = compute_deadline(
        start=start,
        amount=14,
        unit=CAL,
        country="PL",
        suspensions=[
            Suspension(start=date(2026, 2, 20), end=date(2026, 3, 2)),
            Suspension(start=date(2026, 3, 17), end=date(2026, 3, 31)),
        ],
    )
    assert deadline == date(2026, 3, 16)


def test_a_suspension_reaching_past_the_deadline_keeps_stopping_the_clock():
    # Suspended 10-20 March: the clock stops for 11 days, the case is due on 27 March.
    deadline = compute_deadline(
        start=date(2026, 3, 2),
        amount=14,
        unit=CAL,
        country="PL",
        suspensions=[Suspension(start=date(2026, 3, 10), end=date(2026, 3, 20))],
    )
    assert deadline == date(2026, 3, 27)


def test_a_suspended_working_day_is_not_counted_in_a_working_day_period():
    # Thursday 2 April 2026 + 5 working days, with Wednesday 8 April suspended.
    deadline = compute_deadline(
        start=date(2026, 4, 2),
        amount=5,
        unit=WORK,
        country="PL",
        suspensions=[Suspension(start=date(2026, 4, 8), end=date(2026, 4, 8))],
    )
    assert deadline == date(2026, 4, 13)


def test_a_suspension_cannot_end_before_it_starts():
    with pytest.raises(ValueError, match="cannot end"):
        Suspension(start=date(2026, 3, 4), end=date(2026, 3, 3))


@pytest.mark.parametrize(
    ("amount", "unit", "country", "message"),
    [
        (0, CAL, "PL", "at least 1"),
        (-3, CAL, "PL", "at least 1"),
        (14, "fortnights", "PL", "Unknown unit"),
        (14, CAL, "XX", "Unknown country code"),
    ],
)
def test_a_deadline_with_bad_input_is_refused_with_a_clear_error(amount, unit, country, message):
    with pytest.raises(ValueError, match=message):
        compute_deadline(start=date(2026, 3, 2), amount=amount, unit=unit, country=country)


def test_an_unanswered_case_before_its_deadline_has_days_left():
    status = deadline_status(deadline=date(2026, 11, 12), today=date(2026, 11, 2), answered_on=None)
    assert status == DeadlineStatus(
        deadline=date(2026, 11, 12), days_left=10, overdue=False, answered_on_time=None
    )


def test_an_unanswered_case_is_not_overdue_on_its_last_day():
    status = deadline_status(
        deadline=date(2026, 11, 12), today=date(2026, 11, 12), answered_on=None
    )
    assert (status.days_left, status.overdue) == (0, False)


def test_an_unanswered_case_after_its_deadline_is_overdue_with_negative_days_left():
    status = deadline_status(
        deadline=date(2026, 11, 12), today=date(2026, 11, 15), answered_on=None
    )
    assert (status.days_left, status.overdue, status.answered_on_time) == (-3, True, None)


def test_a_case_answered_on_time_stays_on_time_whatever_the_day():
    for today in (date(2026, 11, 12), date(2027, 6, 1)):
        status = deadline_status(
            deadline=date(2026, 11, 12), today=today, answered_on=date(2026, 11, 10)
        )
        assert (status.days_left, status.overdue, status.answered_on_time) == (2, False, True)


def test_a_case_answered_late_is_overdue_by_the_days_it_was_late():
    status = deadline_status(
        deadline=date(2026, 11, 12), today=date(2026, 12, 1), answered_on=date(2026, 11, 16)
    )
    assert (status.days_left, status.overdue, status.answered_on_time) == (-4, True, False)


def test_a_bulgarian_public_information_deadline_extended_by_ten_days_ends_on_a_working_day():
    # 14 days from 2 November 2026 = Monday 16 November; + 10 days = Thursday 26 November.
    deadline = compute_deadline(start=date(2026, 11, 2), amount=14, unit=CAL, country="BG")
    assert deadline == date(2026, 11, 16)
    assert extend(deadline=deadline, amount=10, unit=CAL, country="BG") == date(2026, 11, 26)
    # Friday 11 December 2026 + 13 days = Thursday 24 December, Christmas Eve: off to 28th.
    assert extend(deadline=date(2026, 12, 11), amount=13, unit=CAL, country="BG") == date(
        2026, 12, 29
    )


def test_an_extension_in_months_counts_from_the_current_deadline():
    assert extend(deadline=date(2026, 11, 12), amount=2, unit=MONTHS, country="PL") == date(
        2027, 1, 12
    )


@fast
@given(start=dates, amount=st.integers(1, 90), unit=units, country=countries)
def test_a_rolled_deadline_is_always_a_working_day(start, amount, unit, country):
    deadline = compute_deadline(start=start, amount=amount, unit=unit, country=country)
    assert is_working_day(deadline, country)
    assert deadline > start


@fast
@given(start=dates, amount=st.integers(1, 90), country=countries, roll=st.booleans())
def test_a_calendar_day_deadline_is_never_before_its_last_day(start, amount, country, roll):
    deadline = compute_deadline(
        start=start, amount=amount, unit=CAL, country=country, roll_to_working_day=roll
    )
    assert deadline >= start + timedelta(days=amount)
    if not roll:
        assert deadline == start + timedelta(days=amount)
    else:
        assert (deadline - (start + timedelta(days=amount))).days < 10, "no holiday run is longer"


@st.composite
def suspensions_after(draw, start):
    result = []
    for _ in range(draw(st.integers(0, 4))):
        first = start + timedelta(days=draw(st.integers(-10, 120)))
        length = draw(st.one_of(st.none(), st.integers(0, 30)))
        result.append(
            Suspension(start=first, end=None if length is None else first + timedelta(length))
        )
    return result


@fast
@given(
    data=st.data(),
    start=dates,
    amount=st.integers(1, 90),
    unit=units,
    country=countries,
    roll=st.booleans(),
)
def test_suspensions_never_bring_a_deadline_forward(data, start, amount, unit, country, roll):
    suspensions = data.draw(suspensions_after(start))
    today = start + timedelta(days=data.draw(st.integers(0, 150)))
    plain = compute_deadline(
        start=start, amount=amount, unit=unit, country=country, roll_to_working_day=roll
    )
    suspended = compute_deadline(
        start=start,
        amount=amount,
        unit=unit,
        country=country,
        roll_to_working_day=roll,
        suspensions=suspensions,
        today=today,
    )
    assert suspended >= plain


@fast
@given(
    start=dates,
    first=st.integers(1, 60),
    length=st.integers(0, 30),
    amount=st.integers(1, 90),
    country=countries,
)
def test_a_suspension_inside_the_period_adds_exactly_its_days(
    start, first, length, amount, country
):
    suspension = Suspension(
        start=start + timedelta(days=first), end=start + timedelta(days=first + length)
    )
    plain = compute_deadline(
        start=start, amount=amount, unit=CAL, country=country, roll_to_working_day=False
    )
    suspended = compute_deadline(
        start=start,
        amount=amount,
        unit=CAL,
        country=country,
        roll_to_working_day=False,
        suspensions=[suspension],
    )
    if suspension.start <= plain:
        assert suspended == plain + timedelta(days=length + 1)
    else:
        assert suspended == plain


@fast
@given(deadline=dates, amount=st.integers(1, 90), unit=units, country=countries)
def test_an_extension_never_ends_before_the_deadline_it_extends(deadline, amount, unit, country):
    extended = extend(deadline=deadline, amount=amount, unit=unit, country=country)
    assert extended > deadline
    assert is_working_day(extended, country)
