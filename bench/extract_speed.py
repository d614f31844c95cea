"""Extraction speed: the model's sentences per second (ONNX fp32, 2 threads) and
end-to-end extraction of the corpus PDFs, plus one ~50-page RFP from a cold start.

    .venv/bin/python bench/extract_speed.py
    .venv/bin/python bench/extract_speed.py --graph DIR   # another graph: DIR/model.onnx, DIR/tokenizer.json

With --graph the cold `candor extract` is skipped: the command always loads the built graph.
"""

import argparse
import os
import platform
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from extractors.commitments.extract import candidate_units, extract  # noqa: E402
from extractors.commitments.model import CommitmentModel  # noqa: E402
from extractors.parse import parse_path  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
FIFTY = CORPUS / "cuad_ofg_metavante_outsourcing.pdf"  # 47 pages


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--graph", type=Path, help="a graph folder other than the one `make model` built")
    graph = parser.parse_args().graph
    start = time.perf_counter()
    model = CommitmentModel(graph=graph, threads=2)
    load_s = time.perf_counter() - start
    docs = [parse_path(p) for p in sorted(CORPUS.glob("*")) if p.suffix in (".pdf", ".docx", ".md", ".txt") and "scanned" not in p.name]
    texts = [u.sentence.text for d in docs for u in candidate_units(d)]
    all_units = sum(len(d.sentences) for d in docs)
    model(texts[:64])  # warm up
    start = time.perf_counter()
    model(texts)
    model_s = time.perf_counter() - start
    print(f"graph: {graph or 'built by make model'}")
    print(f"model load: {load_s:.2f} s")
    distinct = len(set(texts))  # a repeated text is run once
    print(f"model: {len(texts)} candidate units in {model_s:.2f} s = {len(texts) / model_s:.0f} sentences/s "
          f"({distinct} distinct texts run, {distinct / model_s:.0f}/s); "
          f"counting the {all_units} units they were picked from, {all_units / model_s:.0f} units/s")

    pdfs = [p for p in sorted(CORPUS.glob("*.pdf")) if "scanned" not in p.name]
    pages = 0
    start = time.perf_counter()
    for p in pdfs:
        doc = parse_path(p)
        extract(doc, model)
        pages += doc.source.page_count
    total = time.perf_counter() - start
    print(f"end to end (parse + extract), corpus PDFs: {pages} pages in {total:.1f} s = {pages / total:.1f} pages/s")

    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, {_vnni()}, python {platform.python_version()}")
    if graph:
        return
    start = time.perf_counter()
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", "extract", str(FIFTY), "--out", "/tmp/candor-bench-extract"],
        cwd=ROOT, capture_output=True, text=True,
    )
    wall = time.perf_counter() - start
    print(f"cold `candor extract` of {FIFTY.name} (47 pages), wall time with model load: {wall:.1f} s (exit {run.returncode})")


def _vnni() -> str:
    """int8 kernels differ with VNNI; say which this CPU has."""
    try:
        flags = set(Path("/proc/cpuinfo").read_text().split())
    except OSError:
        return "CPU flags unknown"
    return ", ".join(sorted(flags & {"avx512_vnni", "avx_vnni"})) or "no VNNI"


if __name__ == "__main__":
    main()
