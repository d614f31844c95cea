"""Word redline: tracked changes and comments written into the original DOCX, and into a
Word rendition of PDF, text and Markdown inputs. Outputs are opened with lxml and
python-docx and read back with our own reader."""

from __future__ import annotations

import io
import random
import re
import shutil
import subprocess
import zipfile
from collections import Counter
from datetime import datetime, timezone
from functools import cache
from pathlib import Path

import docx
import pytest
from lxml import etree

from checks import review as checks_review
from checks.profile import load_profile
from extractors.commitments.extract import extract
from extractors.commitments.model import CommitmentModel
from extractors.parse import parse_bytes, parse_path
from redline.docx_redline import redline_docx, redline_docx_result
from redline.docx_text import PartMap, row_layout
from redline.ooxml import Package
from redline.rendition import build_rendition, rendition_docx_result
from schemas import Commitment, Document, Finding, FindingType, Kind, Obligor, Severity, Suggestion
from tests.conftest import BADINPUTS, CORPUS

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
W = "{%s}" % W_NS
DATE = datetime(2025, 1, 2, 3, 4, 5, tzinfo=timezone.utc)
DATE_TEXT = "2025-01-02T03:04:05Z"
ROUND_TRIP = ["poi_tracked_delins.docx", "poi_comments.docx", "pd_comments_rich.docx", "poi_tracking_on.docx"]


# -- helpers ---------------------------------------------------------------------------


@cache
def _model() -> CommitmentModel:
    return CommitmentModel()


def review(doc: Document) -> list[Finding]:
    """The whole review: extraction with the model, then every check with the example profile."""
    profile = load_profile(Path(__file__).parents[1] / "examples" / "capacity.yaml")
    return checks_review.run(checks_review.prepare(doc, extract(doc, _model()), profile))


def make_docx(*xml: str) -> bytes:
    """A DOCX whose body holds the given w:p / w:tbl XML (w: prefix, no xmlns needed)."""
    d = docx.Document()
    body = d.element.body
    for fragment in xml:
        el = etree.fromstring(f'<root xmlns:w="{W_NS}">{fragment}</root>')[0]
        body.insert(len(body) - 1, el)  # before the final w:sectPr
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


def run(text: str, props: str = "") -> str:
    return f'<w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r>' if props else \
        f'<w:r><w:t xml:space="preserve">{text}</w:t></w:r>'


def parse(data: bytes) -> Document:
    return parse_bytes(data, "mem://test.docx", "test.docx")


def find_span(doc: Document, words: str, nth: int = 0) -> tuple[int, int]:
    starts = [m.start() for m in re.finditer(re.escape(words), doc.text)]
    return starts[nth], starts[nth] + len(words)


def block_at(doc: Document, pos: int):
    return next(b for b in doc.blocks if b.span[0] <= pos < b.span[1])


def finding(doc: Document, words: str, kind: str = "replace", text: str = "NEW", nth: int = 0,
            fid: str = "f1", commitment_words: str | None = None) -> Finding:
    """A finding on `words`: its commitment is the words' block (or `commitment_words`)."""
    span = find_span(doc, words, nth)
    block = block_at(doc, span[0])
    c_span = find_span(doc, commitment_words) if commitment_words else block.span
    c = Commitment(doc=doc.source.name, text=doc.text[c_span[0]:c_span[1]], kind=Kind.obligation,
                   obligor=Obligor.provider, block=block.index, span=c_span)
    sug = Suggestion(kind=kind, text=text, replaces=words if kind == "replace" else None,
                     span=span if kind == "replace" else None)
    return Finding(id=fid, type=FindingType.vague, severity=Severity.medium, check="vague_words",
                   doc=doc.source.name, commitments=[c], rationale=f"rationale {fid}", suggestion=sug)


def part(data: bytes, name: str = "word/document.xml") -> etree._Element:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return etree.fromstring(z.read(name))


def text_of(el: etree._Element) -> str:
    return "".join(t.text or "" for t in el.iter(W + "t", W + "delText"))


