"""Where a character span of a parsed PDF lies on its pages: one box per line of text.

The reader's blocks keep a box per page (`loc.regions`), not per character, so we read the
page's characters again through PDFium and find the span's words among those inside the
block's box. Texts are compared as "skeletons": whitespace, hyphens and the reader's
" | " cell separators left out, so line-end hyphens and table cells do not matter.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors.readers.pdf_objects import Frame
from schemas import Document, Region

_DROP = set("-_\x02\xad\u2010\u2011\ufffe\ufeff|")  # "_": fill-in blanks sit below the line band we check
# Nor what is no text: PDFium's text under a box reads a control (ESC) as a line break and
# leaves U+FFFF out, and the reader reads half a surrogate pair as U+FFFD.
_DROP.update(map(chr, [*range(0x20), 0x7F, 0xFFFF, 0xFFFD, *range(0xD800, 0xE000)]))
_CELL = re.compile(r" \| ")


def skeleton(text: str) -> tuple[str, list[int]]:
    """The comparable characters of `text`, and each one's offset in `text`."""
    chars, where = [], []
    for i, ch in enumerate(text):
        if "\ue000" <= ch <= "\uf8ff":  # symbol-font bullets: the reader reads them as bullets
            ch = "•"
        for c in unicodedata.normalize("NFKC", ch):
            if not c.isspace() and c not in _DROP:
                chars.append(c)
                where.append(i)
    return "".join(chars), where


@dataclass
class Char:
    text: str
    x0: float  # displayed page, top-left origin, like the document model
    top: float
    x1: float
    bottom: float


@dataclass
class Place:
    """Part of a span on one page: a box per line, displayed coordinates."""

    page: int  # 1-based
    boxes: list[tuple[float, float, float, float]]
    text: str  # the span's words there, as the document reads them


class Pages:
    """The PDF's pages opened once, characters read on first use."""

    def __init__(self, data: bytes):
        self.pdf = pdfium.PdfDocument(data)
        self._chars: dict[int, list[Char]] = {}
        self._pages: dict[int, tuple] = {}  # page -> (page, text page, frame): loading them is the cost

    def close(self) -> None:
        self.pdf.close()

    def _page(self, page: int) -> tuple:
        if page not in self._pages:
            pg = self.pdf[page - 1]
            self._pages[page] = (pg, pg.get_textpage(), Frame(pg))
        return self._pages[page]

    def frame(self, page: int) -> Frame:
        return self._page(page)[2]

    def chars(self, page: int) -> list[Char]:
        if page not in self._chars:
            _, textpage, frame = self._page(page)
            self._chars[page] = _read_chars(textpage, frame)
        return self._chars[page]

    def text_in(self, page: int, box: tuple[float, float, float, float]) -> str:
        """PDFium's own text under a displayed-coordinates box: the check that a box is right."""
        _, textpage, frame = self._page(page)
        x0, y0, x1, y1 = to_user_box(frame, box)
        return textpage.get_text_bounded(left=x0, bottom=y0, right=x1, top=y1)


def _read_chars(textpage, frame: Frame) -> list[Char]:
    """Every visible character with its displayed box. Runs once per character, so it
    calls PDFium directly with one reused rectangle and maps unrotated pages inline."""
    raw, rect = textpage.raw, pdfium_c.FS_RECTF()
    get_unicode, get_box = pdfium_c.FPDFText_GetUnicode, pdfium_c.FPDFText_GetLooseCharBox
    plain = frame.rotation == 0
    ox, oy, h = frame.ox, frame.oy, frame.h
    out = []
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        ch = chr(get_unicode(raw, i) or 32)
        if ch.isspace():
            continue
        get_box(raw, i, rect)
        if plain:
            out.append(Char(ch, rect.left - ox, h - (rect.top - oy), rect.right - ox, h - (rect.bottom - oy)))
        else:
            x0, top, x1, bottom = frame.box(rect.left, rect.bottom, rect.right, rect.top)
            out.append(Char(ch, x0, top, x1, bottom))
    return out


