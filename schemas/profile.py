"""A provider's capacity profile: what it can deliver, read from YAML (examples/capacity.yaml).
Unknown keys are errors so a misspelt key is caught, not silently ignored."""

from __future__ import annotations

import hashlib
import json
import re
from datetime import date, time
from decimal import Decimal
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    GetJsonSchemaHandler,
    WithJsonSchema,
    field_validator,
    model_validator,
)
from pydantic.json_schema import JsonSchemaValue
from pydantic_core import CoreSchema, PydanticCustomError

from schemas.commitment import Unit

DURATION_FORMS = '"15 minutes", "4 hours", "2 business days"'

# Spellings (lower case, words split by spaces) of each duration unit.
# No bare "m": it could be minutes or months.
_UNIT_WORDS: dict[Unit, tuple[str, ...]] = {
    Unit.second: ("s", "sec", "secs", "second", "seconds"),
    Unit.minute: ("min", "mins", "minute", "minutes"),
    Unit.hour: ("h", "hr", "hrs", "hour", "hours"),
    Unit.business_hour: ("business hour", "business hours", "business hr", "business hrs",
                         "working hour", "working hours"),
    Unit.day: ("d", "day", "days", "calendar day", "calendar days"),
    Unit.business_day: ("business day", "business days", "working day", "working days"),
    Unit.week: ("wk", "wks", "week", "weeks"),
    Unit.month: ("mo", "mos", "month", "months"),
}
UNIT_BY_WORD = {word: unit for unit, words in _UNIT_WORDS.items() for word in words}
DURATION_UNITS = tuple(_UNIT_WORDS)
_DURATION = re.compile(r"(\d+(?:\.\d+)?|\.\d+)\s*([a-z][a-z ]*)")


def parse_duration(text: str) -> Duration:
    """ "4 hours", "2 business days", "1 business_day", "30 min" -> Duration."""
    return Duration.model_validate(text)


def _duration_fields(text: str) -> dict[str, Any]:
    # "business_day", "business-day" and "4-hour" read as words; a leading "-1" stays a bad sign.
    words = " ".join(re.sub(r"(?<=[a-z\d])-(?=[a-z])", " ", text.lower().replace("_", " ")).split())
    match = _DURATION.fullmatch(words)
    unit = UNIT_BY_WORD.get(match.group(2).strip()) if match else None
    if unit is None:
        raise PydanticCustomError("duration", '"{text}" is not a duration (write {forms})',
                                  {"text": text, "forms": DURATION_FORMS})
    return {"value": float(match.group(1)), "unit": unit}


def _duration_unit(value: Any) -> Any:
    # Our own message: pydantic's literal error prints enum reprs.
    if value not in DURATION_UNITS:  # a str enum: "hour" == Unit.hour
        raise PydanticCustomError("duration_unit", '"{unit}" is not a duration unit (use {units})',
                                  {"unit": value, "units": ", ".join(u.value for u in DURATION_UNITS)})
    return Unit(value)


DurationUnit = Literal[Unit.second, Unit.minute, Unit.hour, Unit.business_hour, Unit.day,
                       Unit.business_day, Unit.week, Unit.month]


