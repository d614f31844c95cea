"""Words that name a metric or leave a commitment open. Shared by the pipeline (as a
nudge to the model) and the keyword baseline (as its whole judgement)."""

import re

from schemas import Metric

# In order: the first that matches names the metric (credits before availability, since
# "availability credit" is a credit).
# A credit owed for a miss, not the credit of payments and banking: "credit cards", "credit
# entries", "a letter of credit", "accredited" (a card fee of 3.5% read as an uncapped
# service credit on the tenth findings round).
CREDIT_WORD = (r"(?<!letter of )(?<!line of )(?<!tax )\bcredit(?:s|ed)?\b(?!\s*(?:cards?|rating|risk|facilit\w*|lines?\b"
               r"|limits?|entr\w*|union|history|checks?|worth\w*|memos?|balances?)\b)")
METRIC_WORDS = [
    (Metric.service_credit, re.compile(CREDIT_WORD + r"|deduct|penalt|disincentive|incentive|award fee|reduction", re.I)),
    # "availability", "available 99.9% of the time"; not "reports available for Customer".
    (Metric.availability, re.compile(r"availabilit|\bavailable\s+(?:at\s+least\s+)?\d|unavailab|up-?time|down\s?time"
                                     r"|outage", re.I)),
    # Not "responsible" nor "in response to": neither says how fast anyone answers.
    # Arriving on site and greeting a visitor are how fast someone answers a call.
    (Metric.response_time, re.compile(r"(?<!in )\brespon(?:d|ds|ded|ding|se|ses)\b|acknowledg|answer|call back"
                                      r"|return(ed)? (the )?call|\barriv(?:e|es|ed|al)\b|\bdispatch|\bgreet"
                                      # a decision on the other side's request is its answer: "accept or reject
                                      # such Purchase Order within two Business Days"
                                      r"|\b(?:accept|approve)\s+or\s+reject|\bapprove\s+(?:every|each|any|all|the|such)\b", re.I)),
    # "correct" the verb, not "correctly" or "correct grammar"; "forwarded ... for resolution"
    # names a purpose, not a time to resolve.
    (Metric.resolution_time, re.compile(r"(?<!for )resol|\bsolv(?:e|es|ed|ing)\b|restor|repair|\bfix(?:es|ed|ing)?\b|workaround|\bcorrect(?:s|ed|ing|ions?|ive)\b"
                                        r"|\bcorrect (?:the |any |all )?(?:[a-z]+ )?(?:errors?|defects?|deficienc|problems?|issues?|faults?)", re.I)),
    (Metric.support_hours, re.compile(r"24x7|24/7|business hours|hours of (operation|coverage)|help ?desk hours|a\.m\.|p\.m\.", re.I)),
    (Metric.meeting_cadence, re.compile(r"meeting|stand-?up|review session|kick-?off|retrospective"
                                        r"|\bsprint (?:reviews?|demos?|planning|retrospectives?)|\b(?:weekly|monthly|quarterly|annual) review\b", re.I)),
    # Telling the other side how things stand, however it is sent, is reporting.
    (Metric.reporting_cadence, re.compile(r"report|dashboard|metrics|statistics|\bnotif(?:y|ied|ies|ication)\b"
                                          r"|\b(?:sent|send|sends) to\b", re.I)),
    (Metric.quality, re.compile(r"accura|error|defect|satisf|quality|test coverage|compliance|survey|complaint"
                                r"|vulnerabilit|rollback", re.I)),
    (Metric.staffing, re.compile(r"staff|personnel|key person|on-?site|fte|headcount|full-?time|part-?time", re.I)),
    (Metric.delivery_time, re.compile(r"deliver|submit|due\b|complet|\bforward(?:s|ed|ing)?\b|\btransmit", re.I)),
    # The rhythm of the work itself ("two-week sprints") is a cadence of no kind above.
    (Metric.other, re.compile(r"\bsprints?\b", re.I)),
]


# Words that leave amount, frequency or timing open (GUIDELINES, "vague").
VAGUE_WORDS = re.compile(
    r"\b(regular(ly)?|periodic(ally)?|as needed|as required|promptly|timely|reasonable|appropriate|"
    r"sufficient|adequate|industry standard|best efforts|commercially reasonable|all stakeholders|as soon as)\b",
    re.I,
)

