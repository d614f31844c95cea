"""The compliance matrix: one row per commitment, with what the review says about it.

`matrix_rows` builds plain dicts; `matrix_xlsx` and `matrix_csv` write the same rows,
with the same text in each cell (`as_cell`), under the same headers. `package_rows` joins
the rows of every document of a package (a folder) into one matrix.
A finding is tied to the commitments it lists by span; where one sentence holds two
targets (two commitments, one span), the commitment equal to the finding's own wins.
"""

from __future__ import annotations

import csv
import io
import unicodedata
from collections.abc import Collection
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.page import PageMargins

from redline.ooxml import stable_zip
from redline.textsafe import xml_safe
from schemas import Commitment, Document, Finding, FindingType, Metric, Obligor, Severity, SuggestionKind, Unit, title

CANNOT, CLARIFY, OK = "cannot meet", "needs clarification", "within capacity"
LOOK = "needs a look"  # only findings a check could not settle (checks/settle.py)
NOT_CHECKED = "not checked"  # no check held it against the profile: not the same as ok
CLIENT = "client duty"  # the client's to keep, not ours: listed, not checked
COLUMNS = {  # key: (header, width in characters); the CSV has the same headers
    "id": ("ID", 9),
    "file": ("File", 14),
    "section": ("Section", 8),
    "page": ("Page", 5),
    "text": ("Requirement", 44),
    "type": ("Type", 14),
    "obligor": ("Obligor", 9),
    "target": ("Target", 14),
    "owner": ("Owner", 10),
    "compliance": ("Compliance", 11),
    "verdict": ("Capacity", 12),
    "findings": ("Finding", 22),
    "severity": ("Severity", 8),
    "response": ("Suggested response or question", 34),
    "proposal": ("Proposal reference", 11),
}
HEADERS = {k: header for k, (header, _) in COLUMNS.items()}
COMPLIANCE = ("Comply", "Partial", "Exception")  # the drop-down bid teams fill in
FILLS = {CANNOT: "FFC7CE", CLARIFY: "FFEB9C", OK: "C6EFCE", LOOK: "DDEBF7", NOT_CHECKED: "EDEDED", CLIENT: "FFFFFF"}
_ORDER = [Severity.high, Severity.medium, Severity.low]
# Unit words: (singular, plural); a rate reads "2 per month".
_WORDS = {
    Unit.second: ("second", "seconds"),
    Unit.minute: ("minute", "minutes"),
    Unit.hour: ("hour", "hours"),
    Unit.business_hour: ("business hour", "business hours"),
    Unit.day: ("day", "days"),
    Unit.business_day: ("business day", "business days"),
    Unit.week: ("week", "weeks"),
    Unit.month: ("month", "months"),
    Unit.quarter: ("quarter", "quarters"),
    Unit.year: ("year", "years"),
    Unit.hours_per_week: ("hour per week", "hours per week"),
    Unit.currency: ("(money)", "(money)"),
}


def number(v: float) -> str:
    """99.9 -> "99.9", 4.0 -> "4", 25000.0 -> "25,000"."""
    return f"{int(v):,}" if float(v).is_integer() else f"{v:,}"


def target_words(c: Commitment) -> str:
    """A commitment's target as words: "99.9%", "4 business hours", "1 per month"."""
    if c.value is None:
        return ""
    v, unit = number(c.value), c.unit
    if unit is None or unit is Unit.count:
        text = v
    elif unit is Unit.percent:
        text = f"{v}%"
    elif unit.value.startswith("per_"):
        text = f"{v} per {unit.value[4:]}"
    else:
        one, many = _WORDS[unit]
        text = f"{v} {one if c.value == 1 else many}"
    if c.period and not (unit and unit.value.startswith("per_")):
        text += f" per {c.period.value}"
    return text


def verdict(types: set[FindingType], looks: bool = False, checked: bool = False, client: bool = False) -> str:
    """Can the provider keep it: no when capacity falls short, unclear when terms are open,
    a person's call when only unsettled findings are about it; "within capacity" only
    where a check held it against the profile, "not checked" where none did."""
    if FindingType.unrealistic in types:
        return CANNOT
    if types:
        return CLARIFY
    if looks:
        return LOOK
    if client:
        return CLIENT
    return OK if checked else NOT_CHECKED


def words(value: str) -> str:
    """An enum value as words: "service_level" -> "service level", "one_sided" -> "one-sided"."""
    return "one-sided" if value == "one_sided" else value.replace("_", " ")


def finding_words(f: Finding) -> str:
    return f"{words(f.type.value).capitalize()}: {title(f.check)}"


def response(f: Finding) -> str:
    s = f.suggestion
    if s is None:
        return ""
    if s.kind is SuggestionKind.replace and s.replaces:
        return f'Replace "{s.replaces}" with "{s.text}"'
    return f"{'Ask' if s.kind is SuggestionKind.question else 'Add'}: {s.text}"


def findings_about(c: Commitment, findings: list[Finding], commitments: list[Commitment]) -> list[Finding]:
    """The findings that list `c`, matched by span (`c` itself when its span holds several)."""
    return _About(findings, commitments)(c)


