"""Which units of a document are worth the model's time: a duty sentence, a table row, a
task-list item in the imperative, or a sentence stating a target; never a heading, a
definition, a disclaimer or an estimate."""

import re
from dataclasses import dataclass

from extractors.values import primary_targets
from schemas import BlockKind, Document, Sentence

# A unit with none of these cannot bind anyone to anything measurable or not.
DUTY = re.compile(
    r"\b(shall|must|will|agrees?|agreed|responsible|required|requires?|undertakes?|commits?|guarantees?"
    r"|ensures?|warrants?|obligat\w*|is to|are to|needs? to|expected to|should|entitled|eligible"
    r"|ha(?:s|ve) to|responsibilit(?:y|ies)|payable)\b",
    re.I,
)
# GUIDELINES: "Statements of fact, intentions and estimates ('the Government anticipates')
# are not commitments": a belief or estimate with no "shall" or "must" binds no one.
OPINION = re.compile(r"^(?!.*\b(shall|must)\b).*\b(believes?|estimates?|anticipates?|intends?|envisions?|hopes?)\b"
                     r"|^\W*(?:assumes?|assuming)\b", re.I | re.S)  # "• Assumes an average call volume of 1800 calls per month"
# GUIDELINES: "Not items: definitions ... disclaimers": "Provider and Customer agree to
# calculate availability as ...", "No other hardware or software will be provided".
NOT_A_DUTY = re.compile(
    r"\bagree\w*\s+to\s+(?:calculate|measure|compute|define|determine)\b[^.]*?\bas\b"
    # '"Control" shall mean ...' defines a word, also behind an enumerator or a scope ('(x)
    # "Termination Fee" shall mean', 'For purposes of this Agreement, "Normal Business Hours"
    # shall mean', 'the term "Release Date" shall mean'); '"Batch Report Service Level" means
    # that ... shall be completed by 4 hours' states a level, and stays
    r"|^\W*(?:\(?[a-z0-9]{1,4}[.)]\s*)?(?:for\s+(?:the\s+)?purposes?\s+of\s+[^,]{0,60},\s*)?(?:the\s+(?:term|phrase)s?\s+)?"
    r"[\"“](?![^\"”]*\bservice levels?\b)[^\"”]{1,60}[\"”]\s+(?:shall\s+|will\s+)?(?:means?|refers?\s+to|shall\s+have\s+the\s+meaning)\b"
    r"|^\W*no\s+(?:other\s+)?[\w\s]{0,40}?\b(?:will|shall)\s+be\s+(?:provided|furnished|supplied|made available)\b"
    # "Response time is defined as the time it takes ...", "Resolution time will be calculated as"
    r"|^\W*[\w\s-]{1,40}?\b(?:is|are|shall\s+be|will\s+be)\s+(?:defined|calculated|computed|measured)\s+as\b",
    re.I,
)
# GUIDELINES: "Not items: ... rights and permissions, disclaimers, statements of fact":
# "Corio shall have the right to resell", "Neither party will be liable", "Each copy will
# be deemed an original", "By signing below, the parties agree". Only where that is the
# sentence's one modal: "X shall deliver ...; Y shall have the right to inspect" binds X.
_NO_DUTY_CLAUSE = re.compile(
    r"\b(?:shall|will)\s+(?:have|retain)\s+(?:the|a|no)\s+right\b|\breserves?\s+the\s+right\b"
    r"|\b(?:shall|will)\s+not\s+be\s+(?:liable|responsible|considered|deemed)\b|\bis\s+not\s+responsible\b"
    r"|\bneither\s+party\s+(?:shall|will)\s+(?:be|have\s+any)\s+(?:liable|liability|responsible)\b"
    r"|\b(?:shall|will)\s+be\s+deemed\b|^\W*by\s+signing\b|\bshall\s+be\s+governed\s+by\b",
    re.I,
)
_MODALS = re.compile(r"\b(?:shall|will|must)\b", re.I)
# GUIDELINES: "Not items: ... instructions to bidders about how to submit a proposal":
# a bidder or its proposal is the subject ("Quotations shall be formatted ...", "It is each
# Offeror's responsibility to ... submit their quotation") and a proposal is what it is
# about. "The Offeror shall provide 24x7 support" speaks of the work, and stays; so does
# "Each Offeror's quotation will be evaluated" (the buyer's duty), and a contract's
# renewal "offer".
_BIDDER = re.compile(r"\b(?:proposals?|quotations?|quotes?|bids?|offers|offerors?|bidders?|quoters?|respondents?)\b", re.I)
_PROPOSAL = re.compile(r"\b(?:proposals?|quotations?|quotes?|bids?|offers)\b", re.I)
_EVALUATED = re.compile(r"\b(?:evaluat\w*|assess\w*|review\w*|award\w*|consider\w*|select\w*|publish\w*)\b", re.I)
_DUTY_AT = re.compile(r"\b(?:shall|will|must|is|are)\b", re.I)
_NO_UNITS = {BlockKind.heading, BlockKind.page_header, BlockKind.page_footer}


