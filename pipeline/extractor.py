"""Extraction as one picklable callable, doc -> commitments: the model (or the keyword
baseline), loaded once per process. Picklable, so a child that got stuck can be retried
in a fresh interpreter (extractors/isolate.py), where the model loads on first use."""

from __future__ import annotations

import functools
from dataclasses import dataclass


@dataclass(frozen=True)
class Extractor:
    baseline: bool = False

    def __call__(self, doc, progress=None):
        return _loaded(self.baseline)(doc, progress)

    def warm(self) -> Extractor:
        """Load now: a forked child then inherits the loaded model instead of loading it."""
        _loaded(self.baseline)
        return self


@functools.lru_cache(maxsize=2)
def _loaded(baseline: bool):
    if baseline:
        from extractors.commitments.baseline import Baseline

        return lambda doc, progress=None: Baseline().extract(doc)
    from extractors.commitments.extract import extract
    from extractors.commitments.model import CommitmentModel

    model = CommitmentModel()
    return lambda doc, progress=None: extract(doc, model, progress=progress)