class _About:
    """findings_about for every commitment of a document, indexed once by span, so the
    matrix of a long document costs time in proportion to its size, not its square."""

    def __init__(self, findings: list[Finding], commitments: list[Commitment]):
        self.findings = findings
        self.by_span: dict[tuple, list[Finding]] = {}
        for f in findings:
            for span in dict.fromkeys(tuple(fc.span) for fc in f.commitments if fc.span is not None):
                self.by_span.setdefault(span, []).append(f)
        self.at_span: dict[tuple, list[Commitment]] = {}
        for o in commitments:
            if o.span is not None:
                self.at_span.setdefault(tuple(o.span), []).append(o)

    def __call__(self, c: Commitment) -> list[Finding]:
        if c.span is None:
            return [f for f in self.findings if c in f.commitments]
        span = tuple(c.span)
        twins = [o for o in self.at_span.get(span, []) if o is not c]
        out = []
        for f in self.by_span.get(span, []):
            mine = [fc for fc in f.commitments if fc.span == c.span]
            # A finding naming the sentence's other target is not about this one.
            if c in mine or not any(fc in twins for fc in mine):
                out.append(f)
        return out


def matrix_rows(doc: Document, commitments: list[Commitment], findings: list[Finding],
                checked: Collection[int] | None = None) -> list[dict]:
    """One row per commitment. `checked`: the indices of the commitments a check held
    against the capacity profile (checks.unrealistic.compared); the others say "not
    checked" unless a finding is about them."""
    rows = []
    about_each = _About(findings, commitments)
    held = set(checked or ())
    ids = _Ids()
    for i, c in enumerate(commitments):
        every = about_each(c)
        about, looks = [f for f in every if not f.needs_look], [f for f in every if f.needs_look]
        block = doc.blocks[c.block] if c.block is not None and 0 <= c.block < len(doc.blocks) else None
        section = (block.section if block else None) or ""
        severities = {f.severity for f in about}
        target = target_words(c)
        rows.append({
            "id": ids(section),
            "file": doc.source.name,
            "section": section,
            "page": c.page,
            "text": c.text,
            "type": words(c.kind.value) + (f": {words(c.metric.value)}" if c.metric and c.metric is not Metric.other else ""),
            "obligor": c.obligor.value,
            "target": f"{target} ({c.condition})" if target and c.condition else target or c.condition or "",
            "owner": "",
            "compliance": "",
            "verdict": verdict({f.type for f in about}, bool(looks), i in held, c.obligor is Obligor.client),
            "findings": "\n".join(dict.fromkeys([*(finding_words(f) for f in about),
                                                  *(f"{finding_words(f)} (needs a look)" for f in looks)])),
            "severity": next((s.value for s in _ORDER if s in severities), ""),
            "response": "\n".join(dict.fromkeys([*(r for f in about if (r := response(f))),
                                                  *(f"Needs a look: {r}" for f in looks if (r := response(f)))])),
            "proposal": "",
        })
    return rows


def package_rows(documents: list[tuple[str, list[dict]]]) -> list[dict]:
    """One matrix for a package: each document's rows under its file label (sorted), IDs
    prefixed with the document's place ("D2:3.1-4") so they stay unique across files."""
    out = []
    for n, (label, rows) in enumerate(sorted(documents, key=lambda d: d[0]), start=1):
        out.extend(row | {"file": label, "id": f"D{n}:{row['id']}"} for row in rows)
    return out


class _Ids:
    """Stable requirement IDs: the section number and the place in it ("3.2-1", "3.2-2"),
    or R1, R2 ... where the document numbers no section. The same document gives the same
    IDs on every run."""

    def __init__(self):
        self.seen: dict[str, int] = {}

    def __call__(self, section: str) -> str:
        key = section.strip().strip(".") if section else ""
        self.seen[key] = self.seen.get(key, 0) + 1
        return f"{key}-{self.seen[key]}" if key else f"R{self.seen[key]}"


