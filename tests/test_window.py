"""Issue 16: a daily support window read as a window (never as a duration), converted
into the profile's time zone and held against its staffed hours (08:00-17:00
America/New_York in examples/capacity.yaml). Phrasings from the findings-gold pool."""

import pytest

from checks import window
from schemas import FindingType, Kind, Severity
from tests.test_checks import C, M, P, U, review_of, sl

# (text, the window in minutes after midnight in its own zone, the zone)
READ = [
    ("at least during the hours of7:00 a.m. through 5:00 p.m. (central time) each day", (420, 1020), "America/Chicago"),
    ("customer service hours Monday through Friday 7:15 a.m. to 4:15 p.m.", (435, 975), None),
    ("available for support during the hours of 0600 through 1800 hours Monday through Friday.", (360, 1080), None),
    ("**Major**<br>_4 am - 8 pm ET, business days_*", (240, 1200), "America/New_York"),
    ("service during the following hours: 8:00 a.m. to 9:00 p.m. Monday through Friday.", (480, 1260), None),
    ("Business hours are from 6am to 6pm (local time), except where otherwise stated.", (360, 1080), None),
    ("Support desk staffed 8H-20H on working days", (480, 1200), None),
    ("on call between 9:00 and 17:00 CET", (540, 1020), "Europe/Paris"),
    ("night cover 20H-8H", (1200, 1920), None),
    ("Business core hours shall be 0900 to 1800 EST, Monday - Friday", (540, 1080), "America/New_York"),
    # cuad_elandia_bsp_outsourcing: "HH.MM hours" beside military time
    ("The normal business hours for services under this agreement will be Monday - Friday 07.30 hours to 1800 hours.",
     (450, 1080), None),
    # cuad_sicap_maintenance_support: an "h" after a dotted time
    ("Mondays to Fridays during Sicap Ltd's regular office hours (8.00h - 18.00h)", (480, 1080), None),
]
NOT_WINDOWS = ["from 2020 to 2023 the fees rise", "respond within 2-4 hours", "see pages 10-12", "Sections 3.1 to 3.4",
               "ratio 1:30 to 1:45 of the total", "version 1.10 to 2.40 of the API", "Sections 3.10 to 3.20 apply"]


@pytest.mark.parametrize("text, span, zone", READ, ids=[r[0][:30] for r in READ])
def test_windows_are_read_with_their_zone(text, span, zone):
    [w] = window.windows(text)
    assert (w.start, w.end) == span and w.zone == zone


@pytest.mark.parametrize("text", NOT_WINDOWS)
def test_numbers_that_are_not_windows(text):
    assert window.windows(text) == []


def ob(text, obligor=P):
    return sl(text, None, obligor=obligor, kind=Kind.obligation)


# (commitment, uncovered minutes a day, or None for no finding)
HELD = [
    (ob("VIP shall ensure the availability of the VIP system during the hours of 7:00 a.m. through 5:00 p.m. (central time)."), 60),
    (ob("The contractor shall maintain customer service hours Monday through Friday 7:15 a.m. to 4:15 p.m."), 45),
    (ob("The Contractor shall ensure personnel are available during the hours of 0600 through 1800 hours."), 180),
    (ob("The Provider shall staff the desk from 8:00 a.m. to 5:00 p.m. Eastern time."), None),
    (ob("The Provider shall staff the desk from 5:00 a.m. to 2:00 p.m. Pacific time."), None),  # 08:00-17:00 in New York
    (ob("The Provider shall staff the desk from 9:00 to 17:00 CET."), 300),  # 03:00-11:00 in New York
    (ob("The Government shall keep its offices open 7:00 a.m. to 6:00 p.m.", obligor=C), None),  # not ours to staff
]


@pytest.mark.parametrize("item, uncovered", HELD, ids=[h[0].text[:40] for h in HELD])
def test_a_window_beyond_the_staffed_hours_is_unrealistic(item, uncovered):
    found = window.beyond_window(review_of(item))
    if uncovered is None:
        assert found == []
        return
    [f] = found
    assert f.type is FindingType.unrealistic and f.numbers["uncovered_minutes_a_day"] == uncovered
    assert f.severity is (Severity.high if uncovered >= 120 else Severity.medium)
    assert f.suggestion.replaces in item.text  # the window's own words, replaced by ours in the document's zone


