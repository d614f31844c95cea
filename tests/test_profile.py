"""Capacity profiles: durations, validation messages, the example file and the published schema."""

import json
from pathlib import Path

import pytest

from checks.profile import SCHEMA_PATH, json_schema, load_profile
from extractors.errors import InvalidProfile, NotFound
from schemas import CapacityProfile, Duration, ErrorCode, Unit, parse_duration

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "capacity.yaml"


@pytest.mark.parametrize(
    "text, value, unit",
    [
        ("15 minutes", 15, Unit.minute),
        ("4 hours", 4, Unit.hour),
        ("2 business days", 2, Unit.business_day),
        ("1 business_day", 1, Unit.business_day),
        ("1 business day", 1, Unit.business_day),
        ("1 Business-Day", 1, Unit.business_day),
        ("30 min", 30, Unit.minute),
        ("2 hrs", 2, Unit.hour),
        ("1 day", 1, Unit.day),
        ("4-hour", 4, Unit.hour),
        ("1.5h", 1.5, Unit.hour),
        ("  90 secs ", 90, Unit.second),
        ("3 working days", 3, Unit.business_day),
        ("6 business hours", 6, Unit.business_hour),
        ("2 weeks", 2, Unit.week),
        ("1 month", 1, Unit.month),
    ],
)
def test_good_durations(text, value, unit):
    assert parse_duration(text) == Duration(value=value, unit=unit)


def test_duration_from_mapping():
    assert Duration.model_validate({"value": 4, "unit": "hour"}) == parse_duration("4 hours")


@pytest.mark.parametrize(
    "given, message",
    [
        ("soon", '"soon" is not a duration (write "15 minutes", "4 hours", "2 business days")'),
        ("4", '"4" is not a duration'),
        ("4 m", '"4 m" is not a duration'),  # minutes or months?
        ("hours", '"hours" is not a duration'),
        ("-1 hour", '"-1 hour" is not a duration'),
        ("4 fortnights", '"4 fortnights" is not a duration'),
        (4, "4 has no unit"),
        ("0 hours", "greater than 0"),
        ({"value": 3, "unit": "percent"}, '"percent" is not a duration unit (use second, minute, hour,'),
        ({"value": 3, "unit": "hour", "per": "day"}, "Extra inputs are not permitted"),
    ],
)
def test_bad_durations(given, message):
    with pytest.raises(ValueError) as caught:
        Duration.model_validate(given)
    assert message in str(caught.value)


def test_str_reads_back():
    for text in ("4 hours", "1 business day", "0.5 hours", "0.00001 minutes"):
        assert str(parse_duration(text)) == text


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "capacity.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "yaml_text, message",
    [
        (
            "provider: X\nresponse_time: {severity_1: soon}\n",
            'response_time.severity_1: "soon" is not a duration (write "15 minutes", "4 hours", "2 business days")',
        ),
        ("provider: X\nresponse_time: {sev1: 4 hours}\n", 'response_time.sev1: "sev1" is not a level'),
        ("provider: X\nsupprt: {hours_per_week: 40}\n",
         'supprt: unknown key (did you mean "support"? allowed: provider,'),
        ("provider: X\nsupport: {hours_per_wek: 40}\n",
         'support.hours_per_wek: unknown key (did you mean "hours_per_week"?'),
        ("provider: X\nsupport: {hours_per_week: 200}\n",
         "support.hours_per_week: 200: input should be less than or equal to 168"),
        ("provider: X\nsupport: {end: 17:00}\n", 'support.end: 1020 is not a time: quote it, "17:00"'),
        ("provider: X\nsupport: {start: '8am'}\n", 'support.start: "8am" is not a time (write "HH:MM"'),
        ("provider: X\nsupport: {start: '17:00', end: '08:00'}\n", 'support: end "08:00" is not after start "17:00"'),
        ("provider: X\nsupport: {days: Funday}\n", 'support.days: "Funday" is not a list of days'),
        ("provider: X\nsupport: {timezone: Mars/Olympus}\n", 'support.timezone: "Mars/Olympus" is not a time zone'),
        ("provider: X\navailability: {max_percent: 0}\n",
         "availability.max_percent: 0: input should be greater than 0"),
        ("provider: X\navailability: {max_percent: 100.5}\n",
         "availability.max_percent: 100.5: input should be less than"),
        ("availability: {max_percent: 99}\n", "provider: required key is missing"),
        ("provider: X\nresponse_time: {severity_1: soon, severity_2: later}\n", "is not a duration (write"),
        ("provider: X\nfees: {monthly: 1, currency: usd}\n", 'fees.currency: "usd": string should match pattern'),
        ("- provider: X\n", "expected a mapping of keys (provider, availability, ...), got a list"),
        ("", "got nothing"),
        ("provider: X\n  bad: indent\n", "line 2, column 6: not valid YAML: mapping values are not allowed here"),
    ],
)
def test_invalid_profile_messages(tmp_path, yaml_text, message):
    path = write(tmp_path, yaml_text)
    with pytest.raises(InvalidProfile) as caught:
        load_profile(path)
    error = caught.value
    assert error.code == ErrorCode.invalid_profile
    assert error.message.startswith(f"{path}: ")
    assert message in error.message
    assert "\n" not in error.message
    assert str(error) == f"invalid_profile: {error.message}"


