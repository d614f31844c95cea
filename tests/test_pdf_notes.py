"""Numbered notes in the annotated PDF: each note's number is drawn at its highlight,
notes are printed at a readable size, and those that do not fit beside their page go
on notes pages added at the end."""

import io
import re
from collections import Counter

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
from pypdf import PdfReader

from extractors.parse import parse_bytes
from redline.pdf_annotate import annotate
from redline.pdf_notes import SIZES, Note, layout
from schemas import Commitment, Finding, FindingType, Kind, Obligor, Severity, Suggestion, SuggestionKind
from tests.pdfgen import Page, build

CHECK = "credits_uncapped"  # an internal name no reader should see


def reviewed(lines: int, words: int = 12, shared: int = 0):
    """A page of `lines` clauses that each begin with the words a finding is about
    (highlights at the left margin, so their number tabs cover no other text), a second
    page, and a finding per clause; the last `shared` findings repeat the first one's words."""
    page = Page()
    for i in range(lines):
        page.text(72, 72 + 36 * i, f"Within {i + 2} hours the Contractor shall resolve incident {i}.")
    data = build([page, Page().text(72, 72, "Second page.")])
    doc = parse_bytes(data, "t://d.pdf", "d.pdf")
    found = []
    for i in range(lines + shared):
        clause = i if i < lines else 0
        b = next(b for b in doc.blocks if f"incident {clause}." in b.text)
        w = f"Within {clause + 2} hours"
        start = b.span[0] + b.text.index(w)
        c = Commitment(doc="d", text=b.text, kind=Kind.service_level, obligor=Obligor.provider, span=b.span, block=b.index)
        fix = Suggestion(kind=SuggestionKind.replace, text="Within 1 business day", replaces=w, span=(start, start + len(w)))
        found.append(Finding(id=f"f{i}", type=FindingType.one_sided, severity=list(Severity)[i % 3], check=CHECK, doc="d.pdf",
                             commitments=[c], rationale=f"Reason {i}. " + "The target is set without a client duty. " * words,
                             suggestion=fix))
    found.reverse()  # numbers follow the page, not the order of the findings
    return data, annotate(data, doc, found)


def annots(pdf: bytes, subtype: str) -> list[tuple[int, dict]]:
    reader = PdfReader(io.BytesIO(pdf))
    return [(i + 1, a.get_object()) for i, p in enumerate(reader.pages) for a in p.get("/Annots", [])
            if a.get_object()["/Subtype"] == subtype]


def flattened(pdf: bytes) -> pdfium.PdfDocument:
    """The PDF with its annotations drawn into the pages, as print shows them: text readers see them."""
    doc = pdfium.PdfDocument(pdf)
    for i in range(len(doc)):
        page = doc[i]
        assert pdfium_c.FPDFPage_Flatten(page.raw, pdfium_c.FLAT_PRINT) != pdfium_c.FLATTEN_FAIL
        page.close()  # a flattened page must be loaded again to read it
    out = io.BytesIO()
    doc.save(out)
    doc.close()
    return pdfium.PdfDocument(out.getvalue())


def label_at(flat: pdfium.PdfDocument, page: int, highlight) -> str:
    """The text left of a highlight's first line, inside its /Rect: where its number tab is."""
    q = [float(v) for v in highlight["/QuadPoints"][:8]]
    x0, y0, _, y1 = (float(v) for v in highlight["/Rect"])
    band = (min(q[1::2]) + max(q[1::2])) / 2
    text = flat[page - 1].get_textpage().get_text_bounded(left=x0, bottom=band - 1, right=min(q[0::2]) - 0.2, top=band + 1)
    return "".join(text.split())


def sizes(annot) -> list[float]:
    ap = annot["/AP"]["/N"].get_object().get_data().decode("latin-1")
    return [float(s) for s in re.findall(r"/(?:Helv|HeBo) ([\d.]+) Tf", ap)]


