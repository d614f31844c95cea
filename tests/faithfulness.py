"""Word-bag matching of gold label texts against a parsed document (see test_corpus.py)."""

import re

from schemas import Document

_TOKEN = re.compile(r"[a-z0-9]+")
_BROKEN = re.compile(r"([a-z0-9]+)- ?([a-z0-9]+)")


def tokens(text: str) -> set[str]:
    return set(_TOKEN.findall(text.lower()))


def words_by_page(doc: Document) -> dict[int | None, set[str]]:
    """The words of every page; a block that runs over a page break counts on both."""
    pages: dict[int | None, set[str]] = {}
    for b in doc.blocks:
        for page in {r.page for r in b.loc.regions or []} or {None}:
            pages.setdefault(page, set()).update(tokens(b.text))
    return pages


def missing_words(label_text: str, have: set[str]) -> set[str]:
    """Label words not in `have`. A word the label shows hyphenated at a line end
    ("manage- ment", "re-scheduled") counts as found when the reader rejoined it."""
    missing = tokens(label_text) - have
    for left, right in _BROKEN.findall(label_text.lower()):
        if left + right in have:
            missing -= {left, right}
    return missing


def label_found(label: dict, pages: dict[int | None, set[str]]) -> set[str]:
    """Missing words of one label: all must be on its page or the next (any page if None)."""
    page = label.get("page")
    if page is None:
        have = set().union(*pages.values())
    else:
        have = pages.get(page, set()) | pages.get(page + 1, set())
    return missing_words(label["text"], have)
