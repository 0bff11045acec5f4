"""Statutory deadlines: when a case must be settled, and how it stands against that date.

Pure functions over dates: no database and no clock (the caller passes `today`), so the
registry, the e-services and the reports all count the same way.

How a period is counted (PL KPA art. 57; Bulgaria counts the same way):

- in days: the day of the event (receipt) is not counted; the period ends with its last day;
- in months: on the same day number of the later month, or on its last day when the month
  is shorter;
- in working days: only working days are counted, starting the day after the event;
- a period whose last day is not a working day ends on the next working day;
- days on which the case was suspended, or delayed by the party, are not counted
  (KPA art. 35 §5).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from django.db import models
from django.utils.translation import gettext_lazy as _

from .calendar import add_months, is_working_day, next_working_day, normalise_country

_ONE_DAY = timedelta(days=1)


class DeadlineUnit(models.TextChoices):
    CALENDAR_DAYS = "calendar_days", _("calendar days")
    WORKING_DAYS = "working_days", _("working days")
    MONTHS = "months", _("months")


@dataclass(frozen=True)
class Suspension:
    """A stretch of days on which the clock of a case stood still.

    Both ends are included: the clock stops on `start` and runs again the day after `end`.
    `end` is None while the case is still suspended.
    """

    start: date
    end: date | None

    def __post_init__(self) -> None:
        if self.end is not None and self.end < self.start:
            raise ValueError(
                f"A suspension cannot end ({self.end}) before it starts ({self.start})."
            )


@dataclass(frozen=True)
class DeadlineStatus:
    deadline: date
    # Calendar days from `today` (or from the answer, once answered) to the deadline;
    # negative when the deadline was missed.
    days_left: int
    overdue: bool
    answered_on_time: bool | None


def compute_deadline(
    *,
    start: date,
    amount: int,
    unit: str,
    country: str,
    roll_to_working_day: bool = True,
    suspensions: Sequence[Suspension] = (),
    today: date | None = None,
) -> date:
    """The last day of a period of `amount` `unit`s counted from `start`, the day of receipt.

    Days on which a suspension stopped the clock are added, each day once however many
    suspensions cover it. Only days after `start` and up to the deadline itself count: a
    suspension that begins once the deadline has passed does not revive it. An open
    suspension counts up to and including `today`, which is then required.

    For working-day periods a suspended working day is simply not counted. With
    `roll_to_working_day` a last day that is not a working day moves to the next working day.

    Raises ValueError for an amount below 1, an unknown unit or an unknown country.
    """
    code = normalise_country(country)
    if amount < 1:
        raise ValueError("A period must be at least 1 unit long.")
    stopped = _merge(suspensions, today)

    if unit == DeadlineUnit.WORKING_DAYS:
        return _count_working_days(start, amount, code, stopped)
    if unit == DeadlineUnit.CALENDAR_DAYS:
        unstopped_end = start + timedelta(days=amount)
    elif unit == DeadlineUnit.MONTHS:
        unstopped_end = add_months(start, amount)
    else:
        raise ValueError(f"Unknown unit {unit!r}: use one of {', '.join(DeadlineUnit.values)}.")

    # Every stopped day pushes the end one day later, and the later end may reach into
    # another suspension; repeat until the count no longer grows (it is bounded by the
    # stopped days, so this ends).
    added = 0
    while True:
        end = unstopped_end + timedelta(days=added)
        if roll_to_working_day:
            end = next_working_day(end, code)
        stopped_days = _stopped_days(stopped, after=start, through=end)
        if stopped_days == added:
            return end
        added = stopped_days


def deadline_status(*, deadline: date, today: date, answered_on: date | None) -> DeadlineStatus:
    """How a case stands against its deadline.

    While unanswered, `days_left` counts from `today`; once answered it is frozen at the
    margin the answer kept (negative: that many days late), so a closed case reads the same
    every day.
    """
    reference = answered_on if answered_on is not None else today
    days_left = (deadline - reference).days
    return DeadlineStatus(
        deadline=deadline,
        days_left=days_left,
        overdue=days_left < 0,
        answered_on_time=None if answered_on is None else answered_on <= deadline,
    )


def extend(*, deadline: date, amount: int, unit: str, country: str) -> date:
    """A new deadline `amount` `unit`s after the current one, rolled to a working day.

    The authority sets the new date when it tells the party of the delay (KPA art. 36,
    ЗДОИ +10 days). For a cap counted from the request instead (UDIP art. 13 ust. 2: at
    most 2 months from the request), count from the receipt with `compute_deadline`.
    """
    return compute_deadline(
        start=deadline, amount=amount, unit=unit, country=country, roll_to_working_day=True
    )


_Interval = tuple[date, date]


def _merge(suspensions: Sequence[Suspension], today: date | None) -> list[_Interval]:
    """The suspensions as sorted, non-overlapping, non-adjacent (first, last) day ranges."""
    intervals: list[_Interval] = []
    for suspension in suspensions:
        last = suspension.end
        if last is None:
            if today is None:
                raise ValueError("An open suspension is counted until today: pass `today`.")
            last = today
        if last >= suspension.start:  # an open suspension starting after today stops nothing yet
            intervals.append((suspension.start, last))
    intervals.sort()
    merged: list[_Interval] = []
    for first, last in intervals:
        if merged and first <= merged[-1][1] + _ONE_DAY:
            merged[-1] = (merged[-1][0], max(merged[-1][1], last))
        else:
            merged.append((first, last))
    return merged


def _stopped_days(stopped: list[_Interval], *, after: date, through: date) -> int:
    """How many days in (after, through] lie in a stopped interval."""
    total = 0
    for first, last in stopped:
        low = max(first, after + _ONE_DAY)
        high = min(last, through)
        if high >= low:
            total += (high - low).days + 1
    return total


def _count_working_days(start: date, amount: int, country: str, stopped: list[_Interval]) -> date:
    day = start
    counted = 0
    while counted < amount:
        day += _ONE_DAY
        if is_working_day(day, country) and not _is_stopped(stopped, day):
            counted += 1
    return day


def _is_stopped(stopped: list[_Interval], day: date) -> bool:
    return any(first <= day <= last for first, last in stopped)
