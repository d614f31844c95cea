"""What the model may read beside a unit (issue 15): the headings it sits under, its
table's first row and the words before it; and a model trained on context gets it."""

from extractors.commitments.context import WIDTH, contexts
from extractors.commitments.extract import extract
from extractors.commitments.labels import HEADS, METRICS
from extractors.commitments.model import UnitScores
from extractors.parse import parse_bytes

DOC = """# Support Services

## 4.2 Response times

The Provider shall staff a help desk.
The Provider shall answer each call within 30 seconds.

| Severity | Response |
|---|---|
| Severity 1 incidents | 15 minutes |
| Severity 2 incidents | 4 hours |

# Fees

The Customer shall pay each invoice within thirty days.
"""


def parse(text: str):
    return parse_bytes(text.encode(), "test://t.md", "t.md")


def by_text(doc) -> dict[str, str]:
    around = contexts(doc)
    return {s.text: around[s.index] for s in doc.sentences if s.index in around}


def test_headings_table_head_and_the_words_before():
    got = by_text(parse(DOC))
    assert got["The Provider shall answer each call within 30 seconds."] == (
        "in: Support Services > 4.2 Response times | before: The Provider shall staff a help desk.")
    # a row reads its table's first row, not the row above it
    assert got["Severity 2 incidents | 4 hours"] == "in: Support Services > 4.2 Response times | table: Severity | Response"
    # a new top-level heading closes the ones under the last
    assert got["The Customer shall pay each invoice within thirty days."].startswith("in: Fees | before: ")


def test_context_parts_are_clipped():
    long = "The Provider shall " + "keep records of every visit " * 20 + "."
    got = by_text(parse(f"# T\n\n{long}\n\nThe Customer shall pay.\n"))
    before = got["The Customer shall pay."].split("before: ", 1)[1]
    assert before.startswith("…") and len(before) <= WIDTH + 1


class Recorder:
    """A fixed-score model that keeps what it was given."""

    def __init__(self, reads_context: bool):
        self.reads_context = reads_context
        self.thresholds = {h: 0.5 for h in HEADS}
        self.seen: list = []

    def __call__(self, texts, on_batch=None):
        self.seen.extend(texts)
        heads = {h: 0.9 if h == "ob_provider" else 0.1 for h in HEADS}
        return [UnitScores(heads, {m: 0.1 for m in METRICS}) for _ in texts]


def test_a_context_model_gets_pairs_and_a_plain_one_texts():
    doc = parse(DOC)
    plain, reader = Recorder(False), Recorder(True)
    assert extract(doc, plain) == extract(doc, reader)  # same fixed scores, same items
    assert all(isinstance(t, str) for t in plain.seen)
    assert all(isinstance(t, tuple) and len(t) == 2 for t in reader.seen)
    assert ("The Provider shall answer each call within 30 seconds.",
            "in: Support Services > 4.2 Response times | before: The Provider shall staff a help desk.") in reader.seen


def test_training_examples_carry_the_context_of_their_unit(tmp_path):
    import json

    from training.dataset import from_sentence_labels

    doc = tmp_path / "t.md"
    doc.write_text(DOC)
    rows = [{"doc": "t.md", "sentence": 99, "text": "The Provider shall answer each call within 30 seconds.", "items": []},
            # labelled before a reader fix restored its spaces: still found
            {"doc": "t.md", "sentence": 0, "text": "TheCustomer shall pay each invoice within thirtydays.", "items": []}]
    labels = tmp_path / "t.md.jsonl"
    labels.write_text("\n".join(json.dumps(r) for r in rows))
    got = [e.context for e in from_sentence_labels(labels, doc)]
    assert got[0] == "in: Support Services > 4.2 Response times | before: The Provider shall staff a help desk."
    assert got[1].startswith("in: Fees")
    assert [e.context for e in from_sentence_labels(labels)] == ["", ""]  # no document, no context
