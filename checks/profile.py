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
MAX_BYTES = 1 << 20  # a profile is a page of YAML; this is far more than one needs
MAX_KEY = 60  # characters of each key in a message's key path
MAX_QUOTED = 200  # characters of a bad value quoted in a message
MAX_MESSAGE = 500  # characters of a whole message, path included


def load_profile(path: str | Path) -> CapacityProfile:
    """Read and validate a capacity profile. Raises NotFound or InvalidProfile (one line each)."""
    path = Path(path)
    try:
        with path.open("rb") as f:
            raw = f.read(MAX_BYTES + 1)  # never more, whatever the file is (a FIFO, /dev/zero)
    except FileNotFoundError:
        raise NotFound(f"{path}: no such file") from None
    except IsADirectoryError:
        raise _invalid(path, "is a folder, not a YAML file") from None
    if len(raw) > MAX_BYTES:
        raise _invalid(path, "larger than 1 MiB, the most a capacity profile may be")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise _invalid(path, "not UTF-8 text") from None
    try:
        data = yaml.load(text, Loader=_Loader)  # a SafeLoader, less anchors and aliases
    except yaml.YAMLError as e:
        raise _invalid(path, _yaml_problem(e)) from None
    except RecursionError:  # PyYAML composes nested [[[...]]] by recursion
        raise _invalid(path, "nested too deeply to be a capacity profile") from None
    if not isinstance(data, dict):
        got = "nothing" if data is None else f"a {type(data).__name__}"
        raise _invalid(path, f"expected a mapping of keys (provider, availability, ...), got {got}")
    try:
        return CapacityProfile.model_validate(data)
    except ValidationError as e:
        raise _invalid(path, describe(e)) from None


class _Loader(yaml.SafeLoader):
    """yaml.safe_load's loader without anchors and aliases. A person writing a profile
    never needs them, and nine nested aliases in 373 bytes ("billion laughs") expand to
    9**9 strings once anything walks the data (a message quoting it took 3.4 GB)."""

    def compose_node(self, parent, index):
        event = self.peek_event()
        if isinstance(event, yaml.AliasEvent):
            raise _NotAllowed("YAML aliases (*name) are not allowed in a capacity profile", event.start_mark)
        if getattr(event, "anchor", None) is not None:
            raise _NotAllowed("YAML anchors (&name) are not allowed in a capacity profile", event.start_mark)
        return super().compose_node(parent, index)


class _NotAllowed(yaml.YAMLError):
    def __init__(self, problem: str, mark):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, mark


def _invalid(path: Path, problem: str) -> InvalidProfile:
    return InvalidProfile(_cut(f"{path}: {problem}", MAX_MESSAGE))


def _cut(text: str, most: int) -> str:
    """`text`, or its start and an ellipsis when it is longer than `most` characters."""
    return text if len(text) <= most else text[: most - 1] + "…"


def describe(error: ValidationError) -> str:
    """The first problem as `key.path: what was wrong`, plus how many more there are;
    keys and values quoted are cut short, so the line stays readable whatever the input."""
    problems = error.errors()
    first = problems[0]
    loc = [_cut(str(part), MAX_KEY) for part in first["loc"] if part != "[key]"]
    where = ".".join(loc) or "(top level)"
    kind, value = first["type"], first.get("input")
    if kind in OWN_ERRORS:
        what = first["msg"]
        for quoted in map(str, (first.get("ctx") or {}).values()):  # the bad value, cut short
            what = what.replace(quoted, _cut(quoted, MAX_QUOTED))
    elif kind == "extra_forbidden":
        what = _unknown_key(first["loc"])
    elif kind == "missing":
        what = "required key is missing"
    else:
        what = f"{_cut(json.dumps(value, default=str), MAX_QUOTED)}: {first['msg'][0].lower()}{first['msg'][1:]}"
    more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
    return _cut(f"{where}: {what}", MAX_MESSAGE - len(more)) + more


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
    return f"{where}{problem}" if isinstance(error, _NotAllowed) else f"{where}not valid YAML: {problem}"


def json_schema() -> str:
    """The published JSON Schema of a capacity profile, as written to disk."""
    return json.dumps(CapacityProfile.model_json_schema(), indent=2) + "\n"


def write_json_schema(path: Path = SCHEMA_PATH) -> Path:
    """Regenerate the schema file: run after changing schemas/profile.py."""
    path.write_text(json_schema(), encoding="utf-8")
    return path


if __name__ == "__main__":
    print(write_json_schema())
