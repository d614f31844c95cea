"""The gold files of data/extra quote their documents: nearly every item shares enough
words with a unit of the parsed document for `candor eval` to pair it."""

import json
from pathlib import Path

import pytest

from extractors.parse import parse_path
from tests.conftest import ROOT
from training.dataset import similarity, units, words

EXTRA = ROOT / "data" / "extra"
FOLDERS = ("tune-labels", "check-labels", "pool-labels", "sealed-labels", "second-labels")
# A drafting guide with a checklist: its annotator found nothing that binds either party.
NO_COMMITMENTS = {"noaa_pws_template.pdf"}
GOLD = sorted(f for folder in FOLDERS for f in (EXTRA / folder).glob("*.jsonl"))


@pytest.mark.parametrize("label_file", GOLD, ids=lambda p: p.name)
def test_extra_gold_items_match_units_of_their_document(label_file: Path):
    lines = [json.loads(x) for x in label_file.read_text().splitlines() if x.strip()]
    header, items = lines[0], lines[1:]
    assert (EXTRA / "docs" / header["doc"]).is_file(), "the document is committed beside its labels"
    assert all(i["doc"] == header["doc"] and i["kind"] in ("service_level", "obligation") for i in items)
    unit_words = [words(t) for t in units(parse_path(EXTRA / "docs" / header["doc"]))]
    matched = sum(max(similarity(words(i["text"]), u) for u in unit_words) >= 0.5 for i in items)
    if header["doc"] in NO_COMMITMENTS:  # its annotator found none: every unit is a negative
        assert not items
        return
    assert len(items) >= 5 and matched / len(items) >= 0.9, f"{matched} of {len(items)} items match a unit"

