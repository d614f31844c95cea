"""Measurable targets in one sentence or table row: durations, percentages, coverage windows,
cadences, counts, money and deadlines, with the period and condition stated near them.

A deterministic grammar (the pieces are in extractors/values_grammar.py). `find_targets` reports
every target it reads; `primary_targets` applies the GUIDELINES conventions on top ("X% of requests
within T" is the target T with the percentage as its condition; an AQL tolerance is a condition).

Judgement calls: a range takes its upper bound; "bi-monthly" reads as every two months (0.5
per_month), though some writers mean twice a month; "business hours" with no clock times stays a
condition, since its hours are defined elsewhere in the document; clock hours stated "during working
hours" become business hours; "Sundays between 2:00 and 6:00 a.m." is a 4-hour duration measured
weekly (a maintenance window), not coverage."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from extractors import values_grammar as g
from schemas import Period, Unit

KINDS = ("coverage", "weekday", "deadline", "currency", "percent", "cadence", "duration", "count")  # overlap priority
# "weekday" is internal: a window on one named day each week, reported as a duration measured weekly
DURATIONS = {Unit.second, Unit.minute, Unit.hour, Unit.business_hour, Unit.day, Unit.business_day, Unit.week,
             Unit.month, Unit.quarter, Unit.year}
VALUE_KINDS = {"percent", "duration", "deadline", "count", "currency"}  # kinds a measurement window can qualify
_NUM = re.compile(g.NUM, g.FLAGS)
_PAREN = re.compile(r"\(\s*(\d+(?:\.\d+)?)")
_WEEKDAYS = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
_MULT = {"k": 1e3, "thousand": 1e3, "m": 1e6, "mm": 1e6, "million": 1e6, "b": 1e9, "bn": 1e9, "billion": 1e9}
_PER = {"day": Unit.per_day, "week": Unit.per_week, "month": Unit.per_month, "quarter": Unit.per_quarter,
        "year": Unit.per_year}
_RATES = set(_PER.values())


@dataclass(frozen=True)
class Target:
    """One measurable target; text[start:end] is the phrase it was read from."""

    value: float | None
    unit: Unit | None
    period: Period | None
    condition: str | None
    start: int
    end: int
    kind: str  # "duration" | "percent" | "coverage" | "cadence" | "count" | "currency" | "deadline"


# --- numbers -------------------------------------------------------------------------------

def _words(s: str) -> float | None:
    """Value of number words: "twenty-four" -> 24, "ninety six and one-half" -> 96.5."""
    main, _, frac = s.lower().replace("-", " ").partition(" and ")
    total = 0.0
    for w in main.split():
        total = (total or 1) * 100 if w == "hundred" else total + g.WORD_VALUE.get(w, 0)
    fw = frac.split()
    if fw:
        n = 1 if fw[0] == "a" else g.WORD_VALUE.get(fw[0], 0)
        total += n / (2 if fw[-1].startswith("half") else 10 if fw[-1].startswith("tenth") else 100)
    return total


def number(s: str) -> float | None:
    """One number: "four (4)" -> 4 (the digits win), "1,000" -> 1000, "ninety-five" -> 95."""
    paren = _PAREN.search(s)
    if paren:
        return float(paren.group(1))
    if any(c.isdigit() for c in s):
        return float(s.replace(",", "").strip())
    return _words(s) if s.strip() else None


def upper(s: str) -> float | None:
    """A range takes its upper bound: "1 to 3" -> 3, "one or two" -> 2."""
    values = [number(m.group()) for m in _NUM.finditer(s)]
    values = [v for v in values if v is not None]
    return max(values) if values else None


# --- coverage ------------------------------------------------------------------------------

def _clock(m: re.Match, p: str) -> tuple[float, str | None]:
    """Hours since midnight of one clock time in a TIME match (prefix p), and its am/pm marker."""
    if m[p + "mil"]:
        return int(m[p + "mil"][:2]) + int(m[p + "mil"][2:]) / 60, None
    h, mi = (m[p + "h"], m[p + "m"]) if m[p + "h"] else (m[p + "h2"], m[p + "m2"])
    ap = (m[p + "ap"] or "")[:1].lower()
    ap = ap if ap in ("a", "p") else None
    hours = int(h) % 12 + (12 if ap == "p" else 0) if ap else int(h)
    return hours + int(mi or 0) / 60, ap


def _days(m: re.Match) -> int:
    """How many days a week a DAYS match covers: "Monday through Friday" -> 5."""
    if m["d1"]:
        a, b = (_WEEKDAYS.index(m[k][:3].lower()) for k in ("d1", "d2"))
        return (b - a) % 7 + 1
    return 7 if m["seven"] else 5


def _span(m: re.Match) -> float:
    """Hours between the two clock times of a TIME_RANGE match ("7 am to 7 pm" -> 12)."""
    start, sap = _clock(m, "s")
    end, eap = _clock(m, "e")
    span = end - start
    if span <= 0:
        span += 12 if sap is None and eap is None and end <= 12 else 24
    return span


# --- candidates ------------------------------------------------------------------------------

def _unit(m: re.Match) -> Unit:
    return next(Unit(k) for k in ("business_day", "business_hour", "week", "day", "hour", "minute", "second",
                                  "month", "quarter", "year") if m[k])


BARE_CLOCK_RANGES = True  # replayed rule (tests/test_replayed_rules.py)


def _candidates(text: str) -> list[tuple[int, int, float, Unit, str]]:
    """Every reading of every phrase: (start, end, value, unit, kind); overlaps are resolved later."""
    out = []
    for m in g.DURATION.finditer(text):
        out.append((m.start(), m.end(), upper(m["num"]), _unit(m), "duration"))
    for m in g.SPECIAL_DURATION.finditer(text):
        v, u = (30, Unit.minute) if m["half"] else (1, Unit.hour) if m["an"] else (int(m["net"]), Unit.day)
        out.append((m.start(), m.end(), v, u, "duration"))
    for m in g.PERCENT.finditer(text):
        out.append((m.start(), m.end(), float(m["paren"]) if m["paren"] else upper(m["num"]), Unit.percent, "percent"))
    for m in g.CURRENCY.finditer(text):
        amount = number(m["a"] or m["b"]) * _MULT.get((m["ma"] or m["mb"] or "").lower(), 1)
        out.append((m.start(), m.end(), amount, Unit.currency, "currency"))
    for m in g.COUNT.finditer(text):
        num = m["q"] or m["n"]
        if "." in num:  # "3.3 Imaging ... surveys", "a score of 3.0 of all surveys"
            continue
        if num[0].isupper() and not num[0].isdigit() and re.search(r"\b[A-Z]\w*\s+$", text[:m.start()]):
            continue  # "Commerce One employees": a name
        if m["n"] and num[0].isdigit() and not text[:m.start()].strip():
            continue  # "13  SHARED RESOURCES": digits that open the text number a list or section
        unit = _PER[m["per"].lower()] if m["per"] else Unit.count
        out.append((m.start(), m.end(), number(num), unit, "count"))
    for m in g.DEADLINE.finditer(text):
        if m["two"]:
            v, u = 2, Unit.business_day
        elif m["ord"]:
            v, u = g.ORDINALS[m["ord"].lower()], Unit.business_day
        elif m["one"]:
            v, u = 1, Unit.business_day
        elif m["nextday"]:
            v, u = 1, Unit.day
        elif m["end"]:
            v, u = 1, Unit(m["end"].lower())
        else:
            v, u = int(m["nth"]), Unit.business_day if m["nthbiz"] else Unit.day
        out.append((m.start(), m.end(), v, u, "deadline"))
    for m in g.GRID.finditer(text):
        a, b = int(m["a"]), int(m["b"])
        slash = "/" in m.group() and "x" not in m.group().lower()
        if ({a, b} == {24, 7}) if slash else (8 <= max(a, b) <= 24 and 5 <= min(a, b) <= 7):  # not "15x4"
            out.append((m.start(), m.end(), a * b, Unit.hours_per_week, "coverage"))
    for m in g.HOURS_DAYS.finditer(text):
        h, d = number(m["h"]), number(m["d"])
        if h and d and h <= 24 and d <= 7:
            out.append((m.start(), m.end(), h * d, Unit.hours_per_week, "coverage"))
    for m in g.HOURS_A_DAY.finditer(text):
        h = number(m["h"])
        days = g.WEEK_DAYS.match(text, m.end())
        if h and 1 <= h <= 24:
            end = days.end() if days else m.end()
            out.append((m.start(), end, h * (_days(days) if days else 7), Unit.hours_per_week, "coverage"))
    for rx in (g.WINDOW_TD, g.WINDOW_DT):
        for m in rx.finditer(text):
            out.append((m.start(), m.end(), round(_span(m) * _days(m), 2), Unit.hours_per_week, "coverage"))
    if BARE_CLOCK_RANGES and g.COVER_WORDS.search(text) and not g.NOT_COVER.search(text):
        for m in g.CLOCK_RANGE.finditer(text):
            if m["sap"] or m["eap"] or m["sh2"] or m["eh2"]:  # clock times, not "2019-2020"
                out.append((m.start(), m.end(), round(_span(m) * 5, 2), Unit.hours_per_week, "coverage"))
    for m in g.ONE_DAY_WINDOW.finditer(text):
        out.append((m.start(), m.end(), round(_span(m), 2), Unit.hour, "weekday"))
    out += _cadences(text)
    return out


def _cadences(text: str) -> list[tuple[int, int, float, Unit, str]]:
    """Named cadences ("bi-weekly"), counted ones ("twice a month") and intervals ("every 2 weeks")."""
    out = []
    for m in g.CADENCE_FIXED.finditer(text):
        if g.NOT_CADENCE_AFTER.match(text, m.end()):
            continue
        i = next(int(k[1:]) for k, v in m.groupdict().items() if v)
        _, v, u = g.CADENCE_WORDS[i]
        out.append((m.start(), m.end(), v, Unit(u), "cadence"))
    for m in g.TIMES.finditer(text):
        n = {"once": 1, "twice": 2, "thrice": 3}.get(m["n"].lower()) or upper(m["n"])
        out.append((m.start(), m.end(), n, _PER[m["unit"].lower()], "cadence"))
    for m in g.EVERY.finditer(text):
        n, unit = upper(m["n"] or m["n2"] or m["n3"]), (m["unit"] or m["unit2"] or m["unit3"]).lower()
        if n and unit == "hour":  # "every 24 hours" is once a day
            n, unit = n / 24, "day"
        if n:
            out.append((m.start(), m.end(), 1 / n, _PER[unit], "cadence"))
    return [c for c in out if not g.WORKLOAD.search(text, 0, c[0])]


def _blocked(text: str, start: int, value: float | None, unit: Unit) -> bool:
    """A number that is a section, clause, priority, date or year, not a target."""
    if value is None or g.BLOCKER.search(text, max(0, start - 24), start):
        return True
    if unit in (Unit.currency, Unit.percent, Unit.hours_per_week) or value != int(value):
        return False
    return 1900 <= value <= 2099 or (unit in DURATIONS and value >= 1000)  # a year; a row number before a unit


def _resolve(cands):
    """Keep the best reading where readings overlap: by kind (KINDS order), then the longer, then the earlier."""
    def rank(c):  # a count per period ("400 items per month") ranks with the cadences
        return KINDS.index("cadence" if c[3] in _PER.values() else c[4]), c[0] - c[1], c[0]

    chosen = []
    for c in sorted(cands, key=rank):
        if all(c[1] <= k[0] or c[0] >= k[1] for k in chosen):
            chosen.append(c)
    return sorted(chosen)


# --- context: clauses, periods, conditions -----------------------------------------------------

def _clauses(text: str) -> list[int]:
    return [m.start() for m in g.CLAUSE_BREAK.finditer(text)]


def _same_clause(breaks: list[int], a: int, b: int) -> bool:
    lo, hi = min(a, b), max(a, b)
    return not any(lo <= x < hi for x in breaks)


def _near(breaks, pos: int, spots: list[tuple[int, str]], first_cell_end: int | None) -> str | None:
    """The label nearest before pos in its clause, else the first after it; else one in a row's first cell."""
    same = [(p, s) for p, s in spots if _same_clause(breaks, p, pos)]
    before = [s for p, s in same if p < pos]
    if before:
        return before[-1]
    if same:
        return same[0][1]
    head = [s for p, s in spots if first_cell_end is not None and p < first_cell_end]
    return head[0] if head else None


