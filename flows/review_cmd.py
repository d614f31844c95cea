"""`candor review`: commitments checked against the provider's capacity profile."""

from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress
from rich.table import Table

from flows.app import app, err, expand, read_documents, write_once
from flows.extract_cmd import load_extractor
from infra.settings import Settings
from schemas import Commitments, Document, Findings


class Audience(str, Enum):
    auto = "auto"
    rfp = "rfp"
    contract = "contract"


@app.command()
def review(
    inputs: Annotated[list[Path], typer.Argument(help="PDF, DOCX, Markdown or text files, or folders of them.", show_default=False)],
    capacity: Annotated[Path, typer.Option("--capacity", "-c", help="The provider's capacity profile (YAML; see examples/capacity.yaml).")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Write OUT/<file name>/commitments.json and findings.json.")],
    audience: Annotated[Audience, typer.Option(help="rfp: ask the client questions; contract: propose edits; auto: tell by the text.")] = Audience.auto,
    baseline: Annotated[bool, typer.Option("--baseline", help="Extract with the keyword baseline instead of the model.")] = False,
    isolate: Annotated[bool, typer.Option(help="Parse each input in a child process with time and memory limits.")] = True,
) -> None:
    """Check every commitment against what the provider can deliver, and say what to do.

    Findings are unrealistic (beyond the profile, with the arithmetic: downtime budgets,
    FTE for a coverage window, business hours against calendar hours, meeting and report
    load, uncapped credits), vague (no amount, frequency or deadline), one_sided (a
    provider service level with no client duty it depends on), inconsistent (one metric,
    two targets; and a draft that differs from the RFP reviewed with it) and silent (no
    measurement method, maintenance window, sole remedy or clock start). Each has a
    severity, its rationale with numbers and a suggestion: replacement words or a clause
    for a contract, a question for the client for an RFP.

    Examples:

      candor review draft.docx --capacity examples/capacity.yaml --out review/

      candor review rfp.pdf draft.docx -c capacity.yaml -o review/   (draft checked against the RFP)
    """
    from checks.profile import load_profile
    from checks.review import prepare, run_together

    profile = load_profile(capacity)  # a bad profile stops here, before any document is read
    files = expand(inputs)
    extract = load_extractor(baseline)
    reviews, failed = {}, 0
    with Progress(console=err, transient=True) as progress:
        task = progress.add_task("Documents", total=len(files))
        for f, doc in read_documents(files, Settings().limits(), isolate):
            progress.advance(task)
            if not isinstance(doc, Document):
                failed += 1
                continue
            items = extract(doc)
            write_once(out / f.name / "commitments.json", Commitments(commitments=items).model_dump_json(indent=2, exclude_none=True))
            reviews[f.name] = prepare(doc, items, profile, None if audience is Audience.auto else audience.value)
    found = run_together(list(reviews.values()))
    for name, r in reviews.items():
        write_once(out / name / "findings.json", Findings(findings=found[r.doc]).model_dump_json(indent=2, exclude_none=True))
    _summary(reviews, found)
    if failed:
        raise typer.Exit(1)


def _summary(reviews, found) -> None:
    if not reviews:
        return
    console = Console(width=max(Console().width, 110))
    table = Table(title="Findings by severity", title_justify="left")
    for col in ("file", "reads as", "commitments", "high", "medium", "low"):
        table.add_column(col, justify="left" if col in ("file", "reads as") else "right")
    for name, r in reviews.items():
        c = Counter(f.severity.value for f in found[r.doc])
        table.add_row(name, r.audience, str(len(r.commitments)), str(c["high"]), str(c["medium"]), str(c["low"]))
    console.print(table)
    high = [(name, f) for name, r in reviews.items() for f in found[r.doc] if f.severity.value == "high"]
    if high:
        detail = Table(title="High findings", title_justify="left", show_lines=True)
        for col in ("file", "type", "page", "why"):
            detail.add_column(col)
        for name, f in high[:30]:
            page = next((str(c.page) for c in f.commitments if c.page), "")
            detail.add_row(name, f.type.value, page, f.rationale)
        console.print(detail)
        if len(high) > 30:
            console.print(f"... and {len(high) - 30} more high findings in findings.json")
