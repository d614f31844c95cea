"""Capacity arithmetic: tables of known answers, then properties that hold for any input."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from checks.arith import (
    add_business_time,
    coverage_fte,
    downtime_minutes,
    is_business,
    per_month,
    to_business_minutes,
    to_minutes,
    us_federal_holidays,
    yearly_credit_exposure,
)
from extractors.units import MINUTES
from schemas import Duration, Unit, parse_duration

FRIDAY = datetime(2025, 1, 3)  # a Friday; Monday 2025-01-06


@pytest.mark.parametrize(
    "percent, days, minutes",
    [(99.99, 30, 4.32), (99.9, 30, 43.2), (99.5, 30, 216), (99, 30, 432), (100, 30, 0), (99.9, 365, 525.6)],
)
def test_downtime(percent, days, minutes):
    assert downtime_minutes(percent, days) == pytest.approx(minutes)


@pytest.mark.parametrize(
    "text, minutes",
    [("30 seconds", 0.5), ("15 minutes", 15), ("4 hours", 240), ("1 day", 1440), ("1 week", 10080),
     ("1 month", 43200)],
)
def test_to_minutes(text, minutes):
    assert to_minutes(parse_duration(text)) == minutes


@pytest.mark.parametrize("text, minutes", [("1 business hour", 60), ("1 business day", 480), ("2 business days", 960)])
def test_to_business_minutes(text, minutes):
    duration = parse_duration(text)
    assert is_business(duration)
    assert to_business_minutes(duration) == minutes


def test_business_day_of_a_window():
    assert to_business_minutes(parse_duration("2 business days"), day_minutes=540) == 1080


@pytest.mark.parametrize("convert, text", [(to_minutes, "1 business day"), (to_business_minutes, "4 hours")])
def test_wrong_clock_is_refused(convert, text):
    with pytest.raises(ValueError):
        convert(parse_duration(text))


@pytest.mark.parametrize(
    "hours, per_fte, seats, share, fte",
    [(168, 40, 1, 1.0, 4.2), (40, 40, 1, 1.0, 1), (45, 40, 2, 1.0, 2.25), (168, 40, 1, 0.8, 5.25), (0, 40, 3, 1.0, 0)],
)
def test_coverage_fte(hours, per_fte, seats, share, fte):
    assert coverage_fte(hours, per_fte, seats, productive_share=share) == pytest.approx(fte)


@pytest.mark.parametrize(
    "start, minutes, kwargs, end",
    [
        (FRIDAY.replace(hour=16), 240, {}, datetime(2025, 1, 6, 11)),  # 1 h Friday + 3 h Monday
        (FRIDAY.replace(hour=16), 60, {}, FRIDAY.replace(hour=17)),  # ends at closing, not Monday
        (FRIDAY.replace(hour=17), 30, {}, datetime(2025, 1, 6, 8, 30)),
        (FRIDAY.replace(hour=6), 30, {}, FRIDAY.replace(hour=8, minute=30)),  # before opening
        (datetime(2025, 1, 4, 12), 0, {}, datetime(2025, 1, 6, 8)),  # Saturday: next opening
        (FRIDAY.replace(hour=10), 540 * 2, {}, datetime(2025, 1, 7, 10)),  # two 9-hour days
        # Monday 2025-01-20 is Martin Luther King Jr. Day: Friday 16:00 + 2 h lands Tuesday 09:00.
        (datetime(2025, 1, 17, 16), 120, {"holidays": us_federal_holidays(2025)}, datetime(2025, 1, 21, 9)),
        (datetime(2025, 12, 24, 16), 120, {"holidays": us_federal_holidays(2025)}, datetime(2025, 12, 26, 9)),
        (FRIDAY.replace(hour=23), 60, {"days": range(7), "opens": time(0), "closes": time(0)},
         datetime(2025, 1, 4, 0)),  # 24/7 runs through midnight
        (FRIDAY.replace(hour=16), 120, {"days": {0, 2, 4}, "opens": time(9), "closes": time(17)},
         datetime(2025, 1, 6, 10)),
    ],
)
def test_add_business_time(start, minutes, kwargs, end):
    assert add_business_time(start, minutes, **kwargs) == end


def test_add_business_time_keeps_the_zone():
    zone = ZoneInfo("America/New_York")
    end = add_business_time(FRIDAY.replace(hour=16, tzinfo=zone), 240)
    assert end == datetime(2025, 1, 6, 11, tzinfo=zone) and end.tzinfo is zone


@pytest.mark.parametrize("kwargs", [{"days": ()}, {"opens": time(17), "closes": time(8)}])
def test_add_business_time_refuses_a_clock_that_cannot_run(kwargs):
    with pytest.raises(ValueError):
        add_business_time(FRIDAY, 60, **kwargs)


@pytest.mark.parametrize(
    "year, expected",
    [
        (2024, ["01-01", "01-15", "02-19", "05-27", "06-19", "07-04", "09-02", "10-14", "11-11", "11-28", "12-25"]),
        # Christmas and New Year 2022 fall on Saturdays: observed Friday 24 and 31 December.
        (2021, ["01-01", "01-18", "02-15", "05-31", "06-18", "07-05", "09-06", "10-11", "11-11", "11-25", "12-24",
                "12-31"]),
        (2022, ["01-17", "02-21", "05-30", "06-20", "07-04", "09-05", "10-10", "11-11", "11-24", "12-26"]),
    ],
)
def test_us_federal_holidays(year, expected):
    assert sorted(us_federal_holidays(year)) == [date.fromisoformat(f"{year}-{md}") for md in expected]


@pytest.mark.parametrize(
    "value, unit, expected",
    [(1, "per_day", 365 / 12), (1, "per_week", 52 / 12), (2, "per_week", 104 / 12), (4, "per_month", 4),
     (1, "per_quarter", 1 / 3), (6, "per_year", 0.5), (1, Unit.per_week, 52 / 12)],
)
def test_per_month(value, unit, expected):
    assert per_month(value, unit) == pytest.approx(expected)


def test_per_month_refuses_other_units():
    with pytest.raises(ValueError):
        per_month(1, "hour")


@pytest.mark.parametrize(
    "percent, fee, misses, cap, exposure",
    [
        (5, 25000, 12, None, 15000),  # 5% a month for a year
        (5, 25000, 12, 10, 15000),  # one miss a month stays under the cap
        (5, 25000, 36, 10, 30000),  # three a month: 15% capped at 10%
        (5, 25000, 6, None, 7500),
        (5, 25000, 0, 10, 0),
        (15, 10000, 13, 10, 12000),  # every month hits the 10% cap
    ],
)
def test_yearly_credit_exposure(percent, fee, misses, cap, exposure):
    assert yearly_credit_exposure(percent, fee, misses, cap) == pytest.approx(exposure)


# Properties.

percents = st.floats(min_value=0, max_value=100, allow_nan=False)
starts = st.datetimes(min_value=datetime(2020, 1, 1), max_value=datetime(2030, 12, 31))
whole_minutes = st.integers(min_value=0, max_value=20_000)
HOLIDAYS = set().union(*(us_federal_holidays(y) for y in range(2020, 2033)))
windows = st.sampled_from([(time(8), time(17)), (time(9), time(17, 30)), (time(0), time(0)), (time(22), time(0))])
weekday_sets = st.sets(st.integers(0, 6), min_size=1)


@given(percents, percents)
def test_downtime_falls_as_availability_rises(a, b):
    low, high = sorted((a, b))
    assert downtime_minutes(low) >= downtime_minutes(high) >= 0
    assert downtime_minutes(100) == 0


@given(starts, st.floats(min_value=0, max_value=1e5), st.floats(min_value=0, max_value=1e5))
def test_business_time_is_monotone(start, a, b):
    low, high = sorted((a, b))
    assert add_business_time(start, low, holidays=HOLIDAYS) <= add_business_time(start, high, holidays=HOLIDAYS)


@given(starts, whole_minutes, whole_minutes, windows, weekday_sets)
def test_business_time_adds_up(start, a, b, window, days):
    kwargs = {"days": days, "opens": window[0], "closes": window[1], "holidays": HOLIDAYS}
    once = add_business_time(start, a + b, **kwargs)
    assert add_business_time(add_business_time(start, a, **kwargs), b, **kwargs) == once


@given(starts, whole_minutes, windows, weekday_sets)
def test_business_time_lands_in_business_hours(start, minutes, window, days):
    opens, closes = window
    end = add_business_time(start, minutes, days=days, opens=opens, closes=closes, holidays=HOLIDAYS)
    days_open = [end.date()]
    if closes == time(0) and end.time() == time(0):
        # Midnight is the day before's closing, or this day's opening if it opens then.
        days_open = [end.date() - timedelta(days=1)] + days_open * (opens == time(0))
    else:
        assert end.time() >= opens and (closes == time(0) or end.time() <= closes)
    assert any(day.weekday() in days and day not in HOLIDAYS for day in days_open)
    assert end >= start


calendar_units = st.sampled_from([u for u in MINUTES if u not in (Unit.quarter, Unit.year)])
values = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False)


@given(values, calendar_units)
def test_to_minutes_round_trips(value, unit):
    duration = Duration(value=value, unit=unit)
    assert to_minutes(duration) / MINUTES[unit] == pytest.approx(value)
    assert to_minutes(Duration(value=to_minutes(duration), unit=Unit.minute)) == pytest.approx(to_minutes(duration))
    assert parse_duration(str(duration)) == duration
