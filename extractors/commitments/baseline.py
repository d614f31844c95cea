"""The keyword baseline: a duty word makes an obligation, a target makes it a service
level, the named party or a keyword picks the obligor and the metric. No model: it shows
what the model is worth (`candor eval` scores both in one run)."""


from extractors.commitments.candidates import candidates
from extractors.commitments.keywords import METRIC_WORDS, VAGUE_WORDS
from extractors.commitments.metric import COMPATIBLE
from extractors.commitments.parties import Parties
from extractors.values import primary_targets
from schemas import Commitment, Document, Kind, Metric, Obligor


class Baseline:
    def extract(self, doc: Document) -> list[Commitment]:
        parties = Parties.from_document(doc)
        out = []
        for unit in candidates(doc):
            s = unit.sentence
            obligor = parties.subject(s.text) or Obligor.provider
            vague = bool(VAGUE_WORDS.search(s.text))
            targets = primary_targets(s.text)
            base = dict(doc=doc.source.name, text=s.text, obligor=obligor, vague=vague, page=s.page, block=s.block, span=s.span)
            if not targets:
                out.append(Commitment(kind=Kind.obligation, **base))
                continue
            for t in targets:
                metric = _metric(s.text, COMPATIBLE.get(t.kind), t.kind)
                out.append(Commitment(kind=Kind.service_level, metric=metric, value=t.value, unit=t.unit,
                                      period=t.period, condition=t.condition, **base))
        return out


def _metric(text: str, allowed: set[str] | None, kind: str) -> Metric:
    for metric, pattern in METRIC_WORDS:
        if (allowed is None or metric.value in allowed) and pattern.search(text):
            return metric
    # An unnamed time limit is most often a deadline for a deliverable (train labels).
    return Metric.delivery_time if kind in ("duration", "deadline") else Metric.other
