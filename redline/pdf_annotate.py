"""An annotated copy of a PDF: each finding's words highlighted in its severity's colour,
with a printable note beside them.

Every annotation carries its own appearance stream, so PDFium, browsers and print show
the same thing without regenerating it. Notes go in a side margin wide enough for them;
where none is, the page is widened on the right (the content does not move) to make one.
Notes are numbered through the document, and each number is drawn at its highlight too.
Notes that do not fit beside their page at a readable size go on notes pages added at
the end, so the original pages keep their numbers (the report links to them).
"""

from __future__ import annotations

import logging
import math
from dataclasses import dataclass
from io import BytesIO

from pypdf import PdfReader, PdfWriter
from pypdf.annotations import Popup
from pypdf.generic import (
    ArrayObject,
    DictionaryObject,
    FloatObject,
    IndirectObject,
    NameObject,
    NumberObject,
    RectangleObject,
    StreamObject,
    TextStringObject,
)

from extractors.readers.pdf_objects import Frame
from redline.ooxml import described
from redline.pdf_notes import EDGE, GAP, LEADING, PAD, SIZES, Note, layout, note_text, text_width
from redline.pdf_words import Pages, Place, locate, skeleton, to_user, to_user_box
from redline.textsafe import xml_safe
from schemas import Document, Finding, Severity, SuggestionKind

log = logging.getLogger(__name__)
# pypdf logs each repair it makes to a damaged original ("Object 5 0 found"), hundreds of
# lines for a bad xref; the reader already reported what matters about the document.
logging.getLogger("pypdf").setLevel(logging.ERROR)

