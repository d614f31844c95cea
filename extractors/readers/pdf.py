"""PDF reader: PDFium for characters, boxes and rules; our own layout on top.

pdfplumber reads the same things through pdfminer at about 5 pages a second; PDFium
gives them at well over a hundred, so pdfplumber is kept for what PDFium cannot open.
"""

import ctypes
import re
from collections import Counter
from dataclasses import dataclass, field

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from extractors import progress
from extractors.build import RawBlock, ReadResult
from extractors.errors import Corrupt, Encrypted, NeedsOCR, TooLarge
from extractors.parallel import fork_map
from extractors.readers.pdf_layout import (
    Dehyphenator,
    PageBlock,
    join_text,
    layout_page,
)
from extractors.readers.pdf_objects import Frame, page_edges, page_words
from extractors.sections import leading_number
from schemas import BBox, BlockKind, Limits, Location, Region

_TERMINAL = re.compile(r"[.!?:;][\"'”’)\]]*$")
_PAGE_NUMBER = re.compile(r"^(page\s*)?[-–]?\s*\d{1,4}\s*[-–]?(\s*of\s*\d{1,4})?$|^[ivxlc]{1,6}$", re.I)
_BODY = {BlockKind.paragraph, BlockKind.list_item}


_PAGES_PER_WORKER = 16  # below this, a second process costs more than it saves


@dataclass
class _Page:
    blocks: list[PageBlock] = field(default_factory=list)
    height: float = 0.0
    image_only: bool = False  # no text, but pictures: a scan
    mostly_image: bool = False  # a line of text (a page number) over a picture filling the page
    garbled: bool = False
    failed: bool = False