def comment_range_text(root: etree._Element, cid: str) -> str:
    """The text (deleted text included) between a comment's range marks."""
    out, on = [], False
    for el in root.iter():
        if el.tag == W + "commentRangeStart" and el.get(W + "id") == cid:
            on = True
        elif el.tag == W + "commentRangeEnd" and el.get(W + "id") == cid:
            return "".join(out)
        elif on and el.tag in (W + "t", W + "delText"):
            out.append(el.text or "")
    raise AssertionError(f"comment {cid} has no complete range")


def comments(data: bytes) -> list[etree._Element]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        if "word/comments.xml" not in z.namelist():
            return []
    return part(data, "word/comments.xml").findall(W + "comment")


def ours(data: bytes | etree._Element, tag: str) -> list[etree._Element]:
    root = part(data) if isinstance(data, bytes) else data
    return [e for e in root.iter(W + tag) if e.get(W + "author") == "Candor"]


def revisions(data: bytes) -> Counter:
    """Every tracked change in the main part, by tag, id, author and date."""
    root = part(data)
    return Counter((etree.QName(e).localname, e.get(W + "id"), e.get(W + "author"), e.get(W + "date"))
                   for e in root.iter(W + "ins", W + "del", W + "moveFrom", W + "moveTo", W + "rPrChange", W + "pPrChange"))


def comment_keys(data: bytes) -> Counter:
    return Counter((c.get(W + "id"), c.get(W + "author"), c.get(W + "date"), text_of(c)) for c in comments(data))


def check_ids_unique(data: bytes) -> None:
    root = part(data)
    rev = [e.get(W + "id") for e in root.iter(W + "ins", W + "del", W + "rPrChange", W + "pPrChange")]
    assert len(rev) == len(set(rev)), "revision ids collide"
    ids = [c.get(W + "id") for c in comments(data)]
    assert len(ids) == len(set(ids)), "comment ids collide"
    starts = [e.get(W + "id") for e in root.iter(W + "commentRangeStart")]
    assert set(starts) <= set(ids)


def reopen(data: bytes) -> Document:
    docx.Document(io.BytesIO(data))  # python-docx opens it
    return parse(data)  # and so does our reader (tracked insertions accepted, deletions skipped)


# -- the reader and the map agree -------------------------------------------------------


def _docx_inputs() -> list[Path]:
    return sorted(CORPUS.glob("*.docx")) + [BADINPUTS / n for n in ROUND_TRIP + ["poi_field_codes.docx",
                                                                              "poi_footnotes.docx", "d2p_merged_cells.docx"]]


@pytest.mark.parametrize("path", _docx_inputs(), ids=lambda p: p.name)
def test_map_reads_what_the_reader_reads(shared, path):
    doc = parse_path(path)
    pkg = Package(path.read_bytes())
    maps: dict[str, PartMap] = {}
    for b in doc.blocks:
        pm = maps.setdefault(b.loc.part, PartMap(pkg.xml(b.loc.part)))
        if b.loc.paragraph is not None:
            text = " ".join(pm.paras[pm.all_p[b.loc.paragraph]].text.split())
        else:
            text = row_layout(pm.rows[(b.loc.table, b.loc.row)])[0]
        assert text == b.text, (b.index, b.kind)


# -- replace, table-driven ----------------------------------------------------------------

REPLACES = [
    # name, paragraph XML, words replaced, the paragraph's text once accepted
    ("middle_of_run", "<w:p>" + run("Availability is 99.8% each month.", "<w:b/>") + "</w:p>",
     "99.8%", "Availability is NEW each month."),
    ("across_two_runs", "<w:p>" + run("The Provider shall respond ") + run("promptly to", "<w:i/>") + run(" requests.") + "</w:p>",
     "respond promptly", "The Provider shall NEW to requests."),
    ("paragraph_start", "<w:p>" + run("Promptly the Provider shall act.") + "</w:p>",
     "Promptly", "NEW the Provider shall act."),
    ("paragraph_end", "<w:p>" + run("The Provider shall act ") + run("as needed.", "<w:u w:val=\"single\"/>") + "</w:p>",
     "as needed.", "The Provider shall act NEW"),
    ("collapsed_spaces", "<w:p>" + run("Reports   are sent") + run("  regularly  ") + run("to the client.") + "</w:p>",
     "sent regularly to", "Reports are NEW the client."),
    ("inside_hyperlink", '<w:p>' + run("See ") + '<w:hyperlink w:anchor="x">' + run("the service levels", "<w:b/>")
     + "</w:hyperlink>" + run(" now.") + "</w:p>", "service levels", "See the NEW now."),
]


