"""Lay out one PDF page: words into lines, lines into paragraphs, tables into rows.

Lines split where a wide gap separates words; a line of several such pieces is a row of
a table drawn without rules. Paragraph lines are joined, with hyphenation undone.
"""

import re
from dataclasses import dataclass
from statistics import median

from extractors.build import row_text
from extractors.readers.pdf_objects import Edge, Word
from extractors.readers.pdf_tables import TableRow, find_tables, table_rows
from extractors.sections import leading_number
from schemas import BlockKind

_BULLET = re.compile(r"^(?:[•●▪◦‣■□➢➤►o§\-–*]|\(?[a-zA-Z0-9]{1,3}[.)])$")
_BULLET_CHARS = set("•●▪◦‣■□➢➤►")
_ENDS_SENTENCE = re.compile(r"[.!?:;][\"'”’)\]]*$")


@dataclass
class PageBlock:
    kind: BlockKind
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    size: float = 0.0
    cells: list[str] | None = None
    ruled: bool = False  # a row of a table drawn with rules
    # where the block goes on at the head of the next column: box and offset in its text
    continued: tuple[float, float, float, float, int] | None = None


@dataclass
class _Line:
    words: list[Word]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return self.words[0].x0

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def top(self) -> float:
        return min(w.top for w in self.words)

    @property
    def bottom(self) -> float:
        return max(w.bottom for w in self.words)

    @property
    def size(self) -> float:
        return median(w.size or w.height for w in self.words)

    @property
    def bold(self) -> bool:
        return sum(w.bold for w in self.words) * 2 > len(self.words)


def layout_page(words: list[Word], edges: list[Edge]) -> list[PageBlock]:
    tables = find_tables(edges) if edges else []
    flow: list[Word] = []
    for w in words:
        for t in tables:
            if t.contains(w):
                t.add(w)
                break
        else:
            flow.append(w)
    rows: list[PageBlock] = []
    for t in tables:
        table = table_rows(t)
        if _tabular(table):
            rows.extend(_row_block(row) for row in table)
        else:  # a frame around text, not a table: read its words as text
            flow.extend(w for row in table for c in row.cells for w in c)
    return _insert_rows(_flow_blocks(flow), sorted(rows, key=lambda b: b.top))


def _insert_rows(flow: list[PageBlock], rows: list[PageBlock]) -> list[PageBlock]:
    """Put table rows before the first text block below them. Text keeps its own order,
    which is not top-to-bottom on a page set in columns."""
    out: list[PageBlock] = []
    i = 0
    for b in flow:
        while i < len(rows) and rows[i].top <= b.top:
            out.append(rows[i])
            i += 1
        out.append(b)
    return out + rows[i:]


def _tabular(rows: list[TableRow]) -> bool:
    """A grid is a table when a fair share of its rows fill two cells or more."""
    filled = [sum(1 for c in r.cells if c) for r in rows]
    filled = [n for n in filled if n]
    return bool(filled) and sum(1 for n in filled if n >= 2) * 3 >= len(filled)


def join_words(words: list[Word]) -> str:
    """The text of words read as lines, top to bottom, with end-of-line hyphens undone."""
    out = ""
    for line in _lines(words):
        out = join_text(out, line.text)
    return out


HYPHEN_BREAK = "\u00ad"  # a line-end hyphen, until the whole document says what it was


def join_text(left: str, right: str) -> str:
    """Join two lines; a word hyphenated across them is marked for `Dehyphenator`."""
    if not left:
        return right
    if not right:
        return left
    if left.endswith("-") and len(left) > 1 and left[-2].isalpha() and right[:1].islower():
        return left[:-1] + HYPHEN_BREAK + right
    return f"{left} {right}"


