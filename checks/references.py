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

from checks.base import Review, make, question, sentence_at
from schemas import FindingType, Severity

_PART = r"(?:Attachment|Appendix|Exhibit|Schedule|Annex|Addendum)"
_ID = r"(?:[A-Z]{1,2}(?:-\d{1,2})?|\d{1,2}(?:\.\d{1,2})?|[IVX]{1,4})"
# The name may stand in quotes: 'the service standards set out in Schedule "A"'.
_Q = "[\"\u201c\u201d']"
REFERENCE = re.compile(rf"\b(?P<part>{_PART})\s+(?P<q>{_Q})?(?P<id>{_ID})(?(q){_Q}|\b)"
                       rf"(?!\s*(?:of|to)\s+(?:the\s+)?(?:FAR|DFARS|CFR|GSA|Schedule\s+\d))")
# Words after the reference that place the part in another document.
_ELSEWHERE = re.compile(r"^\W{0,3}(?:of|to|in)\s+(?:the\s+|this\s+|your\s+|its\s+)?(?:Master|Framework|Prime|Basic|BPA|GSA|FSS|IDIQ"
                        r"|[A-Z][A-Za-z]+\s+(?:Agreement|Contract))", re.I)


# A part of another document named just before: "(DoD 5200.2R, Appendix 3)", "FAR 52.212-4, Exhibit A".
# "its existing GSA Schedule 70 contract": a contract vehicle, no part of this document.
_CITED = re.compile(r"\b(?:DoD|DoDD|DoDI|FAR|DFARS|CFR|NIST|OMB|ISO|FIPS|AR|AFI|AFMAN|SP|GSA|FSS|MAS)\b[^,;()]{0,20},?\s*$", re.I)


def _present(text: str, part: str, ident: str) -> bool:
    """A line starts with the part's name; for "Appendix 5.1", "Appendix 5" will do, and a
    numbered section "5.1 Software Tools" is that appendix where the document numbers its
    appendices as sections."""
    for name in dict.fromkeys([ident, ident.split(".")[0]]):
        if re.search(rf"(?mi)^[ \t>#*|]*(?:[\w.]{{1,4}}[.)]\s+)?{part}\s+{_Q}?{re.escape(name)}(?:{_Q}|\b)", text):
            return True
    return "." in ident and re.search(rf"(?m)^[ \t>#*|]*{re.escape(ident)}\.?\s+[A-Z]", text) is not None


def references(review: Review) -> list:
    missing: dict[tuple[str, str], list] = {}
    empty: dict[tuple[str, str], list] = {}
    stubs: dict[tuple[str, str], str | None] = {}  # the words under a present part's heading, when they hold no terms
    for c in review.commitments:
        for m in REFERENCE.finditer(c.text):
            part, ident = m["part"].title(), m["id"].upper()
            if _ELSEWHERE.match(c.text[m.end():m.end() + 60]) or _CITED.search(c.text[max(0, m.start() - 30):m.start()]):
                continue
            if not _present(review.text, part, ident):
                places = missing.setdefault((part, ident), [])
            else:
                if (part, ident) not in stubs:
                    stubs[(part, ident)] = _stub(review.text, part, ident)
                if stubs[(part, ident)] is None:
                    continue
                places = empty.setdefault((part, ident), [])
            if all(o.block != c.block for o in places):
                places.append(c)
    out = _empty_parts(review, empty, stubs)
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


# An attachment that is there only as its heading: "Exhibit A  Services [ * * * ]", "EXHIBIT
# B ... SEE-ATTACHED FLOW CHARTS", "Exhibit F Acceptance Test Specification To be provided
# by D2 and LICENSEE within 90 days". Its terms are as absent as a missing part's.
_HEADING = re.compile(rf"(?mi)^[ \t>#*|]*(?:[\w.]{{1,4}}[.)]\s+)?{_PART}\s+{_Q}?[A-Z0-9][\w.-]{{0,5}}(?:{_Q}|\b)")
_NOISE = re.compile(r"\[\s*(?:\*\s*)+\]|\[\s*redacted\s*\]|\[\s*\u2022\s*\]|confidential treatment requested"
                    r"|\bto (?:the )?(?:[\w-]+ ){0,3}agreement\b|\bpage \d+(?: of \d+)?\b", re.I)