def _join(*parts: str | None) -> str | None:
    seen = [p for p in parts if p]
    return "; ".join(dict.fromkeys(seen)) or None


def _periods(text: str, chosen: list, breaks: list[int]) -> tuple[dict[int, Period], set[int]]:
    """Measurement windows of the value targets (by index in chosen), and the cadences they used up.
    A stated window ("in any month", "measured monthly") goes to the nearest target in its clause; a
    cadence word right after a target ("1 hour per month") or "monthly" just before a percentage is
    its window, not a cadence; after a count it makes a rate ("one (1) test annually")."""
    periods: dict[int, Period] = {}
    dropped: set[int] = set()

    def consume(lo: int, hi: int) -> None:
        dropped.update(i for i, c in enumerate(chosen) if c[4] == "cadence" and c[0] < hi and c[1] > lo)

    values = [i for i, c in enumerate(chosen) if c[4] in VALUE_KINDS]
    for m in g.PERIOD.finditer(text):
        word = (m["p1"] or m["p2"] or m["p3"] or m["p4"] or "year").lower()
        near = [i for i in values if _same_clause(breaks, chosen[i][0], m.start())]
        if m["p4"] and not near:
            continue  # "reported by 31 October of each calendar year": no value to measure, a cadence
        consume(m.start(), m.end())
        if near:
            i = min(near, key=lambda i: min(abs(chosen[i][0] - m.end()), abs(chosen[i][1] - m.start())))
            periods.setdefault(i, Period(g.PERIOD_WORD[word]))
    for i in values:
        s, e, v, u, kind = chosen[i]
        m = g.SOFT_PERIOD_AFTER.match(text, e)
        if m and not any(s < c[0] < m.end() and c[4] in VALUE_KINDS for c in chosen):
            word = g.PERIOD_WORD[(m["p"] or m["q"]).lower()]
            consume(m.start("p" if m["p"] else "q"), m.end())
            if kind == "count" and u == Unit.count and not g.MISHAP.search(text, s, m.end()):
                chosen[i] = (s, e, v, _PER[word], kind)
            else:
                periods.setdefault(i, Period(word))
        b = g.SOFT_PERIOD_BEFORE.search(text, max(0, s - 45), s) if kind == "percent" else None
        # "monthly uptime of 99.9%", but not "a monthly report to the TR 40%" nor "400 items per month ... 75%"
        if b and not g.CADENCE_NOUN.search(b.group()) and not any(
                c[4] in VALUE_KINDS and c[0] < b.end() and c[1] > b.start() for c in chosen):
            consume(b.start(), b.end())
            periods.setdefault(i, Period(g.PERIOD_WORD[(b["p"] or b["q"]).lower()]))
    return periods, dropped


