"""Which metric a target measures: its own words first (a share of the fee is a credit,
staff-years are staffing, the nearest word naming a metric), then the column it stands
in, then the model's metric head among the metrics the target's kind allows."""

import re

from extractors.commitments.keywords import METRIC_WORDS
from extractors.commitments.tables import Columns, column_metric
from extractors.values import Target
from schemas import Metric, Unit

KEYWORD_WEIGHT = 0.3  # how far a word naming a metric ("respond") lifts that metric's score

# Which metrics a kind of target can measure: the metric head chooses among these.
# No "other" for a time or a percentage: a time limit that is no response, resolution or
# downtime is a delivery time, and in the labelled documents "other" is a cadence (1 of
# 276 labelled times and percentages is "other").
COMPATIBLE: dict[str, set[str]] = {
    "percent": {"availability", "quality", "service_credit", "staffing"},
    # A time limit on a report or a meeting is a delivery time; cadences are rates (GUIDELINES).
    "duration": {"availability", "response_time", "resolution_time", "delivery_time"},
    "deadline": {"response_time", "resolution_time", "delivery_time"},
    "coverage": {"support_hours"},
    # GUIDELINES: quality is "accuracy, error or defect rates, acceptable quality levels,
    # satisfaction scores", how well; a cadence says how often. None of the 303 labelled
    # cadences paired on the five folds is quality; "inspect ... accuracy weekly" and a
    # surveys column's "each six months" are checks, `other` (all five folds gained).
    "cadence": {"meeting_cadence", "reporting_cadence", "other"},
    "count": {"quality", "staffing", "other"},
    "currency": {"service_credit", "other"},
}

# "10% of the monthly fee", "100% of AAF": a share of the price is a credit, not a level.
SHARE_OF_PRICE = re.compile(
    r"^\s*(of|off)\s+(the\s+)?([\w-]+\s+){0,3}?(fees?|charges?|invoice\w*|aaf|award fee|price|payments?|amounts? (due|payable)|mrc|rent)\b",
    re.I,
)
# ".5 staff years", "3 staff-years": effort, a level of staffing, not a time limit.
_EFFORT = re.compile(r"\b(staff|person|man|FTE)[- ]?(hours?|days?|weeks?|months?|years?)\b", re.I)
# The name of a service level ("the Tandem Electronic Funds Delivery Service Level") says
# what is measured no more than a product name does: "Scheduled Downtime for the ... Delivery
# Service Level is Sundays" is downtime.
_SL_NAME = re.compile(r"(?:\b[A-Z][\w&/-]*\s+){1,6}Service Level\b")
_CREDIT_HEADER = re.compile(r"\bcredits?\b", re.I)
# "within 14 days of request or equipment availability", "promptly upon availability": when
# the clock starts (something becomes available), not an availability level.
AVAILABILITY_AS_TRIGGER = True
_AVAILABLE_FROM = re.compile(r"\b(?:of|upon|after|following)\s+(?:[\w-]+\s+){0,3}?availability\b", re.I)
# GUIDELINES reporting_cadence: "reports ... delivered and how often": a paper delivered on a
# cadence ("the Business Continuity Plan shall be delivered annually"), not "provide daily
# management support".
DELIVERED_ON_A_CADENCE = True
_DELIVERY_VERBS = re.compile(r"\b(?:deliver(?:s|ed|ing)?|submit(?:s|ted|ting)?|furnish(?:es|ed|ing)?|provide[sd]?|providing)\b", re.I)
_PAPERS = re.compile(r"\b(?:plans?|schedules?|reports?|cop(?:y|ies)|lists?|inventor(?:y|ies)|statements?|summar(?:y|ies)"
                     r"|updates?|documents?|documentation|files?|records?|certificates?)\b", re.I)
SHORT_TIMES_ARE_RESPONSES = True  # replayed rule (tests/test_replayed_rules.py)
_SHORT = {Unit.second, Unit.minute}
CADENCE_IS_NO_QUALITY = True  # replayed rule (tests/test_replayed_rules.py); off: quality allowed again
LOCAL = 60  # characters either side of a target that speak for it alone


