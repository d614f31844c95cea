"""Capacity checks, table-driven: each check gets a table of hand-built commitments and the
finding it must (or must not) raise against the example profile (examples/capacity.yaml)."""

from pathlib import Path

import pytest

from checks import inconsistent, one_sided, review, silent, unrealistic, vague
from checks.base import Review, audience_of, level_of
from checks.profile import load_profile
from schemas import Commitment, Kind, Metric, Obligor, Unit

PROFILE = load_profile(Path(__file__).resolve().parents[1] / "examples" / "capacity.yaml")
M, U, P, C = Metric, Unit, Obligor.provider, Obligor.client


def sl(text, metric, value=None, unit=None, condition=None, obligor=P, kind=Kind.service_level, block=None):
    """One commitment; its span and block are set where review_of places it."""
    return Commitment(doc="t.txt", text=text, kind=kind, obligor=obligor, metric=metric, value=value, unit=unit,
                      condition=condition, block=block)


def review_of(*items, extra="", audience="contract", doc="t.txt", client="the Government"):
    """A document of the commitments' texts (one block each unless set) followed by `extra`."""
    text, placed = "", []
    for i, c in enumerate(items):
        start = len(text)
        text += c.text + "\n\n"
        block = i if c.block is None else c.block
        placed.append(c.model_copy(update={"span": (start, start + len(c.text)), "block": block, "doc": doc}))
    return Review(doc=doc, text=text + extra, commitments=placed, profile=PROFILE, audience=audience, client=client)


def assert_replace(review_, finding, replaces, new):
    s = finding.suggestion
    assert (s.kind.value, s.replaces, s.text) == ("replace", replaces, new)
    assert review_.text[s.span[0]:s.span[1]] == replaces


AVAIL = "The Service shall be available {}% of the time each month."


@pytest.mark.parametrize("value, audience, severity", [
    (99.99, "contract", "high"),
    (99.99, "rfp", "high"),
    (99.7, "contract", "medium"),  # 129.6 minutes: more than half the 216 we need
    (99.95, "contract", "high"),
    (100, "contract", "high"),
    (99.5, "contract", None),
    (99.0, "contract", None),
])
def test_availability(value, audience, severity):
    r = review_of(sl(AVAIL.format(f"{value:g}"), M.availability, value, U.percent), audience=audience)
    found = unrealistic.availability(r)
    if severity is None:
        assert found == []
        return
    (f,) = found
    assert (f.type.value, f.severity.value, f.check) == ("unrealistic", severity, "availability_above_capacity")
    assert f.numbers["capacity_downtime_minutes"] == 216
    if value == 99.99:
        assert f.numbers["asked_downtime_minutes"] == 4.32
        assert "4.3 minutes" in f.rationale and "216 minutes" in f.rationale
    # the level as stated: 99.95% and 99.99% once read "100%" in the rationale
    assert f.rationale.startswith(f"{value:g}% of a 30-day month") and "inf" not in f.rationale
    if value == 100:
        assert "allows none at all" in f.rationale
    if audience == "rfp":
        assert f.suggestion.kind.value == "question" and "216 minutes" in f.suggestion.text
    else:
        assert_replace(r, f, f"{value:g}%", "99.5%")


@pytest.mark.parametrize("check, metric, text, value, unit, condition, replaces, new, level", [
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to Severity 1 incidents within 15 minutes.",
     15, U.minute, "Severity 1", "15 minutes", "2 hours", "severity_1"),
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to Severity 1 incidents within fifteen (15) minutes.",
     15, U.minute, "Severity 1", "fifteen (15) minutes", "2 hours", "severity_1"),
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to Severity 1 incidents within 4 hours.",
     4, U.hour, "Severity 1", None, None, None),
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to all requests within 24 hours.",
     24, U.hour, None, "24 hours", "1 business day", "default"),
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to all requests within 2 business days.",
     2, U.business_day, None, None, None, None),
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to Priority 2 incidents within 3 hours.",
     3, U.hour, "Priority 2", "3 hours", "4 hours", "severity_2"),
    (unrealistic.response_time, M.response_time, "The Contractor shall respond to Priority 2 incidents within 5 hours.",
     5, U.hour, "Priority 2", None, None, None),
    (unrealistic.resolution_time, M.resolution_time, "The Contractor shall resolve Severity 1 incidents within 4 hours.",
     4, U.hour, "Severity 1", "4 hours", "8 hours", "severity_1"),
    (unrealistic.resolution_time, M.resolution_time, "The Contractor shall resolve Severity 1 incidents within 8 hours.",
     8, U.hour, "Severity 1", None, None, None),
])
def test_times(check, metric, text, value, unit, condition, replaces, new, level):
    r = review_of(sl(text, metric, value, unit, condition))
    found = check(r)
    if replaces is None:
        assert found == []
        return
    (f,) = found
    assert (f.type.value, f.severity.value) == ("unrealistic", "high")
    assert f.check == f"{metric.value.split('_')[0]}_faster_than_capacity"
    assert f.numbers["level"] == level and f.numbers["capacity"] == new
    assert_replace(r, f, replaces, new)
    if unit is U.hour and condition is None:  # Friday 16:00 + 1 business day = Monday 15:00
        assert "71 hours" in f.rationale and "weekend" in f.rationale


