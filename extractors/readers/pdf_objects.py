"""What a PDF page holds, read through PDFium: words with boxes, and ruling lines.

PDFium gives characters in content order with its own generated spaces and line breaks;
we only ask it for the boxes of visible characters (one C call each), which is what keeps
the reader fast. Coordinates are turned into top-left-origin points here, once.
"""

import ctypes
import math
import unicodedata
from dataclasses import dataclass

import pypdfium2.raw as pdfium_c

# Characters PDFium reports that a reader should see differently.
_CHAR_MAP = {
    "\x02": "-",  # PDFium's mark for a hyphen at a line end
    "\xad": "-",
    "\u2010": "-",
    "\u2011": "-",
    "\xa0": " ",
    "\ufffe": "-",  # the same mark, as get_text_range reports it
    "\ufeff": "",
}
# A font can map a glyph to half a surrogate pair, which is no character: no output
# (JSON, XML) can store it.
_CHAR_MAP.update({chr(c): "\ufffd" for c in range(0xD800, 0xE000)})
# Symbol-font bullets land in the private use area; read them as bullets.
_CHAR_MAP.update({chr(c): "•" for c in (0xF0B7, 0xF0A7, 0xF0A8, 0xF0D8, 0xF076, 0xF0FC, 0xF06E, 0xF0E0, 0xF0A1)})
_LIGATURES = {chr(c): unicodedata.normalize("NFKC", chr(c)) for c in range(0xFB00, 0xFB07)}
_SEPARATORS = {" ", "\r", "\n", "\t", "\x00"}


@dataclass(slots=True)
class Word:
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0  # font size in points
    bold: bool = False
    unmapped: bool = False  # its font has no usable Unicode map: the text may be garbled

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def height(self) -> float:
        return self.bottom - self.top


@dataclass(slots=True)
class Edge:
    """A ruling line: horizontal when `horizontal`, spanning [a0, a1] at `pos`."""

    horizontal: bool
    pos: float
    a0: float
    a1: float


class Frame:
    """Maps PDF user space (y up, unrotated) to the page as displayed (y down, /Rotate applied)."""

    def __init__(self, page):
        left, bottom, right, top = page.get_mediabox()
        self.ox, self.oy = left, bottom
        self.w, self.h = right - left, top - bottom
        self.rotation = page.get_rotation() % 360
        self.display_height = self.w if self.rotation in (90, 270) else self.h

    def point(self, x: float, y: float) -> tuple[float, float]:
        x, y = x - self.ox, y - self.oy
        if self.rotation == 90:
            return y, x
        if self.rotation == 180:
            return self.w - x, y
        if self.rotation == 270:
            return self.h - y, self.w - x
        return x, self.h - y

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, float, float, float]:
        ax, ay = self.point(left, bottom)
        bx, by = self.point(right, top)
        return min(ax, bx), min(ay, by), max(ax, bx), max(ay, by)