def test_more_problems_are_counted(tmp_path):
    path = write(tmp_path, "provider: X\nresponse_time: {severity_1: soon, severity_2: later}\n")
    with pytest.raises(InvalidProfile, match=r"\(and 1 more\)$"):
        load_profile(path)


def test_missing_file(tmp_path):
    with pytest.raises(NotFound, match="no such file"):
        load_profile(tmp_path / "nope.yaml")


def test_example_loads():
    profile = load_profile(EXAMPLE)
    assert profile.provider == "Northwind Services"
    assert profile.availability.max_percent == 99.5
    assert profile.response_time["default"] == Duration(value=1, unit=Unit.business_day)
    assert profile.resolution_time["default"] == parse_duration("5 business days")
    assert profile.support.weekdays == frozenset(range(5))
    assert [t.isoformat() for t in profile.support.window] == ["08:00:00", "17:00:00"]
    assert profile.staff.fte == 6


def test_version_is_short_stable_and_canonical():
    profile = load_profile(EXAMPLE)
    assert len(profile.version) == 12
    # Same content, other key order and spelling: same version. Other content: another.
    reordered = CapacityProfile.model_validate(
        {"response_time": {"default": {"value": 1, "unit": "business_day"}, "severity_2": "4 hrs", "severity_1": "2 h"},
         **profile.model_dump(exclude={"response_time"})}
    )
    assert reordered.version == profile.version
    assert profile.model_copy(update={"provider": "Other"}).version != profile.version


@pytest.mark.parametrize(
    "days, expected",
    [("Monday-Friday", {0, 1, 2, 3, 4}), ("Mon-Sun", set(range(7))), ("Mon, Wed, Fri", {0, 2, 4}),
     ("Fri-Mon", {4, 5, 6, 0}), ("saturday", {5})],
)
def test_support_days(days, expected):
    assert CapacityProfile.model_validate({"provider": "X", "support": {"days": days}}).support.weekdays == expected


def test_end_of_day_window():
    support = CapacityProfile.model_validate({"provider": "X", "support": {"start": "00:00", "end": "24:00"}}).support
    assert [t.isoformat() for t in support.window] == ["00:00:00", "00:00:00"]


def test_schema_file_matches_model():
    # Regenerate with `python -m checks.profile` after changing schemas/profile.py.
    assert SCHEMA_PATH.read_text(encoding="utf-8") == json_schema()


def test_schema_accepts_both_duration_forms():
    duration = json.loads(json_schema())["$defs"]["Duration"]
    assert [form["type"] for form in duration["anyOf"]] == ["string", "object"]


# -- hostile profiles (issue 14) ---------------------------------------------------------

MAX_MESSAGE = 500


