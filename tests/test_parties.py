"""Party roles from the document's own definitions, and the subject a duty binds."""

import pytest

from extractors.commitments.candidates import candidates
from extractors.commitments.parties import Parties, passive_side
from extractors.parse import parse_bytes
from schemas import Obligor

CONTRACT = (
    'This Agreement is between Corio Inc. ("CORIO") and Commerce One, Inc. ("COMMERCE ONE").\n\n'
    "Commerce One shall provide Corio with the Software and shall support it.\n\n"
    "Commerce One shall maintain the Software at its own cost.\n\n"
    "Corio shall pay Commerce One the fees within thirty (30) days of invoice.\n\n"
    'The IBM hosting service is provided by International Business Machines ("IBM") to Quantum ("Customer").\n\n'
    "IBM shall provide the hosting services 24x7.\n"
)


@pytest.fixture(scope="module")
def doc():
    return parse_bytes(CONTRACT.encode(), "test://c.txt", "c.txt")


@pytest.fixture(scope="module")
def parties(doc):
    return Parties.from_document(doc)


@pytest.mark.parametrize(
    "name, role",
    [("commerce one", Obligor.provider), ("corio", Obligor.client), ("ibm", Obligor.provider), ("customer", Obligor.client),
     ("contractor", Obligor.provider), ("government", Obligor.client)],
)
def test_roles_from_definitions_words_and_deeds(parties, name, role):
    assert parties.roles[name] is role


SOW = (
    "Statement of Work for the Department of Transportation (DOT) Cloud Services.\n\n"
    "DOT will perform the steps necessary to address this requirement.\n\n"
    "DOT will regularly provide the reseller with a list of tags.\n\n"
    "The Contracting Officer (CO) will apprise the reseller of performance.\n\n"
    "The reseller shall provide consolidated billing accounts.\n\n"
    "The Designated Government Representative (DGR) and the Quality Assurance Evaluators (QAE) watch the work.\n"
)


@pytest.mark.parametrize(
    "sentence, subject",
    [
        # the acronym of a "Department of ..." is the client, though its deeds look like a provider's
        ("DOT will change the root credentials.", Obligor.client),
        ("The CO will apprise the Contractor of how the government views performance.", Obligor.client),
        ("The reseller shall enable the access within five business days.", Obligor.provider),
        # a role word anywhere in the name; a QASP's evaluators act for the buyer, in the plural too
        ("The DGR will decide whether to elevate the problem.", Obligor.client),
        ("The QAEs will validate the Customer Feedback Records submitted.", Obligor.client),
    ],
)
def test_acronyms_take_the_role_of_their_full_name(sentence, subject):
    parties = Parties.from_document(parse_bytes(SOW.encode(), "test://sow.txt", "sow.txt"))
    assert parties.subject(sentence) is subject


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("The Contractor shall respond within 4 hours.", Obligor.provider),
        ("The Government will provide badges to all Contractor staff.", Obligor.client),
        ("Corio shall pay the fees within 30 days.", Obligor.client),
        ("Upon request from the Customer, IBM will restore the data.", Obligor.provider),
        ("Incidents shall be resolved within 4 hours.", None),  # passive: the model decides
        ("Incidents reported by the Agency shall be resolved within 4 hours.", None),  # the Agency is not bound
        ("The Contractor may propose incentives.", None),  # no duty verb
        # a party's thing does nothing; its people act for it (DOT SOW, data/extra)
        ("The Government’s access to the report shall be as timely as the Contractor's.", None),
        ("The Contractor's key personnel shall attend each review.", Obligor.provider),
        ("The Government's representative will inspect the site.", Obligor.client),
        # a party's name that only qualifies a thing
        ("The AWS Government Cloud environment shall be implemented with fail-over.", None),
        ("At the close of each work period, government facilities shall be secured.", None),
    ],
)
def test_subject_of_a_duty(parties, sentence, subject):
    assert parties.subject(sentence) is subject


def test_candidates_skip_headings_and_dutiless_text():
    doc = parse_bytes(
        b"# Service Levels\n\nThe Contractor shall answer calls within 20 seconds.\n\nThis section describes the service.\n\n"
        b"| Severity | Response |\n|---|---|\n| Severity 1 | 15 minutes |\n",
        "test://s.md", "s.md",
    )
    texts = [u.sentence.text for u in candidates(doc)]
    assert texts == ["The Contractor shall answer calls within 20 seconds.", "Severity 1 | 15 minutes"]


def test_table_rows_are_candidates_even_without_numbers():
    doc = parse_bytes(b"| Deliverable | Due | Standard |\n|---|---|---|\n| Code repository | End of task order | Open source licence |\n", "test://t.md", "t.md")
    assert [u.sentence.text for u in candidates(doc)] == ["Deliverable | Due | Standard", "Code repository | End of task order | Open source licence"]