@pytest.mark.parametrize("text, value, unit, stands", [
    # 5 business days from Friday 16:00 end the next Friday 16:00 (168 hours) in a week
    # without a holiday: a week's deadline is missed only in Thanksgiving's week
    ("The Contractor shall resolve all other problems within 1 week.", 1, U.week, False),
    ("The Contractor shall resolve all other problems within seven (7) days.", 7, U.day, False),
    ("The Contractor shall resolve all other problems within 8 days.", 8, U.day, False),
    ("The Contractor shall resolve all other problems within 11 days.", 11, U.day, None),
    # shorter than a plain week: missed after any weekend, a finding that stands
    ("The Contractor shall resolve all other problems within 96 hours.", 96, U.hour, True),
    ("The Contractor shall resolve all other problems within 5 days.", 5, U.day, True),
])
def test_a_calendar_deadline_missed_only_in_a_holiday_week_needs_a_look(text, value, unit, stands):
    from checks.settle import settle
    found = settle(unrealistic.resolution_time(review_of(sl(text, M.resolution_time, value, unit))))
    if stands is None:
        assert found == []
        return
    (f,) = found
    assert f.needs_look is not stands
    assert ("holiday" in f.rationale) is not stands
    assert (f.severity.value == "high") is stands


def test_times_rfp_asks():
    r = review_of(sl("Respond to Severity 1 incidents within 15 minutes.", M.response_time, 15, U.minute, "Severity 1"),
                  audience="rfp")
    (f,) = unrealistic.response_time(r)
    assert f.suggestion.kind.value == "question" and "2 hours" in f.suggestion.text


@pytest.mark.parametrize("text, value, replaces", [
    ("Support shall be available 24x7.", 168, "24x7"),
    ("Support shall be available 24 hours a day, 7 days a week.", 168, "24 hours a day, 7 days a week"),
    ("Support shall be available 24x7 (168 hours per week) for all incidents.", 168, "24x7"),
    ("Support shall be available 40 hours per week.", 40, None),
    ("Support shall be available 45 hours per week.", 45, None),
])
def test_coverage(text, value, replaces):
    r = review_of(sl(text, M.support_hours, value, U.hours_per_week))
    found = unrealistic.coverage(r)
    if replaces is None:
        assert found == []
        return
    (f,) = found
    assert (f.severity.value, f.check) == ("high", "coverage_beyond_staffed_hours")  # 4.2 FTE > half of 6
    assert f.numbers["fte_per_seat"] == 4.2 and f.numbers["capacity_hours_per_week"] == 45
    assert "4.2 FTE" in f.rationale
    assert_replace(r, f, replaces, "08:00-17:00 Monday-Friday")


WEEKLY = ("The Contractor shall hold a weekly status meeting.", 1, U.per_week)
MONTHLY = ("The Contractor shall hold a monthly review meeting.", 1, U.per_month)
TEAMS = ("The Contractor shall hold a weekly meeting with each of the 3 teams.", 1, U.per_week)
REPORT = ("The Contractor shall deliver a monthly status report.", 1, U.per_month)
WEEKLY_REPORT = ("The Contractor shall deliver a weekly status report.", 1, U.per_week)