def alias_bomb() -> str:
    """"Billion laughs": nine levels of nine aliases, 9**9 strings from under 400 bytes,
    under a key the schema checks (provider must be a string)."""
    lines = ["provider:", '  - &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for prev, name in zip("abcdefgh", "bcdefghi"):
        lines.append(f"  - &{name} [{','.join([f'*{prev}'] * 9)}]")
    return "\n".join(lines) + "\n"


# Run apart, with 1 GiB of address space: code that expands the aliases runs out of memory
# there (it took 3.4 GB and 31 s, and printed a 312 MB line), not on the test machine.
_LOAD_LIMITED = """
import resource, sys
resource.setrlimit(resource.RLIMIT_AS, (1 << 30, 1 << 30))
from checks.profile import load_profile
from extractors.errors import InvalidProfile
try:
    load_profile(sys.argv[1])
except InvalidProfile as e:
    print(e.message)
else:
    print("loaded")
"""


def test_an_alias_bomb_is_refused_before_it_expands(tmp_path):
    import subprocess
    import sys

    text = alias_bomb()
    assert len(text.encode()) < 400
    path = write(tmp_path, text)
    run = subprocess.run([sys.executable, "-c", _LOAD_LIMITED, str(path)], cwd=ROOT, capture_output=True, text=True,
                         timeout=300)
    assert run.returncode == 0, run.stderr[-2000:]
    message = run.stdout.strip()
    assert message.startswith(f"{path}: line 2, column 5: YAML anchors (&name) are not allowed in a capacity profile")
    assert len(message) <= MAX_MESSAGE and "\n" not in message


@pytest.mark.parametrize(
    "yaml_text, problem",
    [
        ("provider: X\nsupport: &s {hours_per_week: 40}\n",
         "line 2, column 10: YAML anchors (&name) are not allowed in a capacity profile"),
        ("provider: X\nstaff:\n  fte: &six 6\n  hours_per_fte_week: *six\n",
         "line 3, column 8: YAML anchors (&name) are not allowed in a capacity profile"),
        ("provider: X\nstaff: {fte: *six}\n",
         "line 2, column 14: YAML aliases (*name) are not allowed in a capacity profile"),
        ("provider: X\nbase: &b {fte: 6}\nstaff: {<<: *b, hours_per_fte_week: 40}\n",
         "line 2, column 7: YAML anchors (&name) are not allowed in a capacity profile"),
    ],
)
def test_anchors_and_aliases_are_refused_with_their_place(tmp_path, yaml_text, problem):
    path = write(tmp_path, yaml_text)
    with pytest.raises(InvalidProfile) as caught:
        load_profile(path)
    assert caught.value.message == f"{path}: {problem}"


HUGE = 300_000  # characters: well under the size limit, far over any readable message


@pytest.mark.parametrize(
    "yaml_text, where",
    [
        (f"provider: X\nresponse_time: {{severity_1: '{'soon ' * (HUGE // 5)}'}}\n", "response_time.severity_1: "),
        (f"provider: X\nsupport: {{timezone: '{'Mars/' * (HUGE // 5)}'}}\n", "support.timezone: "),
        (f"provider: X\nfees: {{monthly: 1, currency: '{'U' * HUGE}'}}\n", "fees.currency: "),
        (f"provider: [{', '.join(['lol'] * (HUGE // 5))}]\n", "provider: "),
        (f"provider: X\nresponse_time:\n  ? {'k' * HUGE}\n  : 4 hours\n", "response_time.kkkk"),
        (f"provider: X\n? {'z' * HUGE}\n: 1\n", "zzzz"),
    ],
)
def test_a_huge_value_gives_a_short_message(tmp_path, yaml_text, where):
    path = write(tmp_path, yaml_text)
    with pytest.raises(InvalidProfile) as caught:
        load_profile(path)
    message = caught.value.message
    assert message.startswith(f"{path}: {where}")
    assert len(message) <= MAX_MESSAGE and "…" in message


@pytest.mark.parametrize("yaml_text", ["provider: " + "[" * 50_000 + "]" * 50_000 + "\n",
                                       "provider: X\nstaff: " + "{a: " * 5_000 + "1" + "}" * 5_000 + "\n"])
def test_deep_nesting_is_refused(tmp_path, yaml_text):
    path = write(tmp_path, yaml_text)
    with pytest.raises(InvalidProfile) as caught:
        load_profile(path)
    assert caught.value.message == f"{path}: nested too deeply to be a capacity profile"


def test_a_profile_over_1_mib_is_refused_unread(tmp_path):
    good = EXAMPLE.read_text(encoding="utf-8")
    pad = "# " + "x" * 77 + "\n"  # comment lines: valid YAML, only size is wrong
    at_limit = good + pad * ((2**20 - len(good.encode())) // len(pad))
    at_limit += "#" * (2**20 - len(at_limit.encode()) - 1) + "\n"
    assert len(at_limit.encode()) == 2**20
    assert load_profile(write(tmp_path, at_limit)).provider == "Northwind Services"
    path = write(tmp_path, at_limit + "\n")
    with pytest.raises(InvalidProfile) as caught:
        load_profile(path)
    assert caught.value.message == f"{path}: larger than 1 MiB, the most a capacity profile may be"
