"""One document through every stage, bytes in and output files out. The CLI and the
Prefect flows both call this, so a local `candor review` never waits for a Prefect server
and the service runs exactly the same code."""
