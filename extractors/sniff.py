"""Identify an input by its bytes. The file name is never trusted."""

import io
import re
import zipfile
import zlib

from extractors.errors import Corrupt, Encrypted, Unsupported

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
MARKDOWN = "text/markdown"
TEXT = "text/plain"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MAGIC_UNSUPPORTED = {
    b"\x89PNG": "a PNG image",
    b"\xff\xd8\xff": "a JPEG image",
    b"GIF8": "a GIF image",
    b"II*\x00": "a TIFF image",
    b"MM\x00*": "a TIFF image",
    b"{\\rtf": "an RTF document (save it as DOCX or PDF)",
    b"\x1f\x8b": "a gzip archive",
    b"7z\xbc\xaf": "a 7-Zip archive",
    b"Rar!": "a RAR archive",
}
# Markdown tells itself apart from plain text by its markup, not by a file extension.
_MD_STRONG = re.compile(
    r"^#{1,6} \S|^\s*\|?\s*:?-{3,}:?\s*\|\s*:?-{3,}|^```|\[[^\]\n]+\]\([^)\s]+\)", re.MULTILINE
)
_MD_EMPHASIS = re.compile(r"\*\*[A-Za-z][^*\n]{0,80}\*\*|__[A-Za-z][^_\n]{0,80}__")
_MD_LIST = re.compile(r"^\s*[-*+] [A-Za-z]", re.MULTILINE)


def looks_like_markdown(text: str) -> bool:
    sample = text[:50000]
    score = 2 * len(_MD_STRONG.findall(sample)) + min(len(_MD_EMPHASIS.findall(sample)), 3)
    score += 1 if len(_MD_LIST.findall(sample)) >= 3 else 0
    return score >= 2


def sniff(data: bytes) -> str:
    """Return the media type of `data`, or raise a typed error."""
    if not data:
        raise Corrupt("the file is empty (0 bytes)")
    head = data[:1024]
    if b"%PDF-" in head:
        return PDF
    if data.startswith(b"PK\x03\x04") or data.startswith(b"PK\x05\x06"):
        return _sniff_zip(data)
    if data.startswith(_OLE2):
        if "EncryptedPackage".encode("utf-16-le") in data[:1 << 20] or b"E\x00n\x00c\x00r\x00y\x00p\x00t\x00" in data:
            raise Encrypted("the Word document is password-protected; save an unprotected copy")
        raise Unsupported("a legacy Office (OLE2) file such as .doc; save it as DOCX or PDF")
    for magic, what in _MAGIC_UNSUPPORTED.items():
        if data.startswith(magic):
            raise Unsupported(f"the file is {what}, not a PDF, DOCX or text document")
    if data.lstrip()[:5].lower() in (b"<?xml", b"<html", b"<!doc"):
        raise Unsupported("the file is XML or HTML; Candor reads PDF, DOCX, Markdown and text")
    text = decode_text(data)
    return MARKDOWN if looks_like_markdown(text) else TEXT


_CLAIMS = {".pdf": PDF, ".docx": DOCX}


def check_claim(name: str, media_type: str) -> None:
    """The bytes choose the reader; a name that promises a PDF or DOCX the bytes are not
    is refused, so a stub or a truncated download is never read as a text file."""
    claimed = _CLAIMS.get(name[name.rfind("."):].lower()) if "." in name else None
    if claimed and media_type in (TEXT, MARKDOWN):
        kind = "PDF" if claimed == PDF else "DOCX"
        raise Corrupt(f"the file is named as a {kind} but its bytes are not a {kind} (truncated or not a document)")


_TYPES_MAX = 1 << 20  # a real [Content_Types].xml is a few KB; this read comes before the bomb checks


def _sniff_zip(data: bytes) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as z:
            names = set(z.namelist())
            types = b""
            if "[Content_Types].xml" in names:  # read at most 1 MiB, whatever its header claims
                with z.open("[Content_Types].xml") as f:
                    types = f.read(_TYPES_MAX)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, KeyError, OSError) as e:
        raise Corrupt(f"the DOCX zip container is damaged ({e})") from None
    except RuntimeError as e:  # zip member encrypted with a password
        raise Encrypted(f"the zip container is password-protected ({e})") from None
    if b"wordprocessingml" in types or "word/document.xml" in names:
        return DOCX
    if not types:
        raise Unsupported("a zip archive that is not a Word document")
    raise Unsupported("an Office file that is not a Word document (DOCX)")


def decode_text(data: bytes) -> str:
    """Decode a text file: UTF-8 (with or without BOM), UTF-16 with BOM, else Windows-1252."""
    if data.startswith(b"\xff\xfe") or data.startswith(b"\xfe\xff"):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise Corrupt("the UTF-16 text is malformed") from None
    if b"\x00" in data[:8192]:
        raise Unsupported("binary data that is not a PDF, DOCX or text document")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    text = data.decode("cp1252", errors="replace")
    controls = sum(1 for c in text[:8192] if ord(c) < 32 and c not in "\t\r\n\f")
    if controls > len(text[:8192]) * 0.01:
        raise Unsupported("binary data that is not a PDF, DOCX or text document")
    return text
