"""DOCX reader: headers, body, footnotes, endnotes and footers as raw blocks.

The zip is checked for bombs and DTDs before anything parses it; python-docx then
validates the package and finds the parts; the XML of each part is walked here with a
hardened lxml parser, because python-docx's paragraph text leaves out tracked insertions,
content controls and text boxes.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib

import docx
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.exceptions import PackageNotFoundError
from lxml import etree

from extractors.build import RawBlock, ReadResult, clean, table_row
from extractors.errors import CandorError, Corrupt, Encrypted, TooLarge, Unsupported
from extractors.readers.docx_numbering import Numbering, Styles, W, to_int, val
from schemas import BlockKind, Limits, Location

MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
M = "{http://schemas.openxmlformats.org/officeDocument/2006/math}"
STRICT_NS = b"http://purl.oclc.org/ooxml/"
STRICT_MSG = "ISO/IEC 29500 Strict DOCX is not supported; save as a standard Word document"

_OLE2 = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_SMALL_MEMBER = 1 << 20  # the ratio test ignores members that inflate to less than this
_PROLOG_BYTES = 8192  # a DOCTYPE must come before the root element, so near the start

# No DTD loading, no entities, no network: a DOCTYPE that slips past the prescan still
# cannot pull anything in, and is refused after parsing.
_PARSER = etree.XMLParser(
    resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False, collect_ids=False
)

# Inline elements that stand for characters.
_CHARS = {
    W + "tab": "\t", W + "ptab": "\t", W + "br": " ", W + "cr": " ",
    W + "noBreakHyphen": "-", W + "softHyphen": "",
}
# Never read: properties, deleted or moved-away text, field codes.
_SKIP = {
    W + "pPr", W + "rPr", W + "tblPr", W + "tblGrid", W + "trPr", W + "tcPr", W + "sectPr",
    W + "sdtPr", W + "sdtEndPr", W + "del", W + "moveFrom", W + "delText", W + "instrText",
    W + "delInstrText", W + "fldData",
}
# Some contracts put whole clauses in heading styles so that Word numbers them (Common
# Paper styles "1.2 Support.  During the ..." as Heading 2). Such text is read as a list
# item or paragraph, so that it is split into sentences like any other clause.
_MAX_HEADING_CHARS = 150
_SENTENCE_INSIDE = re.compile(r"\w{2,}[.;:]\s+\S")  # "Use.  During", not "U.S. Government"
_SEPARATORS = {"separator", "continuationSeparator", "continuationNotice"}


def read(data: bytes, limits: Limits) -> ReadResult:
    """Read a DOCX. Every failure is a typed `CandorError`."""
    try:
        return _read(data, limits)
    except CandorError:
        raise
    except RecursionError:
        raise Corrupt("the document's XML is nested too deeply to read") from None
    except Exception as e:  # anything else is a damaged file, never a crash
        raise Corrupt(f"the DOCX could not be read ({type(e).__name__}: {e})") from None


def _read(data: bytes, limits: Limits) -> ReadResult:
    if data.startswith(_OLE2):  # Word saves password-protected DOCX as an OLE2 container
        if "EncryptedPackage".encode("utf-16-le") in data:
            raise Encrypted("the Word document is password-protected; save an unprotected copy")
        raise Unsupported("a legacy Office (OLE2) file such as .doc; save it as DOCX or PDF")
    try:
        z = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as e:
        raise Corrupt(f"the DOCX zip container is damaged ({e})") from None
    with z:
        _check_zip(z, limits)
        main = _open_package(data).part
        pkg = _Package(z, main)
        root = pkg.parse(main)
        if root.tag != W + "document" or root.find(W + "body") is None:
            raise Corrupt(f"{pkg.name(main)} is not a WordprocessingML document body")
        styles = Styles(pkg.optional(main, RT.STYLES, "styles"))
        numbering = Numbering(pkg.optional(main, RT.NUMBERING, "list numbering"), styles)

        body = _Walker(pkg.name(main), root, numbering)
        body.walk(root.find(W + "body"))
        headers, footers = _header_footer_parts(pkg, root)
        blocks = [b for p in headers for b in pkg.read_part(p, BlockKind.page_header, numbering)]
        blocks += body.blocks
        for reltype, what in ((RT.FOOTNOTES, "footnote"), (RT.ENDNOTES, "endnote")):
            for part in pkg.related(main, reltype):
                blocks += pkg.read_part(part, BlockKind.footnote, numbering, notes=what)
        blocks += [b for p in footers for b in pkg.read_part(p, BlockKind.page_footer, numbering)]
        return ReadResult(blocks, page_count=None, warnings=pkg.warnings + body.warnings)


def _check_zip(z: zipfile.ZipFile, limits: Limits) -> None:
    """Refuse zip bombs, encrypted members and DTDs before any XML parser sees the bytes."""
    infos = z.infolist()
    if len(infos) > limits.max_zip_members:
        raise TooLarge(
            f"the DOCX has {len(infos):,} zip members, over the limit of "
            f"{limits.max_zip_members:,} (CANDOR_MAX_ZIP_MEMBERS)"
        )
    total = sum(i.file_size for i in infos)
    if total > limits.max_uncompressed_bytes:
        raise TooLarge(
            f"the DOCX inflates to {total:,} bytes, over the limit of "
            f"{limits.max_uncompressed_bytes:,} (CANDOR_MAX_UNCOMPRESSED_BYTES)"
        )
    for i in infos:
        ratio = i.file_size / max(i.compress_size, 1)
        if i.file_size >= _SMALL_MEMBER and ratio > limits.max_compression_ratio:
            raise TooLarge(
                f"zip member {i.filename} inflates {ratio:,.0f}-fold, over the limit of "
                f"{limits.max_compression_ratio:g} (CANDOR_MAX_COMPRESSION_RATIO); a zip bomb?"
            )
        if i.flag_bits & 0x1:
            raise Encrypted("the DOCX zip members are password-protected; save an unprotected copy")
    for i in infos:
        _check_prolog(z, i)


def _check_prolog(z: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse XML parts that declare a DOCTYPE (entity expansion, XXE), and Strict OOXML."""
    name = info.filename
    # customXml items are opaque data that neither python-docx nor this reader parses.
    if not name.lower().endswith((".xml", ".rels")) or name.startswith("customXml/"):
        return
    try:
        with z.open(info) as f:
            head = f.read(_PROLOG_BYTES)
    except (zipfile.BadZipFile, zlib.error, EOFError, OSError, ValueError) as e:
        raise Corrupt(f"zip member {name} is damaged ({e})") from None
    if b"<!DOCTYPE" in head or "<!DOCTYPE".encode("utf-16-le") in head:
        raise Unsupported(f"{name} declares a DOCTYPE; DTDs and entity declarations are refused")
    if name == "_rels/.rels" and STRICT_NS in head:
        raise Unsupported(STRICT_MSG)


