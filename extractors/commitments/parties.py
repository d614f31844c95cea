"""Who is the provider and who is the client, from the document's own words.

Contracts name their parties ("Corio Inc. ... ("CORIO")", "Supabase", "the Government").
A name becomes a role by what it says (Contractor, Vendor, Licensor... or Government,
Customer, Licensee...) or, for a bare company name, by what the document has it do:
provide, host and support services, or pay fees and receive them.
"""

import re
from collections import Counter
from dataclasses import dataclass, field

from schemas import Document, Obligor

PROVIDER_WORDS = {
    "contractor", "contractors", "vendor", "supplier", "provider", "service provider", "licensor", "offeror",
    "offerors", "consultant", "seller", "reseller", "subcontractor", "bidder", "quoter", "company", "outsourcer",
}
CLIENT_WORDS = {
    "government", "agency", "customer", "client", "buyer", "licensee", "purchaser", "cor", "cotr",
    "contracting officer", "department", "user", "subscriber", "bank", "owner", "ordering activity",
    # a QASP's surveillance staff act for the buyer
    "quality assurance evaluator", "qae", "qaes", "evaluator", "evaluators", "inspector", "inspectors",
}
# ("Customer"), (the "Supplier"), (hereinafter "EuroTel"), (“Licensee”)
_DEFINED = re.compile(r"\((?:the\s+|hereinafter\s+(?:the\s+|referred to as\s+)?)?[\"“']([A-Z][\w&.\- ]{1,40}?)[\"”']\)")
# "Department of Transportation (DOT)": an acronym takes the role of the name that spells
# it: its head noun's ("Department" of ..., else the last word), else its one role word
# ("Designated Government Representative").
_ACRONYM = re.compile(r"\b([A-Z][a-z]+(?:\s+(?:of|for|and|the|[A-Z][a-z]+)){1,5})\s+\(([A-Z]{2,8})\)")
_MODAL = r"(?:shall|will|must|agrees? to|is responsible|are responsible|is required|are required|may be required|undertakes?)"
# Nouns a party's name can qualify without being the party: "user stories", "customer satisfaction".
_QUALIFIED = (r"(?:stories|story|research|interface|experience|satisfaction|needs|testing|groups?|documentation|content|data"
              r"|cloud|facilit(?:y|ies)|equipment|property|furnished|owned|funds|premises)")
_PEOPLE = (r"(?:personnel|staff|employees?|representatives?|team|officers?|managers?|agents?|subcontractors?"
           r"|designees?|leads?|members?|users?|workers?|engineers?|technicians?|specialists?)")
_THING_OF = re.compile(rf"['’]s\s+(?!(?:[\w-]+\s+){{0,2}}?{_PEOPLE}\b)[\w-]", re.I)
_OBJECT_OF = re.compile(r"\b(by|to|from|of|with|for|between|under|upon)\s+(the\s+|each\s+|any\s+)?$")
_PROVIDES = re.compile(r"\b(provide|perform|host|deliver|maintain|support|operate|furnish|supply)\b", re.I)
# What only the buyer does: pays, and judges the work (QASPs: "18F will evaluate").
_BUYER_DEEDS = re.compile(r"\b(pay|reimburse|remit|evaluate|assess|inspect|accept|approve|certify)\b", re.I)
# A duty verb done to or for the other side: "will notify the contractor", "shall provide the Contractor".
_TOWARD = re.compile(r"\b(?:shall|will|must)\s+(?:\w+ly\s+)?(?:notify|inform|apprise|advise|provide|furnish|give|issue|send"
                     r"|grant|pay|reimburse|direct|approve|accept|reject|evaluate|assess|authorize|return)\b", re.I)
# Judging the work is the buyer's part, whoever does it for the buyer: a named doer
# ("The Safety Office will provide acceptance"), not a system's "c. Must accept a file".
_JUDGES = re.compile(r"\b[A-Z][\w-]*\s+(?:shall|will|must)\s+(?:\w+ly\s+)?(?:accept|approve|reject|certify"
                     r"|(?:provide|issue|give)\s+(?:written\s+)?(?:acceptance|approval|rejection))\b", re.I)
