"""What the model predicts for each sentence unit: who owes what, and the metric."""

HEADS = ["sl_provider", "sl_client", "ob_provider", "ob_client", "vague"]
METRICS = [
    "availability", "response_time", "resolution_time", "support_hours", "meeting_cadence",
    "reporting_cadence", "delivery_time", "quality", "staffing", "service_credit", "other",
]