def page_words(textpage, frame: Frame) -> list[Word]:
    """Words of the page in content order. The loop runs once per character, so it
    keeps to local variables and inline arithmetic: it is most of the reader's time."""
    raw = textpage.raw
    count = pdfium_c.FPDFText_CountChars(raw)
    if count <= 0:
        return []
    text = textpage.get_text_range(0, count)
    if len(text) != count:  # surrogate pairs shift indices: ask char by char instead
        text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i) or 32) for i in range(count))
    rect = pdfium_c.FS_RECTF()
    rect_ref = ctypes.byref(rect)
    loose_box = pdfium_c.FPDFText_GetLooseCharBox
    is_generated = pdfium_c.FPDFText_IsGenerated
    rot, ox, oy, w, h = frame.rotation, frame.ox, frame.oy, frame.w, frame.h
    char_map, ligatures, separators = _CHAR_MAP, _LIGATURES, _SEPARATORS
    words: list[Word] = []
    chars: list[str] = []
    x0 = top = x1 = bottom = 0.0
    first = -1
    soft_break = False  # PDFium guessed a space here from a gap; we judge the gap ourselves
    inner_gap = -1.0  # widest gap between letters of the current word; -1: none yet
    for i, ch in enumerate(text):
        if ch == " " and is_generated(raw, i) == 1:
            soft_break = True
            continue
        if ch in separators or ch.isspace():
            if chars:
                _emit(words, chars, x0, top, x1, bottom, raw, first)
                chars = []
            inner_gap = -1.0
            continue
        if not loose_box(raw, i, rect_ref):
            continue
        left, low, right, high = rect.left - ox, rect.bottom - oy, rect.right - ox, rect.top - oy
        if rot == 0:
            c_x0, c_top, c_x1, c_bottom = left, h - high, right, h - low
        elif rot == 90:
            c_x0, c_top, c_x1, c_bottom = low, left, high, right
        elif rot == 180:
            c_x0, c_top, c_x1, c_bottom = w - right, low, w - left, high
        else:
            c_x0, c_top, c_x1, c_bottom = h - high, w - right, h - low, w - left
        if chars:
            height = bottom - top if bottom - top > 1.0 else 1.0
            centre_shift = (c_top + c_bottom - top - bottom) / 2
            jumped = centre_shift > height * 0.6 or -centre_shift > height * 0.6
            gap = c_x0 - x1
            if soft_break:
                # PDFium guesses spaces from gaps; letter-spaced headings ("M e t h o d")
                # fool it. A gap is a word break when it is wide against the gaps inside
                # the word so far, or, for a word's second letter, against the type size.
                char_h = c_bottom - c_top if c_bottom - c_top > 1.0 else 1.0
                # (0.10: a tight word's 0.15-height space, "8 hour restoration" in the USAF PWS)
                limit = char_h * 0.28 if inner_gap < 0 else max(char_h * 0.10, inner_gap * 1.6)
                if chars[-1].isdigit() != ch.isdigit():  # "2 hour": no letter-spaced heading
                    limit = char_h * 0.15
                raised = False
            else:
                limit = height * 0.8
                raised = jumped and -0.5 < gap < height * 0.15  # "7th", "m²"
            if jumped and not raised or gap > limit or gap < -height * 2:
                _emit(words, chars, x0, top, x1, bottom, raw, first)
                chars = []
                inner_gap = -1.0
            elif gap > inner_gap:
                inner_gap = max(gap, 0.0)  # a kerned overlap is no gap, and -1 means "no letter yet"
        soft_break = False
        if ch in char_map:
            ch = char_map[ch]
        elif ch in ligatures:
            ch = ligatures[ch]
        if not chars:
            x0, top, x1, bottom, first = c_x0, c_top, c_x1, c_bottom, i
        else:
            if c_x0 < x0:
                x0 = c_x0
            if c_x1 > x1:
                x1 = c_x1
            if c_top < top:
                top = c_top
            if c_bottom > bottom:
                bottom = c_bottom
        chars.append(ch)
    if chars:
        _emit(words, chars, x0, top, x1, bottom, raw, first)
    return words


def _emit(words, chars, x0, top, x1, bottom, raw, first) -> None:
    word_text = "".join(chars)
    if word_text.strip():
        words.append(Word(word_text, x0, top, x1, bottom, *_font(raw, first)))


def _font(raw, index: int) -> tuple[float, bool, bool]:
    size = pdfium_c.FPDFText_GetFontSize(raw, index) * _scale(raw, index)
    weight = pdfium_c.FPDFText_GetFontWeight(raw, index)
    bold = weight >= 600 if weight > 0 else _bold_name(raw, index)
    return float(size), bold, pdfium_c.FPDFText_HasUnicodeMapError(raw, index) == 1


def _bold_name(raw, index: int) -> bool:
    """A font that states no weight (the standard Helvetica-Bold, unembedded) says it in
    its name."""
    name = ctypes.create_string_buffer(96)
    pdfium_c.FPDFText_GetFontInfo(raw, index, name, 96, None)
    return any(w in name.value for w in (b"Bold", b"Black", b"Heavy", b"Semibold"))


def _scale(raw, index: int) -> float:
    """The text matrix's vertical scale. Many writers set type at size 1 and scale it by
    the matrix: the nominal size alone made every line gap look huge, so each line of
    such a PDF became a paragraph of its own."""
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFText_GetMatrix(raw, index, ctypes.byref(m)):
        return 1.0
    return math.hypot(m.c, m.d) or 1.0


