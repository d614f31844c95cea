"""`candor train`: rebuild the shipped model weights from the committed training data."""

from pathlib import Path
from typing import Annotated

import typer

from flows.app import app, err

ROOT = Path(__file__).resolve().parents[1]


@app.command()
def train(
    labels: Annotated[Path, typer.Option(help="Hand-labelled sentence files.")] = ROOT / "data" / "labels",
    shared: Annotated[Path, typer.Option(help="The shared folder (train-labels and corpus).")] = ROOT.parent / "shared",
    out: Annotated[Path, typer.Option(help="Where to write weights.safetensors and model.json.")] = ROOT / "extractors" / "commitments" / "weights",
    epochs: Annotated[int, typer.Option(help="Passes over the training data.")] = 2,
    seed: Annotated[int, typer.Option(help="Random seed, for a repeatable run.")] = 13,
    context: Annotated[bool, typer.Option(help="Read each unit with its headings, table head and the words before it.")] = False,
) -> None:
    """Fine-tune the commitment model on CPU (20-40 minutes on 2 cores) and write the
    adapter and head weights the package ships. Never reads the dev labels.

    The recipe and the data are described in docs/MODEL_CARD.md and data/README.md.
    """
    from training.train import train as run

    run(shared, labels, out, epochs=epochs, seed=seed, log=err.print, context=context)
