"""The `candor` command as a user runs it."""

import json
import os
import subprocess
import sys

import pytest
from typer.main import get_command

from flows.cli import app
from tests.conftest import BADINPUTS, CORPUS, ROOT


def candor(*args: str, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "flows.cli", *args],
        capture_output=True, text=True, cwd=ROOT, timeout=120, env={**os.environ, **(env or {})},
    )


def commands() -> list[str]:
    return sorted(get_command(app).commands)


@pytest.mark.parametrize("args", [["--help"]] + [[c, "--help"] for c in commands()])
def test_every_command_has_help(args):
    run = candor(*args)
    assert run.returncode == 0 and "Usage:" in run.stdout


def test_readme_documents_every_command():
    readme = (ROOT / "README.md").read_text()
    for command in commands():
        assert f"candor {command}" in readme, f"README does not show `candor {command}`"


def test_parse_prints_the_document_as_json():
    run = candor("parse", str(CORPUS / "software_dev_qasp_aql.pdf"))
    assert run.returncode == 0, run.stderr
    doc = json.loads(run.stdout)
    assert doc["source"]["media_type"] == "application/pdf" and len(doc["source"]["sha256"]) == 64
    assert doc["source"]["page_count"] == 1
    first = doc["blocks"][0]
    assert {"text", "kind", "span", "loc"} <= first.keys() and first["loc"]["page"] == 1
    assert any(b["kind"] == "table_row" and b["cells"][1] == "Software Design" for b in doc["blocks"])


def test_missing_file_is_not_found():
    run = candor("parse", "no/such/file.pdf")
    assert run.returncode == 1
    assert run.stderr.strip() == "candor: error: not_found: no/such/file.pdf: no such file"


def test_limits_come_from_settings():
    run = candor("parse", str(CORPUS / "software_dev_qasp_aql.pdf"), env={"CANDOR_MAX_BYTES": "1000"})
    assert run.returncode == 1 and run.stderr.startswith("candor: error: too_large: ")


def test_out_writes_each_document_once_and_a_rerun_changes_nothing(tmp_path):
    src = tmp_path / "in"
    src.mkdir()
    for name in ("accordproject_sla_schedule.txt", "commonpaper_sla_v2.md"):
        (src / name).write_bytes((CORPUS / name).read_bytes())
    (src / "broken.pdf").write_bytes(b"%PDF-1.4 nothing else")
    before = {p.name: p.read_bytes() for p in src.iterdir()}
    out = tmp_path / "out"
    first = candor("parse", str(src), "--out", str(out))
    assert first.returncode == 1  # one input failed; the others were still written
    assert "candor: error: corrupt: " in first.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["accordproject_sla_schedule.txt/document.json", "commonpaper_sla_v2.md/document.json"]
    stamps = {p: p.stat().st_mtime_ns for p in out.rglob("document.json")}
    candor("parse", str(src), "--out", str(out))
    assert {p: p.stat().st_mtime_ns for p in out.rglob("document.json")} == stamps
    assert {p.name: p.read_bytes() for p in src.iterdir()} == before  # originals untouched


def test_summary_lists_every_input():
    run = candor("parse", str(CORPUS / "commonpaper_sla_v2.md"), str(CORPUS / "software_dev_qasp_aql.pdf"), "--summary")
    assert run.returncode == 0, run.stderr
    assert "commonpaper_sla_v2.md" in run.stdout and "software_dev_qasp_aql.pdf" in run.stdout


def test_several_inputs_need_out_or_summary():
    run = candor("parse", str(CORPUS / "commonpaper_sla_v2.md"), str(CORPUS / "software_dev_qasp_aql.pdf"))
    assert run.returncode == 2 and "--out" in run.stderr


def test_extract_reports_a_bad_input_and_writes_the_rest(tmp_path):
    bad = tmp_path / "locked.pdf"
    bad.write_bytes((BADINPUTS / "pm_enc_rc4_40.pdf").read_bytes())
    good = CORPUS / "commonpaper_sla_v2.md"
    run = candor("extract", str(bad), str(good), "--out", str(tmp_path / "out"))
    assert run.returncode == 1
    assert run.stderr.strip().splitlines()[-1].startswith("candor: error: encrypted: ")
    items = json.loads((tmp_path / "out" / "commonpaper_sla_v2.md" / "commitments.json").read_text())["commitments"]
    assert items and all({"text", "kind", "obligor", "span"} <= i.keys() for i in items)
    assert not (tmp_path / "out" / "locked.pdf").exists()


