"""Blanks left in a commitment: "[Insert the hours]", "Report every ____", "[TBD]",
"Sections XX and XXX", "within x minutes". Nobody can price, keep or hold anyone to a
promise whose number or scope is not written; a reviewer raises each one (issue 16).

Shown from the words themselves, so a finding, not "needs a look". A redaction in a
public filing ("[***]") is not a blank: the parties' copy has the words.
"""

from __future__ import annotations

import re

from checks.base import Review, make, question
from schemas import FindingType, Severity

BLANK = re.compile(
    # a bracketed instruction to whoever fills the template in
    r"\[(?!\*+\])[^\]\n]{0,160}?\b(?:insert|state|enter|specify|list|describe|identify|select|choose|fill|tbd|tba"
    r"|to be (?:determined|decided|confirmed)|agency|name of|date of|number of|amount|location|here)\b[^\]\n]{0,160}\]"
    r"|\[\s*(?:x+|\.{3}|_+|tbd|tba|agency|date|name|number|amount)\s*\]"
    r"|(?<!_)_{4,30}(?!_)"  # "Date:___________", "Report every ____"; a longer rule is a line, not a blank
    r"|\b(?:TBD|TBA)\b|\bto be (?:determined|decided|confirmed)\b"
    r"|\b(?:sections?|paragraphs?|clauses?|attachments?|exhibits?|appendix|appendices)\s+X{2,}\b"
    r"|\b[xX]\s+(?:minutes|hours|business hours|days|business days|weeks|months|percent)\b|\b[xX]%",
    re.I,
)


def placeholders(review: Review) -> list:
    """One finding per blank: the same "[agency]" in five sentences is one question,
    listing every place (each sentence once)."""
    places: dict[str, list] = {}
    for c in review.commitments:
        m = BLANK.search(c.text)
        if m is None:
            continue
        blank = " ".join(m.group(0).split())
        key = blank.lower() if not blank.startswith("_") else f"{blank[:4]}{c.block}"  # every "____" is its own blank
        if c.block is None or all(o.block != c.block for o in places.get(key, [])):
            places.setdefault(key, []).append(c)
    out = []
    for items in places.values():
        blank = " ".join(BLANK.search(items[0].text).group(0).split())
        who = "the provider" if items[0].obligor.value == "provider" else "the client"
        where = f" ({len(items)} places)" if len(items) > 1 else ""
        rationale = (f'The commitment leaves a blank to fill in: "{blank[:120]}"{where}. As written it binds {who} to '
                     "something nobody has stated, and cannot be priced or checked.")
        fix = question(f'What goes in place of "{blank[:80]}"?')
        out.append(make(review, FindingType.silent, Severity.medium, "placeholder_left", items, rationale,
                        {"blank": blank[:120], "places": len(items)}, fix))
    return out


CHECKS = [placeholders]
