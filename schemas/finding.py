"""Findings: what a review says about a document's commitments, with its arithmetic and a
proposed fix. The output contract of `candor review` (`findings.json`)."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field

from schemas.commitment import Commitment


class FindingType(str, Enum):
    unrealistic = "unrealistic"  # the provider's capacity cannot meet it
    vague = "vague"  # amount, scope, frequency or deadline left open
    one_sided = "one_sided"  # a promise with no client duty it depends on
    inconsistent = "inconsistent"  # one metric, two targets
    silent = "silent"  # something a service-level section should define and does not


class Severity(str, Enum):
    high = "high"
    medium = "medium"
    low = "low"


class SuggestionKind(str, Enum):
    replace = "replace"  # put `text` in place of `replaces` (words of the first commitment)
    insert = "insert"  # add `text` as a new clause after the first commitment
    question = "question"  # ask the client `text` (an RFP cannot be redlined)


class Suggestion(BaseModel):
    kind: SuggestionKind
    text: str
    replaces: str | None = Field(None, description="for `replace`: the exact words replaced")
    span: tuple[int, int] | None = Field(None, description="for `replace`: their span in the document's text")


class Finding(BaseModel):
    id: str = Field(description="stable across runs: the check and the spans it is about")
    type: FindingType
    severity: Severity
    check: str = Field(description="the rule that fired, e.g. availability_above_capacity")
    doc: str
    commitments: list[Commitment] = Field(default_factory=list)
    rationale: str = Field(description="why, with the numbers")
    numbers: dict[str, float | str] = Field(default_factory=dict, description="the arithmetic, machine-readable")
    suggestion: Suggestion | None = None
    needs_look: bool = Field(
        False,
        description="the check could not settle it from the document: listed for a person to look at, "
        "never in the redline and never high (why: the end of the rationale)",
    )


class Findings(BaseModel):
    findings: list[Finding] = Field(description="what the checks can show from the document")
    needs_look: list[Finding] = Field(default_factory=list, description="what they could not settle: a person should look")

    @classmethod
    def split(cls, found: list[Finding]) -> Findings:
        return cls(findings=[f for f in found if not f.needs_look], needs_look=[f for f in found if f.needs_look])