def find_targets(text: str) -> list[Target]:
    """Every measurable target in one sentence or table row, in order of appearance, with the
    measurement window and the severity, priority or hours it applies to where the text states them."""
    chosen = _resolve([c for c in _candidates(text) if not _blocked(text, c[0], c[2], c[3])])
    breaks = _clauses(text)
    periods, dropped = _periods(text, chosen, breaks)
    labels = [(m.start(), " ".join(m.group().split())) for m in g.LABEL.finditer(text)]
    scopes = [(m.start(), m.group()) for m in g.SCOPE.finditer(text)]
    cell = text.find(" | ")
    first_cell_end = cell if cell >= 0 else None  # a row's first cell labels the whole row ("Priority 1 | 99.8%")
    row_end = len(text) if cell >= 0 else None  # and a scope cell ("during working hours") covers it too
    out = []
    for i, (s, e, v, u, kind) in enumerate(chosen):
        if i in dropped:
            continue
        cond = _join(_near(breaks, s, labels, first_cell_end), _near(breaks, s, scopes, row_end))
        if kind == "weekday":
            kind, periods[i] = "duration", Period.week
        # "400 items per month" is a rate; "no more than 2 complaints per month" caps a count
        # of mishaps within a window: unit count, the month its period
        per = g.RATE_END.search(text, s, e) if kind == "count" and u in _RATES and g.MISHAP.search(text, s, e) else None
        if per:
            u = Unit.count
            periods.setdefault(i, Period(per["per"].lower()))
        out.append(Target(float(v), u, periods.get(i), cond, s, e, kind))
    return out


