"""From a parsed document to commitments: pick the units that can hold one, read their
targets with the value grammar (one item per target), and let the model decide whether a
duty is an obligation, who is bound where the text names no one, the metric and vagueness."""

import re

from extractors.commitments.candidates import DUTY, IMPERATIVE, READER_IMPERATIVE, Unit, candidates
from extractors.commitments.context import contexts
from extractors.commitments.keywords import CREDIT_WORD, METRIC_WORDS, VAGUE_WORDS
from extractors.commitments.metric import SHARE_OF_PRICE, metric_and_why, named_metric
from extractors.commitments.parties import PASSIVE, Parties, passive_side
from extractors.commitments.tables import Columns, by_column, cell_spans, columns, due_by, is_header, section_row
from extractors.values import Target, primary_targets
from schemas import BlockKind, Commitment, Document, Kind, Metric, Obligor, Sentence
from schemas import Unit as Measure

# GUIDELINES: "Each party shall" or "neither party shall": an item with obligor client,
# and a provider item where provider obligations are in scope (they always are here).
# Roles either side can hold ("Recipient", "the Indemnifying Party") bind both sides alike.
_MUTUAL = re.compile(r"\b(?:(?:each|either|neither|both)\s+part(?:y|ies)|the\s+parties"
                     r"|(?:each|the|any|a)\s+(?:recipient|discloser|receiving party|disclosing party|indemnifying party"
                     r"|indemnified party|indemnitee|indemnitor|protected party|affected party|non-breaching party"
                     r"|breaching party|terminating party|notifying party)"
                     r"|(?:^\W*(?:[a-z]\.\s+)?|[,;:]\s*)(?:recipient|discloser|indemnitee|indemnitor))\s+(?:hereto\s+)?"
                     r"(?:shall|will|must|agrees?\s+to|undertakes?\s+to)\b", re.I)
IMPERATIVE_OBLIGATION = 0.5  # the obligation score a task-list imperative needs (MODEL_CARD.md)
# GUIDELINES support_hours: "hours and days of coverage: 24x7, 8x5". Cover stated with no
# duty word ("The HotLine can be reached ... (24 hours, 7 days a week)") is still a level.
COVERAGE_LEVEL = True
READER_DUTIES = True  # replayed rule (tests/test_replayed_rules.py): a guide's instructions bind its reader
# GUIDELINES obligor: a table row's level that names no party "binds whoever performs the
# service: usually the provider" (obligor.row_standard)
ROW_STANDARD_IS_PROVIDERS = True
NO_DUTY_LEVEL = 0.6  # the service-level score a unit with no duty word needs (0.5 until replayed across folds: MODEL_CARD.md)


def extract(doc: Document, model, progress=None) -> list[Commitment]:
    """`model` maps unit texts to `UnitScores` and carries `thresholds`; `progress(done,
    total)` hears about each batch on long inputs.

    Who decides what (docs/MODEL_CARD.md has the figures behind it): a candidate unit
    with a target the grammar reads is a service level (without a duty word, only where
    the model's service-level score reaches NO_DUTY_LEVEL), one without is an obligation
    if the model's provider or client obligation score passes its threshold (a task-list
    imperative's bar is IMPERATIVE_OBLIGATION);
    the party named before the duty verb is the obligor, and where the sentence names
    none (passive voice, table rows) the model's provider and client scores decide; the
    model's metric head picks the metric among those the target's kind allows; a unit
    is vague when the model says so or a vagueness keyword is there."""
    parties = Parties.from_document(doc)
    units = candidate_units(doc, parties)
    if CONTEXT_PARTS:
        around = contexts(doc)
        for u in units:
            u.around = around.get(u.sentence.index, "")
    scores = model(_inputs(doc, units, model), on_batch=progress) if units else []
    out: list[Commitment] = []
    for unit, score in zip(units, scores):
        out.extend(_items(doc, unit, score, model.thresholds, parties))
    return out


def candidate_units(doc: Document, parties: Parties | None = None) -> list[Unit]:
    """The units extract() gives the model: candidates(), with a guide's instructions to
    its reader where the document speaks to a party as "you"."""
    parties = parties or Parties.from_document(doc)
    return candidates(doc, reader=READER_DUTIES and parties.roles.get("you") is not None)


def _inputs(doc: Document, units: list[Unit], model) -> list:
    """Unit texts, or (text, context) pairs for a model trained to read context."""
    if not getattr(model, "reads_context", False):
        return [u.sentence.text for u in units]
    around = contexts(doc)
    return [(u.sentence.text, around.get(u.sentence.index, "")) for u in units]


# How many copies of a paper, or quotes from how many vendors, is no level of service
# (GUIDELINES: "keep records ... pay invoices, give notice" are obligations): "two (2)
# copies each of the User Manuals", "quotations from at least three vendors".
PAPER_COUNTS_NOT_LEVELS = True
_PAPER_COUNT = re.compile(r"^(?:cop(?:y|ies)|vendors?|suppliers?|quot(?:es?|ations?)|bids?)$", re.I)


def _counts_paper(text: str, t: Target) -> bool:
    """The count's noun: the target's last word, or the word after it where the grammar
    left it out ("at least three vendors")."""
    words = re.findall(r"[A-Za-z]+", text[t.start : t.end])[-1:] + re.findall(r"[A-Za-z]+", text[t.end : t.end + 30])[:1]
    return any(_PAPER_COUNT.match(w) for w in words)


