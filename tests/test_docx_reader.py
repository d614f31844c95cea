"""DOCX reader: text rules, block kinds, list numbers, tables, locations, parts, safety.

Small documents are built here with python-docx, with raw XML where it has no API.
"""

from __future__ import annotations

import hashlib
import io
import re
import time
import zipfile

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from lxml import etree

from extractors.build import build_document
from extractors.errors import CandorError, Corrupt, Encrypted, TooLarge, Unsupported
from extractors.readers import docx as reader
from extractors.readers.docx_numbering import format_number
from schemas import BlockKind, Limits, RunStatus, Source
from tests.conftest import BADINPUTS as BAD  # noqa: E402  (CANDOR_SHARED honoured)
from tests.conftest import CORPUS  # noqa: E402

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
R = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
NS = (
    f'xmlns:w="{W_NS}" '
    'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
    'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006" '
    'xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
    'xmlns:v="urn:schemas-microsoft-com:vml"'
)
FOOTNOTES_CT = "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml"

needs_shared = pytest.mark.skipif(not BAD.is_dir(), reason="shared test files not present")


# -- helpers ---------------------------------------------------------------------------


def save(doc) -> bytes:
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def add_xml(doc, xml: str):
    """Append a raw body element (w:p, w:tbl...) before the final w:sectPr."""
    el = parse_xml(xml.replace("<w:p>", f"<w:p {NS}>", 1) if xml.startswith("<w:p>") else xml)
    body = doc.element.body
    body.insert(len(body) - 1, el)
    return el


def para(runs: str, ppr: str = "") -> str:
    return f"<w:p {NS}>{ppr and '<w:pPr>' + ppr + '</w:pPr>'}{runs}</w:p>"


def numpr(num_id: int, ilvl: int = 0) -> str:
    return f'<w:numPr><w:ilvl w:val="{ilvl}"/><w:numId w:val="{num_id}"/></w:numPr>'


def rewrite(data: bytes, replace: dict[str, bytes] | None = None, drop: tuple[str, ...] = ()) -> bytes:
    """The zip with some members replaced, added or dropped."""
    replace = dict(replace or {})
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            if info.filename in drop:
                continue
            zout.writestr(info.filename, replace.pop(info.filename, None) or zin.read(info.filename))
        for name, blob in replace.items():
            zout.writestr(name, blob)
    return out.getvalue()


def member(data: bytes, name: str) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return z.read(name)


def read(data: bytes, limits: Limits | None = None):
    return reader.read(data, limits or Limits())


def texts(result, kind: BlockKind | None = None) -> list[str]:
    return [b.text for b in result.blocks if kind is None or b.kind is kind]


def as_document(data: bytes, name: str = "test.docx"):
    result = read(data)
    source = Source(
        uri=f"file:///{name}",
        name=name,
        sha256=hashlib.sha256(data).hexdigest(),
        media_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        size=len(data),
        page_count=result.page_count,
    )
    return build_document(source, result.blocks, result.warnings)


def add_notes_part(doc, xml: str, reltype: str = RT.FOOTNOTES, name: str = "/word/footnotes.xml") -> None:
    part = Part(PackURI(name), FOOTNOTES_CT if "footnotes" in name else FOOTNOTES_CT.replace("footnotes", "endnotes"),
                xml.encode(), doc.part.package)
    doc.part.relate_to(part, reltype)


def numbering_xml(abstracts: str, nums: str) -> bytes:
    return f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering {NS}>{abstracts}{nums}</w:numbering>'.encode()


def lvl(ilvl: int, fmt: str, text: str, start: int | str | None = 1, extra: str = "") -> str:
    start_xml = "" if start is None else f'<w:start w:val="{start}"/>'
    return (f'<w:lvl w:ilvl="{ilvl}">{start_xml}<w:numFmt w:val="{fmt}"/>'
            f'<w:lvlText w:val="{text}"/>{extra}</w:lvl>')


def with_numbering(doc, xml: bytes) -> bytes:
    return rewrite(save(doc), {"word/numbering.xml": xml})


# -- paragraphs and headings -----------------------------------------------------------


def test_paragraph_kinds_levels_and_locations():
    doc = docx.Document()
    doc.add_heading("Master Services Agreement", 0)  # Title style
    doc.add_heading("Scope", 1)
    doc.add_heading("Service Levels", 2)
    doc.add_paragraph("Provider  will keep the service available.")
    doc.add_paragraph("")  # empty: no block, but still counted as a w:p
    doc.add_paragraph("Last words.")
    result = read(save(doc))
    got = [(b.kind, b.text, b.level, b.marker, b.loc.part, b.loc.paragraph, b.loc.char_start, b.loc.char_end)
           for b in result.blocks]
    assert got == [
        (BlockKind.heading, "Master Services Agreement", 1, None, "word/document.xml", 0, 0, 25),
        (BlockKind.heading, "Scope", 1, None, "word/document.xml", 1, 0, 5),
        (BlockKind.heading, "Service Levels", 2, None, "word/document.xml", 2, 0, 14),
        (BlockKind.paragraph, "Provider  will keep the service available.", None, None, "word/document.xml", 3, 0, 42),
        (BlockKind.paragraph, "Last words.", None, None, "word/document.xml", 5, 0, 11),
    ]
    assert result.page_count is None
    assert result.warnings == []