# --- the GUIDELINES conventions ------------------------------------------------------------------

def _fmt(v: float) -> str:
    return f"{v:g}"


def _cell_alone(text: str, t: Target) -> bool:
    """A percentage that fills its table cell by itself: an AQL or weight column."""
    left, right = text.rfind("|", 0, t.start), text.find("|", t.end)
    return "|" in text and not text[left + 1:t.start].strip() and not text[t.end:right if right >= 0 else None].strip()


def primary_targets(text: str) -> list[Target]:
    """The targets GUIDELINES counts. "X% of requests within T": T is the target, "X% of requests" its
    condition; tiers ("50% within 4 hours, 100% within 8 hours") are one target each; an AQL tolerance
    ("1% deviation", "no deviation") is a condition; a percentage of money (a service credit) or of
    availability stays a target."""
    targets = find_targets(text)
    times = [t for t in targets if t.kind in ("duration", "deadline")]
    everyone: list[str] = ["no deviation"] if re.search(r"\bno\s+deviation\b", text, re.I) else []
    extra: dict[int, list[str]] = {}
    periods: dict[int, Period] = {}
    keep = []
    for t in targets:
        if t.kind != "percent":
            keep.append(t)
            continue
        tail = text[t.end:]
        clause_start = max([0] + [b for b in _clauses(text) if b < t.start])
        if g.DEVIATION.match(tail):
            everyone.append(f"{_fmt(t.value)}% deviation")
        elif g.MONEY_OF.match(tail) or g.KEEP_PERCENT.search(text, clause_start, t.end + 30) or not times:
            keep.append(t)
        else:
            before = [d for d in times if d.end <= t.start]
            after = [d for d in times if d.start >= t.end]
            if _cell_alone(text, t):  # an AQL column qualifies the standard to its left, if that is a time
                if not before:
                    continue
                host = before[-1]
            else:  # "50% within 4 hours": the time that follows
                host = after[0] if after else before[-1]
            share = g.SHARE_OF.match(tail)
            words = f" of {share['what'].strip()}" if share else ""
            extra.setdefault(host.start, []).append(f"{_fmt(t.value)}%{words}")
            if t.period:
                periods.setdefault(host.start, t.period)
    out = []
    for t in keep:
        cond = _join(t.condition, *extra.get(t.start, []), *everyone)
        unit = t.unit
        if unit == Unit.hour and t.condition and g.SCOPE_WORKING.search(t.condition):
            unit = Unit.business_hour  # "4 hours" during working hours are 4 working hours
        out.append(replace(t, unit=unit, condition=cond, period=t.period or periods.get(t.start)))
    return out


def coverage_hours_per_week(text: str) -> float | None:
    """Hours a week a coverage window spans: "8:00 a.m. to 5:00 p.m. ET, Monday through Friday" -> 45."""
    return next((t.value for t in find_targets(text) if t.kind == "coverage"), None)


def cadence(text: str) -> tuple[float, Unit] | None:
    """The first cadence stated, as a rate: "bi-weekly" -> (0.5, Unit.per_week)."""
    return next(((t.value, t.unit) for t in find_targets(text) if t.kind == "cadence"), None)