@pytest.mark.parametrize("name,xml,words,accepted", REPLACES, ids=[r[0] for r in REPLACES])
def test_replace(name, xml, words, accepted):
    original = make_docx("<w:p>" + run("Heading text before.") + "</w:p>", xml)
    doc = parse(original)
    block = block_at(doc, find_span(doc, words)[0])
    result = redline_docx_result(original, doc, [finding(doc, words)], date=DATE)
    assert result.changes == 1 and result.comments == 1 and not result.warnings
    out = result.data
    root = part(out)
    p = [p for p in root.iter(W + "p") if p.find(f".//{W}del") is not None]
    assert len(p) == 1, "the edit is in one paragraph"
    (d,) = ours(root, "del")
    (i,) = ours(root, "ins")
    assert d.get(W + "date") == i.get(W + "date") == DATE_TEXT
    assert " ".join(text_of(d).split()) == " ".join(words.split())
    assert d.find(f".//{W}t") is None, "deleted text is w:delText"
    assert text_of(i) == "NEW"
    assert p[0].find(f".//{W}del") is d and i.getparent() is d.getparent()
    assert " ".join(comment_range_text(root, comments(out)[0].get(W + "id")).split()) == " ".join((words + "NEW").split())
    again = reopen(out)
    assert again.blocks[block.index].text == accepted
    assert again.blocks[0].text == "Heading text before."
    check_ids_unique(out)


def test_replace_keeps_formatting_of_each_run():
    original = make_docx("<w:p>" + run("The Provider shall respond ") + run("promptly to", "<w:i/>") + "</w:p>")
    doc = parse(original)
    out = redline_docx(original, doc, [finding(doc, "respond promptly")], date=DATE)
    root = part(out)
    (d,) = ours(root, "del")
    runs = d.findall(W + "r")
    assert [text_of(r) for r in runs] == ["respond ", "promptly"]
    assert runs[0].find(f"{W}rPr/{W}i") is None and runs[1].find(f"{W}rPr/{W}i") is not None
    after = next(r for r in root.find(f".//{W}ins").itersiblings(W + "r") if text_of(r))
    assert text_of(after) == " to" and after.find(f"{W}rPr/{W}i") is not None, "the rest keeps its italics"
    before = next(d.itersiblings(W + "r", preceding=True))
    assert text_of(before) == "The Provider shall "


def test_new_words_take_the_formatting_of_the_old():
    original = make_docx("<w:p>" + run("Availability is 99.8% each month.", '<w:b/><w:sz w:val="28"/>') + "</w:p>")
    doc = parse(original)
    out = redline_docx(original, doc, [finding(doc, "99.8%", text="99.5%")], date=DATE)
    (i,) = ours(out, "ins")
    rpr = i.find(f"{W}r/{W}rPr")
    assert rpr.find(W + "b") is not None and rpr.find(W + "sz").get(W + "val") == "28"


def test_two_findings_in_one_paragraph():
    original = make_docx("<w:p>" + run("Reports are sent regularly and meetings held ") + run("as needed", "<w:b/>")
                         + run(" by the team.") + "</w:p>")
    doc = parse(original)
    fs = [finding(doc, "regularly", text="monthly", fid="a"), finding(doc, "as needed", text="twice a month", fid="b")]
    result = redline_docx_result(original, doc, fs, date=DATE)
    assert result.changes == 2 and result.comments == 2
    assert sorted(text_of(d) for d in ours(result.data, "del")) == ["as needed", "regularly"]
    assert reopen(result.data).blocks[0].text == "Reports are sent monthly and meetings held twice a month by the team."
    root = part(result.data)
    texts = {c.get(W + "id"): comment_range_text(root, c.get(W + "id")) for c in comments(result.data)}
    assert sorted(texts.values()) == ["as neededtwice a month", "regularlymonthly"]


