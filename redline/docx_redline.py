"""Word redline: a review's findings written into the original DOCX as tracked changes
(w:del / w:ins by `author`) and comments, editing the package's XML in place.

Order of work, so that one edit never moves another's words: every finding is located
on the untouched XML first; runs are then split at every boundary (text unchanged);
then each edit works on whole runs, which later edits find again by identity.
"""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime

from lxml import etree

from redline.docx_edit import Editor, Skip, check_editable
from redline.docx_locate import Located, Locator, Ranges
from redline.docx_text import Para
from redline.ooxml import XML_SPACE, Ids, Package, W, describe, described, w_date
from redline.textsafe import xml_safe
from schemas import Document, Finding, Location, SuggestionKind

log = logging.getLogger(__name__)


@dataclass
class Redline:
    data: bytes
    changes: int = 0  # findings whose suggestion became a tracked change
    comments: int = 0
    warnings: list[str] = field(default_factory=list)


@dataclass
class _Plan:
    finding: Finding
    anchor: Located | None = None  # the words the comment covers
    replace: Located | None = None  # the words a replace suggestion deletes
    after: Located | None = None  # an insert suggestion's paragraph goes after these words
    note: str | None = None  # why the suggestion is not a tracked change
    elsewhere: str | None = None  # why the comment is not on the finding's own words
    bounds: tuple[etree._Element, etree._Element] | None = None


def redline_docx(original: bytes, doc: Document, findings: list[Finding], author: str = "Candor",
                 date: datetime | None = None) -> bytes:
    """The original DOCX with each finding as a comment and, for replace and insert
    suggestions, a tracked change. What could not be done is logged as a warning."""
    result = redline_docx_result(original, doc, findings, author, date)
    for warning in result.warnings:
        log.warning("%s: %s", doc.source.name, warning)
    return result.data


def redline_docx_result(original: bytes, doc: Document, findings: list[Finding], author: str = "Candor",
                        date: datetime | None = None, about: dict[str, str] | None = None) -> Redline:
    """`redline_docx`, with counts and warnings; `about` (mode, profile, date, version)
    goes in the file's description."""
    if not findings and not about:
        return Redline(original)
    pkg = Package(original)
    if about:
        describe(pkg, xml_safe(described(about)))
    return apply_findings(pkg, doc, findings, {b.index: b.loc for b in doc.blocks}, author, date)


def apply_findings(pkg: Package, doc: Document, findings: list[Finding], locs: Mapping[int, Location],
                   author: str = "Candor", date: datetime | None = None, after_tables: bool = False) -> Redline:
    """Write `findings` into `pkg`; `locs` says where each block of `doc` is in it.
    `after_tables`: a clause inserted after a table row goes after the whole table (a
    rendition's cells are narrow columns of a PDF), not into the row's last cell."""
    editor = Editor(Ids(pkg.max_id()), author, w_date(date))
    locator = Locator(pkg, doc, locs)
    plans = [_plan(locator, f) for f in findings]
    _split_all(editor, plans)
    result = Redline(b"")
    for plan in plans:
        if plan.replace is not None:
            _replace(editor, plan, result)
    last_insert: dict[etree._Element, etree._Element] = {}
    for plan in plans:
        if plan.after is not None:
            _insert(editor, plan, last_insert, result, after_tables)
    comments = pkg.comments()
    for plan in plans:
        _comment(editor, comments, plan, result)
    for plan in plans:
        for located in (plan.anchor, plan.replace, plan.after):
            if located is not None:
                pkg.touch(located.part)
    for plan in plans:  # written for the person reading the CLI's warnings (issue 17)
        what = _what(plan.finding)
        if plan.note:
            result.warnings.append(f"{what}: the suggested change could not be placed in the Word file because "
                                   f"{plan.note}; the comment, the report and the matrix have it")
        if plan.elsewhere:
            result.warnings.append(f"{what}: the comment is on the document's first paragraph, not on its words, "
                                   f"because {plan.elsewhere}")
    result.data = pkg.save()
    return result


def _what(f: Finding) -> str:
    """A finding as a person finds it: its type and first page ("the unrealistic finding on page 3")."""
    page = next((c.page for c in f.places if c.page), None)
    return f"the {f.type.value.replace('_', '-')} finding" + (f" on page {page}" if page else "") + f" ({f.id})"


def _plan(locator: Locator, f: Finding) -> _Plan:
    plan = _Plan(f)
    s = f.suggestion
    first = f.places[0] if f.places else None
    words = locator.find_commitment(first) if first else "the finding names no commitment"
    if s is not None and s.kind is SuggestionKind.replace:
        found = locator.find(s.span, s.replaces or "", first.block if first else None)
        if isinstance(found, str):
            plan.note = found
        elif len(found.ranges) != 1:
            plan.note = "the words run across paragraphs or table cells"
        else:
            plan.replace = plan.anchor = found
    elif s is not None and s.kind is SuggestionKind.insert:
        if isinstance(words, str):
            plan.note = words
        else:
            plan.after = words
    if plan.anchor is None:
        if isinstance(words, str):
            plan.elsewhere = words
        else:
            plan.anchor = words
    if plan.anchor is not None and plan.anchor.part != locator.pkg.main:
        plan.elsewhere = f"Word allows no comments in {plan.anchor.part}"
        plan.anchor = None
    if plan.anchor is None:
        plan.anchor = locator.first_paragraph()
    return plan


