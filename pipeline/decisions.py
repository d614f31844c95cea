"""A reviewer's decisions on the suggestions of high-severity findings: accept, reject or
edit each; the final outputs carry only what was accepted."""

from __future__ import annotations

import hashlib
import json

from pydantic import BaseModel, Field

from pipeline.review import Outcome, render
from schemas import Severity


class Decisions(BaseModel):
    accept: list[str] = Field(default_factory=list, description="ids of findings whose suggestion stays")
    reject: list[str] = Field(default_factory=list, description="ids of findings left out of the redline")
    edits: dict[str, str] = Field(default_factory=dict, description="finding id -> the suggestion text to use instead")

    def key(self) -> str:
        """Short and stable: the outputs of one set of decisions live under their own name."""
        return hashlib.sha256(self.model_dump_json().encode()).hexdigest()[:12]


def awaiting(outcome: Outcome) -> list:
    """The findings a reviewer must settle: high severity with a suggestion."""
    return [f for f in outcome.findings if f.severity is Severity.high and f.suggestion is not None]


def apply(outcome: Outcome, decisions: Decisions) -> Outcome:
    """The outcome with rejected findings dropped and edited suggestions rewritten, its
    files rendered again, and `decisions.json` beside them. Findings nobody decided on
    stay as they were."""
    kept = []
    for f in outcome.findings:
        if f.id in decisions.reject:
            continue
        if f.id in decisions.edits and f.suggestion is not None:
            f = f.model_copy(update={"suggestion": f.suggestion.model_copy(update={"text": decisions.edits[f.id]})})
        kept.append(f)
    decided = Outcome(outcome.source, outcome.document, outcome.commitments, kept)
    files, decided.notes = render(decided)  # safe outside a child: the same original already rendered in one
    decided.files = {**files, "decisions.json": (json.dumps(decisions.model_dump(), indent=2) + "\n").encode()}
    return decided
