"""`candor eval`: score the model and the keyword baseline against gold labels."""

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from flows.app import app, err, fail, read_documents, write_once
from flows.extract_cmd import load_extractor
from infra.settings import Settings
from schemas import Commitments, Document, Findings


@app.command("eval")
def evaluate(
    gold: Annotated[Path | None, typer.Option(help="Folder of gold label files (<doc>.jsonl, as ../shared/eval/labels).")] = None,
    docs: Annotated[list[Path] | None, typer.Option(help="Folder holding the labelled documents (repeat for several: each document is taken from the first that has it).")] = None,
    out: Annotated[Path | None, typer.Option(help="Also write each system's commitments and scores.json here.")] = None,
    baseline: Annotated[bool, typer.Option(help="Score the keyword baseline in the same run.")] = True,
    cv: Annotated[bool, typer.Option("--cv", help="Cross-validate by document instead: train on the other folds, score each fold (needs the training extra; 15-30 minutes a fold on 2 cores).")] = False,
    folds: Annotated[int, typer.Option(help="With --cv: how many folds.")] = 5,
    fold: Annotated[list[int] | None, typer.Option(help="With --cv: run only these folds (0-based; repeat).")] = None,
    shared: Annotated[Path | None, typer.Option(help="With --cv: the shared folder (corpus, labels, EXCLUDED.sha256); default ../shared beside the clone.")] = None,
    context: Annotated[bool, typer.Option(help="With --cv: train models that read each unit with its headings, table head and the words before it.")] = False,
    replay: Annotated[list[Path] | None, typer.Option(help="With --cv: no training; re-run this checkout's rules over the fold models' recorded scores of earlier --cv runs (their --out folders; repeat), minutes instead of hours.")] = None,
    findings: Annotated[Path | None, typer.Option(help="Score review findings instead: a reviewer's expected findings (TSV: doc, type, metric, quote, why; ../shared/eval/FINDINGS-GOLD.md). Each document named is reviewed alone, from --docs.")] = None,
    capacity: Annotated[Path | None, typer.Option(help="With --findings: the capacity profile the reviewer held (default examples/capacity.yaml).")] = None,
) -> None:
    """Score extraction as ../shared/eval/GUIDELINES.md says ("How extracted commitments
    are scored"): precision, recall and F1 for service levels found, service levels exact
    (metric and normalised target right), client obligations, provider obligations and
    vague, obligor accuracy on matched items, with one row per document.

    With --cv, every labelled document except the sealed check set and the excluded list
    is split into folds by document, stratified by family (federal, commercial, vendor
    SLA, MSA and order form); each fold is scored by a model trained on the others, and
    the table is per family (written to OUT/cv.json, default out/cv).

    Examples:

      candor eval --gold ../shared/eval/labels --docs ../shared/corpus/docs

      candor eval --cv --out out/cv

      candor eval --cv --replay out/cv --out out/cv-rules   (a rule change, across the same folds)

      candor eval --findings data/findings/pool.tsv --docs data/extra/docs --docs ../shared/corpus/docs

    With --findings, each document the TSV names is reviewed alone with the profile and
    its findings are scored by the rules of ../shared/eval/score_findings.py: precision
    (findings matching an expected row / findings raised) and recall (rows matched), per
    finding type and overall.
    """
    from evaluation import format_table, load_gold, score, to_json
    from evaluation.decisions import by_decision
    from evaluation.decisions import table as decision_table
    from evaluation.decisions import to_json as decisions_json

    if cv:
        _cross_validate(shared or Path(__file__).resolve().parents[2] / "shared", out or Path("out/cv"), folds, fold, context, replay)
        return
    if findings is not None:
        if not docs:
            raise typer.BadParameter("give --docs with --findings")
        _score_findings(findings, docs, capacity or Path(__file__).resolve().parents[1] / "examples" / "capacity.yaml", out)
        return
    if gold is None or not docs:
        raise typer.BadParameter("give --gold and --docs (or --cv, or --findings)")

    gold_docs = load_gold(gold)
    files = [_find(docs, name) for name in sorted(gold_docs)]
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
    decisions = by_decision(gold_docs, predictions["model"])
    console = Console(width=140)
    console.print(format_table(results))
    console.print("\nWhat decided the model's items, and how often it was right (decision names: extractors/commitments/decisions.py):")
    console.print(decision_table(decisions), markup=False)
    if out is not None:
        report = to_json(results)
        report["model"]["decisions"] = decisions_json(decisions)
        write_once(out / "scores.json", json.dumps(report, indent=2) + "\n")
        err.print(f"wrote {out}/scores.json")


def _cross_validate(shared: Path, out: Path, k: int, only: list[int] | None, context: bool, runs: list[Path] | None) -> None:
    from training.cv import cross_validate
    from training.cv import replay as replay_runs

    if runs:
        if out.resolve() in {r.resolve() for r in runs}:
            raise typer.BadParameter("give --out a folder of its own: a replay does not write over the run it replays")
        results = replay_runs(shared, runs, out, log=err.print)
    else:
        results = cross_validate(shared, out, k=k, only=only, log=err.print, context=context)
    console = Console(width=140)
    names = ["service_levels_found", "service_levels_exact", "client_obligations", "provider_obligations", "vague", "obligor"]
    console.print("family | documents | " + " | ".join(names))
    for family, row in results["families"].items():
        console.print(f"{family} | {row['documents']} | " + " | ".join("-" if row[n] is None else f"{row[n]:.3f}" for n in names))
    console.print("decision | items | paired | right | precision")
    for name, t in results["decisions"].items():
        console.print(f"{name} | {t['items']} | {t['paired']} | {t['right']} | " + ("-" if t["precision"] is None else f"{t['precision']:.3f}"))
    err.print(f"wrote {out}/cv.json")


def _find(folders: list[Path], name: str) -> Path:
    """The document `name` in the first folder that has it (the first folder's path if none)."""
    return next((f / name for f in folders if (f / name).is_file()), folders[0] / name)


def _score_findings(expected: Path, folders: list[Path], capacity: Path, out: Path | None) -> None:
    from checks.profile import load_profile
    from evaluation.findings import load_expected, score, table
    from flows.io import gather
    from pipeline.review import review

    rows = load_expected(expected)
    names = sorted({r["doc"] for r in rows})
    missing = [n for n in names if not _find(folders, n).is_file()]
    if missing:
        raise typer.BadParameter(f"not in --docs: {', '.join(missing)}")
    settings = Settings()
    pending, _, failed = gather([str(_find(folders, n)) for n in names], settings.limits())
    raised: dict[str, list[dict]] = {}

    def keep(outcome) -> None:
        # Without --rfp no document is compared with another: each is reviewed alone.
        if not outcome.ok:  # scored as raising nothing; the run ends with status 1
            failed.append(outcome)
            return
        split = Findings.split(outcome.findings)  # what needs a look is not raised
        raised[outcome.source.name] = [json.loads(f.model_dump_json()) for f in split.findings]
        if out is not None:
            write_once(out / outcome.source.name / "findings.json", split.model_dump_json(indent=2, exclude_none=True))

    review(pending, load_profile(capacity), load_extractor(False), settings.limits(), True, None, on_done=keep)
    for outcome in failed:
        fail(outcome.error, outcome.source.uri)
    result = score(rows, raised)
    Console(width=140).print(table(result), markup=False)
    if out is not None:
        write_once(out / "findings-scores.json", json.dumps(result, indent=2) + "\n")
        err.print(f"wrote {out}/findings-scores.json")
    if failed:
        raise typer.Exit(1)
