"""The review as one self-contained HTML page: what a bid manager reads first.

Inline CSS only, no scripts, no external assets; every piece of document or finding text
goes through `escape` (html.escape, after replacing the characters XML and HTML refuse), and
links are made relative (quoted) so none can leave the folder.
"""

from __future__ import annotations

import html
from collections import Counter
from urllib.parse import quote

from redline.matrix import CANNOT, CLARIFY, CLIENT, LOOK, NOT_CHECKED, OK, matrix_rows, number, response, words
from redline.textsafe import xml_safe
from schemas import Commitment, Document, Finding, FindingType, Severity, number_label, title

_CSS = """
body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",Helvetica,Arial,sans-serif;margin:2em auto;max-width:62em;padding:0 1em;color:#1d1d1f}
h1{font-size:1.6em;margin-bottom:.1em}h2{margin-top:1.6em;border-bottom:1px solid #ddd}
.sub{color:#666;margin-top:0}
table{border-collapse:collapse;margin:.5em 0}th,td{border:1px solid #ddd;padding:.3em .6em;text-align:left;vertical-align:top}
th{background:#f4f4f6}.n{text-align:right}
.card{border-left:5px solid #d00;background:#fff5f5;padding:.6em 1em;margin:1em 0}
.card h3{margin:.1em 0 .3em;font-size:1.05em}
blockquote{margin:.4em 0;padding:.2em .8em;border-left:3px solid #bbb;color:#444;background:#fafafa}
.fix{background:#eef7ee;padding:.3em .6em}mark{background:#ffc7ce}
.high{color:#b00;font-weight:bold}.medium{color:#b60;font-weight:bold}.low{color:#886d00;font-weight:bold}
.cannot{background:#ffc7ce}.clarify{background:#ffeb9c}.look{background:#ddebf7}.ok{background:#c6efce}
.unchecked{background:#ededed}.client{background:#fff}
.about{color:#444;font-size:.92em}.about th{background:none;font-weight:600}
"""
_SEVERITIES = [Severity.high, Severity.medium, Severity.low]


_VERDICTS = ((CANNOT, "cannot"), (CLARIFY, "clarify"), (LOOK, "look"), (OK, "ok"), (NOT_CHECKED, "unchecked"),
             (CLIENT, "client"))


