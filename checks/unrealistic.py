"""Promises the provider's capacity cannot keep, shown with their arithmetic."""

from __future__ import annotations

import re
from datetime import datetime, time, timedelta

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
from checks.base import (
    PEOPLE,
    UNATTENDED,
    Review,
    insert,
    level_of,
    make,
    metric_guessed,
    minutes_text,
    number,
    percent,
    question,
    replace_target,
)
from schemas import Duration, FindingType, Kind, Metric, Obligor, Severity, Unit
from schemas.profile import DURATION_UNITS

U = FindingType.unrealistic
# A Friday an hour before closing: the worst start for a business-hours clock.
_FRIDAY = datetime(2026, 11, 20)


def availability(review: Review) -> list:
    """Availability above the best the profile allows, as monthly downtime budgets."""
    cap = review.profile.availability
    if cap is None:
        return []
    out = []
    for c in review.service_levels(Metric.availability, obligor=None):
        if c.unit is not Unit.percent or c.value is None or not 0 < c.value <= 100 or c.value <= cap.max_percent:
            continue
        asked, ours = downtime_minutes(c.value), downtime_minutes(cap.max_percent)
        share = (f"{number(ours / asked)} times as much." if asked else "while this level allows none at all.")
        rationale = (
            f"{percent(c.value)}% of a 30-day month allows {number(asked)} minutes of downtime; "
            f"{review.profile.provider} can commit to {percent(cap.max_percent)}% ({number(ours)} minutes), {share}"
        )
        severity = Severity.high if asked < ours / 2 else Severity.medium
        fix = question(
            f"Would {percent(cap.max_percent)}% monthly availability ({number(ours)} minutes of downtime a month) "
            f"be acceptable in place of {percent(c.value)}%?"
        ) if review.is_rfp else replace_target(c, f"{percent(cap.max_percent)}%")
        numbers = {"asked_percent": c.value, "asked_downtime_minutes": round(asked, 2),
                   "capacity_percent": cap.max_percent, "capacity_downtime_minutes": round(ours, 2)}
        out.append(make(review, U, severity, "availability_above_capacity", [c], rationale, numbers, fix))
    return out


def _as_duration(c) -> Duration | None:
    if c.value is None or c.value <= 0 or c.unit not in DURATION_UNITS:
        return None
    return Duration(value=c.value, unit=c.unit)


def _worst_calendar_minutes(d: Duration, review: Review, holidays: bool = True) -> float:
    """Calendar minutes a business-time clock takes from the worst start: Friday, an hour
    before the support window closes (weekends and, unless `holidays` is false, the
    holidays of the week after count on the calendar)."""
    support = review.profile.support
    opens, closes = (support.window if support and support.window else (time(8), time(17)))
    days = support.weekdays if support and support.weekdays else frozenset(range(5))
    holidays = us_federal_holidays(_FRIDAY.year) | us_federal_holidays(_FRIDAY.year + 1) \
        if holidays and support and support.holidays == "US" else set()
    close_at = datetime.combine(_FRIDAY.date(), closes) if closes != time(0) else datetime.combine(_FRIDAY.date() + timedelta(days=1), time(0))
    start = close_at - timedelta(hours=1)
    end = add_business_time(start, to_business_minutes(d), days=days, opens=opens, closes=closes, holidays=holidays)
    return (end - start).total_seconds() / 60


def _too_fast(asked: Duration, ours: Duration, review: Review) -> tuple[bool, str, bool]:
    """Whether `asked` is faster than `ours`, the sentence that shows it, and whether only
    a holiday makes it so."""
    if is_business(asked) == is_business(ours):
        f = to_business_minutes if is_business(asked) else to_minutes
        a, o = f(asked), f(ours)
        return a < o, f"{asked} is {minutes_text(a)} against {minutes_text(o)}", False
    if is_business(ours):  # a calendar clock against business-hours staff
        worst = _worst_calendar_minutes(ours, review)
        a = to_minutes(asked)
        # A week's deadline against 5 business days is missed only in a week with a holiday
        # (checks/settle.py leaves that for a look).
        holiday_only = a >= _worst_calendar_minutes(ours, review, holidays=False)
        return a < worst, (
            f"{asked} runs on the calendar, nights and weekends included; {review.profile.provider} works "
            f"business hours, so a request an hour before Friday's close is due {minutes_text(a)} later "
            f"but answered {minutes_text(worst)} later, after the weekend"
            + (" and a holiday (in a week without one it is met)" if holiday_only else "")
        ), holiday_only
    a, o = to_business_minutes(asked), to_minutes(ours)  # business promise, calendar capacity
    return a < o, f"{asked} is {minutes_text(a)} of business time against {minutes_text(o)}", False