def _lines(text: str, width: float) -> int:
    """Lines `text` takes wrapped in a column `width` characters wide, at 10 pt. A column
    unit is a digit at 11 pt: 10-pt Calibri fits about 1.35 characters in it, the fonts
    LibreOffice substitutes fewer; 1.25 cuts no text in either."""
    per_line = max(1, int(width * 1.25))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def matrix_xlsx(rows: list[dict], date: datetime | None = None, about: dict[str, str] | None = None) -> bytes:
    """The matrix as a workbook; with `date`, stamped with it (the same bytes each time).
    `about` (mode, profile, date, version) goes on a second sheet and in the printed header."""
    wb = Workbook()
    if date is not None:
        wb.properties.created = wb.properties.modified = date.replace(tzinfo=None)
    wb.properties.title = "Compliance matrix"
    ws = wb.active
    ws.title = "Commitments"
    ws.append(list(HEADERS.values()))
    for row in rows:
        ws.append([as_cell(row[k]) for k in COLUMNS])
    for cells in ws.iter_rows():
        for c in cells:  # text is stored as text, never as a formula, whatever it holds
            if isinstance(c.value, str):
                c.data_type = "s"
    wrap, body = Alignment(wrap_text=True, vertical="top"), Font(size=10)
    for cells in ws.iter_rows():
        for cell in cells:
            cell.alignment, cell.font = wrap, body
    for cell in ws[1]:
        cell.font = Font(bold=True, size=10)
        cell.fill = PatternFill("solid", start_color="D9D9D9", end_color="D9D9D9")
    verdict_col = list(COLUMNS).index("verdict") + 1
    for i, row in enumerate(rows, start=2):
        colour = FILLS.get(row["verdict"], "FFFFFF")
        ws.cell(i, verdict_col).fill = PatternFill("solid", start_color=colour, end_color=colour)
    for i, (_, width) in enumerate(COLUMNS.values(), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    # Spreadsheet apps do not grow wrapped rows on open: give each row the lines it needs.
    widths = [width for _, width in COLUMNS.values()]
    for i, row in enumerate(rows, start=2):
        lines = max(_lines(str(row[k] or ""), w) for k, w in zip(COLUMNS, widths))
        ws.row_dimensions[i].height = min(409, 13 * lines + 2)
    if rows:  # the Compliance column is a drop-down, as bid teams fill it in
        col = get_column_letter(list(COLUMNS).index("compliance") + 1)
        choice = DataValidation(type="list", formula1='"' + ",".join(COMPLIANCE) + '"', allow_blank=True,
                                showErrorMessage=True, errorTitle="Compliance", error="Choose " + ", ".join(COMPLIANCE))
        choice.add(f"{col}2:{col}{len(rows) + 1}")
        ws.add_data_validation(choice)
    ws.freeze_panes = "A2"  # the header stays in view when scrolling
    ws.auto_filter.ref = ws.dimensions
    # Printed: landscape on tabloid (11x17, as bid teams print matrices; 10-pt text stays
    # about 10 pt, where letter would shrink it to 6), one page wide, narrow margins,
    # header row repeated on each page.
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_TABLOID
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.page_margins = PageMargins(left=0.3, right=0.3, top=0.5, bottom=0.5, header=0.2, footer=0.2)
    ws.print_title_rows = "1:1"
    ws.oddHeader.center.text = _header_text(about)
    ws.oddFooter.right.text = "Page &P of &N"
    if about:
        info = wb.create_sheet("About")
        for key, value in about.items():
            info.append([key, as_cell(value)])
        info.column_dimensions["A"].width, info.column_dimensions["B"].width = 14, 90
        for cell in info["A"]:
            cell.font = Font(bold=True)
    out = io.BytesIO()
    wb.save(out)
    return stable_zip(out.getvalue(), date.timetuple()[:6]) if date is not None else out.getvalue()


def _header_text(about: dict[str, str] | None) -> str:
    bits = ["Compliance matrix"] + [about[k] for k in ("Mode", "Date") if about and about.get(k)]
    return " · ".join(bits).replace("&", "&&")  # & starts a header code


def matrix_csv(rows: list[dict]) -> str:
    """The rows as CSV text with the workbook's headers; `matrix_csv_bytes` adds the BOM."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADERS.values())
    for row in rows:
        writer.writerow(["" if row[k] is None else as_cell(row[k]) for k in COLUMNS])
    return out.getvalue()


def matrix_csv_bytes(rows: list[dict]) -> bytes:
    """UTF-8 with a byte-order mark: Excel opens it as UTF-8 only then (accents, dashes, §)."""
    return matrix_csv(rows).encode("utf-8-sig")


def as_cell(value):
    """A value as both matrices store it: numbers as numbers; text with the characters XML
    cannot hold replaced (the CSV keeps the workbook's text) and never a formula."""
    if not isinstance(value, str):
        return value
    # Line breaks as LF, as XML reads them back: the csv module quotes a field holding LF
    # (our line end) but not one holding a bare CR, which would end the row mid-cell.
    return _inert(xml_safe(value.replace("\r\n", "\n").replace("\r", "\n")))


def _inert(text: str) -> str:
    """Text a spreadsheet app would run as a formula gets a leading apostrophe, which
    keeps it text: OWASP's rule (a cell starting with = + - @, tab or CR), applied also
    past what apps skip on import (spaces, invisible characters, a quote mark) and to
    the full-width and other compatibility forms of those signs (NFKC). Text like
    "-5 days" or "-1" gets one too: Excel reads "-5 days" as =-5 days, and the matrix
    holds no number as text (a page number is a number)."""
    if text[:1] in ("\t", "\n"):  # OWASP's tab and CR (a CR is LF by now), whatever follows
        return "'" + text
    for ch in text:
        if ch.isspace() or ch == '"' or unicodedata.category(ch) in ("Cc", "Cf"):
            continue
        sign = unicodedata.normalize("NFKC", ch)[:1]
        return "'" + text if sign and sign in "=+-@" else text
    return text