# GUIDELINES: "Payment, notice and claim deadlines are obligations, with value and unit
# filled in where stated."
_MODALS = re.compile(r"\b(?:shall|will|must)\b", re.I)
_PAY_OR_NOTICE = re.compile(
    r"\b(invoic\w*|payments?|pay|pays|paying|paid|payable|remit\w*|notif(y|ies|ied|ication)|notices?|claims?)\b", re.I
)
# The contract's own paperwork is administration, not service: insurance certificates, an
# escrow deposit, an audit, a reimbursement. Its deadlines are obligations too.
ADMIN_DEADLINES = True
_ADMIN = re.compile(r"\b(reimburs\w*|insurances?|escrow|audits?|contributions?)\b", re.I)
# How the parties settle a dispute is the contract's procedure, like a claim: "If the Account
# Representatives are unable to resolve the dispute within five (5) business days", "All
# discovery shall be completed within sixty (60) days following the appointment of the
# arbitrator". Its times are obligations, never a resolution time.
DISPUTE_STEPS = True
_DISPUTE = re.compile(r"\bdisput\w*|\barbitra\w*|\bmediat(?:ion|ors?)\b|\bdepositions?\b", re.I)
# A claim for a credit or a remedy, and the credit's issue, are claim and payment deadlines
# (GUIDELINES: "Payment, notice and claim deadlines are obligations"): "To request a Service
# Credit, Customer must send an email ... within thirty (30) days", "report a breach of
# warranty ... within 30 days", "will issue a credit to Customer's account within 30 days".
_CLAIM = re.compile(r"\brequest(?:s|ed|ing)?\s+(?:a\s+|for\s+|the\s+)?(?:service\s+)?credits?\b|\bmakes?\s+a\s+request\b"
                    r"|\bissue\s+(?:a\s+|the\s+)?(?:service\s+)?credits?\b|\breport\s+(?:a|any)\s+breach\b", re.I)
CLAIMS = True
# When the clock starts is no payment or notice duty: "performed within 8 hours of notification".
_TRIGGER = re.compile(r"\b(?:of|after|from|upon|following|since)\s+(?:the\s+)?(?:receipt\s+of\s+)?(?:written\s+)?"
                      r"(?:notification|notice)\b", re.I)
_PAY = re.compile(r"\b(invoic\w*|payments?|pay|pays|paying|paid|payable|remit\w*)\b", re.I)
_DELIVERS = re.compile(r"\b(reports?|deliverables?)\b", re.I)  # "the Invoice and the Status Reports": still a level
_TIME_KINDS = {"duration", "deadline", "cadence"}
# GUIDELINES: "A sentence that commits to targets given elsewhere ("will meet the targets in
# Exhibit C") is a service_level with its metric and value null"; so is a credit owed for
# missing one.
_REFERS = re.compile(
    r"\b(meet|exceed|achieve|attain|satisfy)\b[^.;|]{0,40}\b(service levels?|targets?|performance standards?|timeframes?)\b"
    r"|\btarget (uptime|response time|resolution time|availability)\b"
    # "shall have the same response and processing time requirements as incident tickets"
    r"|\bsame\s+(?:[\w-]+\s+){0,5}?(?:requirements?|targets?|service levels?|timeframes?|standards?)\s+as\b"
    r"|\b(entitled|eligible)\b[^.;|]{0,40}\bcredits?\b|\bdisincentives?\b",
    re.I,
)
# "completed according to the schedule agreed upon with the customer", "submitted within
# the agreed-upon timeframes": a deadline set elsewhere is a delivery time with no value.
_SCHEDULED = re.compile(
    r"\b(?:completed|submitted|delivered|performed)\b[^.|]{0,40}?\b(?:according to|within|in accordance with|per)\s+"
    r"(?:the\s+|an?\s+)?(?:agreed[- ]upon\s+|agreed\s+|established\s+|approved\s+)?"
    r"(?:timeframes?|schedules?|deadlines?|delivery dates?|due dates?)\b",
    re.I,
)
_CREDIT = re.compile(CREDIT_WORD + r"|\bdisincentives?\b", re.I)
# "Invoices were processed within 1 day of receipt": processing invoices, vouchers or
# claims is the service itself (a back-office task order), not a payment term.
_PROCESSES = re.compile(r"\bprocess\w*\b[^.;|]{0,30}?\b(?:invoic\w*|vouchers?|payments?|claims?)\b"
                        r"|\b(?:invoic\w*|vouchers?|payments?|claims?)\b[^.;|]{0,30}?\bprocess\w*", re.I)
# "Review of monthly reports": how the client checks (a surveillance method), not a target.
_SURVEILLANCE = re.compile(r"\b(review|monitoring|inspection|audit|surveillance)s?\s+of\s+(the\s+)?$", re.I)


# "<24 hrs = 100% of AAF": the band a credit tier applies to (its condition), not a level;
# "6 Months Review": when the client reviews.
_TIER_BAND = re.compile(r"^\s*=\s*\d+(\.\d+)?\s*%|^\s*(review|evaluation|assessment)\b", re.I)


# "every quarter (3 months)": a gloss on the cadence before it, not a time limit.
_GLOSS = re.compile(r"\b(?:quarter|month|week|year|annual|daily|weekly|monthly|quarterly|yearly)\w*\s*\(\s*$", re.I)


