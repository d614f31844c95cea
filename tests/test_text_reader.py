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


# Issue 15, reader fidelity: HTML inside Markdown/MDX keeps all its text and its structure.
HTML_IN_MARKDOWN = [
    # (source, expected (kind, text) blocks)
    ("| Severity | Target |\n|---|---|\n| Sev 1<br />Critical | Respond within 1 hour<br/>Resolve within <b>4 hours</b> |\n",
     [(BlockKind.table_row, "Severity | Target"),
      (BlockKind.table_row, "Sev 1 Critical | Respond within 1 hour Resolve within 4 hours")]),
    ("| A | B |\n|---|---|\n| <ul><li>first duty</li><li>second duty</li></ul> | x |\n",
     [(BlockKind.table_row, "A | B"), (BlockKind.table_row, "first duty second duty | x")]),
    ("| Plan | Uptime |\n|---|---|\n| Pro | <strong>99.9%</strong>&nbsp;monthly |\n",
     [(BlockKind.table_row, "Plan | Uptime"), (BlockKind.table_row, "Pro | 99.9% monthly")]),
    ("<table><tr><th>Severity</th><th>Response</th></tr><tr><td>P1</td><td>15 minutes</td></tr>"
     "<tr><td>P2</td><td>1 hour<br>(24x7)</td></tr></table>\n",
     [(BlockKind.table_row, "Severity | Response"), (BlockKind.table_row, "P1 | 15 minutes"),
      (BlockKind.table_row, "P2 | 1 hour (24x7)")]),
    ("<ul><li>The Provider shall patch monthly.</li><li>The Customer shall notify.</li></ul>\n",
     [(BlockKind.list_item, "The Provider shall patch monthly."), (BlockKind.list_item, "The Customer shall notify.")]),
    ("<Callout type=\"note\">\nThe Provider shall respond within 2 hours.\n</Callout>\n\nNext para.\n",
     [(BlockKind.paragraph, "The Provider shall respond within 2 hours."), (BlockKind.paragraph, "Next para.")]),
    ("<details><summary>Severity 1</summary>\nThe Provider will respond in 30 minutes.\n</details>\n",
     [(BlockKind.paragraph, "Severity 1"), (BlockKind.paragraph, "The Provider will respond in 30 minutes.")]),
    ("<h2>Support</h2>\n\nText with <span style='x'>inline</span> html and a <a href='x'>link</a>.\n",
     [(BlockKind.heading, "Support"), (BlockKind.paragraph, "Text with inline html and a link.")]),
    ("<table><tr><td>cut off", [(BlockKind.table_row, "cut off")]),
    ("<script>var x = '<tr><td>no</td></tr>';</script>\n\nKept.\n", [(BlockKind.paragraph, "Kept.")]),
]


def test_html_in_markdown_keeps_text_and_structure():
    for name in ("doc.md", "doc.mdx"):
        for source, expected in HTML_IN_MARKDOWN:
            doc = parse("# Service levels\n\n" + source, name)  # Markdown is told apart by its markup
            assert [(b.kind, b.text) for b in doc.blocks] == [(BlockKind.heading, "Service levels"), *expected], source
