"""Rules measured by replaying recorded fold models (training/replay.py), tested on a
fixed-score model: a retrain cannot flip them."""

from extractors.commitments.extract import extract
from extractors.parse import parse_bytes
from schemas import Kind, Metric, Obligor
from tests.test_decisions import FixedModel, items


def read(text: str, heads: dict | None = None, metrics: dict | None = None, name: str = "t.md"):
    """Items of `text` under the fixed-score model with some of its scores set: the model's
    lean is part of what each test states."""
    model = FixedModel()
    model.scores.heads.update(heads or {})
    model.scores.metrics.update(metrics or {})
    return extract(parse_bytes(text.encode(), f"test://{name}", name), model)


def test_the_heading_names_the_metric_where_the_unit_names_none():
    text = "# 4.2 Response Times\n\nSeverity 1 incidents: 15 minutes.\n"
    [c] = items(text)
    assert (c.metric, c.value) == (Metric.response_time, 15) and "metric.context" in c.decided_by


def test_the_sentence_before_names_the_metric():
    text = "# Support\n\nThe table below sets the time to respond.\n\nSeverity 1 | 15 minutes | 1 hour\n"
    got = [c for c in items(text) if c.value == 15]
    assert got and got[0].metric is Metric.response_time


def test_the_units_own_word_beats_its_heading():
    [c] = items("# Response Times\n\nThe Contractor shall resolve Severity 1 incidents within 4 hours.\n")
    assert c.metric is Metric.resolution_time and "metric.context" not in c.decided_by


def test_the_term_renewal_and_survival_are_no_levels():
    # GUIDELINES: "The term of the agreement, renewal, termination notice and survival periods are not items"
    for text in ("Coverage under this Agreement will start with Booking of Support Services, for a minimum period of 12 months.",
                 "The minimum life of the contract should be one year with an option for four years.",
                 "This Agreement shall renew automatically for successive one (1) year periods.",
                 "The obligations of confidentiality shall survive for three (3) years after termination."):
        assert not [c for c in items(text) if c.kind is Kind.service_level], text
    [c] = items("The Contractor shall deliver the renewal report within 5 business days.")
    assert c.kind is Kind.service_level and c.value == 5


def test_the_company_beside_a_contractor_is_the_client():
    text = ("This Agreement is between CCA Industries, Inc. (the \"Company\") and Emerson Group (the \"Contractor\").\n\n"
            "The Contractor shall provide the services. The Contractor shall keep records. The Company shall pay the "
            "fees within 30 days. The Company shall provide office space to the Contractor.\n")
    got = {c.text: c.obligor for c in items(text)}
    assert got["The Company shall provide office space to the Contractor."] is Obligor.client
    assert got["The Contractor shall keep records."] is Obligor.provider


def test_a_price_is_no_level_and_a_penalty_is():
    # GUIDELINES: "Prices, fees, rates and payment amounts are never targets or service credits"
    for text in ("(a) A non-refundable initial payment of Two Million Five Hundred Thousand Dollars ($2,500,000) "
                 "payable as follows: $2,000,000 on signing.",
                 "The Company shall pay HDI thirty percent of the Net Sales in excess of Eleven Thousand Dollars ($11,000) "
                 "per calendar month.",
                 "\"Minimum Revenue Targets\" shall mean Aggregate Revenues of not less than Nine Million Dollars ($9,000,000)."):
        assert not [c for c in items(text) if c.kind is Kind.service_level and c.unit and c.unit.value == "currency"], text
    # a sum owed for a miss, or a credit schedule's cell, stays a level
    [c] = [c for c in items("Metavante shall pay Customer $10,000.00 for each month that Metavante fails to meet the "
                            "Scheduled Commencement Date.") if c.kind is Kind.service_level]
    assert c.metric is Metric.service_credit and c.value == 10000


def test_a_price_stated_as_a_share_of_a_fee_is_no_level():
    # GUIDELINES: prices are never targets or credits; a share of a fee is a credit only for a miss
    for text in ("The Annual Maintenance Fee is 18% of the undiscounted License Fees due to Changepoint hereunder.",
                 "Support shall be provided at a cost of 20% of the license fees payable under this Agreement."):
        assert not [c for c in items(text) if c.kind is Kind.service_level and c.metric is Metric.service_credit], text
    for text in ("The maximum rebate in any given month will be 50% of the monthly base fee.",
                 "Supplier shall credit 10% of the monthly fees for each month the availability target is missed."):
        got = [c for c in items(text) if c.kind is Kind.service_level]
        assert got and got[0].metric is Metric.service_credit, text


