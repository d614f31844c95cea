"""What a service-level section should define and does not: how a level is measured,
when maintenance happens, whether they are the sole remedy, when the
clock starts."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.base import PEOPLE, UNATTENDED, Review, ask_or_add, make
from schemas import FindingType, Metric, Severity, Unit


@dataclass(frozen=True)
class Term:
    name: str
    applies_to: tuple[Metric, ...]
    defined: re.Pattern
    clause: str
    ask: str
    severity: Severity


TERMS = [
    Term(
        "measurement_method", (Metric.availability, Metric.quality),
        re.compile(r"\b(measured|calculated|measurement|calculation|formula|monitor(ed|ing)?|sampl(e|ed|ing)|method of surveillance|surveillance)\b", re.I),
        "Availability is measured monthly by {provider}'s monitoring as (total minutes - downtime minutes) / total minutes, "
        "excluding scheduled maintenance, and reported in the monthly service report.",
        "How is the level measured: by whose tool, over what period, by what formula?",
        Severity.medium,
    ),
    Term(
        "maintenance_window", (Metric.availability,),
        re.compile(r"\b(maintenance windows?|scheduled maintenance|planned maintenance|planned downtime|scheduled downtime)\b", re.I),
        "{provider} may take the service down for scheduled maintenance for up to four (4) hours a month, "
        "outside business hours and announced five (5) business days ahead; such time is not downtime.",
        "When may the provider take the service down for maintenance, and does that time count as downtime?",
        Severity.medium,
    ),
    Term(
        "sole_remedy", (Metric.service_credit,),
        re.compile(r"\b(sole (and exclusive )?remed(y|ies)|exclusive remed(y|ies))\b", re.I),
        "Service credits are the client's sole and exclusive remedy for any failure to meet the service levels.",
        "Are service credits the sole remedy for a missed service level, or can other remedies be claimed as well?",
        Severity.medium,
    ),
    Term(
        "clock_start", (Metric.response_time, Metric.resolution_time),
        re.compile(r"\b(from (the )?(time|moment|receipt|report|notification|logging|submission)|upon receipt|after (receipt|notification|being notified)"
                   r"|of (receipt|notification|being notified)|between when|clock|begins? when|starts? when|measured from|time ?stamp|logged)\b", re.I),
        "Response and resolution times run from the time {provider}'s service desk logs the incident, "
        "and stop while {provider} waits on information from {client}.",
        "From what moment do response and resolution times run, and do they pause while the provider waits on the client?",
        Severity.medium,
    ),
]


def silent(review: Review) -> list:
    out = []
    for term in TERMS:
        relying = review.service_levels(*term.applies_to, obligor=None)
        if not relying or term.defined.search(review.text):
            continue
        rationale = (
            f"The document sets {len(relying)} {', '.join(sorted({c.metric.value.replace('_', ' ') for c in relying}))} "
            f"level(s) but never defines the {term.name.replace('_', ' ')}: without it the level cannot be checked or disputed."
        )
        fix = ask_or_add(review, term.ask, term.clause)
        out.append(make(review, FindingType.silent, term.severity, f"silent_{term.name}", relying[:1],
                        rationale, {"service_levels": len(relying)}, fix, extra=term.name))
    return out


def uptime_unstated(review: Review) -> list:
    """A system open around the clock with no uptime percentage anywhere: "an automated
    on-line ordering process available 24 hours a day/7 days a week" read literally is
    100%, with no measurement and no maintenance window (issue 16)."""
    if any(c.metric is Metric.availability and c.unit is Unit.percent for c in review.commitments):
        return []
    open_always = [c for c in review.service_levels(Metric.support_hours, Metric.availability, obligor=None)
                   if c.unit is Unit.hours_per_week and (c.value or 0) >= 168
                   and UNATTENDED.search(c.text) and not PEOPLE.search(c.text)]
    if not open_always:
        return []
    rationale = ("The system is to be available around the clock, but no uptime percentage, measurement method or "
                 "maintenance window is stated: read literally it is 100%, which no service can keep.")
    fix = ask_or_add(review, "What monthly uptime percentage is required, how is it measured, and is scheduled "
                     "maintenance excluded?", TERMS[0].clause.replace("Availability is", "Availability of the system is"))
    return [make(review, FindingType.silent, Severity.medium, "uptime_unstated", open_always[:3], rationale,
                 {"service_levels": len(open_always)}, fix)]


CHECKS = [silent, uptime_unstated]
