"""Section numbers at the start of a block: "4.2", "C.3.1", "(a)", "Section 5", "ARTICLE IV"."""

import re

_PATTERNS = [
    # "Section 4.2", "ARTICLE IV", "Clause 7"
    re.compile(r"^(?:section|article|clause|schedule|exhibit|appendix|annex)\s+([0-9]+(?:\.[0-9]+)*|[IVXLC]+|[A-Z])\b", re.I),
    # "4.2", "4.2.1.", "C.3.1", "H.10"
    re.compile(r"^((?:[A-Z]|\d{1,3})(?:\.\d{1,3})+)\.?(?=[\s)]|$)"),
    # "4." "4)" "12\t" (not years: at most three digits)
    re.compile(r"^(\d{1,3})(?:[.)](?=\s)|(?=\t))"),
    # "(a)", "(iv)", "(12)", "(B)"
    re.compile(r"^(\((?:[a-z]{1,4}|\d{1,3}|[A-Z]{1,2})\))(?=\s|$)"),
    # "a." "b)" "A." (one letter only, so ordinary words are not taken)
    re.compile(r"^([a-zA-Z][.)])(?=\s)"),
]


def leading_number(text: str) -> str | None:
    """The section marker a block starts with, normalised ("4.2." -> "4.2"), or None."""
    t = text.lstrip()
    for pat in _PATTERNS:
        m = pat.match(t)
        if m:
            g = m.group(1)
            # "a)" stays an item marker; "4." and "B." are outline numbers
            return g if g.startswith("(") or g.endswith(")") else g.rstrip(".")
    return None


def is_outline_number(marker: str) -> bool:
    """True for markers that name a section on their own ("4.2", "7", "IV", "C.3"),
    False for item markers that only make sense inside one ("(a)", "b")."""
    if marker.startswith("(") or marker.endswith(")"):
        return False
    return any(c.isdigit() for c in marker) or marker.isupper()


class SectionTracker:
    """Carries the enclosing section number from block to block."""

    def __init__(self) -> None:
        self.outline: str | None = None

    def section_for(self, text: str, numbered_by_format: str | None = None) -> str | None:
        marker = numbered_by_format or leading_number(text)
        if marker is None:
            return self.outline
        if is_outline_number(marker):
            self.outline = marker
            return marker
        return f"{self.outline}{marker if marker.startswith('(') else '(' + marker.rstrip('.)') + ')'}" if self.outline else marker