@pytest.mark.parametrize(
    "ppr, text, kind, level",
    [
        ('<w:outlineLvl w:val="2"/>', "Outline heading", BlockKind.heading, 3),
        ('<w:pStyle w:val="Heading1"/><w:outlineLvl w:val="9"/>', "Body by outline", BlockKind.paragraph, None),
        ('<w:pStyle w:val="Heading1"/>', "Support.  Provider will answer tickets within one day.", BlockKind.paragraph, None),
        ('<w:pStyle w:val="Heading2"/>', "“Fees” means the amounts stated in the order form for the service.",
         BlockKind.paragraph, None),
        ('<w:pStyle w:val="Heading3"/>', "U.S. Government Rights", BlockKind.heading, 3),
        ('<w:pStyle w:val="NoSuchStyle"/>', "Unknown style", BlockKind.paragraph, None),
    ],
)
def test_heading_detection(ppr, text, kind, level):
    doc = docx.Document()
    add_xml(doc, para(f"<w:r><w:t>{text}</w:t></w:r>", ppr))
    [block] = read(save(doc)).blocks
    assert (block.kind, block.text, block.level) == (kind, text, level)


def test_heading_through_custom_style_outline_level():
    doc = docx.Document()
    style = doc.styles.add_style("Clause Title", WD_STYLE_TYPE.PARAGRAPH)
    style.element.get_or_add_pPr().append(parse_xml(f'<w:outlineLvl {NS} w:val="1"/>'))
    doc.add_paragraph("Warranties", style="Clause Title")
    [block] = read(save(doc)).blocks
    assert (block.kind, block.level) == (BlockKind.heading, 2)


# -- inline text rules -----------------------------------------------------------------

INS = '<w:ins w:id="1" w:author="A" w:date="2024-01-01T00:00:00Z">{}</w:ins>'
DEL = '<w:del w:id="2" w:author="A" w:date="2024-01-01T00:00:00Z">{}</w:del>'


def r(text: str) -> str:
    return f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def fld(kind: str) -> str:
    return f'<w:r><w:fldChar w:fldCharType="{kind}"/></w:r>'


def instr(code: str) -> str:
    return f'<w:r><w:instrText xml:space="preserve">{code}</w:instrText></w:r>'


@pytest.mark.parametrize(
    "runs, expected",
    [
        ("<w:r><w:t>a</w:t><w:tab/><w:t>b</w:t></w:r>", "a\tb"),
        ("<w:r><w:t>a</w:t><w:br/><w:t>b</w:t><w:cr/><w:t>c</w:t></w:r>", "a b c"),
        ("<w:r><w:t>e</w:t><w:noBreakHyphen/><w:t>mail</w:t><w:softHyphen/></w:r>", "e-mail"),
        ('<w:r><w:sym w:font="Symbol" w:char="F0B7"/></w:r>', "\u00b7"),
        (r("Pay ") + INS.format(r("within 30 days")), "Pay within 30 days"),
        (r("Pay ") + DEL.format('<w:r><w:delText>promptly</w:delText></w:r>') + r("now"), "Pay now"),
        (r("a") + DEL.format("<w:r><w:tab/><w:br/></w:r>") + r("b"), "ab"),  # deleted tab and break
        (r("A ") + '<w:moveFrom w:id="3" w:author="A">' + r("gone") + "</w:moveFrom>"
         + '<w:moveTo w:id="4" w:author="A">' + r("moved") + "</w:moveTo>", "A moved"),
        (r("Page ") + fld("begin") + instr(" PAGE ") + fld("separate") + r("7") + fld("end"), "Page 7"),
        (r("[") + fld("begin") + instr(" DATE ") + fld("end") + r("]"), "[]"),  # a field with no result
        (fld("begin") + instr(" IF ") + fld("begin") + instr(" MERGEFIELD x ") + fld("separate") + r("inner")
         + fld("end") + instr(' = 1 "y" ') + fld("separate") + r("outer") + fld("end"), "outer"),
        ('<w:fldSimple w:instr=" AUTHOR "><w:r><w:t>Jane Doe</w:t></w:r></w:fldSimple>', "Jane Doe"),
        ('<w:hyperlink w:anchor="sec4">' + r("Section 4") + "</w:hyperlink>", "Section 4"),
        ('<w:smartTag w:uri="urn:x" w:element="place">' + r("Paris") + "</w:smartTag>", "Paris"),
        ('<w:sdt><w:sdtPr><w:alias w:val="Party"/></w:sdtPr><w:sdtContent>' + r("Acme Ltd")
         + "</w:sdtContent></w:sdt>", "Acme Ltd"),
        ('<w:customXml w:element="party">' + r("Beta Inc") + "</w:customXml>", "Beta Inc"),
    ],
    ids=["tab", "br-cr", "hyphens", "sym", "ins", "del", "del-tab", "move", "field", "field-no-result",
         "nested-field", "fldSimple", "hyperlink", "smartTag", "sdt", "customXml"],
)
def test_inline_text_rules(runs, expected):
    doc = docx.Document()
    add_xml(doc, para(runs))
    add_xml(doc, para(r("after")))  # a field must not swallow the next paragraph
    result = read(save(doc))
    assert texts(result) == [expected, "after"]
    assert result.blocks[0].loc.char_end == len(expected)


