"""The run-time graph decides as the fp32 torch network does, on thousands of corpus
units: no decision (kind, obligor, metric, vague) may depend on how the graph was built
or on the CPU's kernels. The int8 graph it replaced moved scores by up to 0.21, flipped a
decision on 3,045 of 7,155 distinct corpus candidates, and computed differently on CPUs
with and without VNNI (issue 14, docs/MODEL_CARD.md)."""

import pytest

from evaluation.excluded import excluded, sha256
from extractors.commitments.extract import IMPERATIVE_OBLIGATION, NO_DUTY_LEVEL, candidate_units, extract
from extractors.commitments.metric import COMPATIBLE, KEYWORD_WEIGHT
from extractors.commitments.model import WEIGHTS, CommitmentModel, UnitScores
from extractors.parse import parse_path
from tests.conftest import CORPUS

torch = pytest.importorskip("torch")  # the training extra; `make test` installs it

# The four largest documents are left out to keep this near a minute on two cores; the
# rest hold some 2,500 distinct candidate units of every kind (prose, tables, lists).
SKIPPED = {"gsa_fpdsng_solicitation.pdf", "cuad_ofg_metavante_outsourcing.pdf", "cuad_ofg_metavante_outsourcing.txt",
           "uspto_hr_ops_rfp.pdf"}
MAX_SCORE_DIFF = 1e-5


def _documents(shared) -> list:
    kept = excluded(shared)
    paths = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".pdf", ".docx", ".md", ".txt")
             and "scanned" not in p.name and p.name not in SKIPPED
             and sha256(p) not in kept]  # never read a document kept apart for measuring
    return [parse_path(p) for p in paths]


def _torch_scores(model: CommitmentModel, texts: list[str]) -> dict[str, UnitScores]:
    """The fp32 network the graph was exported from, in length-sorted padded batches (the
    mask keeps padding out; what padding changes is float rounding, well under 1e-6)."""
    from safetensors.torch import load_file

    from extractors.commitments.net import load_merged

    net = load_merged(load_file(str(WEIGHTS / "weights.safetensors")))
    order = sorted(texts, key=lambda t: len(model.tokenizer.encode(t).ids))
    out = {}
    with torch.inference_mode():
        for i in range(0, len(order), 64):
            batch = order[i : i + 64]
            feeds = model.preprocess(batch)
            heads, metrics = net(torch.from_numpy(feeds["input_ids"]), torch.from_numpy(feeds["attention_mask"]))
            out.update(zip(batch, model.postprocess(torch.sigmoid(heads).numpy(), torch.sigmoid(metrics).numpy())))
    return out


def decisions(s: UnitScores, thresholds: dict[str, float]) -> dict[str, object]:
    """Every call extract.py and metric.py make on a unit's scores: each head against its
    threshold and the 0.5 gates, which side leans, and the metric head's pick among each
    set of metrics a target's kind allows, with and without a metric word's nudge."""
    h, m = s.heads, s.metrics
    out: dict[str, object] = {f"{k} >= {v}": h[k] >= v for k, v in thresholds.items()}
    out |= {f"{k} >= {IMPERATIVE_OBLIGATION}": h[k] >= IMPERATIVE_OBLIGATION for k in ("ob_provider", "ob_client")}
    out[f"service level >= {NO_DUTY_LEVEL}"] = max(h["sl_provider"], h["sl_client"]) >= NO_DUTY_LEVEL
    out |= {f"{p} side": h[f"{p}_provider"] >= h[f"{p}_client"] for p in ("sl", "ob")}
    for allowed in [set(m), *COMPATIBLE.values()]:
        for named in [None, *sorted(allowed)]:
            key = f"metric of {sorted(allowed)}" + (f" + {named}" if named else "")
            out[key] = max(sorted(allowed), key=lambda x: m[x] + (KEYWORD_WEIGHT if x == named else 0.0))
    return out


class _Fixed:
    """Scores looked up, for extract(): the torch network's in the runtime model's place."""

    def __init__(self, scores: dict[str, UnitScores], thresholds):
        self.scores, self.thresholds = scores, thresholds

    def __call__(self, texts, on_batch=None):
        return [self.scores[t] for t in texts]


@pytest.fixture(scope="module")
def compared(shared):
    model = CommitmentModel()
    docs = _documents(shared)
    texts = list(dict.fromkeys(u.sentence.text for d in docs for u in candidate_units(d)))
    graph = dict(zip(texts, model(texts)))
    return model, docs, texts, graph, _torch_scores(model, texts)


def test_the_graph_scores_as_the_torch_network(compared):
    _, _, texts, graph, net = compared
    assert len(texts) >= 2000
    diff = max(abs(getattr(graph[t], part)[k] - v) for t in texts for part in ("heads", "metrics")
               for k, v in getattr(net[t], part).items())
    print(f"\n{len(texts)} distinct corpus units, max |graph - torch| score {diff:.2e}")
    assert diff < MAX_SCORE_DIFF


def test_no_decision_flips_on_corpus_units(compared):
    model, _, texts, graph, net = compared
    flips = []
    for t in texts:
        ours, theirs = decisions(graph[t], model.thresholds), decisions(net[t], model.thresholds)
        flips += [(t[:80], k) for k in ours if ours[k] != theirs[k]]
    assert not flips, f"{len(flips)} flipped decisions, first: {flips[:5]}"


def test_extraction_is_the_same_as_with_the_torch_network(compared):
    model, docs, _, graph, net = compared

    def seen(d, scorer):
        return [(c.span, c.kind, c.obligor, c.metric, c.vague, c.value, c.unit) for c in extract(d, scorer)]

    for d in docs:
        assert seen(d, _Fixed(graph, model.thresholds)) == seen(d, _Fixed(net, model.thresholds)), d.source.name