COLOURS = {Severity.high: (1.0, 0.0, 0.0), Severity.medium: (1.0, 0.55, 0.0), Severity.low: (1.0, 1.0, 0.0)}
PRINT = 4  # annotation flag: print it
MIN_MARGIN = 110.0  # a side margin narrower than this cannot hold readable notes
COLUMN = 180.0  # the right margin a page is widened to when it has no such margin
LABEL = 7.0  # font size of the number drawn at a highlight
GREY = (0.55, 0.55, 0.55)  # the box that says where a page's other notes went
MORE = SIZES[-1] * LEADING + 2 * PAD  # the line that says where a page's other notes went
HEAD = EDGE + 24  # notes on an added notes page start below its heading
_FONTS = {
    k: {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": v, "/Encoding": "/WinAnsiEncoding"}
    for k, v in (("/Helv", "/Helvetica"), ("/HeBo", "/Helvetica-Bold"))
}


@dataclass
class Annotated:
    pdf: bytes
    located: dict[str, list[Place]]  # finding id -> where its words were highlighted
    skipped: list[str]  # "finding id: why", for findings whose words were not highlighted


def annotate_pdf(original: bytes, doc: Document, findings: list[Finding], about: dict[str, str] | None = None) -> bytes:
    """`about` (mode, profile, date, version) goes in the PDF's subject (File > Properties)."""
    return annotate(original, doc, findings, about).pdf


def target_span(f: Finding) -> tuple[int, int] | None:
    """The words a finding is about: the replaced words, else its first commitment."""
    s = f.suggestion
    if s and s.kind is SuggestionKind.replace and s.span:
        return s.span
    return next((c.span for c in f.places if c.span), None)


def annotate(original: bytes, doc: Document, findings: list[Finding], about: dict[str, str] | None = None) -> Annotated:
    if doc.source.media_type != "application/pdf":
        raise ValueError(f"{doc.source.name} is {doc.source.media_type}, not a PDF")
    writer = PdfWriter(clone_from=PdfReader(BytesIO(original)))  # a copy: `original` stays as it is
    pages = Pages(original)
    located: dict[str, list[Place]] = {}
    skipped: list[str] = []
    try:
        anchors = {}
        for f in findings:
            places = _places(doc, pages, f, skipped)
            if places:
                located[f.id] = places
            anchors[f.id] = (places[0].page, places[0].boxes[0][1]) if places else _fallback_anchor(doc, f)
        # Numbered in reading order through the document, so that a note can be cited ("note 7").
        order = sorted(findings, key=lambda f: anchors[f.id])
        notes = [Note(f, anchors[f.id][1], number=i) for i, f in enumerate(order, start=1)]
        # Every page a span lies on gets a highlight; the first carries the note's number.
        # Numbers of findings on the same words line up leftwards, highest first: they read 1 2 3.
        taken: dict[tuple, float] = {}
        highlights = {
            n.finding.id: [
                _highlight(writer, pages.frame(p.page), p, n, taken if k == 0 else None)
                for k, p in enumerate(located.get(n.finding.id, []))
            ]
            for n in reversed(notes)
        }
        by_page: dict[int, list[Note]] = {}
        for n in notes:
            by_page.setdefault(anchors[n.finding.id][0], []).append(n)
        moved = {page: _notes_beside(writer, pages, page, ns, highlights) for page, ns in sorted(by_page.items())}
        last = pages.frame(len(pages.pdf))  # notes pages take the last page's displayed size
        width = last.h if last.rotation in (90, 270) else last.w
        overflow = [(page, n) for page, (_, rest) in moved.items() for n in rest]
        on = _notes_pages(writer, overflow, width, last.display_height)
        for page, (column, rest) in moved.items():
            if rest:
                writer.add_annotation(page - 1, _pointer(writer, pages.frame(page), column, rest, on, page))
    finally:
        pages.close()
    out = BytesIO()
    if about:
        writer.add_metadata({"/Subject": xml_safe(described(about))})
    writer.write(out)
    return Annotated(out.getvalue(), located, skipped)


def _notes_beside(writer: PdfWriter, pages: Pages, page: int, notes: list[Note],
                  highlights: dict) -> tuple[tuple[float, float], list[Note]]:
    """A page's notes in a column beside it; returns the column and the notes that do not fit there."""
    frame, column = pages.frame(page), _column(writer, pages, page)
    rest = layout(notes, column, frame.display_height)
    if rest:  # the column's first line will say where the others went
        rest = layout(notes, column, frame.display_height, top=EDGE + MORE + GAP)
    for n in notes:
        y = n.top if n in rest else n.y
        for h in highlights[n.finding.id][:1]:
            popup = to_user_box(frame, (column[0], y, column[1], y + 120))
            writer.add_annotation(page - 1, Popup(rect=popup, parent=h))
        if n not in rest:
            writer.add_annotation(page - 1, _free_text(writer, frame, n, column))
    return column, rest


class _Sheet:
    """An added page as `Frame` reads a PDFium page: unrotated, its origin at 0, 0."""

    def __init__(self, width: float, height: float):
        self.box = (0.0, 0.0, width, height)

    def get_mediabox(self) -> tuple[float, float, float, float]:
        return self.box

    def get_rotation(self) -> int:
        return 0


def _notes_pages(writer: PdfWriter, moved: list[tuple[int, Note]], width: float, height: float) -> dict[int, int]:
    """The notes that did not fit beside their pages, on pages added at the end, two
    columns a page. Returns each note's number -> the page it is on."""
    on: dict[int, int] = {}
    frame = Frame(_Sheet(width, height))
    columns = ((36.0, width / 2 - 9), (width / 2 + 9, width - 36))
    # Stacked from the top in number order, each saying which page its words are on.
    notes = [Note(n.finding, HEAD, number=n.number, page=page) for page, n in moved]
    while notes:
        sheet = writer.add_blank_page(width, height)
        heading = StreamObject()
        heading.set_data(f"BT /HeBo 11 Tf 36 {height - EDGE - 14:.2f} Td (Notes continued) Tj ET".encode("latin-1"))
        sheet[NameObject("/Contents")] = writer._add_object(heading)
        sheet[NameObject("/Resources")] = _pdf({"/Font": _FONTS})
        for column in columns:
            rest = layout(notes, column, height, top=HEAD)
            for n in notes:
                if n not in rest:
                    writer.add_annotation(len(writer.pages) - 1, _free_text(writer, frame, n, column))
                    on[n.number] = len(writer.pages)
            notes = rest
    return on


def _places(doc: Document, pages: Pages, f: Finding, skipped: list[str]) -> list[Place]:
    span, why = target_span(f), ""
    try:
        places = locate(doc, pages, *span) if span else []
        why = "" if span else "no span to highlight"
    except ValueError as e:
        places, why = [], str(e)
    for p in places:  # PDFium's own text under the boxes must read as the finding's words
        seen = "".join(pages.text_in(p.page, _inset(b)) for b in p.boxes)
        if skeleton(seen)[0] != skeleton(p.text)[0]:
            places, why = [], f"page {p.page} reads {seen[:60]!r} under the boxes, not {p.text[:60]!r}"
            break
    if why:
        page = next((c.page for c in f.places if c.page), None)
        where = f" on page {page}" if page else ""
        skipped.append(f"the {f.type.value.replace('_', '-')} finding{where} ({f.id}) has its note but no highlight: {why}")
        log.debug("not highlighted: %s: %s", f.id, why)
    return places


def _inset(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    # Loose boxes of the lines above and below may touch ours: read the middle band.
    dy = (b[3] - b[1]) * 0.2
    return b[0] + 0.3, b[1] + dy, b[2] - 0.3, b[3] - dy


def _fallback_anchor(doc: Document, f: Finding) -> tuple[int, float]:
    """Where a finding whose words were not found gets its note: its block, else page 1."""
    for c in f.places:
        if c.block is not None and c.block < len(doc.blocks) and doc.blocks[c.block].loc.bbox:
            b = doc.blocks[c.block]
            return b.loc.page or 1, b.loc.bbox.top
    return 1, EDGE


def _column(writer: PdfWriter, pages: Pages, page: int) -> tuple[float, float]:
    """The notes' column on a page, (x0, x1) displayed, widening the page when needed.
    Widening keeps displayed coordinates: the strip is added right of the old width."""
    frame = pages.frame(page)
    width = frame.h if frame.rotation in (90, 270) else frame.w
    chars = pages.chars(page)
    left = min((c.x0 for c in chars), default=width / 2)
    right = width - max((c.x1 for c in chars), default=width / 2)
    if max(left, right) >= MIN_MARGIN:
        return (6.0, left - 6) if left > right else (width - right + 6, width - 6)
    # The displayed right side is another edge of the user-space box on a rotated page.
    i, sign = {0: (2, 1), 90: (3, 1), 180: (0, -1), 270: (1, -1)}[frame.rotation]
    p = writer.pages[page - 1]
    for name in ("/MediaBox", "/CropBox"):
        if name == "/MediaBox" or name in p:
            box = [float(v) for v in (p.mediabox if name == "/MediaBox" else p.cropbox)]
            box[i] += sign * (COLUMN - right)
            p[NameObject(name)] = RectangleObject(box)
    return width - right + 6, width - right + COLUMN - 8


def _stream(writer: PdfWriter, content: str, bbox: tuple[float, ...], resources: dict, matrix=None) -> IndirectObject:
    s = StreamObject()
    s.set_data(content.encode("latin-1"))
    s.update({NameObject("/Type"): NameObject("/XObject"), NameObject("/Subtype"): NameObject("/Form")})
    s.update({NameObject("/BBox"): _pdf(list(bbox)), NameObject("/Resources"): _pdf(resources)})
    if matrix:
        s[NameObject("/Matrix")] = _pdf(matrix)
    return writer._add_object(s)  # a stream must be an indirect object; pypdf has no public call


def _pdf(value):
    """Plain Python values as PDF objects; strings starting with "/" are names."""
    if isinstance(value, dict):
        return DictionaryObject({NameObject(k): _pdf(v) for k, v in value.items()})
    if isinstance(value, (list, tuple)):
        return ArrayObject(_pdf(v) for v in value)
    if isinstance(value, str):
        return NameObject(value) if value.startswith("/") else TextStringObject(value)
    return FloatObject(round(value, 3))


def _annotation(subtype: str, rect: tuple[float, ...], name: str, ap: IndirectObject, subject: str,
                contents: str) -> DictionaryObject:
    entries = {"/Type": "/Annot", "/Subtype": subtype, "/T": "Candor", "/Subj": subject, "/NM": name, "/Contents": contents}
    annot = _pdf(entries)
    annot.update({NameObject("/Rect"): RectangleObject(rect), NameObject("/F"): NumberObject(PRINT)})
    annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})
    return annot