def metric_and_why(text: str, t: Target, score, cols: Columns | None = None,
                   section: str | None = None, around: str | None = None) -> tuple[Metric, str]:
    """The target's metric and the decision that chose it (decisions.py): rules where its own words decide, else the metric head among
    the metrics its kind allows, nudged by a word naming one near the target, then
    anywhere in the unit (a sentence with two targets can hold two metrics). In a table
    row, a metric word in the target's own cell comes first, then its column's header,
    then (after the words beside the target) a title row spanning the table above it. Where
    the unit names no metric at all, its headings or the sentence before it (`around`) may."""
    if t.kind == "currency" or (t.kind == "percent" and SHARE_OF_PRICE.match(text[t.end :])):
        return Metric.service_credit, "metric.share_of_price"
    if t.kind == "duration" and _EFFORT.search(text[t.start : t.end]):
        return Metric.staffing, "metric.effort"
    allowed = COMPATIBLE.get(t.kind, set(score.metrics))
    if AVAILABILITY_AS_TRIGGER:  # offsets kept
        text = _AVAILABLE_FROM.sub(lambda m: " " * len(m.group()), text)
    if t.kind == "cadence" and not CADENCE_IS_NO_QUALITY:
        allowed = allowed | {"quality"}
    column = column_metric(text, t, allowed, cols) if cols else None
    if column:
        return Metric(column), "metric.column"
    words = _SL_NAME.sub(lambda m: " " * len(m.group()), text)  # offsets kept
    near = _nearest(words, t, allowed)
    if near:  # a word beside the target speaks for it alone
        return Metric(near), "metric.nearest_word"
    if DELIVERED_ON_A_CADENCE and t.kind == "cadence" and _near_word(words, t, _DELIVERY_VERBS) and _PAPERS.search(words):
        # GUIDELINES reporting_cadence: "reports, dashboards, metrics delivered and how often":
        # a plan or a copy "delivered annually", "submit a monthly schedule"
        return Metric.reporting_cadence, "metric.delivered_on_a_cadence"
    titled = named_metric(section, allowed) if section else None
    if titled:  # the table's title row over this one ("Monthly Average Resolution Times")
        return Metric(titled), "metric.title_row"
    named = named_metric(words, allowed)
    if not named and t.kind == "percent" and cols and any(_CREDIT_HEADER.search(h) for h in cols.header):
        # GUIDELINES: "A service credit table is one item per tier ..., plus the
        # availability commitment": the level a credit table's row states is availability
        return Metric.availability, "metric.credit_table_band"
    if not named and around:
        context = named_metric(around, allowed)
        if context:  # the unit names no metric; its heading or the sentence before does
            return Metric(context), "metric.context"
    if SHORT_TIMES_ARE_RESPONSES and t.kind == "duration" and t.unit in _SHORT and "response_time" in allowed and not named:
        # seconds and minutes no word ties to a metric: every such labelled pair on the five
        # folds (27 of 27) is a response time ("Return on-line standard reports within 10 seconds")
        return Metric.response_time, "metric.short_time"
    best = max(sorted(allowed), key=lambda m: score.metrics.get(m, 0.0) + (KEYWORD_WEIGHT if m == named else 0.0))
    return Metric(best), "metric.target_kind" if len(allowed) == 1 else "metric.model"


def _between(text: str, m: re.Match, t: Target) -> str:
    """The words between a match and the target, on whichever side it stands."""
    return text[m.end() : t.start] if m.end() <= t.start else text[t.end : m.start()]


def _near_word(text: str, t: Target, pattern: re.Pattern) -> bool:
    """A word of `pattern` within LOCAL characters of the target, in its own clause and cell."""
    return any(len(b := _between(text, m, t)) <= LOCAL and ";" not in b and "|" not in b for m in pattern.finditer(text))


def _nearest(text: str, t: Target, allowed: set[str]) -> str | None:
    """The metric named closest to the target, within LOCAL characters of it and in its
    own clause: "1 duty hour response; 4 hour restoration" gives 4 hours to restoration."""
    best = None
    for metric, pattern in METRIC_WORDS:
        if metric.value not in allowed:
            continue
        for m in pattern.finditer(text):
            gap = t.start - m.end() if m.end() <= t.start else m.start() - t.end
            if gap <= LOCAL and ";" not in _between(text, m, t) and (best is None or max(gap, 0) < best[0]):
                best = (max(gap, 0), metric.value)
    return best[1] if best else None


def named_metric(text: str, allowed: set[str]) -> str | None:
    return next((m.value for m, pattern in METRIC_WORDS if m.value in allowed and pattern.search(text)), None)