def test_comment_on_sentence_around_a_replace():
    """A question about the whole sentence and a replace inside it: both land."""
    original = make_docx("<w:p>" + run("First sentence here. The Provider shall respond promptly. Last one.") + "</w:p>")
    doc = parse(original)
    q = finding(doc, "The Provider shall respond promptly.", kind="question", text="How fast?", fid="q",
                commitment_words="The Provider shall respond promptly.")
    r = finding(doc, "promptly", text="within 1 business day", fid="r")
    out = redline_docx(original, doc, [q, r], date=DATE)
    root = part(out)
    by_text = {text_of(c).split("]")[1].split("Suggested")[0].split("Question")[0].strip(): c.get(W + "id")
               for c in comments(out)}
    assert comment_range_text(root, by_text["rationale q"]) == "The Provider shall respond promptlywithin 1 business day."
    assert comment_range_text(root, by_text["rationale r"]) == "promptlywithin 1 business day"
    assert reopen(out).blocks[0].text == "First sentence here. The Provider shall respond within 1 business day. Last one."


def test_overlapping_replaces_second_is_skipped():
    original = make_docx("<w:p>" + run("Support is available during normal business hours daily.") + "</w:p>")
    doc = parse(original)
    fs = [finding(doc, "normal business hours", text="08:00-17:00", fid="a"),
          finding(doc, "business hours daily", text="X", fid="b")]
    result = redline_docx_result(original, doc, fs, date=DATE)
    assert result.changes == 1 and result.comments == 2
    assert any("(b): the suggested change could not be placed in the Word file because" in w for w in result.warnings)
    assert reopen(result.data).blocks[0].text == "Support is available during 08:00-17:00 daily."


# -- never on the wrong words -------------------------------------------------------------


def test_wrong_span_is_refused():
    original = make_docx("<w:p>" + run("Availability is 99.8% each month.") + "</w:p>")
    doc = parse(original)
    f = finding(doc, "99.8%")
    f.suggestion.replaces = "99.9%"  # words that are nowhere in the document
    result = redline_docx_result(original, doc, [f], date=DATE)
    assert result.changes == 0 and not ours(result.data, "del") and not ours(result.data, "ins")
    assert result.comments == 1 and any("could not be placed in the Word file because" in w for w in result.warnings)
    assert "(Not made as a tracked change" in text_of(comments(result.data)[0])


def test_stale_span_is_found_by_its_words():
    original = make_docx("<w:p>" + run("Availability is 99.8% each month.") + "</w:p>")
    doc = parse(original)
    f = finding(doc, "99.8%")
    f.suggestion.span = (0, 5)  # "Avail": the words are looked up in their block instead
    out = redline_docx(original, doc, [f], date=DATE)
    assert [text_of(d) for d in ours(out, "del")] == ["99.8%"]


def test_document_that_differs_from_the_parse_is_not_edited():
    original = make_docx("<w:p>" + run("Availability is 99.8% each month.") + "</w:p>")
    doc = parse(original)
    other = make_docx("<w:p>" + run("Availability is 99.9% each month.") + "</w:p>")
    result = redline_docx_result(other, doc, [finding(doc, "99.8%")], date=DATE)
    assert result.changes == 0 and not ours(result.data, "del")


