"""Documents kept apart for measuring (`../shared/eval/EXCLUDED.sha256`): never trained,
tuned, labelled or read for errors. Every place that loads documents to learn or tune
from asks here first; `tests/test_excluded.py` checks every document the project uses."""

from __future__ import annotations

import hashlib
from pathlib import Path


def excluded(shared: Path) -> frozenset[str]:
    """The sha256 hex digests listed (comments and blank lines skipped)."""
    path = shared / "eval" / "EXCLUDED.sha256"
    lines = (line.split("#", 1)[0].strip().lower() for line in path.read_text().splitlines())
    return frozenset(line for line in lines if line)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


class ExcludedDocument(Exception):
    """A document kept for measuring reached training, tuning or labelling."""


def refuse_excluded(paths: list[Path], shared: Path) -> None:
    """Raise ExcludedDocument naming each path whose bytes are on the list."""
    kept = excluded(shared)
    hits = [str(p) for p in paths if sha256(p) in kept]
    if hits:
        raise ExcludedDocument(f"kept apart for measuring (../shared/eval/EXCLUDED.sha256): {', '.join(hits)}")