def _open_package(data: bytes):
    """python-docx's Document, its failures turned into typed errors."""
    try:
        return docx.Document(io.BytesIO(data))
    except KeyError as e:
        if "officeDocument" in str(e):
            raise Unsupported(
                "the package has no main Word document (no officeDocument relationship)"
            ) from None
        raise Corrupt(f"the DOCX package is missing a part ({e})") from None
    except ValueError as e:
        if "is not a Word file" in str(e):
            ctype = str(e).rsplit("content type is", 1)[-1].strip(" '")
            raise Unsupported(
                f"the main part is {ctype}, not a Word document (a template or macro-enabled "
                "file?); save it as a .docx document"
            ) from None
        raise Corrupt(f"the DOCX package is damaged ({e})") from None
    except etree.XMLSyntaxError as e:
        raise Corrupt(f"the DOCX contains malformed XML ({e})") from None
    except (PackageNotFoundError, zipfile.BadZipFile, zlib.error, EOFError, OSError) as e:
        raise Corrupt(f"the DOCX package is damaged ({type(e).__name__}: {e})") from None


class _Package:
    """The parts of one package, parsed on demand with the hardened parser."""

    def __init__(self, z: zipfile.ZipFile, main):
        self.z = z
        self.main = main
        self.warnings: list[str] = []

    @staticmethod
    def name(part) -> str:
        return part.partname.membername

    def parse(self, part) -> etree._Element:
        name = self.name(part)
        root = etree.fromstring(self.z.read(name), _PARSER)
        if root.getroottree().docinfo.doctype:
            raise Unsupported(f"{name} declares a DOCTYPE; DTDs and entity declarations are refused")
        if isinstance(root.tag, str) and root.tag.startswith("{" + STRICT_NS.decode()):
            raise Unsupported(STRICT_MSG)
        return root

    def related(self, part, reltype: str) -> list:
        """Internal parts `part` points to with `reltype`; external targets are never followed."""
        return [r.target_part for r in part.rels.values() if r.reltype == reltype and not r.is_external]

    def optional(self, part, reltype: str, what: str) -> etree._Element | None:
        """The root of a helper part (styles, numbering), or None with a warning if unreadable."""
        for target in self.related(part, reltype)[:1]:
            try:
                return self.parse(target)
            except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, zlib.error, ValueError) as e:
                self.warnings.append(f"{what} unavailable: {self.name(target)} is unreadable ({e})")
        return None

    def read_part(
        self, part, kind: BlockKind, numbering: Numbering, notes: str | None = None
    ) -> list[RawBlock]:
        """Blocks of a header, footer, footnotes or endnotes part; a damaged one is skipped."""
        name = self.name(part)
        try:
            root = self.parse(part)
            walker = _Walker(name, root, numbering.fresh(), kind)
            if notes:
                for note in root.iter(W + notes):
                    if note.get(W + "type") not in _SEPARATORS:
                        walker.walk(note)
            else:
                walker.walk(root)
        except (etree.XMLSyntaxError, KeyError, zipfile.BadZipFile, zlib.error, ValueError) as e:
            what = f"{notes}s" if notes else kind.value.removeprefix("page_")
            self.warnings.append(f"skipped: unreadable {what} part {name} ({e})")
            return []
        self.warnings += walker.warnings
        return walker.blocks