def test_text_box_read_once_after_its_paragraph():
    box = '<w:txbxContent><w:p><w:r><w:t>Boxed note</w:t></w:r></w:p></w:txbxContent>'
    runs = (
        r("Anchor ")
        + "<w:r><mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:txbx>" + box
        + "</wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><v:shape><v:textbox>" + box
        + "</v:textbox></v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
        + r("text")
    )
    doc = docx.Document()
    add_xml(doc, para(runs))
    add_xml(doc, para(r("Next")))
    result = read(save(doc))
    assert texts(result) == ["Anchor text", "Boxed note", "Next"]
    # paragraph indexes count every w:p of the part, text-box ones (both copies) included
    assert [b.loc.paragraph for b in result.blocks] == [0, 1, 3]


def test_alt_chunk_is_skipped_with_warning():
    doc = docx.Document()
    doc.add_paragraph("Main text")
    add_xml(doc, f'<w:altChunk {NS} r:id="rId999"/>')
    result = read(save(doc))
    assert texts(result) == ["Main text"]
    assert result.warnings == ["skipped: embedded altChunk content in word/document.xml"]


def test_block_level_content_controls_and_deleted_paragraph_runs():
    doc = docx.Document()
    add_xml(doc, f'<w:sdt {NS}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>In a control</w:t></w:r></w:p>'
                 "</w:sdtContent></w:sdt>")
    add_xml(doc, para(DEL.format('<w:r><w:delText>all gone</w:delText></w:r>')))
    add_xml(doc, para(r("kept")))
    result = read(save(doc))
    assert texts(result) == ["In a control", "kept"]
    assert [b.loc.paragraph for b in result.blocks] == [0, 2]


# -- list numbering --------------------------------------------------------------------

OUTLINE = (
    '<w:abstractNum w:abstractNumId="0">'
    + lvl(0, "decimal", "%1.")
    + lvl(1, "decimal", "%1.%2.")
    + lvl(2, "lowerLetter", "(%3)")
    + lvl(3, "lowerRoman", "%4)")
    + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="1">' + lvl(0, "bullet", "\uf0b7") + "</w:abstractNum>"
    + '<w:abstractNum w:abstractNumId="2">' + lvl(0, "upperLetter", "Section %1", start=3)
    + lvl(1, "upperRoman", "%1.%2", extra="<w:isLgl/>") + "</w:abstractNum>"
)
NUMS = (
    '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'
    '<w:num w:numId="2"><w:abstractNumId w:val="1"/></w:num>'
    '<w:num w:numId="3"><w:abstractNumId w:val="0"/>'
    '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>'
    '<w:num w:numId="4"><w:abstractNumId w:val="2"/></w:num>'
)


def test_numbering_engine_markers_and_levels():
    sequence = [  # (numId, ilvl) -> expected marker
        (1, 0, "1"), (1, 1, "1.1"), (1, 1, "1.2"), (1, 2, "(a)"), (1, 2, "(b)"), (1, 3, "i)"),
        (1, 3, "ii)"), (1, 1, "1.3"), (1, 2, "(a)"),  # deeper level restarts after 1.3
        (1, 0, "2"), (1, 1, "2.1"),
        (2, 0, None),  # bullet
        (3, 0, "5"),  # same list, restarted at 5 by startOverride
        (1, 0, "6"),  # num 1 continues the list num 3 restarted
        (4, 0, "C"), (4, 1, "3.1"),  # "Section %1" prefix dropped; isLgl shows C as 3
    ]
    doc = docx.Document()
    for num_id, ilvl, _ in sequence:
        add_xml(doc, para(r(f"item {num_id}-{ilvl}"), numpr(num_id, ilvl)))
    add_xml(doc, para(r("not numbered"), numpr(0)))
    result = read(with_numbering(doc, numbering_xml(OUTLINE, NUMS)))
    got = [(b.kind, b.marker, b.level) for b in result.blocks]
    want = [(BlockKind.list_item, m, ilvl + 1) for _, ilvl, m in sequence] + [(BlockKind.paragraph, None, None)]
    assert got == want
    assert texts(result)[0] == "item 1-0"  # the number is not prepended to the text