class Dehyphenator:
    """Decides each line-end hyphen from the document's own words: "manage-|ment" becomes
    "management" (a word seen elsewhere, or no word on its own); "contractor-|reported"
    stays hyphenated when both halves are words and the joined form never occurs."""

    _MARKED = re.compile(r"(\w+)\u00ad(\w+)")
    _WORD = re.compile(r"[^\W\d_]+")

    def __init__(self, texts):
        self.words: set[str] = set()
        for text in texts:
            self.words.update(w.lower() for w in self._WORD.findall(self._MARKED.sub(" ", text)))

    def __call__(self, text: str) -> str:
        if HYPHEN_BREAK not in text:
            return text
        return self._MARKED.sub(self._resolve, text)

    def _resolve(self, m: re.Match) -> str:
        left, right = m.group(1), m.group(2)
        joined = (left + right).lower()
        if joined not in self.words and left.lower() in self.words and right.lower() in self.words:
            return f"{left}-{right}"
        return left + right


def _row_block(row: TableRow) -> PageBlock:
    cells = [join_words(c) for c in row.cells]
    words = [w for c in row.cells for w in c]
    top = min(w.top for w in words)
    bottom = max(w.bottom for w in words)
    return PageBlock(BlockKind.table_row, row_text(cells), row.x0, top, row.x1, bottom, cells=cells, ruled=True)


def _lines(words: list[Word]) -> list[_Line]:
    """Group words whose vertical centres fall within one another's band."""
    lines: list[list[Word]] = []
    for w in sorted(words, key=lambda w: (w.cy, w.x0)):
        if lines:
            last = lines[-1]
            top = min(x.top for x in last)
            bottom = max(x.bottom for x in last)
            if top <= w.cy <= bottom or abs(w.cy - (top + bottom) / 2) < 0.3 * max(bottom - top, 1):
                last.append(w)
                continue
        lines.append([w])
    return [_Line(sorted(ws, key=lambda w: w.x0)) for ws in lines]


def _pieces(line: _Line) -> list[_Line]:
    """Split a line where a gap much wider than a space separates words."""
    size = max(line.size, 4.0)
    out = [[line.words[0]]]
    for prev, w in zip(line.words, line.words[1:]):
        if w.x0 - prev.x1 > 2.5 * size:
            out.append([w])
        else:
            out[-1].append(w)
    return [_Line(ws) for ws in out]


def _flow_blocks(words: list[Word]) -> list[PageBlock]:
    """Text outside ruled tables. A page set in two columns is read column by column,
    and a paragraph that runs from the foot of one column to the head of the next is
    joined like one cut by a page break."""
    if not words:
        return []
    lines = _lines(words)
    body = median(ln.size for ln in lines)
    gutter = _gutter(lines)
    if gutter is None:
        return _line_blocks(lines, body)
    blocks: list[PageBlock] = []
    section: list[_Line] = []
    for line in lines + [None]:
        if line is None or _crosses(line, gutter):
            if section:
                left = [w for ln in section for w in ln.words if w.cx < gutter]
                right = [w for ln in section for w in ln.words if w.cx >= gutter]
                blocks.extend(_join_columns(_line_blocks(_lines(left), body), _line_blocks(_lines(right), body)))
                section = []
            if line is not None:
                blocks.extend(_line_blocks([line], body))
        else:
            section.append(line)
    return blocks


def _line_blocks(lines: list[_Line], body: float) -> list[PageBlock]:
    blocks: list[PageBlock] = []
    current: list[_Line] = []

    def flush():
        if current:
            blocks.append(_paragraph(current, body))
            current.clear()

    for line in lines:
        pieces = _pieces(line)
        if len(pieces) > 1 and not _is_bullet_gap(pieces):
            flush()
            cells = [p.text for p in pieces]
            blocks.append(PageBlock(BlockKind.table_row, row_text(cells), line.x0, line.top, line.x1, line.bottom, line.size, cells))
            continue
        if len(pieces) > 1:  # a bullet set apart from its text: keep them one line
            line = _Line([w for p in pieces for w in p.words])
        if current and not _continues(current, line, body):
            flush()
        current.append(line)
    flush()
    return blocks