@pytest.mark.parametrize("check, metric, rows, per_month", [
    (unrealistic.meeting_load, M.meeting_cadence, [WEEKLY, MONTHLY], 5.33),
    (unrealistic.meeting_load, M.meeting_cadence, [TEAMS], 13.0),
    (unrealistic.meeting_load, M.meeting_cadence, [MONTHLY], None),
    (unrealistic.meeting_load, M.meeting_cadence, [MONTHLY, MONTHLY], None),  # one sentence twice counts once
    (unrealistic.reporting_load, M.reporting_cadence, [REPORT], None),
    (unrealistic.reporting_load, M.reporting_cadence, [WEEKLY_REPORT], 4.33),
])
def test_load(check, metric, rows, per_month):
    r = review_of(*(sl(t, metric, v, u) for t, v, u in rows))
    found = check(r)
    if per_month is None:
        assert found == []
        return
    (f,) = found
    assert (f.type.value, f.severity.value, f.suggestion.kind.value) == ("unrealistic", "medium", "question")
    assert f.numbers["per_month"] == pytest.approx(per_month, abs=0.01)
    assert f.numbers["capacity_per_month"] == (4 if metric is M.meeting_cadence else 2)


CREDIT = "The Provider shall credit {}% of the monthly fee for each month the availability target is missed."
CAP = "Total service credits in any month shall not exceed 10% of the monthly fees."


@pytest.mark.parametrize("text", [
    # the client's own plan states the cover (a guard services QAP); a multi-party sentence
    # that names the client first (an outsourcing agreement)
    "The purpose of this plan is to provide a quality surveillance plan for security services performed at the IRS "
    "Campus, 24 hours a day, 7 days a week, 365 days a year.",
    "BNL will pay its share of storage costs, and the VIP system shall be available for BNL's use at least during the "
    "hours of 7:00 a.m. through 5:00 p.m. (central time), Monday through Friday.",
])
def test_support_hours_are_the_providers_cover_whoever_the_sentence_names(text):
    value = 168 if "24 hours" in text else 50
    (f,) = unrealistic.coverage(review_of(sl(text, M.support_hours, value, U.hours_per_week, obligor=C)))
    assert f.check == "coverage_beyond_staffed_hours" and f.numbers["asked_hours_per_week"] == value


@pytest.mark.parametrize("percents, extra, check, severity", [
    ([10], "", "credits_uncapped", "high"),
    ([5, 10], "", "credits_uncapped", "high"),
    ([10], CAP, None, None),
    ([15], CAP, "credit_above_capacity", "medium"),
])
def test_credits(percents, extra, check, severity):
    r = review_of(*(sl(CREDIT.format(p), M.service_credit, p, U.percent) for p in percents), extra=extra)
    found = unrealistic.credits(r)
    if check is None:
        assert found == []
        return
    (f,) = found
    assert (f.check, f.severity.value) == (check, severity)
    assert f.numbers["worst_credit_percent"] == max(percents)
    assert f.numbers["yearly_exposure"] == 25000 * 12 * max(percents) / 100
    if check == "credits_uncapped":
        assert f.numbers["capped"] == "false" and "no cap" in f.rationale and "USD 30,000" in f.rationale
        assert f.suggestion.kind.value == "insert" and "shall not exceed" in f.suggestion.text


def test_a_credit_the_client_owes_is_no_service_credit():
    # a late-payment charge the client pays (tenth findings round): no "no cap" finding
    late = sl("Upon any delay by Service Recipient in its payment of any Service Fee, Service Recipient must pay "
              "Service Provider liquidated damages at 0.5 percent (0.5%) of the Service Fee that are due and unpaid.",
              M.service_credit, 0.5, U.percent, obligor=C)
    assert unrealistic.credits(review_of(late)) == []
    owed = sl(CREDIT.format(10), M.service_credit, 10, U.percent)
    assert [f.check for f in unrealistic.credits(review_of(late, owed))] == ["credits_uncapped"]


def test_a_credit_only_the_model_saw_is_no_credit_scheme():
    # "a reduced overhead of 2%", "300% of the rate" (late payment): the metric head alone
    # called them credits; no "no cap" finding and no worst percentage built on them
    guessed = sl("When sold as part of a Product, component prices will be calculated with a reduced overhead of 2%.",
                 M.service_credit, 2, U.percent).model_copy(update={"decided_by": ["kind.target", "metric.model"]})
    assert unrealistic.credits(review_of(guessed)) == []
    named = sl(CREDIT.format(5), M.service_credit, 5, U.percent).model_copy(update={"decided_by": ["metric.credit"]})
    late = guessed.model_copy(update={"text": "Extended payment charges shall be computed at 300% of the rate.", "value": 300})
    (f,) = unrealistic.credits(review_of(named, late))
    assert f.numbers["worst_credit_percent"] == 5 and [c.value for c in f.commitments] == [5]