def test_words_in_another_authors_insertion_are_left_alone():
    original = make_docx('<w:p>' + run("Reports are due ")
                         + '<w:ins w:id="7" w:author="Ann" w:date="2020-01-01T00:00:00Z">' + run("as needed") + "</w:ins>"
                         + run(" by the team.") + "</w:p>")
    doc = parse(original)
    result = redline_docx_result(original, doc, [finding(doc, "as needed")], date=DATE)
    assert result.changes == 0 and result.comments == 1
    assert any("tracked change" in w for w in result.warnings)
    (ins,) = part(result.data).iter(W + "ins")
    assert (ins.get(W + "author"), ins.get(W + "id"), text_of(ins)) == ("Ann", "7", "as needed")
    root = part(result.data)
    assert "as needed" in comment_range_text(root, comments(result.data)[0].get(W + "id"))
    assert ins.find(f".//{W}commentRangeStart") is None, "nothing written inside Ann's insertion"


def test_field_result_is_not_edited():
    fld = ('<w:r><w:fldChar w:fldCharType="begin"/></w:r><w:r><w:instrText> DOCPROPERTY x </w:instrText></w:r>'
           '<w:r><w:fldChar w:fldCharType="separate"/></w:r>' + run("as needed")
           + '<w:r><w:fldChar w:fldCharType="end"/></w:r>')
    original = make_docx("<w:p>" + run("Reports are due ") + fld + run(" always.") + "</w:p>")
    doc = parse(original)
    assert doc.blocks[0].text == "Reports are due as needed always."
    result = redline_docx_result(original, doc, [finding(doc, "as needed")], date=DATE)
    assert result.changes == 0 and result.comments == 1 and any("field" in w for w in result.warnings)


# -- insert ------------------------------------------------------------------------------


def test_insert_after_table_cell_paragraph():
    cell = '<w:tc><w:tcPr><w:tcW w:w="3000" w:type="dxa"/></w:tcPr><w:p><w:pPr><w:jc w:val="center"/></w:pPr>{}</w:p></w:tc>'
    tbl = ('<w:tbl><w:tblPr><w:tblW w:w="0" w:type="auto"/></w:tblPr><w:tblGrid><w:gridCol w:w="3000"/><w:gridCol w:w="3000"/></w:tblGrid>'
           "<w:tr>" + cell.format(run("Availability")) + cell.format(run("99.9% monthly", "<w:b/>")) + "</w:tr></w:tbl>")
    original = make_docx("<w:p>" + run("Service levels:") + "</w:p>", tbl)
    doc = parse(original)
    row = doc.blocks[1]
    assert row.text == "Availability | 99.9% monthly"
    f = finding(doc, "99.9% monthly", kind="insert", text="Maintenance windows are excluded.",
                commitment_words="Availability | 99.9% monthly")
    result = redline_docx_result(original, doc, [f], date=DATE)
    assert result.changes == 1 and result.comments == 1 and not result.warnings
    root = part(result.data)
    tc = root.findall(f".//{W}tc")[1]
    ps = tc.findall(W + "p")
    assert [text_of(p) for p in ps] == ["99.9% monthly", "Maintenance windows are excluded."]
    new = ps[1]
    assert new.find(f"{W}pPr/{W}jc").get(W + "val") == "center", "paragraph properties copied"
    mark = new.find(f"{W}pPr/{W}rPr/{W}ins")
    assert mark is not None and mark.get(W + "author") == "Candor", "the paragraph mark is inserted"
    ins = new.find(W + "ins")
    assert text_of(ins) == "Maintenance windows are excluded." and ins.find(f"{W}r/{W}rPr/{W}b") is not None
    cid = comments(result.data)[0].get(W + "id")
    assert comment_range_text(root, cid) == "Availability99.9% monthly"
    again = reopen(result.data)
    assert again.blocks[1].text == "Availability | 99.9% monthly Maintenance windows are excluded."
    check_ids_unique(result.data)


