"""What a review adds to extraction: the checks' time against parse + extract, for the
~50-page RFP of the extraction bench and every corpus document (goal: under 10%).

    .venv/bin/python bench/review_speed.py
"""

import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.profile import load_profile  # noqa: E402
from checks.review import prepare, run  # noqa: E402
from extractors.commitments.extract import extract  # noqa: E402
from extractors.commitments.model import CommitmentModel  # noqa: E402
from extractors.parse import parse_path  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
FIFTY = CORPUS / "cuad_ofg_metavante_outsourcing.pdf"  # 47 pages


def measure(path: Path, model, profile) -> tuple[float, float, int, int]:
    start = time.perf_counter()
    doc = parse_path(path)
    items = extract(doc, model)
    extract_s = time.perf_counter() - start
    start = time.perf_counter()
    found = run(prepare(doc, items, profile))
    return extract_s, time.perf_counter() - start, len(items), len(found)


def main() -> None:
    model, profile = CommitmentModel(threads=2), load_profile(ROOT / "examples" / "capacity.yaml")
    model(["warm up the graph"])
    e, r, n, f = measure(FIFTY, model, profile)
    print(f"{FIFTY.name} (47 pages): parse + extract {e:.2f} s, checks {r * 1000:.0f} ms "
          f"({100 * r / e:.1f}% more), {n} commitments, {f} findings")
    total_e = total_r = 0.0
    docs = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".pdf", ".docx", ".md", ".txt") and "scanned" not in p.name]
    for p in docs:
        e, r, _, _ = measure(p, model, profile)
        total_e, total_r = total_e + e, total_r + r
    print(f"corpus, {len(docs)} documents: parse + extract {total_e:.1f} s, checks {total_r:.2f} s ({100 * total_r / total_e:.1f}% more)")
    print(f"machine: {platform.machine()}, python {platform.python_version()}")


if __name__ == "__main__":
    main()