_RECEIVES = r"\b(?:delivered|provided|furnished|submitted|services|deliverables|developed)"
_BETWEEN = re.compile(r"\bbetween\b(.{0,300})", re.I | re.S)
# A bare name that acts: "EuroTel shall", "18F will", "Sicap Ltd will". Only names a plain
# word cannot be (an inner capital or digit, all capitals, or a company suffix), so that
# "There shall" or "Misuse will" never become parties.
_ACTOR = re.compile(
    r"\b((?=[\w&]*[A-Za-z])(?:[A-Z0-9][\w&]*[A-Z0-9][\w&]*|[A-Z][a-z]+ (?:Ltd|Inc|LLC|Corp|GmbH|AG|plc)\.?))\s+" + _MODAL + r"\b"
)


RECEIVER_IS_NOT_DOER = True
ENGAGED_IS_PROVIDER = True
FIRST_AND_SECOND_PERSON = True
# A vendor's guide that speaks to "you" ("Choose the Service ...", "Include your email
# address") addresses its buyer, duty words or not.
READER_ADDRESSED = True
_YOU = re.compile(r"\byou(?:r|rs)?\b", re.I)
_IS_TOLD = re.compile(r"\s+(?:not\s+)?(?:also\s+)?be\s+(?:\w+ly\s+)?(?:notified|informed|advised|told|given|sent|provided|furnished"
                      r"|shown|presented|prompted|asked|alerted|paid|reimbursed|offered|granted|invited)\b", re.I)
COMPANY_COUNTERPART = True  # helped or held on every fold replayed (docs/MODEL_CARD.md)
_SELLERS = ("contractors?", "suppliers?", "vendors?", "consultants?", "provider", "licensor", "outsourcer")
_BUYERS = ("customers?", "clients?", "licensee", "buyer", "purchaser", "government", "agency")


def _acts(word: str, text: str) -> int:
    return len(re.findall(rf"\b{word}\s+{_MODAL}", text[:200_000], re.I))


