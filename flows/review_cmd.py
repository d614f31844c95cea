"""`candor review`: commitments checked against the provider's capacity profile."""

import sys
import threading
from collections import Counter
from enum import Enum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import Progress, TextColumn
from rich.table import Table

from extractors import progress as pages
from extractors.errors import CandorError, NotFound
from flows.app import app, check_out, err, fail, printable
from flows.extract_cmd import load_extractor
from flows.package import Package
from infra.settings import Settings


class Audience(str, Enum):
    auto = "auto"
    rfp = "rfp"
    contract = "contract"


@app.command()
def review(
    inputs: Annotated[list[str], typer.Argument(help="PDF, DOCX, Markdown or text files, folders, s3://bucket/key or s3://bucket/prefix/.", show_default=False)],
    capacity: Annotated[Path, typer.Option("--capacity", "-c", help="The provider's capacity profile (YAML; see examples/capacity.yaml).")],
    out: Annotated[str, typer.Option("--out", "-o", help="A folder (OUT/<path below the folder or prefix named>/...) or s3://bucket/prefix/ (PREFIX/<sha256>/<set>/...).")],
    rfp: Annotated[list[str] | None, typer.Option("--rfp", help="The solicitation the inputs answer (repeat for amendments): each input is also checked against it. Without it no document is compared with another.", show_default=False)] = None,
    audience: Annotated[Audience, typer.Option(help="rfp: ask the client questions; contract: propose edits; auto: tell by the text.")] = Audience.auto,
    baseline: Annotated[bool, typer.Option("--baseline", help="Extract with the keyword baseline instead of the model.")] = False,
    isolate: Annotated[bool, typer.Option(help="Parse each input in a child process with time and memory limits.")] = True,
) -> None:
    """Check every commitment against what the provider can deliver, and say what to do.

    Findings are unrealistic (beyond the profile, with the arithmetic: downtime budgets,
    FTE for a coverage window, business hours against calendar hours, meeting and report
    load, uncapped credits), vague (no amount, frequency or deadline), one_sided (a
    provider service level with no client duty it depends on), inconsistent (one metric,
    two targets; and a draft that differs from the RFP given with --rfp) and silent (no
    measurement method, maintenance window, sole remedy or clock start). Each has a
    severity, its rationale with numbers and a suggestion: replacement words or a clause
    for a contract, a question for the client for an RFP.

    Originals are only read. S3 outputs are written once (If-None-Match), so a re-run
    writes nothing new; the endpoint is CANDOR_S3_ENDPOINT_URL, credentials the AWS chain.

    Examples:

      candor review draft.docx --capacity examples/capacity.yaml --out review/

      candor review draft.docx --rfp rfp.pdf -c capacity.yaml -o review/   (draft checked against the RFP)

      candor review s3://bids/inbox/ -c capacity.yaml -o s3://bids/candor/
    """
    from checks.profile import load_profile
    from flows.io import gather, publish
    from pipeline.review import output_version
    from pipeline.review import review as run_review

    check_out(out)  # like a bad profile, a bad --out stops here, before any document is read
    profile = load_profile(capacity)
    settings = Settings()
    pending, paired, failed = gather(inputs, settings.limits(), rfps=rfp or [])
    for outcome in failed:
        fail(outcome.error, outcome.source.uri)
    extract = load_extractor(baseline)
    forced = None if audience is Audience.auto else audience.value
    version = output_version(profile, baseline, forced)
    if not pending and not paired and not failed:
        fail(NotFound(f"no documents in {', '.join(inputs)}"))
        raise typer.Exit(1)
    unpublished, rows, high = [], [], []  # what the summary shows: outcomes let go of the rest once published
    package = Package(out)
    total = len(pending) + len(paired)
    with Progress(*Progress.get_default_columns(), TextColumn("{task.fields[pages]}"), console=err,
                  transient=True) as progress:
        task = progress.add_task("Documents", total=total, pages="")
        pages = _PageWatch(progress, task)

        def done(outcome) -> None:
            progress.advance(task)
            pages.next_document()
            if not outcome.ok:
                fail(outcome.error, outcome.source.uri)
                package.failed(outcome.source.label, outcome.error.message)
                return
            # pages the reader skipped or read in part, then outputs that could not be made
            for note in [*(outcome.document.warnings if outcome.document else []), *outcome.notes]:
                print(printable(f"candor: warning: {outcome.source.label}: {note}"), file=sys.stderr)
            try:
                where, _ = publish(outcome, out, version)
            except CandorError as e:  # unavailable or conflict: this document fails, the others go on
                unpublished.append(outcome)
                fail(e, outcome.source.uri)
                package.failed(outcome.source.label, e.message)
                return
            package.add(outcome)
            counts = Counter("look" if f.needs_look else f.severity.value for f in outcome.findings)
            rows.append((outcome.source.label, len(outcome.commitments), counts))
            high.extend((outcome.source.label, f) for f in outcome.findings if f.severity.value == "high" and len(high) < 31)
            # a line per document: above the bar on a terminal, the only progress in a log
            progress.console.print(printable(
                f"[{len(rows) + len(unpublished)}/{total}] {outcome.source.label}: {len(outcome.commitments)} commitments, "
                f"{counts['high']} high, {counts['medium']} medium, {counts['low']} low, {counts['look']} to look at"
                f"{_pages_of(outcome)} -> {where}"), markup=False, highlight=False, soft_wrap=True)

        pages.start()
        try:
            outcomes = run_review(pending, profile, extract, settings.limits(), isolate, forced, on_done=done,
                                  rfps=paired, version=version)
        finally:
            pages.stop()
    _summary(rows, high)
    try:
        bundle = package.publish({label for label, _, _ in rows})
    except CandorError as e:
        fail(e, out)
        bundle = None
    if bundle:
        print(f"Package: {bundle}/report.html (summary), {bundle}/matrix.xlsx and matrix.csv (every document)")
    if rows:  # issue 17: end by saying where to look
        base = out.rstrip("/")
        if base.startswith("s3://"):
            where = f"{base}/<sha256 of each document>/{version}/"
        elif len(rows) <= 5:
            where = ", ".join(f"{base}/{label}/" for label, _, _ in rows)
        else:
            where = f"{base}/<file>/"
        print(f"Outputs (report.html, redline.docx, matrix.xlsx, findings.json): {where}")
    if failed or unpublished or any(not o.ok for o in outcomes):
        raise typer.Exit(1)


