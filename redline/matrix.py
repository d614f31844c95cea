"""The compliance matrix: one row per commitment, with what the review says about it.

`matrix_rows` builds plain dicts; `matrix_xlsx` and `matrix_csv` write the same rows.
A finding is tied to the commitments it lists by span; where one sentence holds two
targets (two commitments, one span), the commitment equal to the finding's own wins.
"""

from __future__ import annotations

import csv
import io
from datetime import datetime

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from redline.ooxml import stable_zip
from schemas import Commitment, Document, Finding, FindingType, Severity, SuggestionKind, Unit

CANNOT, CLARIFY, OK = "cannot meet", "needs clarification", "ok"
COLUMNS = {  # key: (header, width in characters)
    "section": ("Section", 10),
    "page": ("Page", 6),
    "text": ("Commitment", 60),
    "kind": ("Kind", 13),
    "obligor": ("Obligor", 10),
    "metric": ("Metric", 17),
    "target": ("Target", 18),
    "condition": ("Condition", 22),
    "verdict": ("Capacity", 19),
    "findings": ("Findings", 22),
    "severity": ("Severity", 9),
    "response": ("Suggested response or question", 60),
}
FILLS = {CANNOT: "FFC7CE", CLARIFY: "FFEB9C", OK: "C6EFCE"}  # red, amber, green
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
    Unit.currency: ("in money", "in money"),
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


def verdict(types: set[FindingType]) -> str:
    """Can the provider keep it: no when capacity falls short, unclear when terms are open."""
    if FindingType.unrealistic in types:
        return CANNOT
    return CLARIFY if types else OK


def response(f: Finding) -> str:
    s = f.suggestion
    if s is None:
        return ""
    if s.kind is SuggestionKind.replace and s.replaces:
        return f'Replace "{s.replaces}" with "{s.text}"'
    return f"{'Ask' if s.kind is SuggestionKind.question else 'Add'}: {s.text}"


def findings_about(c: Commitment, findings: list[Finding], commitments: list[Commitment]) -> list[Finding]:
    """The findings that list `c`, matched by span (`c` itself when its span holds several)."""
    if c.span is None:
        return [f for f in findings if c in f.commitments]
    twins = [o for o in commitments if o.span == c.span and o is not c]
    out = []
    for f in findings:
        mine = [fc for fc in f.commitments if fc.span == c.span]
        # A finding naming the sentence's other target is not about this one.
        if mine and (c in mine or not any(fc in twins for fc in mine)):
            out.append(f)
    return out


def matrix_rows(doc: Document, commitments: list[Commitment], findings: list[Finding]) -> list[dict]:
    rows = []
    for c in commitments:
        about = findings_about(c, findings, commitments)
        block = doc.blocks[c.block] if c.block is not None and 0 <= c.block < len(doc.blocks) else None
        severities = {f.severity for f in about}
        rows.append({
            "section": (block.section if block else None) or "",
            "page": c.page,
            "text": c.text,
            "kind": c.kind.value,
            "obligor": c.obligor.value,
            "metric": c.metric.value if c.metric else "",
            "target": target_words(c),
            "condition": c.condition or "",
            "verdict": verdict({f.type for f in about}),
            "findings": ", ".join(dict.fromkeys(f.type.value for f in about)),
            "severity": next((s.value for s in _ORDER if s in severities), ""),
            "response": "\n".join(dict.fromkeys(r for f in about if (r := response(f)))),
        })
    return rows


def _lines(text: str, width: float) -> int:
    per_line = max(1, int(width * 1.1))
    return sum(max(1, -(-len(part) // per_line)) for part in text.split("\n"))


def matrix_xlsx(rows: list[dict], date: datetime | None = None) -> bytes:
    """The matrix as a workbook; with `date`, stamped with it (the same bytes each time)."""
    wb = Workbook()
    if date is not None:
        wb.properties.created = wb.properties.modified = date.replace(tzinfo=None)
    ws = wb.active
    ws.title = "Commitments"
    ws.append([header for header, _ in COLUMNS.values()])
    for row in rows:
        ws.append([row[k] for k in COLUMNS])
    for cells in ws.iter_rows(min_row=2):
        for cell in cells:  # document text that starts with "=" stays text, never a formula
            if cell.data_type == "f":
                cell.data_type = "s"
    wrap = Alignment(wrap_text=True, vertical="top")
    for cells in ws.iter_rows():
        for cell in cells:
            cell.alignment = wrap
    for cell in ws[1]:
        cell.font = Font(bold=True)
    verdict_col = list(COLUMNS).index("verdict") + 1
    for i, row in enumerate(rows, start=2):
        colour = FILLS[row["verdict"]]
        ws.cell(i, verdict_col).fill = PatternFill("solid", start_color=colour, end_color=colour)
    for i, (_, width) in enumerate(COLUMNS.values(), start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    # Spreadsheet apps do not grow wrapped rows on open: give each row the lines it needs.
    widths = [width for _, width in COLUMNS.values()]
    for i, row in enumerate(rows, start=2):
        lines = max(_lines(str(row[k] or ""), w) for k, w in zip(COLUMNS, widths))
        ws.row_dimensions[i].height = min(409, 15 * lines)
    ws.freeze_panes = "A2"  # the header stays in view when scrolling
    ws.auto_filter.ref = ws.dimensions
    # Printed, the matrix is one page wide in landscape, header repeated on each page.
    ws.page_setup.orientation = "landscape"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth, ws.page_setup.fitToHeight = 1, 0
    ws.print_title_rows = "1:1"
    out = io.BytesIO()
    wb.save(out)
    return stable_zip(out.getvalue(), date.timetuple()[:6]) if date is not None else out.getvalue()


def matrix_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(COLUMNS), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: "" if row[k] is None else _inert(row[k]) for k in COLUMNS})
    return out.getvalue()


_FORMULA_START = ("=", "+", "@", "\t", "\r")


def _inert(value):
    """A spreadsheet app opening the CSV would run a cell starting with "=" (text quoted
    from a hostile document: =HYPERLINK, =cmd|...); a leading apostrophe keeps it text."""
    if isinstance(value, str) and (value.startswith(_FORMULA_START) or (value[:1] == "-" and not value[1:2].isdigit())):
        return "'" + value
    return value
