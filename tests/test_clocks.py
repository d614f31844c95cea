"""Issue 16: the same time on two clocks is inconsistent (calendar vs business or duty
time), tiers and different objects are not; phrasings from the findings-gold pool."""

import pytest

from checks import inconsistent
from tests.test_checks import M, U, review_of, sl

CLOCKS = [  # (two commitments, a clocks_disagree finding expected?)
    ([sl("Serious | 1 hour response; 4 hour restoration", M.response_time, 1, U.hour),
      sl("Work Order Processing | Serious – 1 duty hour response; 4 duty hour restoration", M.response_time, 1, U.business_hour)], True),
    ([sl("These reports will be due no later than five (5) calendar day following the end of each month.", M.delivery_time, 5, U.day),
      sl("Monthly reports shall be submitted within five (5) business days after the last day of each month.", M.delivery_time, 5, U.business_day)], True),
    # tiers: Critical is not Major
    ([sl("Critical 24 x 7 | 4 hours | 3 hours | 1 hour", M.response_time, 4, U.hour),
      sl("Major 4 am - 8 pm ET, business days | Reasonable best effort | 4 business hours", M.response_time, 4, U.business_hour)], False),
    # different deliverables with the same figure
    ([sl("The draft design is due within five (5) days of the kickoff meeting.", M.delivery_time, 5, U.day),
      sl("Invoices shall be corrected within five (5) business days of rejection.", M.delivery_time, 5, U.business_day)], False),
    # long table rows of different tasks share words by chance
    ([sl("3.4.1.1 | Annually engage in joint measurement evaluations of reference materials to compare U.S. and other "
         "national laboratories; report results within 60 days of the evaluation", M.delivery_time, 60, U.day),
      sl("3.2.6.4 | Coordinate and conduct the annual Measurement Evaluation Program meeting to interpret results and "
         "issue minutes within 60 business days", M.delivery_time, 60, U.business_day)], False),
    # the same clock twice is no conflict
    ([sl("Severity 1 calls are answered within 1 hour.", M.response_time, 1, U.hour),
      sl("Calls for a Severity 1 incident: 1 hour.", M.response_time, 1, U.hour)], False),
]


@pytest.mark.parametrize("items, raised", CLOCKS, ids=[c[0][0].text[:30] for c in CLOCKS])
def test_the_same_time_on_two_clocks(items, raised):
    found = inconsistent.clocks(review_of(*items))
    assert bool(found) is raised
    if raised:
        [f] = found
        assert f.numbers["calendar"] != f.numbers["business"] and len(f.commitments) == 2


def test_cover_for_different_things_is_not_two_targets():
    help_desk = sl("The contractor shall maintain customer service hours Monday through Friday 7:15 a.m. to 4:15 p.m.",
                   M.support_hours, 45, U.hours_per_week)
    cleaning = sl("This building will require cleaning service during the following hours: 8:00 a.m. to 9:00 p.m. "
                  "Monday through Friday.", M.support_hours, 65, U.hours_per_week)
    assert inconsistent.inconsistent(review_of(help_desk, cleaning)) == []
    again = sl("Customer service hours for the help desk are 65 hours a week.", M.support_hours, 65, U.hours_per_week)
    assert inconsistent.inconsistent(review_of(help_desk, again.model_copy(
        update={"text": "The contractor shall maintain customer service hours 65 hours a week."})))


def test_an_error_rate_is_no_uptime():
    uptime = sl("GitHub guarantees a 99.9% quarterly uptime commitment.", M.availability, 99.9, U.percent)
    rate = sl("Issues, Pull Requests, Git Operations: an error rate over 5% counts as downtime.", M.availability, 5, U.percent)
    assert inconsistent.inconsistent(review_of(uptime, rate)) == []
