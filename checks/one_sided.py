"""Provider service levels without the client duties they depend on: a response time
with no stated way to report an incident, a fix time with no access to the systems."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.base import Review, insert, make, question
from schemas import FindingType, Metric, Severity


@dataclass(frozen=True)
class Dependency:
    name: str
    needed_by: tuple[Metric, ...]
    # Words that show the document states the client duty (anywhere: a definitions or
    # client-responsibilities section counts as well as a client obligation).
    stated: re.Pattern
    clause: str  # the client obligation to add; {client} is the document's name for the client
    ask: str
    severity: Severity


DEPENDENCIES = [
    Dependency(
        "incident_reporting", (Metric.response_time, Metric.resolution_time),
        re.compile(r"\b(report(s|ed|ing)? (an |all |any )?(incidents?|issues?|problems?|defects?)|submit(s|ted|ting)? (a |an )?(\w+ )?(tickets?|requests?)|support channel"
                   r"|(service|help) ?desk|trouble tickets?|ticketing (system|tool)|support portal|by (tele)?phone)", re.I),
        "{client} shall report each incident through the Provider's service desk (portal, e-mail or telephone), "
        "stating its severity, the systems affected and a contact; response and resolution times run from that report.",
        "How will incidents be reported (portal, e-mail, telephone), and does the response time run from the report?",
        Severity.high,
    ),
    Dependency(
        "access", (Metric.resolution_time, Metric.delivery_time),
        re.compile(r"\b(access to|remote access|credentials|accounts? for|badges?|facilit(y|ies)|network access|vpn|work ?space|office space)\b", re.I),
        "{client} shall give the Provider's staff timely access to the systems, sites, credentials and information "
        "the services need; a service level is excused while such access is not given.",
        "What access (systems, sites, credentials) will the provider have, and how quickly is it granted?",
        Severity.medium,
    ),
    Dependency(
        "named_contacts", (Metric.delivery_time, Metric.meeting_cadence),
        re.compile(r"\b(points? of contact|named contacts?|designate[sd]? (a |an |one |its )?\w* ?(contact|representative|manager|lead)"
                   r"|authori[sz]ed (callers?|contacts?|users?)|(contracting officer'?s )?representative \(?(COR|COTR)\)?|project manager)\b", re.I),
        "{client} shall name a representative and a deputy who can take decisions for it, and keep their contact details current.",
        "Who on the client's side is the named contact, with authority to decide?",
        Severity.medium,
    ),
    Dependency(
        "approvals", (Metric.delivery_time,),
        re.compile(r"\b(approv(e|es|al|als)|accept(s|ance)? .{0,30}within|review .{0,30}within|comments? within|feedback within|deemed accepted)\b", re.I),
        "{client} shall review each deliverable and accept it or state its objections within five (5) business days; "
        "a deliverable not objected to in that time is accepted, and delivery dates move with any delay.",
        "How long will the client take to review and accept each deliverable, and do dates move if review is late?",
        Severity.medium,
    ),
    Dependency(
        "exclusions", (Metric.availability, Metric.response_time, Metric.resolution_time),
        re.compile(r"\b(exclu(de|des|ded|ding|sions?)|caused by (the )?(customer|client|government|agency|buyer|licensee|user)|force majeure"
                   r"|scheduled (maintenance|downtime)|planned (maintenance|downtime)|beyond (the )?\w* ?(reasonable )?control)\b", re.I),
        "Failures caused by {client}, its users or third parties it engages, by scheduled maintenance or by force majeure "
        "are excluded from the service levels and from any service credits.",
        "Are failures caused by the client, its users or force majeure excluded from the service levels?",
        Severity.medium,
    ),
]


def one_sided(review: Review) -> list:
    out = []
    for dep in DEPENDENCIES:
        relying = review.service_levels(*dep.needed_by)
        if not relying or dep.stated.search(review.text):
            continue
        metrics = sorted({c.metric.value.replace("_", " ") for c in relying if c.metric})
        rationale = (
            f"{len(relying)} provider service level(s) ({', '.join(metrics)}) depend on the client, "
            f"but the document states no client duty for {dep.name.replace('_', ' ')}: "
            f"a missed target caused by the client would still count against the provider."
        )
        fix = question(dep.ask) if review.is_rfp else insert(_sentence(dep.clause.format(client=review.client)))
        out.append(make(review, FindingType.one_sided, dep.severity, f"missing_client_{dep.name}", relying[:3],
                        rationale, {"service_levels": len(relying)}, fix, extra=dep.name))
    return out


# Provider work that waits on the client's yes: "no cleaning product until approved by Pope
# AFB", "comply with the schedule as approved by the CO", "after acceptance of the quality
# control plan". Read from the extracted commitments, by meaning (issue 16).
_GATED = re.compile(r"(?<!considered )(?<!deemed )(?<!considered as )(?<!deemed as )"
                    r"\b(?:until|unless|upon|after|once|subject to|pending|as|when)\s+(?:\w+\s+){0,3}?"
                    r"(?:approv\w*|accept\w*|authori[sz]\w*|consent\w*)\b"
                    r"|\b(?:prior|written)\s+(?:written\s+)?(?:approval|authori[sz]ation|consent)\b"
                    r"|\bfor\s+(?:\w+\s+){0,2}approval\b", re.I)
# The client's own time to decide: a client commitment about approving or reviewing with a time.
_DECIDES = re.compile(r"\b(?:approv\w*|accept\w*|review\w*|authori[sz]\w*|consent\w*|comments?|respond\w*|deemed)\b", re.I)
_TIME_UNITS = {"second", "minute", "hour", "business_hour", "day", "business_day", "week", "month"}


def approvals(review: Review) -> list:
    """One finding per document: the provider commitments that wait on the client's
    approval when no client commitment says how long the client takes to decide. Shown
    from the extracted commitments (the client's duties are read, not searched for words)."""
    timed = [c for c in review.commitments if c.obligor.value == "client" and _DECIDES.search(c.text)
             and c.value is not None and c.unit is not None and c.unit.value in _TIME_UNITS]
    if timed:
        return []
    gated = [c for c in review.commitments if c.obligor.value == "provider" and _GATED.search(c.text)]
    places = list({c.block: c for c in gated}.values())[:5]
    if not places:
        return []
    rationale = (f"{len(gated)} provider commitment(s) wait on the client's approval, but no client duty states how long "
                 "the client takes to decide: a late approval would still count against the provider.")
    dep = next(d for d in DEPENDENCIES if d.name == "approvals")
    fix = question(dep.ask) if review.is_rfp else insert(_sentence(dep.clause.format(client=review.client)))
    return [make(review, FindingType.one_sided, Severity.medium, "approval_without_deadline", places, rationale,
                 {"waiting_on_approval": len(gated)}, fix)]


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


CHECKS = [one_sided, approvals]
