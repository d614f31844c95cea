"""Document text that the outputs must store as it is, and never run (issue 14): formula
starts in the compliance matrix, and characters that XML 1.0 (Word, Excel) refuses."""

import csv
import io
import unicodedata
import zipfile

import docx
import openpyxl
import pytest
from docx.oxml.ns import qn
from lxml import etree
from pypdf import PdfReader

from checks.profile import load_profile
from extractors.commitments.baseline import Baseline
from redline.matrix import COLUMNS, HEADERS, OK, matrix_csv, matrix_xlsx
from schemas import Limits
from tests.conftest import ROOT
from tests.pdfgen import Page, build

# -- formulas ----------------------------------------------------------------------------

# Cells a spreadsheet app would run: OWASP's starts (= + - @ tab CR), and the same after
# what apps skip on import (spaces, controls, quotes) or in a full-width or other
# compatibility form.
FORMULAS = [
    "=1+1",
    "+1+1",
    "-1+1",
    '-1+HYPERLINK("http://x")',
    '-2+3+N("x")',
    "@SUM(A1)",
    "\t=1",
    "\r=1",
    "\n=1",
    "\tplain",  # OWASP: a leading tab or CR is prefixed whatever follows
    "\rplain",
    "=cmd|' /C calc'!A0",
    '"=1"',
    '"-1+1"',
    " =1+1",
    "  -1+HYPERLINK(\"http://x\")",
    "\u00a0=1+1",  # no-break space
    "\u3000=1+1",  # ideographic space
    "\u200b=1+1",  # zero-width space
    "\uff1d1+1",  # full-width =
    "\uff0b1+1",  # full-width +
    "\uff0d1+1",  # full-width -
    "\uff20SUM(A1)",  # full-width @
    "\ufe661+1",  # small =
    "-5 days",  # Excel reads it as the formula =-5 days (#NAME?)
    "-1",
]
HARMLESS = [
    "The Provider shall respond to Severity 1 incidents within 15 minutes.",
    "99.9%",
    "1-2 business days",
    "A = B",
    "e-mail",
    "'quoted",
    "",
]


def starts_formula(text: str) -> bool:
    """Would a spreadsheet app read `text` as a formula: the test's own reading of the rule.
    (A leading apostrophe is what keeps a cell text, so it is not skipped.)"""
    if text[:1] in ("\t", "\r", "\n"):
        return True
    for ch in text:
        if ch.isspace() or unicodedata.category(ch) in ("Cc", "Cf") or ch == '"':
            continue
        return unicodedata.normalize("NFKC", ch)[:1] in "=+-@"
    return False


def stored(text: str) -> str:
    """A line break as both matrices store it: LF, as XML reads a CR back."""
    return text.replace("\r\n", "\n").replace("\r", "\n")


HEADERS_KEY = {header: k for k, header in HEADERS.items()}


def rows_with(text: str) -> list[dict]:
    """One matrix row with `text` in every text column, and a page number."""
    row = {k: text for k in COLUMNS} | {"page": 7, "verdict": OK}
    return [row]


def xlsx_cells(data: bytes) -> list:
    ws = openpyxl.load_workbook(io.BytesIO(data))["Commitments"]
    return [cell for row in ws.iter_rows(min_row=2) for cell in row]


def sheet_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read("xl/worksheets/sheet1.xml")


def test_the_payloads_start_formulas():
    """The table itself: each payload is a formula start by the rule, each harmless text not."""
    assert all(starts_formula(p) for p in FORMULAS)
    assert not any(starts_formula(t) for t in HARMLESS)


