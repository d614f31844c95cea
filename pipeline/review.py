"""Parse, extract, check and render one document (or several reviewed together).

Each document is handled on its own, under limits, and only one document's bytes and
outputs are held at a time: a batch of any size takes the memory of its largest member.
A draft is compared only with the RFPs it is paired with (`rfps`), never with the other
documents of its batch."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from checks.base import Review
from checks.review import against, prepare, run
from checks.unrealistic import compared
from extractors.errors import CandorError, Unavailable
from schemas import CapacityProfile, Commitment, Commitments, Document, Finding, Findings, Limits

Extract = Callable[[Document], list[Commitment]]


@dataclass
class Source:
    """An input: its bytes, where it came from (`uri`), its file name (which tells its
    format and names it in findings) and its label: the name its local outputs are filed
    under, unique in a batch (`a/contract.md` beside `b/contract.md`)."""

    data: bytes
    uri: str
    name: str
    label: str = ""
    sha256: str = field(init=False)
    size: int = field(init=False)

    def __post_init__(self) -> None:
        self.label = self.label or self.name
        self.sha256, self.size = hashlib.sha256(self.data).hexdigest(), len(self.data)


@dataclass
class Pending:
    """An input listed but not read yet: a batch reads each one's bytes when its turn comes."""

    uri: str
    name: str
    label: str
    read: Callable[[], bytes]

    def load(self) -> Source:
        return Source(self.read(), self.uri, self.name, self.label)


@dataclass
class Outcome:
    source: Source
    document: Document | None = None
    commitments: list[Commitment] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    error: CandorError | None = None
    files: dict[str, bytes] = field(default_factory=dict)  # output file name -> content
    notes: list[str] = field(default_factory=list)  # outputs that could not be made, and why
    compared_with: list[dict] = field(default_factory=list)  # the RFPs a draft was checked against
    paired_as: str | None = None  # "rfp": reviewed as the RFP a draft was paired with
    audience: str | None = None  # "rfp" (questions) or "contract" (edits), as the checks took it
    checked: list[int] = field(default_factory=list)  # commitments held against the profile (indices)
    about: dict[str, str] = field(default_factory=dict)  # mode, profile, date, version: every output states them

    @property
    def ok(self) -> bool:
        return self.error is None

    def release(self) -> None:
        """Let go of what was published: bytes, document, files, commitments and findings."""
        self.source.data, self.document, self.files = b"", None, {}
        self.commitments, self.findings = [], []


def parse(source: Source, limits: Limits, isolate: bool = True) -> Document:
    from extractors.isolate import parse_bytes_isolated
    from extractors.parse import parse_bytes

    if isolate:
        return parse_bytes_isolated(source.data, source.uri, source.name, limits)
    return parse_bytes(source.data, source.uri, source.name, limits)


def analyse(doc: Document, extract: Extract, profile: CapacityProfile,
            audience: str | None) -> tuple[list[Commitment], Review, list[Finding], list[int]]:
    """Extraction and the document's own checks, and which commitments the capacity checks
    held against the profile (the matrix's "not checked" is the rest). The Review comes back without the text:
    comparing a draft with an RFP needs only their commitments. Findings name the
    document by its file name, never by its label in a batch: what is published under a
    document's sha256 must not depend on what else was in the batch."""
    commitments = extract(doc)
    checked = prepare(doc, commitments, profile, audience)
    return commitments, dataclasses.replace(checked, text=""), run(checked), compared(checked)


def review(inputs: Iterable[Source | Pending], profile: CapacityProfile, extract: Extract, limits: Limits,
           isolate: bool = True, audience: str | None = None, on_done: Callable[[Outcome], None] | None = None,
           rfps: Iterable[Source | Pending] = (), version: str = "") -> list[Outcome]:
    """Every input parsed, extracted, checked and rendered on its own. `rfps` are the
    solicitation the inputs answer (and its amendments): each is reviewed first, as an
    RFP, and every input is also checked against them. Inputs are never compared with
    one another: a folder is a set of documents, not a set of pairs. A refused input is
    an Outcome with its error; the others go on, and a refused RFP fails the inputs paired
    with it. With `on_done` (which publishes), an outcome lets go of everything but its
    source's name once it has been called, so a batch holds one document at a time.
    `version` (output_version) is stated in every output with the mode, profile and date."""
    outcomes, asked, refused = [], [], []  # asked: each RFP's commitments, and its sha256
    for item in rfps:
        outcome, checked = _checked(item, profile, extract, limits, isolate, audience or "rfp")
        outcome.paired_as = None if audience else "rfp"
        outcome.about = about(outcome, profile, version)
        if checked is None:
            refused.append(outcome)
        else:
            asked.append((checked, outcome.source.sha256))
        outcomes.append(_finish(outcome, limits, isolate, on_done))
    for item in inputs:
        if refused:  # compared with less than it was paired with, its findings would mislead
            outcomes.append(_finish(_unpaired(item, refused[0]), limits, isolate, on_done))
            continue
        outcome, checked = _checked(item, profile, extract, limits, isolate, audience)
        if checked is not None and asked:
            outcome.findings = against(checked, outcome.findings, [r for r, _ in asked])
            outcome.compared_with = [{"name": r.doc, "sha256": sha} for r, sha in asked]
        outcome.about = about(outcome, profile, version)
        outcomes.append(_finish(outcome, limits, isolate, on_done))
    return outcomes


