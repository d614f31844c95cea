"""The shared stages: every output kind, and the same review gives the same bytes (so a
write-once S3 output can be retried or re-run without a conflict)."""

from datetime import datetime, timezone

import pytest

from checks.profile import load_profile
from flows.extract_cmd import load_extractor
from pipeline.review import Source, render, review
from schemas import Limits
from tests.conftest import CORPUS, ROOT


@pytest.fixture(scope="module")
def extract():
    run = load_extractor(baseline=False)
    return lambda doc: run(doc)


@pytest.mark.parametrize(
    "name, files",
    [
        ("software_dev_qasp_aql.pdf", {"annotated.pdf"}),
        ("commonpaper_csa_with_sla_orderform.docx", set()),
        ("commonpaper_sla_v2.md", set()),
    ],
)
def test_every_output_and_the_same_bytes_twice(extract, name, files):
    profile = load_profile(ROOT / "examples" / "capacity.yaml")
    data = (CORPUS / name).read_bytes()
    [outcome] = review([Source(data, f"test://{name}", name)], profile, extract, Limits(), isolate=False)
    assert outcome.ok
    expected = {"commitments.json", "findings.json", "redline.docx", "matrix.xlsx", "matrix.csv", "report.html"} | files
    assert set(outcome.files) == expected
    day = datetime(2026, 11, 23, tzinfo=timezone.utc)
    (first, _), (second, _) = render(outcome, day), render(outcome, day)
    assert first == second
    later, _ = render(outcome, datetime(2026, 11, 24, tzinfo=timezone.utc))
    assert later["findings.json"] == first["findings.json"] and later["redline.docx"] != first["redline.docx"]


def test_a_docx_the_writer_cannot_edit_gets_a_rendition_and_a_note(extract, monkeypatch):
    """An original the redline writer cannot reopen costs tracked changes, not the review."""
    import pipeline.review as stages
    from redline import docx_redline

    def broken(*_, **__):
        raise KeyError("word/document.xml")

    monkeypatch.setattr(docx_redline, "redline_docx", broken)
    profile = load_profile(ROOT / "examples" / "capacity.yaml")
    name = "commonpaper_csa_with_sla_orderform.docx"
    [outcome] = review([Source((CORPUS / name).read_bytes(), f"test://{name}", name)], profile, extract, Limits(),
                       isolate=False)
    assert outcome.ok and outcome.files["redline.docx"].startswith(b"PK")
    assert len(outcome.notes) == 1 and "rendition" in outcome.notes[0] and "KeyError" in outcome.notes[0]
    assert b'"notes"' in stages.source_record(outcome)


def test_the_output_folder_names_model_code_and_profile():
    import re

    from pipeline.review import output_version

    version = output_version(load_profile(ROOT / "examples" / "capacity.yaml"))
    assert re.fullmatch(r"model-[0-9a-f]{16}\.code-[0-9a-f]{8}\.profile-\S+", version), version