def test_numbering_through_paragraph_style_and_level_style_link():
    abstract = ('<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1.", extra='<w:pStyle w:val="Clause1"/>')
                + lvl(1, "lowerLetter", "%2)", extra='<w:pStyle w:val="Clause2"/>') + "</w:abstractNum>")
    doc = docx.Document()
    for sid, name in (("Clause1", "Clause 1"), ("Clause2", "Clause 2")):
        style = doc.styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.element.set(W + "styleId", sid)
        style.element.get_or_add_pPr().append(parse_xml(f'<w:numPr {NS}><w:numId w:val="7"/></w:numPr>'))
    for text, sid in (("Term", "Clause1"), ("Start", "Clause2"), ("End", "Clause2"), ("Fees", "Clause1")):
        add_xml(doc, para(r(text), f'<w:pStyle w:val="{sid}"/>'))
    data = with_numbering(doc, numbering_xml(abstract, '<w:num w:numId="7"><w:abstractNumId w:val="0"/></w:num>'))
    result = read(data)
    assert [(b.text, b.kind, b.marker, b.level) for b in result.blocks] == [
        ("Term", BlockKind.list_item, "1", 1),
        ("Start", BlockKind.list_item, "a)", 2),
        ("End", BlockKind.list_item, "b)", 2),
        ("Fees", BlockKind.list_item, "2", 1),
    ]


def test_numbering_style_link_is_followed():
    doc = docx.Document()
    style = doc.styles.add_style("Outline List", WD_STYLE_TYPE.LIST)
    style.element.set(W + "styleId", "OutlineList")
    style.element.append(parse_xml(f'<w:pPr {NS}><w:numPr><w:numId w:val="5"/></w:numPr></w:pPr>'))
    abstracts = (
        '<w:abstractNum w:abstractNumId="0"><w:numStyleLink w:val="OutlineList"/></w:abstractNum>'
        '<w:abstractNum w:abstractNumId="1"><w:styleLink w:val="OutlineList"/>'
        + lvl(0, "upperRoman", "Article %1") + lvl(1, "decimal", "%1.%2", extra="<w:isLgl/>") + "</w:abstractNum>"
    )
    nums = ('<w:num w:numId="5"><w:abstractNumId w:val="1"/></w:num>'
            '<w:num w:numId="6"><w:abstractNumId w:val="0"/></w:num>')
    for ilvl in (0, 1, 1, 0):
        add_xml(doc, para(r("x"), numpr(6, ilvl)))
    result = read(with_numbering(doc, numbering_xml(abstracts, nums)))
    assert [b.marker for b in result.blocks] == ["I", "1.1", "1.2", "II"]


def test_numbered_heading_keeps_heading_kind_and_gets_marker():
    doc = docx.Document()
    add_xml(doc, para(r("Definitions"), '<w:pStyle w:val="Heading1"/>' + numpr(1, 0)))
    add_xml(doc, para(r("Services"), '<w:pStyle w:val="Heading1"/>' + numpr(1, 0)))
    result = read(with_numbering(doc, numbering_xml(OUTLINE, NUMS)))
    assert [(b.kind, b.marker, b.level) for b in result.blocks] == [
        (BlockKind.heading, "1", 1), (BlockKind.heading, "2", 1)]


@pytest.mark.parametrize(
    "numbering",
    [
        numbering_xml("", '<w:num w:numId="1"><w:abstractNumId w:val="99"/></w:num>'),  # missing abstractNum
        numbering_xml('<w:abstractNum w:abstractNumId="0"><w:lvl w:ilvl="0"/></w:abstractNum>',  # no lvlText
                      '<w:num w:numId="1"><w:abstractNumId w:val="0"/></w:num>'),
        numbering_xml('<w:abstractNum w:abstractNumId="0">' + lvl(0, "decimal", "%1.", start="x") + "</w:abstractNum>",
                      '<w:num w:numId="1"/><w:num><w:abstractNumId w:val="0"/></w:num>'),  # junk everywhere
        numbering_xml("", ""),
    ],
    ids=["missing-abstract", "no-lvlText", "junk", "empty"],
)
def test_odd_numbering_gives_no_marker_and_no_crash(numbering):
    doc = docx.Document()
    add_xml(doc, para(r("Odd item"), numpr(1, 12)))  # ilvl out of range too
    [block] = read(with_numbering(doc, numbering)).blocks
    assert (block.kind, block.text, block.marker) == (BlockKind.list_item, "Odd item", None)