# GUIDELINES: a service level is about "how well, how fast, how often or how much a
# service is delivered"; how long the contract runs is none of these ("a 5 Month Base
# period", "the total extension of performance shall not exceed 6 months").
_TERM = re.compile(r"\b(?:period of performance|option (?:period|year)s?|base (?:period|year)|extension of (?:the )?"
                   r"(?:term|performance|contract)|term of (?:this|the) (?:contract|agreement|order))\b", re.I)
# "3.1 Hours of Operation": a section number before a heading word, not 3.1 hours.
_SECTION_NUMBER = re.compile(r"^\d{1,2}(?:\.\d{1,2})+\s+[A-Z]")


GUESSED_CREDIT_NEEDS_WORDS = True
# Words of a sum owed for a miss: a credit, a deduction or penalty, a price cut ("contract
# price - 30%", "reduce the price"), a refund, liquidated damages, a rebate.
_OWED_FOR_A_MISS = re.compile(CREDIT_WORD + r"|deduct|penalt|disincentive|incentive|award fee|reduc|refund|rebate"
                              r"|liquidated damages|withh[eo]ld|forfeit|(?:price|fee|charge|payment)s?\s*[-\u2013\u2014]\s*\d", re.I)
# Such a share of a sum (a price, fee or payment term) is no level at all.
GUESSED_CREDIT_IS_NO_LEVEL = True
_MONEY = re.compile(r"\b(?:pay|paid|payable|payments?|fees?|prices?|costs?|charges?|commissions?|surcharges?|revenues?|sales"
                    r"|royalt(?:y|ies)|underpayment|invoices?|amounts?|reimburse\w*|\$)", re.I)


# GUIDELINES: "The term of the agreement, renewal, termination notice and survival periods
# are not items": "renews automatically for successive one (1) year periods", "shall
# survive for three (3) years", "the minimum life of the contract should be one year",
# "for a minimum period of 12 months".
_TERM_WIDE = re.compile(r"\b(?:(?:initial|renewal|subscription|minimum|contract) terms?|renew\w*|surviv\w*"
                        r"|(?:life|duration|length) of (?:this|the) (?:contract|agreement|order)"
                        r"|minimum (?:contract |commitment |subscription )?period|contract period)\b", re.I)
TERM_WIDE = True  # helped or held on every fold replayed (docs/MODEL_CARD.md); False: only _TERM


def _about_the_term(text: str, t: Target) -> bool:
    """Is the duration the term's length, not a deadline in a sentence that mentions the
    term ("terminated before the end of the period of performance, ... within two weeks")?"""
    for m in [*_TERM.finditer(text), *(_TERM_WIDE.finditer(text) if TERM_WIDE else [])]:
        between = text[m.end() : t.start] if m.end() <= t.start else text[t.end : m.start()]
        if len(between) < 80 and not re.search(r"\b(?:within|after|before|prior to|no later than)\b", between, re.I):
            return True
    return False


# GUIDELINES: a service level is "how well, how fast, how often or how much a service is
# delivered": an insurance limit or a price change is neither ("liability insurance with
# limits of $1,000,000", "adjustments on each January 1 which shall not exceed 5%").
_INSURANCE = re.compile(r"\binsur(?:ance|ed)\b|\bper occurrence\b", re.I)
_PRICE_CHANGE = re.compile(r"\b(?:adjust\w*|increases?|increased|escalat\w*|CPI|consumer price index|inflation)\b"
                           r"[^.;|]{0,80}?\b(?:charges?|fees?|prices?|pricing|rates?)\b"
                           r"|\b(?:charges?|fees?|prices?|pricing|rates?)\b[^.;|]{0,80}?\b(?:adjust\w*|increases?|increased|escalat\w*)\b",
                           re.I)
_MONEY_KINDS = {"currency", "percent"}


# A number someone expects or reports, not one anybody must meet, in a clause with no
# shall, must or will: "about 4 test materials", "historically, 6 types ... annually",
# "the current annual level of work".
_ESTIMATE = re.compile(r"\b(?:about|approximately|approx\.|roughly|an estimated)\s+$"
                       r"|\b(?:historically|typically|currently|the current|estimated|anticipated"
                       r"|expected to (?:be|average|total|number))\b", re.I)


# GUIDELINES: "Prices, fees, rates and payment amounts are never targets or service
# credits". An amount of money is a level only as a credit or penalty for a miss (its own
# words say so, or it stands in a table's row: a credit schedule).
_PENALTY = re.compile(r"\bcredits?\b|\bdisincentives?\b|\bdeduct\w*|\bpenalt\w*|\bliquidated damages\b|\bfail\w*"
                      r"|\bmiss\w*|\bnot (?:met|achieved)\b", re.I)
PRICE_NOT_LEVEL = True
# The same for a price stated as a share of another ("The Annual Maintenance Fee is 18% of
# the undiscounted License Fees"): a share of a fee is a credit only for a miss.
SHARE_PRICE_NOT_LEVEL = True
_REBATE = re.compile(r"\brebates?\b|\brefund\w*|\breimburs\w*|\bshortfall\b", re.I)
_INTEREST = re.compile(r"\binterest\b|\blate\s+(?:fee|charge|payment)s?\b", re.I)
LATE_INTEREST = True
# A yearly cadence in a renewal ("shall automatically renew for consecutive one (1) year
# terms") or a price rise ("Maintenance Charges shall be increased annually") is how often
# the contract renews or reprices, not a service delivered at that rate.
_RENEWAL = re.compile(r"\brenew(?:s|ed|al|als)?\b", re.I)
RENEWAL_AND_PRICE_CADENCE = True