def test_insert_after_paragraph_keeps_style_not_section_break():
    original = make_docx('<w:p><w:pPr><w:pStyle w:val="ListParagraph"/><w:ind w:left="720"/></w:pPr>'
                         + run("The Provider shall fix faults promptly.") + "</w:p>")
    doc = parse(original)
    fs = [finding(doc, "promptly", kind="insert", text="First new clause.", fid="a"),
          finding(doc, "fix", kind="insert", text="Second new clause.", fid="b")]
    out = redline_docx(original, doc, fs, date=DATE)
    body = part(out).find(W + "body")
    ps = body.findall(W + "p")
    texts = [text_of(p) for p in ps]
    i = texts.index("The Provider shall fix faults promptly.")
    assert texts[i + 1:i + 3] == ["First new clause.", "Second new clause."], "in finding order"
    assert ps[i + 1].find(f"{W}pPr/{W}pStyle").get(W + "val") == "ListParagraph"
    assert ps[i + 1].find(f"{W}pPr/{W}sectPr") is None
    assert body[-1].tag == W + "sectPr"


# -- comments --------------------------------------------------------------------------


def test_comment_text_and_part_created():
    original = make_docx("<w:p>" + run("The Provider shall act as needed.") + "</w:p>")
    assert "word/comments.xml" not in zipfile.ZipFile(io.BytesIO(original)).namelist()
    doc = parse(original)
    q = finding(doc, "as needed", kind="question", text="How often exactly?")
    out = redline_docx(original, doc, [q], date=DATE)
    (c,) = comments(out)
    assert (c.get(W + "author"), c.get(W + "date")) == ("Candor", DATE_TEXT)
    paras = [text_of(p) for p in c.findall(W + "p")]
    assert paras == ["[MEDIUM vague] rationale f1", "Question for the client: How often exactly?"]
    z = zipfile.ZipFile(io.BytesIO(out))
    assert "comments.xml" in z.read("word/_rels/document.xml.rels").decode()
    assert "/word/comments.xml" in z.read("[Content_Types].xml").decode()
    assert comment_range_text(part(out), c.get(W + "id")) == "The Provider shall act as needed."
    assert not ours(out, "ins") and not ours(out, "del")
    assert docx.Document(io.BytesIO(out)).comments is not None


def test_no_findings_returns_the_original():
    original = make_docx("<w:p>" + run("Text.") + "</w:p>")
    assert redline_docx(original, parse(original), []) == original


def test_finding_in_header_changes_header_comments_in_body():
    d = docx.Document()
    d.sections[0].header.paragraphs[0].text = "Confidential draft as needed"
    d.add_paragraph("The Provider shall act.")
    buf = io.BytesIO()
    d.save(buf)
    original = buf.getvalue()
    doc = parse(original)
    result = redline_docx_result(original, doc, [finding(doc, "as needed")], date=DATE)
    assert result.changes == 1 and result.comments == 1
    header = part(result.data, "word/header1.xml")
    assert [text_of(e) for e in ours(header, "del")] == ["as needed"]
    assert header.find(f".//{W}commentRangeStart") is None, "Word allows no comments in headers"
    assert part(result.data).find(f".//{W}commentRangeStart") is not None
    assert "(About:" in text_of(comments(result.data)[0])


def _random_word_findings(doc: Document, seed: int) -> tuple[list[Finding], dict[str, str]]:
    """One finding per block replacing a random word; the block text expected after."""
    rng = random.Random(seed)
    found, expected = [], {}
    for b in doc.blocks:
        words = [m for m in re.finditer(r"\S+", b.text) if m.group() != "|"]
        if len(words) < 2:
            continue
        w = rng.choice(words)
        new = f"ZZ{b.index}ZZ"
        nth = doc.text[:b.span[0] + w.start()].count(w.group())
        found.append(finding(doc, w.group(), text=new, nth=nth, fid=str(b.index)))
        expected[str(b.index)] = b.text[:w.start()] + new + b.text[w.end():]
    return found, expected


@pytest.mark.parametrize("path", [CORPUS / "commonpaper_psa.docx", BADINPUTS / "poi_tracked_delins.docx",
                                  BADINPUTS / "d2p_merged_cells.docx"], ids=lambda p: p.name)