def test_missing_numbering_part_gives_no_marker():
    doc = docx.Document()
    add_xml(doc, para(r("Item"), numpr(1)))
    data = save(doc)
    rels = member(data, "word/_rels/document.xml.rels").decode()
    rels = re.sub(r'<Relationship [^>]*numbering\.xml"/>', "", rels)
    data = rewrite(data, {"word/_rels/document.xml.rels": rels.encode()}, drop=("word/numbering.xml",))
    [block] = read(data).blocks
    assert (block.kind, block.marker) == (BlockKind.list_item, None)


@pytest.mark.parametrize(
    "n, fmt, expected",
    [(1, "decimal", "1"), (12, "decimal", "12"), (3, "lowerLetter", "c"), (28, "lowerLetter", "bb"),
     (2, "upperLetter", "B"), (4, "upperRoman", "IV"), (14, "lowerRoman", "xiv"), (5, "decimalZero", "05"),
     (3, "none", ""), (7, "chineseCounting", "7")],
)
def test_format_number(n, fmt, expected):
    assert format_number(n, fmt) == expected


# -- tables ----------------------------------------------------------------------------


def test_table_rows_merges_nested_tables_and_locations():
    doc = docx.Document()
    doc.add_paragraph("Before")
    t = doc.add_table(rows=4, cols=3)
    for i, row in enumerate(t.rows):
        for j, cell in enumerate(row.cells):
            cell.text = f"r{i}c{j}"
    t.cell(0, 0).merge(t.cell(0, 1))  # horizontal: one cell with gridSpan
    t.cell(0, 0).text = "Service"
    t.cell(1, 2).merge(t.cell(2, 2))  # vertical: restart + continuation
    t.cell(1, 2).text = "Both rows"
    t.cell(1, 0).add_paragraph("second para")
    inner = t.cell(2, 1).add_table(rows=1, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "in1", "in2"
    for cell in t.rows[3].cells:
        cell.text = ""  # an empty row gives no block
    doc.add_paragraph("Between")
    t2 = doc.add_table(rows=1, cols=1)
    t2.cell(0, 0).text = "Second table"
    doc.add_paragraph("After")
    data = save(doc)
    result = read(data)
    rows = [(b.kind, b.cells, b.loc.part, b.loc.table, b.loc.row, b.loc.paragraph) for b in result.blocks
            if b.kind is BlockKind.table_row]
    assert rows == [
        (BlockKind.table_row, ["Service", "r0c2"], "word/document.xml", 0, 0, None),
        (BlockKind.table_row, ["r1c0 second para", "r1c1", "Both rows"], "word/document.xml", 0, 1, None),
        (BlockKind.table_row, ["r2c0", "r2c1 in1 in2", ""], "word/document.xml", 0, 2, None),
        (BlockKind.table_row, ["Second table"], "word/document.xml", 2, 0, None),  # nested table was 1
    ]
    assert result.blocks[1].text == "Service | r0c2"
    # paragraph indexes agree with an independent count over the part's XML
    root = etree.fromstring(member(data, "word/document.xml"))
    all_p = list(root.iter(W + "p"))
    for b in result.blocks:
        if b.kind is BlockKind.paragraph:
            assert "".join(all_p[b.loc.paragraph].itertext()) == b.text
    assert [b.text for b in result.blocks if b.kind is BlockKind.paragraph] == ["Before", "Between", "After"]


def tc(text: str, merge: str | None = None) -> str:
    vmerge = "" if merge is None else "<w:vMerge/>" if merge == "" else f'<w:vMerge w:val="{merge}"/>'
    return f"<w:tc><w:tcPr>{vmerge}</w:tcPr><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:tc>"


def test_vertical_merge_continuation_cell_is_empty_even_with_stale_text():
    rows = [tc("Tier 1", "restart") + tc("99.9%"), tc("stale", "") + tc("99.5%"), tc("stale", "continue") + tc("99.0%")]
    doc = docx.Document()
    add_xml(doc, f"<w:tbl {NS}><w:tblGrid><w:gridCol/><w:gridCol/></w:tblGrid>"
                 + "".join(f"<w:tr>{row}</w:tr>" for row in rows) + "</w:tbl>")
    assert [b.cells for b in read(save(doc)).blocks] == [["Tier 1", "99.9%"], ["", "99.5%"], ["", "99.0%"]]


def test_tracked_row_deletion_is_skipped():
    doc = docx.Document()
    t = doc.add_table(rows=2, cols=1)
    t.cell(0, 0).text, t.cell(1, 0).text = "kept row", "deleted row"
    t.rows[1]._tr.get_or_add_trPr().append(parse_xml(f'<w:del {NS} w:id="9" w:author="A"/>'))
    result = read(save(doc))
    assert [(b.text, b.loc.row) for b in result.blocks] == [("kept row", 0)]


# -- headers, footers, notes -----------------------------------------------------------

FOOTNOTES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:footnotes {NS}>'
    '<w:footnote w:type="separator" w:id="-1"><w:p><w:r><w:separator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>'
    '<w:footnote w:type="continuationNotice" w:id="2"><w:p><w:r><w:t>(continued)</w:t></w:r></w:p></w:footnote>'
    '<w:footnote w:id="1"><w:p><w:r><w:footnoteRef/></w:r><w:r><w:t xml:space="preserve"> See Schedule 2.</w:t></w:r></w:p>'
    "</w:footnote></w:footnotes>"
)


