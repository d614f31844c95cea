"""The PDF reader on PDFs written for each case: tables, paragraphs, page breaks."""

from pathlib import Path

import pytest

from extractors.errors import Corrupt
from extractors.parse import parse_bytes, parse_path
from schemas import BlockKind
from tests.pdfgen import Page, build


def parse(*pages: Page):
    return parse_bytes(build(list(pages)), "test://doc.pdf", "doc.pdf")


def test_ruled_table_rows_keep_cells_together_in_column_order():
    page = Page().text(72, 40, "Performance Requirements Summary", bold=True)
    xs, ys = [70, 200, 330, 460], [60, 80, 120, 160]
    page.grid(xs, ys)
    rows = [
        ["Metric", "Target", "Credit"],
        ["System availability", "99.9% each month", "5% of fees"],
        ["Severity 1 response", "within 15 minutes", "2% of fees"],
    ]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            page.text(xs[c] + 4, ys[r] + 4, cell)
    # a second line inside one cell must stay in that cell
    page.text(xs[1] + 4, ys[1] + 18, "24x7x365")
    doc = parse(page)
    table = [b for b in doc.blocks if b.kind is BlockKind.table_row]
    assert [b.cells for b in table] == [
        ["Metric", "Target", "Credit"],
        ["System availability", "99.9% each month 24x7x365", "5% of fees"],
        ["Severity 1 response", "within 15 minutes", "2% of fees"],
    ]
    assert table[1].text == "System availability | 99.9% each month 24x7x365 | 5% of fees"
    assert table[1].loc.page == 1 and table[1].loc.bbox.top >= 79


def test_heading_spanning_a_table_stays_one_cell():
    page = Page()
    page.hline(70, 330, 60).hline(70, 330, 80).hline(70, 330, 100).hline(70, 330, 120)
    page.vline(70, 60, 120).vline(330, 60, 120).vline(200, 80, 120)  # no middle rule in row 1
    page.text(74, 64, "C.3.1 Help Desk Support spans both columns")
    page.text(74, 84, "Answer calls").text(204, 84, "within 20 seconds")
    page.text(74, 104, "Resolve tickets").text(204, 104, "within 8 hours")
    doc = parse(page)
    cells = [b.cells for b in doc.blocks if b.kind is BlockKind.table_row]
    assert cells == [
        ["C.3.1 Help Desk Support spans both columns"],
        ["Answer calls", "within 20 seconds"],
        ["Resolve tickets", "within 8 hours"],
    ]
    assert doc.blocks[0].section == "C.3.1"


def test_a_cell_merged_down_rows_speaks_for_each_row():
    # army_sps_helpdesk_metrics.pdf: "Severity 1 Service Requests" spans its 50% and 100% rows
    page = Page()
    page.vline(70, 60, 140).vline(220, 60, 140).vline(300, 60, 140).vline(400, 60, 140)
    page.hline(220, 400, 100)  # the merged first column has no rule between its two rows
    page.hline(70, 400, 60).hline(70, 400, 80).hline(70, 400, 120).hline(70, 400, 140)
    page.text(74, 64, "Metric").text(224, 64, "Target").text(304, 64, "Time Frame")
    page.text(74, 84, "Severity 1 Service Requests").text(224, 84, "50%").text(304, 84, "4 hours")
    page.text(224, 104, "100%").text(304, 104, "8 hours")
    page.text(74, 124, "Severity 2 Service Requests").text(224, 124, "50%").text(304, 124, "8 hours")
    doc = parse(page)
    cells = [b.cells for b in doc.blocks if b.kind is BlockKind.table_row]
    assert cells == [
        ["Metric", "Target", "Time Frame"],
        ["Severity 1 Service Requests", "50%", "4 hours"],
        ["Severity 1 Service Requests", "100%", "8 hours"],
        ["Severity 2 Service Requests", "50%", "8 hours"],
    ]


