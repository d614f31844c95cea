"""The printed notes beside highlighted words: their text, wrapped to a column in
Helvetica, shrunk to fit the page and stacked next to their words without overlaps."""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from redline.textsafe import xml_safe
from schemas import Finding, SuggestionKind

EDGE, GAP, PAD = 18.0, 4.0, 3.0  # notes keep EDGE from the page's top and bottom
SIZES = (6.5, 6.0, 5.5, 5.0)  # note font sizes, largest that fits the page's notes

try:  # Helvetica's widths, to wrap note text; pypdf keeps them in a private module
    from pypdf._codecs.core_font_metrics import CORE_FONT_METRICS

    _WIDTHS = {f: CORE_FONT_METRICS[f].character_widths for f in ("Helvetica", "Helvetica-Bold")}
except (ImportError, KeyError, AttributeError):  # pragma: no cover - another pypdf
    _WIDTHS = {"Helvetica": {"default": 556}, "Helvetica-Bold": {"default": 611}}


@dataclass
class Note:
    finding: Finding
    top: float  # where its words are, displayed coordinates
    lines: list[str] = field(default_factory=list)
    bold: int = 1  # the first `bold` lines are the heading
    y: float = 0.0
    height: float = 0.0
    size: float = SIZES[0]


def note_text(f: Finding) -> tuple[str, str]:
    """A note's heading and body: what is wrong, with the numbers, and what to do."""
    s, body = f.suggestion, f.rationale
    if s and s.kind is SuggestionKind.replace and s.replaces:
        body += f'\nReplace "{s.replaces}" with "{s.text}".'
    elif s:
        body += f"\n{'Ask' if s.kind is SuggestionKind.question else 'Add'}: {s.text}"
    # The note's words as the other outputs have them (no ESC or U+FFFF in a PDF viewer)
    return f"{f.severity.value.upper()} · {f.type.value.replace('_', '-')} ({f.check})", xml_safe(body)


def wrap(text: str, size: float, width: float, font: str = "Helvetica") -> list[str]:
    """Lines of at most `width` points in the standard font, breaking at spaces."""
    widths = _WIDTHS[font]

    def w(s: str) -> float:
        return sum(widths.get(ch, widths["default"]) for ch in s) * size / 1000

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


def layout(notes: list[Note], column: tuple[float, float], height: float) -> None:
    """Wrap, shrink to fit, and stack a page's notes beside their words without overlaps."""
    room, width = height - 2 * EDGE, column[1] - column[0] - 2 * PAD
    for size in SIZES:
        for n in notes:
            head, body = note_text(n.finding)
            heading = wrap(head, size, width, "Helvetica-Bold")[:2]
            n.lines, n.bold, n.size = heading + wrap(body, size, width), len(heading), size
        if sum(len(n.lines) * size * 1.2 + 2 * PAD + GAP for n in notes) <= room:
            break
    else:  # still too long: cut each note; the whole text stays in the annotation's /Contents
        cap = max(3, math.floor((room / len(notes) - GAP - 2 * PAD) / (size * 1.2)))
        for n in notes:
            if len(n.lines) > cap:
                n.lines = n.lines[: cap - 1] + [n.lines[cap - 1] + " …"]
    below = EDGE
    for n in sorted(notes, key=lambda n: n.top):
        n.height = len(n.lines) * n.size * 1.2 + 2 * PAD
        n.y = max(n.top, below)
        below = n.y + n.height + GAP
    floor = height - EDGE  # then push the last ones up from the bottom edge
    for n in sorted(notes, key=lambda n: -n.y):
        n.y = max(EDGE, min(n.y, floor - n.height))
        floor = n.y - GAP


