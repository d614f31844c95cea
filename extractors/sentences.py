"""Split a block's text into sentences, keeping character offsets."""

import re

# Words that end with a period without ending a sentence.
_ABBREV = {
    "e.g", "i.e", "etc", "a.m", "p.m", "no", "nos", "mr", "mrs", "ms", "dr", "st", "inc",
    "ltd", "co", "corp", "llc", "vs", "v", "approx", "sec", "secs", "art", "para", "fig",
    "u.s", "u.k", "e.u", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept",
    "oct", "nov", "dec", "min", "max", "hr", "hrs", "incl", "dept", "govt", "est", "ref",
    "vol", "pp", "cf", "al", "resp", "sq", "ft", "op", "cit", "subpt", "pt", "ch",
}
# A sentence ends at . ! ? before a capital or digit, or before a lettered item of an
# inline list ("... the Product. b. Upon request, ..."); a colon ends one only before such
# an item ("Upon termination: a. Customer will ..."); a word ends one before a numbered
# paragraph run in ("3.1.1.3 The contractor"). Each item is a sentence of its own.
_BOUNDARY = re.compile(
    r"([.!?])([\"'”’)\]]*)(\s+)(?=[\"'“‘(\[]?[A-Z0-9]|[a-z]\.\s+[\"“]?[A-Z])"
    r"|(:)()(\s+)(?=[a-z]\.\s+[\"“]?[A-Z])"
    # a numbered paragraph run in without a period ("... from DOT 3.1.1.3 The contractor")
    r"|(\w)()(\s+)(?=\d{1,2}\.\d{1,2}\.\d{1,2}(?:\.\d{1,2})*\.?\s+[A-Z])"
)
_LAST_WORD = re.compile(r"(\S+)$")


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Return [start, end) spans of the sentences in `text`, whitespace trimmed."""
    spans: list[tuple[int, int]] = []
    start = 0
    for m in _BOUNDARY.finditer(text):
        g = 1 if m.group(1) else 4 if m.group(4) else 7  # which alternative matched: groups 1-3, 4-6 or 7-9
        before = text[start:m.start(g)]
        word = _LAST_WORD.search(before)
        token = word.group(1).lower().lstrip("(\"'“") if word else ""
        if m.group(g) == "." and _is_abbreviation(token, before):
            continue
        spans.append((start, m.end(g + 1)))
        start = m.end(g + 2)
    if start < len(text):
        spans.append((start, len(text)))
    return [s for s in (_trim(text, a, b) for a, b in spans) if s[1] > s[0]]


def _is_abbreviation(token: str, before: str) -> bool:
    if token in _ABBREV:
        # "... accomplished through the CO. The contractor": after "the", a word in
        # capitals is an acronym (the Contracting Officer), not "Co." for Company
        return not re.search(r"\b[Tt]he\s+[A-Z]{2,}\W*$", before)
    if len(token) == 1 and token.isalpha():  # an initial: "J. Smith", "C. Scope"
        return True
    if re.fullmatch(r"[a-z](\.[a-z])+", token):  # "u.s.a"
        return True
    if re.fullmatch(r"\(?[0-9ivxlc]{1,4}(\.[0-9]{1,3})*\)?", token) and before.strip() == token:
        return True  # a leading section number "4." or "4.2."
    return False


def _trim(text: str, a: int, b: int) -> tuple[int, int]:
    while a < b and text[a].isspace():
        a += 1
    while b > a and text[b - 1].isspace():
        b -= 1
    return a, b
