"""The commitment model and the extraction pipeline built on it."""
