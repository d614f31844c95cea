"""Plain text and Markdown readers: blocks, kinds, numbering and source offsets."""

from extractors.parse import parse_bytes
from schemas import BlockKind


def parse(text: str, name: str = "doc.txt"):
    return parse_bytes(text.encode(), f"test://{name}", name)


def test_hard_wrapped_paragraphs_join_and_keep_source_offsets():
    src = "1.\tSERVICE LEVELS\n\nThe Supplier shall respond\nwithin four (4) hours.\n\n2.1\tReports are monthly.\n"
    doc = parse(src)
    assert [(b.kind, b.text, b.section) for b in doc.blocks] == [
        (BlockKind.heading, "1. SERVICE LEVELS", "1"),
        (BlockKind.paragraph, "The Supplier shall respond within four (4) hours.", "1"),
        (BlockKind.paragraph, "2.1 Reports are monthly.", "2.1"),
    ]
    second = doc.blocks[1]
    assert second.loc.line == 3
    assert src[second.loc.char_start : second.loc.char_end] == "The Supplier shall respond\nwithin four (4) hours."


def test_list_items_split_even_without_blank_lines():
    doc = parse("The Contractor shall:\n- keep records;\n- give notice.\n(a) first item.\n(b) second item.\n")
    assert [b.kind for b in doc.blocks] == [BlockKind.paragraph] + [BlockKind.list_item] * 2 + [BlockKind.paragraph] * 2
    assert [b.section for b in doc.blocks[3:]] == ["(a)", "(b)"]


def test_pipe_rows_in_text_are_table_rows():
    doc = parse("Annex 1\n\n| Level | Target |\n| Priority 1 | 99.8% |\n")
    rows = [b for b in doc.blocks if b.kind is BlockKind.table_row]
    assert [r.cells for r in rows] == [["Level", "Target"], ["Priority 1", "99.8%"]]


MD = """# Service Level Agreement

1. Uptime
    1. **Target Uptime.** Provider will make the Cloud Service available 99.9% of each month.
    2. Calculating Uptime. See [the form](https://example.com).

| Severity | Response |
|---|---|
| 1 | 15 minutes |

- a bullet, no number
"""


def test_markdown_structure_numbering_and_tables():
    doc = parse(MD, "sla.md")
    assert doc.source.media_type == "text/markdown"
    got = [(b.kind.value, b.text, b.section) for b in doc.blocks]
    assert got == [
        ("heading", "Service Level Agreement", None),
        ("list_item", "Uptime", "1"),
        ("list_item", "Target Uptime. Provider will make the Cloud Service available 99.9% of each month.", "1.1"),
        ("list_item", "Calculating Uptime. See the form.", "1.2"),
        ("table_row", "Severity | Response", "1.2"),
        ("table_row", "1 | 15 minutes", "1.2"),
        ("list_item", "a bullet, no number", "1.2"),
    ]
    assert doc.blocks[2].loc.line == 4
    assert [s.text for s in doc.sentences if s.block == 2] == [
        "Target Uptime.",
        "Provider will make the Cloud Service available 99.9% of each month.",
    ]
