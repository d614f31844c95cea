"""Scoring against gold labels (GUIDELINES: "How extracted commitments are scored"), table-driven."""

import json
import re

import pytest
from rich.console import Console

from evaluation import (
    METRICS,
    GoldDoc,
    format_table,
    load_gold,
    load_predictions,
    pair,
    qualifies,
    score,
    score_doc,
    text_match,
    to_json,
    words,
)
from extractors.units import same_target
from schemas import Commitment, Commitments
from tests.conftest import LABELS, ROOT

ALL = {"service_level", "client_obligation", "provider_obligation"}
NO_PROVIDER = {"service_level", "client_obligation"}


def item(text, kind="service_level", obligor="provider", metric=None, value=None, unit=None, vague=False, page=None,
         doc="d.md"):
    if kind == "service_level" and metric is None:
        metric = "other"
    return Commitment(doc=doc, text=text, kind=kind, obligor=obligor, metric=metric, value=value, unit=unit,
                      vague=vague, page=page)


def ws(n, start=0):
    """n distinct words w<start> .. w<start+n-1>."""
    return " ".join(f"w{i}" for i in range(start, start + n))


# --- words and text_match -------------------------------------------------------------------------------------------


def test_words():
    assert words("Café: 24x7, E-mail_box; 99.9%") == {"café", "24x7", "e", "mail", "box", "99", "9"}


@pytest.mark.parametrize(
    "a, b, expected",
    [
        ("a b c", "a b d", True),  # Jaccard 2/4 = 0.5 exactly: inclusive
        ("a b c", "a b d e", False),  # Jaccard 2/5, shorter has 3 words: no containment
        ("a b c", ws(3) + " a b c", True),  # Jaccard 3/6 = 0.5
        ("a b c", ws(4) + " a b c", False),  # Jaccard 3/7; contained wholly, but only 3 words
        ("a b c d", ws(16) + " a b c d", True),  # Jaccard 0.2; 4 words, containment 1
        ("a b c d", ws(16) + " a b c", True),  # containment 3/4
        ("a b c d e", ws(16) + " a b", False),  # containment 2/5
        (ws(20), ws(11) + " " + ws(29, 100), True),  # containment 11/20 = 0.55 exactly: inclusive
        (ws(20), ws(10) + " " + ws(30, 100), False),  # containment 10/20 = 0.5
        (ws(20, 100) + " " + ws(11), ws(20), True),  # longer side first: same answer
        ("The Contractor SHALL respond.", "the contractor shall respond", True),  # case and punctuation
        ("a a a a a a b", "a b c", True),  # sets: {a,b} vs {a,b,c} = 2/3 (as multisets 2/8)
        ("", "", False),
        ("--", "...", False),
    ],
)
def test_text_match(a, b, expected):
    assert text_match(a, b) is expected
    assert text_match(b, a) is expected


# --- qualifying pairs and one-to-one pairing ---------------------------------------------------------------------------

SL = dict(metric="response_time", value=4, unit="hour")


@pytest.mark.parametrize(
    "gold, pred, expected",
    [
        (item("Respond within 4 hours", **SL, page=3), item("Sev 1 tickets acknowledged", **SL, page=3), True),
        (item("Respond within 4 hours", **SL, page=3), item("Sev 1 tickets acknowledged", **SL, page=4), False),
        (item("Respond within 4 hours", **SL), item("Sev 1 tickets acknowledged", **SL), False),  # no page: no route
        (item("Respond within 4 hours", **SL, page=3),
         item("Sev 1 tickets acknowledged", metric="response_time", value=240, unit="minute", page=3), True),
        (item("Respond within 4 hours", **SL, page=3),
         item("Sev 1 tickets acknowledged", metric="response_time", value=8, unit="hour", page=3), False),
        (item("Respond within 4 hours", **SL, page=3),
         item("Sev 1 tickets acknowledged", metric="resolution_time", value=4, unit="hour", page=3), False),
        (item("Respond within 4 hours", **SL, page=3),
         item("Sev 1 tickets acknowledged", kind="obligation", value=4, unit="hour", page=3), False),
        (item("Respond within 4 hours", kind="obligation"), item("respond within 4 hours", **SL), True),  # text
    ],
)
def test_qualifies(gold, pred, expected):
    assert qualifies(gold, pred) is expected