def _pages_of(outcome) -> str:
    n = outcome.document.source.page_count if outcome.document else None
    return f", {n} page{'s' if n > 1 else ''}" if n else ""


class _PageWatch:
    """The pages the reader has done, shown beside the document bar on a terminal
    (extractors.progress counts them in the forked readers)."""

    def __init__(self, progress: Progress, task):
        self.progress, self.task = progress, task
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> None:
        if self.progress.console.is_terminal:
            self.thread.start()

    def next_document(self) -> None:
        pages.start(0)

    def stop(self) -> None:
        self.stopped.set()

    def _run(self) -> None:
        while not self.stopped.wait(0.25):
            done, of = pages.pages()
            self.progress.update(self.task, pages=f"page {min(done, of)}/{of}" if of else "")


def _summary(rows, high) -> None:
    if not rows:
        return
    console = Console(width=max(Console().width, 110))
    table = Table(title="Findings by severity", title_justify="left")
    for col in ("file", "commitments", "high", "medium", "low", "needs a look"):
        table.add_column(col, justify="left" if col == "file" else "right")
    for label, commitments, c in rows:
        table.add_row(label, str(commitments), str(c["high"]), str(c["medium"]), str(c["low"]), str(c["look"]))
    console.print(table)
    if high:
        detail = Table(title="High findings", title_justify="left", show_lines=True)
        for col in ("file", "type", "page", "why"):
            detail.add_column(col)
        for name, f in high[:30]:
            page = next((str(c.page) for c in f.commitments if c.page), "")
            detail.add_row(name, f.type.value, page, f.rationale)
        console.print(detail)
        more = sum(c["high"] for _, _, c in rows) - 30
        if more > 0:
            console.print(f"... and {more} more high findings in findings.json")
