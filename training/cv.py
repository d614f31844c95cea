"""Leave-documents-out cross-validation of the whole extractor (model and rules): for each
fold, train the shipped recipe on every other labelled document, build its graph, extract
the fold's documents with it, and score them with the `candor eval` scorer. The figure a
session reports; `candor eval --cv` runs it (about 10 minutes a fold on 2 cores).
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

from training.folds import FAMILIES, Labelled, folds, labelled_documents


def threshold_documents(train_docs: list[Labelled], n: int = 2) -> set[str]:
    """Documents of the training side kept out of the gradient to pick thresholds on
    (units of a document seen in training are too easy): the first `n` scorable ones by
    a hash of their names, as the shipped recipe holds out two whole documents."""
    gold = sorted((d for d in train_docs if d.form == "gold"), key=lambda d: hashlib.sha256(d.doc.encode()).hexdigest())
    return {d.doc for d in gold[:n]}


def run_fold(k: int, test: list[Labelled], train_docs: list[Labelled], work: Path, epochs: int, log,
             context: bool = False) -> dict[str, list]:
    """Predicted commitments of each test document, from a model that never saw it. The
    fold's weights, graph and every score its model gave stay in `work`/fold<k> for
    `replay` (training/replay.py)."""
    from extractors.commitments.model import CommitmentModel
    from training.dataset import from_documents
    from training.replay import SCORES, Recording
    from training.train import train

    fold = work / f"fold{k}"
    weights, graph = fold / "weights", fold / "graph"
    train(Path(), Path(), weights, epochs=epochs, log=log, examples=from_documents(train_docs),
          held_out=threshold_documents(train_docs), context=context)
    build_graph_at(weights, graph)
    model = Recording(CommitmentModel(weights=weights, graph=graph))
    predicted = _extract(test, model)
    model.save(fold / SCORES)
    return predicted


def build_graph_at(weights: Path, graph: Path) -> None:
    """The run-time graph of a fold's weights, built as `make model` builds the shipped one."""
    from extractors.commitments.export import export_onnx  # torch: only here
    from extractors.commitments.model import GRAPH, TOKENIZER
    from extractors.commitments.net import base_dir

    graph.mkdir(parents=True, exist_ok=True)
    export_onnx(weights / "weights.safetensors", graph / GRAPH)
    shutil.copyfile(Path(base_dir()) / "tokenizer.json", graph / TOKENIZER)


def cross_validate(shared: Path, out: Path, k: int = 5, epochs: int = 2, only: list[int] | None = None,
                   log: Callable[[str], None] = print, context: bool = False) -> dict:
    """Scores per fold, per family and over all folds; predictions and scores under `out`,
    with each fold's weights, graph and recorded scores in `out`/fold<n> (`replay`)."""
    pool = labelled_documents(shared)
    split = folds(pool, k)
    out.mkdir(parents=True, exist_ok=True)
    results: dict = {"folds": {}, "documents": {}}
    tallies: dict = {}
    for n, test in enumerate(split):
        if only is not None and n not in only:
            continue
        train_docs = [d for d in pool if d not in test]
        log(f"fold {n + 1}/{k}: {len(test)} test documents, {len(train_docs)} training documents")
        predicted = run_fold(n, test, train_docs, out, epochs, log, context)
        _collect(n, test, predicted, out, results, tallies)
    return _finish(results, tallies, out / "cv.json")


def replay(shared: Path, runs: list[Path], out: Path, log: Callable[[str], None] = print) -> dict:
    """The folds of finished runs (`cross_validate`'s out folders) again, with this
    checkout's rules over each fold model's recorded scores: no training. Written to
    `out`/cv.json, beside the predictions, as a run writes them."""
    from training.replay import Replay
    from training.replay import recorded as scores_of

    pool = {d.doc: d for d in labelled_documents(shared)}
    out.mkdir(parents=True, exist_ok=True)
    results: dict = {"folds": {}, "documents": {}}
    tallies: dict = {}
    for run in runs:
        recorded = json.loads((run / "cv.json").read_text())["folds"]
        for n, names in sorted(recorded.items()):
            fold = run / f"fold{n}"
            if not scores_of(fold).is_file():
                raise FileNotFoundError(f"{scores_of(fold)} is missing: that run did not record its scores")
            lost = [name for name in names if name not in pool]
            if lost:
                raise ValueError(f"fold {n} of {run} scored documents no longer labelled: {lost[:3]}")
            test = [pool[name] for name in names]
            model = Replay(fold)
            predicted = _extract(test, model)
            log(f"fold {n}: {len(test)} documents replayed" + (f", {model.asked_anew} inputs scored anew" if model.asked_anew else ""))
            _collect(int(n), test, predicted, out, results, tallies)
    return _finish(results, tallies, out / "cv.json")