@pytest.mark.parametrize(
    "gold, preds, expected",
    [
        # Two predictions compete for one gold: target agreement beats document order.
        ([item("Respond within 4 hours", **SL)],
         [item("Respond within 4 hours", metric="response_time", value=8, unit="hour"),
          item("Respond within 4 hours", **SL)],
         [(0, 1)]),
        # Same agreement: higher text similarity wins.
        ([item("The Contractor shall respond within 4 hours", **SL)],
         [item("The Contractor shall respond within 4 hours to all calls", **SL),
          item("the contractor shall respond within 4 hours", **SL)],
         [(0, 1)]),
        # Agreement ranks before similarity: an identical text with the wrong obligor loses.
        ([item("The Contractor shall respond within 4 hours", **SL)],
         [item("The Contractor shall respond within 4 hours", **SL, obligor="client"),
          item("The Contractor shall respond within 4 hours to all calls", **SL)],
         [(0, 1)]),
        # Equal agreement and Jaccard (0.5 both): containment decides, 4/6 against 6/6.
        ([item("a b c d e f", **SL)], [item("a b c d x y", **SL), item("a b c d e f g h i j k l", **SL)], [(0, 1)]),
        # One sentence, two targets: each gold goes to the prediction with its target.
        ([item("Respond in 1 hour and resolve in 4 hours", metric="response_time", value=1, unit="hour"),
          item("Respond in 1 hour and resolve in 4 hours", metric="resolution_time", value=4, unit="hour")],
         [item("Respond in 1 hour and resolve in 4 hours", metric="resolution_time", value=4, unit="hour"),
          item("Respond in 1 hour and resolve in 4 hours", metric="response_time", value=1, unit="hour")],
         [(0, 1), (1, 0)]),
        # One to one: a single prediction pairs with a single gold.
        ([item("Respond within 4 hours", **SL), item("Respond within 4 hours", **SL)],
         [item("Respond within 4 hours", **SL)],
         [(0, 0)]),
        # Full tie: document order decides.
        ([item("Respond within 4 hours", **SL)],
         [item("Respond within 4 hours", **SL), item("Respond within 4 hours", **SL)],
         [(0, 0)]),
        ([item("Respond within 4 hours", **SL)], [item("Keep records of all visits", kind="obligation")], []),
    ],
)
def test_pair(gold, preds, expected):
    assert pair(gold, preds) == expected


# --- each metric on a hand-built document ------------------------------------------------------------------------------

G = [
    item("The Contractor shall respond to Severity 1 tickets within 4 hours.", **SL),  # g0
    item("The system shall be available 99.9% of each month.", metric="availability", value=99.9, unit="percent"),
    item("The Contractor shall deliver a monthly status report.", metric="reporting_cadence", value=1,
         unit="per_month"),  # g2
    item("The Government shall provide building access badges to contractor staff.", kind="obligation",
         obligor="client"),  # g3
    item("The Contractor shall promptly notify the Government of security incidents.", kind="obligation",
         vague=True),  # g4
    item("The Government will hold regular reviews as needed.", kind="obligation", obligor="client", vague=True),
    item("The Government shall review each deliverable within 5 business days.", obligor="client",
         metric="delivery_time", value=5, unit="business_day"),  # g6
    item("Defects shall be corrected in a timely manner.", metric="resolution_time", vague=True),  # g7
]
P = [
    item(G[0].text, metric="response_time", value=240, unit="minute"),  # exact after normalising
    item(G[1].text, metric="availability", value=99.5, unit="percent"),  # found, wrong target
    item(G[2].text, kind="obligation"),  # an SL called an obligation
    item(G[3].text, kind="obligation"),  # wrong obligor
    item(G[4].text, kind="obligation"),  # missed vague
    item(G[6].text, obligor="client", metric="delivery_time", value=5, unit="business_day", vague=True),
    item("The Contractor shall maintain a quality control plan.", kind="obligation", vague=True),  # spurious
    item("Help desk hours are 8:00 to 17:00 Monday to Friday.", metric="support_hours", value=45,
         unit="hours_per_week"),  # spurious SL
    item(G[7].text, metric="resolution_time", vague=True),
]


def test_hand_built_pairs():
    assert pair(G, P) == [(0, 0), (1, 1), (2, 2), (3, 3), (4, 4), (6, 5), (7, 8)]


@pytest.mark.parametrize(
    "metric, tp, fp, fn",
    [
        ("service_levels_found", 4, 1, 1),  # g2 missed (predicted as obligation); p7 spurious
        ("service_levels_exact", 3, 2, 2),  # and g1/p1 disagree on target
        ("client_obligations", 1, 0, 2),  # g6 found; g3 given the wrong obligor; g5 missed
        ("provider_obligations", 1, 3, 0),  # g4 found; p2, p3, p6 are not gold provider obligations
        ("vague", 1, 2, 2),  # g7/p8 agree; g4 not flagged, g5 missed; p5 (gold not vague), p6 unpaired
    ],
)
def test_metric_counts(metric, tp, fp, fn):
    counts = score_doc(GoldDoc("d.md", ALL, G), P).counts[metric]
    assert (counts.tp, counts.fp, counts.fn) == (tp, fp, fn)