# GUIDELINES: "termination notice ... periods are not items": nor are a breach's cure
# period, an event of default, a notice's deemed delivery or an arbitration's timetable
# ("fails to remedy such breach within 14 days", "deemed to be served 4 days following").
_CONTRACT_EVENT = re.compile(r"\bterminat\w*|(?<!security )(?<!data )\bbreach\w*|\bcured?\b|\bcures\b"
                             r"|\bevents? of default\b|\bin default\b|\bdefaults?\s+(?:by|of|under)\b"
                             r"|\binsolven\w*|\b(?:deemed|treated\s+as)\s+(?:to\s+(?:be|have\s+been)\s+)?(?:given|served|received|delivered|made)"
                             r"|\barbitrat\w*", re.I)
CONTRACT_EVENTS = True


def _about_a_contract_event(text: str, t: Target) -> bool:
    return bool(_CONTRACT_EVENT.search(text[max(0, t.start - 80) : t.start]) or _CONTRACT_EVENT.search(text[t.end : t.end + 40]))


def _not_a_target(text: str, t: Target) -> bool:
    if PAPER_COUNTS_NOT_LEVELS and t.kind == "count" and _counts_paper(text, t):
        return True
    if t.kind in _MONEY_KINDS and (_INSURANCE.search(text) or (_PRICE_CHANGE.search(text) and not _CREDIT.search(text))):
        return True
    if PRICE_NOT_LEVEL and t.kind == "currency" and " | " not in text and not _PENALTY.search(text):
        return True
    if (SHARE_PRICE_NOT_LEVEL and t.kind == "percent" and " | " not in text and SHARE_OF_PRICE.match(text[t.end :])
            and not _PENALTY.search(text) and not _REBATE.search(text)):
        return True
    if RENEWAL_AND_PRICE_CADENCE and t.kind == "cadence" and (_RENEWAL.search(text) or _PRICE_CHANGE.search(text)):
        return True  # GUIDELINES: renewal is no item, nor a price's yearly rise ("renew for consecutive one (1) year terms")
    if LATE_INTEREST and t.kind == "percent" and _INTEREST.search(text):
        return True  # GUIDELINES: late-interest is no level ("Late payments shall accrue interest at 15% per annum")
    if t.kind == "duration" and _about_the_term(text, t):
        return True
    if CONTRACT_EVENTS and t.kind in ("duration", "deadline") and _about_a_contract_event(text, t):
        return True
    if t.kind == "duration" and re.match(r"\s*(?:ahead of|behind)\b", text[t.end : t.end + 12], re.I):
        return True  # "Atlantic time is one hour ahead of Central time": a clock, not a limit
    if _ESTIMATE.search(re.split(r"[.;]\s|\|", text[: t.start])[-1]) and not _MODALS.search(text):
        return True  # GUIDELINES: estimates are no commitments ("the annual level of work is about 4 ...");
        # "shall devote approximately .5 staff years" still binds
    if t.start == 0 and _SECTION_NUMBER.match(text):
        return True
    if t.kind == "cadence" and _SURVEILLANCE.search(text[max(0, t.start - 30) : t.start]):
        return True
    if t.kind == "duration" and _GLOSS.search(text[max(0, t.start - 30) : t.start]):
        return True
    return t.kind == "duration" and bool(_TIER_BAND.match(text[t.end : t.end + 20]))


def _pay_notice_or_admin(text: str) -> bool:
    return bool(_PAY_OR_NOTICE.search(text) or (ADMIN_DEADLINES and _ADMIN.search(text))
                or (DISPUTE_STEPS and _DISPUTE.search(text)))


def _targets(text: str, cols: Columns | None = None, plan: bool = False) -> tuple[list[Target], bool]:
    """The unit's targets, and whether they make it a service level (False: a payment,
    notice or claim deadline, an obligation that keeps its first target). In a
    surveillance plan (`plan`), how often the buyer checks is no level an AQL tolerates
    misses of: a row's AQL percentage beside it stays the provider's target."""
    found = [t for t in primary_targets(text) if not _not_a_target(text, t)]
    checks = [t for t in found if plan and _checked_on(text, t)]
    kept = by_column([t for t in found if t not in checks], cols)
    targets = _tolerances_out(text, sorted(kept + checks, key=lambda t: t.start))
    if (targets and all(t.kind in _TIME_KINDS for t in targets)
            and _pay_notice_or_admin(_TRIGGER.sub(" ", text))
            and not _DELIVERS.search(text) and not _PROCESSES.search(text)
            # a notice cadence ("notified every quarter") is a reporting level; an invoicing one is not
            and (all(t.kind != "cadence" for t in targets) or _PAY.search(text))):
        return targets[:1], False
    if CLAIMS and targets and all(t.kind in _TIMES for t in targets) and _CLAIM.search(text):
        return targets[:1], False  # a claim's deadline, even one that "reports a breach"
    return targets, bool(targets)


_TIER = re.compile(r"(?:severity|sev|priority|level|tier|P[0-4]\b)", re.I)  # a condition naming a tier
_SHARE_OF = re.compile(r"^\s*\d+(?:\.\d+)?\s*%\s+of\b")  # "10% of the voice mail messages may ..."
_TIMES = {"duration", "deadline"}