class Duration(BaseModel):
    """A span of time: from "4 hours" or {value: 4, unit: hour}. A month is 30 days."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    value: float = Field(gt=0)
    unit: Annotated[DurationUnit, BeforeValidator(_duration_unit)]

    @model_validator(mode="before")
    @classmethod
    def _from_text(cls, data: Any) -> Any:
        if isinstance(data, str):
            return _duration_fields(data)
        if isinstance(data, bool | int | float):
            # A bare number has no unit; say so rather than "not a mapping".
            raise PydanticCustomError("duration", "{text} has no unit (write {forms})",
                                      {"text": data, "forms": DURATION_FORMS})
        return data

    @classmethod
    def __get_pydantic_json_schema__(cls, core_schema: CoreSchema, handler: GetJsonSchemaHandler) -> JsonSchemaValue:
        # The published schema accepts both spellings the validator does.
        schema = handler.resolve_ref_schema(handler(core_schema))
        mapping = dict(schema)
        schema.clear()
        schema["title"] = mapping.pop("title", "Duration")
        schema["description"] = mapping.pop("description", "")
        schema["anyOf"] = [
            {"type": "string", "pattern": r"^\s*(\d+(\.\d+)?|\.\d+)\s*[A-Za-z][A-Za-z _-]*$",
             "examples": ["15 minutes", "4 hours", "2 business days"]},
            mapping,
        ]
        return schema

    def __str__(self) -> str:
        """ "4 hours", "1 business day": what parse_duration reads back to an equal Duration."""
        # Positional digits (no "1e-05") so the text parses back to the same float.
        number = str(int(self.value)) if self.value.is_integer() else format(Decimal(repr(self.value)), "f")
        name = self.unit.value.replace("_", " ")
        return f"{number} {name}" if self.value == 1 else f"{number} {name}s"


def _level(key: str) -> str:
    if not re.fullmatch(r"default|(severity|priority)_[1-9]\d*", key):
        raise PydanticCustomError("level", '"{key}" is not a level (write "default", "severity_1" or "priority_1")',
                                  {"key": key})
    return key


Level = Annotated[str, AfterValidator(_level),
                  WithJsonSchema({"type": "string", "pattern": r"^(default|(severity|priority)_[1-9]\d*)$"})]
ByLevel = Annotated[dict[Level, Duration], Field(min_length=1)]


def _clock(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        # YAML 1.1 reads an unquoted 17:00 as the number 1020 (base 60).
        raise PydanticCustomError("time", '{value} is not a time: quote it, "{clock}"',
                                  {"value": value, "clock": f"{value // 60:02d}:{value % 60:02d}"})
    if not isinstance(value, str) or not re.fullmatch(r"([01]\d|2[0-3]):[0-5]\d|24:00", value):
        raise PydanticCustomError("time", '"{value}" is not a time (write "HH:MM", e.g. "08:00")', {"value": value})
    return value


Clock = Annotated[str, BeforeValidator(_clock),
                  WithJsonSchema({"type": "string", "pattern": r"^(([01]\d|2[0-3]):[0-5]\d|24:00)$"})]

WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")


def parse_days(text: str) -> frozenset[int]:
    """ "Monday-Friday", "Mon-Fri", "Mon, Wed, Fri", "Fri-Mon" -> weekday numbers (Monday is 0)."""
    days: set[int] = set()
    for part in text.split(","):
        ends = [_weekday(word) for word in part.split("-")]
        if len(ends) not in (1, 2) or None in ends:
            raise PydanticCustomError("days", '"{text}" is not a list of days (write "Monday-Friday" or "Mon, Wed")',
                                      {"text": text})
        first, last = ends[0], ends[-1]
        days.update((first + i) % 7 for i in range((last - first) % 7 + 1))
    return frozenset(days)


def _weekday(word: str) -> int | None:
    word = word.strip().lower()
    hits = [i for i, name in enumerate(WEEKDAYS) if len(word) >= 3 and name.startswith(word)]
    return hits[0] if len(hits) == 1 else None


class Section(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Availability(Section):
    max_percent: float = Field(gt=0, le=100, description="best monthly availability the provider can commit")


class Support(Section):
    """The support window. hours_per_week is stated, not derived: it may leave out breaks."""

    hours_per_week: float | None = Field(None, ge=0, le=168)
    timezone: str | None = Field(None, description='IANA name, e.g. "America/New_York"')
    holidays: Literal["US"] | list[date] | None = Field(None, description='"US" (federal holidays) or dates')
    days: str | None = Field(None, description='"Monday-Friday", "Mon, Wed, Fri"')
    start: Clock | None = None
    end: Clock | None = Field(None, description='"HH:MM"; "24:00" for end of day')

    @field_validator("timezone")
    @classmethod
    def _zone(cls, value: str | None) -> str | None:
        if value is not None:
            try:
                ZoneInfo(value)
            except (ZoneInfoNotFoundError, ValueError):
                raise PydanticCustomError("timezone", '"{value}" is not a time zone (write e.g. "America/New_York")',
                                          {"value": value}) from None
        return value

    @field_validator("days")
    @classmethod
    def _days(cls, value: str | None) -> str | None:
        if value is not None:
            parse_days(value)
        return value

    @model_validator(mode="after")
    def _window(self) -> Support:
        if self.start and self.end and self.end <= self.start:
            raise PydanticCustomError("time", 'end "{end}" is not after start "{start}"',
                                      {"start": self.start, "end": self.end})
        return self

    @property
    def weekdays(self) -> frozenset[int] | None:
        """Weekday numbers (Monday is 0) the window is open, or None when not stated."""
        return parse_days(self.days) if self.days else None

    @property
    def window(self) -> tuple[time, time] | None:
        """(opens, closes) as times; "24:00" closes at time(0), i.e. midnight."""
        if not (self.start and self.end):
            return None
        return time.fromisoformat(self.start), time(0) if self.end == "24:00" else time.fromisoformat(self.end)


class Cadence(Section):
    max_per_month: float = Field(ge=0)


class Staff(Section):
    fte: float = Field(gt=0, description="full-time equivalents available to this service")
    hours_per_fte_week: float = Field(40, gt=0, le=168)


class Credits(Section):
    max_percent_of_monthly_fee: float = Field(ge=0, le=100)


class Fees(Section):
    monthly: float = Field(ge=0)
    currency: str = Field("USD", pattern=r"^[A-Z]{3}$")


class CapacityProfile(Section):
    """What a provider can deliver. Every section but `provider` is optional."""

    provider: str = Field(min_length=1)
    availability: Availability | None = None
    support: Support | None = None
    response_time: ByLevel | None = None
    resolution_time: ByLevel | None = None
    meetings: Cadence | None = None
    reporting: Cadence | None = None
    staff: Staff | None = None
    credits: Credits | None = None
    fees: Fees | None = None

    @property
    def version(self) -> str:
        """12 hex digits of the canonical JSON's SHA-256: outputs keyed by it change only with the profile."""
        # Absent sections are left out so a new optional section does not change old versions.
        canonical = json.dumps(self.model_dump(mode="json", exclude_none=True), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()[:12]
