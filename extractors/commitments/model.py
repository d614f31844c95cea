"""The commitment model at run time: ONNX Runtime and a fast tokenizer, never torch.

Split as preprocess (tokenise) / _forward (run the graph) / postprocess (thresholds),
so the hot path stays small. The fp32 graph and its tokenizer are built at install time
(`make model`: export.py, with torch) into graph/<model_version()>/ beside this file, so
a worker has them wherever the package is; here they are only loaded.
"""

import hashlib
import json
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from extractors.errors import NotFound

WEIGHTS = Path(__file__).with_name("weights")
GRAPHS = Path(__file__).with_name("graph")  # built, not committed (.gitignore)
GRAPH, TOKENIZER = "model.onnx", "tokenizer.json"
BATCH = 16  # texts a run: past this the length-sorted batches gain nothing on 2 cores
BUILD = "make model (or: python -m extractors.commitments.export, with the training extra installed)"


class GraphMissing(NotFound):
    """The run-time graph of the shipped weights has not been built."""


@dataclass
class UnitScores:
    heads: dict[str, float]
    metrics: dict[str, float]


class CommitmentModel:
    def __init__(self, weights: Path = WEIGHTS, graph: Path | None = None, threads: int = 2):
        """`graph`: the folder of model.onnx and tokenizer.json (default: the build of `weights`)."""
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.card = json.loads((weights / "model.json").read_text())
        self.heads, self.metrics = self.card["heads"], self.card["metrics"]
        self.thresholds = self.card["thresholds"]
        # Trained to read each unit beside its context (headings, table head, the words
        # before): extract() then passes (text, context) pairs.
        self.reads_context = bool(self.card.get("context", False))
        self.threads = max(1, threads)
        graph = graph or graph_dir(weights)
        if not (graph / GRAPH).is_file() or not (graph / TOKENIZER).is_file():
            raise GraphMissing(f"the model graph is not built ({graph / GRAPH} is missing): run {BUILD}")
        # One unit per run is too small to share between threads: `threads` callers each
        # run whole units on a one-thread session (runs are thread-safe), 1.4x the
        # units/s of one run on two intra-op threads (docs/BENCHMARKS.md). It also
        # leaves ONNX Runtime no thread pool of its own in a process that later forks.
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(graph / GRAPH), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(graph / TOKENIZER))
        # The packaged tokenizer pads every text to 128 tokens; pad per batch instead.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.card["max_tokens"])

    def __call__(self, texts: list[str] | list[tuple[str, str]], on_batch=None, report_every: int = 32) -> list[UnitScores]:
        """Scores of each text. Distinct texts only (a repeated table row or boilerplate
        is scored once), in batches of up to BATCH texts of about the same length, so
        padding costs little: 1.4x the units/s of one text a run (docs/BENCHMARKS.md). A
        text may be a (unit, context) pair, read as two segments. In
        fp32 a batch moves a text's scores by 2e-7 at most from its scores alone, and the
        batches of a document are always the same (sorted by length, then by order).
        `on_batch(done, total)` hears every `report_every` distinct texts."""
        distinct = list(dict.fromkeys(texts))
        groups = self._groups(distinct)
        scored: dict[str, UnitScores] = {}
        reported = 0
        with ThreadPoolExecutor(self.threads) as pool:
            for group, scores in zip(groups, pool.map(self._batch, groups)):
                scored.update(zip(group, scores))
                if on_batch and (len(scored) - reported >= report_every or len(scored) == len(distinct)):
                    on_batch(len(scored), len(distinct))
                    reported = len(scored)
        return [scored[t] for t in texts]

    def _groups(self, texts: list[str]) -> list[list[str]]:
        lengths = [len(e.ids) for e in self.tokenizer.encode_batch(texts)] if texts else []
        order = sorted(range(len(texts)), key=lambda i: (lengths[i], i))
        return [[texts[i] for i in order[j : j + BATCH]] for j in range(0, len(order), BATCH)]

    def _batch(self, texts: list[str]) -> list[UnitScores]:
        return self.postprocess(*self._forward(self.preprocess(texts)))

    def preprocess(self, texts: list[str]) -> dict[str, np.ndarray]:
        encodings = self.tokenizer.encode_batch(texts)
        width = max(len(e.ids) for e in encodings)
        ids = np.zeros((len(texts), width), dtype=np.int64)
        mask = np.zeros((len(texts), width), dtype=np.int64)
        for row, e in enumerate(encodings):
            ids[row, : len(e.ids)] = e.ids
            mask[row, : len(e.ids)] = 1
        return {"input_ids": ids, "attention_mask": mask}

    def _forward(self, feeds: dict[str, np.ndarray]) -> tuple[np.ndarray, np.ndarray]:
        heads, metrics = self.session.run(["heads", "metrics"], feeds)
        return heads, metrics

    def postprocess(self, heads: np.ndarray, metrics: np.ndarray) -> list[UnitScores]:
        return [
            UnitScores(dict(zip(self.heads, map(float, h))), dict(zip(self.metrics, map(float, m))))
            for h, m in zip(heads, metrics)
        ]


def model_version(weights: Path = WEIGHTS) -> str:
    """16 hex digits naming the shipped weights, the base model and the export recipe:
    the name of the graph's folder and part of the S3 output prefix."""
    from extractors.commitments.export import BASE_SHA256, RECIPE  # no torch at import: export imports it lazily

    digest = hashlib.sha256(f"{RECIPE} {BASE_SHA256}".encode())
    for name in ("weights.safetensors", "model.json"):
        digest.update((weights / name).read_bytes())
    return digest.hexdigest()[:16]


def graph_dir(weights: Path = WEIGHTS) -> Path:
    return GRAPHS / model_version(weights)