def test_one_window_written_twice_is_one_finding():
    """ "0900 to 1800 EST" in one place and "0900 and 1800 local time" in another are one
    requirement (no zone reads as ours)."""
    a = ob("Business core hours shall be 0900 to 1800 EST, Monday - Friday on Government work days.")
    b = ob("The contractor shall be available for technical contact between the hours of 0900 and 1800 local time.")
    [f] = window.beyond_window(review_of(a, b))
    assert [c.text for c in f.commitments] == [a.text, b.text]


def test_the_suggestion_keeps_the_documents_zone():
    item = ob("VIP shall ensure the availability of the VIP system during the hours of 7:00 a.m. through 5:00 p.m. (central time).")
    [f] = window.beyond_window(review_of(item))
    assert f.suggestion.replaces == "7:00 a.m. through 5:00 p.m. (central time)"
    assert f.suggestion.text == "07:00-16:00 (central time)"
    assert "08:00-18:00 in America/New_York" in f.rationale
    [q] = window.beyond_window(review_of(item, audience="rfp"))
    assert q.suggestion.kind.value == "question" and "07:00-16:00 (central time)" in q.suggestion.text


# Work on the holidays the profile closes (US federal): (commitment, raised?)
HOLIDAYS = [
    (ob("The help desk shall be staffed Monday through Friday, 8:00 a.m. to 5:00 p.m., including federal holidays."), True),
    (ob("The Contractor shall provide grounds maintenance 365 days a year as scheduled by the COR."), True),
    (ob("Technicians shall be on call on weekends and holidays for Severity 1 outages."), True),
    (ob("The help desk shall be staffed Monday through Friday, 8:00 a.m. to 5:00 p.m., except federal holidays."), False),
    (ob("Service is provided during business days; holidays are excluded."), False),
    (ob("The Government observes the following holidays: New Year's Day, Memorial Day."), False),
]


@pytest.mark.parametrize("item, raised", HOLIDAYS, ids=[h[0].text[:40] for h in HOLIDAYS])
def test_work_on_holidays_the_profile_closes(item, raised):
    found = window.holidays(review_of(item))
    assert bool(found) is raised
    if raised:
        assert found[0].type is FindingType.unrealistic and "US federal holidays" in found[0].rationale


# Targets on a business clock in a document that never says which hours make a business
# day (silent; fourth and fifth blind rounds: skyscrapers, telkom, nasa, hhs).
# (items, the rest of the document, raised?)
CLOCK = [
    ([sl("Maximum response time | < 30 minutes 24/7 | 1 business hour | Next Business day", M.response_time, 1,
         U.business_hour)], "", True),
    ([sl("Priority 2: 4 hours during office hours", M.response_time, 4, U.hour)], "", True),
    ([sl("Stock items shall be placed in bin within 28 working hours after material is received.", M.delivery_time, 28,
         U.business_hour)], "", True),
    # the hours are stated: as a window, or as cover
    ([sl("Priority 2: 4 business hours", M.response_time, 4, U.business_hour)],
     "Business hours are 8:00 a.m. to 5:00 p.m. Eastern, Monday to Friday.", False),
    ([sl("Priority 2: 4 business hours", M.response_time, 4, U.business_hour)], "Support is provided 8x5.", False),
    ([sl("P1: 1 business hour", M.response_time, 1, U.business_hour)], "P0-3: 9–5 Mon–Fri", False),
    # a deadline in business days is due the same week whatever the hours
    ([sl("Monthly reports shall be submitted within five (5) business days after the end of the month.",
         M.reporting_cadence, 5, U.business_day)], "", False),
    # the client's clock is not the provider's promise
    ([sl("The Government will review each deliverable within 5 business days.", M.delivery_time, 5, U.business_day,
         obligor=C)], "", False),
]


@pytest.mark.parametrize("items, extra, raised", CLOCK, ids=[c[0][0].text[:40] for c in CLOCK])
def test_a_business_clock_the_document_never_defines(items, extra, raised):
    found = window.business_clock_undefined(review_of(*items, extra=extra))
    assert bool(found) is raised
    if raised:
        [f] = found
        assert (f.type, f.severity, f.suggestion.kind.value) == (FindingType.silent, Severity.medium, "question")
        assert "never states which hours, days and time zone" in f.rationale
