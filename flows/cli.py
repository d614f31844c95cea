"""The `candor` command. Orchestration only: the work happens in extractors/."""

import os
import sys
import tempfile
from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from extractors import sniff as media
from extractors.errors import CandorError, NotFound
from extractors.isolate import parse_file_isolated
from extractors.parse import parse_path
from infra.settings import Settings
from schemas import Document

app = typer.Typer(
    name="candor",
    help=(
        "Candor reads RFPs and draft contracts (PDF, DOCX, Markdown, text), finds every "
        "service level and obligation, and tells a provider which ones it cannot keep.\n\n"
        "Rejected inputs end with `candor: error: CODE: message` on stderr and a non-zero "
        "exit status; CODE is one of encrypted, corrupt, unsupported, needs_ocr, too_large, "
        "not_found. Limits are settings: see `candor parse --help`."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
err = Console(stderr=True)


@app.callback()
def candor() -> None:
    """Keeps `candor parse` a subcommand, with room for more beside it."""


def fail(error: CandorError) -> None:
    print(f"candor: error: {error.code.value}: {error.message}", file=sys.stderr)


def expand(inputs: list[Path]) -> list[Path]:
    """Files as given; folders give the files inside them, hidden ones skipped."""
    files: list[Path] = []
    for path in inputs:
        if path.is_dir():
            files.extend(
                p for p in sorted(path.rglob("*")) if p.is_file() and not any(part.startswith(".") for part in p.relative_to(path).parts)
            )
        else:
            files.append(path)
    return files


def write_once(path: Path, content: str) -> bool:
    """Write `content` to `path` atomically; leave an identical file alone. True if written."""
    if path.exists() and path.read_text(encoding="utf-8") == content:
        return False
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".part")
    with os.fdopen(fd, "w", encoding="utf-8") as f:
        f.write(content)
    os.replace(tmp, path)
    return True


@app.command()
def parse(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, DOCX, Markdown or text files, or folders of them.", show_default=False)],
    out: Annotated[Path | None, typer.Option("--out", "-o", help="Write OUT/<file name>/document.json for each input.")] = None,
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
    limits = Settings().limits()
    files = expand(inputs)
    if not files:
        fail(NotFound(f"no input files in {', '.join(map(str, inputs))}"))
        raise typer.Exit(1)
    if len(files) > 1 and out is None and not summary:
        err.print("candor: several inputs: give --out DIR to write them or --summary to list them")
        raise typer.Exit(2)
    names = Counter(f.name for f in files)
    if out is not None and (dupes := [n for n, c in names.items() if c > 1]):
        err.print(f"candor: two inputs share a name and would share an output folder: {', '.join(dupes)}")
        raise typer.Exit(2)
    reader = parse_file_isolated if isolate else parse_path
    results: list[tuple[Path, Document | CandorError]] = []
    with Progress(console=err, transient=True, disable=len(files) < 2) as progress:
        task = progress.add_task("Parsing", total=len(files))
        for f in files:
            progress.update(task, description=f"Parsing {f.name}")
            try:
                doc = reader(f, limits)
            except CandorError as e:
                results.append((f, e))
                fail(e)
            else:
                results.append((f, doc))
                if out is not None:
                    write_once(out / f.name / "document.json", doc.to_json())
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


def main() -> None:
    """Entry point: no traceback ever reaches the user."""
    try:
        app()
    except CandorError as e:
        fail(e)
        sys.exit(1)
    except KeyboardInterrupt:
        print("candor: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as e:  # a bug of ours: say so in one line, keep the details for -v runs
        print(f"candor: error: internal: {type(e).__name__}: {e} (please report this)", file=sys.stderr)
        if os.environ.get("CANDOR_DEBUG"):
            raise
        sys.exit(70)


if __name__ == "__main__":
    main()