@dataclass
class Parties:
    roles: dict[str, Obligor] = field(default_factory=dict)  # lower-cased name -> role
    # The document is the buyer's surveillance plan (a QASP): its checks are the buyer's.
    surveillance_plan: bool = False

    @classmethod
    def from_document(cls, doc: Document) -> "Parties":
        roles: dict[str, Obligor] = {w: Obligor.provider for w in PROVIDER_WORDS}
        roles.update({w: Obligor.client for w in CLIENT_WORDS})
        text = doc.text
        # a definition outweighs deeds ("DOT will perform the steps")
        for m in _ACRONYM.finditer(text[:200_000]):
            full, short = _expansion(m.group(1).split(), m.group(2)), m.group(2).lower()
            if not full:
                continue
            head = full.split(" of ")[0].split(" for ")[0]
            # "Designated Government Representative (DGR)": a role word anywhere in the name
            inner = {r for w in full.split() if (r := roles.get(w)) is not None}
            role = roles.get(full) or _role_by_words(head) or (inner.pop() if len(inner) == 1 else None)
            for name in (short, short + "s"):  # "QAEs will"
                if role and name not in roles:
                    roles[name] = role
        defined = {m.group(1).strip() for m in _DEFINED.finditer(text[:200_000])}
        acting = Counter(m.group(1).strip() for m in _ACTOR.finditer(text[:200_000]))
        for name in defined | {n for n, times in acting.items() if times >= 2}:
            key = name.lower()
            if key in roles or len(key) < 2:
                continue
            role = _role_by_words(key) or _engaged(name, text) or _role_by_deeds(name, text)
            if role:
                roles[key] = role
        # Two bare names and the deeds tell one: the other is its counterpart ("between
        # EuroTel ... and Sicap Ltd", Sicap performs the services, so EuroTel is the client).
        # Only names the preamble lists as parties: an acronym that acts ("RFP will", "VPNs
        # will") is no counterpart.
        preamble = " ".join(m.group(1) for m in _BETWEEN.finditer(text[:5000])).lower()
        bare = [n.lower() for n, times in acting.items()
                if times >= 2 and not _role_by_words(n.lower()) and n.lower() in preamble]
        known = {roles[n] for n in bare if n in roles}
        if len(bare) == 2 and len(known) == 1:
            other = Obligor.client if known == {Obligor.provider} else Obligor.provider
            roles.update({n: other for n in bare if n not in roles})
        addressed = _acts("you", text) >= 2 or (READER_ADDRESSED and len(_YOU.findall(text[:200_000])) >= 5)
        if FIRST_AND_SECOND_PERSON and addressed and (we := _first_person(text)) is not None:
            # a vendor's terms ("We will respond ...", "You will ensure ...") or a buyer's RFP
            # ("We will evaluate ...", "you must"): the two persons are the two sides
            roles.setdefault("we", we)
            roles.setdefault("you", Obligor.client if we is Obligor.provider else Obligor.provider)
        elif READER_BY_BELONGINGS and addressed and (reader := _reader_by_belongings(text)) is not None:
            roles.setdefault("you", reader)  # "your account", "your case": a buyer; "your proposal": a bidder
        if COMPANY_COUNTERPART and _acts("company", text) >= 2:
            # "Company" is a name, not a role (GUIDELINES: the provider is "the company selling
            # the service"): beside a Contractor or Supplier that acts, the Company buys
            sellers = sum(_acts(w, text) for w in _SELLERS)
            if sellers >= 2 and not any(_acts(w, text) for w in _BUYERS):
                roles["company"] = Obligor.client
        # its title: a short block among the first few ("QUALITY ASSURANCE SURVEILLANCE PLAN
        # (QASP) FOR ..."), not a work statement's mention of the plan it will follow
        titles = [b.text for b in doc.blocks[:8] if len(b.text) < 150]
        return cls(roles, any(re.search(r"\bsurveillance plan\b", t, re.I) for t in titles))

    def role_at(self, text: str, at: int) -> Obligor | None:
        """The role of the party named at `at` in lower-cased `text`, if one is."""
        best = None
        for name, role in self.roles.items():
            if text.startswith(name, at) and (at + len(name) == len(text) or not text[at + len(name)].isalnum()):
                if best is None or len(name) > best[0]:
                    best = (len(name), role)
        return best[1] if best else None

    def subject(self, sentence: str) -> Obligor | None:
        """The role of the party a duty sentence binds: the last party named before the
        first modal verb ("The Contractor shall", "Customer will promptly")."""
        named = self._named_before_modal(sentence)
        if not named:
            return None
        role = named[-1][1]
        # "the Contractor will be notified", "the user will be shown the journal": the party
        # named is told or given something; the other side does the telling
        if RECEIVER_IS_NOT_DOER and _IS_TOLD.match(sentence, re.search(rf"\b{_MODAL}\b", sentence, re.I).end()):
            return Obligor.client if role is Obligor.provider else Obligor.provider
        return role

    def serves_provider(self, sentence: str) -> bool:
        """Does an unnamed doer tell, give to or judge the provider ("The Functional
        Director will notify the contractor", "the CO will apprise the Contractor"), or
        accept or approve the work? With two sides, whoever acts on the provider is the
        buyer."""
        if self.subject(sentence) is not None:
            return False
        if _JUDGES.search(sentence):  # "The Safety Office will provide acceptance or non-acceptance within 5 working days"
            return True
        m = _TOWARD.search(sentence)
        if not m:
            return False
        tail = sentence[m.end() : m.end() + 60].lower()
        # the object right after the verb ("notify the contractor"), or its receiver ("return the plan to the Contractor")
        at = [re.match(r"\s*(?:the\s+|each\s+)?", tail).end()]
        at += [hit.end() for hit in re.finditer(r"\b(?:to|with)\s+(?:the\s+|each\s+)?", tail)]
        return any(self.role_at(tail, a) is Obligor.provider for a in at)

    def joint(self, sentence: str) -> bool:
        """Do both sides share the duty ("the COR and contractor will be expected to")?"""
        named = self._named_before_modal(sentence)
        return len(named) >= 2 and {named[-2][1], named[-1][1]} == {Obligor.client, Obligor.provider} and bool(
            re.search(r"^\W*(?:\(\w+\)\W*)?and\s+(?:the\s+)?$", named[-1][2])
        )

    def _named_before_modal(self, sentence: str) -> list[tuple[int, Obligor, str]]:
        """(offset, role, text since the previous party) of each party named as a possible
        subject before the first modal verb, in order."""
        m = re.search(rf"\b{_MODAL}\b", sentence, re.I)
        if not m:
            return []
        # In a table row only the modal's own cell can hold its subject.
        head = sentence[: m.start()].rsplit(" | ", 1)[-1].lower()
        hits: dict[int, tuple[int, Obligor]] = {}  # start -> (end, role); the longest name at a place wins
        for name, role in self.roles.items():
            # not "Client-side rendering", nor a name that only qualifies a noun ("user stories")
            for hit in re.finditer(rf"\b{re.escape(name)}\b(?!-)(?!\s+{_QUALIFIED}\b)", head):
                # "reported by the Agency shall be resolved": an object, not the subject;
                # "The contractor, and not the Government, is": a contrast, not the subject
                if _OBJECT_OF.search(head[: hit.start()]) or re.search(r"\bnot\s+(the\s+)?$", head[: hit.start()]):
                    continue
                # "DOT’s access to the object shall be as timely": a party's thing does
                # nothing; its people act for it ("the Contractor's key personnel shall")
                if _THING_OF.match(head, hit.end()):
                    continue
                if hit.start() not in hits or hit.end() > hits[hit.start()][0]:
                    hits[hit.start()] = (hit.end(), role)
        out, last_end = [], 0
        for start in sorted(hits):
            end, role = hits[start]
            if start < last_end:  # inside a longer name already taken ("service provider")
                continue
            out.append((start, role, head[last_end:start]))
            last_end = end
        return out


