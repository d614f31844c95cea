"""How often each named decision (extractors/commitments/decisions.py) is right.

Predictions are paired with gold items as `score` pairs them. For every predicted item,
each decision in its `decided_by` counts once: `paired` when a gold item pairs with the
item, `right` when that gold item agrees on what the decision decides (a `kind.*`
decision on the kind, `obligor.*` on the obligor, `metric.*` on the metric of a gold
service level). precision = right / items: the share of the decision's items a reviewer
would accept on that point. Run on cross-validation predictions, it says which rules
earn their place on documents nobody tuned them on.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from evaluation.score import in_scope, on_labelled_pages, pair
from schemas import Commitment, Kind


@dataclass
class Tally:
    items: int = 0
    paired: int = 0
    right: int = 0

    @property
    def precision(self) -> float | None:
        return self.right / self.items if self.items else None


def _right(name: str, gold: Commitment, pred: Commitment) -> bool:
    aspect = name.split(".", 1)[0]
    if aspect == "kind":
        return gold.kind == pred.kind
    if aspect == "obligor":
        return gold.obligor == pred.obligor
    return gold.kind == Kind.service_level and gold.metric == pred.metric


def by_decision(gold: Mapping, predicted: Mapping[str, Sequence[Commitment]]) -> dict[str, Tally]:
    """Tallies per decision name over the gold documents (`evaluation.gold.GoldDoc`s)."""
    out: dict[str, Tally] = {}
    for doc, g in sorted(gold.items()):
        items = list(g.items)
        kept = [p for p in predicted.get(doc, []) if in_scope(p, g.scope) and on_labelled_pages(p, g.pages)]
        partner = {pi: gi for gi, pi in pair(items, kept)}
        for pi, p in enumerate(kept):
            for name in p.decided_by:
                t = out.setdefault(name, Tally())
                t.items += 1
                if pi in partner:
                    t.paired += 1
                    t.right += _right(name, items[partner[pi]], p)
    return dict(sorted(out.items()))


def table(tallies: Mapping[str, Tally]) -> str:
    lines = ["| decision | items | paired | right | precision |", "|---|---:|---:|---:|---:|"]
    for name, t in tallies.items():
        p = "-" if t.precision is None else f"{t.precision:.3f}"
        lines.append(f"| {name} | {t.items} | {t.paired} | {t.right} | {p} |")
    return "\n".join(lines)


def to_json(tallies: Mapping[str, Tally]) -> dict:
    return {name: {"items": t.items, "paired": t.paired, "right": t.right, "precision": t.precision}
            for name, t in tallies.items()}
