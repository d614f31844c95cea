"""Writing every output of a review (JSON, Word redline or rendition, annotated PDF,
matrix, report) against the goal of under 2 s for a 50-page document, in process and
in the limited child process `candor review` uses. The review itself
(parse, extract, check) is done first and not timed.

    .venv/bin/python bench/redline_speed.py
"""

import platform
import sys
import time
from datetime import datetime, timezone
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.profile import load_profile  # noqa: E402
from flows.extract_cmd import load_extractor  # noqa: E402
from pipeline.review import Source, render, render_isolated, review  # noqa: E402
from schemas import Limits  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
INPUTS = [
    "cuad_ofg_metavante_outsourcing.pdf",  # 47 pages
    "commonpaper_csa_with_sla_orderform.docx",  # about 25 pages of Word, 54,000 characters
    "gsa_fpdsng_solicitation.pdf",
]


def main() -> None:
    profile, run = load_profile(ROOT / "examples" / "capacity.yaml"), load_extractor(baseline=False)
    day = datetime(2026, 11, 23, tzinfo=timezone.utc)
    for name in INPUTS:
        data = (CORPUS / name).read_bytes()
        [outcome] = review([Source(data, name, name)], profile, lambda d: run(d), Limits(), isolate=False)
        best = best_isolated = float("inf")
        for _ in range(3):
            start = time.perf_counter()
            files, _ = render(outcome, day)
            best = min(best, time.perf_counter() - start)
            start = time.perf_counter()
            render_isolated(outcome, Limits())  # what candor review does: a limited child process
            best_isolated = min(best_isolated, time.perf_counter() - start)
        pages = outcome.document.source.page_count or "-"
        print(f"{name}: {pages} pages, {len(outcome.commitments)} commitments, {len(outcome.findings)} findings: "
              f"all outputs in {best:.2f} s, {best_isolated:.2f} s in a child process "
              f"(best of 3; {', '.join(sorted(files))})")
    print(f"machine: {platform.machine()}, python {platform.python_version()}")


if __name__ == "__main__":
    main()