def test_random_words_land_exactly(shared, path, tmp_path):
    """Every block gets a replace on a random word: each edit made reads back exactly
    where it was meant, and each one refused says why."""
    original = path.read_bytes()
    doc = parse_path(path)
    fs, expected = _random_word_findings(doc, seed=7)
    result = redline_docx_result(original, doc, fs, date=DATE)
    refused = {re.search(r"\((\w+)\): ", w).group(1) for w in result.warnings if "could not be placed in the Word file because" in w}
    assert result.changes == len(fs) - len(refused) and result.comments == len(fs)
    assert result.changes >= len(fs) // 3
    again = reopen(result.data)
    for fid, text in expected.items():
        assert (text in again.text) == (fid not in refused), fid
    before = revisions(original)
    assert not before - revisions(result.data)
    check_ids_unique(result.data)
    soffice = shutil.which("soffice")
    if soffice:  # LibreOffice loads it (it refuses, for one, comments in headers)
        src = tmp_path / "r.docx"
        src.write_bytes(result.data)
        subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                        "--outdir", str(tmp_path), str(src)], capture_output=True, timeout=240)
        assert (tmp_path / "r.pdf").is_file(), "LibreOffice could not load the redline"


# -- round trip on documents that already carry revisions and comments -------------------


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_round_trip_keeps_earlier_revisions_and_comments(shared, name):
    original = (BADINPUTS / name).read_bytes()
    doc = parse(original)
    block = max(doc.blocks, key=lambda b: len(b.text.split()))
    words = block.text.split()[-1]
    fs = [finding(doc, words, text="REPLACED", nth=doc.text[:block.span[0]].count(words), fid="r"),
          finding(doc, block.text.split()[0], kind="question", text="Why?", fid="q")]
    result = redline_docx_result(original, doc, fs, date=DATE)
    out = result.data
    before, after = revisions(original), revisions(out)
    assert not before - after, "every earlier revision kept with its id, author and date"
    new = after - before
    # Only ours, or a formatting revision copied onto both halves of a run we split.
    old_formatting = {(a, d) for tag, _, a, d in before if tag == "rPrChange"}
    assert all(a == "Candor" or tag == "rPrChange" and (a, d) in old_formatting for tag, _, a, d in new)
    old_comments, new_comments = comment_keys(original), comment_keys(out)
    assert not old_comments - new_comments, "every earlier comment kept"
    added = new_comments - old_comments
    assert sum(added.values()) == 2 and all(a == "Candor" for _, a, _, _ in added)
    check_ids_unique(out)
    zin, zout = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(out))
    rewritten = {"word/document.xml", "word/comments.xml", "word/_rels/document.xml.rels", "[Content_Types].xml"}
    for info in zin.infolist():
        if info.filename not in rewritten:
            assert zout.read(info.filename) == zin.read(info.filename), info.filename
    if name == "poi_tracking_on.docx":
        assert b"trackRevisions" in zout.read("word/settings.xml")
    again = reopen(out)
    assert "REPLACED" in again.text or result.changes == 0


def test_edit_inside_earlier_insertion_is_skipped_on_real_file(shared):
    original = (BADINPUTS / "poi_tracked_delins.docx").read_bytes()
    doc = parse(original)
    f = finding(doc, "Apache Tika 0.3 has been released")  # words pavel inserted
    result = redline_docx_result(original, doc, [f], date=DATE)
    assert result.changes == 0 and result.comments == 1
    assert revisions(result.data) == revisions(original)


# -- end to end on a corpus contract ----------------------------------------------------------


@pytest.fixture(scope="module")
def reviewed_csa():
    path = CORPUS / "commonpaper_csa_with_sla_orderform.docx"
    doc = parse_path(path)
    findings = review(doc)
    original = path.read_bytes()
    return original, doc, findings, redline_docx_result(original, doc, findings, date=DATE)