def _tolerances_out(text: str, targets: list[Target]) -> list[Target]:
    """GUIDELINES: an acceptable quality level that tolerates misses of another target is
    a condition. In a row whose cell says "10% of the voice mail messages may be answered
    within 60 minutes" beside "answered within 30 minutes", the 60 minutes bound the
    tolerance; they are no level of their own."""
    if " | " not in text:
        return targets
    cells = cell_spans(text)
    cell_of = {id(t): next((c for c in cells if c[0] <= t.start < c[1]), None) for t in targets}

    def tolerance(t: Target) -> bool:
        cell = cell_of[id(t)]
        return (t.kind in _TIMES and cell is not None and bool(_SHARE_OF.match(text[cell[0] : cell[1]]))
                and any(o.kind in _TIMES and cell_of[id(o)] != cell for o in targets))
    return [t for t in targets if not tolerance(t)]


# Which parts of a unit's context (context.py) may name its metric when the unit names none:
# its headings ("4.2 Response Times") and the sentence before ("... Severity Level Time to
# Respond"). Kept because it helped on every fold replayed (docs/MODEL_CARD.md,
# training/replay.py); () turns the decision off.
CONTEXT_PARTS: tuple[str, ...] = ("in", "before")


def _around(unit: Unit) -> str | None:
    if not CONTEXT_PARTS or not unit.around:
        return None
    kept = [p for p in unit.around.split(" | ") if p.split(": ", 1)[0] in CONTEXT_PARTS]
    return " | ".join(kept) or None


def _items(doc, unit: Unit, score, thresholds, parties: Parties) -> list[Commitment]:
    if is_header(doc, doc.blocks[unit.sentence.block]):
        return []
    cols = columns(doc, unit)
    if unit.kind is not BlockKind.table_row:
        clauses = _clauses(unit, parties)
        if clauses:
            return [c for part in clauses for c in _unit_items(doc, part, score, thresholds, parties, None)]
    out = _unit_items(doc, unit, score, thresholds, parties, cols)
    if unit.kind is BlockKind.table_row:
        out += _cell_items(doc, unit, score, parties, cols, out)
    return out


# ", and the reseller shall": a second clause with a subject and a duty verb of its own
_NEXT_CLAUSE = re.compile(r"[,;]\s+(?:and|but|while|whereas)\s+(?=(?:the\s+)?[\w’'-]+(?:\s+[\w’'-]+)?\s+(?:shall|will|must)\b)", re.I)


def _clauses(unit: Unit, parties: Parties) -> list[Unit]:
    """GUIDELINES: obligor is who must perform. "DOT will make requests in writing to the
    reseller, and the reseller shall enable the access within five business days" binds
    each side to its own clause: two parts, each with its own span, when the clauses'
    subjects are of different sides."""
    s = unit.sentence
    m = _NEXT_CLAUSE.search(s.text)
    if not m:
        return []
    first, second = s.text[: m.start()], s.text[m.end() :]
    a, b = parties.subject(first), parties.subject(second)
    passive = PASSIVE.search(second)
    if a is None or b is None or a is b or (passive and passive.start() == _MODALS.search(second).start()):
        return []  # "and the Customer shall not be assessed a fee": the Customer does nothing
    cut = m.end()
    return [Unit(Sentence(index=s.index, text=first, block=s.block, page=s.page, span=(s.span[0], s.span[0] + len(first))),
                 unit.kind, unit.duty, unit.around),
            Unit(Sentence(index=s.index, text=second, block=s.block, page=s.page, span=(s.span[0] + cut, s.span[1])),
                 unit.kind, unit.duty, unit.around)]


def _cell_items(doc, unit: Unit, score, parties: Parties, cols: Columns | None,
                row_items: list[Commitment]) -> list[Commitment]:
    """Cells of a row that are duty sentences of their own, with the cell as text and span:
    a client's ("COR will monitor reports of down machines." in a surveillance column) is
    a client obligation, and a disincentive ("Disincentive: The Government will assess the
    full cost ...") a service credit the provider owes. The row's items stand for the rest."""
    s, out = unit.sentence, []
    client_done = any(c.obligor is Obligor.client for c in row_items)
    credit_done = any(c.metric is Metric.service_credit for c in row_items)
    for start, end in cell_spans(s.text):
        cell = s.text[start:end]
        if len(cell.split()) < 4 or not DUTY.search(cell):
            continue
        header = next((cols.header[col] for a, _, col in cols.cells if a == start), "") if cols else ""
        part = Unit(Sentence(index=s.index, text=cell, block=s.block, page=s.page,
                             span=(s.span[0] + start, s.span[0] + end)), unit.kind)
        vague = bool(VAGUE_WORDS.search(cell))
        if _CREDIT.search(cell):  # its own words: under an "Incentive" header may stand praise ("documented in past performance")
            if not credit_done:
                out.append(_item(doc, part, Kind.service_level, Obligor.provider, Metric.service_credit, None,
                                 vague, score.heads["sl_provider"], ("kind.cell_credit", "obligor.named", "metric.credit")))
        elif not client_done and not _CREDIT.search(header) and parties.subject(cell) is Obligor.client:
            out.append(_item(doc, part, Kind.obligation, Obligor.client, None, None, vague, score.heads["ob_client"],
                             ("kind.cell_client_duty", "obligor.named")))
    return out


