"""A Word rendition of a document that has no DOCX of its own (PDF, text, Markdown):
its blocks as headings, paragraphs, list items and tables, redlined by the same code
as an original DOCX, through a map from each block to its paragraph or table row."""

from __future__ import annotations

import io
import logging
from datetime import datetime

import docx
from docx.enum.section import WD_ORIENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from extractors.build import row_text
from redline.docx_redline import Redline, apply_findings
from redline.ooxml import Package, described, stable_zip
from redline.textsafe import xml_safe
from schemas import Block, BlockKind, Document, Finding, Location

log = logging.getLogger(__name__)
MAIN = "word/document.xml"  # where python-docx saves the main part
TWIPS = 635  # EMU a twip: python-docx lengths are EMU, table widths twips
CELL_MARGIN = 57  # twips (0.1 cm) either side of a cell's text
CELL_SIZE = 18  # half-points: table text at 9 pt, as a PDF's tables usually are
CHAR = 100  # twips: about one character of 9 pt text, to size columns
PORTRAIT = 640.0  # points: text further right than this is on a page wider than letter or A4 upright
_LEFT_OUT = {BlockKind.page_header, BlockKind.page_footer}  # running heads repeat on every page


def rendition_docx(doc: Document, findings: list[Finding], author: str = "Candor",
                   date: datetime | None = None) -> bytes:
    """A DOCX of `doc` with each finding as a comment and, for replace and insert
    suggestions, a tracked change; a clause inserted after a table row goes after the table."""
    result = rendition_docx_result(doc, findings, author, date)
    for warning in result.warnings:
        log.warning("%s: %s", doc.source.name, warning)
    return result.data


def rendition_docx_result(doc: Document, findings: list[Finding], author: str = "Candor",
                          date: datetime | None = None, about: dict[str, str] | None = None) -> Redline:
    data, locs = build_rendition(doc, date, about)
    if not findings:
        return Redline(data)
    return apply_findings(Package(data), doc, findings, locs, author, date, after_tables=True)


def build_rendition(doc: Document, date: datetime | None = None,
                    about: dict[str, str] | None = None) -> tuple[bytes, dict[int, Location]]:
    """The plain DOCX, and where each block is in it (as the DOCX reader would say).
    With `date`, the package is stamped with it and nothing else: the same bytes each time;
    `about` (mode, profile, date, version) goes under the title and in the properties.

    python-docx gives the package and its styles; the body is written as XML directly,
    since its per-row table API is quadratic (a 390-page data dictionary took 18 s)."""
    d = docx.Document()
    if date is not None:
        d.core_properties.created = d.core_properties.modified = date.replace(tzinfo=None)
    ids = {name: d.styles[name].style_id for name in ("Title", "List Paragraph", "Table Grid", *HEADINGS)}
    section = d.sections[0]
    if any(b.loc.bbox and b.loc.bbox.x1 > PORTRAIT for b in doc.blocks):  # a landscape PDF: its tables need the width
        section.orientation = WD_ORIENT.LANDSCAPE
        section.page_width, section.page_height = section.page_height, section.page_width
    text_width = (section.page_width - section.left_margin - section.right_margin) // TWIPS
    body = d.element.body
    end = body.sectPr  # the section properties stay last
    add = end.addprevious if end is not None else body.append
    add(_p(xml_safe(doc.source.name), ids["Title"]))
    count, tables = 1, 0  # paragraphs so far (the title), tables so far
    if about:
        line = described(about)
        d.core_properties.comments = xml_safe(line)
        add(_p(xml_safe(f"A rendition made for review. {line}"), size=16))
        count += 1
    paragraphs: dict[int, int] = {}  # block index -> paragraph number in the body
    rows: dict[int, tuple[int, int]] = {}  # block index -> (table, row)
    blocks = [b for b in doc.blocks if b.kind not in _LEFT_OUT]
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if _tabular(b):
            group = [b]
            while i + 1 < len(blocks) and _tabular(blocks[i + 1]) and len(blocks[i + 1].cells) == len(b.cells):
                i += 1
                group.append(blocks[i])
            add(_table([[xml_safe(c) for c in row.cells] for row in group], ids["Table Grid"], text_width))
            for r, row_block in enumerate(group):
                rows[row_block.index] = (tables, r)
            count += sum(len(row.cells) for row in group)  # one paragraph per cell
            tables += 1
        else:
            add(_paragraph(b, ids))
            paragraphs[b.index] = count
            count += 1
        i += 1
    locs = {k: Location(part=MAIN, paragraph=n) for k, n in paragraphs.items()}
    locs.update({k: Location(part=MAIN, table=t, row=r) for k, (t, r) in rows.items()})
    out = io.BytesIO()
    d.save(out)
    data = out.getvalue()
    return (stable_zip(data, date.timetuple()[:6]) if date is not None else data), locs


