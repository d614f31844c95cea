"""`candor eval`: score the model and the keyword baseline against gold labels."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flows.app import app, err, read_documents, write_once
from flows.extract_cmd import load_extractor
from infra.settings import Settings
from schemas import Commitments, Document


@app.command("eval")
def evaluate(
    gold: Annotated[Path, typer.Option(help="Folder of gold label files (<doc>.jsonl, as ../shared/eval/labels).")],
    docs: Annotated[Path, typer.Option(help="Folder holding the labelled documents.")],
    out: Annotated[Path | None, typer.Option(help="Also write each system's commitments and scores.json here.")] = None,
    baseline: Annotated[bool, typer.Option(help="Score the keyword baseline in the same run.")] = True,
) -> None:
    """Score extraction as ../shared/eval/GUIDELINES.md says ("How extracted commitments
    are scored"): precision, recall and F1 for service levels found, service levels exact
    (metric and normalised target right), client obligations, provider obligations and
    vague, obligor accuracy on matched items, with one row per document.

    Example:

      candor eval --gold ../shared/eval/labels --docs ../shared/corpus/docs
    """
    from evaluation import format_table, load_gold, score, to_json

    gold_docs = load_gold(gold)
    files = [docs / name for name in sorted(gold_docs)]
    systems = {"model": load_extractor(False)}
    if baseline:
        systems["baseline"] = load_extractor(True)
    predictions: dict[str, dict] = {name: {} for name in systems}
    for f, doc in read_documents(files, Settings().limits(), isolate=True):
        if not isinstance(doc, Document):
            continue
        for name, run in systems.items():
            predictions[name][f.name] = run(doc)
            if out is not None:
                write_once(out / name / f.name / "commitments.json",
                           Commitments(commitments=predictions[name][f.name]).model_dump_json(indent=2, exclude_none=True))
    results = {name: score(gold_docs, preds) for name, preds in predictions.items()}
    Console(width=140).print(format_table(results))
    if out is not None:
        write_once(out / "scores.json", json.dumps(to_json(results), indent=2) + "\n")
        err.print(f"wrote {out}/scores.json")
