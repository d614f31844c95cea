"""The document model: what a source says, in reading order, and where it says it.

Coordinates are PDF points with the origin at the page's top-left corner. Character
spans are half-open `[start, end)` offsets into `Document.text`, which is the blocks'
texts joined by a newline, so `doc.text[b.span[0]:b.span[1]] == b.text` for every block.
"""

from __future__ import annotations

from enum import Enum
from functools import cached_property
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, computed_field

BLOCK_SEPARATOR = "\n"


class BlockKind(str, Enum):
    heading = "heading"
    paragraph = "paragraph"
    list_item = "list_item"
    table_row = "table_row"
    page_header = "page_header"  # running header of a page or a DOCX header part
    page_footer = "page_footer"
    footnote = "footnote"


class RunStatus(str, Enum):
    success = "success"
    partial_success = "partial_success"  # read, but some pages or parts were skipped


class BBox(BaseModel):
    model_config = ConfigDict(frozen=True)
    x0: float
    top: float
    x1: float
    bottom: float

    def union(self, other: BBox) -> BBox:
        return BBox(
            x0=min(self.x0, other.x0),
            top=min(self.top, other.top),
            x1=max(self.x1, other.x1),
            bottom=max(self.bottom, other.bottom),
        )


class Region(BaseModel):
    """Where part of a block lies on a page; a block broken by a page break has two."""

    page: int
    bbox: BBox
    start: int = Field(0, description="offset in the block's text where this region begins")


class Location(BaseModel):
    """Format-specific provenance. Only the fields that apply to the source are set."""

    page: int | None = Field(None, description="1-based page where the block starts (PDF)")
    bbox: BBox | None = Field(None, description="box on that page (PDF)")
    regions: list[Region] | None = Field(None, description="every page box of the block (PDF)")
    part: str | None = Field(None, description="zip part holding the block (DOCX)")
    paragraph: int | None = Field(
        None, description="index of the w:p among all w:p of the part, in document order (DOCX)"
    )
    table: int | None = Field(None, description="0-based table number in the document")
    row: int | None = Field(None, description="0-based row within that table")
    char_start: int | None = Field(None, description="offset in the DOCX paragraph or source text")
    char_end: int | None = None
    line: int | None = Field(None, description="1-based first source line (text, Markdown)")


class Block(BaseModel):
    index: int
    kind: BlockKind
    text: str
    section: str | None = Field(
        None, description='number of the enclosing section where the document numbers them ("4.2", "(a)")'
    )
    level: int | None = Field(None, description="heading or list nesting level, 1 = outermost")
    cells: list[str] | None = Field(None, description="a table row's cells, in column order")
    span: tuple[int, int]
    loc: Location = Field(default_factory=Location)

    @computed_field  # in the JSON too: the page is what most readers of a block want first
    @property
    def page(self) -> int | None:
        return self.loc.page


class Sentence(BaseModel):
    """A sentence or clause unit cut from one block; table rows and short items are one unit."""

    index: int
    block: int
    text: str
    span: tuple[int, int] = Field(description="in Document.text")
    page: int | None = None


class Source(BaseModel):
    uri: str
    name: str
    sha256: str
    media_type: str
    size: int
    page_count: int | None = None


class Document(BaseModel):
    schema_version: Literal[1] = 1
    source: Source
    status: RunStatus = RunStatus.success
    warnings: list[str] = Field(default_factory=list)
    blocks: list[Block] = Field(default_factory=list)
    sentences: list[Sentence] = Field(default_factory=list)

    @cached_property
    def text(self) -> str:
        return BLOCK_SEPARATOR.join(b.text for b in self.blocks)

    def to_json(self) -> str:
        """The JSON that `candor parse` prints and writes: unset fields left out."""
        return self.model_dump_json(indent=2, exclude_none=True)
