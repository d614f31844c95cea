"""Agreement between two annotators of the same documents, scored like `candor eval`
scores the system: the first annotator's labels as gold, the second's as predictions.
Symmetric for F1 (swapping the sides swaps precision and recall).

    python -m evaluation.agreement FIRST_FOLDER SECOND_FOLDER
"""

from __future__ import annotations

import sys
from pathlib import Path

from evaluation.gold import load_gold
from evaluation.score import Scores, score


def agreement(first: Path, second: Path) -> Scores:
    """Scores of `second` against `first` over the documents both labelled."""
    gold, other = load_gold(first), load_gold(second)
    shared = sorted(gold.keys() & other.keys())
    if not shared:
        raise ValueError(f"{first} and {second} label no document in common")
    return score({d: gold[d] for d in shared}, {d: other[d].items for d in shared})


def table(scores: Scores) -> str:
    metrics = ["service_levels_found", "service_levels_exact", "client_obligations", "provider_obligations", "vague"]
    lines = ["| document | " + " | ".join(metrics) + " | obligor |", "|---" * (len(metrics) + 2) + "|"]
    rows = [(doc, d.counts, d.obligor) for doc, d in scores.docs.items()] + [("all", scores.total, scores.obligor)]
    for doc, counts, obligor in rows:
        cells = []
        for m in metrics:
            c = counts.get(m)
            cells.append("" if c is None or c.f1 is None else f"{c.f1:.3f} ({c.tp}/{c.fp}/{c.fn})")
        rate = "" if obligor.rate is None else f"{obligor.rate:.3f} ({obligor.agree}/{obligor.pairs})"
        lines.append(f"| {doc} | " + " | ".join(cells) + f" | {rate} |")
    return "\n".join(lines)


if __name__ == "__main__":
    print(table(agreement(Path(sys.argv[1]), Path(sys.argv[2]))))
