"""Write small, exact PDFs for reader tests: text at given points, rules, several pages.

Coordinates are top-left-origin points, like the document model, so a test reads as the
page looks. Helvetica 10 pt unless a size is given; no fonts are embedded.
"""

from dataclasses import dataclass, field


@dataclass
class Page:
    width: float = 612
    height: float = 792
    rotate: int = 0
    ops: list[str] = field(default_factory=list)

    def text(self, x: float, top: float, s: str, size: float = 10, bold: bool = False, scaled: bool = False) -> "Page":
        """`scaled`: set at size 1 and scaled by the text matrix, as many writers do."""
        font = "F2" if bold else "F1"
        esc = s.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
        if self.rotate == 90:  # drawn turned a quarter left, so it reads level once displayed
            self.ops.append(f"BT /{font} {size} Tf 0 1 -1 0 {top + size * 0.8:.2f} {x:.2f} Tm ({esc}) Tj ET")
            return self
        y = self.height - top - size * 0.8
        if scaled:
            self.ops.append(f"BT /{font} 1 Tf {size} 0 0 {size} {x:.2f} {y:.2f} Tm ({esc}) Tj ET")
            return self
        self.ops.append(f"BT /{font} {size} Tf {x:.2f} {y:.2f} Td ({esc}) Tj ET")
        return self

    def hline(self, x0: float, x1: float, top: float) -> "Page":
        y = self.height - top
        self.ops.append(f"0.5 w {x0:.2f} {y:.2f} m {x1:.2f} {y:.2f} l S")
        return self

    def vline(self, x: float, top: float, bottom: float) -> "Page":
        self.ops.append(f"0.5 w {x:.2f} {self.height - top:.2f} m {x:.2f} {self.height - bottom:.2f} l S")
        return self

    def grid(self, xs: list[float], ys: list[float]) -> "Page":
        for y in ys:
            self.hline(xs[0], xs[-1], y)
        for x in xs:
            self.vline(x, ys[0], ys[-1])
        return self


def build(pages: list[Page], glyphs: dict[int, str] | None = None) -> bytes:
    """`glyphs`: byte code -> glyph name in both fonts' encodings ({1: "uniFFFF"}), for
    text whose Unicode no WinAnsi byte gives."""
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # filled in below
    pages_id = add("")
    encoding = "/WinAnsiEncoding"
    if glyphs:
        names = " ".join(f"{code} /{name}" for code, name in sorted(glyphs.items()))
        encoding = f"<< /BaseEncoding /WinAnsiEncoding /Differences [{names}] >>"
    f1 = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding {encoding} >>")
    f2 = add(f"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding {encoding} >>")
    kids = []
    for p in pages:
        stream = "\n".join(p.ops).encode("latin-1")
        content = add(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
        kids.append(
            add(
                f"<< /Type /Page /Parent {pages_id} 0 R /MediaBox [0 0 {p.width} {p.height}] /Rotate {p.rotate} "
                f"/Resources << /Font << /F1 {f1} 0 R /F2 {f2} 0 R >> >> /Contents {content} 0 R >>"
            )
        )
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_id} 0 R >>".encode()
    objects[pages_id - 1] = f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] /Count {len(kids)} >>".encode()
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for off in offsets:
        out += b"%010d 00000 n \n" % off
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, catalog, xref)
    return bytes(out)