PASSIVE = re.compile(r"\b(?:shall|will|must|is to|are to)\s+(?:not\s+)?(?:also\s+)?be\s+(\w+(?:ed|en)|sent|made|held|kept|given)\b", re.I)
# Checking the provider's work is the client's part (a QASP's passive sentences).
_SURVEILLANCE = re.compile(r"\b(inspections?|surveillance|quality assurance|discrepanc\w*|acceptance of (?:the )?(?:services|deliverables|work))\b", re.I)
_PROVIDER_CHECKS = re.compile(r"\bquality control\b", re.I)  # the provider's own checks
_BUYER_PASSIVE = re.compile(r"^(approved|accepted|reimbursed|paid|evaluated|inspected|certified|authorized)$", re.I)
_TOLD = re.compile(r"^(notified|informed|advised|told|given|sent|provided|furnished|paid)$", re.I)


# What the buyer hands the provider to work from, given in the passive with no agent:
# "A sample report will be provided", "Additional instructions ... will be sent to the
# e-mail address", "Format for monthly progress report will be provided with each task order".
_GUIDANCE = re.compile(r"\b(?:instructions?|guidance|formats?|templates?|samples?|directions?|clones?)\b", re.I)
_GIVEN = re.compile(r"^(provided|furnished|sent|issued|given|provisioned)$", re.I)
GUIDANCE_GIVEN = True


def passive_side(parties: "Parties", sentence: str) -> Obligor | None:
    """Who performs a passive duty: the agent named by "by" ("accepted by the Government
    within 5 days"); or the client when something is given to or from a party ("will be
    provided to the Contractor", "the Contractor will be notified")."""
    # "Inspection results will be recorded", "The file will contain all evaluations": in
    # prose, the buyer checks the work; a table row's standard ("maintenance inspections
    # shall be completed") is the provider's work.
    if " | " not in sentence and _SURVEILLANCE.search(sentence) and not _PROVIDER_CHECKS.search(sentence):
        return Obligor.client
    m = PASSIVE.search(sentence)
    if not m:
        return None
    # the passive's own clause: not "... due to contractor error" in the row's next sentence or cell
    tail = re.split(r"[.;]\s+(?=[A-Z])| \| ", sentence[m.end() : m.end() + 160])[0].lower()
    for word, flip in (("by", False), ("to", True), ("from", False)):
        for hit in re.finditer(rf"\b{word}\s+(?:both\s+)?(?:the\s+|its\s+|each\s+)?", tail):
            role = parties.role_at(tail, hit.end())
            if role is not None:
                # "provided to the Contractor": the other side gives
                return (Obligor.client if role is Obligor.provider else None) if flip else role
    if GUIDANCE_GIVEN and _GIVEN.match(m.group(1)) and _GUIDANCE.search(sentence[: m.start()]):
        return Obligor.client  # "More detailed instructions will be provided in individual task orders"
    if _TOLD.match(m.group(1)):
        head = sentence[: m.start()].lower()
        if any(re.search(rf"\b{re.escape(n)}\s*$", head) and r is Obligor.provider for n, r in parties.roles.items()):
            return Obligor.client
    # "Network access will be approved", "Costs shall be reimbursed": with no agent named,
    # approving, accepting and paying are the buyer's deeds (in prose; a table row's
    # "equipment shall be inspected" is a standard for the provider's work).
    if _BUYER_PASSIVE.match(m.group(1)) and " | " not in sentence:
        return Obligor.client
    return None