def _note_annotation(n: Note, subtype: str, rect: tuple[float, ...], name: str, ap: IndirectObject) -> DictionaryObject:
    head, body = note_text(n)
    return _annotation(subtype, rect, name, ap, n.finding.type.value.replace("_", "-"), f"{head}\n{body}")


def _highlight(writer: PdfWriter, frame, place: Place, n: Note, taken: dict[tuple, float] | None) -> DictionaryObject:
    """`taken`: None for a highlight without a number; else how wide the number tabs
    already left of each first box (page, x, top) are, so that this one goes left of them."""
    quads = []
    for x0, top, x1, bottom in place.boxes:  # upper-left, upper-right, lower-left, lower-right
        quads += [v for pt in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)) for v in to_user(frame, *pt)]
    xs, ys = quads[0::2], quads[1::2]
    r, g, b = COLOURS[n.finding.severity]
    fill = "".join(
        "{:.2f} {:.2f} m {:.2f} {:.2f} l {:.2f} {:.2f} l {:.2f} {:.2f} l h f\n".format(*q[0:4], *q[6:8], *q[4:6])
        for q in (quads[i : i + 8] for i in range(0, len(quads), 8))
    )
    # Multiply keeps the words dark under the colour, as a highlighter pen does.
    content = f"q /GS0 gs {r} {g} {b} rg\n{fill}Q"
    if taken is not None:
        spot = (place.page, *(round(v) for v in place.boxes[0][:2]))
        label, corners, width = _label(frame, place.boxes[0], n, taken.get(spot, 0.0))
        taken[spot] = taken.get(spot, 0.0) + width
        content += label
        xs, ys = xs + corners[0::2], ys + corners[1::2]
    rect = (min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1)
    resources = {"/ExtGState": {"/GS0": {"/BM": "/Multiply", "/ca": 0.5, "/CA": 0.5}}, "/Font": _FONTS}
    ap = _stream(writer, content, rect, resources)
    annot = _note_annotation(n, "/Highlight", rect, f"{n.finding.id}#p{place.page}", ap)
    annot.update({NameObject("/QuadPoints"): _pdf(quads), NameObject("/C"): _pdf([r, g, b])})
    return writer.add_annotation(place.page - 1, annot)


