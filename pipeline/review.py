"""Parse, extract, check and render one document (or several reviewed together)."""

from __future__ import annotations

import functools
import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from checks.review import prepare, run_together
from extractors.errors import CandorError
from schemas import CapacityProfile, Commitment, Commitments, Document, Finding, Findings, Limits

Extract = Callable[[Document], list[Commitment]]


@dataclass
class Source:
    """An input: its bytes, where it came from and the name outputs are filed under."""

    data: bytes
    uri: str
    name: str

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


@dataclass
class Outcome:
    source: Source
    document: Document | None = None
    commitments: list[Commitment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: CandorError | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # output file name -> content
    notes: list[str] = field(default_factory=list)  # outputs that could not be made, and why

    @property
    def ok(self) -> bool:
        return self.error is None


def parse(source: Source, limits: Limits, isolate: bool = True) -> Document:
    from extractors.isolate import parse_bytes_isolated
    from extractors.parse import parse_bytes

    if isolate:
        return parse_bytes_isolated(source.data, source.uri, source.name, limits)
    return parse_bytes(source.data, source.uri, source.name, limits)


def review(sources: list[Source], profile: CapacityProfile, extract: Extract, limits: Limits,
           isolate: bool = True, audience: str | None = None, on_done: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    """Every source parsed and extracted, then checked together (a draft against the RFP
    beside it), then rendered. A refused input is an Outcome with its error; the others go on."""
    outcomes, reviews = [], {}
    for source in sources:
        outcome = Outcome(source)
        try:
            outcome.document = parse(source, limits, isolate)
            outcome.commitments = extract(outcome.document)
            reviews[id(outcome)] = prepare(outcome.document, outcome.commitments, profile, audience)
        except CandorError as e:
            outcome.error = e
        outcomes.append(outcome)
    found = run_together(list(reviews.values()))
    for outcome in outcomes:
        if outcome.ok:
            outcome.findings = found[reviews[id(outcome)].doc]
            try:
                outcome.files, outcome.notes = render_isolated(outcome, limits) if isolate else render(outcome)
            except CandorError as e:
                outcome.error = e
        if on_done:
            on_done(outcome)
    return outcomes


PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def review_date() -> datetime:
    """The date tracked changes and files carry: CANDOR_REVIEW_DATE, else today (UTC
    midnight), so a re-run the same day gives byte-identical outputs."""
    import os

    text = os.environ.get("CANDOR_REVIEW_DATE")
    day = datetime.fromisoformat(text).date() if text else datetime.now(timezone.utc).date()
    return datetime(day.year, day.month, day.day, tzinfo=timezone.utc)


def render_isolated(outcome: Outcome, limits: Limits) -> tuple[dict[str, bytes], list[str]]:
    """render() in a child process with the parsing limits: the redline writers reopen the
    untrusted original (pypdf, the DOCX zip), so they get the same protection as parsing."""
    from extractors.isolate import run_limited

    _writers()  # imported before the fork: a module lock another thread holds would never be freed in the child
    return run_limited(render, (outcome, review_date()), limits, "writing the redlines")


def _writers():
    from redline import docx_redline, matrix, pdf_annotate, rendition, report

    return docx_redline, matrix, pdf_annotate, rendition, report


def render(outcome: Outcome, stamp: datetime | None = None) -> tuple[dict[str, bytes], list[str]]:
    """The output files of one reviewed document: the JSON, a Word redline (the original
    with tracked changes and comments, or a rendition of a PDF or text), an annotated PDF
    for PDF inputs, the compliance matrix and the report. An original the redline writers
    cannot reopen (Candor's readers are more forgiving than pypdf) costs that one output,
    said in a note: a DOCX gets a rendition instead of tracked changes, a PDF no
    annotated copy."""
    from redline.docx_redline import redline_docx
    from redline.matrix import matrix_csv, matrix_rows, matrix_xlsx
    from redline.pdf_annotate import annotate_pdf
    from redline.rendition import rendition_docx
    from redline.report import report_html

    doc, items, found = outcome.document, outcome.commitments, outcome.findings
    stamp = stamp or review_date()
    files = {
        "commitments.json": Commitments(commitments=items).model_dump_json(indent=2, exclude_none=True).encode(),
        "findings.json": Findings(findings=found).model_dump_json(indent=2, exclude_none=True).encode(),
    }
    media, notes = doc.source.media_type, []
    try:
        files["redline.docx"] = (redline_docx(outcome.source.data, doc, found, date=stamp) if media == DOCX
                                 else rendition_docx(doc, found, date=stamp))
    except Exception as e:  # noqa: BLE001 - a malformed original: the rendition needs only what was read
        if media != DOCX:
            raise
        notes.append(f"redline.docx is a rendition, not tracked changes in the original ({_why(e)})")
        files["redline.docx"] = rendition_docx(doc, found, date=stamp)
    if media == PDF:
        try:
            files["annotated.pdf"] = annotate_pdf(outcome.source.data, doc, found)
        except Exception as e:  # noqa: BLE001 - pypdf cannot reopen what PDFium read
            notes.append(f"no annotated.pdf: the PDF could not be rewritten ({_why(e)}); redline.docx has every finding")
    rows = matrix_rows(doc, items, found)
    files["matrix.xlsx"] = matrix_xlsx(rows, stamp)
    files["matrix.csv"] = matrix_csv(rows).encode()
    links = {label: name for label, name in (("Word redline", "redline.docx"), ("Annotated PDF", "annotated.pdf"),
                                               ("Compliance matrix", "matrix.xlsx")) if name in files}
    files["report.html"] = report_html(doc, items, found, links).encode()
    return files, notes


def _why(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error)[:160]}"


def output_version(profile: CapacityProfile) -> str:
    """What the outputs depend on besides the document: the model, the code that reads,
    checks and writes, and the profile. A new release writes a new set instead of
    meeting a half-written set of the old one with different bytes (a conflict)."""
    from extractors.commitments.model import model_version

    return f"model-{model_version()}.code-{code_version()}.profile-{profile.version}"


@functools.lru_cache(maxsize=1)
def code_version() -> str:
    """8 hex digits over the source of every package whose code shapes the outputs."""
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for package in ("schemas", "extractors", "checks", "redline", "pipeline"):
        for path in sorted((root / package).rglob("*.py")):
            digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:8]


def source_record(outcome: Outcome) -> bytes:
    """`source.json` beside the outputs: which original they are of."""
    s = outcome.source
    record = {"uri": s.uri, "name": s.name, "sha256": s.sha256, "size": len(s.data)}
    if outcome.notes:
        record["notes"] = outcome.notes  # outputs that could not be made, and why
    return (json.dumps(record, indent=2) + "\n").encode()
