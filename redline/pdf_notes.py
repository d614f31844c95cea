"""The printed notes beside highlighted words: their text, numbered and wrapped to a
column in Helvetica, stacked next to their words without overlaps. Notes never shrink
below a readable size: those that do not fit beside their page are handed back, for a
notes page of their own."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from redline.textsafe import xml_safe
from schemas import Finding, SuggestionKind

EDGE, GAP, PAD = 18.0, 4.0, 3.0  # notes keep EDGE from the page's top and bottom
SIZES = (7.5, 7.0)  # note font sizes: the larger where a page's notes fit; 7 pt is the least a reader can read
LEADING = 1.2  # line height, in font sizes

try:  # Helvetica's widths, to wrap note text; pypdf keeps them in a private module
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    _WIDTHS = {f: CORE_FONT_METRICS[f].character_widths for f in ("Helvetica", "Helvetica-Bold")}
except (ImportError, KeyError, AttributeError):  # pragma: no cover - another pypdf
    _WIDTHS = {"Helvetica": {"default": 556}, "Helvetica-Bold": {"default": 611}}


@dataclass(eq=False)  # notes are told apart by identity: two may read the same
class Note:
    finding: Finding
    top: float  # where its words are, displayed coordinates
    number: int = 0  # the label at its highlight, counted through the document
    page: int | None = None  # on a notes page: the page its words are on
    lines: list[str] = field(default_factory=list)
    bold: int = 1  # the first `bold` lines are the heading
    y: float = 0.0
    height: float = 0.0
    size: float = SIZES[0]


def note_text(n: Note) -> tuple[str, str]:
    """A note's heading and body: its number, what is wrong, with the numbers, and what to do."""
    f = n.finding
    s, body = f.suggestion, f.rationale
    if s and s.kind is SuggestionKind.replace and s.replaces:
        body += f'\nReplace "{s.replaces}" with "{s.text}".'
    elif s:
        body += f"\n{'Ask' if s.kind is SuggestionKind.question else 'Add'}: {s.text}"
    head = f"{n.number} {f.severity.value.upper()} · {f.type.value.replace('_', '-')}"
    if n.page:
        head += f" · page {n.page}"
    # The note's words as the other outputs have them (no ESC or U+FFFF in a PDF viewer)
    return head, xml_safe(body)


def text_width(s: str, size: float, font: str = "Helvetica") -> float:
    widths = _WIDTHS[font]
    return sum(widths.get(ch, widths["default"]) for ch in s) * size / 1000


def wrap(text: str, size: float, width: float, font: str = "Helvetica") -> list[str]:
    """Lines of at most `width` points in the standard font, breaking at spaces."""

    def w(s: str) -> float:
        return text_width(s, size, font)

    lines = []
    for para in text.split("\n"):
        line = ""
        for word in para.split():
            while w(word) > width and len(word) > 1:  # wider than the column: cut it
                cut = next((k for k in range(len(word) - 1, 0, -1) if w(word[:k]) <= width), 1)
                lines += [line, word[:cut]] if line else [word[:cut]]
                line, word = "", word[cut:]
            if line and w(f"{line} {word}") > width:
                lines.append(line)
                line = word
            else:
                line = f"{line} {word}".strip()
        lines.append(line)
    return lines


def layout(notes: list[Note], column: tuple[float, float], height: float, top: float = EDGE) -> list[Note]:
    """Wrap and stack a page's notes beside their words, below `top`, without overlaps.
    Returns the notes that do not fit at the smallest size (the last in reading order)."""
    room, width = height - top - EDGE, column[1] - column[0] - 2 * PAD
    for size in SIZES:
        for n in notes:
            _wrap(n, size, width, room)
        if sum(n.height + GAP for n in notes) <= room + GAP:
            break
    kept, used = [], 0.0
    for n in sorted(notes, key=lambda n: n.top):
        if used + n.height > room:
            break
        kept.append(n)
        used += n.height + GAP
    _stack(kept, top, height)
    return [n for n in sorted(notes, key=lambda n: n.top) if n not in kept]


def _wrap(n: Note, size: float, width: float, room: float) -> None:
    head, body = note_text(n)
    heading = wrap(head, size, width, "Helvetica-Bold")[:2]
    n.lines, n.bold, n.size = heading + wrap(body, size, width), len(heading), size
    cap = max(3, math.floor((room - 2 * PAD) / (size * LEADING)))
    if len(n.lines) > cap:  # taller than a page: cut; the whole text stays in the annotation's /Contents
        n.lines = n.lines[: cap - 1] + [n.lines[cap - 1] + " …"]
    n.height = len(n.lines) * size * LEADING + 2 * PAD


def _stack(notes: list[Note], top: float, height: float) -> None:
    below = top
    for n in sorted(notes, key=lambda n: n.top):
        n.y = max(n.top, below)
        below = n.y + n.height + GAP
    floor = height - EDGE  # then push the last ones up from the bottom edge
    for n in sorted(notes, key=lambda n: -n.y):
        n.y = max(top, min(n.y, floor - n.height))
        floor = n.y - GAP
