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
from schemas.limits import Limits

__all__ = [
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
]
