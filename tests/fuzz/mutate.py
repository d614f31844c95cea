"""Mutations of real documents: raw bytes for any format, structure-aware for DOCX (the
XML inside the zip is mutated and re-zipped, so the zip checks pass and the XML walk is
reached) and token-aware for PDF (object syntax, numbers, dictionary keys)."""

from __future__ import annotations

import io
import random
import re
import zipfile

INTERESTING = [b"0", b"-1", b"4294967296", b"99999999999999999999", b"1e308", b"NaN", b"", b"\x00",
               b"\xff\xfe", b"-0", b"2147483648", b"9" * 400]
PDF_TOKENS = [b"obj", b"endobj", b"<<", b">>", b"[", b"]", b"/Kids", b"/Parent", b"/Contents", b"R",
              b"stream\n", b"endstream", b"/Length 999999", b"/Filter /FlateDecode", b"/Type /Page",
              b"/Font", b"/Resources", b"/XObject", b"/Encrypt", b"xref", b"trailer", b"startxref",
              b"/W [1 2 1]", b"/Prev 0", b"1 0 R", b"(", b")", b"<feff>", b"/ToUnicode"]
XML_SNIPPETS = [b"<w:p>", b"</w:p>", b"<w:tbl><w:tr><w:tc>", b"</w:tc></w:tr></w:tbl>", b"<w:t>x</w:t>",
                b"<w:numPr><w:ilvl w:val=\"9\"/><w:numId w:val=\"99\"/></w:numPr>", b"<w:gridSpan w:val=\"-3\"/>",
                b"<w:vMerge/>", b"<w:ins>", b"</w:ins>", b"<w:fldChar w:fldCharType=\"begin\"/>",
                b"<w:footnoteReference w:id=\"-1\"/>", b"&amp;", b"&#0;", b"&#xD800;", b"<![CDATA[x]]>",
                b"<!DOCTYPE x [<!ENTITY a \"b\">]>", b"<w:sdt><w:sdtContent>", b"</w:sdtContent></w:sdt>",
                b"<w:lvl w:ilvl=\"99999\">", b"<w:abstractNumId w:val=\"x\"/>", b"<w:start w:val=\"-5\"/>"]
_NUMBER = re.compile(rb"-?\d+(?:\.\d+)?")
_ATTR = re.compile(rb'="[^"]*"')


def mutate(data: bytes, name: str, rng: random.Random) -> bytes:
    if name.lower().endswith(".docx") and rng.random() < 0.8:
        try:
            return _mutate_docx(data, rng)
        except (zipfile.BadZipFile, KeyError, ValueError, EOFError, OSError):
            pass
    rounds = rng.choice((1, 1, 2, 3, 8))
    for _ in range(rounds):
        data = _mutate_bytes(data, rng, PDF_TOKENS if name.lower().endswith(".pdf") else [])
    return data


def _mutate_bytes(data: bytes, rng: random.Random, tokens: list[bytes]) -> bytes:
    if not data:
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 64)))
    n = len(data)
    i = rng.randrange(n)
    j = min(n, i + rng.choice((1, 2, 4, 16, 256, 4096)))
    op = rng.randrange(9)
    if op == 0:  # flip bits
        b = bytearray(data)
        for _ in range(rng.randint(1, 8)):
            k = rng.randrange(n)
            b[k] ^= 1 << rng.randrange(8)
        return bytes(b)
    if op == 1:  # delete a range
        return data[:i] + data[j:]
    if op == 2:  # duplicate a range
        return data[:j] + data[i:j] * rng.choice((1, 2, 16)) + data[j:]
    if op == 3:  # truncate
        return data[:i]
    if op == 4:  # random bytes over a range
        return data[:i] + bytes(rng.getrandbits(8) for _ in range(j - i)) + data[j:]
    if op == 5 and tokens:  # insert a syntax token
        return data[:i] + b" " + rng.choice(tokens) + b" " + data[i:]
    if op == 6:  # replace a number with an interesting one
        m = _pick(_NUMBER, data, rng)
        if m:
            return data[: m.start()] + rng.choice(INTERESTING) + data[m.end():]
    if op == 7:  # move a range elsewhere
        k = rng.randrange(n)
        return data[:k] + data[i:j] + data[k:]
    return data[:i] + rng.choice(INTERESTING) + data[i:]


def _mutate_docx(data: bytes, rng: random.Random) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        members = [(info, z.read(info.filename)) for info in z.infolist()]
    xml = [k for k, (info, _) in enumerate(members) if info.filename.endswith((".xml", ".rels"))]
    if not xml:
        raise ValueError("no XML member")
    weights = [8 if "document.xml" in members[k][0].filename else 1 for k in xml]
    k = rng.choices(xml, weights)[0]
    info, body = members[k]
    for _ in range(rng.choice((1, 1, 2, 4))):
        body = _mutate_xml(body, rng)
    members[k] = (info, body)
    if rng.random() < 0.05:  # drop a member entirely
        del members[rng.randrange(len(members))]
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for info, body in members:
            z.writestr(info.filename, body)
    return out.getvalue()


def _mutate_xml(body: bytes, rng: random.Random) -> bytes:
    if not body:
        return rng.choice(XML_SNIPPETS)
    op = rng.randrange(6)
    if op == 0:
        m = _pick(_ATTR, body, rng)
        if m:
            return body[: m.start()] + b'="' + rng.choice(INTERESTING) + b'"' + body[m.end():]
    if op == 1:
        i = rng.randrange(len(body))
        return body[:i] + rng.choice(XML_SNIPPETS) + body[i:]
    if op == 2:  # cut an element-sized range out, usually leaving the XML unbalanced
        i = body.find(b"<", rng.randrange(len(body)))
        j = body.find(b">", i + 1 + rng.randrange(400)) if i >= 0 else -1
        if i >= 0 and j > i:
            return body[:i] + body[j + 1:]
    if op == 3:  # repeat a run of elements (deep nesting, many rows)
        i = body.find(b"<w:", rng.randrange(len(body)))
        if i >= 0:
            j = min(len(body), i + rng.randint(20, 2000))
            return body[:j] + body[i:j] * rng.choice((2, 10, 200)) + body[j:]
    if op == 4:
        return _mutate_bytes(body, rng, [])
    m = _pick(_NUMBER, body, rng)
    if m:
        return body[: m.start()] + rng.choice(INTERESTING) + body[m.end():]
    return body


def _pick(pattern: re.Pattern, data: bytes, rng: random.Random):
    """A random match of `pattern`, searched from a random offset (no full scan)."""
    start = rng.randrange(len(data)) if data else 0
    return pattern.search(data, start) or pattern.search(data)
