"""The named decisions extraction makes, each with the GUIDELINES.md line it implements
(issue 15: "a short ordered list of named decisions ... every item records what decided
it"). Every commitment carries, in `decided_by`, the decisions that made its kind, its
obligor and its metric; `candor eval` counts how often each one is right, so a rule earns
its place by its figures across folds.

Where the model decides, the name says so ("obligor.model"): the model/rules boundary is
this table.
"""

DECISIONS: dict[str, str] = {
    # kind: is the unit a service level, an obligation, or nothing?
    "kind.target": "service_level: a promise ... with a target that can be measured",
    "kind.target_no_duty": "service_level (no duty word): the model's service-level score or a tier's time decides",
    "kind.refers_elsewhere": "A sentence that commits to targets given elsewhere ... is a service_level with its metric and value null",
    "kind.deadline_in_words": "service_level: a deadline ('according to the agreed schedule', a due-date column) with no number",
    "kind.payment_notice_deadline": "Payment, notice and claim deadlines are obligations, with value and unit filled in",
    "kind.mutual": "'Each party shall' or 'neither party shall': one item with obligor client ... a provider item too",
    "kind.mutual_meeting": "meeting_cadence: how often the parties meet, a level of each side",
    "kind.obligation_model": "obligation: a duty with no measurable service target (the model's obligation score decides)",
    "kind.obligation_buyer_acts": "obligation: a named buyer 'shall/must/will' + verb binds the buyer",
    "kind.surveillance_step": "obligation: a surveillance plan's passive checking step (\"results will be recorded\") binds the buyer",
    "kind.cell_credit": "service_credit: credits, deductions, penalties tied to missing a target (a table cell)",
    "kind.cell_client_duty": "A QASP's surveillance duties: a client cell of a standards row",
    # obligor: who is bound
    "obligor.both_sides": "'Each party shall': one item per side",
    "obligor.named": "obligor: the party the sentence names (its subject, a passive's agent; a credit is the provider's)",
    "obligor.row_standard": "a table row's level that names no party binds whoever performs the service: the provider",
    "obligor.lead_in": "a list item's doer is the subject of the lead-in it hangs from",
    "obligor.reader": "what a guide tells its reader to do binds the party it calls \"you\" (a vendor's guide: the buyer)",
    "obligor.surveillance_prose": "A QASP's checking prose binds the Government",
    "obligor.check_cadence": "how often the client checks is the client's level (surveillance plan)",
    "obligor.model": "A passive verb binds whoever performs the service (the model's provider/client scores decide)",
    "obligor.provider_default": "A passive verb ... binds whoever performs the service: usually the provider",
    # metric: what a service level measures
    "metric.share_of_price": "service_credit: a share of the fee is a credit",
    "metric.effort": "staffing: staff-years, FTE",
    "metric.column": "A table row: its column's header names the metric",
    "metric.nearest_word": "the metric named next to the target, in its own clause",
    "metric.title_row": "a table's title row names the metric of the rows under it",
    "metric.credit_table_band": "A service credit table ... plus the availability commitment",
    "metric.delivered_on_a_cadence": "a deliverable delivered, submitted or furnished on a cadence is a reporting cadence",
    "metric.short_time": "seconds or minutes no word ties to a metric are a response time",
    "metric.context": "the metric a unit's heading or the sentence before it names, where the unit names none",
    "metric.model": "the model's metric head, among the metrics the target's kind allows",
    "metric.target_kind": "a coverage window ('8:00-17:00 ET, Monday to Friday') is support_hours: the one metric its kind allows",
    "metric.check_cadence": "how often the buyer checks: metric other",
    "metric.meeting_and_report": "'meetings/reports' at one cadence: two deliverables",
    "metric.deadline_in_words": "a deadline with no number: delivery_time",
    "metric.credit": "service_credit: a credit owed for missing a target",
    "metric.credit_without_words": "a share the metric head called a credit, with no word of a sum owed for a miss: other",
    "metric.meeting_word": "meeting_cadence: a cadence of the parties meeting",
    "metric.named_word": "the metric a sentence names (targets elsewhere)",
}
