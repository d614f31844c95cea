"""The Word rendition of a PDF with a table: clauses inserted after a table row go after
the table, never into a narrow cell, and the table is laid out to fit the page's width."""

import io
import zipfile

import docx
from lxml import etree

from extractors.parse import parse_bytes
from redline.rendition import CELL_MARGIN, build_rendition, column_widths, rendition_docx_result
from schemas import BlockKind, Commitment, Finding, FindingType, Kind, Obligor, Severity, Suggestion, SuggestionKind
from tests.pdfgen import Page, build

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
ROWS = [
    ["No.", "Service", "Standard"],
    ["1", "Availability", "The system is available 99.9% of each month, measured at the gateway"],
    ["2", "Response", "Severity 1 calls are answered within 15 minutes of the call"],
]


def table_pdf(page: Page) -> bytes:
    page.text(72, 40, "Performance Requirements Summary", bold=True)
    xs, ys = [70, 110, 200, page.width - 52], [60, 80, 100, 120]
    page.grid(xs, ys)
    for r, row in enumerate(ROWS):
        for c, cell in enumerate(row):
            page.text(xs[c] + 4, ys[r] + 4, cell, size=7)
    page.text(72, 160, "The Contractor shall report monthly.")
    return build([page])


def rendition(page: Page | None = None):
    doc = parse_bytes(table_pdf(page or Page()), "t://d.pdf", "d.pdf")
    rows = [b for b in doc.blocks if b.kind is BlockKind.table_row]
    assert [b.cells for b in rows] == ROWS
    return doc, rows


def insert(doc, row, fid: str, text: str) -> Finding:
    c = Commitment(doc="d", text=row.text, kind=Kind.service_level, obligor=Obligor.provider, span=row.span, block=row.index)
    return Finding(id=fid, type=FindingType.one_sided, severity=Severity.medium, check="c", doc="d.pdf", commitments=[c],
                   rationale=f"why {fid}", suggestion=Suggestion(kind=SuggestionKind.insert, text=text))


def body(data: bytes) -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read("word/document.xml")).find(W + "body")


def text_of(el) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t"))


def test_clauses_inserted_after_table_rows_go_after_the_table():
    doc, rows = rendition()
    fs = [insert(doc, rows[1], "a", "Planned maintenance is excluded."), insert(doc, rows[2], "b", "Calls out of hours count from 8 am.")]
    result = rendition_docx_result(doc, fs)
    assert (result.changes, result.comments, result.warnings) == (2, 2, [])
    root = body(result.data)
    (tbl,) = root.findall(W + "tbl")
    assert all(len(tc.findall(W + "p")) == 1 for tc in tbl.iter(W + "tc"))  # no cell grew a paragraph
    assert "excluded" not in text_of(tbl) and "out of hours" not in text_of(tbl)
    first, second = tbl.getnext(), tbl.getnext().getnext()
    assert [text_of(first), text_of(second)] == [f.suggestion.text for f in fs]  # in finding order
    for p in (first, second):
        assert p.tag == W + "p" and p.find(f"{W}ins").get(W + "author") == "Candor"
        assert p.find(f"{W}pPr/{W}rPr/{W}ins") is not None  # the paragraph mark is inserted too
        assert p.find(f".//{W}rPr/{W}sz") is None  # body text, not the cells' small print
    # The comments stay on the rows' words.
    starts = {e.get(W + "id"): e for e in root.iter(W + "commentRangeStart")}
    assert len(starts) == 2 and all(next(s.iterancestors(W + "tbl"), None) is tbl for s in starts.values())
    again = parse_bytes(result.data, "t://d.docx", "d.docx")
    after = next(i for i, b in enumerate(again.blocks) if b.text == ROWS[-1][0] + " | " + " | ".join(ROWS[-1][1:]))
    assert [b.text for b in again.blocks[after + 1 : after + 3]] == [f.suggestion.text for f in fs]


def test_table_is_fixed_to_the_page_width_with_columns_by_their_text():
    doc, _ = rendition()
    data, _ = build_rendition(doc)
    root = body(data)
    (tbl,) = root.findall(W + "tbl")
    section = docx.Document(io.BytesIO(data)).sections[0]
    width = (section.page_width - section.left_margin - section.right_margin) // 635
    assert tbl.find(f"{W}tblPr/{W}tblLayout").get(W + "type") == "fixed"
    tbl_w = tbl.find(f"{W}tblPr/{W}tblW")
    assert (tbl_w.get(W + "type"), int(tbl_w.get(W + "w"))) == ("dxa", width)
    grid = [int(g.get(W + "w")) for g in tbl.iter(W + "gridCol")]
    assert sum(grid) == width and grid[2] > grid[1] > grid[0]  # the long clauses get the room
    for tr in tbl.iter(W + "tr"):
        assert [int(tc.find(f"{W}tcPr/{W}tcW").get(W + "w")) for tc in tr.iter(W + "tc")] == grid
    margins = {etree.QName(m).localname: int(m.get(W + "w")) for m in tbl.find(f"{W}tblPr/{W}tblCellMar")}
    assert margins == {"top": 0, "left": CELL_MARGIN, "bottom": 0, "right": CELL_MARGIN} and CELL_MARGIN <= 60
    for p in tbl.iter(W + "p"):
        spacing = p.find(f"{W}pPr/{W}spacing")
        assert (spacing.get(W + "before"), spacing.get(W + "after")) == ("0", "0") and text_of(p)
    assert not root.find(W + "sectPr").find(W + "pgSz").get(W + "orient")  # an upright PDF: an upright rendition


def test_a_landscape_pdf_gives_a_landscape_rendition():
    doc, _ = rendition(Page(width=792, height=612))
    portrait, _ = build_rendition(rendition()[0])
    data, _ = build_rendition(doc)
    size = body(data).find(W + "sectPr").find(W + "pgSz")
    assert size.get(W + "orient") == "landscape" and int(size.get(W + "w")) > int(size.get(W + "h"))
    wide, narrow = (int(body(d).find(f".//{W}tblW").get(W + "w")) for d in (data, portrait))
    assert wide > narrow


def test_column_widths():
    rows = [["1", "Availability", "x " * 200], ["2", "Response", "y " * 50]]
    widths = column_widths(rows, 9000)
    assert sum(widths) == 9000 and widths[2] > widths[1] > widths[0]
    assert widths[1] >= len("Availability") * 100  # room for the longest word
    assert column_widths([["a", "b"]], 1000) == [500, 500]
    assert sum(column_widths([["Supercalifragilistic"] * 12], 6000)) == 6000  # long words everywhere: equal shares
