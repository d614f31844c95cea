"""Provider service levels without the client duties they depend on: a response time
with no stated way to report an incident, a fix time with no access to the systems."""

from __future__ import annotations

import re
from dataclasses import dataclass

from checks.base import Review, ask_or_add, make
from checks.vague import BOILERPLATE
from schemas import FindingType, Metric, Obligor, Severity


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
    # What an extracted client commitment says when it is this duty, by meaning: "The
    # Customer must alert EIT of any incidence" is incident reporting (issue 16).
    duty: re.Pattern | None = None


DEPENDENCIES = [
    Dependency(
        "incident_reporting", (Metric.response_time, Metric.resolution_time),
        re.compile(r"\b(report(s|ed|ing)? (an |all |any )?(incidents?|issues?|problems?|defects?)|submit(s|ted|ting)? (a |an )?(\w+ )?(tickets?|requests?)|support channel"
                   r"|(service|help) ?desk|trouble tickets?|ticketing (system|tool)|support portal|by (tele)?phone)", re.I),
        "{client} shall report each incident through {provider}'s service desk (portal, e-mail or telephone), "
        "stating its severity, the systems affected and a contact; response and resolution times run from that report.",
        "How will incidents be reported (portal, e-mail, telephone), and does the response time run from the report?",
        Severity.high,
        re.compile(r"\b(?:notif\w*|alert\w*|inform\w*|report\w*|contact\w*|call\w*|e-?mail\w*|log\w*|raise\w*|open\w*|submit\w*|advis\w*)\b"
                   r"[^.]{0,80}\b(?:incidents?|incidences?|issues?|problems?|faults?|outages?|defects?|tickets?|requests?|failures?"
                   r"|errors?|malfunctions?|breakdowns?|troubles?|service calls?)\b", re.I),
    ),
    Dependency(
        "access", (Metric.resolution_time, Metric.delivery_time),
        re.compile(r"\b(access to|remote access|credentials|accounts? for|badges?|facilit(y|ies)|network access|vpn|work ?space|office space)\b", re.I),
        "{client} shall give {provider}'s staff timely access to the systems, sites, credentials and information "
        "the services need; a service level is excused while such access is not given.",
        "What access (systems, sites, credentials) will the provider have, and how quickly is it granted?",
        Severity.medium,
        None,  # set below: the same words as on_site's client duty
    ),
    Dependency(
        "named_contacts", (Metric.delivery_time, Metric.meeting_cadence),
        re.compile(r"\b(points? of contact|named contacts?|designate[sd]? (a |an |one |its )?\w* ?(contact|representative|manager|lead)"
                   r"|authori[sz]ed (callers?|contacts?|users?)|(contracting officer'?s )?representative \(?(COR|COTR)\)?|project manager)\b", re.I),
        "{client} shall name a representative and a deputy who can take decisions for it, and keep their contact details current.",
        "Who on the client's side is the named contact, with authority to decide?",
        Severity.medium,
        re.compile(r"\b(?:designat\w*|appoint\w*|name|names|identif\w*|assign\w*|provid\w*|nominat\w*)\b[^.]{0,60}"
                   r"\b(?:contacts?|representatives?|managers?|coordinators?|liaisons?|COR|COTR|sponsors?)\b", re.I),
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
    shown = bool(on_site(review))  # the access duty is then shown by meaning, not looked for by words
    duties = [c.text for c in review.commitments if c.obligor is Obligor.client]
    for dep in DEPENDENCIES:
        relying = review.service_levels(*dep.needed_by)
        if not relying or dep.stated.search(review.text) or (dep.name == "access" and shown):
            continue
        duty = _LETS_IN if dep.name == "access" else dep.duty
        if duty is not None and any(duty.search(t) for t in duties):
            continue  # the client's own commitment states it
        metrics = sorted({c.metric.value.replace("_", " ") for c in relying if c.metric})
        rationale = (
            f"{len(relying)} provider service level(s) ({', '.join(metrics)}) depend on the client, "
            f"but the document states no client duty for {dep.name.replace('_', ' ')}: "
            f"a missed target caused by the client would still count against the provider."
        )
        fix = ask_or_add(review, dep.ask, dep.clause)
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
    gated = [c for c in review.commitments if c.obligor.value == "provider" and _GATED.search(c.text)
             and not BOILERPLATE.search(c.text)]  # "use Confidential Information only with prior written consent"
    places = list({c.block: c for c in gated}.values())[:5]
    if not places:
        return []
    rationale = (f"{len(gated)} provider commitment(s) wait on the client's approval, but no client duty states how long "
                 "the client takes to decide: a late approval would still count against the provider.")
    dep = next(d for d in DEPENDENCIES if d.name == "approvals")
    fix = ask_or_add(review, dep.ask, dep.clause)
    return [make(review, FindingType.one_sided, Severity.medium, "approval_without_deadline", places, rationale,
                 {"waiting_on_approval": len(gated)}, fix)]


# Work the provider does at the client's place: "performed onsite at the EPA Headquarters",
# "an on-site inventory and warehouse operation at FLETC".
_ON_SITE = re.compile(r"\bon[- ]?site\b|\bat (?:the )?(?:government|agency|client|customer)'?s? "
                      r"(?:site|sites|facility|facilities|premises|offices?|headquarters|campus|locations?)\b", re.I)
# A client duty that lets it happen, read from the client's extracted commitments.
_LETS_IN = re.compile(r"\b(?:provid\w*|furnish\w*|give|gives|grant\w*|make\w* available|issue\w*|suppl\w*|allow\w*|arrange\w*)\b"
                      r"[^.]{0,80}\b(?:access|space|offices?|work ?spaces?|desks?|badg\w*|credentials?|accounts?|facilit\w*"
                      r"|parking|escort\w*|network|workstations?|computers?|telephones?|equipment)\b", re.I)
# The same stated where extraction may miss it: Government-furnished property, or the
# client providing space or access in so many words.
_FURNISHED = re.compile(r"\bgovernment[- ]furnished\b|\bGF[EPI]\b|\b(?:government|agency|client|customer|buyer)\s+(?:will|shall|must|agrees to)\s+"
                        r"(?:provide|furnish|make available|give|grant)\b[^.]{0,80}\b(?:space|access|facilit\w*|badg\w*|offices?|work ?space|equipment)", re.I)


def on_site(review: Review) -> list:
    """Provider work at the client's site with no client duty to let the provider in: no
    client commitment to provide access, space, badges or systems, and none stated as
    Government-furnished. Shown from the extracted commitments (issue 16: client duties
    by meaning), so a finding, not "needs a look"."""
    there = [c for c in review.commitments if c.obligor is Obligor.provider and _ON_SITE.search(c.text)]
    if not there:
        return []
    if any(c.obligor is Obligor.client and _LETS_IN.search(c.text) for c in review.commitments) or _FURNISHED.search(review.text):
        return []
    places = list({c.block: c for c in there}.values())
    rationale = (f"{len(there)} provider commitment(s) are performed at the client's site, but no client duty gives the "
                 "provider's staff access, workspace, badges or systems there: the provider cannot perform, or price, "
                 "work it cannot get in to do.")
    fix = ask_or_add(review, "What will the client provide to staff working on site (building access and badges, "
                     "workspace, systems and accounts), and how quickly after award?",
                     "{client} shall give {provider}'s staff working on site timely access to the site, workspace, badges, "
                     "systems and accounts the services need, at no cost to {provider}; a service level is excused while "
                     "such access is not given.")
    return [make(review, FindingType.one_sided, Severity.medium, "onsite_without_access", places[:5], rationale,
                 {"on_site": len(there)}, fix)]


# The client changing what the provider must meet, alone: "The Government may change the
# performance standards at any time", "Customer reserves the right to modify the service
# levels at its sole discretion". Shared change procedures are no such right.
_CLIENT = r"(?:the\s+)?(?:government|customer|client|agency|buyer|licensee|purchaser|contracting officer|CO|COR|COTR)"
_CHANGES = re.compile(
    rf"\b{_CLIENT}\s+(?:may|can|shall have the right to|reserves the right to|is entitled to)\s+(?:\w+\s+){{0,3}}?"
    r"(?:change|changes|modify|revise|amend|adjust|update|alter|increase|add to)\b[^.;]{0,120}?"
    r"\b(?:service levels?|SLAs?|targets?|performance (?:standards?|requirements?|levels?)|AQLs?|acceptable quality levels?"
    r"|hours of (?:operation|coverage|support|service)|support hours|response times?|resolution times?|work ?load|schedules?)\b"
    r"[^.;]{0,120}", re.I)
_ALONE = re.compile(r"\b(?:unilateral(?:ly)?|(?:in|at) (?:its|their) (?:sole |absolute )?discretion|at any time"
                    r"|without (?:prior )?(?:notice|consent|agreement|negotiation)|as it (?:sees fit|deems (?:necessary|appropriate)))\b", re.I)
_SHARED = re.compile(r"\b(?:mutual(?:ly)?|by the parties|both parties|change control|equitable adjustment|written amendment|agreed in writing)\b", re.I)


def change_alone(review: Review) -> list:
    """Issue 16: the client's right to change the levels alone. Read from the text (a right
    is no commitment), raised on the sentence's own words."""
    out = []
    for m in _CHANGES.finditer(review.text):
        start = max(review.text.rfind(".", 0, m.start()) + 1, review.text.rfind("\n", 0, m.start()) + 1)
        end = review.text.find(".", m.end())
        end = len(review.text) if end < 0 else end + 1
        sentence = review.text[start:end]
        if not _ALONE.search(sentence) or _SHARED.search(sentence):
            continue
        clause = review.clause(start + len(sentence) - len(sentence.lstrip()), end)
        words = " ".join(clause.text.split())
        rationale = (f'The client may change what the provider must meet on its own: "{words[:240]}". A level it can '
                     "raise alone is no fixed price and no fixed capacity: changes need notice, agreement and an "
                     "adjustment of price and dates.")
        fix = ask_or_add(review, "Will changes to the service levels or hours be agreed in writing, with notice and an "
                         "adjustment of price and dates?",
                         "Any change to the service levels, hours or schedules takes effect only when agreed in writing by "
                         "{client} and {provider}, with at least thirty (30) days' notice and an equitable adjustment of the "
                         "fees and dates.")
        out.append(make(review, FindingType.one_sided, Severity.medium, "client_changes_alone", [], rationale,
                        {"words": words[:120]}, fix, clause=clause))
    return out[:3]


CHECKS = [one_sided, approvals, on_site, change_alone]
