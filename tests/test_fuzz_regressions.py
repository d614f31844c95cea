"""Every input the reader fuzzer (tests/fuzz/fuzz_readers.py) found to crash, hang or
leak an untyped exception now ends with a Document or a typed error."""

import csv

import pytest

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


@pytest.mark.parametrize("row", findings(), ids=lambda row: row["file"])
def test_fuzz_finding_is_fixed(row):
    data = (CRASHES / row["file"]).read_bytes()
    ending = run_case(data, row["seed"])
    assert not ending.is_finding, f"{row['file']} ({row['detail']}) still ends {ending.kind}: {ending.detail}\n{ending.trace}"
    assert ending.kind in ("ok", "typed")