def test_paragraph_lines_join_and_hyphenation_is_undone():
    page = Page()
    page.text(72, 100, "The Contractor shall provide monthly status re-")
    page.text(72, 112, "ports to the Contracting Officer within five")
    page.text(72, 124, "business days.")
    page.text(72, 160, "A second paragraph starts here.")
    doc = parse(page)
    assert [b.text for b in doc.blocks] == [
        "The Contractor shall provide monthly status reports to the Contracting Officer within five business days.",
        "A second paragraph starts here.",
    ]


def test_lines_set_at_size_one_and_scaled_by_the_matrix_join_into_a_paragraph():
    """The USAF PWS in data/extra sets 12 pt type as size 1 x a 12 pt matrix, in lines
    whose boxes overlap: judged by the nominal size, every line was a paragraph."""
    page = Page()
    lines = ["In addition, the Government shall", "provide telephone service to include DSN", "service to the Contractor."]
    for i, line in enumerate(lines):
        page.text(72, 100 + 12.5 * i, line, size=12, scaled=True)
    page.text(72, 160, "A second paragraph starts here.", size=12, scaled=True)
    assert [b.text for b in parse(page).blocks] == [" ".join(lines), "A second paragraph starts here."]


def test_a_narrow_gap_between_a_number_and_a_word_is_a_space():
    """The USAF PWS sets "2 hour restoration" with no space character and a gap of about
    a quarter of the type size: PDFium guesses a space, and between a digit and a letter
    no letter-spaced heading makes that guess doubtful."""
    page = Page()
    page.text(72, 100, "2", size=12)
    page.text(72 + 6.67 + 2.9, 100, "hour", size=12)
    assert [b.text for b in parse(page).blocks] == ["2 hour"]


def test_a_narrow_space_between_tight_words_is_a_space():
    """The USAF PWS sets "8 hour restoration" with a gap of 0.15 of the character box
    between two words whose letters touch: PDFium guesses a space, and against gaps of
    nothing inside the word it is one."""
    page = Page()
    page.text(72, 100, "8 hour", size=12)
    page.text(72 + 12 * (0.556 + 0.278 + 0.556 * 3 + 0.333) + 2.0, 100, "restoration", size=12)
    assert [b.text for b in parse(page).blocks] == ["8 hour restoration"]


def test_a_run_in_bold_title_does_not_cut_its_paragraph():
    page = Page()
    page.text(72, 100, "1.3.2. Diagnose Cause of System Problems.", bold=True)  # most of the line
    page.text(282.1, 100, "The contractor shall")  # a space after the bold title
    page.text(72, 112, "analyze system errors.")
    page.text(72, 150, "Next Heading", bold=True)
    page.text(72, 162, "Body text under it.")
    blocks = parse(page).blocks
    assert [b.text for b in blocks][:1] == ["1.3.2. Diagnose Cause of System Problems. The contractor shall analyze system errors."]
    assert [b.text for b in blocks][1:] == ["Next Heading", "Body text under it."]  # a bold line of its own still stands apart


def test_sentence_cut_by_a_page_break_is_one_block_with_two_regions():
    p1 = Page().text(72, 700, "The Government will review each deliverable and provide comments")
    p2 = Page().text(72, 72, "within ten working days of receipt.")
    doc = parse(p1, p2)
    body = [b for b in doc.blocks if b.kind is BlockKind.paragraph]
    assert len(body) == 1
    block = body[0]
    assert block.text.endswith("comments within ten working days of receipt.")
    assert [(r.page, r.start) for r in block.loc.regions] == [(1, 0), (2, block.text.index("within"))]
    assert doc.sentences[-1].page == 1  # a sentence starts on the page its first word is on


def test_running_headers_and_page_numbers_are_marked_not_joined():
    pages = []
    for n in range(1, 5):
        page = Page().text(72, 30, "RFP 2026-17 Help Desk Services").text(300, 760, f"Page {n} of 4")
        page.text(72, 100, f"Section {n} text ends without a period")
        pages.append(page)
    doc = parse(*pages)
    kinds = {b.text: b.kind for b in doc.blocks}
    assert kinds["RFP 2026-17 Help Desk Services"] is BlockKind.page_header
    assert kinds["Page 3 of 4"] is BlockKind.page_footer
    body = [b.text for b in doc.blocks if b.kind not in (BlockKind.page_header, BlockKind.page_footer)]
    assert len(body) == 4  # "Section 2 ..." starts with a capital: not glued to page 1


