"""Scoring predicted commitments against gold labels.

Implements "How extracted commitments are scored against labels" in
shared/eval/GUIDELINES.md. Readings of the points the text leaves open are stated where
they are applied: `text_match`, `qualifies`, `pair`, `in_scope` and `score_doc`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from fractions import Fraction

from evaluation.gold import GoldDoc
from extractors.units import same_target
from schemas import Commitment, Kind, Obligor

# Fractions, not floats: a ratio exactly at a threshold must meet it (in floats 0.55 * 100 > 55).
JACCARD = Fraction(1, 2)
CONTAINMENT = Fraction(11, 20)
CONTAINMENT_MIN_WORDS = 4

METRICS = ("service_levels_found", "service_levels_exact", "client_obligations", "provider_obligations", "vague")

_WORD = re.compile(r"[^\W_]+")  # letters and digits, any script; `_` and punctuation split words


def words(text: str) -> set[str]:
    """The set of lower-cased runs of letters and digits in `text`."""
    return set(_WORD.findall(text.lower()))


def _overlap(a: str, b: str) -> tuple[Fraction, Fraction | None]:
    """(Jaccard, containment), containment None when the shorter side has under 4 words."""
    wa, wb = words(a), words(b)
    shorter, longer = sorted((wa, wb), key=len)
    if not shorter:
        return Fraction(0), None
    shared = len(wa & wb)
    jaccard = Fraction(shared, len(wa | wb))
    containment = Fraction(shared, len(shorter)) if len(shorter) >= CONTAINMENT_MIN_WORDS else None
    return jaccard, containment


def text_similarity(a: str, b: str) -> tuple[float, float]:
    """(Jaccard, containment or 0): what ranks pairs of equal agreement, Jaccard first.

    Jaccard leads because containment cannot tell an exact copy from a longer text that
    wraps it (both 1.0); containment then separates pairs of equal Jaccard.
    """
    jaccard, containment = _overlap(a, b)
    return float(jaccard), float(containment or 0)


def text_match(a: str, b: str) -> bool:
    """Do two texts share enough words to be the same commitment?

    Words are `words(text)`: sets, so repeats count once. The texts match when
    - Jaccard |A ∩ B| / |A ∪ B| >= 0.5, or
    - containment |shorter ∩ longer| / |shorter| >= 0.55, where "shorter" is the side with
      fewer distinct words and has at least 4 of them (equal sizes give the same value
      either way). Both thresholds are inclusive. Empty texts match nothing.
    """
    jaccard, containment = _overlap(a, b)
    return jaccard >= JACCARD or (containment is not None and containment >= CONTAINMENT)


def same_metric_and_target(a: Commitment, b: Commitment) -> bool:
    """Same metric and the same normalised target (`extractors.units.same_target`)."""
    return a.metric == b.metric and same_target((a.value, a.unit), (b.value, b.unit))


def qualifies(gold: Commitment, pred: Commitment) -> bool:
    """May these two items be paired?

    Either their texts match, or both are service levels on the same page with the same
    metric and normalised target. Reading: "the same page" needs a page on both sides.
    Pages exist for PDFs only, and this route exists for PDF tables whose extracted text
    is interleaved; two null pages would otherwise pair any two service levels of a text
    document that share a metric and target. Two absent targets do agree (`same_target`).
    """
    if text_match(gold.text, pred.text):
        return True
    both_sl = gold.kind == Kind.service_level and pred.kind == Kind.service_level
    return both_sl and gold.page is not None and gold.page == pred.page and same_metric_and_target(gold, pred)


def agreement(gold: Commitment, pred: Commitment) -> int:
    """How many of metric, target, kind and obligor agree (0-4); absent on both sides agrees."""
    return (
        (gold.metric == pred.metric)
        + same_target((gold.value, gold.unit), (pred.value, pred.unit))
        + (gold.kind == pred.kind)
        + (gold.obligor == pred.obligor)
    )


def pair(gold: Sequence[Commitment], pred: Sequence[Commitment]) -> list[tuple[int, int]]:
    """One-to-one pairs (gold index, pred index), best pairs first, sorted by gold index.

    Greedy over all qualifying pairs ranked by: more agreements (`agreement`) first, then
    higher `text_similarity` (Jaccard, then containment), then document order (lower gold
    index, then lower pred index) so that ties resolve the same way every run. A pair is
    taken when neither side is taken yet.
    """
    candidates = [
        (-agreement(g, p), *(-x for x in text_similarity(g.text, p.text)), gi, pi)
        for gi, g in enumerate(gold)
        for pi, p in enumerate(pred)
        if qualifies(g, p)
    ]
    taken_gold: set[int] = set()
    taken_pred: set[int] = set()
    pairs = []
    for *_, gi, pi in sorted(candidates):
        if gi not in taken_gold and pi not in taken_pred:
            taken_gold.add(gi)
            taken_pred.add(pi)
            pairs.append((gi, pi))
    return sorted(pairs)


def scopes_of(item: Commitment) -> set[str]:
    """The label scopes an item belongs to: a client service level is in two."""
    scopes = set()
    if item.kind == Kind.service_level:
        scopes.add("service_level")
    if item.obligor == Obligor.client:
        scopes.add("client_obligation")
    elif item.kind == Kind.obligation:
        scopes.add("provider_obligation")
    return scopes


def in_scope(item: Commitment, scope: set[str]) -> bool:
    """Was this item's category labelled in a document of this scope?

    Reading of "predicted items outside a document's labelled scope are not counted
    against it": such items are dropped before pairing, so they are neither false
    positives nor able to take a gold item's pair (nor count in obligor accuracy).
    """
    return bool(scopes_of(item) & scope)


def on_labelled_pages(item: Commitment, pages: tuple[int, int] | None) -> bool:
    """Where only pages first..last were labelled, a prediction elsewhere (or with no page)
    is outside the labelled scope, like a category the file does not label."""
    return pages is None or (item.page is not None and pages[0] <= item.page <= pages[1])


@dataclass
class Counts:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    # None where the ratio is 0/0: nothing predicted (precision) or nothing to find (recall).
    @property
    def precision(self) -> float | None:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else None

    @property
    def recall(self) -> float | None:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else None

    @property
    def f1(self) -> float | None:
        denominator = 2 * self.tp + self.fp + self.fn
        return 2 * self.tp / denominator if denominator else None


@dataclass
class Agreement:
    """Obligor accuracy: `agree` of `pairs` matched items name the same obligor."""

    agree: int = 0
    pairs: int = 0

    def __add__(self, other: Agreement) -> Agreement:
        return Agreement(self.agree + other.agree, self.pairs + other.pairs)

    @property
    def rate(self) -> float | None:
        return self.agree / self.pairs if self.pairs else None


@dataclass
class DocScores:
    doc: str
    # Only the metrics the document's scope allows: no "provider_obligations" key without that scope.
    counts: dict[str, Counts]
    obligor: Agreement
    pairs: int
    ignored: int  # predicted items outside the labelled scope


@dataclass
class Scores:
    docs: dict[str, DocScores]
    total: dict[str, Counts]  # micro: counts summed over the documents each metric applies to
    obligor: Agreement
    unscored: list[str] = field(default_factory=list)  # predicted documents with no gold file, ignored


def _counts(gold: list[Commitment], pred: list[Commitment], pairs: list[tuple[int, int]], test, both=None) -> Counts:
    """tp = pairs where gold and pred pass `test` (and `both(gold, pred)`); fn, fp = the rest of each side."""
    tp = sum(1 for gi, pi in pairs if test(gold[gi]) and test(pred[pi]) and (both is None or both(gold[gi], pred[pi])))
    return Counts(tp=tp, fp=sum(map(test, pred)) - tp, fn=sum(map(test, gold)) - tp)


def _is_sl(c: Commitment) -> bool:
    return c.kind == Kind.service_level


def _is_client(c: Commitment) -> bool:
    return c.obligor == Obligor.client


def _is_provider_obligation(c: Commitment) -> bool:
    return c.kind == Kind.obligation and c.obligor == Obligor.provider


def _is_vague(c: Commitment) -> bool:
    return c.vague


def score_doc(gold: GoldDoc, predicted: Sequence[Commitment]) -> DocScores:
    """Scores of one document.

    Each metric: tp = pairs where both sides are in the metric's class (and, for
    "exact", agree on metric and normalised target); fn = gold items of the class not
    counted as tp; fp = predicted items of the class not counted as tp. So a predicted
    service level paired with a gold one but with the wrong target is a tp of "found"
    and both an fp and an fn of "exact". Reading of "vague: among pairs, both marked
    vague": tp = pairs with gold and pred vague; fn = other gold vague items (unpaired,
    or paired with a non-vague prediction); fp = other predicted vague items (unpaired,
    or paired with non-vague gold). Vague counts in every scope.
    """
    items = list(gold.items)
    kept = [p for p in predicted if in_scope(p, gold.scope) and on_labelled_pages(p, gold.pages)]
    pairs = pair(items, kept)
    counts = {}
    if "service_level" in gold.scope:
        counts["service_levels_found"] = _counts(items, kept, pairs, _is_sl)
        counts["service_levels_exact"] = _counts(items, kept, pairs, _is_sl, same_metric_and_target)
    if "client_obligation" in gold.scope:
        counts["client_obligations"] = _counts(items, kept, pairs, _is_client)
    if "provider_obligation" in gold.scope:
        counts["provider_obligations"] = _counts(items, kept, pairs, _is_provider_obligation)
    counts["vague"] = _counts(items, kept, pairs, _is_vague)
    obligor = Agreement(agree=sum(items[gi].obligor == kept[pi].obligor for gi, pi in pairs), pairs=len(pairs))
    return DocScores(doc=gold.doc, counts=counts, obligor=obligor, pairs=len(pairs), ignored=len(predicted) - len(kept))


def score(gold: Mapping[str, GoldDoc], predicted: Mapping[str, Sequence[Commitment]]) -> Scores:
    """Score every gold document (a document with no predictions scores as an empty list)."""
    docs = {doc: score_doc(g, predicted.get(doc, [])) for doc, g in sorted(gold.items())}
    total = {metric: Counts() for metric in METRICS}
    obligor = Agreement()
    for row in docs.values():
        for metric, counts in row.counts.items():
            total[metric] += counts
        obligor += row.obligor
    return Scores(docs=docs, total=total, obligor=obligor, unscored=sorted(set(predicted) - set(gold)))
