"""A DOCX package as zip members: XML parts parsed on demand with a hardened parser,
edited in place, and written back with every untouched member copied as it was."""

from __future__ import annotations

import io
import posixpath
import re
import zipfile
from datetime import datetime, timezone

from lxml import etree

from extractors.errors import Corrupt, Unsupported
from extractors.readers.docx import _check_zip
from schemas import Limits

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"
REL_NS = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_NS = "http://schemas.openxmlformats.org/package/2006/content-types"
RT_BASE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
RT_OFFICE_DOCUMENT = RT_BASE + "officeDocument"
RT_COMMENTS = RT_BASE + "comments"
CT_COMMENTS = "application/vnd.openxmlformats-officedocument.wordprocessingml.comments+xml"

# Same hardening as the reader: no DTDs, no entities, no network.
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, huge_tree=False)


def w_date(date: datetime | None) -> str:
    """The w:date form Word writes: UTC, seconds, a Z."""
    date = date or datetime.now(timezone.utc)
    if date.tzinfo is not None:
        date = date.astimezone(timezone.utc)
    return date.strftime("%Y-%m-%dT%H:%M:%SZ")


class Ids:
    """Fresh w:id values, above every id the package already uses (revisions, comments,
    bookmarks share one counter, so nothing can collide)."""

    def __init__(self, start: int):
        self.n = start

    def next(self) -> str:
        self.n += 1
        return str(self.n)


class Package:
    def __init__(self, data: bytes):
        try:
            self.zip = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError) as e:
            raise Corrupt(f"the DOCX zip container is damaged ({e})") from None
        _check_zip(self.zip, Limits())  # the reader's refusals: zip bombs, DTDs, encryption
        self.names = [i.filename for i in self.zip.infolist()]
        self.trees: dict[str, etree._ElementTree] = {}
        self.dirty: set[str] = set()
        self.main = self._main_part()

    # -- parts ------------------------------------------------------------------------

    def has(self, name: str) -> bool:
        return name in self.trees or name in self.names

    def xml(self, name: str) -> etree._Element:
        """The root of a part, parsed once; later edits to it are kept for `save`."""
        if name not in self.trees:
            root = etree.fromstring(self.zip.read(name), PARSER)
            if root.getroottree().docinfo.doctype:
                raise Unsupported(f"{name} declares a DOCTYPE; DTDs and entity declarations are refused")
            self.trees[name] = root.getroottree()
        return self.trees[name].getroot()

    def touch(self, name: str) -> None:
        self.dirty.add(name)

    def create(self, name: str, root: etree._Element) -> None:
        self.trees[name] = root.getroottree()
        self.dirty.add(name)

    def save(self) -> bytes:
        out = io.BytesIO()
        written: set[str] = set()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
            for info in self.zip.infolist():
                if info.filename in self.dirty and info.filename not in written:
                    z.writestr(info, self._serialize(info.filename))
                    written.add(info.filename)
                else:  # untouched: the same bytes, the same member settings
                    z.writestr(info, self.zip.read(info))
            for name in sorted(self.dirty - set(self.names)):
                # a fixed member time: the same review gives the same bytes (write-once outputs)
                stamp = self.zip.infolist()[0].date_time if self.zip.infolist() else (1980, 1, 1, 0, 0, 0)
                z.writestr(zipfile.ZipInfo(name, date_time=stamp), self._serialize(name), zipfile.ZIP_DEFLATED)
        return out.getvalue()

    def _serialize(self, name: str) -> bytes:
        tree = self.trees[name]
        standalone = tree.docinfo.standalone
        if standalone is None:
            return etree.tostring(tree, xml_declaration=True, encoding="UTF-8")
        return etree.tostring(tree, xml_declaration=True, encoding="UTF-8", standalone=standalone)

    # -- relationships ----------------------------------------------------------------

    @staticmethod
    def rels_name(part: str) -> str:
        folder, base = posixpath.split(part)
        return posixpath.join(folder, "_rels", base + ".rels")

    def related(self, part: str, reltype: str) -> list[str]:
        """Internal parts `part` points to with `reltype`."""
        rels = self.rels_name(part)
        if not self.has(rels):
            return []
        found = []
        for rel in self.xml(rels):
            if rel.get("Type") == reltype and rel.get("TargetMode") != "External":
                found.append(_resolve(part, rel.get("Target") or ""))
        return found

    def _main_part(self) -> str:
        if "_rels/.rels" in self.names:
            for rel in self.xml("_rels/.rels"):
                if rel.get("Type") == RT_OFFICE_DOCUMENT:
                    name = _resolve("", rel.get("Target") or "")
                    if name in self.names:
                        return name
        raise Unsupported("the package has no main Word document (no officeDocument relationship)")

    def add_relationship(self, part: str, reltype: str, target: str) -> None:
        rels = self.rels_name(part)
        if not self.has(rels):
            self.create(rels, etree.Element(f"{{{REL_NS}}}Relationships", nsmap={None: REL_NS}))
        root = self.xml(rels)
        used = {r.get("Id") for r in root}
        n = 1
        while f"rId{n}" in used:
            n += 1
        etree.SubElement(root, f"{{{REL_NS}}}Relationship", Id=f"rId{n}", Type=reltype, Target=target)
        self.touch(rels)

    def add_override(self, part: str, content_type: str) -> None:
        root = self.xml("[Content_Types].xml")
        name = "/" + part
        if any(o.get("PartName", "").lower() == name.lower() for o in root.iter(f"{{{CT_NS}}}Override")):
            return
        etree.SubElement(root, f"{{{CT_NS}}}Override", PartName=name, ContentType=content_type)
        self.touch("[Content_Types].xml")

    # -- ids and comments -------------------------------------------------------------

    def max_id(self) -> int:
        """The largest numeric w:id in the Word parts beside the main one (document,
        comments, footnotes, endnotes, headers, footers)."""
        folder = posixpath.dirname(self.main)
        top = 0
        for name in self.names:
            if posixpath.dirname(name) != folder or not name.endswith(".xml"):
                continue
            if b'w:id="' not in self.zip.read(name) and name not in self.trees:
                continue  # most parts (theme, fonts) carry no ids: skip parsing them
            for el in self.xml(name).iter():
                value = el.get(W + "id") if isinstance(el.tag, str) else None
                if value and value.lstrip("-").isdigit():
                    top = max(top, int(value))
        return top

    def comments(self) -> etree._Element:
        """The w:comments root, creating the part, its relationship and content type."""
        found = self.related(self.main, RT_COMMENTS)
        name = found[0] if found else posixpath.join(posixpath.dirname(self.main), "comments.xml")
        if not self.has(name) or not found:
            if self.has(name):
                raise Corrupt(f"{name} exists but the main part does not point to it")
            self.create(name, etree.Element(W + "comments", nsmap={"w": W_NS}))
            if not found:
                self.add_relationship(self.main, RT_COMMENTS, posixpath.basename(name))
            self.add_override(name, CT_COMMENTS)
        self.touch(name)
        root = self.xml(name)
        if root.tag != W + "comments":
            raise Corrupt(f"{name} is not a comments part")
        return root