def test_rotated_page_reads_in_display_order():
    page = Page(rotate=90)
    page.text(72, 100, "First line of a landscape page.")
    page.text(72, 130, "Second line follows it.")
    doc = parse(page)
    assert [b.text for b in doc.blocks] == ["First line of a landscape page.", "Second line follows it."]


def test_whitespace_table_row_splits_at_wide_gaps():
    page = Page().text(72, 100, "Severity 1").text(250, 100, "15 minutes").text(420, 100, "4 hours")
    doc = parse(page)
    assert doc.blocks[0].kind is BlockKind.table_row
    assert doc.blocks[0].cells == ["Severity 1", "15 minutes", "4 hours"]


def test_page_without_text_is_needs_ocr_or_corrupt():
    with pytest.raises(Corrupt):  # no text, no image: nothing to OCR either
        parse(Page().hline(10, 100, 100))


@pytest.mark.parametrize(
    "data, error",
    [
        (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", Corrupt),
        (b"%PDF-1.4\n" + b"\x00" * 100, Corrupt),
    ],
)
def test_broken_pdfs_raise_typed_errors(data, error):
    with pytest.raises(error):
        parse_bytes(data, "test://x.pdf", "x.pdf")


def test_two_column_page_reads_column_by_column_and_joins_across_the_gutter():
    page = Page().text(72, 60, "Statement of Work", size=14, bold=True)
    left = [
        "Scope. The Contractor runs the help desk for the",
        "agency and its regional offices across the country.",
        "",
        "The Contractor shall staff the service desk from",
        "8:00 a.m. to 5:00 p.m., Monday through Friday, and",
        "shall answer every call within twenty seconds of",
    ]
    right = [
        "initiation by the caller, measured each month.",
        "",
        "Facilities. The Government will provide badges,",
        "desks and network access for all Contractor staff",
        "working on site on the first day of performance.",
        "Requests for more space go to the COR in writing.",
    ]
    for i, (a, b) in enumerate(zip(left, right)):
        if a:
            page.text(72, 100 + 12 * i, a)
        if b:
            page.text(320, 100 + 12 * i, b)
    doc = parse(page)
    texts = [b.text for b in doc.blocks]
    assert texts == [
        "Statement of Work",
        "Scope. The Contractor runs the help desk for the agency and its regional offices across the country.",
        "The Contractor shall staff the service desk from 8:00 a.m. to 5:00 p.m., Monday through Friday, and "
        "shall answer every call within twenty seconds of initiation by the caller, measured each month.",
        "Facilities. The Government will provide badges, desks and network access for all Contractor staff "
        "working on site on the first day of performance. Requests for more space go to the COR in writing.",
    ]
    joined = doc.blocks[2]
    assert [r.start for r in joined.loc.regions] == [0, joined.text.index("initiation")]
    assert joined.loc.regions[1].bbox.x0 >= 319


def test_pages_that_are_a_picture_with_a_page_number_are_reported():
    """The USDA QASP (data/extra) types only "Page 9 /14" over a scanned KPI table: the page
    has text, so it is no scan by the old test, yet its content is not read."""
    doc = parse_path(Path(__file__).parents[1] / "data" / "extra" / "docs" / "usda_fas_infrastructure_qasp.pdf")
    assert [w for w in doc.warnings if "picture" in w] == [
        "skipped: pages 9-10, 12-14 are mostly a picture with almost no typed text (a scanned table?);"
        " what the picture shows was not read (need OCR)"]
    assert doc.status.value == "partial_success"
    assert any("Quality Assurance Surveillance Plan" in b.text for b in doc.blocks)  # the typed pages are read
