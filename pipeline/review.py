"""Parse, extract, check and render one document (or several reviewed together)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone

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
            outcome.files = render(outcome)
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


def render(outcome: Outcome, stamp: datetime | None = None) -> dict[str, bytes]:
    """The output files of one reviewed document: the JSON, a Word redline (the original
    with tracked changes and comments, or a rendition of a PDF or text), an annotated PDF
    for PDF inputs, the compliance matrix and the report."""
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
    media = doc.source.media_type
    files["redline.docx"] = (redline_docx(outcome.source.data, doc, found, date=stamp) if media == DOCX
                             else rendition_docx(doc, found, date=stamp))
    if media == PDF:
        files["annotated.pdf"] = annotate_pdf(outcome.source.data, doc, found)
    rows = matrix_rows(doc, items, found)
    files["matrix.xlsx"] = matrix_xlsx(rows, stamp)
    files["matrix.csv"] = matrix_csv(rows).encode()
    links = {label: name for label, name in (("Word redline", "redline.docx"), ("Annotated PDF", "annotated.pdf"),
                                               ("Compliance matrix", "matrix.xlsx")) if name in files}
    files["report.html"] = report_html(doc, items, found, links).encode()
    return files


def output_version(profile: CapacityProfile) -> str:
    """What the outputs depend on besides the document: the model and the profile."""
    from extractors.commitments.model import model_version

    return f"model-{model_version()}.profile-{profile.version}"


def source_record(outcome: Outcome) -> bytes:
    """`source.json` beside the outputs: which original they are of."""
    s = outcome.source
    return (json.dumps({"uri": s.uri, "name": s.name, "sha256": s.sha256, "size": len(s.data)}, indent=2) + "\n").encode()