def _times(review: Review, metric: Metric, table: dict | None, what: str, check: str) -> list:
    if not table:
        return []
    out = []
    for c in review.service_levels(metric):
        asked = _as_duration(c)
        key = next((k for k in level_of(c.condition) if k in table), None)
        if asked is None or key is None:
            continue
        ours = table[key]
        fast, why, holiday_only = _too_fast(asked, ours, review)
        if not fast:
            continue
        level = key.replace("_", " ")
        rationale = f"{what} of {asked}{' for ' + c.condition if c.condition else ''}: {why}; the profile's {level} is {ours}."
        fix = question(f"Would {what} of {ours}{' for ' + c.condition if c.condition else ''} be acceptable in place of {asked}?") \
            if review.is_rfp else replace_target(c, str(ours))
        numbers = {"asked": str(asked), "capacity": str(ours), "level": key}
        if holiday_only:
            numbers["missed_only_in_a_holiday_week"] = "yes"
        out.append(make(review, U, Severity.high, check, [c], rationale, numbers, fix))
    return out


def response_time(review: Review) -> list:
    return _times(review, Metric.response_time, review.profile.response_time, "a response time", "response_faster_than_capacity")


def resolution_time(review: Review) -> list:
    return _times(review, Metric.resolution_time, review.profile.resolution_time, "a resolution time", "resolution_faster_than_capacity")


def coverage(review: Review) -> list:
    """Support hours beyond what the provider staffs, in FTE."""
    support, staff = review.profile.support, review.profile.staff
    if support is None or support.hours_per_week is None:
        return []
    out = []
    # Whoever the sentence names, support hours are the provider's cover ("security services
    # performed at the Campus, 24 hours a day" in the client's plan).
    for c in review.service_levels(Metric.support_hours, obligor=None):
        if c.unit is not Unit.hours_per_week or c.value is None or c.value <= support.hours_per_week:
            continue
        if UNATTENDED.search(c.text) and not PEOPLE.search(c.text):
            continue  # a web shop open 24x7 needs uptime, not people on duty (issue 16)
        per_fte = staff.hours_per_fte_week if staff else 40
        fte = coverage_fte(min(c.value, 168), per_fte)
        rationale = (
            f"{number(c.value)} hours a week of coverage takes {fte:.1f} FTE for each person on duty "
            f"at {number(per_fte)} hours a week, before leave and sickness; {review.profile.provider} staffs "
            f"{number(support.hours_per_week)} hours a week"
            + (f" with {number(staff.fte)} FTE in all." if staff else ".")
        )
        severity = Severity.high if staff is None or fte > staff.fte / 2 else Severity.medium
        fix = question(
            f"Would support {number(support.hours_per_week)} hours a week ({support.days or 'business days'}"
            f"{', ' + support.start + '-' + support.end if support.start and support.end else ''}) be acceptable, "
            f"with out-of-hours cover for Severity 1 only?"
        ) if review.is_rfp else replace_target(c, f"{support.start}-{support.end} {support.days}" if support.start and support.end and support.days else f"{number(support.hours_per_week)} hours a week")
        numbers = {"asked_hours_per_week": c.value, "fte_per_seat": round(fte, 2),
                   "capacity_hours_per_week": support.hours_per_week}
        if staff:
            numbers["staff_fte"] = staff.fte
        out.append(make(review, U, severity, "coverage_beyond_staffed_hours", [c], rationale, numbers, fix))
    return out


def _load(review: Review, metric: Metric, cap, what: str, check: str) -> list:
    if cap is None:
        return []
    items, seen, total = [], set(), 0.0
    for c in review.service_levels(metric):
        if c.unit is None or not c.unit.value.startswith("per_") or c.value is None or (c.text, c.value) in seen:
            continue
        seen.add((c.text, c.value))
        teams = _teams(c.text)
        total += per_month(c.value, c.unit) * teams
        items.append(c)
    if total <= cap.max_per_month or not items:
        return []
    rationale = (
        f"{len(items)} {what} commitments add up to {number(total)} a month; {review.profile.provider} "
        f"can hold {number(cap.max_per_month)} a month."
    )
    fix = question(f"Could the {what}s be combined or spaced out to at most {number(cap.max_per_month)} a month?")
    return [make(review, U, Severity.medium, check, items, rationale,
                 {"per_month": round(total, 2), "capacity_per_month": cap.max_per_month}, fix)]


def _teams(text: str) -> int:
    """ "with each of the 3 teams" -> 3: a cadence per team multiplies."""
    m = re.search(r"\b(?:each|every|per) (?:of (?:the )?)?(\d+|two|three|four|five|six) (?:teams|squads|sites|projects|workstreams)", text, re.I)
    words = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
    return (int(m.group(1)) if m.group(1).isdigit() else words[m.group(1).lower()]) if m else 1