def _label_row(text: str) -> bool:
    """A sparse row of short labels and codes ("5.1 | Budget and |  |  |  | D O | MIS | 100 %"),
    three cells or more empty and none a phrase of three words, states no one's duty: a
    PDF table's section line. ("Priority 1 | 99.8% | 2.0 GBP" has every cell filled.)"""
    cells = [text[a:b] for a, b in cell_spans(text)]
    filled = [c for c in cells if c]
    return len(cells) - len(filled) >= 3 and all(len(c.split()) < 3 for c in filled)


def _unit_items(doc, unit: Unit, score, thresholds, parties: Parties, cols: Columns | None) -> list[Commitment]:
    text = unit.sentence.text
    if unit.kind is BlockKind.table_row and _label_row(text):
        return []
    targets, is_level = _targets(text, cols, parties.surveillance_plan)
    # a duty of both sides, not a service level: "each party shall", "the COR and contractor will"
    if (_MUTUAL.search(text) and parties.subject(text) is None) or parties.joint(text):
        vague = bool(VAGUE_WORDS.search(text))
        meeting = next((t for t in targets if t.kind == "cadence"), None) if MUTUAL_MEETINGS and is_level else None
        if meeting is not None and _MEETING.search(text):
            # GUIDELINES meeting_cadence ("how often meetings are held"): the parties meeting
            # weekly is a level of both sides, not two bare duties
            return [_item(doc, unit, Kind.service_level, side, Metric.meeting_cadence, meeting, vague,
                          score.heads["sl_" + side.value], ("kind.mutual_meeting", "obligor.both_sides", "metric.meeting_word"))
                    for side in (Obligor.client, Obligor.provider)]
        return [_item(doc, unit, Kind.obligation, side, None, targets[0] if targets else None, vague,
                      score.heads["ob_" + side.value], ("kind.mutual", "obligor.both_sides"))
                for side in (Obligor.client, Obligor.provider)]
    if not is_level and targets:
        kind, prefix = Kind.obligation, "ob_"
        side, why = _named_side(parties, text), "obligor.named"
        if side is None:
            side, why = _model_side(score, "ob_"), "obligor.model"
        vague = bool(VAGUE_WORDS.search(text))
        return [_item(doc, unit, kind, side, None, targets[0], vague, score.heads[prefix + side.value],
                      ("kind.payment_notice_deadline", why))]
    # Table rows are left out: a header row ("Incentives/ Disincentives") names no duty.
    if not targets and unit.kind is not BlockKind.table_row and _REFERS.search(text):
        return _referring(doc, unit, score, parties)
    if not targets and (due_by(text, cols) or _SCHEDULED.search(text)):  # a deadline in words, not numbers
        named = parties.subject(text)
        side = named or Obligor.provider
        return [_item(doc, unit, Kind.service_level, side, Metric.delivery_time, None,
                      bool(VAGUE_WORDS.search(text)), score.heads["sl_" + side.value],
                      ("kind.deadline_in_words", "obligor.named" if named else "obligor.provider_default",
                       "metric.deadline_in_words"))]
    kind = Kind.service_level if targets else Kind.obligation
    prefix = "sl_" if targets else "ob_"
    side = named = _named_side(parties, text)
    why_side = "obligor.named"
    reader = READER_DUTIES and parties.roles.get("you") if READER_IMPERATIVE.match(text) else None
    if side is None and (IMPERATIVE.match(text) or reader):
        side, why_side = _lead_in_side(doc, unit, parties), "obligor.lead_in"
    if side is None and reader:
        # a guide's instruction to its reader binds the party it calls "you"
        side, why_side = reader, "obligor.reader"
    if (side is None and parties.surveillance_plan and unit.kind is not BlockKind.table_row and not targets
            and _CHECKING.search(text)):
        # a surveillance plan's prose on checking: the buyer's checks
        side, why_side = Obligor.client, "obligor.surveillance_prose"
    if side is None and targets and ROW_STANDARD_IS_PROVIDERS and unit.kind is BlockKind.table_row:
        # a table's standard that names no party is the work's: "binds whoever performs the
        # service: usually the provider" (GUIDELINES, obligor)
        side, why_side = Obligor.provider, "obligor.row_standard"
    if side is None:
        side, why_side = _model_side(score, prefix), "obligor.model"
    vague = score.heads["vague"] >= thresholds["vague"] or bool(VAGUE_WORDS.search(text))
    confidence = score.heads[prefix + side.value]
    if (targets and not unit.duty and max(score.heads["sl_provider"], score.heads["sl_client"]) < NO_DUTY_LEVEL
            and not any(t.kind in _TIMES and t.condition and _TIER.match(t.condition) for t in targets)
            and not (COVERAGE_LEVEL and any(t.kind == "coverage" for t in targets))):
        return []  # a number with no duty word: a level only if the model reads one, or a tier's time ("Priority 1 incidents: 2 hours")
    if not targets:
        # A duty word alone is weak evidence: keep the obligation only if the model finds one
        # (a task-list imperative is stronger evidence than a bare "will": a lower bar)
        imperative = bool(IMPERATIVE.match(text) or reader)
        model_says = any(score.heads[f"ob_{o.value}"] >= (IMPERATIVE_OBLIGATION if imperative else thresholds[f"ob_{o.value}"])
                         for o in Obligor)
        checks = (SURVEILLANCE_PROSE_DUTIES and why_side == "obligor.surveillance_prose"
                  and bool(_PASSIVE_CHECK.search(text)))
        if not model_says and not _buyer_acts(parties, text) and not checks:
            return []
        why_kind = ("kind.obligation_model" if model_says else "kind.obligation_buyer_acts" if not checks
                    else "kind.surveillance_step")
        return [_item(doc, unit, kind, side, None, None, vague, confidence, (why_kind, why_side))]
    section = section_row(doc, unit)
    out, seen, dropped = [], set(), False
    why_kind = "kind.target" if unit.duty else "kind.target_no_duty"
    for t in targets:  # a target the row repeats ("within 5 days" | "5 days") is one commitment
        metric, why_metric = metric_and_why(text, t, score, cols, section, _around(unit))
        if (GUESSED_CREDIT_NEEDS_WORDS and metric is Metric.service_credit and why_metric == "metric.model"
                and not _OWED_FOR_A_MISS.search(text)):
            # GUIDELINES: a service credit is "owed for missing a target"; a share no word
            # ties to a miss ("operate the Portfolio ... 95%", "thirty percent of the Net
            # Sales") measures something the vocabulary does not name
            metric, why_metric = Metric.other, "metric.credit_without_words"
            if GUESSED_CREDIT_IS_NO_LEVEL and _MONEY.search(text):
                # a share of a sum: a price, fee or payment term (GUIDELINES: never a target)
                dropped = True
                continue
        if LONG_GUESSED_NOT_LEVEL and why_metric == "metric.model" and t.kind == "duration" and t.unit in _LONG:
            dropped = True
            continue
        check = parties.surveillance_plan and named is None and _checked_on(text, t)
        if check:  # an inspection cadence: how often, of no metric the vocabulary names
            metric, why_metric = Metric.other, "metric.check_cadence"
        metrics = [metric]
        if t.kind == "cadence" and metric in _BOTH_CADENCES and _MEETINGS_AND_REPORTS.search(text):
            metrics = list(_BOTH_CADENCES)  # "Bi-Weekly Project Status Meeting/Reports": two deliverables
            why_metric = "metric.meeting_and_report"
        for metric in metrics:
            if (metric, t.value, t.unit, t.period) not in seen:
                seen.add((metric, t.value, t.unit, t.period))
                own = Obligor.client if check else side
                decided = (why_kind, "obligor.check_cadence" if check else why_side, why_metric)
                out.append(_item(doc, unit, kind, own, metric, t, vague,
                                 score.heads["sl_client"] if check else confidence, decided))
    if not out and dropped and unit.duty and score.heads[f"ob_{side.value}"] >= thresholds[f"ob_{side.value}"]:
        # the duty stays, as an obligation of the same side: "... shall continue for one year"
        return [_item(doc, unit, Kind.obligation, side, None, None, vague, score.heads[f"ob_{side.value}"],
                      ("kind.obligation_model", why_side))]
    return out


