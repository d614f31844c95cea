"""A commitment that points to an attachment, appendix, exhibit or schedule the document
does not contain ("response times as set forth in Attachment 1", "the items listed in
Appendix C"): its real terms are somewhere nobody reviewing this file can see (issue 16,
cross-references to clauses that do not exist).

A part counts as present when a line of the document starts with its name ("Attachment
1", "APPENDIX C - WORKLOAD DATA"). Documents of a package often travel as separate files,
so the finding asks for the part rather than calling the reference wrong.
"""

from __future__ import annotations

import re

from checks.base import Review, make, question
from schemas import FindingType, Severity

_PART = r"(?:Attachment|Appendix|Exhibit|Schedule|Annex|Addendum)"
_ID = r"(?:[A-Z]{1,2}(?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4})"
REFERENCE = re.compile(rf"\b(?P<part>{_PART})\s+(?P<id>{_ID})\b(?!\s*(?:of|to)\s+(?:the\s+)?(?:FAR|DFARS|CFR|GSA|Schedule\s+\d))")
# Words after the reference that place the part in another document.
_ELSEWHERE = re.compile(r"^\W{0,3}(?:of|to|in)\s+(?:the\s+|this\s+|your\s+|its\s+)?(?:Master|Framework|Prime|Basic|BPA|GSA|FSS|IDIQ"
                        r"|[A-Z][A-Za-z]+\s+(?:Agreement|Contract))", re.I)


# A part of another document named just before: "(DoD 5200.2R, Appendix 3)", "FAR 52.212-4, Exhibit A".
_CITED = re.compile(r"\b(?:DoD|DoDD|DoDI|FAR|DFARS|CFR|NIST|OMB|ISO|FIPS|AR|AFI|AFMAN|SP)\b[^,;()]{0,20},?\s*$", re.I)


def _present(text: str, part: str, ident: str) -> bool:
    """A line starts with the part's name; for "Appendix 5.1", "Appendix 5" will do."""
    for name in dict.fromkeys([ident, ident.split(".")[0]]):
        if re.search(rf"(?mi)^[ \t>#*|]*(?:[\w.]{{1,4}}[.)]\s+)?{part}\s+{re.escape(name)}\b", text):
            return True
    return False


def references(review: Review) -> list:
    missing: dict[tuple[str, str], list] = {}
    for c in review.commitments:
        for m in REFERENCE.finditer(c.text):
            part, ident = m["part"].title(), m["id"].upper()
            if (_ELSEWHERE.match(c.text[m.end():m.end() + 60]) or _CITED.search(c.text[max(0, m.start() - 30):m.start()])
                    or _present(review.text, part, ident)):
                continue
            places = missing.setdefault((part, ident), [])
            if all(o.block != c.block for o in places):
                places.append(c)
    out = []
    for (part, ident), items in missing.items():
        name = f"{part} {ident}"
        rationale = (f"The commitment relies on {name}, which this document does not contain"
                     f"{f' ({len(items)} places refer to it)' if len(items) > 1 else ''}: what it requires cannot be "
                     "checked or priced from this file.")
        out.append(make(review, FindingType.silent, Severity.medium, "missing_reference", items, rationale,
                        {"reference": name, "places": len(items)}, question(f"Please provide {name}: it is referred to but not included."),
                        extra=name))
    return out


CHECKS = [references]
