"""`candor parse`: documents into the typed document model."""

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from extractors import sniff as media
from extractors.errors import CandorError, NotFound
from flows.app import app, check_out, err, fail, labelled, read_documents, write_once
from infra.settings import Settings
from schemas import Document


@app.command()
def parse(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, DOCX, Markdown or text files, or folders of them.", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write OUT/<path below the folder named>/document.json for each input.")] = None,
    summary: Annotated[bool, typer.Option("--summary", help="Print one line per input instead of JSON.")] = False,
    isolate: Annotated[bool, typer.Option(help="Parse each input in a child process with time and memory limits.")] = True,
) -> None:
    """Read documents into Candor's typed document model.

    With one input and neither --out nor --summary, prints the document as JSON:
    {"source": {...}, "blocks": [{"text", "kind", "section", "span", "loc": {"page", "bbox", ...}}],
    "sentences": [...]}.

    Inputs are identified by their bytes, not their names. Limits come from the
    environment: CANDOR_MAX_BYTES, CANDOR_MAX_PAGES, CANDOR_MAX_UNCOMPRESSED_BYTES,
    CANDOR_MAX_COMPRESSION_RATIO, CANDOR_MAX_ZIP_MEMBERS, CANDOR_PARSE_TIMEOUT_S,
    CANDOR_PARSE_MEMORY_MB.

    Examples:

      candor parse contract.pdf > contract.json

      candor parse examples/ --summary

      candor parse inbox/ --out parsed/
    """
    if out is not None:
        check_out(out)
    limits = Settings().limits()
    named = labelled(inputs)
    files, labels = [f for f, _ in named], dict(named)
    if not files:
        fail(NotFound(f"no input files in {', '.join(map(str, inputs))}"))
        raise typer.Exit(1)
    if len(files) > 1 and out is None and not summary:
        err.print("candor: several inputs: give --out DIR to write them or --summary to list them")
        raise typer.Exit(2)
    results: list[tuple[Path, Document | CandorError]] = []
    with Progress(console=err, transient=True, disable=len(files) < 2) as progress:
        task = progress.add_task("Parsing", total=len(files))
        for f, doc in read_documents(files, limits, isolate):
            results.append((f, doc))
            if out is not None and isinstance(doc, Document):
                write_once(out / labels[f] / "document.json", doc.to_json())
            progress.advance(task)
    if summary:
        print_summary(results)
    elif out is None:
        doc = results[0][1]
        if isinstance(doc, Document):
            print(doc.to_json())
    if any(isinstance(r, CandorError) for _, r in results):
        raise typer.Exit(1)


SHORT_TYPES = {media.PDF: "pdf", media.DOCX: "docx", media.MARKDOWN: "markdown", media.TEXT: "text"}


def print_summary(results: list[tuple[Path, "Document | CandorError"]]) -> None:
    table = Table(title="Parsed documents", title_justify="left")
    for col in ("file", "type", "pages", "blocks", "headings", "table rows", "sentences", "status"):
        table.add_column(col, justify="right" if col in ("pages", "blocks", "headings", "table rows", "sentences") else "left")
    for path, r in results:
        if isinstance(r, CandorError):
            table.add_row(path.name, "", "", "", "", "", "", f"[red]{r.code.value}[/red]")
            continue
        kinds = Counter(b.kind.value for b in r.blocks)
        table.add_row(
            path.name,
            SHORT_TYPES.get(r.source.media_type, r.source.media_type),
            str(r.source.page_count or ""),
            str(len(r.blocks)),
            str(kinds["heading"]),
            str(kinds["table_row"]),
            str(len(r.sentences)),
            r.status.value + (f" ({len(r.warnings)} warnings)" if r.warnings else ""),
        )
    Console(width=max(Console().width, 110)).print(table)
