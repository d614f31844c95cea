"""Precision first (issue 16): a finding stands only where the check can show it from the
document. What a check cannot settle goes to "needs a look": listed in findings.json
(`needs_look`), the report and the matrix for a person to judge, never in the redline and
never high.

Measured on the findings gold (data/findings/pool.tsv, 16 documents, reviewers who wrote
their list before any output): each rule below moved findings that reviewers did not
raise, far more than ones they did (docs/FINDINGS.md has the figures).
"""

from __future__ import annotations

from schemas import Finding, FindingType, Severity

# The metric decisions that rest on the model's metric head alone (decisions.py).
_GUESSED = {"metric.model"}


# Checks that conclude from words missing anywhere in the document (checks/one_sided.py's
# DEPENDENCIES, checks/silent.py's TERMS). Absence of words is not absence of the duty or
# clause ("The Customer must alert EIT of any incidence"). The checks that read what is
# there (a blank, a missing attachment, an approval the client duties leave untimed) stand.
_NO_CLIENT_DUTY_WORDS, _NO_CLAUSE_WORDS = "missing_client_", "silent_"


def unsettled(f: Finding) -> str | None:
    """Why a person should look before anyone acts on it, or None when it stands."""
    if f.check.startswith(_NO_CLIENT_DUTY_WORDS):
        return "the client duty it depends on was looked for by keywords, which cannot show the document never states it"
    if f.check.startswith(_NO_CLAUSE_WORDS):
        return "that the document never defines it was read from missing keywords, which cannot show it"
    if f.type is FindingType.unrealistic and f.commitments and all(_metric_guessed(c.decided_by) for c in f.commitments):
        return "what the target measures was read by the model alone, not from words beside it or its column"
    if f.check == "placeholder_left" and not f.commitments and str(f.numbers.get("blank", "")).startswith("_"):
        return "a rule to write on outside every commitment may be a form filled in when it is used (a signature, a date, a survey period)"
    if f.type is FindingType.vague and f.commitments and all(c.obligor.value == "client" for c in f.commitments):
        return "it binds the client, whose open-ended duties cost the provider little"
    return None


def _metric_guessed(decided_by: list[str]) -> bool:
    metric = [d for d in decided_by if d.startswith("metric.")]
    return bool(metric) and set(metric) <= _GUESSED


def settle(found: list[Finding]) -> list[Finding]:
    out = []
    for f in found:
        why = unsettled(f)
        if why:
            f = f.model_copy(update={"needs_look": True, "severity": Severity.low,
                                     "rationale": f"{f.rationale} Needs a look: {why}."})
        out.append(f)
    return out
