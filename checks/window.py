"""A daily support window the provider does not staff: "7:00 a.m. through 5:00 p.m.
(central time)" is 08:00-18:00 in New York, an hour past a 08:00-17:00 Eastern desk;
"7:15 a.m. to 4:15 p.m." opens 45 minutes before it. The window is read from the words,
converted into the profile's time zone and held against its staffed hours (issue 16:
coverage in another zone; windows as windows, never as durations)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from checks.base import Review, make, minutes_text, question, replace_words
from schemas import FindingType, Kind, Metric, Obligor, Severity, Unit

_T12 = r"\d{1,2}(?::[0-5]\d)?\s*[ap]\.?\s?m\b\.?"  # 8 a.m., 4:30p.m., 8am
_T24 = r"(?:[01]?\d|2[0-4]):[0-5]\d"  # 08:00, 17:30
_MIL = r"(?:[01]\d|2[0-3])[0-5]\d"  # 0600 (only with "hours" beside it)
_TH = r"(?:[01]?\d|2[0-4])\s?[hH](?:[0-5]\d)?"  # 8H, 20H30
_TDOT = r"(?:[01]?\d|2[0-4])\.[0-5]\d(?=\s*(?:hours|hrs|h\b|-|–|to\b|through|until))"  # 07.30 hours, 7.30 to 18.00
_TO = r"\s*(?:-|–|—|to|through|thru|until|till|and)\s*"
_TDOT2 = r"(?:[01]?\d|2[0-4])\.[0-5]\d"  # the end of a dotted span: "to 18.00"
WINDOW = re.compile(
    rf"(?<![\d:.])(?P<a>{_T12}|{_T24}|{_TH}|{_TDOT}|{_MIL})(?:\s*(?:hours|hrs|h)\b)?{_TO}(?P<b>{_T12}|{_T24}|{_TH}|{_TDOT2}|{_MIL})"
    r"(?![\d:]|\.\d)"
    r"(?P<hours>\s*(?:hours|hrs)\b)?", re.I)
ZONE = re.compile(
    r"^[\s,(]*(?:(?:in\s+)?(?P<name>eastern|central|mountain|pacific|ET|EST|EDT|CT|CST|CDT|MT|MST|MDT|PT|PST|PDT|GMT|UTC|CET|CEST"
    r"|BST|IST|AEST|JST)\b(?:\s*(?:standard|daylight))?(?:\s*time)?|(?P<local>local\s+time))\)?", re.I)
ZONES = {
    "eastern": "America/New_York", "et": "America/New_York", "est": "America/New_York", "edt": "America/New_York",
    "central": "America/Chicago", "ct": "America/Chicago", "cst": "America/Chicago", "cdt": "America/Chicago",
    "mountain": "America/Denver", "mt": "America/Denver", "mst": "America/Denver", "mdt": "America/Denver",
    "pacific": "America/Los_Angeles", "pt": "America/Los_Angeles", "pst": "America/Los_Angeles",
    "pdt": "America/Los_Angeles", "gmt": "UTC", "utc": "UTC", "cet": "Europe/Paris", "cest": "Europe/Paris",
    "bst": "Europe/London", "ist": "Asia/Kolkata", "aest": "Australia/Sydney", "jst": "Asia/Tokyo",
}
# A winter weekday: the zones' offsets on an ordinary working day (US and European summer
# time start on different dates; a finding must not depend on the week it runs).
_DAY = datetime(2026, 1, 14)


@dataclass
class Window:
    start: int  # minutes after midnight, in the document's zone
    end: int  # may pass 1440: a window that runs past midnight
    zone: str | None  # IANA name, None when the words give none
    span: tuple[int, int]  # the words, in the commitment's text


def minutes(text: str) -> int | None:
    """ "4:30 p.m." -> 990, "0600" -> 360, "20H" -> 1200, "17:00" -> 1020."""
    dotted = re.fullmatch(r"\s*(\d{1,2})\.(\d\d)\s*", text)
    if dotted:  # "07.30", "18.00"
        value = int(dotted.group(1)) * 60 + int(dotted.group(2))
        return value if value <= 1440 else None
    t = text.lower().replace(" ", "").replace(".", "")
    m = re.fullmatch(r"(\d{1,2})(?::(\d\d))?([ap])m", t)
    if m:
        h, mm = int(m.group(1)), int(m.group(2) or 0)
        if not 1 <= h <= 12:
            return None
        return (h % 12 + (12 if m.group(3) == "p" else 0)) * 60 + mm
    m = re.fullmatch(r"(\d{1,2}):(\d\d)|(\d\d)(\d\d)|(\d{1,2})h(\d\d)?", t)
    if not m:
        return None
    h, mm = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4)) if m.group(3) else (m.group(5), m.group(6))
    value = int(h) * 60 + int(mm or 0)
    return value if value <= 1440 else None


def windows(text: str) -> list[Window]:
    out = []
    for m in WINDOW.finditer(text):
        a, b = m.group("a"), m.group("b")
        military = [bool(re.fullmatch(_MIL, x)) for x in (a, b)]
        z = ZONE.match(text[m.end():m.end() + 30])
        if any(military) and not (m.group("hours") or (z and z.group("name"))
                                  or re.search(r"\bhours\b", text[max(0, m.start() - 30):m.start()], re.I)):
            continue  # "2020-2023" is years; "0600 through 1800 hours", "core hours ... 0900 to 1800 EST" windows
        if "." in a + b and not (m.group("hours") or re.search(r"hours|\bday|\b(?:mon|tue|wed|thu|fri|sat|sun)",
                                                                 text[max(0, m.start() - 40):m.start()], re.I)):
            continue  # "version 1.10 to 2.40": dotted numbers are times only beside hours or days
        start, end = minutes(a), minutes(b)
        if start is None or end is None or start == end:
            continue
        if end < start:
            end += 1440  # 20H-8H runs through the night
        if end - start < 60:
            continue  # "1:30 to 1:45" is a ratio or a slot, not a day's cover
        zone = ZONES.get(z.group("name").lower()) if z and z.group("name") else None
        out.append(Window(start, end, zone, (m.start(), m.end() + (z.end() if z else 0))))
    return out


def _offset(zone: str) -> int:
    return int(ZoneInfo(zone).utcoffset(_DAY).total_seconds() // 60)


def _clock(m: int) -> str:
    m %= 1440
    return f"{m // 60:02d}:{m % 60:02d}"


def beyond_window(review: Review) -> list:
    """Provider commitments whose daily window, in the profile's zone, starts before or
    ends after the staffed window. A window in words the grammar cannot read (a blank,
    "core hours") is left to the other checks."""
    support = review.profile.support
    if support is None or support.window is None:
        return []
    opens, closes = support.window
    s, e = opens.hour * 60 + opens.minute, (closes.hour * 60 + closes.minute) or 1440
    here = support.timezone or "America/New_York"
    found: dict[tuple, list] = {}
    for c in review.commitments:
        if c.obligor is not Obligor.provider:
            continue
        for w in windows(c.text):
            shift = _offset(here) - _offset(w.zone) if w.zone else 0
            a, b = w.start + shift, w.end + shift
            early, late = max(0, s - a), max(0, b - e)
            if early + late == 0:
                continue
            # one window is one requirement, whether its zone is written or read as ours
            found.setdefault((a, b), []).append((c, w, a, b, early, late))
    out = []
    for places in found.values():
        c, w, a, b, early, late = places[0]
        words = c.text[w.span[0]:w.span[1]]
        zone = f" {_zone_word(words)}" if w.zone else ""  # as the document writes it: "(central time)"
        moved = f", which is {_clock(a)}-{_clock(b)} in {here}" if w.zone and w.zone != here else ""
        gap = " and ".join(x for x in (f"{minutes_text(early)} before" if early else "",
                                       f"{minutes_text(late)} after" if late else "") if x)
        rationale = (f'The document asks for cover "{words}"{moved}; {review.profile.provider} staffs '
                     f"{support.start}-{support.end} {here}: the window runs {gap} the staffed hours, "
                     f"{minutes_text(early + late)} a day nobody is on duty."
                     + ("" if w.zone else f" (No time zone is stated: read as {here}.)"))
        theirs = f"{_clock(s - (a - w.start))}-{_clock(e - (a - w.start))}"  # our window in their zone
        fix = (question(f"Would cover {theirs}{zone} (our {support.start}-{support.end} {here}) be acceptable?")
               if review.is_rfp or c.span is None else
               replace_words(c, w.span[0], w.span[1], f"{theirs}{zone}"))
        severity = Severity.high if early + late >= 120 else Severity.medium
        numbers = {"window": f"{_clock(w.start)}-{_clock(w.end)}", "window_zone": w.zone or here,
                   "staffed": f"{support.start}-{support.end}", "uncovered_minutes_a_day": early + late}
        out.append(make(review, FindingType.unrealistic, severity, "window_beyond_staffed_hours",
                        [p[0] for p in places][:5], rationale, numbers, fix))
    return out


# Work asked for on the days the profile closes: "including federal holidays", "365 days a
# year", "on weekends and holidays". "Except holidays" and "holidays excluded" are the opposite.
_HOLIDAYS = re.compile(r"\b(?:including|incl\.?|and|on|during|over)\s+(?:(?:all|federal|public|legal|national|bank|US|U\.S\.)\s+)*holidays\b"
                       r"|\bholidays\s+included\b|\b365\s+days\s+(?:a|per|each|of the)\s+year\b|\bevery day of the year\b", re.I)
_NOT_HOLIDAYS = re.compile(r"\b(?:except|excluding|exclusive of|other than|not (?:on|including))\s+(?:\w+\s+){0,3}holidays\b"
                           r"|\bholidays\s+(?:excluded|are excluded|not included)\b", re.I)


def holidays(review: Review) -> list:
    """Provider work asked for on holidays when the profile closes on them (issue 16).
    Round-the-clock cover is already held against the staffed hours; this is the case
    that fits the hours and not the days."""
    support = review.profile.support
    if support is None or not support.holidays:
        return []
    closed = "US federal holidays" if support.holidays == "US" else f"{len(support.holidays)} holidays"
    items = [c for c in review.commitments if c.obligor is Obligor.provider and _HOLIDAYS.search(c.text)
             and not _NOT_HOLIDAYS.search(c.text)
             and not (c.unit is not None and c.unit.value == "hours_per_week" and (c.value or 0) > (support.hours_per_week or 168))]
    if not items:
        return []
    words = _HOLIDAYS.search(items[0].text).group(0)
    rationale = (f'The document asks for work on holidays ("{words}"); {review.profile.provider} closes on {closed} '
                 f"(11 days a year): cover on those days needs staff nobody has planned or priced.")
    fix = question("Is cover required on federal holidays, and if so for which services and hours?") if review.is_rfp else \
        question("Can holiday cover be limited to Severity 1 incidents, on call, at an agreed rate?")
    return [make(review, FindingType.unrealistic, Severity.medium, "work_on_holidays", items[:5], rationale,
                 {"words": words, "places": len(items)}, fix)]


# A target on a business clock: "4 business hours", "next business day", "during office hours".
_BUSINESS_CLOCK = re.compile(r"\b(?:business|working|office|duty)[- ](?:hours?|days?)\b|\bnext business day\b", re.I)
# Where the hours of the day decide the promise; a report due in 5 business days is due
# the same week whichever hours the days have.
_CLOCKED = {Metric.response_time, Metric.resolution_time, Metric.support_hours}
# Cover written as hours and days rather than clock times: "8x5", "9 to 5", "9–5 Mon–Fri".
_COVER = re.compile(r"\b\d{1,2}\s?[x×]\s?[5-7]\b|\b\d{1,2}\s?(?:-|–|to)\s?\d{1,2}\s*,?\s*(?:mon|7 days)", re.I)


def business_clock_undefined(review: Review) -> list:
    """Provider targets that run on business hours or days in a document that never says
    which hours make a business day: no clock window ("08:00-17:00", "7 a.m. to 5 p.m.")
    and no cover ("8x5") anywhere in it. A 4-business-hour response means a different
    promise on a 9-hour Eastern day than on a 12-hour Pacific one (issue 16: the clock)."""
    items = [c for c in review.commitments if c.kind is Kind.service_level and c.obligor is Obligor.provider
             and (c.unit is Unit.business_hour or c.metric in _CLOCKED
                  and (c.unit is Unit.business_day or _BUSINESS_CLOCK.search(c.text)))]
    if not items or windows(review.text) or _COVER.search(review.text):
        return []
    words = _BUSINESS_CLOCK.search(" ".join(c.text for c in items))
    said = f' ("{words.group(0)}")' if words else ""
    rationale = (f"{len(items)} target{'s' if len(items) > 1 else ''} run on business time{said}, but the document "
                 "never states which hours, days and time zone make a business day: the promise cannot be held "
                 "against the staffed hours until it does.")
    return [make(review, FindingType.silent, Severity.medium, "business_clock_undefined", items[:5], rationale,
                 {"places": len(items)}, question("Which hours, days and time zone make up a business day for these targets?"))]


def _zone_word(words: str) -> str:
    """The zone as the document wrote it: "(central time)", "ET"."""
    m = WINDOW.search(words)
    return words[m.end():].strip() if m else ""


CHECKS = [beyond_window, holidays, business_clock_undefined]
