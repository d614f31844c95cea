"""A Word rendition of a document that has no DOCX of its own (PDF, text, Markdown):
its blocks as headings, paragraphs, list items and tables, redlined by the same code
as an original DOCX, through a map from each block to its paragraph or table row."""

from __future__ import annotations

import io
import logging
from datetime import datetime

import docx
from docx.oxml.ns import qn
from docx.shared import Cm, Pt

from extractors.build import row_text
from redline.docx_redline import Redline, apply_findings
from redline.docx_text import xml_safe
from redline.ooxml import Package, stable_zip
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
    With `date`, the package is stamped with it and nothing else: the same bytes each time."""
    d = docx.Document()
    if date is not None:
        d.core_properties.created = d.core_properties.modified = date.replace(tzinfo=None)
    d.add_paragraph(xml_safe(doc.source.name), style="Title")
    paragraphs: dict[int, object] = {}  # block index -> w:p element
    rows: dict[int, tuple[int, int]] = {}  # block index -> (table, row)
    tables = 0
    blocks = [b for b in doc.blocks if b.kind not in _LEFT_OUT]
    i = 0
    while i < len(blocks):
        b = blocks[i]
        if _tabular(b):
            group = [b]
            while i + 1 < len(blocks) and _tabular(blocks[i + 1]) and len(blocks[i + 1].cells) == len(b.cells):
                i += 1
                group.append(blocks[i])
            table = d.add_table(rows=0, cols=len(b.cells))
            table.style = "Table Grid"
            for r, row_block in enumerate(group):
                cells = table.add_row().cells
                for cell, text in zip(cells, row_block.cells):
                    cell.text = xml_safe(text)
                rows[row_block.index] = (tables, r)
            tables += 1
        else:
            paragraphs[b.index] = _paragraph(d, b)._p
        i += 1
    order = {p: n for n, p in enumerate(d.element.body.iter(qn("w:p")))}
    locs = {k: Location(part=MAIN, paragraph=order[p]) for k, p in paragraphs.items()}
    locs.update({k: Location(part=MAIN, table=t, row=r) for k, (t, r) in rows.items()})
    out = io.BytesIO()
    d.save(out)
    data = out.getvalue()
    return (stable_zip(data, date.timetuple()[:6]) if date is not None else data), locs


def _tabular(b: Block) -> bool:
    """A table row whose text is its cells joined as the DOCX reader joins them."""
    return b.kind is BlockKind.table_row and bool(b.cells) and row_text(b.cells) == b.text


def _paragraph(d, b: Block):
    text = xml_safe(b.text)
    if b.kind is BlockKind.heading:
        return d.add_paragraph(text, style=f"Heading {min(max(b.level or 1, 1), 9)}")
    if b.kind is BlockKind.list_item:
        p = d.add_paragraph(text, style="List Paragraph")
        p.paragraph_format.left_indent = Cm(0.75 * min(max(b.level or 1, 1), 9))
        return p
    p = d.add_paragraph(text)
    if b.kind is BlockKind.footnote:
        for run in p.runs:
            run.font.size = Pt(8)
    return p