def page_edges(page, frame: Frame, max_objects: int = 20000) -> list[Edge]:
    """Horizontal and vertical line segments drawn on the page (table rules, boxes)."""
    edges: list[Edge] = []
    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    budget = [max_objects]
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    for i in range(count):
        _collect(pdfium_c.FPDFPage_GetObject(page.raw, i), identity, frame, edges, budget, 0)
        if budget[0] <= 0:
            break
    return edges


def _collect(obj, parent, frame, edges, budget, depth):
    budget[0] -= 1
    if budget[0] <= 0 or depth > 8:
        return
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
        return
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return
    matrix = _compose((m.a, m.b, m.c, m.d, m.e, m.f), parent)
    if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
        for j in range(pdfium_c.FPDFFormObj_CountObjects(obj)):
            _collect(pdfium_c.FPDFFormObj_GetObject(obj, j), matrix, frame, edges, budget, depth + 1)
        return
    _path_edges(obj, parent, matrix, frame, edges)


def _path_edges(obj, parent, matrix, frame, edges):
    n = pdfium_c.FPDFPath_CountSegments(obj)
    if n <= 0 or n > 2000:
        return
    if n <= 5 and _thin_rule(obj, parent, frame, edges):
        return
    x, y = ctypes.c_float(), ctypes.c_float()
    start = prev = None
    for j in range(n):
        seg = pdfium_c.FPDFPath_GetPathSegment(obj, j)
        if not pdfium_c.FPDFPathSegment_GetPoint(seg, ctypes.byref(x), ctypes.byref(y)):
            continue
        point = _apply(matrix, x.value, y.value, frame)
        kind = pdfium_c.FPDFPathSegment_GetType(seg)
        if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
            start = prev = point
            continue
        if kind == pdfium_c.FPDF_SEGMENT_LINETO and prev is not None:
            _add_edge(prev, point, edges)
        prev = point
        if pdfium_c.FPDFPathSegment_GetClose(seg) and start is not None:
            _add_edge(point, start, edges)
            prev = start


_L, _B, _R, _T = (ctypes.c_float() for _ in range(4))


def _thin_rule(obj, parent, frame, edges) -> bool:
    """Most table rules are a line or a thin filled box: one bounds call, no segments."""
    if not pdfium_c.FPDFPageObj_GetBounds(obj, ctypes.byref(_L), ctypes.byref(_B), ctypes.byref(_R), ctypes.byref(_T)):
        return True
    (ax, ay), (bx, by) = _apply(parent, _L.value, _B.value, frame), _apply(parent, _R.value, _T.value, frame)
    x0, x1, y0, y1 = min(ax, bx), max(ax, bx), min(ay, by), max(ay, by)
    if y1 - y0 <= 2.5 and x1 - x0 > 2:
        _add_edge((x0, (y0 + y1) / 2), (x1, (y0 + y1) / 2), edges)
        return True
    if x1 - x0 <= 2.5 and y1 - y0 > 2:
        _add_edge(((x0 + x1) / 2, y0), ((x0 + x1) / 2, y1), edges)
        return True
    return x1 - x0 <= 2.5 and y1 - y0 <= 2.5  # a dot: nothing to add


def _add_edge(p, q, edges, tol: float = 1.0, limit: float = 5000.0):
    (x0, y0), (x1, y1) = p, q
    # Clip and background paths can reach far off the page; keep rules on the page.
    x0, x1 = max(-10.0, min(x0, limit)), max(-10.0, min(x1, limit))
    y0, y1 = max(-10.0, min(y0, limit)), max(-10.0, min(y1, limit))
    if abs(y1 - y0) <= tol and abs(x1 - x0) > 2:
        edges.append(Edge(True, (y0 + y1) / 2, min(x0, x1), max(x0, x1)))
    elif abs(x1 - x0) <= tol and abs(y1 - y0) > 2:
        edges.append(Edge(False, (x0 + x1) / 2, min(y0, y1), max(y0, y1)))


def _compose(m, parent):
    a, b, c, d, e, f = m
    pa, pb, pc, pd, pe, pf = parent
    return (
        a * pa + b * pc,
        a * pb + b * pd,
        c * pa + d * pc,
        c * pb + d * pd,
        e * pa + f * pc + pe,
        e * pb + f * pd + pf,
    )


def _apply(m, x, y, frame: Frame):
    a, b, c, d, e, f = m
    return frame.point(a * x + c * y + e, b * x + d * y + f)