def _gutter(lines: list[_Line]) -> float | None:
    """The x of a blank vertical band that splits most lines into two runs of prose."""
    gaps: list[tuple[float, float]] = []
    for line in lines:
        for a, b in zip(line.words, line.words[1:]):
            if b.x0 - a.x1 >= 8:
                gaps.append((a.x1, b.x0))
    if len(lines) < 5 or len(gaps) < 4:
        return None
    best, best_count = None, 0
    for a, b in gaps:
        x = (a + b) / 2
        count = sum(1 for ln in lines if _gap_at(ln, x))
        if count > best_count:
            best, best_count = x, count
    if best is None or best_count < max(4, 0.4 * len(lines)):
        return None
    split = [ln for ln in lines if _gap_at(ln, best)]
    crossing = sum(1 for ln in lines if _crosses(ln, best))
    left = median(len(" ".join(w.text for w in ln.words if w.cx < best)) for ln in split)
    right = median(len(" ".join(w.text for w in ln.words if w.cx >= best)) for ln in split)
    # Prose columns hold long runs on both sides; a whitespace table holds short cells.
    if crossing > 0.25 * len(lines) or left < 30 or right < 30:
        return None
    return best


def _gap_at(line: _Line, x: float) -> bool:
    return any(w.x1 < x for w in line.words) and any(w.x0 > x for w in line.words) and not _crosses(line, x)


def _crosses(line: _Line, x: float) -> bool:
    return any(w.x0 - 2 < x < w.x1 + 2 for w in line.words)


def _join_columns(left: list[PageBlock], right: list[PageBlock]) -> list[PageBlock]:
    if left and right and left[-1].kind is BlockKind.paragraph and right[0].kind is BlockKind.paragraph:
        a, b = left[-1], right[0]
        if not _ENDS_SENTENCE.search(a.text) and (b.text[:1].islower() or a.text.split()[-1].islower()):
            a.text = join_text(a.text, b.text)
            a.continued = (b.x0, b.top, b.x1, b.bottom, len(a.text) - len(b.text))
            right = right[1:]
    return left + right


def _is_bullet_gap(pieces: list[_Line]) -> bool:
    """A bullet or a section number set apart from its text ("C.1      INTRODUCTION")."""
    if len(pieces) != 2:
        return False
    head = pieces[0].text
    return bool(_BULLET.match(head)) or leading_number(head + " x") == head.rstrip(".)")


def _continues(current: list[_Line], line: _Line, body: float) -> bool:
    last = current[-1]
    gap = line.top - last.bottom
    size = max(last.size, 1.0)
    if gap > 0.75 * size or gap < -0.5 * size:
        return False
    # A bold first line is a heading of its own, unless its bold run ends inside it: "1.3.2.
    # Diagnose Cause of System Problems. The contractor shall analyze system" runs on.
    if abs(line.size - last.size) > 0.2 * size or line.bold != last.bold and len(current) == 1 and last.bold and last.words[-1].bold:
        return False
    first = line.words[0].text
    if first[:1] in _BULLET_CHARS or (leading_number(line.text) and _ENDS_SENTENCE.search(last.text)):
        return False
    if line.x1 < current[0].x0 or line.x0 > max(ln.x1 for ln in current):
        return False
    return True


def _paragraph(lines: list[_Line], body: float) -> PageBlock:
    text = ""
    for line in lines:
        text = join_text(text, line.text)
    size = median(ln.size for ln in lines)
    kind = BlockKind.paragraph
    first = lines[0].words[0].text
    if first[:1] in _BULLET_CHARS or _BULLET.match(first) and not leading_number(text):
        kind = BlockKind.list_item
    elif _heading_like(lines, text, size, body):
        kind = BlockKind.heading
    return PageBlock(
        kind,
        text,
        min(ln.x0 for ln in lines),
        lines[0].top,
        max(ln.x1 for ln in lines),
        lines[-1].bottom,
        size,
    )


def _heading_like(lines: list[_Line], text: str, size: float, body: float) -> bool:
    words = text.split()
    if len(lines) > 2 or len(words) > 14 or _ENDS_SENTENCE.search(text) and not text.endswith(":"):
        return False
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    caps = sum(c.isupper() for c in letters) / len(letters) > 0.8 and len(letters) > 3
    bold = all(ln.bold for ln in lines)
    return size > body * 1.15 or bold or caps
