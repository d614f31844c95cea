"""Every corpus document parses, and what the gold labels quote is in what we read."""

import json
from functools import cache

import pytest

from extractors.build import row_text
from extractors.errors import NeedsOCR
from extractors.parse import parse_path
from schemas import BlockKind, Document
from tests.conftest import CORPUS, LABELS
from tests.faithfulness import label_found, words_by_page

SCANNED = {"ssa_it_support_bpa_scanned.pdf"}
CORPUS_FILES = sorted(p.name for p in CORPUS.glob("*") if p.is_file())


@cache
def parsed(name: str) -> Document:
    return parse_path(CORPUS / name)


@pytest.mark.parametrize("name", sorted(set(CORPUS_FILES) - SCANNED))
def test_corpus_document_parses_with_consistent_spans(name):
    doc = parsed(name)
    assert doc.blocks, f"{name}: no blocks"
    text = doc.text
    for b in doc.blocks:
        assert text[b.span[0] : b.span[1]] == b.text
        assert b.text == b.text.strip() and "\n" not in b.text
    for s in doc.sentences:
        block = doc.blocks[s.block]
        assert block.span[0] <= s.span[0] < s.span[1] <= block.span[1]
        assert text[s.span[0] : s.span[1]] == s.text
    if doc.source.media_type == "application/pdf":
        assert doc.source.page_count and all(b.loc.page and b.loc.bbox for b in doc.blocks)


@pytest.mark.parametrize("name", sorted(SCANNED))
def test_scanned_pdf_is_rejected_as_needs_ocr(name):
    with pytest.raises(NeedsOCR):
        parse_path(CORPUS / name)


def test_gold_label_texts_are_found_in_the_parsed_documents(shared):
    """Faithfulness: every word of every dev label on its page or the next."""
    total, misses = 0, []
    for label_file in sorted(LABELS.glob("*.jsonl")):
        lines = [json.loads(line) for line in label_file.read_text().splitlines() if line.strip()]
        pages = words_by_page(parsed(lines[0]["doc"]))
        for label in lines[1:]:
            total += 1
            missing = label_found(label, pages)
            if missing:
                misses.append(f"{label['doc']} p{label.get('page')}: missing {sorted(missing)} in {label['text'][:90]!r}")
    recall = 1 - len(misses) / total
    print(f"\nlabel recall {recall:.4f} over {total} labels; misses:", *misses, sep="\n  ")
    assert total > 100
    assert recall >= 0.99, "\n".join(misses)


def test_missing_words_are_reported():
    """The faithfulness check itself can fail: a word the document lacks is caught."""
    pages = words_by_page(parsed("commonpaper_sla_v2.md"))
    assert label_found({"text": "Provider will respond within quantumly", "page": None}, pages) == {"quantumly"}
    assert label_found({"text": "Target Uptime", "page": None}, pages) == set()


@pytest.mark.parametrize(
    "name, cells",
    [
        # ruled PDF table, rotated page: one row, cells in column order
        (
            "software_dev_qasp_aql.pdf",
            ["1", "Software Design", "35%", "81-90% Performance assessment",
             "91-100%(+) 81-90%Standard AQL 71% (-) Below 71% (0%)"],
        ),
        # Markdown pipe table
        ("accordproject_sla_schedule.txt", ["Priority 1", "99.8%", "2.0 GBP"]),
        # DOCX table
        ("commonpaper_csa_with_sla_orderform.docx", None),
    ],
)
def test_table_row_cells_stay_together_in_column_order(name, cells):
    rows = [b for b in parsed(name).blocks if b.kind is BlockKind.table_row]
    assert rows, f"{name}: no table rows"
    for row in rows:
        assert row.text == row_text(row.cells) and row.text.strip(" |") == row.text
    if cells:
        assert any(row.cells[: len(cells)] == cells for row in rows), [r.cells for r in rows][:8]


def test_tall_pdf_table_rows_are_cut_into_their_items():
    """The help-desk PWS holds several standards in one ruled row; each gets its row."""
    rows = [b for b in parsed("doc_hchb_helpdesk_pws_aql.pdf").blocks if b.kind is BlockKind.table_row and b.loc.page == 1]
    standards = [r for r in rows if any("answered" in c for c in r.cells)]
    texts = [next(c for c in r.cells if "answered" in c) for r in standards]
    assert "All calls placed to the Help Desk are answered (by Help Desk staff) within 20 seconds of call initiation." in texts
    assert "All e-mail messages are answered within 1 hour of receipt." in texts
    assert len(standards) >= 4