def _split_all(editor: Editor, plans: list[_Plan]) -> None:
    """Split runs at every range boundary, so each range is whole runs."""
    cuts: dict[int, tuple[Para, dict[int, bool]]] = {}
    for plan in plans:
        for located, edit in ((plan.anchor, False), (plan.replace, True)):
            for para, a, b in located.ranges if located else []:
                ks = cuts.setdefault(id(para), (para, {}))[1]
                for k in (a, b):
                    ks[k] = ks.get(k, False) or edit
    for para, ks in cuts.values():
        for k in sorted(ks):
            # Comment marks need no exact cut: they may enclose a whole run instead.
            editor.split(para, k, split_revisions=ks[k])


def _segs(para: Para, a: int, b: int) -> list:
    return [s for s in para.segs if s.end > a and s.start < b and s.end > s.start]


def _runs(ranges: Ranges) -> list[etree._Element]:
    runs: list[etree._Element] = []
    for para, a, b in ranges:
        for s in _segs(para, a, b):
            run = s.item.getparent()
            if run is not None and (not runs or runs[-1] is not run):
                runs.append(run)
    return runs


def _replace(editor: Editor, plan: _Plan, result: Redline) -> None:
    s = plan.finding.suggestion
    para, a, b = plan.replace.ranges[0]
    segs = _segs(para, a, b)
    try:
        for run in _runs(plan.replace.ranges):
            check_editable(run)
        if any(seg.start < a or seg.end > b for seg in segs):
            raise Skip("the words could not be cut out of their run")
        if any(seg.in_field for seg in segs):
            raise Skip("the words are a field's result")
        plan.bounds = editor.replace(_runs(plan.replace.ranges), s.text)
        result.changes += 1
    except Skip as e:
        plan.note = str(e)


def _insert(editor: Editor, plan: _Plan, last: dict, result: Redline, after_tables: bool) -> None:
    # After the paragraph where the commitment ends: for a table row, its last cell.
    p = plan.after.ranges[-1][0].p
    rpr = None
    runs = _runs(plan.after.ranges[-1:])
    if runs and runs[0].tag == W + "r":
        rpr = runs[0].find(W + "rPr")  # the new clause is formatted like the clause it follows
    at, like = p, p
    tables = list(p.iterancestors(W + "tbl"))
    if after_tables and tables:  # a body paragraph after the outermost table, not the cell's look
        at, like, rpr = tables[-1], None, None
    last[at] = editor.insert_paragraph(last.get(at, at), like, plan.finding.suggestion.text, rpr)
    result.changes += 1


def _comment(editor: Editor, comments: etree._Element, plan: _Plan, result: Redline) -> None:
    cid = editor.ids.next()
    if plan.bounds is not None and plan.anchor is plan.replace:  # around the deletion and insertion
        first, last = plan.bounds
    else:
        runs = _runs(plan.anchor.ranges) if plan.anchor is not None else []
        if not runs:
            plan.elsewhere = plan.elsewhere or "no words to anchor it on"
            return
        first, last = runs[0], runs[-1]
    editor.anchor_comment(first, last, cid)
    comments.append(_comment_element(editor, cid, plan))
    result.comments += 1


def comment_text(f: Finding, note: str | None = None, elsewhere: bool = False) -> list[str]:
    """The comment's paragraphs: what is wrong, then the suggestion."""
    lines = [f"[{f.severity.value.upper()} {f.type.value}] {f.rationale}"]
    s = f.suggestion
    if s is not None and s.kind is SuggestionKind.replace:
        lines.append(f"Suggested: replace \u201c{s.replaces}\u201d with \u201c{s.text}\u201d.")
    elif s is not None and s.kind is SuggestionKind.insert:
        lines.append(f"Suggested: add after this clause: \u201c{s.text}\u201d")
    elif s is not None:
        lines.append(f"Question for the client: {s.text}")
    if note and s is not None and s.kind is not SuggestionKind.question:
        lines.append(f"(Not made as a tracked change: {note}.)")
    if elsewhere and f.places:
        lines.append(f"(About: \u201c{f.places[0].text[:200]}\u201d)")
    return lines


def _comment_element(editor: Editor, cid: str, plan: _Plan) -> etree._Element:
    c = etree.Element(W + "comment")
    c.set(W + "id", cid)
    c.set(W + "author", editor.author)
    c.set(W + "date", editor.date)
    c.set(W + "initials", "".join(w[0] for w in editor.author.split() if w)[:9] or "C")
    for i, line in enumerate(comment_text(plan.finding, plan.note, plan.elsewhere is not None)):
        p = etree.SubElement(c, W + "p")
        if i == 0:  # the mark that ties the comment to its reference, as Word writes it
            etree.SubElement(etree.SubElement(p, W + "r"), W + "annotationRef")
        t = etree.SubElement(etree.SubElement(p, W + "r"), W + "t")
        t.text = xml_safe(line)
        t.set(XML_SPACE, "preserve")
    return c