def test_extract_says_which_pages_it_could_not_read(tmp_path):
    qasp = ROOT / "data" / "extra" / "docs" / "usda_fas_infrastructure_qasp.pdf"  # KPI tables scanned
    run = candor("extract", str(qasp), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    assert "candor: warning: usda_fas_infrastructure_qasp.pdf: skipped: pages 9-10, 12-14 are mostly a picture" in run.stderr
    assert (tmp_path / "out" / qasp.name / "commitments.json").is_file()
    run = candor("review", str(qasp), "--capacity", str(ROOT / "examples" / "capacity.yaml"), "--out", str(tmp_path / "rv"))
    assert run.returncode == 0, run.stderr
    assert "candor: warning: usda_fas_infrastructure_qasp.pdf: skipped: pages 9-10, 12-14 are mostly a picture" in run.stderr


def test_review_writes_commitments_and_findings(tmp_path):
    doc = tmp_path / "sla.txt"
    text = ("The Contractor shall ensure the system is available 99.99% of the time each month.\n"
            "The Contractor shall hold regular meetings with all stakeholders.\n")
    doc.write_text(text)
    at = text.index("99.99%")
    run = candor("review", str(doc), "--capacity", str(ROOT / "examples" / "capacity.yaml"), "--out", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    found = json.loads((tmp_path / "out" / "sla.txt" / "findings.json").read_text())["findings"]
    assert json.loads((tmp_path / "out" / "sla.txt" / "commitments.json").read_text())["commitments"]
    by_check = {f["check"]: f for f in found}
    assert by_check["availability_above_capacity"]["numbers"]["asked_downtime_minutes"] == 4.32
    assert by_check["availability_above_capacity"]["suggestion"] == {
        "kind": "replace", "text": "99.5%", "replaces": "99.99%", "span": [at, at + 6]}
    assert "vague_words" in by_check and "high" in run.stdout
    # issue 17: the run ends by saying where the outputs are
    assert run.stdout.strip().splitlines()[-1].endswith(f"{tmp_path / 'out' / 'sla.txt'}/")


@pytest.mark.parametrize(
    "profile, message",
    [
        ("provider: X\nsupport: {hours_per_week: 200}\n", "support.hours_per_week"),
        ("provider: X\nresponse_time: {severity_1: soon}\n", 'response_time.severity_1: "soon" is not a duration'),
        ("provider: X\nsupprt: {}\n", "supprt"),
        ("provider: [unclosed\n", "capacity.yaml"),
    ],
)
def test_review_refuses_a_bad_profile_before_reading_anything(tmp_path, profile, message):
    (tmp_path / "capacity.yaml").write_text(profile)
    run = candor("review", str(CORPUS / "commonpaper_sla_v2.md"), "--capacity", str(tmp_path / "capacity.yaml"),
                 "--out", str(tmp_path / "out"))
    assert run.returncode == 1 and run.stderr.startswith("candor: error: invalid_profile: ") and message in run.stderr
    assert not (tmp_path / "out").exists()


def test_review_checks_a_draft_against_the_rfp_it_is_paired_with(tmp_path):
    rfp = tmp_path / "rfp.md"
    rfp.write_text("# Request for Proposal\n\nOfferors shall submit proposals by May 1. Each offeror must be registered.\n\n"
                   "The Contractor shall ensure the portal is available 99.9% of the time each month.\n")
    draft = tmp_path / "draft.md"
    draft.write_text("# Services Agreement\n\nThe Supplier shall ensure the portal is available 99.5% of the time each month.\n")
    run = candor("review", str(draft), "--rfp", str(rfp), "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", str(tmp_path / "out"))
    assert run.returncode == 0, run.stderr
    found = json.loads((tmp_path / "out" / "draft.md" / "findings.json").read_text())["findings"]
    differs = [f for f in found if f["check"] == "draft_differs_from_rfp"]
    assert len(differs) == 1 and differs[0]["numbers"] == {"rfp": "99.9%", "draft": "99.5%"}
    assert differs[0]["suggestion"]["replaces"] == "99.5%" and differs[0]["suggestion"]["text"] == "99.9%"
    rfp_found = json.loads((tmp_path / "out" / "rfp.md" / "findings.json").read_text())["findings"]
    assert {f["suggestion"]["kind"] for f in rfp_found} == {"question"}


def test_error_lines_show_control_characters_escaped(tmp_path):
    """A file name is a stranger's text: an escape sequence or newline in it is shown, not obeyed."""
    evil = tmp_path / "a\x1b[2Jb\nc.pdf"
    evil.write_bytes(b"%PDF-1.4 not really")
    run = candor("review", str(tmp_path), "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", str(tmp_path / "out"))
    assert run.returncode == 1
    assert "\x1b" not in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1, run.stderr
    from flows.app import printable

    # S3 keys are shown as they are, so the escaping is what keeps them harmless
    assert printable("s3://b/a\x1b[2Jb\nc.pdf: ok") == "s3://b/a\\x1b[2Jb\\nc.pdf: ok"