@pytest.mark.parametrize("text, obligor, audience, words, new", [
    ("The Contractor shall hold regular meetings with the Government.", P, "contract", "regular", "monthly"),
    ("The Contractor shall promptly notify the Government of any outage.", P, "contract", "promptly", "within 1 business day"),
    ("The Contractor shall brief all stakeholders each quarter.", P, "contract", "all stakeholders",
     "up to five (5) named stakeholders"),
    ("The Contractor shall provide on-site support as needed.", P, "contract", "as needed", "on request, up to twice a month"),
    ("The Government shall promptly review each deliverable.", C, "contract", "promptly", "within 1 business day"),
    ("The Contractor shall hold regular meetings with the Government.", P, "rfp", "regular", None),
    ("The Contractor shall use commercially reasonable efforts to restore service.", P, "contract", None, None),
    ("The Contractor shall respond to each request within 4 hours.", P, "contract", None, None),
    # open deadlines (pool phrasings from six documents)
    ("VNE shall respond to all Support Requests submitted by Converge within a reasonable period of time.", P, "contract",
     "within a reasonable period of time", "within 1 business day"),
    ("If the problem cannot be resolved within an acceptable time frame, an alternative solution must be available.", P,
     "contract", "within an acceptable time frame", "within 1 business day"),
    ("Changepoint shall make these versions available to Corio to preview at the earliest possible date.", P, "contract",
     "at the earliest possible date", None),
    # as often as the other side asks: a question, not a rewrite
    ("Changepoint shall provide Corio with training as reasonably requested by Corio to train Corio's technical and "
     "support personnel.", P, "contract", "as reasonably requested", None),
    ("3.2 The Relationship Manager(s) shall meet via conference call with such frequency as Bank of America's "
     "Relationship Manager shall reasonably request.", P, "contract", "with such frequency as", None),
    ("The Committee shall be provided with such reports as it may reasonably require on the operation of the system.", P,
     "contract", "as it may reasonably require", None),
    # headcount left open (GUIDELINES: "sufficient staff")
    ("Vendor shall maintain staff necessary to provide functional oversight and perform audits.", P, "contract",
     "staff necessary", "6 FTE"),
    ("The contractor will provide the necessary personnel to support the transition.", P, "contract",
     "necessary personnel", "6 FTE"),
    ("Operator, in its reasonable judgment, shall employ such personnel as it may deem necessary.", P, "contract",
     "such personnel as it may deem necessary", None),
    # the further-assurances clause is boilerplate
    ("Each party agrees that it will execute and deliver such further documents and do such further acts and things "
     "as another party may reasonably request.", P, "contract", None, None),
])
def test_vague(text, obligor, audience, words, new):
    r = review_of(sl(text, None, obligor=obligor, kind=Kind.obligation), audience=audience)
    found = vague.vague(r)
    if words is None:
        assert found == []
        return
    (f,) = found
    assert (f.type.value, f.check, f.numbers["words"]) == ("vague", "vague_words", words)
    assert f.severity.value == ("medium" if obligor is P else "low")
    assert f'"{words}"' in f.rationale
    if new is None:
        assert f.suggestion.kind.value == "question" and f.suggestion.text.endswith("?")
    else:
        assert_replace(r, f, words, new)


RESPOND = sl("The Contractor shall respond to incidents within 4 hours.", M.response_time, 4, U.hour)
REPORTING = "The Government shall report incidents through the service desk."


@pytest.mark.parametrize("extra, audience, kind", [
    ("", "contract", "insert"),
    ("", "rfp", "question"),
    (REPORTING, "contract", None),
    # the provider's own duty to notify is not the client's duty to report
    ("The Contractor shall notify the Government of any security incident within 1 hour.", "contract", "insert"),
])
def test_one_sided(extra, audience, kind):
    found = {f.check: f for f in one_sided.one_sided(review_of(RESPOND, extra=extra, audience=audience))}
    f = found.get("missing_client_incident_reporting")
    if kind is None:
        assert f is None
        return
    assert f is not None, sorted(found)
    assert (f.type.value, f.severity.value, f.suggestion.kind.value) == ("one_sided", "high", kind)
    if kind == "insert":
        assert f.suggestion.text.startswith("The Government shall report each incident")


def _avail(value, block=None, text=None):
    return sl(text or AVAIL.format(f"{value:g}"), M.availability, value, U.percent, block=block)


