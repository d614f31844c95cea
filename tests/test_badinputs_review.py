"""Every file in ../shared/badinputs through `candor review` (parse, extract, check and
write every redline) ends as its MANIFEST expects (tests/test_badinputs.py: EXPECT),
each within 60 s and 1 GiB, with no traceback reaching the user."""

import re
import resource
import subprocess
import sys
import time

import pytest

from extractors.errors import CandorError
from schemas import Limits
from tests.conftest import BADINPUTS, ROOT
from tests.test_badinputs import EXPECT, TEXT

CAPACITY = ROOT / "examples" / "capacity.yaml"
# Runs a command and prints the peak memory of it and its descendants (this machine and
# CI may lack /usr/bin/time).
PEAK = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
        "print('peak_kib', resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss, file=sys.stderr); sys.exit(r.returncode)")


def test_candor_review_over_every_bad_input(tmp_path):
    out = tmp_path / "out"
    start = time.monotonic()
    run = subprocess.run([sys.executable, "-c", PEAK, sys.executable, "-m", "flows.cli", "review", str(BADINPUTS),
                          "-c", str(CAPACITY), "-o", str(out)], capture_output=True, text=True, cwd=ROOT, timeout=60 * len(EXPECT))
    elapsed = time.monotonic() - start
    assert "Traceback" not in run.stderr and "internal" not in run.stderr, run.stderr[-3000:]
    assert run.returncode == 1  # some inputs are refused, and say so
    ended = {}
    lines = [x for x in run.stderr.splitlines() if x.strip()]
    for line in lines:
        if line.startswith("candor: error: "):
            code, rest = line[len("candor: error: "):].split(": ", 1)
            name = rest.split(": ", 1)[0].rsplit("/", 1)[-1]
            ended[name] = code
        else:  # nothing else on stderr but warnings and the peak figure
            assert line.startswith(("candor: warning: ", "peak_kib ")) or re.match(r"\[\d+/\d+\] ", line), line
    for folder in (p for p in out.iterdir() if p.is_dir()):  # beside the package files
        assert {"commitments.json", "findings.json", "redline.docx", "report.html"} <= {p.name for p in folder.iterdir()}
        assert folder.name not in ended
        ended[folder.name] = TEXT
    assert ended.pop("MANIFEST.tsv") == TEXT  # the folder's manifest is a text file too, and is read as one
    assert sorted(ended) == sorted(EXPECT), "every input ends one way or the other"
    wrong = {n: (e, EXPECT[n]) for n, e in ended.items() if e not in EXPECT[n]}
    assert not wrong, wrong
    peak_kib = int(lines[-1].split()[1])
    assert peak_kib < 1024 * 1024, f"peak {peak_kib / 1024:.0f} MiB"
    assert elapsed < 60 * len(EXPECT)


@pytest.fixture(scope="module")
def review_one():
    from checks.profile import load_profile
    from flows.extract_cmd import load_extractor
    from pipeline.review import Source, review

    profile, extract = load_profile(CAPACITY), load_extractor(baseline=False)
    return lambda name: review([Source((BADINPUTS / name).read_bytes(), f"test://{name}", name)], profile,
                               lambda doc: extract(doc), Limits())[0]


@pytest.mark.parametrize("name", sorted(EXPECT))
def test_each_bad_input_reviewed_within_60_s(review_one, name):
    """The same stages one document at a time, timed: the limits hold per document."""
    start = time.monotonic()
    outcome = review_one(name)
    elapsed = time.monotonic() - start
    ended = TEXT if outcome.ok else outcome.error.code.value
    assert ended in EXPECT[name], (ended, outcome.error)
    assert outcome.ok == bool(outcome.files)
    if not outcome.ok:
        assert isinstance(outcome.error, CandorError) and "\n" not in outcome.error.message
    assert elapsed < 60
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss < 1024 * 1024
