"""Units of targets and how to compare them (GUIDELINES: "How extracted commitments are
scored"): calendar durations in minutes, business hours and days in business minutes (a
business day is 8 business hours), rates per year. Other units compare as they are."""

from schemas import Unit

MINUTES = {Unit.second: 1 / 60, Unit.minute: 1, Unit.hour: 60, Unit.day: 1440, Unit.week: 10080,
           Unit.month: 43200, Unit.quarter: 129600, Unit.year: 525600}
BUSINESS_MINUTES = {Unit.business_hour: 60, Unit.business_day: 480}
PER_YEAR = {Unit.per_day: 365, Unit.per_week: 52, Unit.per_month: 12, Unit.per_quarter: 4, Unit.per_year: 1}


def canonical(value: float | None, unit: Unit | str | None) -> tuple[str, float] | None:
    """(dimension, amount) of a target, or None when there is no target to compare."""
    if value is None or unit is None:
        return None
    unit = Unit(unit)
    if unit in MINUTES:
        return "minutes", round(value * MINUTES[unit], 6)
    if unit in BUSINESS_MINUTES:
        return "business_minutes", round(value * BUSINESS_MINUTES[unit], 6)
    if unit in PER_YEAR:
        return "per_year", round(value * PER_YEAR[unit], 6)
    return unit.value, round(value, 6)


def same_target(a: tuple[float | None, Unit | str | None], b: tuple[float | None, Unit | str | None]) -> bool:
    """Targets agree when both are absent, or their canonical forms match (to 0.1%)."""
    ca, cb = canonical(*a), canonical(*b)
    if ca is None or cb is None:
        return ca is None and cb is None
    return ca[0] == cb[0] and abs(ca[1] - cb[1]) <= 1e-3 * max(abs(ca[1]), abs(cb[1]), 1e-9)
