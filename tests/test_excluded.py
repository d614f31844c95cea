"""No document the project trains, tunes, labels or checks on is one kept apart for
measuring (`../shared/eval/EXCLUDED.sha256`), checked by its bytes, not its name."""

import json
from pathlib import Path

import pytest

from evaluation.excluded import ExcludedDocument, excluded, refuse_excluded, sha256
from tests.conftest import CORPUS, ROOT, SHARED

EXTRA = ROOT / "data" / "extra" / "docs"


def used_documents() -> dict[Path, str]:
    """Each document a label file of the project names (-> what it is used for), and the
    examples the demo and tests review."""
    sets = {
        "trained on": [SHARED / "eval" / "train-labels", ROOT / "data" / "labels"],
        "dev set": [SHARED / "eval" / "labels"],
        "check set": [ROOT / "data" / "check", ROOT / "data" / "check" / "second-annotator", ROOT / "data" / "extra" / "check-labels"],
        "tuned on": [ROOT / "data" / "extra" / "tune-labels"],
        "cross-validation pool": [ROOT / "data" / "extra" / "pool-labels", ROOT / "data" / "extra" / "second-labels"],
        "sealed check set": [ROOT / "data" / "extra" / "sealed-labels"],
    }
    used: dict[Path, str] = {}
    for use, folders in sets.items():
        for folder in folders:
            for f in folder.glob("*.jsonl"):
                name = json.loads(f.read_text().splitlines()[0])["doc"]
                path = next((d / name for d in (CORPUS, EXTRA) if (d / name).is_file()), None)
                assert path is not None, f"{f}: its document {name} is in neither the corpus nor data/extra/docs"
                used[path] = use
    for tsv in (ROOT / "data" / "findings").glob("*.tsv"):  # findings gold (issue 16)
        for line in tsv.read_text().splitlines()[1:]:
            name = line.split("\t", 1)[0]
            path = next((d / name for d in (CORPUS, EXTRA) if (d / name).is_file()), None)
            assert path is not None, f"{tsv}: its document {name} is in neither the corpus nor data/extra/docs"
            used.setdefault(path, "findings gold")
    for p in (ROOT / "examples").iterdir():
        if p.suffix in (".pdf", ".docx", ".md", ".txt"):
            used[p] = "bundled example"
    return used


def test_the_list_is_read():
    kept = excluded(SHARED)
    assert len(kept) >= 10 and all(len(h) == 64 and int(h, 16) >= 0 for h in kept)


def test_no_document_in_use_is_kept_apart():
    used = used_documents()
    assert len(used) >= 65  # every label folder was found (72 documents on 2026-12-06)
    kept = excluded(SHARED)
    hits = {str(p): use for p, use in used.items() if sha256(p) in kept}
    assert not hits, f"kept apart for measuring, yet used: {hits}"


def test_no_cuad_text_is_the_twin_of_a_document_kept_apart():
    """A CUAD contract comes as text and as the PDF it was converted from: the PDF may be
    the one kept apart (three candidates of session 12 were). data/extra/docs/TWINS.sha256
    records each CUAD text document's PDF twin; every CUAD text document in use has one,
    and none of them is on the list."""
    rows = [line.split("  ") for line in (EXTRA / "TWINS.sha256").read_text().splitlines() if line and not line.startswith("#")]
    twins = {name: digest for digest, name, _ in rows}
    used = [p.name for p in used_documents() if p.name.startswith("cuad_") and p.suffix == ".txt"]
    assert used and not [n for n in used if n not in twins], "a CUAD text document without its PDF twin's hash"
    kept = excluded(SHARED)
    assert not [n for n, d in twins.items() if d in kept]


def test_training_refuses_a_document_kept_apart(monkeypatch, tmp_path):
    """The same check guards `candor train`'s data loading, by bytes."""
    victim = CORPUS / "commonpaper_dpa.docx"
    fake_shared = tmp_path / "shared"
    (fake_shared / "eval").mkdir(parents=True)
    (fake_shared / "eval" / "EXCLUDED.sha256").write_text(f"# test\n{sha256(victim)}\n")
    with pytest.raises(ExcludedDocument, match="commonpaper_dpa.docx"):
        refuse_excluded([CORPUS / "commonpaper_psa.docx", victim], fake_shared)
    from training import dataset

    monkeypatch.setattr(dataset, "refuse_excluded", lambda paths, shared: refuse_excluded(paths, fake_shared))
    with pytest.raises(ExcludedDocument):
        dataset.load(SHARED, ROOT / "data" / "labels")