def test_headers_footers_footnotes_order_and_dedupe():
    doc = docx.Document()
    s1 = doc.sections[0]
    s1.header.paragraphs[0].text = "Confidential"
    s1.footer.paragraphs[0].text = "Page footer"
    s1.different_first_page_header_footer = True
    s1.first_page_header.paragraphs[0].text = "Cover header"
    add_xml(doc, para(r("Body text") + '<w:r><w:footnoteReference w:id="1"/></w:r>'))
    s2 = doc.add_section()
    s2.header.is_linked_to_previous = False
    s2.header.paragraphs[0].text = "Schedule header"
    doc.add_section()  # linked to the previous: no new part
    # a later section naming the first section's header again: that part is read once
    s1_rid = doc.element.body.find(f"{W}p/{W}pPr/{W}sectPr/{W}headerReference").get(R + "id")
    doc.element.body[-1].insert(0, parse_xml(f'<w:headerReference {NS} w:type="default" r:id="{s1_rid}"/>'))
    add_notes_part(doc, FOOTNOTES)
    result = read(save(doc))
    got = [(b.kind, b.text, b.loc.part) for b in result.blocks]
    headers = [g for g in got if g[0] is BlockKind.page_header]
    assert sorted(h[1] for h in headers) == ["Confidential", "Cover header", "Schedule header"]
    assert len({h[2] for h in headers}) == 3 and all(re.fullmatch(r"word/header\d+\.xml", h[2]) for h in headers)
    assert got[3:] == [
        (BlockKind.paragraph, "Body text", "word/document.xml"),
        (BlockKind.footnote, " See Schedule 2.", "word/footnotes.xml"),
        (BlockKind.page_footer, "Page footer", got[-1][2]),
    ]
    assert result.blocks[4].loc.paragraph == 3  # after the three separator/notice paragraphs


def test_unreadable_footnotes_part_is_skipped_with_warning():
    doc = docx.Document()
    doc.add_paragraph("Body survives")
    add_notes_part(doc, "<w:footnotes><w:footnote>unclosed")
    data = save(doc)
    result = read(data)
    assert texts(result) == ["Body survives"]
    assert len(result.warnings) == 1 and result.warnings[0].startswith("skipped: unreadable footnotes part")
    assert as_document(data).status is RunStatus.partial_success


def test_external_relationships_are_never_followed(tmp_path):
    secret = tmp_path / "secret.xml"
    secret.write_text(FOOTNOTES.replace("See Schedule 2", "SECRET"))
    doc = docx.Document()
    doc.add_paragraph("Body")
    doc.part.relate_to(secret.as_uri(), RT.FOOTNOTES, is_external=True)
    rid = doc.part.relate_to(secret.as_uri(), RT.HEADER, is_external=True)
    sect = doc.element.body[-1]
    sect.insert(0, parse_xml(f'<w:headerReference {NS} w:type="default" r:id="{rid}"/>'))
    result = read(save(doc))
    assert texts(result) == ["Body"]
    assert result.warnings == [f"skipped: headerReference {rid} points outside the package (not followed)"]


# -- through build_document --------------------------------------------------------------


def test_build_document_spans_and_sections_from_markers():
    doc = docx.Document()
    add_xml(doc, para(r("Services"), '<w:pStyle w:val="Heading1"/>' + numpr(1, 0)))
    add_xml(doc, para(r("Provider  will host the service. It will be available."), numpr(1, 1)))
    add_xml(doc, para(r("Uptime of 99.9%."), numpr(1, 2)))
    d = as_document(with_numbering(doc, numbering_xml(OUTLINE, NUMS)))
    assert [(b.kind, b.text, b.section) for b in d.blocks] == [
        (BlockKind.heading, "Services", "1"),
        (BlockKind.list_item, "Provider will host the service. It will be available.", "1.1"),
        (BlockKind.list_item, "Uptime of 99.9%.", "1.1(a)"),
    ]
    assert all(d.text[b.span[0]:b.span[1]] == b.text for b in d.blocks)
    assert d.status is RunStatus.success and d.source.page_count is None


# -- safety ----------------------------------------------------------------------------


def simple_docx() -> bytes:
    doc = docx.Document()
    doc.add_paragraph("Hello")
    return save(doc)