def test_each_note_number_is_drawn_at_exactly_one_highlight():
    data, result = reviewed(5, shared=2)  # three findings are about the first clause's words
    n = 7
    assert result.skipped == []
    notes = [a for _, a in annots(result.pdf, "/FreeText")]
    assert sorted(a["/Contents"].split(" ")[0] for a in notes) == [str(k) for k in range(1, n + 1)]
    flat = flattened(result.pdf)
    marks = annots(result.pdf, "/Highlight")
    labels = {a["/NM"]: label_at(flat, p, a) for p, a in marks}
    # Numbers go down the page (findings on the same words in the order given, f6 f5 f0),
    # and findings on the same words line up their numbers: "1 2 3".
    by_id = {a["/NM"].split("#")[0]: a["/Contents"].split(" ")[0] for a in notes}
    assert [by_id[f"f{i}"] for i in (6, 5, 0, 1, 2, 3, 4)] == [str(k) for k in range(1, n + 1)]
    assert sorted(labels.values()) == ["123", "23", "3", "4", "5", "6", "7"]
    assert Counter(label[0] for label in labels.values()) == Counter(str(k) for k in range(1, n + 1))
    for _, a in marks:  # the highlight's own text names its note
        assert a["/Contents"].split(" ")[0] == by_id[a["/NM"].split("#")[0]]
    text = flat[0].get_textpage().get_text_range()
    assert sorted(int(k) for k in re.findall(r"^(\d+) (?:HIGH|MEDIUM|LOW) · one-sided\r?$", text, re.M)) == list(range(1, n + 1))
    assert PdfReader(io.BytesIO(result.pdf)).pages[1].extract_text() == PdfReader(io.BytesIO(data)).pages[1].extract_text()


def test_notes_are_readable_and_name_no_internal_check():
    _, result = reviewed(4)
    notes = annots(result.pdf, "/FreeText")
    assert len(notes) == 4 and {p for p, _ in notes} == {1}  # four short notes fit beside the page
    for _, a in notes:
        assert sizes(a) and min(sizes(a)) >= 7
        assert float(re.match(r"/Helv ([\d.]+) Tf", a["/DA"]).group(1)) >= 7
    for _, a in annots(result.pdf, "/Highlight"):
        assert sizes(a) and min(sizes(a)) >= 7  # the number tab
    every = [str(a.get(k, "")) for _, a in notes + annots(result.pdf, "/Highlight") for k in ("/Contents", "/Subj")]
    assert not any(CHECK in s for s in every)
    assert CHECK not in flattened(result.pdf)[0].get_textpage().get_text_range()


def test_notes_that_do_not_fit_go_on_a_notes_page_at_the_end():
    data, result = reviewed(16, words=20)
    original = PdfReader(io.BytesIO(data))
    reader = PdfReader(io.BytesIO(result.pdf))
    assert len(reader.pages) == 3  # the two pages keep their numbers: the report links to them
    assert [reader.pages[i].extract_text() for i in (0, 1)] == [original.pages[i].extract_text() for i in (0, 1)]
    notes = [(p, a) for p, a in annots(result.pdf, "/FreeText") if a["/NM"].endswith("#note")]
    assert sorted(int(a["/Contents"].split(" ")[0]) for _, a in notes) == list(range(1, 17))
    beside = sorted(int(a["/Contents"].split(" ")[0]) for p, a in notes if p == 1)
    moved = sorted(int(a["/Contents"].split(" ")[0]) for p, a in notes if p == 3)
    assert beside == list(range(1, len(beside) + 1)) and moved == list(range(len(beside) + 1, 17)) and moved
    assert all(" · page 1\n" in a["/Contents"] for p, a in notes if p == 3)
    assert all(min(sizes(a)) >= min(SIZES) >= 7 for _, a in notes)
    (pointer,) = [a for p, a in annots(result.pdf, "/FreeText") if p == 1 and a["/NM"].endswith("#more")]
    assert pointer["/Contents"] == f"Notes {len(beside) + 1}\u201316 on page 3"
    flat = flattened(result.pdf)
    assert flat[2].get_textpage().get_text_range().startswith("Notes continued")
    for page in (1, 3):  # notes on a page never overlap
        rects = sorted([float(v) for v in a["/Rect"]] for p, a in annots(result.pdf, "/FreeText") if p == page)
        for a, b in zip(rects, rects[1:]):
            assert a[2] <= b[0] or b[2] <= a[0] or a[3] <= b[1] or b[3] <= a[1]


def test_layout_hands_back_what_does_not_fit_and_never_shrinks_below_the_least_size():
    fs = [Finding(id=f"f{i}", type=FindingType.vague, severity=Severity.low, check="c", doc="d", commitments=[],
                  rationale="word " * 60) for i in range(8)]
    notes = [Note(f, top=100.0 * i, number=i + 1) for i, f in enumerate(fs)]
    rest = layout(notes, (0, 160), 400)
    assert rest and len(rest) < len(notes)
    assert [n.number for n in rest] == list(range(len(notes) - len(rest) + 1, 9))  # the last in reading order
    kept = [n for n in notes if n not in rest]
    assert all(n.size == SIZES[-1] for n in notes)
    assert all(18 <= n.y and n.y + n.height <= 400 - 18 for n in kept)
    assert all(a.y + a.height <= b.y for a, b in zip(kept, kept[1:]))