def test_cover_stated_without_a_duty_word_is_a_level():
    # GUIDELINES support_hours: "hours and days of coverage: 24x7, 8x5"; the model scores
    # these units low (no duty word), so the rule, not the model, keeps them
    doubtful = {"sl_provider": 0.2, "sl_client": 0.1}
    [c] = read("The HotLine can be reached as follows: Phone: +41 878 807 387 (24 hours, 7 days a week)", doubtful)
    assert (c.kind, c.metric, c.value) == (Kind.service_level, Metric.support_hours, 168)
    # a number with no duty word and no cover still needs the model
    assert not [c for c in read("Historically the desk received 40 calls in a month.", doubtful) if c.kind is Kind.service_level]


def test_claim_deadlines_and_late_interest_are_no_levels():
    # GUIDELINES: "Payment, notice and claim deadlines are obligations"; late-interest is no level
    for text in ("To request a Service Credit, Customer must send an email to Supabase within thirty (30) days of the "
                 "end of the month.",
                 "To receive these remedies, Customer must report a breach of warranty in reasonable detail within "
                 "30 days after discovering the issue.",
                 "Late payments shall accrue interest at a rate equal to fifteen (15%) percent per annum.",
                 "Payment received after the due date shall be subject to a late fee equal to one and one-half percent "
                 "(1.5%) per month."):
        assert not [c for c in items(text) if c.kind is Kind.service_level], text
    # a credit owed for a miss, and a deadline to deliver, stay levels
    got = [c for c in items("The Contractor shall deliver the status report within 5 business days of month end.")]
    assert [(c.kind, c.value) for c in got] == [(Kind.service_level, 5)]


def test_guidance_handed_over_in_the_passive_is_the_clients():
    for text in ("NOTE: More detailed instructions will be provided in individual task orders.",
                 "Format for monthly progress report will be provided with each task order.",
                 "Additional instructions for applications will be sent to the e-mail address provided for the application."):
        got = items(text)
        assert got and all(c.obligor is Obligor.client for c in got), text
    # the provider's own deliverable, in the passive, stays the provider's
    got = items("Monthly progress reports will be provided to the COR.")
    assert got and all(c.obligor is Obligor.provider for c in got)


def test_a_cure_period_deemed_notice_or_arbitration_timetable_is_no_level():
    # GUIDELINES: termination notice periods are not items; nor are a breach's cure period,
    # a notice's deemed delivery or an arbitration's timetable
    for text in ("If either party is in breach of this Agreement and fails to remedy such breach within 14 days, "
                 "the other party may terminate.",
                 "Notices sent by registered post shall be deemed to be served 4 days following the date of posting.",
                 "The arbitration hearing shall be completed within sixty (60) calendar days.",
                 "Either party may terminate this Agreement upon ninety (90) days written notice.",
                 "Communications sent by first class post shall be treated as received 48 hours after posting."):
        assert not [c for c in items(text) if c.kind is Kind.service_level], text
    # a security breach's notice deadline and a plain deadline keep their targets
    [c] = [c for c in items("The Contractor shall restore the service within 4 hours of an outage.") if c.kind is Kind.service_level]
    assert c.value == 4
    assert [c.value for c in items("Supplier shall notify the Bank of any security breach within 24 hours.")] == [24]
    [c] = items("By default, the Provider shall respond to incidents within 4 hours.")
    assert c.kind is Kind.service_level and c.value == 4


def test_the_parties_meeting_at_a_cadence_is_a_level_of_each_side():
    # GUIDELINES meeting_cadence: how often meetings are held
    got = items("The parties shall hold weekly meetings, in person or by conference call, to review the forecast.")
    assert sorted((c.kind, c.obligor, c.metric, c.value) for c in got) == sorted(
        [(Kind.service_level, Obligor.client, Metric.meeting_cadence, 1), (Kind.service_level, Obligor.provider, Metric.meeting_cadence, 1)])
    # without a meeting, a mutual duty stays two obligations
    got = items("Each party shall return the other's Confidential Information within 30 days.")
    assert {c.kind for c in got} == {Kind.obligation} and len(got) == 2


