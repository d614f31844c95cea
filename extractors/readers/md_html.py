"""HTML inside Markdown/MDX: support pages write tables and lists in HTML, and table
cells break lines with `<br />`. Text is kept and structure read: an HTML table's rows
become table rows, its paragraphs and list items blocks of their own, and a tag that
breaks a line never glues two words together ("first duty" + "second duty").

The standard library's parser: linear, never raises on broken markup, and skips what
is not text (scripts, styles, comments).
"""

from html.parser import HTMLParser

from extractors.build import RawBlock, clean, table_row
from schemas import BlockKind, Location

# Tags after or before which words do not run on.
BREAKS = {"br", "p", "div", "li", "ul", "ol", "tr", "td", "th", "table", "thead", "tbody", "hr", "h1", "h2", "h3",
          "h4", "h5", "h6", "dt", "dd", "dl", "section", "article", "summary", "details", "blockquote", "pre"}
_BLOCKS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "dt", "dd", "summary", "blockquote", "pre", "section",
           "article", "details", "ul", "ol", "dl", "hr"}
_SKIP = {"script", "style"}


def tag_name(markup: str) -> str:
    """"<br />" -> "br", "</TD>" -> "td", "<Callout type=x>" -> "callout"."""
    name = markup.lstrip("<").lstrip("/").strip()
    end = 0
    while end < len(name) and (name[end].isalnum() or name[end] in "-_:."):
        end += 1
    return name[:end].lower()


class _Blocks(HTMLParser):
    def __init__(self, loc: Location):
        super().__init__(convert_charrefs=True)
        self.loc = loc
        self.out: list[RawBlock] = []
        self.text: list[str] = []  # the block or cell being read
        self.row: list[str] | None = None
        self.heading: int | None = None
        self.items = 0  # open <li>
        self.skipping = 0

    def _flush(self) -> None:
        text = clean(" ".join(self.text))
        self.text = []
        if not text:
            return
        if self.heading:
            self.out.append(RawBlock(BlockKind.heading, text, self.loc, level=self.heading))
        elif self.items:
            self.out.append(RawBlock(BlockKind.list_item, text, self.loc, level=self.items))
        else:
            self.out.append(RawBlock(BlockKind.paragraph, text, self.loc))

    def handle_starttag(self, tag, attrs):
        if tag in _SKIP:
            self.skipping += 1
        elif tag == "tr":
            self._flush()
            self.row = []
        elif tag in ("td", "th") and self.row is not None:
            self.text = []
        elif self.row is not None:
            if tag in BREAKS:
                self.text.append(" ")
        elif tag in _BLOCKS or tag == "br":
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = int(tag[1])
            elif tag == "li":
                self.items += 1

    def handle_startendtag(self, tag, attrs):
        if tag in ("br", "hr"):
            if self.row is not None:
                self.text.append(" ")
            else:
                self._flush()

    def handle_endtag(self, tag):
        if tag in _SKIP:
            self.skipping = max(0, self.skipping - 1)
        elif tag in ("td", "th") and self.row is not None:
            self.row.append(clean(" ".join(self.text)))
            self.text = []
        elif tag == "tr" and self.row is not None:
            block = table_row(self.row, self.loc)
            if block:
                self.out.append(block)
            self.row, self.text = None, []
        elif self.row is None and tag in _BLOCKS:
            self._flush()
            if tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
                self.heading = None
            elif tag == "li":
                self.items = max(0, self.items - 1)

    def handle_data(self, data):
        if not self.skipping:
            self.text.append(data)


def html_blocks(markup: str, loc: Location) -> list[RawBlock]:
    """The blocks of an HTML block of a Markdown document, all at its location."""
    parser = _Blocks(loc)
    parser.feed(markup)
    parser.close()
    if parser.row is not None:  # a table cut off before its </tr>
        parser.row.append(clean(" ".join(parser.text)))
        block = table_row(parser.row, loc)
        parser.out.extend([block] if block else [])
    else:
        parser._flush()
    return parser.out
