"""From a parsed document to commitments: pick the units that can hold one, let the
model say who owes what, read the targets with the value grammar, one item per target."""

import re
from dataclasses import dataclass

from extractors.commitments.parties import Parties
from extractors.values import Target, primary_targets
from schemas import BlockKind, Commitment, Document, Kind, Metric, Obligor, Sentence

# A unit with none of these cannot bind anyone to anything measurable or not.
_DUTY = re.compile(
    r"\b(shall|must|will|agrees?|agreed|responsible|required|requires?|undertakes?|commits?|guarantees?"
    r"|ensures?|warrants?|obligat\w*|is to|are to|needs? to|expected to|should)\b",
    re.I,
)
_SIGNAL = re.compile(r"\d|%|\b(daily|weekly|monthly|quarterly|annually|bi-?weekly|24x7|hours?|days?)\b", re.I)
_NO_UNITS = {BlockKind.heading, BlockKind.page_header, BlockKind.page_footer}

# Which metrics a kind of target can measure: the metric head chooses among these.
COMPATIBLE: dict[str, set[str]] = {
    "percent": {"availability", "quality", "service_credit", "staffing", "other"},
    "duration": {"response_time", "resolution_time", "delivery_time", "reporting_cadence", "meeting_cadence", "other"},
    "deadline": {"response_time", "resolution_time", "delivery_time", "reporting_cadence", "other"},
    "coverage": {"support_hours"},
    "cadence": {"meeting_cadence", "reporting_cadence", "quality", "other"},
    "count": {"quality", "staffing", "other"},
    "currency": {"service_credit", "other"},
}


@dataclass
class Unit:
    sentence: Sentence
    kind: BlockKind


def candidates(doc: Document) -> list[Unit]:
    """Units worth the model's time: table rows with a number or a duty, sentences with a
    duty word. Headings, running headers and fragments of three words or fewer are not."""
    out = []
    for s in doc.sentences:
        kind = doc.blocks[s.block].kind
        if kind in _NO_UNITS or len(s.text.split()) < 4:
            continue
        if _DUTY.search(s.text) or kind is BlockKind.table_row and _SIGNAL.search(s.text):
            out.append(Unit(s, kind))
    return out


def extract(doc: Document, model, resolve_parties: bool = True, progress=None) -> list[Commitment]:
    """`model` maps unit texts to `UnitScores` and carries `thresholds`; `progress(done,
    total)` hears about each batch on long inputs."""
    parties = Parties.from_document(doc)
    units = candidates(doc)
    scores = model([u.sentence.text for u in units], on_batch=progress) if units else []
    out: list[Commitment] = []
    for unit, score in zip(units, scores):
        out.extend(_items(doc, unit, score, model.thresholds, parties if resolve_parties else None))
    return out


def _items(doc, unit: Unit, score, thresholds, parties: Parties | None) -> list[Commitment]:
    text = unit.sentence.text
    subject = parties.subject(text) if parties else None
    vague = score.heads["vague"] >= thresholds["vague"]
    items: list[Commitment] = []
    for kind in (Kind.service_level, Kind.obligation):
        prefix = "sl_" if kind is Kind.service_level else "ob_"
        sides = [o for o in Obligor if score.heads[prefix + o.value] >= thresholds[prefix + o.value]]
        if len(sides) == 1 and subject and subject != sides[0]:
            sides = [subject]  # the document names who is bound; trust it over the guess
        for side in sides:
            confidence = score.heads[prefix + side.value]
            if kind is Kind.service_level:
                items.extend(_service_levels(doc, unit, side, score, vague, confidence))
            else:
                items.append(_item(doc, unit, kind, side, None, None, vague, confidence))
    return items


def _service_levels(doc, unit, side, score, vague, confidence) -> list[Commitment]:
    targets = primary_targets(unit.sentence.text)
    if not targets:  # "will meet the targets in Exhibit C": a service level with no value here
        metric = max(score.metrics, key=score.metrics.get)
        return [_item(doc, unit, Kind.service_level, side, Metric(metric), None, vague, confidence)]
    items = []
    for t in targets:
        allowed = COMPATIBLE.get(t.kind, set(score.metrics))
        metric = max(allowed, key=lambda m: score.metrics.get(m, 0.0))
        items.append(_item(doc, unit, Kind.service_level, side, Metric(metric), t, vague, confidence))
    return items


def _item(doc, unit: Unit, kind, side, metric, target: Target | None, vague, confidence) -> Commitment:
    s = unit.sentence
    return Commitment(
        doc=doc.source.name,
        text=s.text,
        kind=kind,
        obligor=side,
        metric=metric,
        value=target.value if target else None,
        unit=target.unit if target else None,
        period=target.period if target else None,
        condition=target.condition if target else None,
        vague=vague,
        page=s.page,
        block=s.block,
        span=s.span,
        confidence=round(float(confidence), 4),
    )