def test_the_credit_of_payments_names_no_service_credit():
    # "Credit cards: average is 3.5%" (a card fee, tenth findings round) and credit entries are
    # payments; a service credit is owed for a miss
    import re

    from extractors.commitments.keywords import CREDIT_WORD

    credit = re.compile(CREDIT_WORD, re.I)
    for text in ("Credit cards: average is 3.5% (a percentage charged by the credit card vendor)",
                 "M&I may initiate credit entries and adjustments to Customer's account.",
                 "The Supplier shall deliver a letter of credit.", "The auditor shall be accredited."):
        assert not credit.search(text), text
    for text in ("Customer will be entitled to a service credit.", "Service Credits will not accumulate.",
                 "The amount shall be credited to the next invoice."):
        assert credit.search(text), text
    [c] = [c for c in items("The Provider shall credit 10% of the monthly fee for each missed target.")
           if c.kind is Kind.service_level]
    assert c.metric is Metric.service_credit
    card = items("Credit cards: average is 3.5% (varies because it is a combination of fixed and a percentage charged by "
                 "the credit card vendor)")
    assert not [c for c in card if c.metric is Metric.service_credit and "metric.nearest_word" in c.decided_by]


def test_a_span_of_months_or_years_only_the_metric_head_called_a_level_is_none():
    # GUIDELINES: "The term of the agreement, renewal, termination notice and survival periods are not items"
    for text in ("These Framework Terms will start on the Effective Date and continue for the longer of one year.",
                 "The Supplier shall keep the spare parts on hand for a period of eighteen (18) months."):
        got = items(text)
        assert not [c for c in got if c.kind is Kind.service_level], text
        assert [c.kind for c in got if c.obligor is Obligor.provider] == [Kind.obligation], text
    # a word naming the metric keeps it a level
    [c] = [c for c in items("The Contractor shall deliver the transition plan within two (2) months of award.")
           if c.kind is Kind.service_level]
    assert (c.metric, c.value) == (Metric.delivery_time, 2)


def test_how_often_the_contract_renews_or_reprices_is_no_level():
    # GUIDELINES: renewal is no item; a price change is no service level
    for text in ("This Agreement shall automatically renew for consecutive one (1) year terms at XIMAGE's then "
                 "prevailing rates.",
                 "3.5 Maintenance Charges shall be increased annually on the first day of each DCL Financial Year in "
                 "line with the last published Retail Price Index."):
        assert not [c for c in items(text) if c.kind is Kind.service_level], text
    [c] = [c for c in items("The Contractor shall deliver the security report annually.") if c.kind is Kind.service_level]
    assert c.metric is Metric.reporting_cadence


def test_a_share_the_metric_head_calls_a_credit_needs_words_of_a_miss():
    # GUIDELINES: a service credit is owed for missing a target. With the metric head set to
    # service_credit and no word in the sentence naming a metric, a share that no word ties
    # to a miss measures something else (metric other); one with such words stays a credit.
    def levels(text):
        return [c for c in _read_with_credit_head(text) if c.kind is Kind.service_level and c.value is not None]
    for text in ("Operator shall operate and maintain the Portfolio at no less than 95% of its nameplate rating.",
                 "The Contractor shall keep at least 90% of the stations open during the season."):
        got = levels(text)
        assert got and all(c.metric is not Metric.service_credit for c in got), text
        assert any("metric.credit_without_words" in c.decided_by for c in got), text
    for text in ("In that case the Contractor shall be paid the contract price \u2013 30% for the month.",
                 "The Provider shall reduce its invoice by 5% for each late delivery."):
        got = levels(text)
        assert got and all(c.metric is Metric.service_credit and "metric.model" in c.decided_by for c in got), text


def test_a_party_that_is_told_or_shown_is_not_the_doer():
    # GUIDELINES (obligor): whoever performs binds; "the user will be shown" is the system's work
    [c] = items("The Customer will be notified in writing of each scheduled outage.", client=True)
    assert c.obligor is Obligor.provider and "obligor.named" in c.decided_by
    [c] = items("The Contractor will be given access to the facility.")
    assert c.obligor is Obligor.client
    # the party that acts stays the doer
    [c] = items("The Customer will notify the Contractor of each outage.")
    assert c.obligor is Obligor.client


