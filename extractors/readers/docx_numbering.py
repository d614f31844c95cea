"""Paragraph styles and list numbering for the DOCX reader.

Word does not store list numbers in the text: a paragraph names a list (w:numPr, directly
or through its style) and Word counts. This is a simplified version of that count, good
for the outline numbers contracts use ("4.2", "(a)"); anything it cannot make sense of
gives no number rather than an error.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from lxml import etree

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_HEADING_NAME = re.compile(r"^heading\s*([1-9])$", re.I)
# A word before the number ("Section %1.") is dropped so the marker is the number itself,
# as extractors.sections reads "Section 4.2" from text.
_PREFIX = re.compile(r"^(?:section|article|clause|schedule|exhibit|appendix|annex|part)\s+", re.I)
_MAX_LEVEL = 8  # Word has levels 0-8
_MAX_HOPS = 10  # basedOn / numStyleLink chains longer than this are treated as loops


def val(el: etree._Element | None, child: str) -> str | None:
    """The w:val of `el`'s child `child`, or None."""
    if el is None:
        return None
    c = el.find(W + child)
    return None if c is None else c.get(W + "val")


def to_int(s: str | None, default: int | None = None) -> int | None:
    try:
        return int(s) if s is not None else default
    except ValueError:
        return default


@dataclass
class _Style:
    name: str = ""
    based_on: str | None = None
    outline: int | None = None  # w:outlineLvl, 0-based; 9 means body text
    num_id: str | None = None
    ilvl: int | None = None


class Styles:
    """Paragraph (and numbering) styles from word/styles.xml, with basedOn inheritance."""

    def __init__(self, root: etree._Element | None = None):
        self._styles: dict[str, _Style] = {}
        self.default: str | None = None
        for el in root.iter(W + "style") if root is not None else ():
            sid = el.get(W + "styleId")
            if sid is None or el.get(W + "type") not in ("paragraph", "numbering"):
                continue
            ppr = el.find(W + "pPr")
            numpr = ppr.find(W + "numPr") if ppr is not None else None
            self._styles[sid] = _Style(
                name=val(el, "name") or "",
                based_on=val(el, "basedOn"),
                outline=to_int(val(ppr, "outlineLvl")),
                num_id=val(numpr, "numId"),
                ilvl=to_int(val(numpr, "ilvl")),
            )
            if el.get(W + "type") == "paragraph" and el.get(W + "default") in ("1", "true", "on"):
                self.default = sid

    def _chain(self, sid: str | None):
        """The style and the styles it is based on, nearest first."""
        seen: set[str] = set()
        while sid and sid in self._styles and sid not in seen and len(seen) < _MAX_HOPS:
            seen.add(sid)
            yield sid, self._styles[sid]
            sid = self._styles[sid].based_on

    def heading_level(self, sid: str | None) -> int | None:
        """1-based heading level a style gives: Title, Heading N, or an outline level."""
        if not sid:
            return None
        st = self._styles.get(sid)
        for name in (sid, st.name if st else ""):  # id "Heading2" or built-in name "heading 2"
            if name.lower() == "title":
                return 1
            m = _HEADING_NAME.match(name)
            if m:
                return int(m.group(1))
        for _, s in self._chain(sid):
            if s.outline is not None:
                return s.outline + 1 if 0 <= s.outline <= _MAX_LEVEL else None
        return None

    def num_pr(self, sid: str | None) -> tuple[str | None, int | None]:
        """(numId, ilvl) a style gives through its basedOn chain; either may be None."""
        for _, s in self._chain(sid):
            if s.num_id is not None:
                return s.num_id, s.ilvl
        return None, None


@dataclass
class _Level:
    fmt: str = "decimal"
    text: str | None = None
    start: int = 0  # the spec's default when w:start is absent
    legal: bool = False  # w:isLgl: show every level's number in decimal
    style: str | None = None  # w:pStyle: the paragraph style tied to this level


@dataclass
class _Num:
    abstract: str
    starts: dict[int, int] = field(default_factory=dict)  # lvlOverride/startOverride
    levels: dict[int, _Level] = field(default_factory=dict)  # lvlOverride/lvl