def meeting_load(review: Review) -> list:
    return _load(review, Metric.meeting_cadence, review.profile.meetings, "meeting", "meeting_load_over_capacity")


def reporting_load(review: Review) -> list:
    return _load(review, Metric.reporting_cadence, review.profile.reporting, "report", "reporting_load_over_capacity")


_CAP = re.compile(
    r"\b(cap(ped)?|maximum|not (to )?exceed|shall not exceed|in no event|up to|limited to|no more than|more than|in excess of|aggregate)\b[^.]{0,80}\b(credits?|fees?|charges?)",
    re.I,
)


def credits(review: Review) -> list:
    """Service credits with no cap, and the worst yearly exposure where fees are known."""
    # a credit the provider owes for a miss: what the client owes for paying late
    # ("Service Recipient must pay ... liquidated damages at 0.5 percent ... for each day of
    # delay in such payment") is no service credit (a false high finding, tenth round)
    # A credit only the model's metric head saw ("a reduced overhead of 2%", "300% of the
    # rate" for late payment) is no evidence of a credit scheme, nor its percentage of the
    # worst credit (checks/settle.py leaves such findings for a look when all are guessed).
    items = [c for c in review.service_levels(Metric.service_credit) if not metric_guessed(c.decided_by)]
    if not items:
        return []
    capped = bool(_CAP.search(review.text))
    percents = [c.value for c in items if c.unit is Unit.percent and c.value]
    worst = max(percents) if percents else None
    fees, limit = review.profile.fees, review.profile.credits
    numbers: dict = {"capped": str(capped).lower()}
    parts = []
    if not capped:
        parts.append("The document sets service credits but no cap on them.")
    if worst is not None and fees is not None:
        uncapped = yearly_credit_exposure(worst, fees.monthly, 12)
        capped_at = yearly_credit_exposure(worst, fees.monthly, 12, limit.max_percent_of_monthly_fee) if limit else None
        numbers.update({"worst_credit_percent": worst, "yearly_exposure": round(uncapped, 2)})
        parts.append(
            f"At {percent(worst)}% of the monthly fee per miss and one miss a month, a year's credits reach "
            f"{fees.currency} {uncapped:,.0f} of {fees.currency} {fees.monthly * 12:,.0f} in fees"
            + (f"; capped at {percent(limit.max_percent_of_monthly_fee)}% a month they would stop at {fees.currency} {capped_at:,.0f}."
               if limit and capped_at < uncapped else ".")
        )
    if capped and not (worst is not None and limit is not None and worst > limit.max_percent_of_monthly_fee):
        return []
    if capped:
        parts.append(f"A single credit of {percent(worst)}% is above the {percent(limit.max_percent_of_monthly_fee)}% a month {review.profile.provider} can accept.")
    cap_text = f"{percent(limit.max_percent_of_monthly_fee)}%" if limit else "a stated percentage"
    fix = question(f"Will service credits be capped at {cap_text} of the monthly fee?") if review.is_rfp else None
    if fix is None:
        fix = insert(f"Service credits for any month shall not exceed, in aggregate, {cap_text} of the fees for that month, "
                     "and are the sole and exclusive remedy for failure to meet the service levels.")
    return [make(review, U, Severity.high if not capped else Severity.medium, "credits_uncapped" if not capped else "credit_above_capacity",
                 items[:5], " ".join(parts), numbers, fix)]


CHECKS = [availability, response_time, resolution_time, coverage, meeting_load, reporting_load, credits]


def compared(review: Review) -> list[int]:
    """Which commitments (their indices) the checks above held against the profile: the
    matrix says "within capacity" only for these, "not checked" for the rest (issue 17)."""
    p = review.profile
    out = []
    for i, c in enumerate(review.commitments):
        if c.kind is not Kind.service_level:
            continue
        provider = c.obligor is Obligor.provider
        if c.metric is Metric.availability:
            held = p.availability is not None and c.unit is Unit.percent and c.value is not None and 0 < c.value <= 100
        elif c.metric in (Metric.response_time, Metric.resolution_time):
            table = p.response_time if c.metric is Metric.response_time else p.resolution_time
            held = provider and bool(table) and _as_duration(c) is not None and any(k in table for k in level_of(c.condition))
        elif c.metric is Metric.support_hours:
            held = provider and p.support is not None and p.support.hours_per_week is not None and c.unit is Unit.hours_per_week
        elif c.metric in (Metric.meeting_cadence, Metric.reporting_cadence):
            cap = p.meetings if c.metric is Metric.meeting_cadence else p.reporting
            held = provider and cap is not None and c.unit is not None and c.unit.value.startswith("per_") and c.value is not None
        elif c.metric is Metric.service_credit:
            held = p.credits is not None or p.fees is not None
        else:
            held = False
        if held:
            out.append(i)
    return out