def test_obligor_accuracy():
    row = score_doc(GoldDoc("d.md", ALL, G), P)
    assert (row.obligor.agree, row.obligor.pairs) == (6, 7)  # g3/p3 disagree
    assert row.obligor.rate == pytest.approx(6 / 7)


def test_ratios():
    c = score_doc(GoldDoc("d.md", ALL, G), P).counts["provider_obligations"]
    assert (c.precision, c.recall, c.f1) == (pytest.approx(0.25), 1.0, pytest.approx(0.4))


def test_totals_are_micro():
    gold = {"a.md": GoldDoc("a.md", ALL, [item("Respond within 4 hours", **SL)]),
            "b.md": GoldDoc("b.md", ALL, [item(f"Resolve class {i} within 8 hours", doc="b.md") for i in "xyz"])}
    total = score(gold, {"a.md": gold["a.md"].items}).total["service_levels_found"]
    assert (total.tp, total.fp, total.fn) == (1, 0, 3)
    assert total.f1 == pytest.approx(2 / 5)  # the macro mean of per-document F1 would be 0.5


# --- scope --------------------------------------------------------------------------------------------------------------

SCOPED_GOLD = [item("Respond within 4 hours", **SL)]
SCOPED_PRED = [item("Respond within 4 hours", **SL), item("Keep records of all site visits", kind="obligation")]


@pytest.mark.parametrize("scope, provider_fp, ignored", [(ALL, 1, 0), (NO_PROVIDER, None, 1)])
def test_scope_exclusion(scope, provider_fp, ignored):
    row = score_doc(GoldDoc("d.md", scope, SCOPED_GOLD), SCOPED_PRED)
    assert row.ignored == ignored
    assert (row.counts["provider_obligations"].fp if "provider_obligations" in row.counts else None) == provider_fp
    assert row.counts["service_levels_found"].tp == 1


def test_out_of_scope_prediction_takes_no_pair():
    # Without provider scope, a provider obligation is dropped before pairing: not an fp, not a pair.
    gold = GoldDoc("d.md", NO_PROVIDER, SCOPED_GOLD)
    row = score_doc(gold, [item("Respond within 4 hours", kind="obligation")])
    assert (row.pairs, row.obligor.pairs, row.ignored) == (0, 0, 1)
    assert (row.counts["service_levels_found"].fp, row.counts["service_levels_found"].fn) == (0, 1)


def test_a_page_range_keeps_predictions_elsewhere_out_of_scope(tmp_path):
    header = {"doc": "d.pdf", "scope": sorted(ALL), "pages": [2, 3]}
    lines = [json.dumps(header), item("Respond within 4 hours", doc="d.pdf", page=2, **SL).model_dump_json()]
    (tmp_path / "d.pdf.jsonl").write_text("\n".join(lines) + "\n")
    gold = load_gold(tmp_path)["d.pdf"]
    assert gold.pages == (2, 3)
    preds = [item("Respond within 4 hours", doc="d.pdf", page=2, **SL), item("Resolve within 8 hours", doc="d.pdf", page=5, **SL),
             item("Report monthly to the COR", doc="d.pdf", page=None, **SL)]
    row = score_doc(gold, preds)
    assert (row.ignored, row.counts["service_levels_found"].tp, row.counts["service_levels_found"].fp) == (2, 1, 0)


@pytest.mark.parametrize("pages", [[5, 2], [1, "3"], [1, 2, 3]])
def test_load_gold_rejects_a_bad_page_range(tmp_path, pages):
    (tmp_path / "d.pdf.jsonl").write_text(json.dumps({"doc": "d.pdf", "scope": ["service_level"], "pages": pages}) + "\n")
    with pytest.raises(ValueError, match="pages"):
        load_gold(tmp_path)


def test_documents_without_gold_are_ignored():
    gold = {"d.md": GoldDoc("d.md", ALL, SCOPED_GOLD)}
    extra = [item(f"Spurious {i} within 2 hours", doc="x.md") for i in range(5)]
    scores = score(gold, {"d.md": SCOPED_PRED[:1], "x.md": extra})
    assert list(scores.docs) == ["d.md"] and scores.unscored == ["x.md"]
    assert all(scores.total[m].fp == 0 for m in METRICS)


def test_gold_without_predictions_counts_as_missed():
    scores = score({"d.md": GoldDoc("d.md", ALL, SCOPED_GOLD)}, {})
    assert (scores.total["service_levels_found"].fn, scores.total["service_levels_found"].recall) == (1, 0.0)