@pytest.mark.parametrize("payload", FORMULAS)
def test_a_formula_in_document_text_stays_text_in_both_matrices(payload):
    rows = rows_with(payload)
    text_keys = [k for k in COLUMNS if k not in ("page", "verdict")]
    read = {k: v for k, v in zip(COLUMNS, list(csv.reader(io.StringIO(matrix_csv(rows))))[1])}
    for k in text_keys:
        assert read[k] == "'" + stored(payload)  # the apostrophe keeps it text; nothing else changes
        assert not starts_formula(read[k])
    data = matrix_xlsx(rows)
    assert b"<f>" not in sheet_xml(data) and b"<f " not in sheet_xml(data)
    cells = xlsx_cells(data)
    assert all(c.data_type != "f" for c in cells)
    for k in text_keys:  # the same text as the CSV
        cell = cells[list(COLUMNS).index(k)]
        assert cell.data_type == "s" and cell.value == read[k]
        assert not starts_formula(cell.value)


@pytest.mark.parametrize("text", ["Severity 1\r=1+1", "a\r\n=1+1", "a\n@SUM(A1)", "a\r-1+HYPERLINK(\"http://x\")"])
def test_a_line_break_in_a_cell_never_starts_a_row(text):
    """A bare CR is a line end to a CSV reader: unquoted, it would put "=1+1" first in a
    row of its own."""
    read = list(csv.reader(io.StringIO(matrix_csv(rows_with(text)), newline="")))
    assert len(read) == 2 and len(read[1]) == len(COLUMNS)
    assert read[1][list(COLUMNS).index("text")] == stored(text)
    assert not any(starts_formula(v) for row in read for v in row)


@pytest.mark.parametrize("text", HARMLESS)
def test_plain_text_and_numbers_are_left_alone(text):
    rows = rows_with(text)
    read = {HEADERS_KEY[h]: v for h, v in list(csv.DictReader(io.StringIO(matrix_csv(rows))))[0].items()}
    assert read["text"] == text and read["response"] == text
    assert read["page"] == "7"
    cells = xlsx_cells(matrix_xlsx(rows))
    page = cells[list(COLUMNS).index("page")]
    assert page.data_type == "n" and page.value == 7  # a real number stays a number
    assert cells[list(COLUMNS).index("text")].value == (text or None)


# -- characters XML 1.0 refuses ----------------------------------------------------------

SENTENCE = "The Provider shall respond to{} Severity 1 incidents within 15 minutes."
BEFORE, AFTER = "The Provider shall respond to", "Severity 1 incidents within 15 minutes"


def txt(bad: str) -> tuple[str, bytes]:
    return "sla.txt", ("Service levels\n\n" + SENTENCE.format(bad) + "\n").encode()


def md(bad: str) -> tuple[str, bytes]:
    return "sla.md", ("# Service levels\n\n1. " + SENTENCE.format(bad) + "\n").encode()


def pdf(bad: str) -> tuple[str, bytes]:
    """The bad character as byte 1 of the fonts, named by its glyph (uniXXXX)."""
    if not bad:
        return "sla.pdf", build([Page().text(72, 72, "Service levels", bold=True).text(72, 100, SENTENCE.format(""))])
    glyphs = {1: f"uni{ord(bad):04X}"}
    page = Page().text(72, 72, "Service levels", bold=True).text(72, 100, SENTENCE.format("\x01"))
    return "sla.pdf", build([page], glyphs)


def docx_file(bad: str) -> tuple[str, bytes]:
    """python-docx and XML refuse the character itself; a w:sym names it by its code."""
    d = docx.Document()
    d.add_paragraph("Service levels")
    p = d.add_paragraph(SENTENCE.format("").split(" Severity")[0])
    if bad:
        sym = etree.SubElement(p.add_run()._r, qn("w:sym"))
        sym.set(qn("w:font"), "Symbol")
        sym.set(qn("w:char"), f"{ord(bad):04X}")
    p.add_run(" Severity" + SENTENCE.split(" Severity")[1])
    out = io.BytesIO()
    d.save(out)
    return "sla.docx", out.getvalue()


