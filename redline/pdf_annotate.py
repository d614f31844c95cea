"""An annotated copy of a PDF: each finding's words highlighted in its severity's colour,
with a printable note beside them.

Every annotation carries its own appearance stream, so PDFium, browsers and print show
the same thing without regenerating it. Notes go in a side margin wide enough for them;
where none is, the page is widened on the right (the content does not move) to make one.
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

from redline.pdf_notes import EDGE, PAD, Note, layout, note_text
from redline.pdf_words import Pages, Place, locate, skeleton, to_user, to_user_box
from schemas import Document, Finding, Severity, SuggestionKind

log = logging.getLogger(__name__)
# pypdf logs each repair it makes to a damaged original ("Object 5 0 found"), hundreds of
# lines for a bad xref; the reader already reported what matters about the document.
logging.getLogger("pypdf").setLevel(logging.ERROR)

COLOURS = {Severity.high: (1.0, 0.0, 0.0), Severity.medium: (1.0, 0.55, 0.0), Severity.low: (1.0, 1.0, 0.0)}
PRINT = 4  # annotation flag: print it
MIN_MARGIN = 110.0  # a side margin narrower than this cannot hold readable notes
COLUMN = 180.0  # the right margin a page is widened to when it has no such margin
_FONTS = {
    k: {"/Type": "/Font", "/Subtype": "/Type1", "/BaseFont": v, "/Encoding": "/WinAnsiEncoding"}
    for k, v in (("/Helv", "/Helvetica"), ("/HeBo", "/Helvetica-Bold"))
}


@dataclass
class Annotated:
    pdf: bytes
    located: dict[str, list[Place]]  # finding id -> where its words were highlighted
    skipped: list[str]  # "finding id: why", for findings whose words were not highlighted


def annotate_pdf(original: bytes, doc: Document, findings: list[Finding]) -> bytes:
    return annotate(original, doc, findings).pdf


def target_span(f: Finding) -> tuple[int, int] | None:
    """The words a finding is about: the replaced words, else its first commitment."""
    s = f.suggestion
    if s and s.kind is SuggestionKind.replace and s.span:
        return s.span
    return next((c.span for c in f.commitments if c.span), None)


def annotate(original: bytes, doc: Document, findings: list[Finding]) -> Annotated:
    if doc.source.media_type != "application/pdf":
        raise ValueError(f"{doc.source.name} is {doc.source.media_type}, not a PDF")
    writer = PdfWriter(clone_from=PdfReader(BytesIO(original)))  # a copy: `original` stays as it is
    pages = Pages(original)
    located: dict[str, list[Place]] = {}
    skipped: list[str] = []
    notes: dict[int, list[Note]] = {}
    try:
        for f in findings:
            places = _places(doc, pages, f, skipped)
            if places:
                located[f.id] = places
            page, top = (places[0].page, places[0].boxes[0][1]) if places else _fallback_anchor(doc, f)
            notes.setdefault(page, []).append(Note(f, top))
        # Every page a span lies on gets a highlight; the note goes beside the first.
        highlights = {f.id: [_highlight(writer, pages.frame(p.page), p, f) for p in located.get(f.id, [])] for f in findings}
        for page, page_notes in sorted(notes.items()):
            frame, column = pages.frame(page), _column(writer, pages, page)
            layout(page_notes, column, frame.display_height)
            for n in page_notes:
                for h in highlights[n.finding.id][:1]:
                    popup = to_user_box(frame, (column[0], n.y, column[1], n.y + 120))
                    writer.add_annotation(page - 1, Popup(rect=popup, parent=h))
                writer.add_annotation(page - 1, _free_text(writer, frame, n, column))
    finally:
        pages.close()
    out = BytesIO()
    writer.write(out)
    return Annotated(out.getvalue(), located, skipped)


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
        skipped.append(f"{f.id}: {why}")
        log.warning("not highlighted: %s: %s", f.id, why)
    return places


def _inset(b: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    # Loose boxes of the lines above and below may touch ours: read the middle band.
    dy = (b[3] - b[1]) * 0.2
    return b[0] + 0.3, b[1] + dy, b[2] - 0.3, b[3] - dy


def _fallback_anchor(doc: Document, f: Finding) -> tuple[int, float]:
    """Where a finding whose words were not found gets its note: its block, else page 1."""
    for c in f.commitments:
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


def _annotation(f: Finding, subtype: str, rect: tuple[float, ...], name: str, ap: IndirectObject) -> DictionaryObject:
    head, body = note_text(f)
    entries = {"/Type": "/Annot", "/Subtype": subtype, "/T": "Candor", "/Subj": f.check, "/NM": name, "/Contents": f"{head}\n{body}"}
    annot = _pdf(entries)
    annot.update({NameObject("/Rect"): RectangleObject(rect), NameObject("/F"): NumberObject(PRINT)})
    annot[NameObject("/AP")] = DictionaryObject({NameObject("/N"): ap})
    return annot


def _highlight(writer: PdfWriter, frame, place: Place, f: Finding) -> DictionaryObject:
    quads = []
    for x0, top, x1, bottom in place.boxes:  # upper-left, upper-right, lower-left, lower-right
        quads += [v for pt in ((x0, top), (x1, top), (x0, bottom), (x1, bottom)) for v in to_user(frame, *pt)]
    xs, ys = quads[0::2], quads[1::2]
    rect = (min(xs) - 1, min(ys) - 1, max(xs) + 1, max(ys) + 1)
    r, g, b = COLOURS[f.severity]
    fill = "".join(
        "{:.2f} {:.2f} m {:.2f} {:.2f} l {:.2f} {:.2f} l {:.2f} {:.2f} l h f\n".format(*q[0:4], *q[6:8], *q[4:6])
        for q in (quads[i : i + 8] for i in range(0, len(quads), 8))
    )
    # Multiply keeps the words dark under the colour, as a highlighter pen does.
    gs = {"/ExtGState": {"/GS0": {"/BM": "/Multiply", "/ca": 0.5, "/CA": 0.5}}}
    annot = _annotation(f, "/Highlight", rect, f"{f.id}#p{place.page}", _stream(writer, f"q /GS0 gs {r} {g} {b} rg\n{fill}Q", rect, gs))
    annot.update({NameObject("/QuadPoints"): _pdf(quads), NameObject("/C"): _pdf([r, g, b])})
    return writer.add_annotation(place.page - 1, annot)


def _free_text(writer: PdfWriter, frame, n: Note, column: tuple[float, float]) -> DictionaryObject:
    w, h, size = column[1] - column[0], n.height, n.size
    r, g, b = COLOURS[n.finding.severity]
    pale = " ".join(f"{0.85 + 0.15 * c:.3f}" for c in (r, g, b))
    text = "\n".join(
        f"BT /{'HeBo' if i < n.bold else 'Helv'} {size} Tf {PAD} {h - PAD - size * (i + 0.8) * 1.2:.2f} Td ({_escape(line)}) Tj ET"
        for i, line in enumerate(n.lines)
    )
    content = f"q {pale} rg {r} {g} {b} RG 0.6 w 0.3 0.3 {w - 0.6:.2f} {h - 0.6:.2f} re B Q\n0 g\n{text}"
    turn = math.radians(frame.rotation)  # upright on a rotated page: turn back by /Rotate
    matrix = [math.cos(turn), math.sin(turn), -math.sin(turn), math.cos(turn), 0, 0]
    ap = _stream(writer, content, (0, 0, w, h), {"/Font": _FONTS}, matrix)
    annot = _annotation(n.finding, "/FreeText", to_user_box(frame, (column[0], n.y, column[1], n.y + h)), f"{n.finding.id}#note", ap)
    annot[NameObject("/DA")] = TextStringObject(f"/Helv {size} Tf 0 g")
    return annot


def _escape(line: str) -> str:
    raw = line.encode("cp1252", errors="replace").decode("latin-1")
    return raw.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
