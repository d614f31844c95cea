"""One metric, two targets: within a document, and between an RFP and the draft contract
reviewed with it."""

from __future__ import annotations

import re

from checks.base import Review, level_of, make, question, replace_target
from extractors.units import canonical
from extractors.values import number
from extractors.values_grammar import WORD_NUM
from schemas import Commitment, FindingType, Metric, Severity, Unit

# Metrics whose targets should agree wherever they apply to the same case. Quality and
# delivery targets measure different things in different rows, so they are left out.
COMPARED = (Metric.availability, Metric.response_time, Metric.resolution_time, Metric.support_hours)
# Different channels or objects have different targets by design ("calls in 20 seconds,
# e-mail in 1 hour").
_CHANNELS = {
    "call": re.compile(r"\b(calls?|phone|telephone)\b", re.I),
    "email": re.compile(r"\be-?mails?\b", re.I),
    "voicemail": re.compile(r"\bvoice ?mails?\b", re.I),
    "chat": re.compile(r"\bchat\b", re.I),
    "onsite": re.compile(r"\bon-?site\b", re.I),
    "vip": re.compile(r"\bVIP\b"),
    "maintenance": re.compile(r"\bmaintenance\b", re.I),
}


MAX_TIME = 43200  # minutes: a response or fix time over 30 days is misread, not a target
# Words that name a tier: targets under them are keys of their own (issue 16: "Critical
# 2 h vs non-critical 6 h", P1/P2, plans, device classes), not two answers to one question.
_TIERS = re.compile(r"\b(?:critical|non-critical|urgent|emergency|high|medium|low|major|minor|serious|routine|normal"
                    r"|gold|silver|bronze|platinum|premium|standard|basic|enterprise|starter|professional|plan|tier"
                    r"|class|severity|sev|priority|level\s*\d|P[0-5])\b", re.I)  # not "service level": every SLA says it


def _key(c: Commitment) -> tuple | None:
    target = canonical(c.value, c.unit)
    if c.metric not in COMPARED or target is None:
        return None
    if target[0] in ("minutes", "business_minutes") and target[1] > MAX_TIME:
        return None
    if c.metric is Metric.availability and (c.value or 0) < 50:
        return None  # "5%" is an error rate or a credit beside the uptime, not an uptime
    channels = frozenset(name for name, p in _CHANNELS.items() if p.search(c.text))
    return c.metric, level_of(c.condition)[0], target[0], channels


def _groups(items: list[Commitment]) -> dict[tuple, dict[float, list[Commitment]]]:
    groups: dict[tuple, dict[float, list[Commitment]]] = {}
    for c in items:
        key = _key(c)
        if key:
            groups.setdefault(key, {}).setdefault(canonical(c.value, c.unit)[1], []).append(c)
    return groups


def _label(key: tuple) -> str:
    metric, level = key[0].value.replace("_", " "), key[1]
    return metric if level == "default" else f"{metric} ({level.replace('_', ' ')})"


def inconsistent(review: Review) -> list:
    out = []
    for key, by_target in _groups(review.service_levels(obligor=None)).items():
        items = [group[0] for group in by_target.values()]
        # Targets read from one row or sentence are tiers of one level ("<24 (+) <48"), not a conflict.
        if len(items) < 2 or len({c.block for c in items}) < 2:
            continue
        # With no severity read into the key, targets under tier names or conditions may be
        # different tiers: only targets that name none compete for the same key.
        if key[1] == "default" and any(c.condition or _TIERS.search(c.text) for c in items):
            continue
        # Hours of cover for different things (the help desk, the building's cleaning) are
        # not two answers for one: support hours compete only where the sentences share words.
        if key[0] is Metric.support_hours and any(len(_words(a.text) & _words(b.text)) < 2
                                                  for a in items for b in items if a is not b):
            continue
        targets = "; ".join(f'{_target(c)} ("{c.text[:80]}")' for c in items)
        rationale = f"The document gives {len(items)} different targets for {_label(key)}: {targets}."
        fix = question(f"Which {_label(key)} applies: {', '.join(_target(c) for c in items)}?")
        out.append(make(review, FindingType.inconsistent, Severity.medium, "targets_disagree", items, rationale,
                        {"targets": len(items)}, fix))
    return out


# The clock a time runs on, as the unit says it.
_CLOCK = {Unit.hour: ("hour", "calendar"), Unit.business_hour: ("hour", "business"),
          Unit.day: ("day", "calendar"), Unit.business_day: ("day", "business")}
_WORD = re.compile(r"[a-z]{4,}")
_COMMON = {"shall", "will", "within", "after", "following", "than", "later", "days", "day", "hours", "hour", "business",
           "calendar", "duty", "working", "each", "every", "with", "from", "that", "this", "have", "must", "contractor",
           "provider", "vendor", "supplier", "government", "the", "last", "first", "time", "response",
           "restoration", "resolution", "three", "four", "five", "seven", "eight", "nine", "eleven", "twelve", "fifteen",
           "twenty", "thirty", "forty", "fifty", "sixty", "ninety",
           # the window's own words say when, not what: they are no shared object
           "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "through", "during", "week",
           "weekdays", "weekends", "holidays", "service", "services", "support", "available", "availability", "provide"}


