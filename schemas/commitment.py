"""Commitments: the output contract of extraction (../shared/eval/GUIDELINES.md)."""

from __future__ import annotations

from enum import Enum

from pydantic import BaseModel, Field


class Kind(str, Enum):
    service_level = "service_level"
    obligation = "obligation"


class Obligor(str, Enum):
    provider = "provider"
    client = "client"


class Metric(str, Enum):
    availability = "availability"
    response_time = "response_time"
    resolution_time = "resolution_time"
    support_hours = "support_hours"
    meeting_cadence = "meeting_cadence"
    reporting_cadence = "reporting_cadence"
    delivery_time = "delivery_time"
    quality = "quality"
    staffing = "staffing"
    service_credit = "service_credit"
    other = "other"


class Unit(str, Enum):
    percent = "percent"
    second = "second"
    minute = "minute"
    hour = "hour"
    business_hour = "business_hour"
    day = "day"
    business_day = "business_day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"
    count = "count"
    per_day = "per_day"
    per_week = "per_week"
    per_month = "per_month"
    per_quarter = "per_quarter"
    per_year = "per_year"
    hours_per_week = "hours_per_week"
    currency = "currency"


class Period(str, Enum):
    day = "day"
    week = "week"
    month = "month"
    quarter = "quarter"
    year = "year"


class Commitment(BaseModel):
    """One commitment a document states. A sentence with two targets is two items."""

    doc: str = Field(description="the source file's name")
    text: str = Field(description="the sentence, list item or table row, verbatim")
    kind: Kind
    obligor: Obligor
    metric: Metric | None = Field(None, description="service levels only")
    value: float | None = Field(None, description="the target: 99.9, 4, 2")
    unit: Unit | None = None
    period: Period | None = Field(None, description="the window a target is measured over")
    condition: str | None = Field(None, description='the case the target applies to: "Severity 1"')
    vague: bool = False
    page: int | None = None
    block: int | None = Field(None, description="index of the block in the parsed document")
    span: tuple[int, int] | None = Field(None, description="character span in the parsed document's text")
    confidence: float | None = Field(None, ge=0, le=1)
    decided_by: list[str] = Field(
        default_factory=list,
        description='the named decisions that made its kind, obligor and metric ("kind.target", "obligor.model")',
    )


class Commitments(BaseModel):
    """What `candor extract` writes to <out>/<input file name>/commitments.json."""

    commitments: list[Commitment]
