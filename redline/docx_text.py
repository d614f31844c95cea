"""The text the DOCX reader reads from a part, character by character, with the element
each character comes from, so that a span of `Document.text` can be found in the XML.

The walk mirrors `extractors/readers/docx.py` step for step (same order, same skipped
elements, same field state carried across paragraphs) and uses the reader's own tables;
`tests/test_redline_docx.py` checks both give the same text on every test document.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

from extractors.build import clean, row_text
from extractors.readers.docx import _CHARS, _SEPARATORS, _SKIP, MC, M, _choice, _flat, _symbol
from redline.ooxml import W

_NONSPACE = re.compile(r"\S+")


@dataclass
class Seg:
    item: etree._Element  # w:t, w:tab, w:sym... (or m:t)
    start: int  # in the paragraph's raw text
    end: int
    in_field: bool  # inside a complex field's result


@dataclass
class Para:
    p: etree._Element
    fields: list[bool]  # open complex fields when the paragraph begins
    text: str = ""
    segs: list[Seg] = field(default_factory=list)

    def rescan(self) -> None:
        """Read the paragraph again (after runs were split)."""
        self.text, self.segs, _ = scan(self.p, list(self.fields))


@dataclass
class Piece:
    """One stretch of a block's text: block[offset:offset+len(text)] is `clean(para.text)`."""

    offset: int
    text: str
    para: Para | None  # None for a nested table row, whose pieces are `parts`
    parts: list[Piece] = field(default_factory=list)


def scan(p: etree._Element, fields: list[bool]) -> tuple[str, list[Seg], list[etree._Element]]:
    """A paragraph's text as the reader builds it, its segments, and the text boxes and
    stray block content the reader walks after it. `fields` is updated in place."""
    segs: list[Seg] = []
    deferred: list[etree._Element] = []
    out: list[str] = []
    pos = 0

    def add(item: etree._Element, text: str) -> None:
        nonlocal pos
        segs.append(Seg(item, pos, pos + len(text), bool(fields)))
        out.append(text)
        pos += len(text)

    def visit(el: etree._Element) -> None:
        for child in el:
            tag = child.tag
            shown = False not in fields
            if tag == W + "t" or tag == M + "t":
                if shown:
                    add(child, child.text or "")
            elif tag in _CHARS:
                if shown:
                    add(child, _CHARS[tag])
            elif tag == W + "fldChar":
                _field(fields, child.get(W + "fldCharType"))
            elif tag == W + "sym":
                if shown:
                    add(child, _symbol(child.get(W + "char")))
            elif tag in (W + "txbxContent", W + "p", W + "tbl"):
                deferred.append(child)
            elif tag == MC + "AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    visit(chosen)
            elif isinstance(tag, str) and tag not in _SKIP:
                visit(child)

    visit(p)
    return "".join(out), segs, deferred


def _field(fields: list[bool], kind: str | None) -> None:
    if kind == "begin":
        fields.append(False)
    elif kind == "separate" and fields:
        fields[-1] = True
    elif kind == "end" and fields:
        fields.pop()