def to_user(frame: Frame, x: float, y: float) -> tuple[float, float]:
    """Displayed top-left coordinates back to PDF user space: the inverse of `Frame.point`."""
    if frame.rotation == 90:
        return frame.ox + y, frame.oy + x
    if frame.rotation == 180:
        return frame.ox + frame.w - x, frame.oy + y
    if frame.rotation == 270:
        return frame.ox + frame.w - y, frame.oy + frame.h - x
    return frame.ox + x, frame.oy + frame.h - y


def to_user_box(frame: Frame, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    ax, ay = to_user(frame, box[0], box[1])
    bx, by = to_user(frame, box[2], box[3])
    return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def locate(doc: Document, pages: Pages, start: int, end: int) -> list[Place]:
    """Boxes of `doc.text[start:end]`, page by page; ValueError when the words are not found."""
    places: list[Place] = []
    for b in doc.blocks:
        lo, hi = max(start, b.span[0]) - b.span[0], min(end, b.span[1]) - b.span[0]
        if lo >= hi or not b.text[lo:hi].strip(" |"):
            continue
        regions = b.loc.regions or ([Region(page=b.loc.page, bbox=b.loc.bbox)] if b.loc.bbox else [])
        if not regions:
            raise ValueError(f"block {b.index} has no place on a page")
        for k, r in enumerate(regions):
            r_end = regions[k + 1].start if k + 1 < len(regions) else len(b.text)
            a, z = max(lo, r.start), min(hi, r_end)
            if a < z and b.text[a:z].strip(" |"):
                boxes = _find(pages, r, b.text, r.start, r_end, a, z)
                if boxes:  # none when the words are all blanks or bars
                    places.append(Place(r.page, boxes, b.text[a:z]))
    if not places:
        raise ValueError(f"no block holds characters {start}-{end}")
    return places


def _find(pages: Pages, region: Region, text: str, r0: int, r1: int, a: int, z: int) -> list[tuple]:
    """Line boxes of text[a:z], which lies in the part text[r0:r1] of a block on `region`."""
    bb = region.bbox
    inside = [
        c for c in pages.chars(region.page)
        if bb.x0 - 1 <= (c.x0 + c.x1) / 2 <= bb.x1 + 1 and bb.top - 1 <= (c.top + c.bottom) / 2 <= bb.bottom + 1
    ]
    # Each Char is one code point, so offsets in the joined text are indices in `inside`.
    page_skel, page_map = skeleton("".join(c.text for c in inside))
    block_skel, _ = skeleton(text[r0:r1])
    boxes = []
    # Table cells may be drawn in another order than the reader's: look for each cell alone.
    for pa, pz in _cells(text, a, z):
        want, _ = skeleton(text[pa:pz])
        if not want:
            continue
        before = len(skeleton(text[r0:pa])[0])
        expected = [m.start() for m in re.finditer(f"(?={re.escape(want)})", block_skel)]
        found = [m.start() for m in re.finditer(f"(?={re.escape(want)})", page_skel)]
        if not found:
            raise ValueError(f"{want[:40]!r} is not among the characters of page {region.page} in the block's box")
        if len(found) == len(expected) and before in expected:
            at = found[expected.index(before)]
        else:  # extra or missing copies: take the one at the nearest relative position
            at = min(found, key=lambda p: abs(p / len(page_skel) - before / max(len(block_skel), 1)))
        boxes += _lines([inside[page_map[i]] for i in range(at, at + len(want))])
    return boxes


def _cells(text: str, a: int, z: int) -> list[tuple[int, int]]:
    cuts = list(_CELL.finditer(text, a, z))
    bounds = [a] + [x for m in cuts for x in (m.start(), m.end())] + [z]
    return [(bounds[i], bounds[i + 1]) for i in range(0, len(bounds), 2) if bounds[i] < bounds[i + 1]]


def _lines(chars: list[Char]) -> list[tuple[float, float, float, float]]:
    """One box per run of characters on a line, in order."""
    boxes: list[list[float]] = []
    for c in chars:
        cy = (c.top + c.bottom) / 2
        last = boxes[-1] if boxes else None
        if last and last[1] <= cy <= last[3] and c.x0 >= last[2] - (c.x1 - c.x0) - 1:
            last[0], last[1], last[2], last[3] = min(last[0], c.x0), min(last[1], c.top), max(last[2], c.x1), max(last[3], c.bottom)
        else:
            boxes.append([c.x0, c.top, c.x1, c.bottom])
    return [tuple(b) for b in boxes]