# A task list's items bind without a modal: "Prepare a Service Incident Report ...", "Two
# weeks prior to conclusion, provide a Transition Plan" (under "The Contractor shall:").
IMPERATIVE = re.compile(
    r"^\W*(?:[a-z]\.\s+|\d+(?:\.\d+)*\.?\s+)?(?:[^,;:|]{0,80},\s*)?"
    r"(?:provide|create|prepare|deliver|report|submit|maintain|conduct|perform|develop|ensure|sign|leave|relocate"
    r"|repair|replace|render|establish|co-?ordinate|support|attend|update|notify|monitor|produce|assist|install"
    r"|document|train|manage|communicate|accept|specify|design|implement|furnish|respond|resolve|restore|track"
    r"|participate|hold|keep|obtain|define|answer|schedule|identify|record|send|complete|do"
    r"|make|review|inspect|evaluate|verify|investigate|validate|analy[sz]e|inform|recommend|test|plan|assess|audit"
    r"|collect|compile|escalate|log|prioritize|close|notify)\b(?!-)"
    r"(?!\s+(?:is|are|was|were|will|shall|must|has|have|can|may|includes?|of)\b)",  # "Support is": a noun
    re.I,
)


# What a guide tells its reader to do, where the reader is a party (Parties: "you"):
# "Choose the Service, Category, and Severity", "Include relevant resource information",
# "Clearly state your name and describe the problem", "Please open a support ticket".
READER_IMPERATIVE = re.compile(
    r"^\W*(?:[^,;:|]{0,80},\s*)?(?:please\s+)?(?:clearly\s+|always\s+|also\s+)?"
    r"(?:choose|select|enter|include|follow|open|contact|message|e-?mail|call|use|state|describe|fill|make\s+sure"
    r"|provide|send|submit|ensure|log|raise|create|attach|specify|notify|inform|report|keep|check)\b(?!-)"
    r"(?!\s+(?:is|are|was|were|will|shall|must|has|have|can|may|includes?|of)\b)",
    re.I,
)


def binds_no_one(text: str) -> bool:
    """A definition, a disclaimer, an estimate, a right stated with the sentence's only
    modal, or an instruction to bidders."""
    return bool(OPINION.search(text) or NOT_A_DUTY.search(text)
                or (_NO_DUTY_CLAUSE.search(text) and len(_MODALS.findall(text)) <= 1)
                or instructs_bidders(text))


def instructs_bidders(text: str) -> bool:
    """Is the subject a bidder or its proposal, and the sentence about the proposal?"""
    its = re.match(r"\W*it\s+is\s+(.{0,40}?)\bresponsibilit", text, re.I)  # "It is each Offeror's responsibility to"
    duty = _DUTY_AT.search(text)
    head = its.group(1) if its else text[: duty.start()] if duty else ""
    return bool(_BIDDER.search(head) and _PROPOSAL.search(text) and not _EVALUATED.search(text))


@dataclass
class Unit:
    sentence: Sentence
    kind: BlockKind
    duty: bool = True  # False: no duty word, so the model alone must find a commitment in it
    around: str = ""  # its context (context.py), where a rule reads it


def candidates(doc: Document, reader: bool = False) -> list[Unit]:
    """Units worth the model's time: every table row (requirement matrices state targets
    without a verb), sentences with a duty word, and, for the model to judge alone, task
    list items in the imperative and sentences stating a target ("Priority 1 incidents:
    2 hours"). Headings, running headers and fragments of three words or fewer are not.
    `reader`: the document addresses a party as "you", so what it tells its reader to do
    is a duty too (READER_IMPERATIVE)."""
    out = []
    for s in doc.sentences:
        kind = doc.blocks[s.block].kind
        if kind in _NO_UNITS or len(s.text.split()) < 4 or binds_no_one(s.text):
            continue
        if kind is BlockKind.table_row or DUTY.search(s.text):
            out.append(Unit(s, kind))
        elif IMPERATIVE.match(s.text) or primary_targets(s.text) or (reader and READER_IMPERATIVE.match(s.text)):
            out.append(Unit(s, kind, duty=False))
    return out
