"""`candor eval --findings` scores as ../shared/eval/score_findings.py does: both run on
the same expected rows and findings and must agree on every figure."""

import csv
import json
import subprocess
import sys

from evaluation.findings import load_expected, score
from tests.conftest import SHARED

ROWS = [
    {"doc": "a.md", "type": "unrealistic", "metric": "availability", "quote": "Availability shall be 99.99% each month",
     "why": "99.99% allows 4.3 minutes; we commit to 99.5%"},
    {"doc": "a.md", "type": "vague", "metric": "", "quote": "The Provider shall respond promptly to all requests",
     "why": "promptly: no deadline"},
    {"doc": "a.md", "type": "one_sided", "metric": "response_time", "quote": "respond to Severity 1 within 1 hour",
     "why": "no way to report incidents"},
    {"doc": "b.md", "type": "inconsistent", "metric": "resolution_time", "quote": "resolve P1 incidents within 4 hours",
     "why": "section 7 says 8 hours"},
    {"doc": "b.md", "type": "silent", "metric": "", "quote": "Report every ____ days", "why": "a blank"},
]


def finding(kind, text, metric=None, rationale=""):
    return {"type": kind, "rationale": rationale, "commitments": [{"text": text, "metric": metric}]}


FINDINGS = {
    "a.md": [
        finding("unrealistic", "Availability shall be 99.99% each month.", "availability"),  # matches
        finding("unrealistic", "Availability shall be 99.99% each month.", "response_time"),  # wrong metric
        finding("vague", "The Provider shall respond promptly to all requests.", None, 'Says "promptly": no bound'),  # matches
        finding("vague", "The Provider shall respond promptly to all requests.", None, 'Says "regularly"'),  # wrong word
        finding("one_sided", "The Provider shall respond to Severity 1 within 1 hour.", "response_time"),  # matches
    ],
    "b.md": [
        finding("inconsistent", "The Provider shall resolve P1 incidents within 4 hours.", "resolution_time"),  # matches
        finding("silent", "Something else entirely about invoices and payment.", None),  # no row
    ],
    "c.md": [finding("vague", "not scored: no rows name c.md", None)],
}


def test_our_scorer_agrees_with_the_shared_one(tmp_path):
    tsv = tmp_path / "expected.tsv"
    with open(tsv, "w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=["doc", "type", "metric", "quote", "why"], delimiter="\t")
        w.writeheader()
        w.writerows(ROWS)
    for doc, fs in FINDINGS.items():
        (tmp_path / "review" / doc).mkdir(parents=True)
        (tmp_path / "review" / doc / "findings.json").write_text(json.dumps({"findings": fs}))
    theirs = json.loads(subprocess.run([sys.executable, str(SHARED / "eval" / "score_findings.py"), str(tsv),
                                        str(tmp_path / "review"), "--json"], capture_output=True, text=True, check=True).stdout)
    ours = score(load_expected(tsv), FINDINGS)
    for key in ("precision", "recall", "raised", "matching", "expected", "found", "per_doc", "missed"):
        assert ours[key] == theirs[key], key
    assert (ours["matching"], ours["raised"], ours["found"], ours["expected"]) == (4, 7, 4, 5)
    assert ours["per_type"]["unrealistic"] == {"raised": 2, "matching": 1, "expected": 1, "found": 1,
                                                "precision": 0.5, "recall": 1.0}
    assert ours["per_type"]["silent"]["precision"] == 0.0 and ours["per_type"]["silent"]["recall"] == 0.0


def test_candor_eval_findings_reviews_each_document_and_scores_per_type(tmp_path):
    from tests.test_cli import ROOT, candor

    tsv = tmp_path / "expected.tsv"
    tsv.write_text("doc\ttype\tmetric\tquote\twhy\n"
                   "accordproject_sla_schedule.txt\tunrealistic\tavailability\tPriority 1\t99.8% asked, 99.5% at most\n")
    result = candor("eval", "--findings", str(tsv), "--docs", str(tmp_path), "--docs", str(ROOT / "examples"),
                    "--out", str(tmp_path / "out"))
    assert result.returncode == 0, result.stderr
    scores = json.loads((tmp_path / "out" / "findings-scores.json").read_text())
    raised = json.loads((tmp_path / "out" / "accordproject_sla_schedule.txt" / "findings.json").read_text())["findings"]
    assert scores["raised"] == len(raised) > 0
    assert scores["per_type"]["unrealistic"]["found"] == 1 and scores["recall"] == 1.0
    assert "| unrealistic |" in result.stdout


def test_a_document_that_cannot_be_read_fails_typed_and_the_rest_is_scored(tmp_path):
    from tests.test_cli import ROOT, candor

    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    tsv = tmp_path / "expected.tsv"
    tsv.write_text("doc\ttype\tmetric\tquote\twhy\n"
                   "accordproject_sla_schedule.txt\tunrealistic\tavailability\tPriority 1\t99.8% asked\n"
                   "broken.pdf\tvague\t\tanything at all here\tunreadable\n")
    result = candor("eval", "--findings", str(tsv), "--docs", str(tmp_path), "--docs", str(ROOT / "examples"))
    assert result.returncode == 1 and "candor: error: corrupt:" in result.stderr and "broken.pdf" in result.stderr
    assert "Traceback" not in result.stderr and "| unrealistic |" in result.stdout
