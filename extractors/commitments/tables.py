"""Table rows read with their header row: which column a target stands in, and what the
column's header says about it (GUIDELINES: AQL columns, weights, a metric named once
for a whole column)."""

from __future__ import annotations

import re
from dataclasses import dataclass

from extractors.commitments.keywords import METRIC_WORDS
from extractors.values import Target
from schemas import BlockKind, Metric

_DIGIT = re.compile(r"\d")
# GUIDELINES: "quality: ... acceptable quality levels"; a header names its column's metric.
_AQL = re.compile(r"\bAQL\b|\bSPL\b|acceptable (quality|performance)|quality (standard|level)|performance level", re.I)
_HEADER_WORDS = [(Metric.quality, _AQL), *METRIC_WORDS]
_WEIGHT = re.compile(r"\bweight", re.I)  # "Weight of Standard": how the client scores, never a target
_DUE = re.compile(r"\bdue\b|\bdeadline|\bdelivery date|\bwhen due\b", re.I)  # "DUE DATES"


@dataclass
class Columns:
    """A table row's cells located in its unit's text, and its table's header cells."""

    header: list[str]
    cells: list[tuple[int, int, int]]  # (start, end, column) of each non-empty cell in the text

    def of(self, t: Target) -> int | None:
        return next((col for start, end, col in self.cells if start <= t.start < end), None)

    def header_of(self, t: Target) -> str:
        col = self.of(t)
        return self.header[col] if col is not None else ""

    def cell_text(self, text: str, t: Target) -> str:
        return next((text[start:end] for start, end, _ in self.cells if start <= t.start < end), "")


def is_header(doc, block) -> bool:
    """The first row of a table, followed by more rows, with no digit in it: it names
    columns ("Service | Monthly Uptime | Credit") and commits no one to anything."""
    return (block.kind is BlockKind.table_row and not _DIGIT.search(block.text)
            and (block.index == 0 or doc.blocks[block.index - 1].kind is not BlockKind.table_row)
            and block.index + 1 < len(doc.blocks) and doc.blocks[block.index + 1].kind is BlockKind.table_row)


def columns(doc, unit) -> Columns | None:
    """The header is the first row of the run of table rows the unit belongs to, when it
    has as many cells as this row and no digit (is_header)."""
    if unit.kind is not BlockKind.table_row:
        return None
    first = unit.sentence.block
    while first > 0 and doc.blocks[first - 1].kind is BlockKind.table_row:
        first -= 1
    row, top = doc.blocks[unit.sentence.block], doc.blocks[first]
    if first == row.index or not row.cells or not top.cells or len(top.cells) != len(row.cells) or not is_header(doc, top):
        return None
    text, pos, cells = unit.sentence.text, 0, []
    for col, cell in enumerate(row.cells):
        cell = cell.strip()
        at = text.find(cell, pos) if cell else -1
        if at >= 0:
            cells.append((at, at + len(cell), col))
            pos = at + len(cell)
    return Columns(top.cells, cells)


def by_column(targets: list[Target], cols: Columns | None) -> list[Target]:
    """GUIDELINES: an AQL percentage that tolerates misses of another target is its
    condition, not a target (a time in an AQL column is a level of its own); where a
    row's only measurable level stands in its AQL column, that level is the target. A
    column of weights holds no targets."""
    if cols is None:
        return targets
    targets = [t for t in targets if not _WEIGHT.search(cols.header_of(t))]
    main = [t for t in targets if not (t.kind == "percent" and _AQL.search(cols.header_of(t)))]
    return main or targets


def column_metric(text: str, t: Target, allowed: set[str], cols: Columns) -> str | None:
    """The metric the target's own cell names, else its column's header. A cell of
    clauses that name several ("1 duty hour response; 4 hour restoration") leaves it to
    the word nearest the target, in its own clause (metric.metric_and_why)."""
    cell = cols.cell_text(text, t)
    for words in (cell, cols.header_of(t)):
        found = [m.value for m, pattern in _HEADER_WORDS if m.value in allowed and pattern.search(words)]
        if len(found) > 1 and words is cell and ";" in cell:
            return None
        if found:
            return found[0]
    return None


def cell_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each cell of a row unit's text ("a | b |  | c"), whitespace trimmed;
    an empty cell is an empty span. Works without a header row, unlike `columns`."""
    spans, start = [], 0
    for end in [*(i for i, ch in enumerate(text) if ch == "|"), len(text)]:
        a, b = start, end
        while a < b and text[a].isspace():
            a += 1
        while b > a and text[b - 1].isspace():
            b -= 1
        spans.append((a, b))
        start = end + 1
    return spans


def due_by(text: str, cols: Columns | None) -> bool:
    """Does the row fill a due-date column ("Code Repository | End of task order")? A
    deliverable with a deadline is a delivery time, stated or not in numbers."""
    if cols is None:
        return False
    return any(_DUE.search(cols.header[col]) and text[start:end].strip() for start, end, col in cols.cells)


def section_row(doc, unit) -> str | None:
    """The nearest row above this one, in the same table, that spans the table as a title
    ("Monthly Average Resolution Times" over its severity rows): one filled cell, no digit.
    Such a row names the metric of the rows under it as a header names a column's."""
    if unit.kind is not BlockKind.table_row:
        return None
    i = unit.sentence.block - 1
    while i >= 0 and doc.blocks[i].kind is BlockKind.table_row:
        block = doc.blocks[i]
        filled = [c for c in (block.cells or [block.text]) if c.strip()]
        if len(filled) == 1 and not _DIGIT.search(block.text):
            return block.text
        i -= 1
    return None
