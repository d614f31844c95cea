"""Issue 17: a folder reviewed as a bid package: one matrix over every document, laid out
as bid teams build them, a summary page linking each report, and outputs that say how
they were made."""

import csv
import io
import json
import re

import openpyxl
import pytest

from redline.matrix import CLIENT, COMPLIANCE, HEADERS, NOT_CHECKED, OK, package_rows
from schemas import TITLES
from tests.conftest import ROOT
from tests.test_cli import candor

SLA = """# Service Level Agreement

## 1. Availability

1.1 The Supplier shall ensure the portal is available 99.99% of the time each month.

1.2 The Supplier shall respond to Severity 1 incidents within 4 hours.

## 2. Duties

2.1 The Customer shall notify the Supplier of incidents by e-mail.

2.2 The Supplier shall hold regular meetings with all stakeholders.
"""
SOW = """# Statement of Work

The Contractor shall deliver the monthly status report within 5 business days of month end.
The Contractor shall provide help desk support 24 hours a day, 7 days a week.
The Contractor shall keep an inventory of all equipment it installs.
"""


@pytest.fixture(scope="module")
def package(tmp_path_factory):
    folder = tmp_path_factory.mktemp("bid")
    (folder / "in").mkdir()
    (folder / "in" / "sla.md").write_text(SLA)
    (folder / "in" / "sow.md").write_text(SOW)
    out = folder / "out"
    run = candor("review", str(folder / "in"), "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", str(out),
                 env={"CANDOR_REVIEW_DATE": "2026-12-07"})
    assert run.returncode == 0, run.stderr
    return out, run


def sheet(path):
    ws = openpyxl.load_workbook(path)["Commitments"]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_the_package_matrix_has_every_documents_rows_with_the_bid_team_columns(package):
    out, _ = package
    ws, table = sheet(out / "matrix.xlsx")
    assert table[0] == list(HEADERS.values())
    singles = [sheet(out / name / "matrix.xlsx")[1] for name in ("sla.md", "sow.md")]
    assert len(table) - 1 == sum(len(t) - 1 for t in singles) > 4
    col = {k: i for i, k in enumerate(HEADERS)}
    body = table[1:]
    assert {r[col["file"]] for r in body} == {"sla.md", "sow.md"}
    ids = [r[col["id"]] for r in body]
    assert len(set(ids)) == len(ids)  # unique across files
    # section-based where the document numbers its sections, and the same each run
    assert [i for i in ids if i.startswith("D1:")][:2] == ["D1:1.1-1", "D1:1.2-1"]
    assert all(re.fullmatch(r"D2:R\d+", i) for i in ids if i.startswith("D2:"))
    # words, not snake_case; the Owner, Compliance and proposal columns are there to fill in
    assert not any("_" in (r[col["type"]] or "") for r in body)
    assert all(r[col["owner"]] is None and r[col["compliance"]] is None and r[col["proposal"]] is None for r in body)
    def verdict(start):
        [v] = {r[col["verdict"]] for r in body if r[col["text"]].startswith(start)}
        return v

    assert verdict("2.1 The Customer shall notify") == CLIENT
    assert verdict("2.2 The Supplier shall hold") != OK
    assert verdict("The Contractor shall keep") == NOT_CHECKED  # no check held it against the profile
    [check] = ws.data_validations.dataValidation
    assert check.type == "list" and check.formula1 == '"' + ",".join(COMPLIANCE) + '"'
    assert str(check.sqref) == f"J2:J{len(table)}" and table[0][9] == "Compliance"
    assert ws.page_setup.orientation == "landscape" and ws.print_title_rows == "$1:$1"


def test_the_csv_starts_with_a_bom_and_has_the_workbooks_headers_and_text(package):
    out, _ = package
    data = (out / "matrix.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    _, table = sheet(out / "matrix.xlsx")
    assert rows == [["" if v is None else str(v) for v in r] for r in table]


def test_the_summary_links_each_documents_report_and_the_matrix(package):
    out, run = package
    page = (out / "report.html").read_text()
    for name in ("sla.md", "sow.md"):
        assert f"href='{name}/report.html'" in page and (out / name / "report.html").exists()
    assert "href='matrix.xlsx'" in page and "Northwind Services" in page
    # the CLI says where the package is, and a line per document as it goes
    assert f"Package: {out}/report.html" in run.stdout
    assert re.search(r"\[1/2\] sla\.md: \d+ commitments", run.stderr)


def test_every_output_states_mode_profile_date_and_version(package):
    out, _ = package
    review = json.loads((out / "sla.md" / "findings.json").read_text())["review"]
    assert review["Mode"].startswith("edits") and review["Date"] == "2026-12-07"
    assert "Northwind Services" in review["Profile"] and review["Version"].startswith("Candor ")
    about = dict(openpyxl.load_workbook(out / "sla.md" / "matrix.xlsx")["About"].values)
    assert about["Mode"] == review["Mode"] and about["Version"] == review["Version"]
    report = (out / "sla.md" / "report.html").read_text()
    assert review["Mode"] in report and review["Version"] in report


def test_reports_show_no_internal_names(package):
    out, _ = package
    found = json.loads((out / "sla.md" / "findings.json").read_text())
    checks = {f["check"] for f in found["findings"] + found["needs_look"]}
    assert checks  # something to show
    for name in ("sla.md", "sow.md"):
        text = (out / name / "report.html").read_text()
        assert not any(re.search(rf"\b{c}\b", text) for c in checks | set(TITLES))
        assert not re.search(r">[a-z]+_[a-z_]+<", text)


def test_package_rows_keep_ids_unique_whatever_the_order():
    row = {k: "" for k in HEADERS} | {"id": "1-1"}
    rows = package_rows([("b.md", [row]), ("a.md", [row, row | {"id": "1-2"}])])
    assert [r["id"] for r in rows] == ["D1:1-1", "D1:1-2", "D2:1-1"] and rows[2]["file"] == "b.md"


def test_the_word_and_pdf_files_say_how_they_were_made(tmp_path):
    """The redline of a DOCX and of a PDF (and the PDF's annotated copy) carry the same
    mode, profile, date and version as findings.json, in their properties; a rendition
    also under its title."""
    import docx
    from pypdf import PdfReader

    from tests.conftest import CORPUS

    out = tmp_path / "out"
    run = candor("review", str(CORPUS / "software_dev_qasp_aql.pdf"), str(CORPUS / "commonpaper_psa.docx"),
                 "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", str(out), env={"CANDOR_REVIEW_DATE": "2026-12-07"})
    assert run.returncode == 0, run.stderr
    for name in ("software_dev_qasp_aql.pdf", "commonpaper_psa.docx"):
        review = json.loads((out / name / "findings.json").read_text())["review"]
        word = docx.Document(str(out / name / "redline.docx"))
        said = word.core_properties.comments
        assert said.startswith("Reviewed by Candor: ") and review["Version"] in said and "2026-12-07" in said
        assert review["Mode"] in said
    rendition = docx.Document(str(out / "software_dev_qasp_aql.pdf" / "redline.docx"))
    assert rendition.paragraphs[1].text.startswith("A rendition made for review. Reviewed by Candor: ")
    subject = PdfReader(out / "software_dev_qasp_aql.pdf" / "annotated.pdf").metadata["/Subject"]
    assert subject.startswith("Reviewed by Candor: ") and "Northwind Services" in subject
