"""Scoring extracted commitments against gold labels (shared/eval/GUIDELINES.md).

Sits beside `extractors` and imports only `schemas` and `extractors.units`; nothing in
`schemas` or `extractors` may import it.
"""

from evaluation.gold import GoldDoc, load_gold, load_predictions
from evaluation.score import (
    METRICS,
    Agreement,
    Counts,
    DocScores,
    Scores,
    pair,
    qualifies,
    score,
    score_doc,
    text_match,
    text_similarity,
    words,
)

__all__ = [
    "METRICS",
    "Agreement",
    "Counts",
    "DocScores",
    "GoldDoc",
    "Scores",
    "format_table",
    "load_gold",
    "load_predictions",
    "pair",
    "qualifies",
    "score",
    "score_doc",
    "text_match",
    "text_similarity",
    "to_json",
    "words",
]


def __getattr__(name: str):
    # Reports load on first use: `python -m evaluation.report` must not find its module half-imported.
    if name in ("format_table", "to_json"):
        from evaluation import report

        return getattr(report, name)
    raise AttributeError(f"module 'evaluation' has no attribute {name!r}")
