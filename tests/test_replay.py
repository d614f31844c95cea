"""A fold's recorded scores replay exactly, so a rule change is measured across the same
folds without training; an input the recording lacks goes to the fold's own model."""

import json

from extractors.commitments.labels import HEADS, METRICS
from extractors.commitments.model import UnitScores
from training.replay import SCORES, Recording, Replay, key


class Scripted:
    """A fixed-score model: the score of a text is a function of its length."""

    thresholds = {h: 0.5 for h in HEADS}
    reads_context = True

    def __init__(self):
        self.asked: list = []

    def __call__(self, texts, on_batch=None, report_every=32):
        self.asked.extend(texts)
        return [UnitScores({h: (len(str(t)) % 7) / 7 for h in HEADS}, {m: (len(str(t)) % 5) / 5 for m in METRICS}) for t in texts]


def _fold(tmp_path, recording):
    (tmp_path / "weights").mkdir()
    card = {"heads": HEADS, "metrics": METRICS, "thresholds": recording.thresholds, "context": True}
    (tmp_path / "weights" / "model.json").write_text(json.dumps(card))
    recording.save(tmp_path / SCORES)
    return Replay(tmp_path)


def test_a_replay_answers_what_the_model_said(tmp_path):
    inputs = [("Respond within 2 hours.", "in: Support"), "Uptime is 99.9%.", ("Respond within 2 hours.", "in: Support")]
    recording = Recording(Scripted())
    said = recording(inputs)
    assert recording.thresholds == Scripted.thresholds  # extract() reads the model's own attributes through it
    replay = _fold(tmp_path, recording)
    assert replay(inputs) == said
    assert replay.thresholds == Scripted.thresholds and replay.reads_context
    assert replay.asked_anew == 0
    # a pair and the same words alone are different inputs
    assert key(("Uptime is 99.9%.", "")) != key("Uptime is 99.9%.")


def test_a_recording_kept_compressed_replays_the_same(tmp_path):
    import gzip

    inputs = ["Uptime is 99.9%.", ("Respond within 2 hours.", "in: Support")]
    recording = Recording(Scripted())
    said = recording(inputs)
    _fold(tmp_path, recording)
    (tmp_path / (SCORES + ".gz")).write_bytes(gzip.compress((tmp_path / SCORES).read_bytes()))
    (tmp_path / SCORES).unlink()
    replay = Replay(tmp_path)
    assert replay(inputs) == said and replay.asked_anew == 0


def test_an_input_the_recording_lacks_goes_to_the_fold_model(tmp_path):
    recording = Recording(Scripted())
    recording(["Uptime is 99.9%."])
    replay = _fold(tmp_path, recording)
    live = Scripted()
    replay._live = live  # stands in for the fold's graph
    out = replay(["Uptime is 99.9%.", "A new candidate.", "A new candidate."])
    assert live.asked == ["A new candidate."]  # asked once, and only for what was not recorded
    assert replay.asked_anew == 1
    assert out[1] == out[2] == Scripted()(["A new candidate."])[0]


def test_replaying_a_run_scores_the_same_documents_as_the_run(tmp_path):
    from extractors.commitments.extract import extract
    from extractors.parse import parse_path
    from tests.conftest import SHARED
    from training.cv import replay
    from training.folds import labelled_documents

    doc = min((d for d in labelled_documents(SHARED) if d.form == "gold"), key=lambda d: d.path.stat().st_size)
    run = tmp_path / "run"
    recording = Recording(Scripted())
    recorded = extract(parse_path(doc.path), recording)
    (run / "fold3").mkdir(parents=True)
    _fold(run / "fold3", recording)
    (run / "cv.json").write_text(json.dumps({"folds": {"3": [doc.doc]}}))
    results = replay(SHARED, [run], tmp_path / "again", log=lambda _: None)
    assert results["folds"] == {3: [doc.doc]}
    assert set(results["documents"]) == {doc.doc} and results["families"]["all"]["documents"] == 1
    again = json.loads((tmp_path / "again" / "predictions" / doc.doc / "commitments.json").read_text())["commitments"]
    assert [c["text"] for c in again] == [c.text for c in recorded]


def test_the_shipped_model_recorded_as_a_fold_replays_as_one(tmp_path):
    """record_shipped keeps a copy of the weights (a retrain overwrites the shipped folder),
    every score the model gave, and a run folder `replay` reads; it refuses a document the
    shipped model chose its thresholds on."""
    import pytest

    from extractors.commitments.model import WEIGHTS
    from tests.conftest import SHARED
    from training.cv import record_shipped, replay

    run = record_shipped(SHARED, ["msa_bonterms_sla.md"], tmp_path / "run", 7)
    fold = run / "fold7"
    assert (fold / "weights" / "model.json").read_bytes() == (WEIGHTS / "model.json").read_bytes()
    assert json.loads((run / "cv.json").read_text()) == {"folds": {"7": ["msa_bonterms_sla.md"]}}
    said = json.loads((fold / SCORES).read_text())
    assert said and all(set(r["heads"]) == set(HEADS) for r in said)
    again = replay(SHARED, [run], tmp_path / "replayed", log=lambda m: None)
    assert list(again["documents"]) == ["msa_bonterms_sla.md"]
    held = json.loads((WEIGHTS / "model.json").read_text())["held_out"][0]
    with pytest.raises(ValueError, match="thresholds"):
        record_shipped(SHARED, [held], tmp_path / "refused", 8)
