"""Every input the reader fuzzer (tests/fuzz/fuzz_readers.py) found to crash, hang or
leak an untyped exception is replayed. FINDINGS.tsv says what became of each:
- fixed: our code now ends it with a Document or a typed error, in process;
- contained: a crash inside a native library (PDFium) we cannot fix; the parsing child
  absorbs it and the caller gets a typed error within the limits;
- unreproduced: seen once under load, never again on replay; replayed within limits."""

import csv
import time

import pytest

from extractors.errors import CandorError
from extractors.isolate import parse_bytes_isolated
from schemas import Limits
from tests.fuzz.fuzz_readers import CRASHES
from tests.fuzz.harness import run_case


def findings() -> list[dict]:
    table = CRASHES / "FINDINGS.tsv"
    if not table.exists():
        return []
    with open(table, newline="") as f:
        return list(csv.DictReader(f, delimiter="\t"))


def test_every_saved_file_is_listed():
    listed = {row["file"] for row in findings()}
    saved = {p.name for p in CRASHES.iterdir() if p.suffix not in (".tsv", ".trace")}
    assert saved == listed


def test_every_finding_was_dealt_with():
    assert {row["status"] for row in findings()} <= {"fixed", "contained", "unreproduced"}, "open findings: fix them or explain"


@pytest.mark.parametrize("row", [r for r in findings() if r["status"] == "fixed"], ids=lambda row: row["file"])
def test_fixed_finding_ends_typed(row):
    data = (CRASHES / row["file"]).read_bytes()
    ending = run_case(data, row["seed"])
    assert not ending.is_finding, f"{row['file']} ({row['detail']}) still ends {ending.kind}: {ending.detail}\n{ending.trace}"
    assert ending.kind in ("ok", "typed")


@pytest.mark.parametrize("row", [r for r in findings() if r["status"] != "fixed"], ids=lambda row: row["file"])
def test_other_findings_end_within_limits(row):
    """What `candor review` does with it: the isolated parse ends, typed, within 60 s."""
    start = time.monotonic()
    try:
        parse_bytes_isolated((CRASHES / row["file"]).read_bytes(), "test://fuzz", row["seed"], Limits())
        ended = "document"
    except CandorError as e:
        ended = e.code.value
    assert ended in (("corrupt", "too_large") if row["status"] == "contained" else ("document", "corrupt", "too_large"))
    assert time.monotonic() - start < 60