@pytest.mark.parametrize(
    "limits, needle",
    [
        (Limits(max_zip_members=5), "CANDOR_MAX_ZIP_MEMBERS"),
        (Limits(max_uncompressed_bytes=10_000), "CANDOR_MAX_UNCOMPRESSED_BYTES"),
    ],
)
def test_zip_limits(limits, needle):
    with pytest.raises(TooLarge, match=needle):
        read(simple_docx(), limits)


def test_compression_ratio_limit_applies_to_large_members_only():
    bomb = rewrite(simple_docx(), {"word/media/zeros.bin": b"\0" * (4 << 20)})
    with pytest.raises(TooLarge, match="CANDOR_MAX_COMPRESSION_RATIO"):
        read(bomb)
    small = rewrite(simple_docx(), {"word/media/zeros.bin": b"\0" * (512 << 10)})  # ~500-fold but tiny
    assert texts(read(small)) == ["Hello"]


DOCTYPE = '<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>\n'


@pytest.mark.parametrize(
    "part, padding",
    [("word/document.xml", ""), ("word/styles.xml", ""), ("[Content_Types].xml", ""),
     ("word/document.xml", "<!--" + "x" * 20000 + "-->")],  # past the prescan: caught after parsing
    ids=["document", "styles", "content-types", "long-prolog"],
)
def test_doctype_is_refused(part, padding):
    data = simple_docx()
    xml = member(data, part).decode()
    xml = re.sub(r"^<\?xml[^>]*\?>\s*", "", xml)
    doctype = DOCTYPE.replace("\n", "\n" + padding, 1) if padding else DOCTYPE
    with pytest.raises(Unsupported, match="DOCTYPE"):
        read(rewrite(data, {part: (doctype + xml).encode()}))


