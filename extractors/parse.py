"""Parse one input: identify it by its bytes, read it, build the `Document`."""

import hashlib
import io
import zipfile
from collections.abc import Callable
from pathlib import Path

from extractors import sniff as media
from extractors.build import ReadResult, build_document
from extractors.errors import CandorError, Corrupt, NeedsOCR, NotFound, TooLarge
from extractors.readers import docx, pdf, text
from schemas import Document, Limits, Source

Reader = Callable[[bytes, Limits], ReadResult]

READERS: dict[str, Reader] = {
    media.PDF: pdf.read,
    media.DOCX: docx.read,
    media.MARKDOWN: text.read_markdown,
    media.TEXT: text.read_text,
}


def parse_bytes(data: bytes, uri: str, name: str, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    if len(data) > limits.max_bytes:
        raise TooLarge(f"{len(data):,} bytes is over the limit of {limits.max_bytes:,} (CANDOR_MAX_BYTES)")
    media_type = media.sniff(data)
    media.check_claim(name, media_type)
    if media_type in (media.MARKDOWN, media.TEXT):
        check_text_size(len(media.decode_text(data)), limits)  # before the reader's own passes
    result = READERS[media_type](data, limits)
    check_text_size(sum(len(b.text) for b in result.blocks), limits)
    if not any(b.text.strip() for b in result.blocks):
        raise _no_text(media_type, data)
    source = Source(
        uri=uri,
        name=readable_name(name),
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=media_type,
        size=len(data),
        page_count=result.page_count,
    )
    return build_document(source, result.blocks, result.warnings)


def readable_name(name: str) -> str:
    """A name as text JSON and XML can hold: a file name's undecodable bytes (which Python
    keeps as lone surrogates) become U+FFFD."""
    return name.encode("utf-8", "surrogatepass").decode("utf-8", "replace")


def check_text_size(chars: int, limits: Limits) -> None:
    """Extraction, checks and writers cost time and memory in proportion to the text: a
    document over the limit is refused here, before any of them starts."""
    if chars > limits.max_text_chars:
        raise TooLarge(f"{chars:,} characters of text is over the limit of {limits.max_text_chars:,} (CANDOR_MAX_TEXT_CHARS)")


def _no_text(media_type: str, data: bytes) -> CandorError:
    """A document with nothing to read: images only (OCR would help) or simply empty."""
    if media_type == media.DOCX:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            if any(n.startswith("word/media/") for n in z.namelist()):
                return NeedsOCR("the Word document holds only images, no text; run OCR first")
    return Corrupt("the document contains no text")


def read_input(path: Path, limits: Limits) -> bytes:
    """Read a local file, refusing what is missing or too big before reading it."""
    try:
        if not path.is_file():
            raise NotFound(f"{path}: no such file")
        size = path.stat().st_size
        if size > limits.max_bytes:
            raise TooLarge(f"{path}: {size:,} bytes is over the limit of {limits.max_bytes:,} (CANDOR_MAX_BYTES)")
        return path.read_bytes()
    except PermissionError:
        raise NotFound(f"{path}: permission denied") from None


def parse_path(path: Path, limits: Limits | None = None) -> Document:
    limits = limits or Limits()
    data = read_input(path, limits)
    return parse_bytes(data, uri=path.resolve().as_uri(), name=path.name, limits=limits)
