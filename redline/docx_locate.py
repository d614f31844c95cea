"""Find a span of `Document.text` in a DOCX package: block -> part, paragraph or table
row -> the paragraphs' raw character ranges, checked against the words expected."""

from __future__ import annotations

import bisect
import re
from collections.abc import Mapping

from extractors.build import clean
from redline.docx_text import Para, PartMap, Piece, paragraph_layout, raw_ranges, row_layout
from redline.ooxml import Package
from redline.textsafe import xml_safe
from schemas import Block, Commitment, Document, Location

Ranges = list[tuple[Para, int, int]]
_SEPARATORS = re.compile(r"[\s|]+")


class Located:
    def __init__(self, part: str, ranges: Ranges):
        self.part = part
        self.ranges = ranges


class Locator:
    """Maps spans of `doc.text` to paragraphs of `pkg`, using `locs` (block index ->
    where that block is in the package)."""

    def __init__(self, pkg: Package, doc: Document, locs: Mapping[int, Location]):
        self.pkg = pkg
        self.doc = doc
        self.locs = locs
        self.maps: dict[str, PartMap] = {}
        self.starts = [b.span[0] for b in doc.blocks]

    def part_map(self, part: str) -> PartMap:
        if part not in self.maps:
            self.maps[part] = PartMap(self.pkg.xml(part))
        return self.maps[part]

    def layout(self, block: Block) -> tuple[str, list[Piece]] | str:
        """The part and the pieces of the block's text, or why they cannot be found."""
        loc = self.locs.get(block.index)
        if loc is None:
            return "the block is not in the Word document"
        part = loc.part or self.pkg.main
        if not self.pkg.has(part):
            return f"the part {part} is missing"
        pm = self.part_map(part)
        if loc.paragraph is not None:
            if not 0 <= loc.paragraph < len(pm.all_p) or pm.all_p[loc.paragraph] not in pm.paras:
                return "the paragraph is not in the part"
            layout = paragraph_layout(pm.paras[pm.all_p[loc.paragraph]])
            text = layout[0].text
        elif loc.table is not None and loc.row is not None and (loc.table, loc.row) in pm.rows:
            text, layout = row_layout(pm.rows[(loc.table, loc.row)])
        else:
            return "the block has no paragraph or table row location"
        # A w:sym can name a character XML cannot store (U+FFFF); the block reads it raw,
        # a rendition holds U+FFFD: compare both as XML stores them.
        if xml_safe(text) != xml_safe(block.text):  # never edit a paragraph that reads differently
            return "the paragraph's text differs from the parsed document"
        return part, layout

    def block_of(self, span: tuple[int, int], hint: int | None) -> Block | None:
        blocks = self.doc.blocks
        if hint is not None and 0 <= hint < len(blocks):
            b = blocks[hint]
            if b.span[0] <= span[0] < b.span[1]:
                return b
        i = bisect.bisect_right(self.starts, span[0]) - 1
        if i >= 0 and span[0] < blocks[i].span[1]:
            return blocks[i]
        return None

    def find(self, span: tuple[int, int] | None, expected: str, hint: int | None = None,
             clamp: bool = False) -> Located | str:
        """Where the words `expected` at `span` are; a reason string where they cannot be
        found exactly. `clamp`: a span running past its block is cut at the block's end."""
        text = self.doc.text
        if span is None or clean(text[span[0]:span[1]]) != clean(expected):
            span = self._search(expected, hint)
            if span is None:
                return "the words are not in the document at their span"
        block = self.block_of(span, hint)
        if block is None:
            return "the span lies in no block"
        a, b = span[0] - block.span[0], span[1] - block.span[0]
        if b > len(block.text):
            if not clamp:
                return "the words run past the end of their paragraph"
            b = len(block.text)
        found = self.layout(block)
        if isinstance(found, str):
            return found
        part, layout = found
        ranges = raw_ranges(layout, a, b)
        if ranges is None:
            return "the words are not text of a paragraph (a table cell separator?)"
        got = xml_safe("".join(clean(para.text[ra:rb]) for para, ra, rb in ranges))
        want = xml_safe(block.text[a:b])
        if _SEPARATORS.sub("", got) != _SEPARATORS.sub("", want):  # belt and braces
            return "the words found in the XML differ from the words expected"
        return Located(part, ranges)

    def find_commitment(self, c: Commitment) -> Located | str:
        return self.find(c.span, c.text, c.block, clamp=True)

    def _search(self, expected: str, hint: int | None) -> tuple[int, int] | None:
        """For a stale span: the words' only occurrence in their block, else in the
        document; None where they occur more than once (which one is meant is unknown)."""
        if not expected:
            return None
        text = self.doc.text
        areas = [(0, len(text))]
        if hint is not None and 0 <= hint < len(self.doc.blocks):
            areas.insert(0, self.doc.blocks[hint].span)
        for lo, hi in areas:
            count = text.count(expected, lo, hi)
            if count == 1:
                i = text.find(expected, lo, hi)
                return i, i + len(expected)
            if count > 1:
                return None
        return None

    def first_paragraph(self) -> Located | None:
        """The first paragraph of the main part with text: where a comment that cannot be
        anchored on its own words goes."""
        pm = self.part_map(self.pkg.main)
        for para in pm.paras.values():
            if para.text.strip():
                return Located(self.pkg.main, [(para, 0, len(para.text))])
        return None
