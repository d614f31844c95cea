"""The pages a forked PDF reader has read reach the parent (the CLI's progress bar)."""

from extractors import progress
from extractors.isolate import parse_bytes_isolated
from schemas import Limits
from tests.pdfgen import Page, build


def test_pages_read_in_a_child_are_counted_in_the_parent():
    data = build([Page().text(72, 72, f"Page {n}: the Contractor shall respond within 4 hours.") for n in range(1, 4)])
    progress.start(0)
    assert progress.pages() == (0, 0)
    doc = parse_bytes_isolated(data, "test://p.pdf", "p.pdf", Limits())
    assert doc.source.page_count == 3 and progress.pages() == (3, 3)
