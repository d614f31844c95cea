"""`candor extract`: every service level and obligation, with who owes it."""

from collections import Counter
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from flows.app import app, check_out, err, labelled, read_documents, write_once
from infra.settings import Settings
from schemas import Commitments, Document


def load_extractor(baseline: bool):
    """The model (ONNX Runtime, loaded once per process) or the keyword baseline, as a
    picklable doc -> commitments (pipeline/extractor.py)."""
    from pipeline.extractor import Extractor

    return Extractor(baseline).warm()


@app.command()
def extract(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, DOCX, Markdown or text files, or folders of them.", show_default=False)],
    out: Annotated[Path, typer.Option("--out", "-o", help="Write OUT/<path below the folder named>/commitments.json for each input.")],
    baseline: Annotated[bool, typer.Option("--baseline", help="Use the keyword baseline instead of the model.")] = False,
    isolate: Annotated[bool, typer.Option(help="Parse each input in a child process with time and memory limits.")] = True,
) -> None:
    """Extract the commitments each document states: service levels (metric, target,
    unit, window, condition) and obligations, each with its obligor (provider or client),
    whether it is vague, where it is (page, block, character span) and a confidence.

    The output format is ../shared/eval/GUIDELINES.md: {"commitments": [...]}.

    Example:

      candor extract rfp.pdf draft.docx --out review/
    """
    check_out(out)
    named = labelled(inputs)
    files, labels = [f for f, _ in named], dict(named)
    limits = Settings().limits()
    run = load_extractor(baseline)
    rows = []
    failed = 0
    with Progress(console=err, transient=True) as progress:
        files_task = progress.add_task("Documents", total=len(files))
        for f, doc in read_documents(files, limits, isolate):
            if not isinstance(doc, Document):
                failed += 1
                progress.advance(files_task)
                continue
            units_task = progress.add_task(f"  {f.name}", total=None)

            def on_batch(done: int, total: int, task=units_task) -> None:
                progress.update(task, completed=done, total=total)

            items = run(doc, on_batch)
            progress.remove_task(units_task)
            write_once(out / labels[f] / "commitments.json", Commitments(commitments=items).model_dump_json(indent=2, exclude_none=True))
            rows.append((labels[f], items))
            progress.advance(files_task)
    _summary(rows)
    if failed:
        raise typer.Exit(1)


def _summary(rows) -> None:
    if not rows:
        return
    table = Table(title="Commitments", title_justify="left")
    for col in ("file", "service levels", "provider obligations", "client obligations", "vague"):
        table.add_column(col, justify="left" if col == "file" else "right")
    for name, items in rows:
        c = Counter((i.kind.value, i.obligor.value) for i in items)
        sl = c["service_level", "provider"] + c["service_level", "client"]
        table.add_row(name, str(sl), str(c["obligation", "provider"]), str(c["obligation", "client"]), str(sum(i.vague for i in items)))
    Console(width=max(Console().width, 110)).print(table)