def _tabular(b: Block) -> bool:
    """A table row whose text is its cells joined as the DOCX reader joins them."""
    return b.kind is BlockKind.table_row and bool(b.cells) and row_text(b.cells) == b.text


HEADINGS = tuple(f"Heading {n}" for n in range(1, 10))
_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


def _p(text: str, style: str | None = None, indent: int | None = None, size: int | None = None, tight: bool = False):
    """A w:p with one run: style id, left indent (twips) and font size (half-points) optional;
    `tight`: no space before or after it and single lines, as in a table cell."""
    p = OxmlElement("w:p")
    if style or indent or tight:
        ppr = etree.SubElement(p, qn("w:pPr"))
        if style:
            etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style)
        if tight:  # set on the paragraph: LibreOffice ignores a table style's spacing
            _set(etree.SubElement(ppr, qn("w:spacing")), before="0", after="0", line="240", lineRule="auto")
        if indent:
            etree.SubElement(ppr, qn("w:ind")).set(qn("w:left"), str(indent))
    r = etree.SubElement(p, qn("w:r"))
    if size:
        rpr = etree.SubElement(r, qn("w:rPr"))
        etree.SubElement(rpr, qn("w:sz")).set(qn("w:val"), str(size))
    t = etree.SubElement(r, qn("w:t"))
    t.text = text
    t.set(_SPACE, "preserve")
    return p


def _set(el, **attrs):
    for k, v in attrs.items():
        el.set(qn(f"w:{k}"), str(v))
    return el


def _table(rows: list[list[str]], style: str, width: int):
    """A table `width` twips wide, fixed there (Word's autofit would size columns by their
    longest unbroken text), columns sized by their text, with small cell margins."""
    tbl = OxmlElement("w:tbl")
    pr = etree.SubElement(tbl, qn("w:tblPr"))
    etree.SubElement(pr, qn("w:tblStyle")).set(qn("w:val"), style)
    _set(etree.SubElement(pr, qn("w:tblW")), w=width, type="dxa")
    _set(etree.SubElement(pr, qn("w:tblLayout")), type="fixed")
    margins = etree.SubElement(pr, qn("w:tblCellMar"))
    for side, w in (("top", 0), ("left", CELL_MARGIN), ("bottom", 0), ("right", CELL_MARGIN)):
        _set(etree.SubElement(margins, qn(f"w:{side}")), w=w, type="dxa")
    widths = column_widths(rows, width)
    grid = etree.SubElement(tbl, qn("w:tblGrid"))
    for w in widths:
        _set(etree.SubElement(grid, qn("w:gridCol")), w=w)
    for cells in rows:
        tr = etree.SubElement(tbl, qn("w:tr"))
        for text, w in zip(cells, widths):
            tc = etree.SubElement(tr, qn("w:tc"))
            _set(etree.SubElement(etree.SubElement(tc, qn("w:tcPr")), qn("w:tcW")), w=w, type="dxa")
            tc.append(_p(text, size=CELL_SIZE, tight=True))
    return tbl


def column_widths(rows: list[list[str]], width: int) -> list[int]:
    """Widths in twips that add up to `width`: each column gets room for its longest word
    (but never more than an equal share), and what is left goes by the text in each column."""
    n = len(rows[0])
    longest = [max((len(w) for r in rows for w in r[i].split()), default=1) for i in range(n)]
    least = [min(CHAR * k + 2 * CELL_MARGIN, width // n) for k in longest]
    text = [sum(len(r[i]) for r in rows) + 1 for i in range(n)]
    spare = width - sum(least)
    widths = [least[i] + spare * text[i] // sum(text) for i in range(n)]
    widths[-1] += width - sum(widths)  # what rounding left over
    return widths


def _paragraph(b: Block, ids: dict[str, str]):
    text = xml_safe(b.text)
    level = min(max(b.level or 1, 1), 9)
    if b.kind is BlockKind.heading:
        return _p(text, ids[f"Heading {level}"])
    if b.kind is BlockKind.list_item:
        return _p(text, ids["List Paragraph"], indent=425 * level)  # 0.75 cm a level
    return _p(text, size=16 if b.kind is BlockKind.footnote else None)  # footnotes at 8 pt
