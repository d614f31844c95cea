"""The keyword baseline: a duty word makes an obligation, a target makes it a service
level, the named party or a keyword picks the obligor and the metric. No model: it shows
what the model is worth (`candor eval` scores both in one run)."""

import re

from extractors.commitments.extract import COMPATIBLE, candidates
from extractors.commitments.parties import Parties
from extractors.values import primary_targets
from schemas import Commitment, Document, Kind, Metric, Obligor

_METRIC_WORDS = [
    (Metric.service_credit, r"credit|deduct|penalt|disincentive|incentive|award fee|reduction"),
    (Metric.availability, r"availab|uptime|downtime|outage"),
    (Metric.response_time, r"respon|acknowledg|answer|call back|return(ed)? (the )?call"),
    (Metric.resolution_time, r"resol|restor|repair|fix|correct|workaround"),
    (Metric.support_hours, r"24x7|24/7|business hours|hours of (operation|coverage)|help ?desk hours|a\.m\.|p\.m\."),
    (Metric.meeting_cadence, r"meeting|stand-?up|review session|kick-?off"),
    (Metric.reporting_cadence, r"report|dashboard|metrics"),
    (Metric.quality, r"accura|error|defect|satisf|quality|test coverage|compliance"),
    (Metric.staffing, r"staff|personnel|key person|on-?site|fte|headcount"),
    (Metric.delivery_time, r"deliver|submit|due|provide|complete|within"),
]
_VAGUE = re.compile(
    r"\b(regular(ly)?|periodic(ally)?|as needed|as required|promptly|timely|reasonable|appropriate|"
    r"sufficient|adequate|industry standard|best efforts|commercially reasonable|all stakeholders|as soon as)\b",
    re.I,
)


class Baseline:
    def extract(self, doc: Document) -> list[Commitment]:
        parties = Parties.from_document(doc)
        out = []
        for unit in candidates(doc):
            s = unit.sentence
            obligor = parties.subject(s.text) or Obligor.provider
            vague = bool(_VAGUE.search(s.text))
            targets = primary_targets(s.text)
            base = dict(doc=doc.source.name, text=s.text, obligor=obligor, vague=vague, page=s.page, block=s.block, span=s.span)
            if not targets:
                out.append(Commitment(kind=Kind.obligation, **base))
                continue
            for t in targets:
                metric = _metric(s.text, COMPATIBLE.get(t.kind))
                out.append(Commitment(kind=Kind.service_level, metric=metric, value=t.value, unit=t.unit,
                                      period=t.period, condition=t.condition, **base))
        return out


def _metric(text: str, allowed: set[str] | None) -> Metric:
    for metric, pattern in _METRIC_WORDS:
        if (allowed is None or metric.value in allowed) and re.search(pattern, text, re.I):
            return metric
    return Metric.other
