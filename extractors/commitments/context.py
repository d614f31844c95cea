"""What a reader sees around a unit, as a short text the model reads beside it (issue 15):
the headings it sits under, its table's first row, and the words just before it.

"Every Two Hours (24x7)" is a reporting cadence only under "Status reports"; "is reviewed
annually" binds the Government only under "Surveillance"; "99.5%" is a credit band only
in a table headed "Monthly Uptime | Credit". The unit alone cannot say which.
"""

from schemas import BlockKind, Document

HEADINGS = 2  # the innermost headings: the outer ones are mostly the document's title
WIDTH = 70  # characters kept of each part: context informs, the unit decides
_SKIP = {BlockKind.page_header, BlockKind.page_footer}


def _clip(text: str, tail: bool = False) -> str:
    text = " ".join(text.split())
    if len(text) <= WIDTH:
        return text
    return "…" + text[-WIDTH:].split(" ", 1)[-1] if tail else text[:WIDTH].rsplit(" ", 1)[0] + "…"


def _heading_paths(doc: Document) -> list[str]:
    """Per block, its enclosing headings (outermost first), innermost HEADINGS kept."""
    stack: list[tuple[int, str]] = []
    out = []
    for b in doc.blocks:
        if b.kind is BlockKind.heading:
            level = b.level or 1
            while stack and stack[-1][0] >= level:
                stack.pop()
            stack.append((level, _clip(b.text)))
        out.append(" > ".join(t for _, t in stack[-HEADINGS:]))
    return out


def _table_heads(doc: Document) -> list[str]:
    """Per block, the first row of the table a row belongs to (empty for the first row
    itself and for anything that is not a table row)."""
    out, first = [], None
    for b in doc.blocks:
        if b.kind is BlockKind.table_row:
            first = b.index if first is None else first
            out.append(_clip(doc.blocks[first].text) if first != b.index else "")
        else:
            first = None
            out.append("")
    return out


def contexts(doc: Document) -> dict[int, str]:
    """The context text of each sentence of `doc`, by sentence index. Parts are labelled
    so the model can tell them apart: "in: 4 Support > 4.2 Response | table: Severity |
    Response | before: ...". Running headers and footers are never context."""
    paths, heads = _heading_paths(doc), _table_heads(doc)
    out: dict[int, str] = {}
    previous = ""
    for s in doc.sentences:
        block = doc.blocks[s.block]
        if block.kind in _SKIP:
            continue
        parts = []
        if paths[s.block]:
            parts.append("in: " + paths[s.block])
        if heads[s.block]:
            parts.append("table: " + heads[s.block])
        if previous and block.kind is not BlockKind.table_row:  # a row's neighbour is the row above: its header says more
            parts.append("before: " + previous)
        out[s.index] = " | ".join(parts)
        previous = _clip(s.text, tail=True)
    return out
