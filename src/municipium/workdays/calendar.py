"""Working days and calendar arithmetic for statutory deadlines.

A working day is any day that is not a Saturday, a Sunday or a public holiday of the country
as the `holidays` package knows it. A deadline whose last day is not a working day ends on the
next working day (PL KPA art. 57 §4; Bulgaria counts the same way). The package's Bulgarian
calendar also holds the "observed" days (a holiday on a weekend moves to the next Monday) and
the days the government declares non-working, so those are not working days here either.

Pure functions: no database, no clock.
"""

from __future__ import annotations

from calendar import monthrange
from datetime import date, timedelta
from functools import lru_cache

import holidays

_SATURDAY = 5


def normalise_country(country: str) -> str:
    """The upper-case ISO 3166 code of a country the holiday calendar knows.

    Raises ValueError for any other code, so a typo never silently yields a calendar
    without holidays.
    """
    code = (country or "").strip().upper()
    if code not in _supported_countries():
        raise ValueError(
            f"Unknown country code {country!r}: there is no holiday calendar for it "
            "(use a two-letter ISO code such as 'BG' or 'PL')."
        )
    return code


@lru_cache(maxsize=1)
def _supported_countries() -> frozenset[str]:
    return frozenset(holidays.list_supported_countries())


@lru_cache(maxsize=1024)
def _holidays(country: str, year: int) -> frozenset[date]:
    # A frozenset of plain dates: the HolidayBase object converts and expands on every
    # lookup, which is far slower than a set membership test in long day-by-day loops.
    return frozenset(holidays.country_holidays(country, years=year).keys())


def is_working_day(day: date, country: str) -> bool:
    """False on Saturdays, Sundays and the country's public holidays."""
    code = normalise_country(country)
    return day.weekday() < _SATURDAY and day not in _holidays(code, day.year)


def next_working_day(day: date, country: str) -> date:
    """The day itself when it is a working day, otherwise the first working day after it."""
    code = normalise_country(country)
    while not is_working_day(day, code):
        day += timedelta(days=1)
    return day


def add_working_days(start: date, days: int, country: str) -> date:
    """The day on which the `days`-th working day after `start` falls.

    Counting starts the day after `start` (the day of the event is not counted), so
    `add_working_days(d, 0, c)` is `d` itself.
    """
    if days < 0:
        raise ValueError("The number of working days cannot be negative.")
    code = normalise_country(country)
    day = start
    counted = 0
    while counted < days:
        day += timedelta(days=1)
        if is_working_day(day, code):
            counted += 1
    return day


def add_months(start: date, months: int) -> date:
    """The same day number `months` later, or the last day of that month when it is shorter.

    31 January + 1 month is 28 (or 29) February (KPA art. 57 §3).
    """
    index = start.year * 12 + (start.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = monthrange(year, month)[1]
    return date(year, month, min(start.day, last))


def working_days_between(start: date, end: date, country: str) -> int:
    """How many working days lie in (start, end]: `start` excluded, `end` included.

    Negative when `end` is before `start` (the working days in (end, start], counted back),
    so the result can be read as "working days left" or "working days late".
    """
    code = normalise_country(country)
    if end < start:
        return -working_days_between(end, start, code)
    count = 0
    day = start
    while day < end:
        day += timedelta(days=1)
        if is_working_day(day, code):
            count += 1
    return count