def _header_footer_parts(pkg: _Package, root: etree._Element) -> tuple[list, list]:
    """Each distinct header and footer part the sections use, in section order."""
    found: dict[str, list] = {"headerReference": [], "footerReference": []}
    seen: set[str] = set()
    for sect in root.iter(W + "sectPr"):
        for ref in sect:
            kind = etree.QName(ref).localname if isinstance(ref.tag, str) else ""
            if kind not in found:
                continue
            rid = ref.get(R + "id") or ""
            rel = pkg.main.rels.get(rid)
            if rel is None or rel.is_external:
                where = "outside the package (not followed)" if rel else "to no relationship"
                pkg.warnings.append(f"skipped: {kind} {rid} points {where}")
                continue
            part = rel.target_part
            if pkg.name(part) not in seen:
                seen.add(pkg.name(part))
                found[kind].append(part)
    return found["headerReference"], found["footerReference"]


def _choice(alt: etree._Element) -> etree._Element | None:
    """mc:AlternateContent holds one content twice; read the first mc:Choice, else the Fallback."""
    return alt.find(MC + "Choice") if alt.find(MC + "Choice") is not None else alt.find(MC + "Fallback")


class _Walker:
    """Walks one part in document order and collects its raw blocks."""

    def __init__(
        self, part: str, root: etree._Element, numbering: Numbering, kind: BlockKind | None = None
    ):
        self.part = part
        self.numbering = numbering
        self.kind = kind  # fixed for headers, footers and notes; None in the body
        self.blocks: list[RawBlock] = []
        self.warnings: list[str] = []
        # Indexes of every w:p and w:tbl of the part, in document order, in one pass each.
        self.p_index = {p: i for i, p in enumerate(root.iter(W + "p"))}
        self.t_index = {t: i for i, t in enumerate(root.iter(W + "tbl"))}
        self.fields: list[bool] = []  # open complex fields: True once past 'separate'
        self.collect: list[str] | None = None  # set while gathering a table cell's text

    # -- block level ------------------------------------------------------------------

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
        elif tag == W + "altChunk":
            self.warnings.append(f"skipped: embedded altChunk content in {self.part}")
        elif isinstance(tag, str) and tag not in _SKIP:
            self.walk(el)  # sdt, sdtContent, customXml, txbxContent, ins, moveTo...

    def paragraph(self, p: etree._Element) -> None:
        out: list[str] = []
        deferred: list[etree._Element] = []
        self.inline(p, out, deferred)
        text = "".join(out)
        heading, num_id, ilvl = self.props(p)
        if num_id and not text.strip() and p.find(f"{W}pPr/{W}sectPr") is not None:
            num_id = None  # an empty paragraph that only carries a section break gets no number
        marker = self.numbering.marker(num_id, ilvl) if num_id else None
        if self.collect is not None:
            self.collect.append(text)
        elif text.strip():
            if heading and not _looks_like_heading(clean(text)):
                heading = None  # a whole clause in a heading style: keep it splittable into sentences
            kind = self.kind or (
                BlockKind.heading if heading else BlockKind.list_item if num_id else BlockKind.paragraph
            )
            level = heading if kind is BlockKind.heading else ilvl + 1 if num_id else None
            index = self.p_index.get(p)
            loc = Location(part=self.part, paragraph=index, char_start=0, char_end=len(text))
            self.blocks.append(RawBlock(kind, text, loc, level=level, marker=marker))
        for el in deferred:  # text boxes: their own blocks after the anchoring paragraph
            self.walk_one(el)

    def props(self, p: etree._Element) -> tuple[int | None, str | None, int]:
        """(heading level, list id, list level) from the paragraph and its style."""
        ppr = p.find(W + "pPr")
        sid = val(ppr, "pStyle") or self.numbering.styles.default
        heading = self.numbering.styles.heading_level(sid)
        outline = to_int(val(ppr, "outlineLvl"))
        if outline is not None:
            heading = outline + 1 if 0 <= outline <= 8 else None
        numpr = ppr.find(W + "numPr") if ppr is not None else None
        num_id, ilvl = val(numpr, "numId"), to_int(val(numpr, "ilvl"))
        if num_id is None:
            num_id, style_ilvl = self.numbering.styles.num_pr(sid)
            ilvl = style_ilvl if ilvl is None else ilvl
        if not num_id or num_id == "0":  # numId 0 switches numbering off
            return heading, None, 0
        if ilvl is None:
            ilvl = self.numbering.level_for_style(num_id, sid)
        return heading, num_id, max(0, min(ilvl, 8))

    def table(self, tbl: etree._Element) -> None:
        loc_table = self.t_index.get(tbl)
        for r, tr in enumerate(_flat(tbl, W + "tr")):
            trpr = tr.find(W + "trPr")
            if trpr is not None and trpr.find(W + "del") is not None:
                continue  # a tracked row deletion
            cells = [self.cell_text(tc) for tc in _flat(tr, W + "tc")]
            if self.collect is not None:  # a table nested in a cell: its text joins the cell's
                self.collect.append(" ".join(c for c in cells if c))
                continue
            row = table_row(cells, Location(part=self.part, table=loc_table, row=r))
            if row is not None and self.kind is not None:
                row = RawBlock(self.kind, row.text, row.loc)
            if row is not None:
                self.blocks.append(row)

    def cell_text(self, tc: etree._Element) -> str:
        """A cell's paragraphs (and nested tables) joined by a space; '' for the
        continuation of a vertically merged cell."""
        saved, self.collect = self.collect, []
        try:
            self.walk(tc)  # walked even when merged away, so list counters advance as in Word
            texts = self.collect
        finally:
            self.collect = saved
        vmerge = tc.find(f"{W}tcPr/{W}vMerge")
        if vmerge is not None and vmerge.get(W + "val") != "restart":
            return ""
        return " ".join(t for t in map(clean, texts) if t)

    # -- inline level -----------------------------------------------------------------

    def inline(self, el: etree._Element, out: list[str], deferred: list[etree._Element]) -> None:
        """Append the text of a paragraph's runs to `out`, as Word shows it with tracked
        changes accepted; text boxes and stray block content go to `deferred`."""
        for child in el:
            tag = child.tag
            if tag == W + "t" or tag == M + "t":
                if False not in self.fields:
                    out.append(child.text or "")
            elif tag in _CHARS:
                if False not in self.fields:
                    out.append(_CHARS[tag])
            elif tag == W + "fldChar":
                self.field(child.get(W + "fldCharType"))
            elif tag == W + "sym":
                if False not in self.fields:
                    out.append(_symbol(child.get(W + "char")))
            elif tag in (W + "txbxContent", W + "p", W + "tbl"):
                deferred.append(child)
            elif tag == MC + "AlternateContent":
                chosen = _choice(child)
                if chosen is not None:
                    self.inline(chosen, out, deferred)
            elif isinstance(tag, str) and tag not in _SKIP:
                self.inline(child, out, deferred)  # r, hyperlink, ins, moveTo, smartTag, sdt...

    def field(self, kind: str | None) -> None:
        """Track complex fields: text between 'begin' and 'separate' is the field code."""
        if kind == "begin":
            self.fields.append(False)
        elif kind == "separate" and self.fields:
            self.fields[-1] = True
        elif kind == "end" and self.fields:
            self.fields.pop()


def _looks_like_heading(text: str) -> bool:
    """Short, one title, not a sentence ("Restrictions on Customer." yes; "X means Y." no)."""
    if len(text) > _MAX_HEADING_CHARS or _SENTENCE_INSIDE.search(text):
        return False
    return not (text.endswith(".") and len(text.split()) > 8)


def _flat(el: etree._Element, tag: str):
    """Children with `tag`, looking through content controls and custom XML wrappers."""
    for child in el:
        if child.tag == tag:
            yield child
        elif child.tag in (W + "sdt", W + "sdtContent", W + "customXml"):
            yield from _flat(child, tag)


def _symbol(code: str | None) -> str:
    """A w:sym character; symbol fonts use the U+F0xx private range for their 8-bit codes."""
    n = int(code, 16) if code and all(c in "0123456789abcdefABCDEF" for c in code) else 0
    n = n - 0xF000 if 0xF020 <= n <= 0xF0FF else n
    return chr(n) if 0x20 <= n <= 0x10FFFF and not 0xD800 <= n <= 0xDFFF else ""
