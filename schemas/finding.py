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


class Clause(BaseModel):
    """Words a check read from the text itself where no commitment holds them (a blank
    left in a form line): where the finding sits, for the redline and the report."""

    text: str
    span: tuple[int, int]
    block: int | None = None
    page: int | None = None


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
    clause: Clause | None = Field(None, description="where the finding sits when no commitment holds it")
    needs_look: bool = Field(
        False,
        description="the check could not settle it from the document: listed for a person to look at, "
        "never in the redline and never high (why: the end of the rationale)",
    )


    @property
    def places(self) -> list:
        """What the finding is about, to anchor it: its commitments, else its clause."""
        return list(self.commitments) or ([self.clause] if self.clause else [])


class Findings(BaseModel):
    findings: list[Finding] = Field(description="what the checks can show from the document")
    needs_look: list[Finding] = Field(default_factory=list, description="what they could not settle: a person should look")
    review: dict[str, str] | None = Field(
        None, description="how the review was made: mode, profile, date, version (as every output states them)")

    @classmethod
    def split(cls, found: list[Finding], review: dict[str, str] | None = None) -> Findings:
        return cls(findings=[f for f in found if not f.needs_look], needs_look=[f for f in found if f.needs_look],
                   review=review or None)


# What each check's code means, in the words a bid manager or a lawyer reads: outputs show
# these, never the code (issue 17). A code missing here reads as its words.
TITLES = {
    "availability_above_capacity": "availability above what we can commit to",
    "response_faster_than_capacity": "response time faster than we can respond",
    "resolution_faster_than_capacity": "resolution time faster than we can fix",
    "coverage_beyond_staffed_hours": "support hours beyond the hours we staff",
    "meeting_load_over_capacity": "more meetings than we can hold",
    "reporting_load_over_capacity": "more reports than we can deliver",
    "credits_uncapped": "service credits with no cap",
    "credit_above_capacity": "service credit above what we can accept",
    "vague_words": "no amount, frequency or deadline",
    "missing_client_incident_reporting": "no client duty to report incidents",
    "missing_client_access": "no client duty to give access",
    "missing_client_named_contacts": "no named client contact",
    "missing_client_approvals": "no deadline for client approvals",
    "missing_client_exclusions": "no exclusion for failures the client causes",
    "silent_measurement_method": "no measurement method",
    "silent_maintenance_window": "no maintenance window",
    "silent_sole_remedy": "credits not the sole remedy",
    "silent_clock_start": "no moment the clock starts",
    "uptime_unstated": "a system open around the clock with no uptime stated",
    "targets_disagree": "two targets for the same thing",
    "words_and_figures_differ": "words and figures disagree",
    "clocks_disagree": "the same time on two clocks",
    "draft_differs_from_rfp": "the draft differs from the RFP",
    "approval_without_deadline": "an approval with no deadline",
    "onsite_without_access": "work on the client's site with no access given",
    "client_changes_alone": "the client may change the levels alone",
    "window_beyond_staffed_hours": "support hours outside the hours we staff",
    "work_on_holidays": "work on holidays we close",
    "placeholder_left": "a blank or placeholder left in",
    "missing_reference": "a reference to a clause that is not there",
    "empty_reference": "an attachment included without its terms",
}
# The arithmetic's names (Finding.numbers), as words.
NUMBER_LABELS = {
    "asked": "asked for",
    "capacity": "our capacity",
    "level": "profile level",
    "asked_percent": "asked for (%)",
    "asked_downtime_minutes": "downtime allowed (minutes a month)",
    "capacity_percent": "we can commit to (%)",
    "capacity_downtime_minutes": "our downtime (minutes a month)",
    "asked_hours_per_week": "hours a week asked for",
    "fte_per_seat": "people (FTE) for each seat on duty",
    "capacity_hours_per_week": "hours a week we staff",
    "staff_fte": "our staff (FTE)",
    "per_month": "a month, in all",
    "capacity_per_month": "a month, the most we can",
    "capped": "credits capped",
    "worst_credit_percent": "largest credit (% of the monthly fee)",
    "yearly_exposure": "credits a year, at worst",
    "in_words": "in words",
    "in_figures": "in figures",
    "words": "the words",
    "on_site": "commitments on the client's site",
    "window": "window asked for",
    "window_zone": "its time zone",
    "staffed": "our staffed window",
    "uncovered_minutes_a_day": "minutes a day uncovered",
    "missed_only_in_a_holiday_week": "missed only in a week with a holiday",
}


def title(check: str) -> str:
    """A check's code as words: "credits_uncapped" -> "service credits with no cap"."""
    return TITLES.get(check) or check.replace("_", " ")


def number_label(key: str) -> str:
    return NUMBER_LABELS.get(key) or key.replace("_", " ")
