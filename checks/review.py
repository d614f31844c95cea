"""All checks over one document, or several reviewed together (an RFP and its draft)."""

from __future__ import annotations

import re
from collections import Counter

from checks import inconsistent, one_sided, placeholders, references, silent, unrealistic, vague, window
from checks.base import Review, audience_of
from checks.settle import settle
from extractors.commitments.parties import Parties
from schemas import CapacityProfile, Commitment, Document, Finding, Obligor, Severity

CHECKS = [*unrealistic.CHECKS, *window.CHECKS, *vague.CHECKS, *one_sided.CHECKS, *inconsistent.CHECKS, *silent.CHECKS, *placeholders.CHECKS, *references.CHECKS]
NOT_THE_PARTY = {"cor", "cotr", "contracting officer", "user", "subscriber", "owner"}
ORDER = {Severity.high: 0, Severity.medium: 1, Severity.low: 2}


def prepare(doc: Document, commitments: list[Commitment], profile: CapacityProfile, audience: str | None = None) -> Review:
    roles = Parties.from_document(doc).roles  # read once: both names come from it
    return Review(
        doc=doc.source.name,
        text=doc.text,
        commitments=commitments,
        profile=profile,
        audience=audience or audience_of(doc.text),
        client=party_name(doc, Obligor.client, "the Client", roles),
        provider=party_name(doc, Obligor.provider, "the Provider", roles),
        blocks=[(b.span[0], b.span[1], b.loc.page) for b in doc.blocks],
    )


def run(review: Review) -> list[Finding]:
    """Every check, findings ordered by severity then by where they sit in the document."""
    found = [f for check in CHECKS for f in check(review)]
    return _ordered(_unique(settle(one_per_requirement(found), solicitation=review.is_rfp)))


# Checks whose finding is about one stated level: the same level stated twice (a table and
# the prose under it) is one requirement.
_PER_LEVEL = {"response_faster_than_capacity", "resolution_faster_than_capacity", "coverage_beyond_staffed_hours",
              "availability_above_capacity"}


def one_per_requirement(found: list[Finding]) -> list[Finding]:
    """Issue 16: one finding per requirement, listing every place it appears. Findings of
    one check with the same figures and condition merge into the first; its suggestion
    (the edit or question) stays on the first place, the rationale names how many."""
    out: list[Finding] = []
    first: dict[tuple, int] = {}
    for f in found:
        if f.check not in _PER_LEVEL or not f.commitments:
            out.append(f)
            continue
        # the same weekly hours are one requirement whatever the scope words beside them
        # ("During Business Hours (Monday to Friday 7.30 to 18.00)" and "normal business hours
        # ... Monday - Friday 07.30 hours to 1800 hours")
        condition = "" if f.check == "coverage_beyond_staffed_hours" else (f.commitments[0].condition or "").strip().lower()
        key = (f.check, tuple(sorted((k, str(v)) for k, v in f.numbers.items())), condition)
        if key not in first:
            first[key] = len(out)
            out.append(f)
            continue
        kept = out[first[key]]
        places = kept.commitments + [c for c in f.commitments if c not in kept.commitments]
        rationale = kept.rationale.split(" The same level is stated in ")[0]
        out[first[key]] = kept.model_copy(update={"commitments": places,
                                                  "rationale": f"{rationale} The same level is stated in {len(places)} places."})
    return out


def against(draft: Review, found: list[Finding], rfps: list[Review]) -> list[Finding]:
    """A draft's own findings plus how it differs from each RFP it is paired with."""
    extra = [f for rfp in rfps for f in inconsistent.between(rfp, draft)]
    return _ordered(_unique(found + extra))


def client_name(doc: Document) -> str:
    """How the document names the client ("the Government", "Customer"), by frequency."""
    return party_name(doc, Obligor.client, "the Client")


def provider_name(doc: Document) -> str:
    """How the document names the provider ("the Contractor", "Supplier", "XIMAGE")."""
    return party_name(doc, Obligor.provider, "the Provider")


_COMMON_NOUNS = {"government", "agency", "client", "buyer", "department", "bank", "contractor", "provider", "vendor",
                 "supplier", "offeror", "company"}


def party_name(doc: Document, role: Obligor, default: str, roles: dict | None = None) -> str:
    """The name the document uses most for the party in `role`, as it writes it: inserted
    clauses speak of "the Contractor" and "the Government" where the document does
    (issue 16), never "Provider" and "Client" beside them."""
    roles = roles if roles is not None else Parties.from_document(doc).roles
    counts = Counter()
    for name, r in roles.items():
        # People acting for the client, and its users, are not the party itself.
        if r is role and len(name) > 2 and name not in NOT_THE_PARTY:
            counts[name] = len(re.findall(rf"\b{re.escape(name)}\b", doc.text[:200_000], re.I))
    if not counts or counts.most_common(1)[0][1] == 0:
        return default
    name = counts.most_common(1)[0][0]
    display = next((m.group(0) for m in re.finditer(rf"\b{re.escape(name)}\b", doc.text, re.I) if m.group(0)[0].isupper()), name.title())
    return display if " " in display or display.isupper() and len(display) <= 5 else f"the {display}" if display.lower() in _COMMON_NOUNS else display


def _unique(found: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in found:
        if f.id not in seen:
            seen.add(f.id)
            out.append(f)
    return out


def _ordered(found: list[Finding]) -> list[Finding]:
    def where(f: Finding) -> int:
        return min((c.span[0] for c in f.places if c.span), default=0)

    return sorted(found, key=lambda f: (ORDER[f.severity], where(f)))
