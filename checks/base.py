"""What every check reads and how it words a finding. Each check is a pure function
`check(review: Review) -> list[Finding]` (one signature, so checks line up in a table)."""

from __future__ import annotations

import bisect
import hashlib
import re
from dataclasses import dataclass, field

from extractors.values import Target, primary_targets
from schemas import (
    CapacityProfile,
    Clause,
    Commitment,
    Finding,
    FindingType,
    Kind,
    Metric,
    Obligor,
    Severity,
    Suggestion,
    SuggestionKind,
)

# An RFP asks; a draft contract binds. Questions go to the first, edits to the second.
_RFP = re.compile(r"\b(request for (proposals?|quotations?|information)|RFP|RFQ|RFI|offerors?|quoters?|bidders?)\b", re.I)


# Hours a system is open, not hours people work: "an automated on-line ordering process
# available 24 hours a day/7 days a week".
UNATTENDED = re.compile(r"\b(?:automated|on-?line|web[- ]?based|website|web site|e-commerce|self[- ]service|portal)\b", re.I)
PEOPLE = re.compile(r"\b(?:staff\w*|help ?desk|service desk|support (?:staff|team|personnel|desk|line|center)|personnel|guards?"
                     r"|officers?|technicians?|engineers?|agents?|representatives?|operators?|answer\w*|tele?phone|calls?)\b", re.I)


@dataclass
class Review:
    """One document under review: its text, its commitments and the provider's profile."""

    doc: str
    text: str
    commitments: list[Commitment]
    profile: CapacityProfile
    audience: str = "contract"  # "contract" (suggest edits) or "rfp" (ask questions)
    client: str = "the Client"  # how the document names the client, for inserted clauses
    provider: str = "the Provider"  # and the provider
    blocks: list[tuple[int, int, int | None]] = field(default_factory=list)  # each block's span and page

    def clause(self, start: int, end: int) -> Clause:
        """The words text[start:end] with the block and page they sit in."""
        starts = [b[0] for b in self.blocks]
        i = bisect.bisect_right(starts, start) - 1
        inside = 0 <= i < len(self.blocks) and start < self.blocks[i][1]
        return Clause(text=self.text[start:end], span=(start, end), block=i if inside else None,
                      page=self.blocks[i][2] if inside else None)

    def service_levels(self, *metrics: Metric, obligor: Obligor | None = Obligor.provider) -> list[Commitment]:
        return [
            c for c in self.commitments
            if c.kind is Kind.service_level and (not metrics or c.metric in metrics) and (obligor is None or c.obligor is obligor)
        ]

    @property
    def is_rfp(self) -> bool:
        return self.audience == "rfp"


def audience_of(text: str) -> str:
    """ "rfp" when the document asks for offers often enough to be a solicitation."""
    return "rfp" if len(_RFP.findall(text[:200_000])) >= 3 else "contract"


def finding_id(check: str, doc: str, items: list[Commitment], extra: str = "") -> str:
    key = "|".join([check, doc, extra, *(f"{c.span}:{c.metric}:{c.value}" for c in items)])
    return hashlib.sha256(key.encode()).hexdigest()[:12]


def party_words(text: str, review: Review) -> str:
    """A clause written with {client} and {provider} in the document's own party names,
    capitalised where it starts a sentence."""
    out = text.format(client=review.client, provider=review.provider)
    return out[:1].upper() + out[1:]


def ask_or_add(review: Review, ask: str, clause: str) -> Suggestion:
    """An RFP gets the question; a contract gets the clause, in the document's party names."""
    return question(ask) if review.is_rfp else insert(party_words(clause, review))


def make(review: Review, type_: FindingType, severity: Severity, check: str, items: list[Commitment],
         rationale: str, numbers: dict | None = None, suggestion: Suggestion | None = None, extra: str = "",
         clause: Clause | None = None) -> Finding:
    return Finding(
        id=finding_id(check, review.doc, items, extra + (f"@{clause.span}" if clause else "")),
        clause=clause,
        type=type_,
        severity=severity,
        check=check,
        doc=review.doc,
        commitments=items,
        rationale=rationale,
        numbers=numbers or {},
        suggestion=suggestion,
    )


