"""How a whole review's time and memory grow with the text (issue 14: linear, and a text
over CANDOR_MAX_TEXT_CHARS refused at once). Texts of 0.5 to 4 MB are cut from the
corpus's text files, each copy's lines made distinct (so the model's cache of repeated
sentences does not flatter the figures), and reviewed as `candor review` does: parse,
extraction and checks, and the writers, each in its limited child.

    .venv/bin/python bench/scale_speed.py [MB ...]
"""

import platform
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from checks.profile import load_profile  # noqa: E402
from flows.extract_cmd import load_extractor  # noqa: E402
from infra.settings import Settings  # noqa: E402
from pipeline.review import Source, review  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "docs"


def text_of(megabytes: float) -> bytes:
    base = [line for p in sorted(CORPUS.glob("*.txt")) for line in p.read_text().splitlines()]
    lines, size, copy = [], 0, 0
    while size < megabytes * 1024 * 1024:
        copy += 1
        for line in base:
            line = f"{line} (copy {copy})" if line.strip() else line
            lines.append(line)
            size += len(line) + 1
    return "\n".join(lines).encode()


def main() -> None:
    sizes = [float(a) for a in sys.argv[1:]] or [0.5, 1, 2, 4]
    profile, run = load_profile(ROOT / "examples" / "capacity.yaml"), load_extractor(baseline=False)
    limits = Settings().limits()
    print(f"{'MB':>5} {'chars':>10} {'s':>7} {'s/MB':>6} {'commitments':>12} {'findings':>9}  outcome")
    for mb in sizes:
        data = text_of(mb)
        start = time.perf_counter()
        [o] = review([Source(data, "bench://scale.txt", "scale.txt")], profile, lambda d: run(d), limits)
        took = time.perf_counter() - start
        chars = len(data.decode())
        outcome = "ok" if o.ok else f"{o.error.code.value}: {o.error.message[:70]}"
        print(f"{mb:>5g} {chars:>10,} {took:>7.1f} {took / mb:>6.1f} {len(o.commitments):>12,} {len(o.findings):>9,}  {outcome}",
              flush=True)
    peak = max(resource.getrusage(w).ru_maxrss for w in (resource.RUSAGE_SELF, resource.RUSAGE_CHILDREN)) // 1024
    print(f"peak resident memory of one process: {peak} MiB; machine: {platform.machine()}, python {platform.python_version()}")


if __name__ == "__main__":
    main()