def _label(frame, box: tuple[float, float, float, float], n: Note, shift: float) -> tuple[str, list[float], float]:
    """The note's number in a tab `shift` points left of the highlighted words, upright on
    the displayed page: its drawing, its corners in user space (for the /Rect) and width.
    The tab is opaque: a number drawn over the words before it could not be read."""
    text = str(n.number)
    w, h = text_width(text, LABEL, "Helvetica-Bold") + 3, max(box[3] - box[1], LABEL * 1.15)
    x0, y1 = max(box[0] - shift - w, 0.0), (box[1] + box[3] + h) / 2  # its lower left, displayed
    # Drawn in the tab's own upright axes: x along the displayed line, y up the displayed page.
    ox, oy = to_user(frame, x0, y1)
    ax, ay = to_user(frame, x0 + 1, y1)
    bx, by = to_user(frame, x0, y1 - 1)
    axes = f"{ax - ox:.3f} {ay - oy:.3f} {bx - ox:.3f} {by - oy:.3f} {ox:.2f} {oy:.2f} cm"
    colour = COLOURS[n.finding.severity]
    pale = " ".join(f"{0.5 + 0.5 * c:.3f}" for c in colour)  # the highlight's colour on white
    base = (h - 0.72 * LABEL) / 2  # Helvetica's digits are 0.72 em tall
    content = (
        f"\nq {axes} {pale} rg {' '.join(map(str, colour))} RG 0.4 w 0.2 0.2 {w - 0.4:.2f} {h - 0.4:.2f} re B"
        f" 0 g BT /HeBo {LABEL} Tf 1.5 {base:.2f} Td ({text}) Tj ET Q"
    )
    corners = [v for pt in ((x0, y1), (x0 + w, y1 - h)) for v in to_user(frame, *pt)]
    return content, corners, w


def _text_box(writer: PdfWriter, frame, box: tuple[float, float, float, float], lines: list[str], bold: int,
              size: float, colour: tuple[float, float, float]) -> tuple[tuple[float, ...], IndirectObject]:
    """A bordered box of lines at `box` (displayed): its user-space /Rect and appearance."""
    w, h = box[2] - box[0], box[3] - box[1]
    r, g, b = colour
    pale = " ".join(f"{0.85 + 0.15 * c:.3f}" for c in colour)
    text = "\n".join(
        f"BT /{'HeBo' if i < bold else 'Helv'} {size} Tf {PAD} {h - PAD - size * (i + 0.8) * LEADING:.2f} Td ({_escape(line)}) Tj ET"
        for i, line in enumerate(lines)
    )
    content = f"q {pale} rg {r} {g} {b} RG 0.6 w 0.3 0.3 {w - 0.6:.2f} {h - 0.6:.2f} re B Q\n0 g\n{text}"
    turn = math.radians(frame.rotation)  # upright on a rotated page: turn back by /Rotate
    matrix = [math.cos(turn), math.sin(turn), -math.sin(turn), math.cos(turn), 0, 0]
    return to_user_box(frame, box), _stream(writer, content, (0, 0, w, h), {"/Font": _FONTS}, matrix)


def _free_text(writer: PdfWriter, frame, n: Note, column: tuple[float, float]) -> DictionaryObject:
    box = (column[0], n.y, column[1], n.y + n.height)
    rect, ap = _text_box(writer, frame, box, n.lines, n.bold, n.size, COLOURS[n.finding.severity])
    annot = _note_annotation(n, "/FreeText", rect, f"{n.finding.id}#note", ap)
    annot[NameObject("/DA")] = TextStringObject(f"/Helv {n.size} Tf 0 g")
    return annot


def _pointer(writer: PdfWriter, frame, column: tuple[float, float], moved: list[Note], on: dict[int, int],
             page: int) -> DictionaryObject:
    """The line at the top of a page's notes that says where its other notes are."""
    first, last = moved[0].number, moved[-1].number
    text = f"Note {first}" if first == last else f"Notes {first}\u2013{last}"
    text += f" on page {on[first]}" if on[first] == on[last] else f" on pages {on[first]}\u2013{on[last]}"
    size = SIZES[-1]
    rect, ap = _text_box(writer, frame, (column[0], EDGE, column[1], EDGE + MORE), [text], 1, size, GREY)
    annot = _annotation("/FreeText", rect, f"p{page}#more", ap, "notes continued", text)
    annot[NameObject("/DA")] = TextStringObject(f"/Helv {size} Tf 0 g")
    return annot


def _escape(line: str) -> str:
    raw = line.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