_DC = "{http://purl.org/dc/elements/1.1/}"


def described(about: dict[str, str]) -> str:
    """ "Reviewed by Candor: mode ...; profile ...; date ...; version ..." for a file's properties."""
    return "Reviewed by Candor: " + "; ".join(f"{k.lower()} {v}" for k, v in about.items() if k != "Document") + "."


def describe(pkg: Package, text: str) -> None:
    """Put `text` in the package's description (Word: File > Info > Properties), where
    the file says how it was made; a package without core properties is left as it is."""
    core = "docProps/core.xml"
    if not pkg.has(core):
        return
    root = pkg.xml(core)
    node = root.find(f"{_DC}description")
    if node is None:
        node = etree.SubElement(root, f"{_DC}description")
    node.text = text
    pkg.touch(core)


def _resolve(source: str, target: str) -> str:
    """A relationship target as a zip member name."""
    if target.startswith("/"):
        return posixpath.normpath(target.lstrip("/"))
    return posixpath.normpath(posixpath.join(posixpath.dirname(source), target))


def stable_zip(data: bytes, date_time: tuple[int, int, int, int, int, int] = (1980, 1, 1, 0, 0, 0)) -> bytes:
    """The same zip with every member stamped `date_time`: libraries that write a zip stamp
    it with the clock, and an output must be the same bytes when the review is the same."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info in src.infolist():
            member = zipfile.ZipInfo(info.filename, date_time=date_time)
            member.compress_type, member.external_attr = info.compress_type, info.external_attr
            body = src.read(info)
            if info.filename == "docProps/core.xml":  # openpyxl stamps "modified" with the clock on save
                iso = "%04d-%02d-%02dT%02d:%02d:%02dZ" % date_time
                body = re.sub(rb"(<dcterms:(?:created|modified)[^>]*>)[^<]*(</dcterms:)", rb"\g<1>" + iso.encode() + rb"\g<2>", body)
            z.writestr(member, body)
    return out.getvalue()