def read(data: bytes, limits: Limits) -> ReadResult:
    doc = _open(data)
    try:
        n = len(doc)
        encrypted = pdfium_c.FPDF_GetSecurityHandlerRevision(doc.raw) != -1
    finally:
        doc.close()
    if n > limits.max_pages:
        raise TooLarge(f"{n:,} pages is over the limit of {limits.max_pages:,} (CANDOR_MAX_PAGES)")
    if n == 0:
        raise Corrupt("the PDF has no pages")
    progress.start(n)
    workers = max(1, min(limits.workers, n // _PAGES_PER_WORKER))
    bounds = [n * k // workers for k in range(workers + 1)]
    parts = fork_map(_read_range, [(data, a, b) for a, b in zip(bounds, bounds[1:])])
    results = [p for part in parts for p in part]
    pages = [r.blocks for r in results]
    _check_text_layer(results, encrypted, n)
    warnings = _warnings(results)
    _mark_running_lines(pages, [r.height for r in results])
    dehyphenate = Dehyphenator(b.text for p in pages for b in p)
    for b in (b for p in pages for b in p):
        b.text = dehyphenate(b.text)
        b.cells = [dehyphenate(c) for c in b.cells] if b.cells else b.cells
    return ReadResult(blocks=_join_pages(pages, dehyphenate), page_count=n, warnings=warnings)


def _read_range(data: bytes, start: int, stop: int) -> list[_Page]:
    doc = _open(data)
    try:
        out = []
        for i in range(start, stop):
            out.append(_read_page(doc, i))
            progress.page_read()
        return out
    finally:
        doc.close()


def _read_page(doc, i: int) -> _Page:
    try:
        page = doc[i]
    except pdfium.PdfiumError:
        return _Page(failed=True)
    try:
        frame = Frame(page)
        textpage = page.get_textpage()
        words = page_words(textpage, frame)
        textpage.close()
        if not words:
            return _Page(height=frame.display_height, image_only=_has_images(page))
        edges = page_edges(page, frame)
        return _Page(
            blocks=layout_page(words, edges),
            height=frame.display_height,
            garbled=sum(w.unmapped for w in words) * 5 > len(words),
            # a scanned table with only its page number typed: its content is not read
            mostly_image=sum(len(w.text) for w in words) < _FEW_CHARS and _image_share(page) >= _PICTURE_PAGE,
        )
    finally:
        page.close()


def _warnings(results: list[_Page]) -> list[str]:
    n = len(results)
    failed = [i + 1 for i, r in enumerate(results) if r.failed]
    if len(failed) == n:
        raise Corrupt("no page of the PDF could be loaded (damaged page tree)")
    scanned = [i + 1 for i, r in enumerate(results) if r.image_only]
    if len(scanned) * 2 > n:  # mostly scanned: a partial read would silently miss most of it
        raise NeedsOCR(f"{len(scanned)} of the PDF's {n} pages are images with no text layer; run OCR first")
    warnings = []
    if failed:
        warnings.append(f"skipped: pages {_ranges(failed)} could not be loaded")
    if scanned:
        warnings.append(f"skipped: pages {_ranges(scanned)} are images with no text layer (need OCR)")
    pictures = [i + 1 for i, r in enumerate(results) if r.mostly_image]
    if pictures:
        warnings.append(f"skipped: pages {_ranges(pictures)} are mostly a picture with almost no typed text"
                        " (a scanned table?); what the picture shows was not read (need OCR)")
    garbled = [i + 1 for i, r in enumerate(results) if r.garbled]
    if garbled:
        warnings.append(f"pages {_ranges(garbled)}: fonts without a Unicode map; the text may be garbled")
    return warnings


def _open(data: bytes) -> pdfium.PdfDocument:
    try:
        return pdfium.PdfDocument(data)
    except pdfium.PdfiumError as e:
        if getattr(e, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD or "password" in str(e).lower():
            raise Encrypted("the PDF is password-protected; supply an unprotected copy") from None
        raise Corrupt(f"not a readable PDF ({_reason(e)})") from None


def _reason(e: Exception) -> str:
    text = str(e)
    return text.split("(PDFium: ")[-1].rstrip(").") if "PDFium:" in text else text


_FEW_CHARS = 40  # "Page 9 / 14" and a heading at most
_PICTURE_PAGE = 0.25  # share of the page an image covers


def _image_share(page) -> float:
    """The largest share of the page one top-level image covers."""
    w, h = page.get_size()
    if w <= 0 or h <= 0:
        return 0.0
    box = [ctypes.c_float() for _ in range(4)]
    best = 0.0
    for i in range(min(pdfium_c.FPDFPage_CountObjects(page.raw), 500)):
        obj = pdfium_c.FPDFPage_GetObject(page.raw, i)
        if pdfium_c.FPDFPageObj_GetType(obj) == pdfium_c.FPDF_PAGEOBJ_IMAGE and pdfium_c.FPDFPageObj_GetBounds(
                obj, *(ctypes.byref(b) for b in box)):
            left, bottom, right, top = (b.value for b in box)
            best = max(best, (right - left) * (top - bottom) / (w * h))
    return best


def _has_images(page) -> bool:
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    return any(_holds_image(pdfium_c.FPDFPage_GetObject(page.raw, i), 0) for i in range(min(count, 500)))


def _holds_image(obj, depth: int) -> bool:
    kind = pdfium_c.FPDFPageObj_GetType(obj)
    if kind == pdfium_c.FPDF_PAGEOBJ_IMAGE:
        return True
    if kind != pdfium_c.FPDF_PAGEOBJ_FORM or depth > 4:
        return False
    count = pdfium_c.FPDFFormObj_CountObjects(obj)
    return any(_holds_image(pdfium_c.FPDFFormObj_GetObject(obj, j), depth + 1) for j in range(min(count, 200)))


def _check_text_layer(results: list[_Page], encrypted: bool, n: int) -> None:
    chars = sum(len(b.text) for r in results for b in r.blocks)
    images = any(r.image_only for r in results)
    if chars >= 20 or chars and not images:
        return
    if encrypted:
        raise Encrypted("the PDF is encrypted and shows no text without its password")
    if images:
        raise NeedsOCR(f"the PDF's {n} page(s) are images with no text layer; run OCR first")
    if chars == 0:
        raise Corrupt("the PDF has no text and no images to read")


def _ranges(numbers: list[int]) -> str:
    out, start = [], None
    for i, x in enumerate(numbers):
        if start is None:
            start = x
        if i + 1 == len(numbers) or numbers[i + 1] != x + 1:
            out.append(str(start) if start == x else f"{start}-{x}")
            start = None
    return ", ".join(out)


def _mark_running_lines(pages: list[list[PageBlock]], heights: list[float]) -> None:
    """Headers and footers sit in the page's top or bottom margin and repeat from page
    to page (numbers aside), or are bare page numbers."""
    key = lambda b: re.sub(r"\d+", "#", b.text.lower())  # noqa: E731
    heads = [[b for b in p[:2] if b.bottom < h * 0.12] for p, h in zip(pages, heights)]
    feet = [[b for b in p[-2:] if b.top > h * 0.88] for p, h in zip(pages, heights)]
    tops = Counter(key(b) for bs in heads for b in bs)
    bottoms = Counter(key(b) for bs in feet for b in bs)
    repeat = max(3, min(len(pages) // 3, 8))
    for blocks, counts, kind in ((heads, tops, BlockKind.page_header), (feet, bottoms, BlockKind.page_footer)):
        for page in blocks:
            for b in page:
                if not b.ruled and len(b.text) < 150 and (counts[key(b)] >= repeat or _PAGE_NUMBER.match(b.text)):
                    b.kind = kind


def _join_pages(pages: list[list[PageBlock]], dehyphenate: Dehyphenator) -> list[RawBlock]:
    """Emit blocks in order, joining a paragraph that a page break cut in two."""
    out: list[RawBlock] = []
    last_body: RawBlock | None = None  # the last paragraph emitted, if nothing but running lines followed
    for number, page in enumerate(pages, start=1):
        for b in page:
            bbox = _box(b.x0, b.top, b.x1, b.bottom)
            if b.kind in (BlockKind.page_header, BlockKind.page_footer):
                out.append(_raw(b, number, bbox))
                continue
            if last_body is not None and _continues_across(last_body, b, number):
                last_body.text = dehyphenate(join_text(last_body.text, b.text))
                start = len(last_body.text) - len(b.text)
                last_body.loc.regions.append(Region(page=number, bbox=bbox, start=start))
                last_body = None
                continue
            raw = _raw(b, number, bbox)
            out.append(raw)
            last_body = raw if b.kind in _BODY else None
    return out


def _continues_across(prev: RawBlock, b: PageBlock, page: int) -> bool:
    if prev.loc.regions[-1].page != page - 1 or b.kind not in _BODY:
        return False
    if _TERMINAL.search(prev.text):
        return False
    if b.kind is BlockKind.list_item or leading_number(b.text):
        return False
    # "...provide comments" + "within ten days": the sentence runs on over the break
    return b.text[:1].islower() or prev.text.endswith((",", "-")) or prev.text.split()[-1].islower()


def _raw(b: PageBlock, page: int, bbox: BBox) -> RawBlock:
    regions = [Region(page=page, bbox=bbox, start=0)]
    if b.continued:  # the paragraph goes on at the head of the next column
        x0, top, x1, bottom, start = b.continued
        regions.append(Region(page=page, bbox=_box(x0, top, x1, bottom), start=start))
    return RawBlock(b.kind, b.text, Location(page=page, bbox=bbox, regions=regions), cells=b.cells)


def _box(x0: float, top: float, x1: float, bottom: float) -> BBox:
    return BBox(x0=round(x0, 2), top=round(top, 2), x1=round(x1, 2), bottom=round(bottom, 2))