# --- target normalisation -----------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "a, b, same",
    [
        ((2, "business_day"), (16, "business_hour"), True),
        ((1, "day"), (24, "hour"), True),
        ((0.5, "per_week"), (26, "per_year"), True),
        ((4, "hour"), (240, "minute"), True),
        ((4, "business_hour"), (4, "hour"), False),
        ((1, "business_day"), (8, "hour"), False),
        ((99.9, "percent"), (99.5, "percent"), False),
        ((None, None), (4, "hour"), False),
    ],
)
def test_target_normalisation(a, b, same):
    assert same_target(a, b) is same
    # Through the scorer: a matched service level is "exact" only when the targets agree.
    gold = GoldDoc("d.md", ALL, [item("Resolve within the target", metric="resolution_time", value=a[0], unit=a[1])])
    pred = [item("Resolve within the target", metric="resolution_time", value=b[0], unit=b[1])]
    row = score_doc(gold, pred)
    assert row.counts["service_levels_found"].tp == 1
    assert row.counts["service_levels_exact"].tp == int(same)


# --- loading ------------------------------------------------------------------------------------------------------------


def test_load_gold(tmp_path):
    header = {"doc": "d.pdf", "scope": ["service_level", "client_obligation"], "annotator": "C"}
    lines = [json.dumps(header)] + [item(t, doc="d.pdf", page=2).model_dump_json() for t in ("a b", "c d")]
    (tmp_path / "d.pdf.jsonl").write_text("\n".join(lines) + "\n")
    gold = load_gold(tmp_path)
    assert list(gold) == ["d.pdf"]
    assert gold["d.pdf"].scope == {"service_level", "client_obligation"}
    assert [c.text for c in gold["d.pdf"].items] == ["a b", "c d"]


def test_load_gold_rejects_an_item_of_another_document(tmp_path):
    lines = [json.dumps({"doc": "d.pdf", "scope": ["service_level"]}), item("a b", doc="other.pdf").model_dump_json()]
    (tmp_path / "d.pdf.jsonl").write_text("\n".join(lines))
    with pytest.raises(ValueError, match="other.pdf"):
        load_gold(tmp_path)


def test_load_predictions(tmp_path):
    (tmp_path / "d.pdf").mkdir()
    (tmp_path / "d.pdf" / "commitments.json").write_text(Commitments(commitments=SCOPED_PRED).model_dump_json())
    (tmp_path / "no_output.md").mkdir()  # a failed run leaves no commitments.json: not a document
    predictions = load_predictions(tmp_path)
    assert list(predictions) == ["d.pdf"]
    assert predictions["d.pdf"] == SCOPED_PRED


# --- the dev set --------------------------------------------------------------------------------------------------------


def test_dev_gold_against_itself_scores_one():
    gold = load_gold(LABELS)
    assert len(gold) == 6
    # Reversed, so that pairing cannot lean on document order.
    scores = score(gold, {doc: g.items[::-1] for doc, g in gold.items()})
    for metric in METRICS:
        assert scores.total[metric].tp > 0, metric  # 1.0 over nothing would prove nothing
        assert scores.total[metric].f1 == 1.0, metric
    assert scores.obligor.rate == 1.0
    for row in scores.docs.values():
        assert all(c.f1 in (1.0, None) and c.fp == c.fn == 0 for c in row.counts.values()), row.doc


def test_dev_gold_against_nothing_recalls_nothing():
    scores = score(load_gold(LABELS), {})
    for metric in METRICS:
        assert scores.total[metric].fn > 0 and scores.total[metric].recall == 0.0, metric


# --- reports ------------------------------------------------------------------------------------------------------------


def test_format_table_and_json():
    gold = {"d.md": GoldDoc("d.md", ALL, G), "n.md": GoldDoc("n.md", NO_PROVIDER, SCOPED_GOLD)}
    results = {"model": score(gold, {"d.md": P, "n.md": SCOPED_PRED}), "baseline": score(gold, {})}
    console = Console(record=True, width=250)
    console.print(format_table(results))
    text = console.export_text()
    assert "model" in text and "baseline" in text and "SL exact" in text
    assert re.search(r"overall F1\s*│\s*model\s*│\s*0\.833", text)  # SL found: tp 5, fp 1, fn 1 over both docs
    assert re.search(r"n\.md F1\s*│\s*model\s*│.*n/a", text)  # no provider scope
    data = json.loads(json.dumps(to_json(results)))
    assert data["model"]["total"]["service_levels_found"] == {"tp": 5, "fp": 1, "fn": 1, "precision": 5 / 6,
                                                              "recall": 5 / 6, "f1": 5 / 6}
    assert data["baseline"]["total"]["vague"]["precision"] is None
    assert "provider_obligations" not in data["model"]["docs"]["n.md"]["metrics"]
    assert data["model"]["docs"]["n.md"]["ignored"] == 1


def test_schemas_and_extractors_do_not_import_evaluation():
    offenders = [p for folder in ("schemas", "extractors") for p in (ROOT / folder).rglob("*.py")
                 if re.search(r"^\s*(from|import)\s+evaluation\b", p.read_text(), re.M)]
    assert offenders == []
