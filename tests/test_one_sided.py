"""Issue 16: one_sided read from the client's extracted duties by meaning, pinned by real
phrasings (findings-gold pool documents and the issue): a client duty said in other words
is a duty, and work on the client's site with no way in is raised."""

import pytest

from checks import one_sided
from schemas import FindingType, Kind
from tests.test_checks import C, M, P, U, review_of, sl


def ob(text, obligor=P):
    return sl(text, None, obligor=obligor, kind=Kind.obligation)


RESPONSE = sl("The Provider shall respond to Severity 1 incidents within 4 hours.", M.response_time, 4, U.hour)

# client commitments that are incident reporting in other words (no missing_client_incident_reporting)
REPORTS = [
    "The Customer must alert EIT of any incidence affecting the service.",
    "The Customer shall notify the Provider of incidents by e-mail.",
    "HSNS shall notify the contractor of problems with the equipment.",
    "The Government will contact the help line to open a service call.",
    "Licensee shall advise XACCT of any errors found in the Product.",
]
NOT_REPORTS = [
    "The Customer shall notify the Provider of termination thirty (30) days in advance.",
    "The Customer shall pay each invoice within thirty (30) days.",
]


def checks_of(found):
    return {f.check for f in found}


@pytest.mark.parametrize("text", REPORTS)
def test_a_client_duty_to_report_said_in_other_words_counts(text):
    assert "missing_client_incident_reporting" not in checks_of(one_sided.one_sided(review_of(RESPONSE, ob(text, C))))


@pytest.mark.parametrize("text", NOT_REPORTS)
def test_other_client_duties_do_not_count_as_reporting(text):
    assert "missing_client_incident_reporting" in checks_of(one_sided.one_sided(review_of(RESPONSE, ob(text, C))))


ON_SITE = [
    "Work under this Performance Work Statement (PWS) shall be performed onsite at the EPA Headquarters in Washington, D.C.",
    "The business partner shall manage the measuring & ordering process on-site at FLETC for all uniformed students.",
    "The Contractor shall perform all maintenance at the Government's facilities in Richmond.",
]
LETS_IN = [  # (a client commitment, or text elsewhere in the document) that lets the provider in
    (ob("The Government shall provide facilities (office space with desk and chair) and equipment.", C), ""),
    (ob("The Government shall provide, without cost, the facilities, equipment, materials and services listed.", C), ""),
    (ob("The Customer shall give the Supplier's engineers access to its premises during business hours.", C), ""),
    (None, "Government-furnished property: workstations, badges and office space are listed in Attachment 2."),
]


@pytest.mark.parametrize("text", ON_SITE)
def test_work_on_the_clients_site_with_no_way_in_is_one_sided(text):
    [f] = one_sided.on_site(review_of(ob(text)))
    assert f.type is FindingType.one_sided and f.check == "onsite_without_access" and not f.needs_look
    assert f.commitments[0].text == text and f.suggestion.text.startswith("The Government shall give")
    # and the look-for-words access check is not raised beside it
    assert "missing_client_access" not in checks_of(one_sided.one_sided(review_of(
        ob(text), sl("The Contractor shall restore service within 8 hours.", M.resolution_time, 8, U.hour))))


@pytest.mark.parametrize("duty, extra", LETS_IN, ids=[(d.text if d else e)[:40] for d, e in LETS_IN])
def test_a_client_duty_to_let_the_provider_in_settles_it(duty, extra):
    items = [ob(ON_SITE[0])] + ([duty] if duty else [])
    assert one_sided.on_site(review_of(*items, extra=extra)) == []


def test_the_client_providing_nothing_on_site_is_not_needed_off_site():
    assert one_sided.on_site(review_of(ob("The Contractor shall deliver the monthly report by e-mail."))) == []


def test_inserted_clauses_use_the_documents_party_names():
    """Issue 16: "Client"/"Provider" never stand beside the document's own "Customer" and
    "Supplier" in an inserted clause."""
    import dataclasses

    from checks import review as checks_review
    from checks import silent
    from extractors.parse import parse_bytes

    text = ("# Service Levels\n\nThe Supplier shall respond to Severity 1 incidents within 4 hours.\n\n"
            "The Supplier shall restore service within 8 hours. The Customer shall pay the fees.\n")
    doc = parse_bytes(text.encode(), "test://sla.md", "sla.md")
    assert (checks_review.client_name(doc), checks_review.provider_name(doc)) == ("Customer", "the Supplier")
    r = dataclasses.replace(review_of(RESPONSE), client="Customer", provider="the Supplier")
    clauses = [f.suggestion.text for f in one_sided.one_sided(r) + silent.silent(r) if f.suggestion.kind.value == "insert"]
    assert clauses and all("Provider" not in c and "Client" not in c for c in clauses)
    assert any("the Supplier's service desk" in c for c in clauses) and any(c.startswith("Customer shall report") for c in clauses)


CHANGES = [  # (text in the document, raised?)
    ("The Government may change the performance standards at any time by written notice to the Contractor.", True),
    ("Customer reserves the right to modify the service levels at its sole discretion.", True),
    ("The COR may unilaterally revise the hours of operation to meet mission needs.", True),
    ("Service Levels may be added, deleted, or modified by the parties at any time, under the Change Control Procedure.", False),
    ("The Government may change the schedule by written amendment agreed in writing by both parties.", False),
    ("VIP at any time during the term of this Agreement may change the platform upon which the VIP System is operated.", False),
    ("You may change or terminate Services booked by you at any time.", False),  # a subscription, not the levels
]


@pytest.mark.parametrize("text, raised", CHANGES, ids=[c[0][:40] for c in CHANGES])
def test_the_clients_right_to_change_the_levels_alone(text, raised):
    found = one_sided.change_alone(review_of(RESPONSE, extra=text + "\n"))
    assert bool(found) is raised
    if raised:
        [f] = found
        assert f.clause.text.strip() == text and text in f.rationale and f.type is FindingType.one_sided
