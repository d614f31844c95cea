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
    """A line starts with the part's name; for "Appendix 5.1", "Appendix 5" will do, and a
    numbered section "5.1 Software Tools" is that appendix where the document numbers its
    appendices as sections."""
    for name in dict.fromkeys([ident, ident.split(".")[0]]):
        if re.search(rf"(?mi)^[ \t>#*|]*(?:[\w.]{{1,4}}[.)]\s+)?{part}\s+{re.escape(name)}\b", text):
            return True
    return "." in ident and re.search(rf"(?m)^[ \t>#*|]*{re.escape(ident)}\.?\s+[A-Z]", text) is not None


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
        said = _sentences(review.text, part, ident)
        rationale = (f"The commitment relies on {name}, which this document does not contain"
                     f"{f' ({len(said)} places refer to it)' if len(said) > 1 else ''}: what it requires cannot be "
                     f"checked or priced from this file. {_quoted(review, said)}")
        out.append(make(review, FindingType.silent, Severity.medium, "missing_reference", items, rationale.strip(),
                        {"reference": name, "places": max(len(items), len(said))},
                        question(f"Please provide {name}: it is referred to but not included."), extra=name))
    return out


def _sentences(text: str, part: str, ident: str) -> list[tuple[int, int]]:
    """Every sentence of the text that names the part: the places a reader meets it,
    commitments or not ("The estimated square footage ... are listed in Appendix A")."""
    out = []
    for m in re.finditer(rf"\b{part}\s+{re.escape(ident)}\b", text, re.I):
        start = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1, m.start() - 200)
        end = min((i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        if not out or start >= out[-1][1]:
            out.append((start, min(end + 1, m.end() + 200)))
    return out


def _quoted(review: Review, said: list[tuple[int, int]]) -> str:
    shown = [" ".join(review.text[a:b].split()) for a, b in said[:3]]
    return ("It is named in: " + "; ".join(f'"{s[:200]}"' for s in shown) + ".") if shown else ""


CHECKS = [references]