# GUIDELINES: "The term of the agreement, renewal, termination notice and survival periods
# are not items". A span of months or years that no word, column or heading ties to a
# metric (only the model's head chose one) is such a period far more often than a
# deliverable's deadline ("continue for the longer of one year", "One-Month Efficiency").
LONG_GUESSED_NOT_LEVEL = True
_LONG = {Measure.month, Measure.year}


_BOTH_CADENCES = (Metric.meeting_cadence, Metric.reporting_cadence)
_MEETING = re.compile(r"\bmeet(?:s|ing|ings)?\b|\bconfer\b|\breview\b|\bwork together\b", re.I)
MUTUAL_MEETINGS = True
_MEETINGS_AND_REPORTS = re.compile(r"\bmeetings?\s*(?:/|&|and)\s*(?:status\s+)?reports?\b"
                                   r"|\breports?\s*(?:/|&|and)\s*(?:status\s+)?meetings?\b", re.I)


# In a surveillance plan, "records are reviewed annually", "Review annually the ...",
# "Annually review ...": how often the buyer checks the work, a cadence of its own; the
# row's other targets stay the provider's. (In a work statement, "SOPs are reviewed
# quarterly" is the provider's upkeep.)
_CHECK = r"(?:review|inspect|evaluat|monitor|audit|assess|surveil)\w*"


# A surveillance plan's passive steps are the buyer's duties however unsure the model is:
# "Inspection results will be recorded ...", "Performance data gathered will be evaluated",
# "All such records will be retained for the life of the task order".
SURVEILLANCE_PROSE_DUTIES = True
_PASSIVE_CHECK = re.compile(r"\b(?:shall|will|must)\s+(?:also\s+)?be\s+(?:\w+ly\s+)?[a-z]+ed\b", re.I)
# What checking the work is about: its methods, measures and findings.
_CHECKING = re.compile(r"\b(?:surveil\w*|inspect\w*|sampl\w*|evaluat\w*|monitor\w*|assess\w*|audit\w*|AQLs?"
                       r"|performance standards?|defects?|deficien\w*|nonconform\w*|noncomplian\w*|corrective action"
                       r"|discrepanc\w*|validat\w*|QASP|PRS)\b", re.I)