def test_the_party_retained_to_provide_services_is_the_provider():
    # Nexstar pays WYZZ a share of the cash flow, yet WYZZ retains Nexstar to provide the services
    text = ("WYZZ, Inc. (\"WYZZ\") and Nexstar Broadcasting of Peoria, L.L.C. (\"Nexstar\") enter into this Agreement.\n\n"
            "WHEREAS, WYZZ wishes to retain Nexstar to provide certain operational services.\n\n"
            "Nexstar shall pay WYZZ the Section 2(a) Amount monthly. Nexstar shall pay the rent when due. "
            "WYZZ shall pay the true-up amount. Nexstar shall keep the station's books.\n")
    got = {c.text: c.obligor for c in items(text, client=True)}
    assert got["Nexstar shall keep the station's books."] is Obligor.provider
    assert got["WYZZ shall pay the true-up amount."] is Obligor.client


def test_a_table_standard_naming_no_party_is_the_providers():
    text = ("| Task | Standard | AQL |\n|---|---|---|\n"
            "| Complete cost codes on statements | All statements have accurate cost codes | 1% |\n")
    got = [c for c in items(text, client=True) if c.kind is Kind.service_level]
    assert got and all(c.obligor is Obligor.provider and "obligor.row_standard" in c.decided_by for c in got)


def test_a_share_of_a_sum_only_the_metric_head_called_a_credit_is_no_level():
    # GUIDELINES: "Prices, fees, rates and payment amounts are never targets or service credits"
    for text in ("SHPS will pay a commission to HPS equal to five percent (5%) of such amount received by SHPS.",
                 "The surcharge for rush work shall be the standard hourly rate plus twenty-five percent (25%)."):
        got = _read_with_credit_head(text)
        assert got and not [c for c in got if c.kind is Kind.service_level], text


def test_a_deadline_of_the_contracts_paperwork_is_an_obligation():
    # like payment and notice deadlines: insurance evidence, escrow, audits keep their value as obligations
    for text in ("Within fourteen (14) days of a request, the Supplier shall provide evidence of the insurances it maintains.",
                 "Within sixty (60) days of the Effective Date, the Vendor shall execute an escrow agreement."):
        got = items(text)
        assert got and all(c.kind is Kind.obligation for c in got), text
        assert any(c.value in (14, 60) for c in got), text
    got = items("The Supplier shall deliver the monthly report within 14 days of the month's end.")
    assert any(c.kind is Kind.service_level and c.value == 14 for c in got)


def _read_with_credit_head(text: str):
    """The fixed-score model with its metric head set to service_credit."""
    return read(text, metrics={"service_credit": 0.9})


def test_a_cadence_is_never_a_quality_level():
    # GUIDELINES: quality is how well (accuracy, error rates, AQLs, satisfaction); a cadence is how often
    qualityish = {"quality": 0.6, "other": 0.3}  # the metric head leans quality, then other
    for text in ("The Contractor shall check the accuracy of all charge card entries daily.",
                 "The COR will inspect all tasks to ensure Contractor compliance with the requirements every two (2) weeks."):
        [c] = read(text, metrics=qualityish)
        assert c.unit.value.startswith("per_") and c.metric is Metric.other, text
    # a percentage is still a quality level, and a report's cadence a reporting cadence
    [c] = read("The Contractor shall achieve 98% accuracy in all charge card entries.", metrics=qualityish)
    assert c.metric is Metric.quality
    [c] = read("The Contractor shall deliver a quality report monthly.", metrics=qualityish)
    assert c.metric is Metric.reporting_cadence


def test_a_dispute_procedures_times_are_obligations():
    # GUIDELINES: "Payment, notice and claim deadlines are obligations": so is how a dispute is settled
    for text in ("If the Account Representatives are unable to resolve the dispute within five (5) business days after "
                 "referral of the matter to them, the managers shall meet.",
                 "All discovery shall be completed within sixty (60) calendar days following the appointment of the arbitrator."):
        [c] = items(text)
        assert c.kind is Kind.obligation, text
    # a fix's time stays a level, even one counted from its discovery
    [c] = items("The Contractor shall resolve discrepancies within 5 days of discovery.")
    assert (c.kind, c.metric, c.value) == (Kind.service_level, Metric.resolution_time, 5)