def report_html(
    doc: Document, commitments: list[Commitment], findings: list[Finding], outputs: dict[str, str] | None = None,
    checked: list[int] | None = None, about: dict[str, str] | None = None,
) -> str:
    """`outputs` maps a label to a file next to the report: {"redline.docx": "redline.docx"};
    `checked`, the commitments held against the profile (the others are "not checked");
    `about`, how the review was made (mode, profile, date, version)."""
    name = doc.source.name
    pdf = "annotated.pdf" if "annotated.pdf" in (outputs or {}).values() else None  # the copy beside the report
    looks = [f for f in findings if f.needs_look]
    verdicts = Counter(r["verdict"] for r in matrix_rows(doc, commitments, findings, checked))
    findings = [f for f in findings if not f.needs_look]
    highs = [f for f in findings if f.severity is Severity.high]
    rest = [f for f in findings if f.severity is not Severity.high]
    parts = [
        f"<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Review: {escape(name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        f"<h1>{escape(name)}</h1>",
        f"<p class='sub'>{_pages(doc)}{len(commitments)} commitments, {len(findings)} findings"
        f" ({', '.join(f'{sum(f.severity is s for f in findings)} {s.value}' for s in _SEVERITIES)})"
        f" and {len(looks)} for a person to look at</p>",
        about_table(about),
        _outputs(outputs),
        "<h2>Can we keep it?</h2>",
        "<p class='sub'>One verdict per commitment. Within capacity: a check held it against the profile; "
        "not checked: no check could.</p><table><tr>",
        "".join(f"<td class='{cls}'>{verdicts[v]} {escape(v)}</td>" for v, cls in _VERDICTS if verdicts[v] or v != CLIENT),
        "</tr></table>",
        "<h2>Findings by type</h2>",
        _counts(findings),
        f"<h2>High ({len(highs)})</h2>",
        "".join(_card(doc, f, pdf) for f in highs) or "<p>None.</p>",
        f"<h2>Medium and low ({len(rest)})</h2>",
        _table(doc, rest, pdf) if rest else "<p>None.</p>",
        f"<h2>Needs a look ({len(looks)})</h2>",
        "<p class='sub'>What the checks could not settle from the document: a person should judge these. "
        "They are not in the redline.</p>" if looks else "",
        _table(doc, looks, pdf) if looks else "<p>None.</p>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)


def about_table(about: dict[str, str] | None) -> str:
    if not about:
        return ""
    rows = "".join(f"<tr><th>{escape(k)}</th><td>{escape(v)}</td></tr>" for k, v in about.items() if k != "Document")
    return f"<table class='about'>{rows}</table>"


def escape(text: str, quote: bool = True) -> str:
    """`html.escape`, after replacing what HTML and XML both refuse (ESC, U+FFFF)."""
    return html.escape(xml_safe(text), quote)


def _pages(doc: Document) -> str:
    n = doc.source.page_count
    return f"{n} page{'s' if n > 1 else ''}, " if n else ""


def _outputs(outputs: dict[str, str] | None) -> str:
    if not outputs:
        return ""
    links = " · ".join(f"<a href='{escape(quote(path), quote=True)}'>{escape(label)}</a>" for label, path in outputs.items())
    return f"<p>Also: {links}</p>"


def _counts(findings: list[Finding]) -> str:
    counts = Counter((f.type, f.severity) for f in findings)
    head = "<tr><th>Type</th>" + "".join(f"<th class='n'>{s.value}</th>" for s in _SEVERITIES) + "<th class='n'>total</th></tr>"
    rows = "".join(
        f"<tr><td>{words(t.value)}</td>"
        + "".join(f"<td class='n'>{counts[t, s] or ''}</td>" for s in _SEVERITIES)
        + f"<td class='n'>{sum(counts[t, s] for s in _SEVERITIES)}</td></tr>"
        for t in FindingType
    )
    return f"<table>{head}{rows}</table>"


def where(doc: Document, f: Finding) -> tuple[int | None, str | None]:
    """The page and section of a finding's first commitment."""
    for c in f.places:
        block = doc.blocks[c.block] if c.block is not None and 0 <= c.block < len(doc.blocks) else None
        page = c.page or (block.loc.page if block else None)
        if page or block:
            return page, block.section if block else None
    return None, None


def _place(doc: Document, f: Finding, pdf: str | None = None) -> str:
    """Section and page; the page links into `pdf`, the annotated copy beside the report
    (issue 17: the original is not in the output folder)."""
    page, section = where(doc, f)
    bits = [f"§ {escape(section)}"] if section else []
    if page and pdf:
        bits.append(f"<a href='{escape(quote(pdf), quote=True)}#page={page}'>p. {page}</a>")
    elif page:
        bits.append(f"p. {page}")
    return ", ".join(bits)


def _value(v: float | str) -> str:
    return escape(number(v) if isinstance(v, (int, float)) and not isinstance(v, bool) else str(v))


def _quote(doc: Document, f: Finding, room: int = 400) -> str:
    """The first commitment's words, the replaced ones marked, cut to about `room` characters."""
    c = f.places[0] if f.places else None
    if c is None or c.span is None:
        return escape(c.text) if c else ""
    (a, z), s = c.span, f.suggestion
    m0, m1 = s.span if s and s.span and a <= s.span[0] <= s.span[1] <= z else (a, a)
    lo = max(a, min(m0 - room // 2, z - room))  # keep the marked words in view
    hi = min(z, lo + room)
    text = doc.text
    cut = f"{'… ' if lo > a else ''}{escape(text[lo:m0])}<mark>{escape(text[m0:m1])}</mark>{escape(text[m1:hi])}"
    return cut.replace("<mark></mark>", "") + (" …" if hi < z else "")


def _card(doc: Document, f: Finding, pdf: str | None = None) -> str:
    quote_text = _quote(doc, f)
    numbers = "".join(f"<tr><th>{escape(number_label(k))}</th><td>{_value(v)}</td></tr>" for k, v in f.numbers.items())
    fix = response(f)
    return "".join([
        "<div class='card'>",
        f"<h3><span class='high'>HIGH</span> · {escape(words(f.type.value))} · {escape(title(f.check))}",
        f" <small>{_place(doc, f, pdf)}</small></h3>",
        f"<blockquote>{quote_text}</blockquote>" if quote_text else "",
        f"<p>{escape(f.rationale)}</p>",
        f"<table>{numbers}</table>" if numbers else "",
        f"<p class='fix'>{escape(fix)}</p>" if fix else "",
        "</div>",
    ])


def _table(doc: Document, findings: list[Finding], pdf: str | None = None) -> str:
    head = "<tr><th>Severity</th><th>Type</th><th>Where</th><th>Clause</th><th>Why</th><th>Suggestion</th></tr>"
    rows = "".join(
        f"<tr><td class='{f.severity.value}'>{f.severity.value}</td><td>{escape(words(f.type.value))}"
        f"<br><small>{escape(title(f.check))}</small></td><td>{_place(doc, f, pdf)}</td>"
        f"<td><small>{_quote(doc, f, 240)}</small></td><td>{escape(f.rationale)}</td>"
        f"<td>{escape(response(f))}</td></tr>"
        for f in findings
    )
    return f"<table>{head}{rows}</table>"


def package_html(documents: list[dict], about: dict[str, str] | None = None,
                 outputs: dict[str, str] | None = None) -> str:
    """The package summary: one row per document (label, commitments, findings by
    severity, needs a look, its report), linked relative to the package folder; a document
    that could not be reviewed says why. `documents`: dicts with label, report (a path
    below the package folder, or None), mode, commitments, high, medium, low, look, error."""
    head = ("<tr><th>Document</th><th>read as</th><th class='n'>commitments</th>"
            + "".join(f"<th class='n'>{s.value}</th>" for s in _SEVERITIES)
            + "<th class='n'>needs a look</th></tr>")
    rows = []
    for d in sorted(documents, key=lambda d: d["label"]):
        name = escape(d["label"])
        if d.get("report"):
            name = f"<a href='{escape(quote(d['report']), quote=True)}'>{name}</a>"
        if d.get("error"):
            rows.append(f"<tr><td>{name}</td><td colspan='6'>not reviewed: {escape(d['error'])}</td></tr>")
            continue
        rows.append(f"<tr><td>{name}</td><td>{escape(d.get('mode', ''))}</td><td class='n'>{d['commitments']}</td>"
                    + "".join(f"<td class='n'>{d.get(s.value, 0)}</td>" for s in _SEVERITIES)
                    + f"<td class='n'>{d.get('look', 0)}</td></tr>")
    total = sum(d.get("commitments", 0) for d in documents if not d.get("error"))
    parts = [
        "<!DOCTYPE html><html lang='en'><head><meta charset='utf-8'><title>Review: package</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Package review</h1>",
        f"<p class='sub'>{len(documents)} documents, {total} commitments</p>",
        about_table(about),
        _outputs(outputs),
        "<h2>Documents</h2>",
        f"<table>{head}{''.join(rows)}</table>",
        "<p class='sub'>Each document's report has its findings, with links to its pages in the annotated PDF.</p>",
        "</body></html>",
    ]
    return "\n".join(p for p in parts if p)
