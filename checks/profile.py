"""Loading a capacity profile (YAML) and publishing its JSON Schema.

`python -m checks.profile` rewrites schemas/capacity.schema.json from the model."""

from __future__ import annotations

import difflib
import json
import typing
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ValidationError

from extractors.errors import InvalidProfile, NotFound
from schemas import CapacityProfile

SCHEMA_PATH = Path(__file__).resolve().parents[1] / "schemas" / "capacity.schema.json"
# Our own validators' messages already quote the bad value; pydantic's do not.
OWN_ERRORS = {"duration", "duration_unit", "level", "time", "days", "timezone"}


def load_profile(path: str | Path) -> CapacityProfile:
    """Read and validate a capacity profile. Raises NotFound or InvalidProfile (one line each)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except IsADirectoryError:
        raise InvalidProfile(f"{path}: is a folder, not a YAML file") from None
    except UnicodeDecodeError:
        raise InvalidProfile(f"{path}: not UTF-8 text") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        raise InvalidProfile(f"{path}: {_yaml_problem(e)}") from None
    if not isinstance(data, dict):
        got = "nothing" if data is None else f"a {type(data).__name__}"
        raise InvalidProfile(f"{path}: expected a mapping of keys (provider, availability, ...), got {got}")
    try:
        return CapacityProfile.model_validate(data)
    except ValidationError as e:
        raise InvalidProfile(f"{path}: {describe(e)}") from None


def describe(error: ValidationError) -> str:
    """The first problem as `key.path: what was wrong`, plus how many more there are."""
    problems = error.errors()
    first = problems[0]
    loc = [str(part) for part in first["loc"] if part != "[key]"]
    where = ".".join(loc) or "(top level)"
    kind, value = first["type"], first.get("input")
    if kind in OWN_ERRORS:
        what = first["msg"]
    elif kind == "extra_forbidden":
        what = _unknown_key(first["loc"])
    elif kind == "missing":
        what = "required key is missing"
    else:
        what = f"{json.dumps(value, default=str)}: {first['msg'][0].lower()}{first['msg'][1:]}"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return f"{where}: {what}{more}"


def _unknown_key(loc: tuple[int | str, ...]) -> str:
    model = _model_at(loc[:-1])
    if model is None:
        return "unknown key"
    allowed = list(model.model_fields)
    close = difflib.get_close_matches(str(loc[-1]), allowed, n=1)
    hint = f'did you mean "{close[0]}"? ' if close else ""
    return f"unknown key ({hint}allowed: {', '.join(allowed)})"


def _model_at(loc: tuple[int | str, ...]) -> type[BaseModel] | None:
    """The model whose keys are checked at `loc`, following nested sections."""
    model: type[BaseModel] = CapacityProfile
    for part in loc:
        field = model.model_fields.get(str(part))
        inner = [t for t in (field.annotation, *typing.get_args(field.annotation)) if _is_model(t)] if field else []
        if not inner:
            return None
        model = inner[0]
    return model


def _is_model(t: Any) -> bool:
    return isinstance(t, type) and issubclass(t, BaseModel)


def _yaml_problem(error: yaml.YAMLError) -> str:
    mark = getattr(error, "problem_mark", None)
    problem = getattr(error, "problem", None) or "not valid YAML"
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark else ""
    return f"{where}not valid YAML: {problem}"


def json_schema() -> str:
    """The published JSON Schema of a capacity profile, as written to disk."""
    return json.dumps(CapacityProfile.model_json_schema(), indent=2) + "\n"


def write_json_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the schema file: run after changing schemas/profile.py."""
    path.write_text(json_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_json_schema())