def target_of(item: Commitment) -> Target | None:
    """The phrase in the commitment's text its target was read from ("four (4) hours")."""
    for t in primary_targets(item.text):
        if t.value == item.value and t.unit == item.unit:
            return t
    return None


def replace_target(item: Commitment, new: str) -> Suggestion | None:
    """A tracked edit putting `new` in place of the target's words."""
    t = target_of(item)
    if t is None:
        return None
    span = (item.span[0] + t.start, item.span[0] + t.end) if item.span else None
    return Suggestion(kind=SuggestionKind.replace, text=new, replaces=item.text[t.start : t.end], span=span)


def replace_words(item: Commitment, start: int, end: int, new: str) -> Suggestion:
    span = (item.span[0] + start, item.span[0] + end) if item.span else None
    return Suggestion(kind=SuggestionKind.replace, text=new, replaces=item.text[start:end], span=span)


def sentence_at(text: str, start: int, end: int, reach: int = 200) -> tuple[int, int]:
    """The sentence or line around text[start:end], at most `reach` characters either side:
    where a finding quotes a place no commitment holds."""
    a = max(text.rfind(". ", 0, start) + 2, text.rfind("\n", 0, start) + 1, start - reach)
    b = min((i for i in (text.find(". ", end), text.find("\n", end)) if i >= 0), default=len(text))
    return a, min(b + 1, end + reach)


def question(text: str) -> Suggestion:
    return Suggestion(kind=SuggestionKind.question, text=text)


def insert(text: str) -> Suggestion:
    return Suggestion(kind=SuggestionKind.insert, text=text)


def level_of(condition: str | None) -> tuple[str, ...]:
    """Profile keys a commitment's condition maps to, most specific first: "Severity 1",
    "Sev-1", "P1", "Priority 1" -> ("severity_1", "priority_1", "default")."""
    if condition:
        m = re.search(r"\b(?:severity|sev|priority|p|level|tier)\s*-?\s*([1-9]|one|two|three|four|five)\b", condition, re.I)
        if m:
            n = _SPELLED.get(m.group(1).lower(), m.group(1))
            return (f"severity_{n}", f"priority_{n}", "default")
        # Issue 16: severity words map to the profile's levels ("critical use devices" is
        # severity 1, not the default); the finding names the condition and the level.
        for n, words in _SEVERITY_WORDS:
            if words.search(condition):
                return (f"severity_{n}", f"priority_{n}", "default")
    return ("default",)


# The metric decisions that rest on the model's metric head alone (decisions.py).
_GUESSED = {"metric.model", "metric.short_time"}  # a short time read as a response by its unit alone


def metric_guessed(decided_by: list[str]) -> bool:
    """Only the model's metric head chose the item's metric: no word, column or heading."""
    metric = [d for d in decided_by if d.startswith("metric.")]
    return bool(metric) and set(metric) <= _GUESSED


_SEVERITY_WORDS = [
    ("1", re.compile(r"(?<!non-)(?<!non )\b(?:critical|urgent|emergency|emergencies|outage)\b", re.I)),
    ("2", re.compile(r"\b(?:high|major|serious)\b", re.I)),
    ("3", re.compile(r"\b(?:medium|moderate)\b", re.I)),
    ("4", re.compile(r"\b(?:low|minor)\b", re.I)),
]


_SPELLED = {"one": "1", "two": "2", "three": "3", "four": "4", "five": "5"}


def number(x: float) -> str:
    """4.32 -> "4.3", 216.0 -> "216", 0.0432 -> "0.043": figures a reader can check."""
    if x >= 100 or float(x).is_integer():
        return f"{x:,.0f}"
    return f"{x:.2g}" if x < 1 else f"{x:.1f}".rstrip("0").rstrip(".")


def percent(x: float) -> str:
    """A percentage with every digit it was stated with: 99.99 -> "99.99", not number()'s
    "100" (which made "100% of a 30-day month allows 4.3 minutes" on a 99.99% level)."""
    return f"{x:.4f}".rstrip("0").rstrip(".")


def minutes_text(minutes: float) -> str:
    """A span of minutes as a reader says it: "20 seconds", "30 minutes", "71 hours"."""
    if minutes < 1:
        return f"{number(minutes * 60)} seconds"
    if minutes < 120:
        return f"{number(minutes)} minutes"
    return f"{number(minutes / 60)} hours"
