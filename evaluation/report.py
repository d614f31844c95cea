"""Scores for people (a rich table) and for machines (plain dicts), one or more systems side by side.

    python -m evaluation.report LABELS_DIR model=OUT_DIR [baseline=OTHER_DIR ...]
"""

from __future__ import annotations

import sys
from collections.abc import Mapping

from rich.console import Console
from rich.table import Table

from evaluation.gold import load_gold, load_predictions
from evaluation.score import METRICS, Agreement, Counts, Scores, score

HEADINGS = {
    "service_levels_found": "SL found",
    "service_levels_exact": "SL exact",
    "client_obligations": "client obl.",
    "provider_obligations": "provider obl.",
    "vague": "vague",
}


def _num(x: float | None) -> str:
    return "—" if x is None else f"{x:.3f}"  # — : 0/0, nothing to measure


def _accuracy(a: Agreement) -> str:
    return f"{_num(a.rate)} ({a.agree}/{a.pairs})"


def format_table(results: Mapping[str, Scores]) -> Table:
    """Overall P, R, F1 and tp/fp/fn per metric, then each document's F1, for each system.

    Cells: "—" where the figure is 0/0, "n/a" where the document's scope leaves the
    metric out. The last column is obligor accuracy on matched pairs, with its count.
    """
    table = Table(title="Commitments vs gold labels")
    table.add_column("document / figure")
    table.add_column("system")
    for metric in METRICS:
        table.add_column(HEADINGS[metric], justify="right")
    table.add_column("obligor acc.", justify="right")

    figures = [("P", lambda c: _num(c.precision)), ("R", lambda c: _num(c.recall)), ("F1", lambda c: _num(c.f1)),
               ("tp/fp/fn", lambda c: f"{c.tp}/{c.fp}/{c.fn}")]
    for name, show in figures:
        for system, scores in results.items():
            obligor = _accuracy(scores.obligor) if name == "F1" else ""
            table.add_row(f"overall {name}", system, *(show(scores.total[m]) for m in METRICS), obligor)
    table.add_section()

    docs = sorted({doc for scores in results.values() for doc in scores.docs})
    for doc in docs:
        for system, scores in results.items():
            row = scores.docs.get(doc)
            if row is None:
                table.add_row(doc, system, *["—"] * (len(METRICS) + 1))
                continue
            cells = (_num(row.counts[m].f1) if m in row.counts else "n/a" for m in METRICS)
            table.add_row(f"{doc} F1", system, *cells, _accuracy(row.obligor))
    return table


def _counts_json(c: Counts) -> dict:
    return {"tp": c.tp, "fp": c.fp, "fn": c.fn, "precision": c.precision, "recall": c.recall, "f1": c.f1}


def _agreement_json(a: Agreement) -> dict:
    return {"agree": a.agree, "pairs": a.pairs, "accuracy": a.rate}


def to_json(results: Mapping[str, Scores]) -> dict:
    """{system: {"total", "obligor_accuracy", "docs": {doc: {...}}, "unscored"}}; 0/0 ratios are None."""
    return {
        system: {
            "total": {m: _counts_json(c) for m, c in scores.total.items()},
            "obligor_accuracy": _agreement_json(scores.obligor),
            "docs": {
                doc: {
                    "metrics": {m: _counts_json(c) for m, c in row.counts.items()},
                    "obligor_accuracy": _agreement_json(row.obligor),
                    "pairs": row.pairs,
                    "ignored": row.ignored,
                }
                for doc, row in scores.docs.items()
            },
            "unscored": list(scores.unscored),
        }
        for system, scores in results.items()
    }


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) < 2 or not all("=" in a for a in args[1:]):
        print(__doc__, file=sys.stderr)
        return 2
    gold = load_gold(args[0])
    results = {name: score(gold, load_predictions(folder)) for name, folder in (a.split("=", 1) for a in args[1:])}
    Console().print(format_table(results))
    return 0


if __name__ == "__main__":
    sys.exit(main())
