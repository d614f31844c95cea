"""Parse speed, in pages per second, of Candor's PDF reader against pdfplumber alone and
PDFium text alone, on the corpus PDFs and on the 390-page GSA solicitation; plus how many
gold label texts each one's output holds (faithfulness, same word-bag rule as the tests).

    .venv/bin/python bench/parse_speed.py            # everything (pdfplumber takes minutes)
    .venv/bin/python bench/parse_speed.py --quick    # pdfplumber on the first 40 GSA pages only
"""

import argparse
import json
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import pdfplumber  # noqa: E402
import pypdfium2 as pdfium  # noqa: E402

from extractors.parse import parse_bytes  # noqa: E402
from schemas import Limits  # noqa: E402
from tests.faithfulness import missing_words, tokens  # noqa: E402

SHARED = ROOT.parent / "shared"
CORPUS = SHARED / "corpus" / "docs"
BIG = "gsa_fpdsng_solicitation.pdf"
SKIP = {"ssa_it_support_bpa_scanned.pdf"}  # no text layer: rejected as needs_ocr


def candor(data: bytes, max_pages: int | None, workers: int = 2) -> list[str]:
    doc = parse_bytes(data, "bench://x.pdf", "x.pdf", Limits(workers=workers))
    pages: dict[int, list[str]] = {}
    for b in doc.blocks:
        for r in b.loc.regions or []:
            pages.setdefault(r.page, []).append(b.text)
    return [" ".join(pages.get(i, [])) for i in range(1, doc.source.page_count + 1)]


def plumber(data: bytes, max_pages: int | None) -> list[str]:
    import io

    out = []
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        for page in pdf.pages[:max_pages]:
            text = page.extract_text() or ""
            tables = page.extract_tables()  # what it takes to keep table rows
            out.append(text + " " + " ".join(" ".join(c or "" for c in row) for t in tables for row in t))
    return out


def pdfium_text(data: bytes, max_pages: int | None) -> list[str]:
    doc = pdfium.PdfDocument(data)
    out = []
    for i in range(min(len(doc), max_pages or len(doc))):
        page = doc[i]
        out.append(page.get_textpage().get_text_range())
    doc.close()
    return out


METHODS = {
    "candor, 2 processes": candor,
    "candor, 1 process": lambda data, max_pages: candor(data, max_pages, workers=1),     "pdfplumber (text + tables)": plumber,
    "pypdfium2 text only": pdfium_text,
}


def label_recall(name: str, pages: list[str]) -> tuple[int, int] | None:
    for folder in ("labels", "train-labels"):
        path = SHARED / "eval" / folder / f"{name}.jsonl"
        if path.exists():
            rows = [json.loads(line) for line in path.read_text().splitlines()[1:] if line.strip()]
            words = [tokens(p) for p in pages]
            found = 0
            for r in rows:
                p = r["page"]
                have = (words[p - 1] if p - 1 < len(words) else set()) | (words[p] if p < len(words) else set())
                found += not missing_words(r["text"], have)
            return found, len(rows)
    return None


def run(files: list[Path], method: str, max_pages: int | None) -> dict:
    fn = METHODS[method]
    pages = seconds = 0.0
    found = total = 0
    for f in files:
        data = f.read_bytes()
        start = time.perf_counter()
        texts = fn(data, max_pages)
        seconds += time.perf_counter() - start
        pages += len(texts)
        recall = label_recall(f.name, texts) if max_pages is None else None
        if recall:
            found, total = found + recall[0], total + recall[1]
    return {
        "method": method,
        "pages": int(pages),
        "seconds": round(seconds, 2),
        "pages_per_s": round(pages / seconds, 1),
        "labels_found": f"{found}/{total}" if total else "",
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--quick", action="store_true", help="pdfplumber on the first 40 GSA pages only")
    args = ap.parse_args()
    corpus = sorted(p for p in CORPUS.glob("*.pdf") if p.name not in SKIP)
    results = []
    for label, files in (("corpus PDFs", corpus), (BIG, [CORPUS / BIG])):
        for method in METHODS:
            limit = 40 if args.quick and method.startswith("pdfplumber") and label == BIG else None
            r = run(files, method, limit)
            r["set"] = label + (" (first 40 pages)" if limit else "")
            results.append(r)
            print(json.dumps(r), flush=True)
    print(f"\nmachine: {platform.machine()}, {platform.processor() or 'cpu'}, python {platform.python_version()}")
    print("| set | method | pages | seconds | pages/s | labels found |")
    print("|---|---|---:|---:|---:|---:|")
    for r in results:
        print(f"| {r['set']} | {r['method']} | {r['pages']} | {r['seconds']} | {r['pages_per_s']} | {r['labels_found']} |")


if __name__ == "__main__":
    main()
