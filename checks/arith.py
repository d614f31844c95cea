"""The arithmetic of capacity checks: downtime, durations, staffing, business-time clocks,
cadences and credits. Pure functions; units follow extractors.units (the scoring's), so a
month is 30 days and a business day is 8 business hours."""

from __future__ import annotations

from collections.abc import Collection
from datetime import date, datetime, time, timedelta

from extractors.units import BUSINESS_MINUTES, MINUTES, PER_YEAR
from schemas import Duration, Unit

WEEKDAYS = frozenset(range(5))  # Monday to Friday
MIDNIGHT = time(0)


def downtime_minutes(percent: float, period_days: float = 30) -> float:
    """Minutes of allowed downtime at `percent` availability: 99.9% of 30 days is 43.2."""
    if not 0 <= percent <= 100:
        raise ValueError(f"availability {percent}% is not between 0 and 100")
    return (100 - percent) / 100 * period_days * 1440


def is_business(duration: Duration) -> bool:
    """True for business hours and days: they run on a business-time clock, not the calendar."""
    return duration.unit in BUSINESS_MINUTES


def to_minutes(duration: Duration) -> float:
    """Calendar minutes of a calendar duration. Business units raise: use to_business_minutes."""
    if is_business(duration):
        raise ValueError(f"{duration} is business time: use to_business_minutes")
    return duration.value * MINUTES[duration.unit]


def to_business_minutes(duration: Duration, day_minutes: float = BUSINESS_MINUTES[Unit.business_day]) -> float:
    """Business minutes of a business duration; a business day is `day_minutes` (8 hours,
    as scored). Pass a support window's length instead to count days of that window."""
    if not is_business(duration):
        raise ValueError(f"{duration} is calendar time: use to_minutes")
    per_unit = day_minutes if duration.unit == Unit.business_day else BUSINESS_MINUTES[duration.unit]
    return duration.value * per_unit


def coverage_fte(hours_per_week: float, hours_per_fte_week: float = 40, seats: int = 1,
                 productive_share: float = 1.0) -> float:
    """FTE needed to keep `seats` people on duty for `hours_per_week` (168 h = 4.2 FTE a seat).

    productive_share is the part of paid hours a person is actually available: 0.8 allows
    a fifth for leave, holidays, sickness and training. 1.0 (the default) allows nothing."""
    if not 0 <= hours_per_week <= 168:
        raise ValueError(f"{hours_per_week} hours a week is not between 0 and 168")
    if hours_per_fte_week <= 0 or seats < 0 or not 0 < productive_share <= 1:
        raise ValueError("hours_per_fte_week must be > 0, seats >= 0 and productive_share in (0, 1]")
    return hours_per_week * seats / (hours_per_fte_week * productive_share)


def add_business_time(start: datetime, minutes: float, *, days: Collection[int] = WEEKDAYS,
                      opens: time = time(8), closes: time = time(17),
                      holidays: Collection[date] = frozenset()) -> datetime:
    """When a clock that runs only in business hours has run `minutes` from `start`.

    Business hours are opens-closes on `days` (Monday is 0) that are not `holidays`;
    closes=00:00 means midnight at the day's end. The clock counts every open minute, so
    with 08:00-17:00 a day holds 9 hours: convert business days with to_business_minutes
    (8 hours, as scored) or with the window's length, as the commitment means.
    A start outside hours begins at the next opening; a count that ends at closing
    returns the closing time (not the next opening), so adding a then b equals adding a+b.
    Times are wall-clock times in start's zone."""
    if minutes < 0:
        raise ValueError(f"{minutes} minutes: a clock does not run backwards")
    if not set(days) & set(range(7)):
        raise ValueError("no business days: the clock would never run")
    if closes != MIDNIGHT and closes <= opens:
        raise ValueError(f"closes {closes} is not after opens {opens}")

    def is_open(day: date) -> bool:
        return day.weekday() in days and day not in holidays

    def window(day: date) -> tuple[datetime, datetime]:
        close_day = day + timedelta(days=1) if closes == MIDNIGHT else day
        return (datetime.combine(day, opens, start.tzinfo), datetime.combine(close_day, closes, start.tzinfo))

    def next_open(day: date) -> date:
        day += timedelta(days=1)
        while not is_open(day):
            day += timedelta(days=1)
        return day

    # Find the open day whose window holds start, or the next one after it.
    day = start.date()
    if closes == MIDNIGHT and start.time() == MIDNIGHT and is_open(day - timedelta(days=1)):
        day -= timedelta(days=1)  # midnight is yesterday's closing
    if not is_open(day) or start > window(day)[1]:
        day = next_open(day)
    now = max(start, window(day)[0])

    left = timedelta(minutes=minutes)
    while left > window(day)[1] - now:
        left -= window(day)[1] - now
        day = next_open(day)
        now = window(day)[0]
    return now + left


def per_month(value: float, unit: Unit | str) -> float:
    """Occurrences a month of a cadence: 1 per_week is 52/12 = 4.33 a month."""
    unit = Unit(unit)
    if unit not in PER_YEAR:
        raise ValueError(f"{unit.value} is not a cadence (per_day ... per_year)")
    return value * PER_YEAR[unit] / 12


def yearly_credit_exposure(percent_per_miss: float, monthly_fee: float, misses_per_year: int = 12,
                           cap_percent: float | None = None) -> float:
    """Most a year's service credits can cost: each miss credits percent_per_miss of the
    monthly fee, and a month's credits stop at cap_percent of its fee. The misses are
    spread over the months as evenly as they go, the spread the monthly cap trims least."""
    if percent_per_miss < 0 or monthly_fee < 0 or misses_per_year < 0:
        raise ValueError("percent, fee and misses must not be negative")
    base, extra = divmod(misses_per_year, 12)
    total = 0.0
    for month in range(12):
        percent = (base + (month < extra)) * percent_per_miss
        total += min(percent, cap_percent) if cap_percent is not None else percent
    return total / 100 * monthly_fee


def us_federal_holidays(year: int) -> set[date]:
    """US federal holidays observed in `year` (5 U.S.C. 6103): one on a Saturday is observed
    the Friday before, on a Sunday the Monday after. Juneteenth counts from 2021."""

    def nth(weekday: int, month: int, n: int) -> date:
        # n-th given weekday of the month; n = -1 for the last.
        if n > 0:
            first = date(year, month, 1)
            return first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (n - 1))
        last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
        return last - timedelta(days=(last.weekday() - weekday) % 7)

    def observed(day: date) -> date:
        return day + timedelta(days={5: -1, 6: 1}.get(day.weekday(), 0))

    fixed = [(1, 1), (7, 4), (11, 11), (12, 25)] + ([(6, 19)] if year >= 2021 else [])
    days = {observed(date(year, m, d)) for m, d in fixed}
    days |= {nth(0, 1, 3), nth(0, 2, 3), nth(0, 5, -1), nth(0, 9, 1), nth(0, 10, 2), nth(3, 11, 4)}
    # Next New Year's Day on a Saturday is observed on this year's December 31.
    days.add(observed(date(year + 1, 1, 1)))
    return {d for d in days if d.year == year}
