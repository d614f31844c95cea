"""A Word rendition of a document that has no DOCX of its own (PDF, text, Markdown):
its blocks as headings, paragraphs, list items and tables, redlined by the same code
as an original DOCX, through a map from each block to its paragraph or table row."""

from __future__ import annotations

import io
import logging
from datetime import datetime

import docx
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from lxml import etree

from extractors.build import row_text
from redline.docx_redline import Redline, apply_findings
from redline.ooxml import Package, stable_zip
from redline.textsafe import xml_safe
from schemas import Block, BlockKind, Document, Finding, Location

log = logging.getLogger(__name__)
MAIN = "word/document.xml"  # where python-docx saves the main part
_LEFT_OUT = {BlockKind.page_header, BlockKind.page_footer}  # running heads repeat on every page


def rendition_docx(doc: Document, findings: list[Finding], author: str = "Candor",
                   date: datetime | None = None) -> bytes:
    """A DOCX of `doc` with each finding as a comment and, for replace and insert
    suggestions, a tracked change."""
    result = rendition_docx_result(doc, findings, author, date)
    for warning in result.warnings:
        log.warning("%s: %s", doc.source.name, warning)
    return result.data


def rendition_docx_result(doc: Document, findings: list[Finding], author: str = "Candor",
                          date: datetime | None = None) -> Redline:
    data, locs = build_rendition(doc, date)
    if not findings:
        return Redline(data)
    return apply_findings(Package(data), doc, findings, locs, author, date)


def build_rendition(doc: Document, date: datetime | None = None) -> tuple[bytes, dict[int, Location]]:
    """The plain DOCX, and where each block is in it (as the DOCX reader would say).
    With `date`, the package is stamped with it and nothing else: the same bytes each time.

    python-docx gives the package and its styles; the body is written as XML directly,
    since its per-row table API is quadratic (a 390-page data dictionary took 18 s)."""
    d = docx.Document()
    if date is not None:
        d.core_properties.created = d.core_properties.modified = date.replace(tzinfo=None)
    ids = {name: d.styles[name].style_id for name in ("Title", "List Paragraph", "Table Grid", *HEADINGS)}
    body = d.element.body
    end = body.sectPr  # the section properties stay last
    add = end.addprevious if end is not None else body.append
    add(_p(xml_safe(doc.source.name), ids["Title"]))
    paragraphs: dict[int, int] = {}  # block index -> paragraph number in the body
    rows: dict[int, tuple[int, int]] = {}  # block index -> (table, row)
    count, tables = 1, 0  # paragraphs so far (the title), tables so far
    blocks = [b for b in doc.blocks if b.kind not in _LEFT_OUT]
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if _tabular(b):
            group = [b]
            while i + 1 < len(blocks) and _tabular(blocks[i + 1]) and len(blocks[i + 1].cells) == len(b.cells):
                i += 1
                group.append(blocks[i])
            add(_table([[xml_safe(c) for c in row.cells] for row in group], ids["Table Grid"]))
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


def _p(text: str, style: str | None = None, indent: int | None = None, size: int | None = None):
    """A w:p with one run: style id, left indent (twips) and font size (half-points) optional."""
    p = OxmlElement("w:p")
    if style or indent:
        ppr = etree.SubElement(p, qn("w:pPr"))
        if style:
            etree.SubElement(ppr, qn("w:pStyle")).set(qn("w:val"), style)
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


def _table(rows: list[list[str]], style: str):
    tbl = OxmlElement("w:tbl")
    pr = etree.SubElement(tbl, qn("w:tblPr"))
    etree.SubElement(pr, qn("w:tblStyle")).set(qn("w:val"), style)
    width = etree.SubElement(pr, qn("w:tblW"))
    width.set(qn("w:w"), "0")
    width.set(qn("w:type"), "auto")
    grid = etree.SubElement(tbl, qn("w:tblGrid"))
    for _ in rows[0]:
        etree.SubElement(grid, qn("w:gridCol"))
    for cells in rows:
        tr = etree.SubElement(tbl, qn("w:tr"))
        for text in cells:
            tc = etree.SubElement(tr, qn("w:tc"))
            tc.append(_p(text))
    return tbl


def _paragraph(b: Block, ids: dict[str, str]):
    text = xml_safe(b.text)
    level = min(max(b.level or 1, 1), 9)
    if b.kind is BlockKind.heading:
        return _p(text, ids[f"Heading {level}"])
    if b.kind is BlockKind.list_item:
        return _p(text, ids["List Paragraph"], indent=425 * level)  # 0.75 cm a level
    return _p(text, size=16 if b.kind is BlockKind.footnote else None)  # footnotes at 8 pt