def clocks(review: Review) -> list:
    """Issue 16: the same time for the same thing on two clocks: "1 hour response" in one
    place, "1 duty hour" in another; a report "five (5) calendar days" after month end and
    "five (5) business days" after it elsewhere. The number agrees, the clock does not:
    nights, weekends and holidays are in one and not the other. Delivery times count only
    when the two sentences name the same thing (_same_thing)."""
    groups: dict[tuple, dict[str, list[Commitment]]] = {}
    for c in review.service_levels(obligor=None):
        if c.unit not in _CLOCK or c.value is None or c.metric not in (*COMPARED, Metric.delivery_time):
            continue
        size, clock = _CLOCK[c.unit]
        channels = frozenset(name for name, p in _CHANNELS.items() if p.search(c.text))
        key = (c.metric, level_of(c.condition)[0], c.value, size, channels)
        groups.setdefault(key, {}).setdefault(clock, []).append(c)
    out = []
    for key, by_clock in groups.items():
        if len(by_clock) < 2:
            continue
        pairs = [(a, b) for a in by_clock["calendar"] for b in by_clock["business"] if a.block != b.block
                 and (key[0] is not Metric.delivery_time or _same_thing(a.text, b.text))
                 and (key[1] != "default" or _same_tier(a.text, b.text))]
        if not pairs:
            continue
        a, b = pairs[0]
        rationale = (f'The same {_label(key)} is given on two clocks: "{a.text[:90]}" ({_target(a)}, calendar time) and '
                     f'"{b.text[:90]}" ({_target(b)}, business time). Nights, weekends and holidays count in one and not the '
                     "other: which binds decides whether the provider must be on duty then.")
        fix = question(f"Does the {_label(key)} run on calendar time ({_target(a)}) or business time ({_target(b)})?")
        out.append(make(review, FindingType.inconsistent, Severity.medium, "clocks_disagree", [a, b], rationale,
                        {"calendar": _target(a), "business": _target(b)}, fix))
    return out


def _same_tier(a: str, b: str) -> bool:
    """With no severity read, two rows are the same case only if they name no tier or
    share one ("Serious | 1 hour" and "Serious – 1 duty hour"; not "Critical" and "Major")."""
    ta, tb = ({m.lower() for m in _TIERS.findall(t)} for t in (a, b))
    return not (ta or tb) or bool(ta & tb)


def _same_thing(a: str, b: str) -> bool:
    """Two deadlines are for the same thing when their sentences share at least two words
    and a third of their words (long table rows share words by chance)."""
    wa, wb = _words(a), _words(b)
    return len(wa & wb) >= 2 and len(wa & wb) / len(wa | wb) >= 0.3


def _words(text: str) -> set[str]:
    return {w.rstrip("s") for w in _WORD.findall(text.lower()) if w not in _COMMON}


# A number written twice that disagrees with itself: "three (2) days", "thirty (60) days".
_WORDS_FIGURES = re.compile(rf"(?P<words>{WORD_NUM})\s*\(\s*(?P<figure>\d+(?:\.\d+)?)\s*%?\s*\)", re.I)
# The hundreds the number grammar leaves before the match: "one hundred twenty (120)".
_POINT = re.compile(r"\bpoint\s+$", re.I)
_HUNDREDS = re.compile(rf"(?:\b(?P<head>{WORD_NUM})\s+)?(?P<scale>hundred|thousand)(?:\s+and)?\s+$", re.I)


def words_and_figures(review: Review) -> list:
    """Issue 16: a clause whose number in words and in figures differ binds to one of two
    targets nobody can tell apart; shown by the words themselves."""
    out, seen = [], set()
    for c in review.commitments:
        for m in _WORDS_FIGURES.finditer(c.text):
            if _POINT.search(c.text[: m.start()]):
                continue  # "three point five (3.5)": the words are a decimal the grammar does not read
            words, figure = number(m["words"]), float(m["figure"])
            head = _HUNDREDS.search(c.text[:m.start()])
            if head and words is not None:
                scale = 100 if head["scale"].lower() == "hundred" else 1000
                words += (number(head["head"]) if head["head"] else 1) * scale
            if words is None or words == figure or (c.block, m.group(0)) in seen:
                continue
            seen.add((c.block, m.group(0)))
            rationale = (f'"{m.group(0)}" gives the number twice, as {words:g} in words and {figure:g} in figures: '
                         "which one binds is open to dispute.")
            out.append(make(review, FindingType.inconsistent, Severity.medium, "words_and_figures_differ", [c], rationale,
                            {"in_words": words, "in_figures": figure}, question(f'Which is meant in "{m.group(0)}": {words:g} or {figure:g}?'),
                            extra=m.group(0)))
    return out


def between(rfp: Review, draft: Review) -> list:
    """Targets the draft contract sets differently from the RFP it answers: reported on
    the draft, where the edit would go."""
    out = []
    asked, offered = _groups(rfp.service_levels(obligor=None)), _groups(draft.service_levels(obligor=None))
    for key in asked.keys() & offered.keys():
        a, o = set(asked[key]), set(offered[key])
        if a & o or not a or not o:
            continue
        want = asked[key][min(a)][0]
        for value in sorted(o):
            c = offered[key][value][0]
            rationale = (
                f"{rfp.doc} asks for {_label(key)} {_target(want)}; {draft.doc} sets {_target(c)}. "
                f"Signed as drafted, the contract would bind to {_target(c)} while the bid was priced on {_target(want)}."
            )
            fix = replace_target(c, _target(want)) if not draft.is_rfp else question(f"Which {_label(key)} applies: {_target(want)} or {_target(c)}?")
            out.append(make(draft, FindingType.inconsistent, Severity.high, "draft_differs_from_rfp", [c, want], rationale,
                            {"rfp": _target(want), "draft": _target(c)}, fix, extra=rfp.doc))
    return out


def _target(c: Commitment) -> str:
    unit = c.unit.value.replace("_", " ") if c.unit else ""
    if unit == "percent":
        return f"{c.value:g}%"
    if unit == "hours per week":
        return f"{c.value:g} hours a week"
    return f"{c.value:g} {unit}{'s' if c.value != 1 and not unit.startswith('per') else ''}"


CHECKS = [inconsistent, clocks, words_and_figures]