def _expansion(words: list[str], acronym: str) -> str | None:
    """The words before "(DOT)" that spell it ("Department of Transportation", from
    "Statement of Work for the Department of Transportation"), lower-cased."""
    for k in range(len(words)):
        tail = words[k:]
        if tail[0][0].isupper() and acronym in ("".join(w[0] for w in tail).upper(),
                                                "".join(w[0] for w in tail if w[0].isupper())):
            return " ".join(tail).lower()
    return None


def _role_by_words(name: str) -> Obligor | None:
    """ "Service Provider", "the Ordering Agency": the last word says the role; a defined
    term such as "End User License Agreement" says none."""
    last = name.split()[-1]
    if name in PROVIDER_WORDS or last in PROVIDER_WORDS:
        return Obligor.provider
    if name in CLIENT_WORDS or last in CLIENT_WORDS:
        return Obligor.client
    return None


# "our Services", "our support team": the first person sells the service
_OUR_SERVICE = re.compile(r"\bour\s+(?:services?|support|platform|products?|software|engineers?|SLA|uptime|systems?"
                          r"|(?:cloud|hosted|managed|support)\s+\w+)\b", re.I)


READER_BY_BELONGINGS = True
# What "your ..." belongs to says who the reader is: a buyer holds the account, the
# subscription, the case; a bidder writes the proposal. A solicitation's reader is a bidder.
_YOUR_BUYERS = re.compile(r"\byour\s+(?:[\w-]+\s+)?(?:accounts?|subscriptions?|plans?|cases?|issues?|tickets?|data"
                          r"|environments?|applications?|organi[sz]ations?|users?|instances?|workspaces?|payments?"
                          r"|invoices?|orders?|purchases?|projects?)\b", re.I)
_YOUR_BIDDERS = re.compile(r"\byour\s+(?:[\w-]+\s+)?(?:proposals?|quotes?|quotations?|offers?|bids?"
                           r"|past\s+performance)\b|\bofferors?\b|\bsolicitation\b|\bquoters?\b", re.I)


def _reader_by_belongings(text: str) -> Obligor | None:
    buyer, bidder = len(_YOUR_BUYERS.findall(text[:200_000])), len(_YOUR_BIDDERS.findall(text[:200_000]))
    if buyer >= 3 and bidder * 5 <= buyer:
        return Obligor.client
    if bidder >= 3 and buyer * 5 <= bidder:
        return Obligor.provider
    return None


def _first_person(text: str) -> Obligor | None:
    if len(_OUR_SERVICE.findall(text[:200_000])) >= 2:
        return Obligor.provider
    return _role_by_deeds("we", text)


def _engaged(name: str, text: str) -> Obligor | None:
    """ "WYZZ wishes to retain Nexstar to provide ... services", "appoints SHPS as its
    agent": the party retained to do the work is the provider, whoever pays whom."""
    if ENGAGED_IS_PROVIDER and re.search(
            rf"\b(?:retain|engage|appoint|hire)(?:s|ed)?\s+(?:the\s+)?{re.escape(name)}\s+(?:to\s+{_PROVIDES.pattern}|as\s+(?:its|the|an?)\s)",
            text[:200_000], re.I):
        return Obligor.provider
    return None


def _role_by_deeds(name: str, text: str) -> Obligor | None:
    deeds = Counter()
    for m in re.finditer(rf"\b{re.escape(name)}\b\s+{_MODAL}\s+(?:not\s+)?(\w+)", text, re.I):
        verb = m.group(0)
        if _PROVIDES.search(verb):
            deeds[Obligor.provider] += 1
        elif _BUYER_DEEDS.search(verb):
            deeds[Obligor.client] += 1
    # Who receives the work is the client: "delivered to 18F", "services to Customer".
    received = len(re.findall(rf"{_RECEIVES}\s+to\s+(?:the\s+)?{re.escape(name)}\b", text, re.I))
    if received >= 2:  # once may be an aside ("information provided to SAP is on hand")
        deeds[Obligor.client] += received
    if not deeds:
        return None
    (role, n), *rest = deeds.most_common()
    return role if not rest or n > rest[0][1] else None
