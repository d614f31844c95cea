"""Typed data that travels between Candor's stages. Imports nothing else of ours."""

from schemas.commitment import Commitment, Commitments, Kind, Metric, Obligor, Period, Unit
from schemas.document import (
    BBox,
    Block,
    BlockKind,
    Document,
    Location,
    Region,
    RunStatus,
    Sentence,
    Source,
)
from schemas.errors import ErrorCode
from schemas.finding import Finding, Findings, FindingType, Severity, Suggestion, SuggestionKind
from schemas.limits import Limits
from schemas.profile import (
    Availability,
    Cadence,
    CapacityProfile,
    Credits,
    Duration,
    Fees,
    Staff,
    Support,
    parse_duration,
)

__all__ = [
    "Finding",
    "Findings",
    "FindingType",
    "Severity",
    "Suggestion",
    "SuggestionKind",
    "BBox",
    "Commitment",
    "Commitments",
    "Kind",
    "Metric",
    "Obligor",
    "Period",
    "Unit",
    "Block",
    "BlockKind",
    "Document",
    "ErrorCode",
    "Limits",
    "Location",
    "Region",
    "RunStatus",
    "Sentence",
    "Source",
    "Availability",
    "Cadence",
    "CapacityProfile",
    "Credits",
    "Duration",
    "Fees",
    "Staff",
    "Support",
    "parse_duration",
]