def record_shipped(shared: Path, names: list[str], out: Path, fold: int) -> Path:
    """The shipped model as one more recorded fold, over labelled documents it was trained
    without (labelled after it; the caller vouches): `out`/fold<fold> holds a copy of the
    shipped weights and graph and their scores, so `replay` runs the checkout's rules over
    them with the CV folds."""
    from extractors.commitments.model import WEIGHTS, CommitmentModel, graph_dir
    from training.replay import SCORES, Recording

    pool = {d.doc: d for d in labelled_documents(shared)}
    test = [pool[n] for n in names]
    # the one part of its training data the card names: the documents its thresholds came from
    tuned_on = set(json.loads((WEIGHTS / "model.json").read_text()).get("held_out", [])) & set(names)
    if tuned_on:
        raise ValueError(f"the shipped model picked its thresholds on {sorted(tuned_on)}")
    where = out / f"fold{fold}"
    where.mkdir(parents=True, exist_ok=True)
    for name, src in (("weights", WEIGHTS), ("graph", graph_dir(WEIGHTS))):
        if not (where / name).exists():  # a copy: a retrain overwrites the shipped folder
            shutil.copytree(src, where / name)
    model = Recording(CommitmentModel())
    _extract(test, model)
    model.save(where / SCORES)
    (out / "cv.json").write_text(json.dumps({"folds": {str(fold): names}}))
    return out


def _extract(test: list[Labelled], model) -> dict[str, list]:
    from extractors.commitments.extract import extract
    from extractors.parse import parse_path

    return {d.doc: extract(parse_path(d.path), model) for d in test}


def _collect(n: int, test: list[Labelled], predicted: dict[str, list], out: Path, results: dict, tallies: dict) -> None:
    """One fold's predictions written and scored into `results` and `tallies`."""
    from evaluation import load_gold, score
    from evaluation.decisions import Tally, by_decision
    from schemas import Commitments

    for doc, items in predicted.items():
        folder = out / "predictions" / doc
        folder.mkdir(parents=True, exist_ok=True)
        (folder / "commitments.json").write_text(Commitments(commitments=items).model_dump_json(indent=2, exclude_none=True))
    gold = {}
    for d in test:
        gold.update(load_gold_file(d.labels, load_gold))
    scored = score(gold, predicted)
    for name, t in by_decision(gold, predicted).items():
        total = tallies.setdefault(name, Tally())
        total.items, total.paired, total.right = total.items + t.items, total.paired + t.paired, total.right + t.right
    results["folds"][n] = [d.doc for d in test]
    for doc, row in scored.docs.items():
        results["documents"][doc] = {"family": next(d.family for d in test if d.doc == doc), **_row(row.counts, row.obligor)}


def _finish(results: dict, tallies: dict, path: Path) -> dict:
    from evaluation.decisions import to_json as decisions_json

    results["families"] = summarise(results["documents"])
    results["decisions"] = decisions_json(dict(sorted(tallies.items())))
    path.write_text(json.dumps(results, indent=2) + "\n")
    return results


def load_gold_file(path: Path, load_gold) -> dict:
    """One label file through the scorer's own loader (it reads folders)."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(path, Path(tmp) / path.name)
        return load_gold(tmp)


def _row(counts: dict, obligor) -> dict:
    row = {m: {"tp": c.tp, "fp": c.fp, "fn": c.fn} for m, c in counts.items()}
    row["obligor"] = {"agree": obligor.agree, "pairs": obligor.pairs}
    return row


def summarise(documents: dict) -> dict:
    """Micro-averaged F1 per family and over all documents, from the per-document counts."""
    groups = {fam: [r for r in documents.values() if r["family"] == fam] for fam in FAMILIES}
    groups["all"] = list(documents.values())
    out = {}
    for name, rows in groups.items():
        if not rows:
            continue
        summary = {"documents": len(rows)}
        for metric in ("service_levels_found", "service_levels_exact", "client_obligations", "provider_obligations", "vague"):
            tp, fp, fn = (sum(r[metric][key] for r in rows if metric in r) for key in ("tp", "fp", "fn"))
            summary[metric] = round(2 * tp / (2 * tp + fp + fn), 3) if tp + fp + fn else None
        agree, pairs = (sum(r["obligor"][key] for r in rows) for key in ("agree", "pairs"))
        summary["obligor"] = round(agree / pairs, 3) if pairs else None
        out[name] = summary
    return out


def merge(results: list[dict]) -> dict:
    """One result from runs of different folds (`candor eval --cv --fold N` in separate
    sessions, on 2 cores a fold takes half an hour): folds and documents joined, decision
    tallies summed, families recomputed. The runs must share the pool and the fold split."""
    out: dict = {"folds": {}, "documents": {}, "decisions": {}}
    for r in results:
        clash = set(out["folds"]) & set(r["folds"]) | set(out["documents"]) & set(r["documents"])
        if clash:
            raise ValueError(f"these runs overlap: {sorted(clash)[:3]}")
        out["folds"].update(r["folds"])
        out["documents"].update(r["documents"])
        for name, t in r.get("decisions", {}).items():
            total = out["decisions"].setdefault(name, {"items": 0, "paired": 0, "right": 0})
            for key in ("items", "paired", "right"):
                total[key] += t[key]
    for t in out["decisions"].values():
        t["precision"] = t["right"] / t["items"] if t["items"] else None
    out["decisions"] = dict(sorted(out["decisions"].items()))
    out["families"] = summarise(out["documents"])
    return out


if __name__ == "__main__":  # python -m training.cv merge OUT.json RUN.json RUN.json ...
    import sys

    if len(sys.argv) < 5 or sys.argv[1] != "merge":
        sys.exit("usage: python -m training.cv merge OUT.json RUN.json RUN.json ...")
    merged = merge([json.loads(Path(p).read_text()) for p in sys.argv[3:]])
    Path(sys.argv[2]).write_text(json.dumps(merged, indent=2) + "\n")
    for family, row in merged["families"].items():
        print(family, row)
