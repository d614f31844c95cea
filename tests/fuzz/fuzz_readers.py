"""Fuzz the document readers by mutating real corpus files.

    python -m tests.fuzz.fuzz_readers --minutes 30            # what docs/SECURITY.md records
    python -m tests.fuzz.fuzz_readers --minutes 2 --seed 7    # a quick look

Each case is a mutated copy of a seed file (the corpus and the bad inputs, up to 2 MB),
parsed in a forked child with the production limits (see harness.py). A case that ends
with anything but a Document or a typed error is a finding: its input is saved under
tests/fuzz/crashes/ (shrunk where that keeps the same failure) and listed in
FINDINGS.tsv, and tests/test_fuzz_regressions.py replays every saved file. Each run
appends a line to tests/fuzz/RUNS.tsv. Not part of the default test run.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import os
import random
import time
from collections import Counter
from datetime import datetime, timezone
from pathlib import Path

from tests.fuzz.harness import Ending, run_case
from tests.fuzz.mutate import mutate

HERE = Path(__file__).resolve().parent
CRASHES = HERE / "crashes"
SHARED = Path(os.environ.get("CANDOR_SHARED", HERE.parents[2] / "shared"))
_EXT = (".pdf", ".docx", ".txt", ".md")


def seeds(max_bytes: int) -> list[Path]:
    found = []
    for folder in (SHARED / "corpus" / "docs", SHARED / "badinputs", HERE.parents[1] / "examples"):
        found += [p for p in sorted(folder.glob("*")) if p.suffix.lower() in _EXT and p.stat().st_size <= max_bytes]
    return found


def known() -> set[str]:
    table = CRASHES / "FINDINGS.tsv"
    if not table.exists():
        return set()
    with open(table, newline="") as f:
        return {row["detail"] for row in csv.DictReader(f, delimiter="\t")}


def shrink(data: bytes, name: str, ending: Ending, tries: int = 40) -> bytes:
    """Cut chunks while the same failure remains: smaller regression files, clearer causes."""
    if ending.kind == "hang":
        return data  # each try would cost the full time limit
    chunk = max(1, len(data) // 4)
    while tries > 0 and chunk >= 16:
        i, cut = 0, False
        while i < len(data) and tries > 0:
            candidate = data[:i] + data[i + chunk:]
            tries -= 1
            if run_case(candidate, name).detail == ending.detail:
                data, cut = candidate, True
            else:
                i += chunk
        if not cut:
            chunk //= 2
    return data


def save(data: bytes, name: str, ending: Ending, seed_name: str) -> Path:
    CRASHES.mkdir(exist_ok=True)
    ext = Path(name).suffix.lower()
    path = CRASHES / f"{ending.kind}-{hashlib.sha256(data).hexdigest()[:12]}{ext}"
    path.write_bytes(data)
    table = CRASHES / "FINDINGS.tsv"
    new = not table.exists()
    with open(table, "a", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        if new:
            w.writerow(["file", "kind", "detail", "seed", "found", "status"])
        w.writerow([path.name, ending.kind, ending.detail, seed_name, datetime.now(timezone.utc).date(), "open"])
    (path.with_suffix(path.suffix + ".trace")).write_text(ending.trace or ending.detail)
    return path


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=5.0, help="how long to run (default 5)")
    ap.add_argument("--seed", type=int, default=int(time.time()), help="random seed (default: the clock)")
    ap.add_argument("--max-seed-bytes", type=int, default=2_000_000, help="skip larger seed files")
    args = ap.parse_args()

    rng = random.Random(args.seed)
    pool = [(p.name, p.read_bytes()) for p in seeds(args.max_seed_bytes)]
    seen, counts, findings = known(), Counter(), []
    start = time.monotonic()
    deadline = start + args.minutes * 60
    last_report = start
    print(f"fuzzing {len(pool)} seed files for {args.minutes:g} min, seed {args.seed}", flush=True)
    while time.monotonic() < deadline:
        seed_name, data = rng.choice(pool)
        case = mutate(data, seed_name, rng)
        ending = run_case(case, seed_name)
        counts[ending.kind] += 1
        if ending.is_finding and ending.detail not in seen:
            seen.add(ending.detail)
            path = save(shrink(case, seed_name, ending), seed_name, ending, seed_name)
            findings.append(path.name)
            print(f"NEW {ending.kind}: {ending.detail} -> {path.relative_to(HERE.parents[1])}", flush=True)
        if time.monotonic() - last_report > 60:
            last_report = time.monotonic()
            print(f"{(last_report - start) / 60:.0f} min: {sum(counts.values())} cases {dict(counts)}", flush=True)
    minutes = (time.monotonic() - start) / 60
    total = sum(counts.values())
    print(f"done: {total} cases in {minutes:.1f} min, {dict(counts)}, new findings {len(findings)}")
    runs = HERE / "RUNS.tsv"
    new = not runs.exists()
    with open(runs, "a", newline="") as f:
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        if new:
            w.writerow(["date", "seed", "minutes", "cases", "ok", "typed", "findings", "new", "machine"])
        w.writerow([datetime.now(timezone.utc).isoformat(timespec="minutes"), args.seed, f"{minutes:.1f}", total,
                    counts["ok"], counts["typed"], total - counts["ok"] - counts["typed"], " ".join(findings) or "-",
                    f"{os.cpu_count()} cores"])


if __name__ == "__main__":
    main()
