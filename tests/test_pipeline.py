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

    monkeypatch.setattr(docx_redline, "redline_docx_result", broken)
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


@pytest.mark.parametrize("module, writer, lost", [
    ("redline.matrix", "matrix_xlsx", {"matrix.xlsx"}),
    ("redline.report", "report_html", {"report.html"}),
    ("redline.rendition", "rendition_docx_result", {"redline.docx"}),
])
def test_a_writer_that_fails_costs_only_its_own_file(extract, monkeypatch, module, writer, lost):
    """Issue 14: one writer's exception once cost the whole document, JSON included."""
    import importlib

    def broken(*_, **__):
        raise ValueError("All strings must be XML compatible")

    monkeypatch.setattr(importlib.import_module(module), writer, broken)
    profile = load_profile(ROOT / "examples" / "capacity.yaml")
    name = "commonpaper_sla_v2.md"
    [outcome] = review([Source((CORPUS / name).read_bytes(), f"test://{name}", name)], profile, extract, Limits(),
                       isolate=False)
    assert outcome.ok
    every = {"commitments.json", "findings.json", "redline.docx", "matrix.xlsx", "matrix.csv", "report.html"}
    assert set(outcome.files) == every - lost
    assert len(outcome.notes) == 1 and "XML compatible" in outcome.notes[0] and next(iter(lost)) in outcome.notes[0]


def test_writers_killed_for_time_still_leave_the_json(extract, monkeypatch):
    """The writing child ran out its clock: the redline, matrix and report are lost, said
    in a note; commitments.json and findings.json are written all the same."""
    import time

    import pipeline.review as stages

    def busy(*_):  # works (uses CPU) past the clock, so it is killed, not retried as stuck
        end = time.monotonic() + 30
        while time.monotonic() < end:
            pass

    monkeypatch.setattr(stages, "render", busy)
    profile = load_profile(ROOT / "examples" / "capacity.yaml")
    name = "commonpaper_sla_v2.md"
    source = Source((CORPUS / name).read_bytes(), f"test://{name}", name)
    [outcome] = review([source], profile, extract, Limits(timeout_s=3, review_timeout_s=120), isolate=True)
    assert outcome.ok, outcome.error
    assert set(outcome.files) == {"commitments.json", "findings.json"}
    assert outcome.notes and "CANDOR_PARSE_TIMEOUT_S" in outcome.notes[0]
    assert b"Provider" in outcome.files["commitments.json"]