CASES = [
    (txt, "\x1b"), (txt, "\x07"), (txt, "\ufffe"), (txt, "\uffff"),
    (md, "\x1b"), (md, "\ufffe"), (md, "\uffff"),
    (pdf, "\x1b"), (pdf, "\x07"), (pdf, "\uffff"), (pdf, "\ud800"),
    (docx_file, "\ufffe"), (docx_file, "\uffff"),
]


@pytest.fixture(scope="module")
def run_review():
    from pipeline.review import Source, review  # here: the formula tests need no pipeline

    profile = load_profile(ROOT / "examples" / "capacity.yaml")

    def run(make, bad):
        name, data = make(bad)
        [outcome] = review([Source(data, f"test://{name}", name)], profile, Baseline().extract, Limits(), isolate=False)
        return outcome

    return run


def word_paragraphs(data: bytes) -> list[etree._Element]:
    return list(docx.Document(io.BytesIO(data)).element.body.iter(qn("w:p")))


def para_text(p: etree._Element) -> str:
    return "".join(t.text or "" for t in p.iter(qn("w:t"), qn("w:delText")))


def commented(data: bytes) -> list[str]:
    """The text of each paragraph a comment starts in."""
    return [para_text(p) for p in word_paragraphs(data) for _ in p.iter(qn("w:commentRangeStart"))]


def highlights(data: bytes) -> int:
    reader = PdfReader(io.BytesIO(data))
    return sum(a.get_object()["/Subtype"] == "/Highlight" for page in reader.pages for a in page.get("/Annots", []))


@pytest.mark.parametrize("make, bad", CASES, ids=lambda v: getattr(v, "__name__", None) or f"U+{ord(v):04X}")
def test_a_character_xml_refuses_costs_no_output(run_review, make, bad):
    clean, dirty = run_review(make, ""), run_review(make, bad)
    assert clean.ok and clean.findings, "the clean document must give findings, or the test checks nothing"
    assert dirty.ok, dirty.error
    assert set(dirty.files) == set(clean.files) and not dirty.notes
    assert len(dirty.commitments) == len(clean.commitments) and len(dirty.findings) == len(clean.findings)
    files = dirty.files

    # Word opens the redline; the sentence is there whole, and the comments sit on it as
    # they do on the clean document's.
    paragraphs = [para_text(p) for p in word_paragraphs(files["redline.docx"])]
    assert any(BEFORE in t and AFTER in t for t in paragraphs)
    assert len(commented(files["redline.docx"])) == len(commented(clean.files["redline.docx"]))
    assert all(BEFORE in t for t in commented(files["redline.docx"]))

    # Excel opens the matrix; its text and the CSV's are the same, the bad character a U+FFFD.
    ws = openpyxl.load_workbook(io.BytesIO(files["matrix.xlsx"]))["Commitments"]
    sheet = [[c.value or "" for c in row] for row in ws.iter_rows(min_row=2)]
    table = [list(r.values()) for r in csv.DictReader(io.StringIO(files["matrix.csv"].decode("utf-8-sig")))]
    assert [[str(v) for v in r] for r in sheet] == table
    cells = [v for row in sheet for v in row if isinstance(v, str)]
    assert any(BEFORE + "\ufffd Severity" in v and AFTER in v for v in cells)

    # The report is text a browser and an XML parser both accept.
    page = files["report.html"].decode()
    assert not any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\t\n\r" for ch in page)
    assert "\ufffe" not in page and "\uffff" not in page
    assert dirty.document.source.name in page

    if "annotated.pdf" in files:  # the same words highlighted as on the clean PDF
        assert highlights(files["annotated.pdf"]) == highlights(clean.files["annotated.pdf"]) > 0
        notes = [a.get_object()["/Contents"] for p in PdfReader(io.BytesIO(files["annotated.pdf"])).pages
                 for a in p["/Annots"] if a.get_object()["/Subtype"] == "/FreeText"]
        assert notes and not any(ch in n for n in notes for ch in "\x1b\x07\ufffe\uffff")
