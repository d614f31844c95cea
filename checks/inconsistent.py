"""One metric, two targets: within a document, and between an RFP and the draft contract
reviewed with it."""

from __future__ import annotations

import re

from checks.base import Review, level_of, make, question, replace_target
from extractors.units import canonical
from extractors.values import number
from extractors.values_grammar import WORD_NUM
from schemas import Commitment, FindingType, Metric, Severity

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
        targets = "; ".join(f'{_target(c)} ("{c.text[:80]}")' for c in items)
        rationale = f"The document gives {len(items)} different targets for {_label(key)}: {targets}."
        fix = question(f"Which {_label(key)} applies: {', '.join(_target(c) for c in items)}?")
        out.append(make(review, FindingType.inconsistent, Severity.medium, "targets_disagree", items, rationale,
                        {"targets": len(items)}, fix))
    return out


# A number written twice that disagrees with itself: "three (2) days", "thirty (60) days".
_WORDS_FIGURES = re.compile(rf"(?P<words>{WORD_NUM})\s*\(\s*(?P<figure>\d+(?:\.\d+)?)\s*%?\s*\)", re.I)


def words_and_figures(review: Review) -> list:
    """Issue 16: a clause whose number in words and in figures differ binds to one of two
    targets nobody can tell apart; shown by the words themselves."""
    out, seen = [], set()
    for c in review.commitments:
        for m in _WORDS_FIGURES.finditer(c.text):
            words, figure = number(m["words"]), float(m["figure"])
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


CHECKS = [inconsistent, words_and_figures]
