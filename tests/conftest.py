import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CANDOR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "docs"
BADINPUTS = SHARED / "badinputs"
LABELS = SHARED / "eval" / "labels"


@pytest.fixture(scope="session")
def shared() -> Path:
    # CI has ../shared beside the clone; a missing folder is a broken setup, not a skip.
    assert CORPUS.is_dir(), f"{CORPUS} is missing: clone the repo beside shared/ (or set CANDOR_SHARED)"
    return SHARED
