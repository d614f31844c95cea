"""Document text made storable: the one rule every writer applies to text it copies from
a document into Word, Excel, a PDF note, the CSV or the report."""

from __future__ import annotations

import re

# XML 1.0 stores tab, LF, CR, U+0020-U+D7FF, U+E000-U+FFFD and U+10000 up; lxml (so Word
# and openpyxl) refuses the rest: C0 controls, lone surrogates, U+FFFE and U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def xml_safe(text: str) -> str:
    """`text` with each character XML 1.0 cannot store replaced by U+FFFD."""
    # Replaced, not dropped: offsets into the text stay right (the DOCX redline finds words
    # by them), and a reader sees that something was there.
    return _NOT_XML.sub("\ufffd", text)