@pytest.mark.parametrize(
    "sentence, side",
    [
        ("All reports shall be reviewed and accepted by the Government within 5 business days.", Obligor.client),
        ("Any updates to the QASP will be provided to the Contractor.", Obligor.client),
        ("Final acceptance will be provided in writing to the contractor, from COR, within 30 days.", Obligor.client),
        ("The Contractor will be notified of the dollar amount every six months.", Obligor.client),
        ("Incidents shall be resolved by the Contractor within 4 hours.", Obligor.provider),
        ("Incidents shall be resolved within 4 hours.", None),  # no agent named: the model decides
        ("The Contractor shall provide monthly reports.", None),  # active voice: subject() decides
        # checking the work is the buyer's part, in prose; a table row's standard is the provider's work
        ("Inspection results will be recorded in a GitHub issue, noting the date and result.", Obligor.client),
        ("3.1 | Vehicle maintenance inspections shall be completed on schedule. | 95%", None),
        ("The file will contain copies of all reports and evaluations of the quality assurance function.", Obligor.client),
        ("The quality control plan will describe inspections of each service.", None),  # the provider's own checks
        # approving, accepting, paying with no agent named: the buyer (data/extra USAF PWS)
        ("Network access will be approved IAW AFI 31-501.", Obligor.client),
        ("Costs shall be reimbursed in accordance with the Joint Travel Regulation.", Obligor.client),
        ("8.1 | Outgoing equipment shall be inspected and properly documented. | 100%", None),  # a row's standard
        ("A copy of the certification will be maintained by both the COR and IA office.", Obligor.client),
        # an agent in the row's next sentence is not this passive's (USAF PWS, data/extra)
        ("1.3.3 | Actions shall be performed within 8 hours. No more than 1 incident due to contractor error.", None),
    ],
)
def test_who_performs_a_passive_duty(parties, sentence, side):
    assert passive_side(parties, sentence) is side


@pytest.mark.parametrize(
    "sentence, subject",
    [
        ("The contractor, and not the Government, is responsible for quality control.", Obligor.provider),
        ("Customer may be required to provide additional details.", Obligor.client),
        # in a table row, only the modal's own cell names its subject
        ("Customer feedback is obtained | No more than 5 complaints a month. | Performance will be reviewed.", None),
        # a party's name inside a compound is no party
        ("Client-side rendering must conform with section 508 standards.", None),
        ("Any user stories that are not accepted must be completed in the next sprint.", None),
    ],
)
def test_subject_ignores_contrasts_and_other_cells(parties, sentence, subject):
    assert parties.subject(sentence) is subject


BARE = (
    "Maintenance contract concluded between: EuroTel Bratislava a.s., Slovakia and Sicap Ltd, Switzerland.\n\n"
    + "This contract replaces in full the annex on maintenance and support of the original purchase contract. " * 3 + "\n\n"
    "Sicap Ltd will perform the maintenance of the modules.\n\n"
    "Sicap Ltd will perform upgrades twice a year.\n\n"
    "EuroTel shall pay the fees quarterly.\n\n"
    "EuroTel shall provide remote access.\n\n"
    "The RFP will be answered. The RFP will close in May.\n\n"
    "18F will evaluate the artifacts. 18F will assess code availability.\n\n"
    "GSA will publish the results. GSA will publish the code. Reports are delivered to GSA weekly. "
    "The code is delivered to GSA at the end.\n"
)


@pytest.mark.parametrize(
    "name, role",
    [
        ("sicap ltd", Obligor.provider),  # by its deeds
        ("eurotel", Obligor.client),  # deeds tie (pays, provides access): the other party the preamble names
        ("18f", Obligor.client),  # judges the work
        ("gsa", Obligor.client),  # receives the work
        ("rfp", None),  # acts, but is no party of the preamble
    ],
)
def test_bare_names_get_roles_from_deeds_and_the_preamble(name, role):
    roles = Parties.from_document(parse_bytes(BARE.encode(), "test://b.txt", "b.txt")).roles
    assert roles.get(name) is role


@pytest.mark.parametrize(
    "text, duty",
    [
        ("The Contractor shall answer calls within 20 seconds.", True),
        ("EuroTel has to open the remote access to the system.", True),
        ("Maintenance and Support fees are payable semi-annually in advance.", True),
        # no duty word: the model alone decides whether these commit anyone
        ("Prepare a Service Incident Report upon completion of each service call.", False),
        ("Two weeks prior to task order conclusion, provide a brief Transition Plan.", False),
        ("Priority 1 incidents: 2 hours", False),
        # neither a duty, a task nor a target: not worth the model's time
        ("This section describes the service in general terms.", None),
        ("Support is a small team based in Bern.", None),  # "Support" the noun
        # definitions and disclaimers bind no one (GUIDELINES, "Not items")
        ("Provider and Customer agree to calculate availability as the Available Minutes divided by the total.", None),
        ("No other hardware or software will be provided by the Government.", None),
        ('J. "Control" shall mean the ownership of over fifty percent (50%) of the capital stock.', None),
        # rights, disclaimers and deemings bind no one, unless another modal in the sentence does
        ("Corio shall have the right to resell licenses to any Corio Customer in the Territory.", None),
        ("Neither party will be liable for a delay caused by a Force Majeure Event.", None),
        ("Each copy will be deemed an original.", None),
        ("The Contractor shall deliver the plan within 10 days, and the Government shall have the right to reject it.", True),
        # a defined service level states the level
        ('The "Batch Report Service Level" means that Metavante shall complete processing by 4 hours.', True),
    ],
)
def test_which_sentences_the_model_sees(text, duty):
    found = candidates(parse_bytes(text.encode(), "test://c.txt", "c.txt"))
    assert [u.duty for u in found] == ([] if duty is None else [duty])


@pytest.mark.parametrize(
    "sentence, joint",
    [
        ("The Contracting Officer's Representative (COR) and contractor will be expected to work with the Product Owner.", True),
        ("The Government and the Contractor shall meet monthly.", True),
        ("The Contractor and its subcontractors shall keep records.", False),  # one side
        ("Upon request from the Customer, the Contractor will restore the data.", False),  # an object, then the subject
    ],
)
def test_a_duty_both_sides_share(parties, sentence, joint):
    assert parties.joint(sentence) is joint
