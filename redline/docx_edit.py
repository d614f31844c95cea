"""Edits on WordprocessingML, written as Word writes them: runs split at character
boundaries (formatting copied), old runs wrapped in w:del, new text in w:ins, inserted
paragraphs with an inserted paragraph mark, and comment ranges."""

from __future__ import annotations

import copy

from lxml import etree

from redline.docx_text import Para
from redline.ooxml import XML_SPACE, Ids, W
from redline.textsafe import xml_safe

# Containers a run may sit in for us to edit it; anything else (another author's w:ins
# or w:del, a move, a simple field, alternate content, math) is left alone.
EDITABLE_PARENTS = {W + "p", W + "hyperlink", W + "smartTag", W + "sdtContent", W + "customXml", W + "dir", W + "bdo"}
# What a run we delete may hold: text and the characters the reader counts.
TEXT_CHILDREN = {
    W + "rPr", W + "t", W + "tab", W + "ptab", W + "br", W + "cr", W + "noBreakHyphen",
    W + "softHyphen", W + "sym", W + "lastRenderedPageBreak",
}


class Skip(Exception):
    """An edit that cannot be made safely; the reason goes into the comment and warnings."""


class Editor:
    def __init__(self, ids: Ids, author: str, date: str):
        self.ids = ids
        self.author = author
        self.date = date

    def mark(self, tag: str) -> etree._Element:
        """An empty w:ins / w:del with a fresh id, our author and date."""
        el = etree.Element(W + tag)
        el.set(W + "id", self.ids.next())
        el.set(W + "author", self.author)
        el.set(W + "date", self.date)
        return el

    # -- splitting --------------------------------------------------------------------

    def split(self, para: Para, k: int, split_revisions: bool = True) -> bool:
        """Make the character at raw offset `k` begin a run; the text stays the same.
        False where it cannot (the character is not in a plain w:r), or where the run
        carries another author's formatting revision and `split_revisions` is off (a
        split copies that revision under a new id, as Word does when editing it)."""
        seg = next((s for s in para.segs if s.start <= k < s.end), None)
        if seg is None:
            return True  # k is the end of the text: nothing to split
        item = seg.item
        run = item.getparent()
        if run is None or run.tag != W + "r":
            return False
        if not split_revisions and run.find(f"{W}rPr/{W}rPrChange") is not None:
            return False
        try:
            check_editable(run)
        except Skip:
            return False  # never write inside another author's change (or a field, math...)
        if seg.start < k:  # split the w:t itself
            tail = copy.deepcopy(item)
            cut = k - seg.start
            tail.text, item.text = (item.text or "")[cut:], (item.text or "")[:cut]
            for t in (item, tail):
                t.set(XML_SPACE, "preserve")
            item.addnext(tail)
            item = tail
        if self._first_content(run) is not item:
            self._split_run_before(run, item)
        para.rescan()
        return True

    @staticmethod
    def _first_content(run: etree._Element) -> etree._Element | None:
        return next((c for c in run if c.tag != W + "rPr"), None)

    def _split_run_before(self, run: etree._Element, child: etree._Element) -> None:
        """Move `child` and what follows it to a new run with the same properties."""
        new = etree.Element(run.tag, attrib=dict(run.attrib))
        rpr = run.find(W + "rPr")
        if rpr is not None:
            new.append(self.copy_rpr(rpr, keep_change=True))
        moving = [child, *child.itersiblings()]
        for el in moving:
            new.append(el)
        run.addnext(new)

    def copy_rpr(self, rpr: etree._Element | None, keep_change: bool = False) -> etree._Element:
        """A copy of run properties; a formatting revision in it gets a fresh id (kept
        when a run is split, dropped on text we insert)."""
        out = copy.deepcopy(rpr) if rpr is not None else etree.Element(W + "rPr")
        for change in out.findall(W + "rPrChange"):
            if keep_change:
                change.set(W + "id", self.ids.next())
            else:
                out.remove(change)
        return out

    # -- tracked changes --------------------------------------------------------------

    def replace(self, runs: list[etree._Element], text: str) -> tuple[etree._Element, etree._Element]:
        """Delete `runs` and insert `text` after them, formatted as the first of them.
        Returns the first w:del and the w:ins (the span a comment should cover)."""
        if not runs:
            raise Skip("no words to replace were found")
        for run in runs:
            check_editable(run)
        groups: list[list[etree._Element]] = []
        for run in runs:  # adjacent runs share one w:del
            if groups and groups[-1][-1].getnext() is run:
                groups[-1].append(run)
            else:
                groups.append([run])
        dels = []
        for group in groups:
            d = self.mark("del")
            group[0].addprevious(d)
            for run in group:
                d.append(run)
                for t in run.iter(W + "t"):
                    t.tag = W + "delText"
            dels.append(d)
        if not text:  # a pure deletion
            return dels[0], dels[-1]
        ins = self.mark("ins")
        ins.append(self.text_run(text, runs[0].find(W + "rPr")))
        dels[-1].addnext(ins)
        return dels[0], ins

    def text_run(self, text: str, rpr: etree._Element | None) -> etree._Element:
        run = etree.Element(W + "r")
        props = self.copy_rpr(rpr)
        if len(props):
            run.append(props)
        t = etree.SubElement(run, W + "t")
        t.text = xml_safe(text)  # suggestions quote the document's words
        t.set(XML_SPACE, "preserve")
        return run

    def insert_paragraph(self, after: etree._Element, like: etree._Element | None, text: str,
                         rpr: etree._Element | None) -> etree._Element:
        """A tracked new paragraph after `after`, with the paragraph properties of `like`
        (none: a plain paragraph)."""
        p = etree.Element(W + "p")
        found = like.find(W + "pPr") if like is not None else None
        ppr = copy.deepcopy(found) if found is not None else etree.Element(W + "pPr")
        for tag in ("rPr", "sectPr", "pPrChange"):  # the section break stays with the original
            for el in ppr.findall(W + tag):
                ppr.remove(el)
        mark_rpr = etree.SubElement(ppr, W + "rPr")
        mark_rpr.append(self.mark("ins"))  # the paragraph mark is inserted too
        p.append(ppr)
        ins = self.mark("ins")
        ins.append(self.text_run(text, rpr))
        p.append(ins)
        after.addnext(p)
        return p

    # -- comments ---------------------------------------------------------------------

    def anchor_comment(self, first: etree._Element, last: etree._Element, cid: str) -> None:
        """Comment range from before `first` to after `last`, then the reference run."""
        start = etree.Element(W + "commentRangeStart")
        start.set(W + "id", cid)
        end = etree.Element(W + "commentRangeEnd")
        end.set(W + "id", cid)
        ref_run = etree.Element(W + "r")
        etree.SubElement(ref_run, W + "commentReference").set(W + "id", cid)
        _outside(first).addprevious(start)
        _outside(last).addnext(end)
        end.addnext(ref_run)


def check_editable(run: etree._Element) -> None:
    """Raise Skip unless `run` is a plain text run in a place we may edit."""
    if run.tag != W + "r":
        raise Skip("the words are not plain text runs (math or a field)")
    for child in run:
        if child.tag not in TEXT_CHILDREN:
            raise Skip(f"the words share a run with a {etree.QName(child).localname} element")
    el = run
    while el.tag != W + "p":
        parent = el.getparent()
        if parent is None:
            raise Skip("the run is not in a paragraph")
        if parent.tag in (W + "ins", W + "del", W + "moveTo", W + "moveFrom"):
            raise Skip("the words are inside a tracked change already (another author's or an earlier suggestion)")
        if parent.tag not in EDITABLE_PARENTS:
            raise Skip(f"the words are inside a {etree.QName(parent).localname} element")
        el = parent


def _outside(el: etree._Element) -> etree._Element:
    """`el`, or the container around it that a comment mark may sit beside: never inside
    another author's tracked change, a field, math or alternate content."""
    while el.getparent() is not None and el.getparent().tag not in EDITABLE_PARENTS:
        el = el.getparent()
    return el