@pytest.mark.parametrize(
    "mangle, error, needle",
    [
        (lambda d: d[: len(d) // 2], Corrupt, "zip"),
        (lambda d: b"PK\x03\x04" + b"\0" * 200, Corrupt, "zip"),
        (lambda d: rewrite(d, {"word/document.xml": b"<w:document><w:body><w:p>"}), Corrupt, "malformed XML"),
        (lambda d: rewrite(d, {"_rels/.rels": b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"/>'}),
         Unsupported, "no main Word document"),
        (lambda d: rewrite(d, drop=("word/document.xml",)), Corrupt, "missing a part"),
    ],
    ids=["truncated", "garbage-zip", "malformed-xml", "no-main-part", "missing-main-member"],
)
def test_damaged_packages_give_typed_errors(mangle, error, needle):
    with pytest.raises(error, match=needle):
        read(mangle(simple_docx()))


def test_password_protected_zip_member_is_encrypted():
    # zipfile cannot write encrypted members: set the "encrypted" flag bit in the central
    # directory entry of word/document.xml by hand
    data = bytearray(simple_docx())
    name = b"word/document.xml"
    at = data.index(b"PK\x01\x02")  # first central directory entry
    while data[at + 46 : at + 46 + len(name)] != name:
        at = data.index(b"PK\x01\x02", at + 4)
    data[at + 8] |= 0x1
    with pytest.raises(Encrypted):
        read(bytes(data))


def test_unexpected_exception_is_wrapped_as_corrupt(monkeypatch):
    def boom(self, el):
        raise TypeError("surprise")

    monkeypatch.setattr(reader._Walker, "walk", boom)
    with pytest.raises(Corrupt, match="TypeError: surprise"):
        read(simple_docx())


# -- real files ------------------------------------------------------------------------


def bad(name: str) -> bytes:
    return (BAD / name).read_bytes()


@needs_shared
@pytest.mark.parametrize(
    "name, present, absent",
    [
        ("poi_tracked_delins.docx", ["March 2009: Apache Tika Release", "A nickname for Petrika"],
         ["A pendant worn in place of the red spot", "Tika Waylan", "HYPERLINK"]),
        ("poi_field_codes.docx", ["ANTONI", "16 June 2010"], ["AUTHOR", "CREATEDATE", "MERGEFORMAT"]),
        ("poi_footnotes.docx", ["Eto ochen prostoy text so snoskoy", "snoska"], []),
        ("poi_comments.docx", ["this is a comment paragraph!"], []),
        ("d2p_merged_cells.docx", ["0-0 | 0-12 | 0-3", "3-0 | 34-123"], []),
        ("d2p_google_docs.docx", ["Pop-up lomo waistcoat, ethical plaid"], []),
        ("d2p_apple_pages.docx", ["This is a document for testing docx2python module.",
                                  "This document does not contain any bulleted lists."], []),
        ("d2p_renamed_document_xml.docx", ["This is a link to my website."], []),
        ("poi_multiple_coreprops.docx", ["Appendix A: Example File Structure", "January 24, 2011"], []),
        ("d2p_invalid_tag_name.docx", ["GENERAL REQUIREMENTS", "Special Notice"], []),
    ],
)
def test_bad_inputs_that_read(name, present, absent):
    d = as_document(bad(name), name)
    for text in present:
        assert any(text in b.text for b in d.blocks), text
    for text in absent:
        assert text not in d.text, text


@needs_shared
def test_bad_inputs_details():
    foot = read(bad("poi_footnotes.docx")).blocks[-1]
    assert (foot.kind, foot.text.strip(), foot.loc.part) == (BlockKind.footnote, "snoska", "word/footnotes.xml")
    merged = [b.cells for b in read(bad("d2p_merged_cells.docx")).blocks]
    assert merged == [["0-0", "0-12", "0-3"], ["12-0", "1-1", "1-2", "1-3"], ["", "2-1", "2-2", "2-3"],
                      ["3-0", "34-123"], ["4-0", ""]]
    renamed = read(bad("d2p_renamed_document_xml.docx")).blocks
    assert [b.loc.part for b in renamed] == ["word/blah_blah.xml"]
    assert read(bad("pd_having_images.docx")).blocks == []  # pictures only
    roman = [b for b in read(bad("d2p_invalid_tag_name.docx")).blocks if b.text == "GENERAL REQUIREMENTS"]
    assert [(b.kind, b.marker) for b in roman] == [(BlockKind.list_item, "I")]


@needs_shared
@pytest.mark.parametrize(
    "name, error, needle",
    [
        ("poi_xxe_external_entity.docx", Unsupported, "DOCTYPE"),
        ("d2p_strict_ooxml.docx", Unsupported, "ISO/IEC 29500 Strict DOCX is not supported"),
        ("poi_encrypted_pw_pass.docx", Encrypted, "password"),
        ("poi_truncated_zip.docx", Corrupt, "zip"),
        ("poi_fuzz_4791943399604224.docx", Corrupt, "zip"),
        ("poi_fuzz_5313273089884160.docx", Corrupt, "zip"),
        ("poi_fuzz_6120975439364096.docx", Corrupt, "zip"),
        ("poi_fuzz_6442791109263360.docx", Corrupt, "zip"),
        ("poi_fuzz_crash_517626e8.docx", Corrupt, "zip"),
    ],
)
def test_bad_inputs_refused(name, error, needle):
    with pytest.raises(CandorError) as info:
        read(bad(name))
    assert type(info.value) is error and needle in info.value.message


@needs_shared
def test_xxe_entity_never_resolved_even_without_refusal(monkeypatch):
    monkeypatch.setattr(reader, "_check_prolog", lambda z, info: None)  # skip the prescan
    with pytest.raises(Unsupported, match="DOCTYPE"):  # still refused after parsing, nothing fetched
        read(bad("poi_xxe_external_entity.docx"))


CORPUS_DOCX = sorted(CORPUS.glob("*.docx")) if CORPUS.is_dir() else []


@needs_shared
@pytest.mark.parametrize("path", CORPUS_DOCX, ids=[p.name for p in CORPUS_DOCX])
def test_corpus_docx_parse(path):
    d = as_document(path.read_bytes(), path.name)
    assert len(d.blocks) > 20 and d.warnings == []
    assert all(d.text[b.span[0]:b.span[1]] == b.text for b in d.blocks)
    assert {BlockKind.paragraph, BlockKind.page_footer} <= {b.kind for b in d.blocks}


@needs_shared
def test_corpus_csa_tables_numbers_and_speed():
    data = (CORPUS / "commonpaper_csa_with_sla_orderform.docx").read_bytes()
    best = min(_timed(read, data) for _ in range(3))
    assert best < 1.0, f"{best:.2f}s"
    d = as_document(data)
    rows = [b for b in d.blocks if b.kind is BlockKind.table_row]
    assert len(rows) > 30 and all(b.cells and b.loc.table is not None for b in rows)
    assert rows[2].cells == ["Cloud Service", "The Cloud Service available under this Order Form is {cloud_service}."]
    by_start = {b.text.split(".")[0]: b for b in d.blocks if b.kind is BlockKind.list_item}
    # the document cites "Section 1.4 (Feedback...)": its own numbers agree with ours
    assert by_start["Feedback and Usage Data"].section == "1.4"
    assert by_start["Feedback and Usage Data"].level == 2
    heads = [(b.text, b.section) for b in d.blocks if b.kind is BlockKind.heading]
    assert ("Restrictions & Obligations", "2") in heads
    assert {b.loc.part for b in d.blocks if b.kind is BlockKind.page_header} >= {"word/header1.xml", "word/header2.xml"}


@needs_shared
def test_corpus_dpa_nested_list_sections():
    d = as_document((CORPUS / "commonpaper_dpa.docx").read_bytes())
    item = next(b for b in d.blocks if b.text.startswith("In Clause 11, the optional language"))
    assert (item.kind, item.level, item.section) == (BlockKind.list_item, 4, "3.2(iii)")


def _timed(fn, *args) -> float:
    t = time.perf_counter()
    fn(*args)
    return time.perf_counter() - t