def test_copies_and_vendors_counted_are_no_levels():
    # GUIDELINES: providing papers and keeping records are obligations, not measurable levels
    for text in ("Changepoint will provide Corio with five (5) written copies of the Documentation at no cost.",
                 "The contractor shall provide to the Government 3 copies of the MSDS for all cleaning products used.",
                 "The Contractor shall solicit quotations from at least three vendors for reconditioning."):
        assert [c.kind for c in items(text)] == [Kind.obligation], text
    [c] = items("The Contractor shall keep no more than 2 defects per month.")
    assert (c.kind, c.value) == (Kind.service_level, 2)


def test_a_definition_behind_an_enumerator_or_a_scope_is_no_item():
    # GUIDELINES: "Not items: definitions"
    for text in ('(x) "Termination Fee" shall mean an amount equal to the average Service Fees per day over the 180 day period.',
                 'For purposes of this Agreement, "Normal Business Hours" shall mean between the hours of 6:00 a.m. to '
                 '6:00 p.m. Pacific time, Monday through Friday.',
                 'For purposes of this Section 19, the term "Release Date" shall mean the date which is five (5) days after '
                 'the Agent has received all deposits.'):
        assert items(text) == [], text
    # a defined service level states a level
    [c] = items('(a) "Batch Service Level" means that the Supplier shall complete each batch report within 4 hours.')
    assert (c.kind, c.value) == (Kind.service_level, 4)


def test_hours_of_service_without_days_are_the_working_week():
    # GUIDELINES: "8:00-17:00 Monday to Friday is 45"; with no day named, annotators read the working week
    from extractors.values import primary_targets

    for text, hours in (("Japanese support is available from 9:00 AM to 6:00 PM.", 45),
                        ("Business hours are from 6am to 6pm (local time), except where otherwise stated.", 60),
                        ("The help desk is open 8:00 a.m. to 5:00 p.m., Monday through Friday.", 45)):
        got = [(t.kind, t.value) for t in primary_targets(text)]
        assert got == [("coverage", hours)], text
    # a maintenance window and years are no coverage; a schedule naming its days is not read as a working week
    for text in ("Scheduled maintenance occurs from 2:00 a.m. to 4:00 a.m.", "Support hours were counted over 2019-2020."):
        assert not [t for t in primary_targets(text) if t.kind == "coverage"], text
    schedule = "Service Availability Monday-Thursday 12:01 a.m. - 12:00 midnight Sunday 12:01 a.m. - 2:00 a.m."
    assert 9.92 not in [t.value for t in primary_targets(schedule)]  # Sunday's two hours, five times over


def test_a_vendors_guide_binds_its_reader():
    # GUIDELINES obligor: the client is "the party buying it"; a vendor's terms call it "you"
    text = ("# Support terms\n\nOur support team answers every request. Our services run on our platform.\n\n"
            "We will respond to each ticket within 4 hours.\n\n"
            "You will ensure that your staff are trained. You must keep your contact details up to date.\n\n"
            "Include relevant resource information with your request. Choose the service and the severity of your case.\n")
    got = {c.text: (c.obligor, c.decided_by) for c in items(text)}
    assert got["You will ensure that your staff are trained."][0] is Obligor.client
    assert got["Include relevant resource information with your request."][0] is Obligor.client
    assert "obligor.reader" in got["Include relevant resource information with your request."][1]
    assert got["We will respond to each ticket within 4 hours."][0] is Obligor.provider
    # with no "you" addressed, "Choose ..." is no candidate at all
    assert items("Choose the service and the severity of the case.") == []


def test_a_guide_that_speaks_to_you_without_duty_words_still_binds_you():
    text = ("# Opening a case\n\nOur support engineers answer your case. Our services log your request.\n\n"
            "If you need help, open your account page. You can reach us by chat. Your plan sets your hours.\n\n"
            "Include relevant resource information with your request.\n")
    got = {c.text: c.obligor for c in items(text)}
    assert got["Include relevant resource information with your request."] is Obligor.client


def test_solving_a_request_is_resolving_it():
    # GUIDELINES resolution_time: "time to fix, restore, resolve, correct, repair"
    [c] = items("Critical | 95% of critical priority requests are solved in 2h.")
    assert (c.metric, c.value) == (Metric.resolution_time, 2)


