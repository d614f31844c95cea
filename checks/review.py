"""All checks over one document, or several reviewed together (an RFP and its draft)."""

from __future__ import annotations

import re
from collections import Counter

from checks import inconsistent, one_sided, placeholders, silent, unrealistic, vague
from checks.base import Review, audience_of
from checks.settle import settle
from extractors.commitments.parties import Parties
from schemas import CapacityProfile, Commitment, Document, Finding, Obligor, Severity

CHECKS = [*unrealistic.CHECKS, *vague.CHECKS, *one_sided.CHECKS, *inconsistent.CHECKS, *silent.CHECKS, *placeholders.CHECKS]
NOT_THE_PARTY = {"cor", "cotr", "contracting officer", "user", "subscriber", "owner"}
ORDER = {Severity.high: 0, Severity.medium: 1, Severity.low: 2}


def prepare(doc: Document, commitments: list[Commitment], profile: CapacityProfile, audience: str | None = None) -> Review:
    return Review(
        doc=doc.source.name,
        text=doc.text,
        commitments=commitments,
        profile=profile,
        audience=audience or audience_of(doc.text),
        client=client_name(doc),
    )


def run(review: Review) -> list[Finding]:
    """Every check, findings ordered by severity then by where they sit in the document."""
    found = [f for check in CHECKS for f in check(review)]
    return _ordered(_unique(settle(found)))


def against(draft: Review, found: list[Finding], rfps: list[Review]) -> list[Finding]:
    """A draft's own findings plus how it differs from each RFP it is paired with."""
    extra = [f for rfp in rfps for f in inconsistent.between(rfp, draft)]
    return _ordered(_unique(found + extra))


def client_name(doc: Document) -> str:
    """How the document names the client ("the Government", "Customer"), by frequency."""
    roles = Parties.from_document(doc).roles
    counts = Counter()
    for name, role in roles.items():
        # People acting for the client, and its users, are not the party itself.
        if role is Obligor.client and len(name) > 2 and name not in NOT_THE_PARTY:
            counts[name] = len(re.findall(rf"\b{re.escape(name)}\b", doc.text[:200_000], re.I))
    if not counts or counts.most_common(1)[0][1] == 0:
        return "the Client"
    name = counts.most_common(1)[0][0]
    display = next((m.group(0) for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text, re.I) if m.group(0)[0].isupper()), name.title())
    return display if " " in display or display.isupper() and len(display) <= 5 else f"the {display}" if display.lower() in {"government", "agency", "client", "buyer", "department", "bank"} else display


def _unique(found: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in found:
        if f.id not in seen:
            seen.add(f.id)
            out.append(f)
    return out


def _ordered(found: list[Finding]) -> list[Finding]:
    def where(f: Finding) -> int:
        return min((c.span[0] for c in f.commitments if c.span), default=0)

    return sorted(found, key=lambda f: (ORDER[f.severity], where(f)))
