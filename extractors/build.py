"""Turn a reader's raw blocks into a `Document`: spans, section numbers, sentences."""

import re
from dataclasses import dataclass, field

from extractors.sections import SectionTracker
from extractors.sentences import split_sentences
from schemas import Block, BlockKind, Document, Location, RunStatus, Sentence, Source
from schemas.document import BLOCK_SEPARATOR

_WS = re.compile(r"\s+")
_NO_SECTION = {BlockKind.page_header, BlockKind.page_footer, BlockKind.footnote}
_ONE_UNIT = {BlockKind.table_row, BlockKind.heading, BlockKind.page_header, BlockKind.page_footer}


@dataclass
class RawBlock:
    kind: BlockKind
    text: str
    loc: Location = field(default_factory=Location)
    level: int | None = None
    cells: list[str] | None = None
    marker: str | None = None  # a number the format supplies (DOCX/Markdown list numbering)


def clean(text: str) -> str:
    return _WS.sub(" ", text).strip()


def row_text(cells: list[str]) -> str:
    """A table row's text: its cells joined by " | ", empty cells at either end left out
    (`cells` keeps them, so column positions stay known)."""
    first = next((i for i, c in enumerate(cells) if c), len(cells))
    last = max((i for i, c in enumerate(cells) if c), default=-1)
    return " | ".join(cells[first : last + 1])


def table_row(cells: list[str], loc: Location) -> RawBlock | None:
    cells = [clean(c) for c in cells]
    if not any(cells):
        return None
    return RawBlock(BlockKind.table_row, row_text(cells), loc, cells=cells)


def build_document(
    source: Source, raw: list[RawBlock], warnings: list[str] | None = None
) -> Document:
    warnings = list(warnings or [])
    tracker = SectionTracker()
    blocks: list[Block] = []
    sentences: list[Sentence] = []
    offset = 0
    for rb in raw:
        text = rb.text if rb.kind is BlockKind.table_row else clean(rb.text)
        if not text:
            continue
        index = len(blocks)
        section = None if rb.kind in _NO_SECTION else tracker.section_for(text, rb.marker)
        block = Block(
            index=index,
            kind=rb.kind,
            text=text,
            section=section,
            level=rb.level,
            cells=rb.cells,
            span=(offset, offset + len(text)),
            loc=rb.loc,
        )
        blocks.append(block)
        units = [(0, len(text))] if rb.kind in _ONE_UNIT else split_sentences(text)
        for a, b in units:
            sentences.append(
                Sentence(
                    index=len(sentences),
                    block=index,
                    text=text[a:b],
                    span=(offset + a, offset + b),
                    page=_page_at(block, a),
                )
            )
        offset += len(text) + len(BLOCK_SEPARATOR)
    status = RunStatus.partial_success if warnings and any(w.startswith("skipped") for w in warnings) else RunStatus.success
    return Document(source=source, status=status, warnings=warnings, blocks=blocks, sentences=sentences)


def _page_at(block: Block, char: int) -> int | None:
    page = block.loc.page
    for region in block.loc.regions or []:
        if region.start <= char:
            page = region.page
    return page


@dataclass
class ReadResult:
    """What every reader returns: raw blocks in reading order, plus what it noticed."""

    blocks: list[RawBlock]
    page_count: int | None = None
    warnings: list[str] = field(default_factory=list)
