"""Blanks left in a commitment: "[Insert the hours]", "Report every ____", "[TBD]",
"Sections XX and XXX", "within x minutes". Nobody can price, keep or hold anyone to a
promise whose number or scope is not written; a reviewer raises each one (issue 16).

Shown from the words themselves, so a finding, not "needs a look". A redaction in a
public filing ("[***]") is not a blank: the parties' copy has the words.
"""

from __future__ import annotations

import re

from checks.base import Review, make, question, sentence_at
from schemas import FindingType, Severity

BLANK = re.compile(
    # a bracketed instruction to whoever fills the template in
    r"\[(?!\*+\])(?!\s*(?:drafting\s+note|note\s+to\s+draft))[^\]\n]{0,160}?\b(?:insert|state|enter|specify|list|describe|identify|select|choose|fill|tbd|tba"
    r"|to be (?:determined|decided|confirmed|agreed)|agency|name of|date of|number of|amount|location|here)\b[^\]\n]{0,160}\]"
    r"|\[\s*(?:x+|\.{3}|_+|tbd|tba|agency|date|name|number|amount)\s*\]"
    r"|(?<!_)_{4,30}(?!_)"  # "Date:___________", "Report every ____"; a longer rule is a line, not a blank
    r"|(?<![\w_])_{2,3}\s*(?=(?:MB|GB|megabytes?|gigabytes?|minutes|hours|days|weeks|months|years|percent)\b|%)"  # "___ MB"
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
                     "something nobody has stated, and cannot be priced or checked." + _elsewhere(review, blank, items))
        fix = question(f'What goes in place of "{blank[:80]}"?')
        out.append(make(review, FindingType.silent, Severity.medium, "placeholder_left", items, rationale,
                        {"blank": blank[:120], "places": len(items)}, fix))
    return out + _in_the_text(review, set(places))


def _elsewhere(review: Review, blank: str, items: list) -> str:
    """The same bracketed blank in sentences no commitment holds ("[agency] maintains a
    laboratory"): one finding lists every place the blank appears (issue 16)."""
    if blank.startswith("_"):
        return ""  # every rule of underscores is its own blank
    spans = [c.span for c in items if c.span]
    shown = []
    for m in re.finditer(re.escape(blank), review.text, re.I):
        if any(a <= m.start() < b for a, b in spans):
            continue
        a, b = sentence_at(review.text, m.start(), m.end())
        line = " ".join(review.text[a:b].split())
        if line not in shown:
            shown.append(line)
    return (" It also stands in: " + "; ".join(f'"{x[:200]}"' for x in shown[:3]) + ".") if shown else ""


def _in_the_text(review: Review, seen: set[str]) -> list:
    """Blanks outside every commitment: a form line ("Contract No. ____, dated ____"), a
    heading's instruction ("[State period of performance]"). One finding per blank (the
    same "Date: ____" under three signatures is one question, listing its lines), on the
    line's own words (a clause: no commitment holds them); a template with more blanks than
    _MANY is one finding."""
    spans = sorted(c.span for c in review.commitments if c.span)
    groups: dict[str, list] = {}
    last_end = -1
    for m in BLANK.finditer(review.text):
        if m.start() < last_end or any(a <= m.start() < b for a, b in spans) or _FILLED.search(
                review.text, max(0, m.start() - 24), min(len(review.text), m.end() + 24)):
            continue  # in the line already taken, in a commitment, or a filled-in field ("____30____")
        blank = " ".join(m.group(0).split())
        key = blank.lower() if not blank.startswith("_") else "_" + _label(review.text, m.start())
        if key in seen:
            continue  # the same "[agency]" is already asked about where a commitment holds it
        start = max(review.text.rfind("\n", 0, m.start()) + 1, m.start() - 160)
        end = review.text.find("\n", m.end())
        end = min(len(review.text) if end < 0 else end, m.end() + 160)
        if not review.text[start:end].strip(" _\t|"):
            continue  # a rule of underscores alone is a line to write on, not a blank in a sentence
        last_end = end
        groups.setdefault(key, []).append((blank, review.clause(start, end)))
    if len(groups) > _MANY:  # a template left unfilled: one finding listing its blanks
        every = [c for places in groups.values() for _, c in places]
        listed = "; ".join(f'"{" ".join(c.text.split())[:120]}"' for c in every[:12])
        more = f" and {len(every) - 12} more" if len(every) > 12 else ""
        rationale = (f"{len(every)} blanks are left in the document outside its commitments: {listed}{more}. Nobody can "
                     "price, keep or check what they leave open.")
        first = next(iter(groups.values()))[0]
        return [make(review, FindingType.silent, Severity.medium, "placeholder_left", [], rationale,
                     {"blank": first[0][:120], "places": len(every)},
                     question("The document is a template with blanks left in it: will a completed version be issued?"),
                     clause=first[1])]
    found = []
    for places in groups.values():
        blank, clause = places[0]
        lines = "; ".join(f'"{" ".join(c.text.split())[:200]}"' for _, c in places[:4])
        rationale = (f'A blank is left in the document: "{blank[:120]}" in {lines}. Nobody can price, keep or '
                     "check what it leaves open.")
        words = " ".join(clause.text.split())
        found.append(make(review, FindingType.silent, Severity.low if blank.startswith("_") else Severity.medium,
                          "placeholder_left", [], rationale, {"blank": blank[:120], "places": len(places)},
                          question(f'What goes in place of "{blank[:80]}" in "{words[:120]}"?'), clause=clause))
    return found


# "_____30_____": a value written between rules is filled in, not blank.
_FILLED = re.compile(r"_{3,}\s*[A-Za-z0-9.,%$]+\s*_{3,}")


def _label(text: str, at: int) -> str:
    """The word a form blank follows ("Date:", "No."): blanks with the same label are one."""
    words = re.findall(r"[A-Za-z]+", text[max(0, at - 30):at])
    return words[-1].lower() if words else ""


_MANY = 3  # more blanks than this outside the commitments: a template, raised once


CHECKS = [placeholders]