MODES = {"rfp": "questions for the client (read as an RFP)", "contract": "edits to propose (read as a contract)"}


def about(outcome: Outcome, profile: CapacityProfile, version: str = "") -> dict[str, str]:
    """What every output states about how it was made (issue 17): the mode, the profile,
    the date and the version, and the RFPs a draft was checked against."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as package_version

    try:
        release = package_version("candor")
    except PackageNotFoundError:  # pragma: no cover - run from a source tree
        release = "unreleased"
    info = {
        "Document": outcome.source.name,
        "Mode": MODES.get(outcome.audience or "", outcome.audience or ""),
        "Profile": f"{profile.provider} (profile {profile.version})",
        "Date": review_date().date().isoformat(),
        "Version": f"Candor {release}" + (f" ({version})" if version else ""),
    }
    if outcome.compared_with:
        info["Checked against"] = ", ".join(c["name"] for c in outcome.compared_with)
    return info


def _unpaired(item: Source | Pending, rfp: Outcome) -> Outcome:
    source = Source(b"", item.uri, item.name, item.label)
    error = type(rfp.error)(f"not reviewed: the RFP it is paired with, {rfp.source.label}, could not be: {rfp.error.message}")
    return Outcome(source, error=error)


def _checked(item: Source | Pending, profile: CapacityProfile, extract: Extract, limits: Limits, isolate: bool,
             audience: str | None) -> tuple[Outcome, Review | None]:
    try:
        source = item.load() if isinstance(item, Pending) else item
    except CandorError as e:
        return Outcome(Source(b"", item.uri, item.name, item.label), error=e), None
    except Exception as e:  # noqa: BLE001 - storage refusing one object (S3 403, EIO) costs that object only
        error = Unavailable(f"{item.uri}: could not be read ({type(e).__name__}: {str(e)[:160]})")
        return Outcome(Source(b"", item.uri, item.name, item.label), error=error), None
    outcome = Outcome(source)
    try:
        outcome.document = parse(source, limits, isolate)
        args = (outcome.document, extract, profile, audience)
        if isolate:
            from extractors.isolate import run_limited

            limited = limits.model_copy(update={"timeout_s": limits.review_timeout_s})
            found = run_limited(analyse, args, limited, "extracting and checking", setting="CANDOR_REVIEW_TIMEOUT_S")
        else:
            found = analyse(*args)
    except CandorError as e:
        outcome.error = e
        return outcome, None
    outcome.commitments, checked, outcome.findings, outcome.checked = found
    outcome.audience = checked.audience
    return outcome, checked


def _finish(outcome: Outcome, limits: Limits, isolate: bool, on_done: Callable[[Outcome], None] | None) -> Outcome:
    if outcome.ok:
        outcome.files, outcome.notes = outputs(outcome, limits, isolate)
    if on_done:
        on_done(outcome)
        outcome.release()
    return outcome


def outputs(outcome: Outcome, limits: Limits, isolate: bool = True) -> tuple[dict[str, bytes], list[str]]:
    """The output files; the JSON is always there for a document that was read, whatever
    happens to the writers (a writer's child killed for time or memory included)."""
    if not isolate:
        return render(outcome)
    try:
        return render_isolated(outcome, limits)
    except CandorError as e:
        return data_files(outcome), [f"no redline, matrix or report: {e}"]


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
    from redline.docx_redline import redline_docx_result
    from redline.matrix import matrix_csv_bytes, matrix_rows, matrix_xlsx
    from redline.pdf_annotate import annotate
    from redline.rendition import rendition_docx_result
    from redline.report import report_html

    doc, items, found = outcome.document, outcome.commitments, outcome.findings
    settled = [f for f in found if not f.needs_look]  # what needs a look never goes into the redline
    stamp = stamp or review_date()
    files, notes = data_files(outcome), []
    media = doc.source.media_type

    def make(name: str, writer: Callable[[], bytes], why: str = "") -> None:
        try:
            files[name] = writer()
        except Exception as e:  # noqa: BLE001 - one writer's trouble costs its own file only
            notes.append(f"no {name}: {why or 'it could not be written'} ({_why(e)})")

    def word(result) -> bytes:  # what could not be placed, said to the person running it
        notes.extend(f"redline.docx: {w}" for w in result.warnings)
        return result.data

    if media == DOCX:
        try:
            files["redline.docx"] = word(redline_docx_result(outcome.source.data, doc, settled, date=stamp, about=outcome.about))
        except Exception as e:  # noqa: BLE001 - a malformed original: the rendition needs only what was read
            notes.append(f"redline.docx is a rendition, not tracked changes in the original ({_why(e)})")
            make("redline.docx", lambda: word(rendition_docx_result(doc, settled, date=stamp, about=outcome.about)))
    else:
        make("redline.docx", lambda: word(rendition_docx_result(doc, settled, date=stamp, about=outcome.about)))
    if media == PDF:
        def pdf() -> bytes:  # what could not be highlighted, said to the person running it
            done = annotate(outcome.source.data, doc, settled, outcome.about)
            notes.extend(f"annotated.pdf: {w}" for w in done.skipped)
            return done.pdf

        make("annotated.pdf", pdf, "the PDF could not be rewritten; redline.docx has every finding")
    try:
        rows = matrix_rows(doc, items, found, outcome.checked)
    except Exception as e:  # noqa: BLE001
        rows = None
        notes.append(f"no matrix.xlsx or matrix.csv: its rows could not be made ({_why(e)})")
    if rows is not None:
        make("matrix.xlsx", lambda: matrix_xlsx(rows, stamp, outcome.about))
        make("matrix.csv", lambda: matrix_csv_bytes(rows))
    links = {label: name for label, name in (("Word redline", "redline.docx"), ("Annotated PDF", "annotated.pdf"),
                                               ("Compliance matrix", "matrix.xlsx")) if name in files}
    make("report.html", lambda: report_html(doc, items, found, links, outcome.checked, outcome.about).encode())
    return files, notes


def data_files(outcome: Outcome) -> dict[str, bytes]:
    """commitments.json and findings.json: what pipelines read, made before any writer runs."""
    return {
        "commitments.json": Commitments(commitments=outcome.commitments).model_dump_json(indent=2, exclude_none=True).encode(),
        "findings.json": Findings.split(outcome.findings, outcome.about).model_dump_json(indent=2, exclude_none=True).encode(),
    }


def _why(error: Exception) -> str:
    return f"{type(error).__name__}: {str(error)[:160]}"


def output_version(profile: CapacityProfile, baseline: bool = False, audience: str | None = None) -> str:
    """What the outputs depend on besides the document: the model (or the keyword
    baseline), the code that reads, checks and writes, the profile, and an audience forced
    by hand. A new release writes a new set instead of meeting a half-written set of the
    old one with different bytes (a conflict)."""
    from extractors.commitments.model import model_version

    model = "baseline" if baseline else model_version()
    forced = f".audience-{audience}" if audience else ""
    return f"model-{model}.code-{code_version()}.profile-{profile.version}{forced}"


def set_name(outcome: Outcome, version: str) -> str:
    """The folder of an outcome's output set: `version`; `.audience-rfp` for a document
    reviewed as the RFP a draft was paired with; and for a draft checked against RFPs,
    which ones (their bytes and the names its findings quote), so that reviewing a draft
    alone and with its RFP publishes two sets instead of the first hiding the second."""
    name = f"{version}.audience-{outcome.paired_as}" if outcome.paired_as else version
    if not outcome.compared_with:
        return name
    named = sorted(f"{c['sha256']} {c['name']}" for c in outcome.compared_with)
    return f"{name}.with-{hashlib.sha256(chr(10).join(named).encode()).hexdigest()[:12]}"


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
    record = {"uri": s.uri, "name": s.name, "sha256": s.sha256, "size": s.size}
    if outcome.compared_with:
        record["compared_with"] = outcome.compared_with  # the RFPs this draft was checked against
    if outcome.notes:
        record["notes"] = outcome.notes  # outputs that could not be made, and why
    return (json.dumps(record, indent=2) + "\n").encode()