_STUB = re.compile(r"\b(?:to be (?:furnished|provided|supplied|designated|agreed|attached|determined)|see[- ]attached)\b", re.I)
_FEW_WORDS, _STUB_WORDS = 12, 40
# a short attachment can hold terms: "Severity 1: 1 hour", "Next day service by 10:30"
_FIGURE = re.compile(r"\d\s*(?:%|percent|minutes?|hours?|days?|weeks?|months?|business)\b|\$\s*\d|\b\d{1,2}:\d{2}\b", re.I)


def _stub(text: str, part: str, ident: str) -> str | None:
    """The words under the part's last heading (a contents list names it first), up to the
    next part's heading, when they hold no terms: fewer than _FEW_WORDS words besides
    redactions and page furniture, or a few words saying the terms come later. None
    where the part has terms."""
    heads = list(re.finditer(rf"(?mi)^[ \t>#*|]*(?:[\w.]{{1,4}}[.)]\s+)?{part}\s+{_Q}?{re.escape(ident)}(?:{_Q}|\b)", text))
    if not heads:
        return None  # present as a numbered section ("5.1 Software Tools"): not an attachment's page
    start = heads[-1].end()
    nxt = _HEADING.search(text, start)
    body = " ".join(text[start:nxt.start() if nxt else len(text)].split())
    words = re.findall(r"[A-Za-z]{2,}", _NOISE.sub(" ", body))
    if _STUB.search(body) and len(words) <= _STUB_WORDS:
        return body
    if len(words) < _FEW_WORDS and not _FIGURE.search(body):
        return body
    return None


def _empty_parts(review: Review, empty: dict[tuple[str, str], list], stubs: dict[tuple[str, str], str | None]) -> list:
    out = []
    for (part, ident), items in empty.items():
        name = f"{part} {ident}"
        body = stubs[(part, ident)] or ""
        shown = f'only "{body[:160]}"' if body.strip(" :.-") else "nothing"
        rationale = (f"The commitment relies on {name}, which this document includes as a heading with {shown} under "
                     f"it: what it requires cannot be checked or priced from this file.")
        out.append(make(review, FindingType.silent, Severity.medium, "empty_reference", items, rationale,
                        {"reference": name, "places": len(items)},
                        question(f"Please provide the terms of {name}: the document includes it without them."), extra=name))
    return out


def _sentences(text: str, part: str, ident: str) -> list[tuple[int, int]]:
    """Every sentence of the text that names the part: the places a reader meets it,
    commitments or not ("The estimated square footage ... are listed in Appendix A")."""
    out = []
    for m in re.finditer(rf"\b{part}\s+{_Q}?{re.escape(ident)}(?:{_Q}|\b)", text, re.I):
        start = max(text.rfind(". ", 0, m.start()) + 2, text.rfind("\n", 0, m.start()) + 1, m.start() - 200)
        end = min((i for i in (text.find(". ", m.end()), text.find("\n", m.end())) if i >= 0), default=len(text))
        if not out or start >= out[-1][1]:
            out.append((start, min(end + 1, m.end() + 200)))
    return out


def _quoted(review: Review, said: list[tuple[int, int]]) -> str:
    shown = [" ".join(review.text[a:b].split()) for a, b in said[:3]]
    return ("It is named in: " + "; ".join(f'"{s[:200]}"' for s in shown) + ".") if shown else ""


# A numbered clause of this document that it does not have: "as set out in clauses 11. 34
# and 11. 5 below", "for purposes of this Section 11.9" (the agreement ends at 10.9).
_NUMBER = r"\d{1,2}(?:\s?\.\s?\d{1,2}){0,3}"
CLAUSE_REF = re.compile(rf"\b(?P<part>sections?|clauses?|paragraphs?|articles?)\s+(?P<id>{_NUMBER})(?![\d]|\s?\.\s?\d)", re.I)
# Words after it that place it in another document ("Section 3.2 of the PWS", "clause 7 of
# Schedule B"): only "of this Agreement" keeps it here.
_OTHER_DOCUMENT = re.compile(r"^\W{0,3}(?:of|in|under|to)\s+(?!this\b|these\b)", re.I)
_OPENS = re.compile(r"\.?\s+[A-Z]")
_MIN_NUMBERED = 5
_MOST_MISSING = 0.25  # a document whose references miss more often than this points elsewhere  # numbered clauses a document must have before its numbering can be held to


