"""Checks of commitments against a provider's capacity. Pure: no I/O beyond loading a profile."""