class Numbering:
    """Definitions from word/numbering.xml plus the running counters of one part."""

    def __init__(self, root: etree._Element | None = None, styles: Styles | None = None):
        self.styles = styles or Styles()
        self._abstract: dict[str, dict[int, _Level]] = {}
        self._links: dict[str, str] = {}  # abstractNum id -> numbering style it defers to
        self._nums: dict[str, _Num] = {}
        if root is not None:
            self._load(root)
        self.reset()

    def _load(self, root: etree._Element) -> None:
        for an in root.iter(W + "abstractNum"):
            aid = an.get(W + "abstractNumId")
            if aid is None:
                continue
            self._abstract[aid] = {lvl: d for lvl, d in map(_level, an.iter(W + "lvl")) if lvl is not None}
            link = val(an, "numStyleLink")
            if link:
                self._links[aid] = link
        for num in root.iter(W + "num"):
            nid, aid = num.get(W + "numId"), val(num, "abstractNumId")
            if nid is None or aid is None:
                continue
            n = _Num(aid)
            for ov in num.iter(W + "lvlOverride"):
                ilvl = to_int(ov.get(W + "ilvl"))
                if ilvl is None:
                    continue
                start = to_int(val(ov, "startOverride"))
                if start is not None:
                    n.starts[ilvl] = start
                lvl_el = ov.find(W + "lvl")
                if lvl_el is not None:
                    n.levels[ilvl] = _level(lvl_el)[1]
            self._nums[nid] = n

    def reset(self) -> None:
        """Start counting afresh (each part counts on its own)."""
        self._counters: dict[str, dict[int, int]] = {}
        self._overridden: set[tuple[str, int]] = set()

    def fresh(self) -> Numbering:
        """The same definitions with counters of their own (for headers, notes)."""
        other = Numbering.__new__(Numbering)
        other.__dict__.update(self.__dict__)
        other.reset()
        return other

    def level_for_style(self, num_id: str, sid: str | None) -> int:
        """The level a style sits at when it names a list without w:ilvl (lvl/w:pStyle)."""
        for ilvl, lvl in self._levels(num_id).items():
            if sid and lvl.style == sid:
                return ilvl
        return 0

    def marker(self, num_id: str, ilvl: int) -> str | None:
        """Advance the counters for one numbered paragraph; return its rendered number,
        None for bullets or when the definition cannot be read."""
        num = self._nums.get(num_id)
        levels = self._levels(num_id)
        if num is None or not levels:
            return None
        ilvl = max(0, min(ilvl, _MAX_LEVEL))
        counters = self._counters.setdefault(num.abstract, {})
        if ilvl in num.starts and (num_id, ilvl) not in self._overridden:
            self._overridden.add((num_id, ilvl))
            counters[ilvl] = num.starts[ilvl] - 1
        lvl = levels.get(ilvl, _Level())
        counters[ilvl] = counters.get(ilvl, lvl.start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]  # a shallower level advanced: deeper levels start over
        if lvl.fmt == "bullet" or not lvl.text:
            return None

        def render(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            other = levels.get(k, _Level())
            n = counters.get(k, other.start)
            return format_number(n, "decimal" if lvl.legal else other.fmt)

        text = re.sub(r"%([1-9])", render, lvl.text).strip()
        text = _PREFIX.sub("", text)
        text = text.rstrip(".") if not text.startswith("(") else text
        return text or None

    def _levels(self, num_id: str) -> dict[int, _Level]:
        """A list's level definitions: its abstractNum's (following numStyleLink), with
        the list's own level overrides on top."""
        num = self._nums.get(num_id)
        if num is None:
            return {}
        aid = num.abstract
        for _ in range(_MAX_HOPS):
            link = self._links.get(aid)
            if not link:
                break
            linked_num, _ = self.styles.num_pr(link)
            if linked_num is None or linked_num not in self._nums:
                break
            aid = self._nums[linked_num].abstract
        return {**self._abstract.get(aid, {}), **num.levels}


def _level(el: etree._Element) -> tuple[int | None, _Level]:
    lvl = _Level(
        fmt=val(el, "numFmt") or "decimal",
        text=val(el, "lvlText"),
        start=to_int(val(el, "start"), 0) or 0,
        legal=el.find(W + "isLgl") is not None and val(el, "isLgl") not in ("0", "false", "off"),
        style=val(el, "pStyle"),
    )
    return to_int(el.get(W + "ilvl")), lvl


_ROMAN = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
          (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]


def format_number(n: int, fmt: str) -> str:
    """One counter in a w:numFmt; unknown formats fall back to decimal."""
    if fmt == "none":
        return ""
    if fmt in ("lowerLetter", "upperLetter"):
        # Word repeats the letter past z: a..z, aa..zz, aaa..
        s = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1) if n > 0 else ""
        return s.upper() if fmt == "upperLetter" else s
    if fmt in ("lowerRoman", "upperRoman") and 0 < n < 4000:
        out = []
        for value, numeral in _ROMAN:
            while n >= value:
                out.append(numeral)
                n -= value
        s = "".join(out)
        return s.upper() if fmt == "upperRoman" else s
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)