def _numbered(text: str, refs: list[tuple[int, int]]) -> set[str]:
    """The clause numbers the document writes outside its references ("6. 2. Termination",
    "10.9 Assignment."): any such number, dots spaced or not, that no "clause"/"section"
    word or reference list leads to. A figure like "11.34" elsewhere counts too: it costs a
    finding, never makes a false one."""
    out = set()
    for m in re.finditer(rf"(?<![\d.]){_NUMBER}(?!\s?\.?\s?\d)", text):
        if not any(a <= m.start() < b for a, b in refs):
            out.add(re.sub(r"\s", "", m.group()).rstrip("."))
    return out


def clauses(review: Review) -> list:
    # "this clause 8. 8. 2. In the event": where the next word opens a sentence, the last
    # numbers may be the next clause's own ("8. 2. In the event"), so the reference is unclear
    every = list(CLAUSE_REF.finditer(review.text))
    unclear = [m for m in every if re.search(r"\.\s", m["id"]) and _OPENS.match(review.text, m.end())]
    found = [m for m in every if m not in unclear]
    refs = [(m.start(), _list_end(review.text, m.end())) for m in found]
    have = _numbered(review.text, refs)
    for m in unclear:  # its last numbers may be a clause's own: "8. 2" of "clause 8. 8. 2. In the event"
        parts = re.sub(r"\s", "", m["id"]).rstrip(".").split(".")
        have.update(".".join(parts[i:]) for i in range(1, len(parts)))
    if len({i for i in have if i.count(".") == 1 and re.fullmatch(r"\d{1,2}\.\d{1,2}", i)}) < _MIN_NUMBERED:
        return []  # a document that does not number its clauses: a number is not its own
    spans = [(c.span, c) for c in review.commitments if c.span]
    missing: dict[str, list] = {}
    for m in found:
        ident = re.sub(r"\s", "", m["id"]).rstrip(".")
        if ("." not in ident or ident in have or _OTHER_DOCUMENT.match(review.text[m.end():m.end() + 40])
                or _CITED.search(review.text[max(0, m.start() - 30):m.start()])):
            continue  # "clause 25": a lone number is too common to tell whether the clause is there
        missing.setdefault(ident, []).append(m)
    cited = {re.sub(r"\s", "", m["id"]).rstrip(".") for m in found}
    if len(cited) - len(missing) < _MIN_NUMBERED or len(missing) > _MOST_MISSING * len(cited):
        # most of its references miss: they point into the agreement this document is a
        # part of (an order form under standard terms, a statement of work under an MSA)
        return []
    out = []
    for ident, places in missing.items():
        said = [sentence_at(review.text, m.start(), m.end()) for m in places]
        items = [c for (a, b), c in spans if any(a <= m.start() < b for m in places)]
        name = f"{places[0]['part'].lower().rstrip('s')} {ident}"
        shown = "; ".join(f'"{" ".join(review.text[a:b].split())[:200]}"' for a, b in said[:3])
        rationale = (f"The document refers to {name} ({shown}), but it has no {name}: whatever that reference was "
                     "meant to settle is left open.")
        out.append(make(review, FindingType.silent, Severity.medium, "missing_clause", items[:1], rationale,
                        {"reference": name, "places": len(places)},
                        question(f"{name[0].upper()}{name[1:]} is referred to but the document has no such clause: which "
                                 "clause is meant?"),
                        extra=name, clause=None if items else review.clause(*said[0])))
    return out


def _list_end(text: str, end: int) -> int:
    """Where a reference list ends: "clauses 6. 2. 2, 10 and 11" runs to the 11."""
    m = re.match(rf"(?:\s*(?:,|and|or|to|-)\s*{_NUMBER})*", text[end:])
    return end + (m.end() if m else 0)


CHECKS = [references, clauses]
