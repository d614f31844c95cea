"""Recorded fold models, so a rule change is measured across folds in minutes, not hours.

A cross-validation fold trains a model (half an hour on 2 cores) and extracts its test
documents with it. The rules after the model (extractors/commitments/extract.py) are
most of what a session changes, and they only read the model's scores. So each fold
records the scores its model gave every input (`scores.json`) and keeps its weights;
`candor eval --cv --replay RUN` then extracts the same test documents with the rules of
the checkout and those recorded scores, and scores them as the run did. An input the
recording lacks (a rule change that makes a new candidate unit) is scored by the fold's
own model, rebuilt from its weights where its graph is gone (needs the training extra).
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from extractors.commitments.model import UnitScores

SCORES = "scores.json"


def key(text) -> str:
    """One model input, a unit's text or a (text, context) pair, as a dictionary key."""
    return json.dumps(list(text) if isinstance(text, tuple) else text, ensure_ascii=False)


class Recording:
    """A model that remembers what it said: the fold's model, as extract() sees it."""

    def __init__(self, model):
        self.model = model
        self.said: dict[str, UnitScores] = {}

    def __getattr__(self, name):
        return getattr(self.model, name)

    def __call__(self, texts, **kwargs):
        scores = self.model(texts, **kwargs)
        self.said.update(zip(map(key, texts), scores))
        return scores

    def save(self, path: Path) -> None:
        rows = [{"input": k, "heads": s.heads, "metrics": s.metrics} for k, s in sorted(self.said.items())]
        path.write_text(json.dumps(rows, ensure_ascii=False) + "\n")


def recorded(fold: Path) -> Path:
    """A fold's recorded scores: scores.json, or scores.json.gz where a run was kept in the
    repository (evaluation/results/folds/) to replay in later sessions."""
    plain = fold / SCORES
    return plain if plain.is_file() or not (fold / (SCORES + ".gz")).is_file() else fold / (SCORES + ".gz")


class Replay:
    """The fold's model, answering from its recording: same thresholds, same scores."""

    def __init__(self, fold: Path):
        self.fold = fold
        self.card = json.loads((fold / "weights" / "model.json").read_text())
        self.thresholds = self.card["thresholds"]
        self.reads_context = bool(self.card.get("context", False))
        path = recorded(fold)
        data = gzip.decompress(path.read_bytes()) if path.suffix == ".gz" else path.read_bytes()
        self.said = {r["input"]: UnitScores(r["heads"], r["metrics"]) for r in json.loads(data)}
        self.asked_anew = 0  # inputs the recording lacked
        self._live = None

    def __call__(self, texts, on_batch=None, report_every: int = 32):
        missing = [t for t in dict.fromkeys(texts) if key(t) not in self.said]
        if missing:
            self.said.update(zip(map(key, missing), self._model()(missing)))
            self.asked_anew += len(missing)
        return [self.said[key(t)] for t in texts]

    def _model(self):
        if self._live is None:
            from extractors.commitments.model import GRAPH, CommitmentModel

            graph = self.fold / "graph"
            if not (graph / GRAPH).is_file():
                from training.cv import build_graph_at  # torch: only when a new input needs it

                build_graph_at(self.fold / "weights", graph)
            self._live = CommitmentModel(weights=self.fold / "weights", graph=graph)
        return self._live