def _checked_on(text: str, t: Target) -> bool:
    """Is the cadence target how often something is checked ("reviewed at least annually",
    "Annually review the"), not a review delivered ("Provide a monthly review")?"""
    if t.kind != "cadence":
        return False
    before, after = text[max(0, t.start - 60) : t.start], text[t.end : t.end + 12]
    # the cell's own sentence, up to the target: "Review program to monitor ... annually"
    sentence = re.split(r"[.;]\s|\|", text[: t.start])[-1]
    return bool(re.search(rf"\b{_CHECK}\s+(?:at least\s+|and updated\s+)?$", before, re.I)
                # "is reviewed, from identification to closure, annually"
                or re.search(rf"\b{_CHECK}\s*,[^,.;|]{{1,45}},\s*(?:at least\s+)?$", before, re.I)
                or re.match(rf"\W*(?:\d+(?:\.\d+)*\s+)?(?:\w+ly\s+)?{_CHECK}\s+(?:the\s+)?[a-z]", sentence, re.I)
                or (re.search(rf"^\s*{_CHECK}\b", after, re.I) and not re.search(r"\b(?:an?|the|one)\s*$", before, re.I)))


_SKIPPED = {BlockKind.list_item, BlockKind.page_header, BlockKind.page_footer}


def _lead_in_side(doc, unit: Unit, parties: Parties) -> Obligor | None:
    """A task-list item's doer, from the lead-in its list hangs from: "Some of the key
    duties of QAEs include the following:" makes "Assist the DGR ..." the QAEs' (the
    subject of the lead-in's duty verb, else, with none, the last party it names). No
    lead-in ending in a colon: no answer."""
    i = unit.sentence.block - 1
    while i >= 0 and doc.blocks[i].kind in _SKIPPED:
        i -= 1
    if i < 0 or not doc.blocks[i].text.rstrip().endswith(":"):
        return None
    lead = doc.blocks[i].text
    subject = parties.subject(lead)  # "The Contractor shall work with the Government to:"
    if subject is not None or _MODALS.search(lead):
        return subject
    last = max(((m.start(), role) for name, role in parties.roles.items()
                for m in re.finditer(rf"\b{re.escape(name)}\b", lead.lower())), default=None, key=lambda x: x[0])
    return last[1] if last else None


def _buyer_acts(parties: Parties, text: str) -> bool:
    """A named buyer with "shall", "must" or "will" and a verb right after ("the QAE must
    determine", "the DGR will decide"): a duty, however unsure the model is of the name."""
    m = re.search(r"\b(shall|must|will)\s+(?:also\s+)?(?!be\b|not\b|have\b)[a-z]+", text)
    if not m:
        return False
    near = " ".join(text[: m.start()].split()[-3:])  # the name right before the verb, not "... for Corio which will"
    return parties.subject(text) is Obligor.client and parties.subject(f"{near} {text[m.start() : m.end()]}") is Obligor.client


def _named_side(parties: Parties, text: str) -> Obligor | None:
    """Who the words bind, where they say: the subject, a passive's agent, or the provider
    for a credit ("Service Credits shall be applied as a deduction"), owed whoever it
    is paid to."""
    if IMPERATIVE.match(text):  # a task list item: its own subject if any, else the model
        return parties.subject(text)
    side = parties.subject(text) or passive_side(parties, text)
    if side is None and parties.serves_provider(text):
        return Obligor.client
    return Obligor.provider if side is None and _CREDIT.search(text) else side


def _referring(doc, unit: Unit, score, parties: Parties) -> list[Commitment]:
    """A service level whose target is stated elsewhere: metric from its words or the
    head, one item per time metric it names ("will meet certain target percentages for
    average response times, and average resolution times"); a credit is owed by the
    provider whoever the sentence names."""
    text = unit.sentence.text
    if _CREDIT.search(text):
        side, metrics = Obligor.provider, [Metric.service_credit]
        why_side, why_metric = "obligor.named", "metric.credit"
    else:
        side, why_side = _named_side(parties, text), "obligor.named"
        if side is None:
            side, why_side = _model_side(score, "sl_"), "obligor.model"
        named = named_metric(text, set(score.metrics) - {"service_credit"})
        metrics = [Metric(named or max(score.metrics, key=score.metrics.get))]
        why_metric = "metric.named_word" if named else "metric.model"
        times = [m for m, pattern in METRIC_WORDS if m in _TIME_METRICS and pattern.search(text)]
        if len(times) > 1 and metrics[0] in times:
            metrics = times
    vague = bool(VAGUE_WORDS.search(text))
    return [_item(doc, unit, Kind.service_level, side, metric, None, vague, score.heads["sl_" + side.value],
                  ("kind.refers_elsewhere", why_side, why_metric)) for metric in metrics]


_TIME_METRICS = {Metric.response_time, Metric.resolution_time}


def _model_side(score, prefix: str) -> Obligor:
    """Who is bound where the words do not say: the model's provider and client scores."""
    return Obligor.provider if score.heads[prefix + "provider"] >= score.heads[prefix + "client"] else Obligor.client


def _item(doc, unit: Unit, kind, side, metric, target: Target | None, vague, confidence,
          decided: tuple[str, ...]) -> Commitment:
    """`decided`: the named decisions (decisions.py) that made its kind, obligor and metric."""
    s = unit.sentence
    # GUIDELINES: "A number or a named cadence makes it not vague" ("Periodic Inspection"
    # naming a row's surveillance method leaves its 90% no less exact)
    vague = vague and (target is None or target.value is None)
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
        decided_by=list(decided),
    )
