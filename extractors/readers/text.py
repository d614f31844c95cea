"""Plain text and Markdown/MDX readers."""

import re

from markdown_it import MarkdownIt

from extractors.build import RawBlock, ReadResult, clean, table_row
from extractors.readers.md_html import BREAKS, html_blocks, tag_name
from extractors.sections import leading_number
from extractors.sniff import decode_text
from schemas import BlockKind, Limits, Location

_BULLET = re.compile(r"^\s*(?:[-*•●▪◦‣–]|\(?[a-zA-Z0-9]{1,4}[.)])\s+\S")
_PIPE_ROW = re.compile(r"^\s*\|.*\|")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
_END_OF_THOUGHT = re.compile(r"[.:;!?]\s*$")


def read_text(data: bytes, limits: Limits) -> ReadResult:
    text = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    return ReadResult(blocks=list(_text_blocks(text)))


def _text_blocks(text: str):
    """Paragraphs are runs of lines between blank lines; a line that starts a list item or
    a numbered clause after a finished line starts a new block; pipe lines are table rows."""
    lines = _lines_with_offsets(text)
    current: list[tuple[int, int, str]] = []  # (line number, offset, text)

    def flush():
        if current:
            yield _text_block(current)
            current.clear()

    for number, offset, line in lines:
        if not line.strip():
            yield from flush()
            continue
        if _PIPE_ROW.match(line):
            yield from flush()
            if not _PIPE_RULE.match(line):
                row = table_row(_pipe_cells(line), _loc(number, offset, offset + len(line)))
                if row:
                    yield row
            continue
        starts_item = _BULLET.match(line) or leading_number(line)
        if current and starts_item and _END_OF_THOUGHT.search(current[-1][2]):
            yield from flush()
        current.append((number, offset, line))
    yield from flush()


def _text_block(lines: list[tuple[int, int, str]]) -> RawBlock:
    number, start, _ = lines[0]
    end = lines[-1][1] + len(lines[-1][2])
    body = " ".join(line.strip() for _, _, line in lines)
    kind = BlockKind.paragraph
    if _BULLET.match(lines[0][2]) and not leading_number(lines[0][2]):
        kind = BlockKind.list_item
    elif _looks_like_heading(body, len(lines)):
        kind = BlockKind.heading
    return RawBlock(kind, body, _loc(number, start, end))


def _looks_like_heading(body: str, n_lines: int) -> bool:
    words = body.split()
    if n_lines > 1 or not words or len(words) > 12 or _END_OF_THOUGHT.search(body):
        return False
    letters = [c for c in body if c.isalpha()]
    upper = letters and sum(c.isupper() for c in letters) / len(letters) > 0.8
    return bool(upper or leading_number(body) or body.istitle())


def _pipe_cells(line: str) -> list[str]:
    inner = line.strip()
    inner = inner[1:] if inner.startswith("|") else inner
    inner = inner[:-1] if inner.endswith("|") else inner
    return [c.strip() for c in re.split(r"(?<!\\)\|", inner)]


def _lines_with_offsets(text: str):
    offset = 0
    for number, line in enumerate(text.split("\n"), start=1):
        yield number, offset, line
        offset += len(line) + 1


def _loc(line: int, start: int, end: int) -> Location:
    return Location(line=line, char_start=start, char_end=end)


# Markdown ---------------------------------------------------------------------------

_MD = MarkdownIt("commonmark", {"html": True}).enable("table")
_MDX_LINE = re.compile(r"^\s*(import|export)\s.*$", re.MULTILINE)


def read_markdown(data: bytes, limits: Limits) -> ReadResult:
    source = decode_text(data).replace("\r\n", "\n").replace("\r", "\n")
    # MDX: module lines are code, not prose; blank them so line numbers stay right.
    source = _MDX_LINE.sub(lambda m: " " * 0, source)
    tokens = _MD.parse(source)
    line_offsets = [0]
    for line in source.split("\n"):
        line_offsets.append(line_offsets[-1] + len(line) + 1)
    return ReadResult(blocks=list(_md_blocks(tokens, line_offsets)))


def _md_blocks(tokens, line_offsets):
    list_path: list[int | None] = []  # the ordinal of each open list item; None for bullets
    list_kinds: list[str] = []
    heading_level = None
    row: list[str] | None = None
    row_map = None
    for i, tok in enumerate(tokens):
        t = tok.type
        if t in ("bullet_list_open", "ordered_list_open"):
            list_kinds.append(t)
        elif t in ("bullet_list_close", "ordered_list_close"):
            list_kinds.pop()
        elif t == "list_item_open":
            ordinal = int(tok.info) if tok.info.isdigit() and list_kinds[-1] == "ordered_list_open" else None
            list_path.append(ordinal)
        elif t == "list_item_close":
            list_path.pop()
        elif t == "heading_open":
            heading_level = int(tok.tag[1])
        elif t == "heading_close":
            heading_level = None
        elif t == "tr_open":
            row, row_map = [], tok.map
        elif t == "tr_close":
            block = table_row(row or [], _md_loc(row_map, line_offsets))
            if block:
                yield block
            row = None
        elif t == "inline":
            text = _inline_text(tok)
            if row is not None:
                row.append(text)
                continue
            loc = _md_loc(tok.map, line_offsets)
            if heading_level:
                yield RawBlock(BlockKind.heading, text, loc, level=heading_level)
            elif list_path:
                first_para = tokens[i - 2].type == "list_item_open" if i >= 2 else False
                marker = _list_marker(list_path) if first_para else None
                yield RawBlock(BlockKind.list_item, text, loc, level=len(list_path), marker=marker)
            else:
                yield RawBlock(BlockKind.paragraph, text, loc)
        elif t == "html_block":
            yield from html_blocks(tok.content, _md_loc(tok.map, line_offsets))
        elif t in ("code_block", "fence"):
            if clean(tok.content):
                yield RawBlock(BlockKind.paragraph, tok.content, _md_loc(tok.map, line_offsets))


def _list_marker(path: list[int | None]) -> str | None:
    if path[-1] is None:
        return None
    numbers = [str(n) for n in path if n is not None]
    return ".".join(numbers)


def _inline_text(tok) -> str:
    parts = []
    for child in tok.children or []:
        if child.type in ("text", "code_inline"):
            parts.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            parts.append(" ")
        elif child.type == "image":
            parts.append(child.content)
        elif child.type == "html_inline" and tag_name(child.content) in BREAKS:
            parts.append(" ")  # "first duty</li><li>second duty": two phrases, not one word
    return "".join(parts)


def _md_loc(token_map, line_offsets) -> Location:
    if not token_map:
        return Location()
    first, last = token_map
    last = min(last, len(line_offsets) - 1)
    return Location(line=first + 1, char_start=line_offsets[first], char_end=max(line_offsets[first], line_offsets[last] - 1))