def test_a_deliverable_on_a_cadence_is_a_reporting_cadence():
    # GUIDELINES reporting_cadence: "reports, dashboards, metrics delivered and how often"
    for text in ("The Business Continuity Plan shall be delivered annually thereafter.",
                 "The contractor will submit a monthly schedule of carpets to be cleaned."):
        [c] = items(text)
        assert (c.metric, c.decided_by[-1]) == (Metric.reporting_cadence, "metric.delivered_on_a_cadence"), text
    [c] = items("The Contractor shall hold a status meeting monthly.")
    assert c.metric is Metric.meeting_cadence
    # what is delivered must be a paper: support given daily is no report
    [c] = items("The Contractor shall provide daily management support for project activities.")
    assert c.metric is not Metric.reporting_cadence


def test_the_reader_is_whoever_owns_the_account():
    # GUIDELINES obligor: the client is "the party buying it", the provider "Offeror ... the company selling"
    guide = ("# Opening a case\n\nAWS Support answers cases. If you need help, sign in to your account. Open your case "
             "from your account page. Your case goes to the team for your plan. You can see your cases there.\n\n"
             "Include relevant resource information with your request.\n")
    got = {c.text: c.obligor for c in items(guide)}
    assert got["Include relevant resource information with your request."] is Obligor.client
    rfq = ("# Instructions\n\nThe Government will evaluate quotes. Your quote must be received by noon. Your quote "
           "shall list your past performance. Your proposal is due in May. If you have questions, ask the "
           "Contracting Officer.\n\nInclude three references with your quote.\n")
    got = {c.text: c.obligor for c in items(rfq)}
    assert got["Include three references with your quote."] is Obligor.provider


def test_paying_by_a_date_and_a_depositions_length_are_no_levels():
    # GUIDELINES: "Payment, notice and claim deadlines are obligations"; a dispute's procedure too
    for text in ("The Customer is responsible for paying the recurring monthly fees by the 5th day of each month.",
                 "Each deposition shall be limited to a maximum of three (3) hours duration."):
        assert not [c for c in items(text) if c.kind is Kind.service_level], text


def test_a_surveillance_plans_passive_steps_bind_the_buyer():
    # GUIDELINES: a duty binds whoever must perform it; a QASP's checking is the Government's
    unsure = {"ob_provider": 0.2, "ob_client": 0.2}  # the model finds no obligation in these steps
    text = ("# Quality Assurance Surveillance Plan\n\nThe Contractor shall deliver working code.\n\n"
            "For each service, the total number of defects will be compared to the performance standard and AQL.\n\n"
            "The team will be located in Washington.\n")
    got = {c.text: (c.kind, c.obligor) for c in read(text, heads=unsure, name="q.md")}
    step = "For each service, the total number of defects will be compared to the performance standard and AQL."
    assert got[step] == (Kind.obligation, Obligor.client)
    assert "The team will be located in Washington." not in got


def test_seconds_and_minutes_no_word_names_are_response_times():
    # GUIDELINES response_time: "time to acknowledge, answer, respond"; 27 of 27 labelled such pairs
    deliveryish = {"delivery_time": 0.7}  # the metric head leans delivery
    for text in ("The system shall return on-line standard reports within 10 seconds.",
                 "The Contractor shall initiate processing of every batch file within one minute."):
        [c] = read(text, metrics=deliveryish)
        assert (c.metric, c.decided_by[-1]) == (Metric.response_time, "metric.short_time"), text
    # a word beside the target still decides, and hours are left to the model
    [c] = read("The Contractor shall restore service within 30 minutes.", metrics=deliveryish)
    assert c.metric is Metric.resolution_time
    [c] = read("The Contractor shall initiate processing of every batch file within 4 hours.", metrics=deliveryish)
    assert c.metric is Metric.delivery_time


def test_availability_that_starts_a_clock_names_no_metric():
    # "within 1 day of availability": when the clock starts, not an availability level (GUIDELINES availability: uptime)
    deliveryish = {"delivery_time": 0.3}  # the metric head leans delivery
    for text in ("Website content shall be deployed within one day of availability.",
                 "The Contractor shall loan available equipment to the requesting agency within 14 days of request or "
                 "equipment availability."):
        [c] = read(text, metrics=deliveryish)
        assert c.metric is Metric.delivery_time and c.value in (1, 14), text
    [c] = read("The Contractor shall ensure system availability of 99.9% each month.", metrics=deliveryish)
    assert c.metric is Metric.availability