def test_corpus_contract_end_to_end(shared, reviewed_csa):
    original, doc, findings, result = reviewed_csa
    edits = [f for f in findings if f.suggestion and f.suggestion.kind.value in ("replace", "insert")]
    assert findings and edits
    assert result.comments == len(findings) and result.changes == len(edits), result.warnings
    out = result.data
    cs = comments(out)
    assert len(cs) == len(findings) and {c.get(W + "author") for c in cs} == {"Candor"}
    again = reopen(out)
    for f in edits:
        assert f.suggestion.text in again.text
    replaced = Counter(f.suggestion.replaces for f in findings if f.suggestion.kind.value == "replace")
    dels = Counter(text_of(d) for d in ours(out, "del"))
    assert dels == replaced
    check_ids_unique(out)
    zin, zout = zipfile.ZipFile(io.BytesIO(original)), zipfile.ZipFile(io.BytesIO(out))
    for name in ("word/styles.xml", "word/numbering.xml", "word/settings.xml"):
        if name in zin.namelist():
            assert zin.read(name) == zout.read(name)


def test_libreoffice_renders_the_redline(shared, reviewed_csa, tmp_path):
    soffice = shutil.which("soffice")
    if soffice is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    _, _, findings, result = reviewed_csa
    src = tmp_path / "redline.docx"
    src.write_bytes(result.data)
    subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo", "--convert-to", "pdf",
                    "--outdir", str(tmp_path), str(src)], check=True, capture_output=True, timeout=240)
    pdf = tmp_path / "redline.pdf"
    assert pdf.is_file() and pdf.stat().st_size > 10_000
    if shutil.which("pdftotext") is None:
        return
    text = subprocess.run(["pdftotext", str(pdf), "-"], check=True, capture_output=True, text=True).stdout
    flat = " ".join(text.split())
    for f in findings:
        if f.suggestion and f.suggestion.kind.value == "replace":
            assert f.suggestion.text in flat


# -- rendition for PDF, text and Markdown ---------------------------------------------------


def test_rendition_structure(shared):
    doc = parse_path(CORPUS / "accordproject_sla_schedule.txt")
    data, locs = build_rendition(doc)
    d = docx.Document(io.BytesIO(data))
    styles = {p.style.name for p in d.paragraphs}
    assert any(s.startswith("Heading") for s in styles)
    again = parse(data)
    body = [b.text for b in doc.blocks if b.kind.value not in ("page_header", "page_footer")]
    assert [b.text for b in again.blocks][1:] == body, "the rendition reads back as the same blocks"
    assert set(locs) == {b.index for b in doc.blocks if b.kind.value not in ("page_header", "page_footer")}


def test_rendition_tables(shared):
    doc = parse_path(CORPUS / "doc_hchb_helpdesk_pws_aql.pdf")
    rows = [b for b in doc.blocks if b.kind.value == "table_row"]
    assert rows
    data, locs = build_rendition(doc)
    again = parse(data)
    assert [b.cells for b in again.blocks if b.kind.value == "table_row"] == [b.cells for b in rows]
    assert all(locs[b.index].table is not None for b in rows)
    assert docx.Document(io.BytesIO(data)).tables


@pytest.mark.parametrize("name", ["accordproject_sla_schedule.txt", "software_dev_qasp_aql.pdf", "18f_fedramp_dashboard_pws.md"])
def test_rendition_end_to_end(shared, name):
    doc = parse_path(CORPUS / name)
    findings = review(doc)
    assert findings
    result = rendition_docx_result(doc, findings, date=DATE)
    assert result.comments == len(findings)
    edits = [f for f in findings if f.suggestion and f.suggestion.kind.value in ("replace", "insert")]
    assert result.changes == len(edits), result.warnings
    again = reopen(result.data)
    for f in edits:
        assert f.suggestion.text in again.text
    check_ids_unique(result.data)


def test_rendition_hand_findings_on_text():
    doc = parse_bytes(b"1. Service\n\nThe Provider shall respond promptly to each request.\n", "mem://a.txt", "a.txt")
    fs = [finding(doc, "promptly", text="within 1 business day")]
    result = rendition_docx_result(doc, fs, date=DATE)
    assert result.changes == 1 and [text_of(d) for d in ours(result.data, "del")] == ["promptly"]
    assert "The Provider shall respond within 1 business day to each request." in reopen(result.data).text
