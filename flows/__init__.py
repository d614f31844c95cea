"""Orchestration: the CLI today, Prefect flows later. No document logic lives here."""