class PartMap:
    """Every paragraph and table row of one part, as the reader walks it."""

    def __init__(self, root: etree._Element):
        self.all_p = list(root.iter(W + "p"))
        self.t_index = {t: i for i, t in enumerate(root.iter(W + "tbl"))}
        self.paras: dict[etree._Element, Para] = {}
        self.rows: dict[tuple[int, int], list[list[Piece]]] = {}
        self.fields: list[bool] = []
        self.collect: list[Piece] | None = None
        if root.tag == W + "document":
            body = root.find(W + "body")
            if body is not None:
                self.walk(body)
        elif root.tag in (W + "footnotes", W + "endnotes"):
            for note in root.iter(W + "footnote", W + "endnote"):
                if note.get(W + "type") not in _SEPARATORS:
                    self.walk(note)
        else:
            self.walk(root)

    def walk(self, el: etree._Element) -> None:
        for child in el:
            self.walk_one(child)

    def walk_one(self, el: etree._Element) -> None:
        tag = el.tag
        if tag == W + "p":
            self.paragraph(el)
        elif tag == W + "tbl":
            self.table(el)
        elif tag == MC + "AlternateContent":
            chosen = _choice(el)
            if chosen is not None:
                self.walk(chosen)
        elif tag != W + "altChunk" and isinstance(tag, str) and tag not in _SKIP:
            self.walk(el)

    def paragraph(self, p: etree._Element) -> None:
        para = Para(p, list(self.fields))
        para.text, para.segs, deferred = scan(p, self.fields)
        self.paras[p] = para
        if self.collect is not None:
            self.collect.append(Piece(0, clean(para.text), para))
        for el in deferred:
            self.walk_one(el)

    def table(self, tbl: etree._Element) -> None:
        t = self.t_index.get(tbl)
        for r, tr in enumerate(_flat(tbl, W + "tr")):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue
            cells = [self.cell(tc) for tc in _flat(tr, W + "tc")]
            if self.collect is not None:  # nested: the row's text joins the outer cell's
                self.collect.append(_nested_row(cells))
                continue
            if t is not None:
                self.rows[(t, r)] = cells

    def cell(self, tc: etree._Element) -> list[Piece]:
        saved, self.collect = self.collect, []
        try:
            self.walk(tc)
            pieces = self.collect
        finally:
            self.collect = saved
        vmerge = tc.find(f"{W}tcPr/{W}vMerge")
        if vmerge is not None and vmerge.get(W + "val") != "restart":
            return []
        # Laid out as the reader joins them: non-empty pieces, one space apart.
        laid, offset = [], 0
        for piece in pieces:
            if piece.text:
                laid += [Piece(offset + p.offset, p.text, p.para) for p in piece.parts or [piece]]
                offset += len(piece.text) + 1
        return laid


def _nested_row(cells: list[list[Piece]]) -> Piece:
    """A nested table row as the reader reads it: non-empty cells one space apart."""
    parts, offset = [], 0
    for cell in cells:
        text = _joined(cell)
        if text:
            parts += [Piece(offset + p.offset, p.text, p.para) for p in cell]
            offset += len(text) + 1
    return Piece(0, " ".join(t for t in map(_joined, cells) if t), None, parts)


def _joined(cell: list[Piece]) -> str:
    """A laid-out cell's text (its pieces sit at their offsets, gaps are spaces)."""
    out = ""
    for p in cell:
        out += " " * (p.offset - len(out)) + p.text
    return out


def paragraph_layout(para: Para) -> list[Piece]:
    return [Piece(0, clean(para.text), para)]


def row_layout(cells: list[list[Piece]]) -> tuple[str, list[Piece]]:
    """A table row's block text and where each cell piece sits in it."""
    texts = [clean(_joined(c)) for c in cells]
    text = row_text(texts)
    first = next((i for i, c in enumerate(texts) if c), len(texts))
    laid, offset = [], 0
    for cell, cell_text in zip(cells[first:], texts[first:]):
        if offset > len(text):
            break
        laid += [Piece(offset + p.offset, p.text, p.para) for p in cell]
        offset += len(cell_text) + len(" | ")
    return text, laid


def clean_map(raw: str) -> tuple[str, list[int], list[int]]:
    """`clean(raw)`, with each of its characters' start and end in `raw`."""
    out: list[str] = []
    starts: list[int] = []
    ends: list[int] = []
    prev_end = None
    for m in _NONSPACE.finditer(raw):
        if prev_end is not None:  # the whitespace run between two words becomes one space
            out.append(" ")
            starts.append(prev_end)
            ends.append(m.start())
        for k in range(m.start(), m.end()):
            out.append(raw[k])
            starts.append(k)
            ends.append(k + 1)
        prev_end = m.end()
    return "".join(out), starts, ends


def raw_ranges(layout: list[Piece], a: int, b: int) -> list[tuple[Para, int, int]] | None:
    """Block-text range [a, b) as (paragraph, raw start, raw end) pieces; None when part
    of it lies in text the map cannot point into."""
    found: list[tuple[Para, int, int]] = []
    for piece in layout:
        lo, hi = max(a, piece.offset), min(b, piece.offset + len(piece.text))
        if lo >= hi:
            continue
        if piece.para is None:
            return None
        cleaned, starts, ends = clean_map(piece.para.text)
        if cleaned != piece.text:
            return None
        found.append((piece.para, starts[lo - piece.offset], ends[hi - 1 - piece.offset]))
    return found or None