@pytest.mark.parametrize("items, fires", [
    ([_avail(99.9), _avail(99.5)], True),
    ([_avail(99.9, block=0), _avail(99.5, block=0)], False),  # tiers of one row, not a conflict
    ([_avail(99.9), _avail(99.9)], False),
    ([sl("Calls shall be answered within 20 seconds.", M.response_time, 20, U.second),
      sl("E-mails shall be answered within 1 hour.", M.response_time, 1, U.hour)], False),
    ([sl("Respond to Severity 1 incidents within 1 hour.", M.response_time, 1, U.hour, "Severity 1"),
      sl("Respond to P1 incidents within 2 hours.", M.response_time, 2, U.hour, "P1")], True),
])
def test_inconsistent(items, fires):
    found = inconsistent.inconsistent(review_of(*items))
    if not fires:
        assert found == []
        return
    (f,) = found
    assert (f.type.value, f.severity.value, f.check) == ("inconsistent", "medium", "targets_disagree")
    assert f.numbers["targets"] == 2 and f.suggestion.kind.value == "question"


@pytest.mark.parametrize("asked, offered, audience, fires", [
    (99.9, 99.5, "contract", True),
    (99.9, 99.5, "rfp", True),
    (99.9, 99.9, "contract", False),
])
def test_between(asked, offered, audience, fires):
    rfp = review_of(_avail(asked), audience="rfp", doc="rfp.txt")
    draft = review_of(_avail(offered), audience=audience, doc="draft.txt")
    found = inconsistent.between(rfp, draft)
    if not fires:
        assert found == []
        return
    (f,) = found
    assert (f.doc, f.severity.value, f.check) == ("draft.txt", "high", "draft_differs_from_rfp")
    assert f.numbers == {"rfp": "99.9%", "draft": "99.5%"}
    if audience == "rfp":
        assert f.suggestion.kind.value == "question"
    else:
        assert_replace(draft, f, "99.5%", "99.9%")


@pytest.mark.parametrize("extra, audience, present, absent", [
    ("", "contract", {"silent_measurement_method", "silent_maintenance_window"}, set()),
    ("Availability is measured monthly, excluding scheduled maintenance.", "contract", set(),
     {"silent_measurement_method", "silent_maintenance_window"}),
    ("Availability is measured monthly.", "contract", {"silent_maintenance_window"}, {"silent_measurement_method"}),
])
def test_silent(extra, audience, present, absent):
    found = {f.check: f for f in silent.silent(review_of(_avail(99.5), extra=extra, audience=audience))}
    assert present <= found.keys() and not absent & found.keys()
    for check in present:
        assert (found[check].type.value, found[check].suggestion.kind.value) == ("silent", "insert")


def test_silent_rfp_asks():
    found = silent.silent(review_of(_avail(99.5), audience="rfp"))
    assert found and all(f.suggestion.kind.value == "question" for f in found)


def test_run_ids_stable_distinct_and_ordered():
    def build():
        return review_of(_avail(99.99), _avail(99.5),
                         sl("The Contractor shall respond to Severity 1 incidents within 15 minutes.", M.response_time,
                            15, U.minute, "Severity 1"),
                         sl("The Government shall promptly review each deliverable.", None, obligor=C, kind=Kind.obligation),
                         sl("The Contractor shall respond promptly to all service requests from users.", None, kind=Kind.obligation))

    first, second = review.run(build()), review.run(build())
    ids = [f.id for f in first]
    assert ids == [f.id for f in second] and len(set(ids)) == len(ids)
    ranks = [review.ORDER[f.severity] for f in first]
    assert ranks == sorted(ranks) and {"high", "medium", "low"} <= {f.severity.value for f in first}


@pytest.mark.parametrize("condition, levels", [
    ("Severity 1", ("severity_1", "priority_1", "default")),
    ("Sev-1", ("severity_1", "priority_1", "default")),
    ("P2", ("severity_2", "priority_2", "default")),
    ("Priority 3", ("severity_3", "priority_3", "default")),
    ("High priority", ("severity_2", "priority_2", "default")),  # issue 16: severity words map to levels
    ("Critical", ("severity_1", "priority_1", "default")),
    ("Non-critical", ("default",)),
    ("Severity One", ("severity_1", "priority_1", "default")),
    (None, ("default",)),
])
def test_level_of(condition, levels):
    assert level_of(condition) == levels


@pytest.mark.parametrize("text, audience", [
    ("Request for Proposal 42. Offerors shall submit one volume; each offeror is evaluated.", "rfp"),
    ("This Agreement is between the Provider and the Customer. The Provider shall respond within 4 hours.", "contract"),
    ("The offeror named in this Agreement shall deliver the services.", "contract"),
])
def test_audience_of(text, audience):
    assert audience_of(text) == audience
