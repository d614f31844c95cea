"""Reading gold labels and predicted commitments from disk.

Gold: one `<doc>.jsonl` per document; the first line is a header with `doc` and `scope`
(and, where only part of a document was labelled, `pages`: [first, last], inclusive),
each following line is one `schemas.Commitment`. Predictions: what `candor extract` writes,
`<folder>/<doc file name>/commitments.json` holding `{"commitments": [...]}`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from schemas import Commitment, Commitments

SCOPES = frozenset({"service_level", "client_obligation", "provider_obligation"})


@dataclass
class GoldDoc:
    doc: str
    scope: set[str]
    items: list[Commitment] = field(default_factory=list)
    pages: tuple[int, int] | None = None  # the labelled page range, where not the whole document


def load_gold(folder: str | Path) -> dict[str, GoldDoc]:
    """Every `*.jsonl` label file in `folder`, keyed by the header's `doc`."""
    gold: dict[str, GoldDoc] = {}
    for path in sorted(Path(folder).glob("*.jsonl")):
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
        if not lines:
            raise ValueError(f"{path}: empty label file (the header line is required)")
        header = json.loads(lines[0])
        doc, scope = header["doc"], set(header["scope"])
        if scope - SCOPES:
            raise ValueError(f"{path}: unknown scope {sorted(scope - SCOPES)}")
        items = [Commitment.model_validate_json(line) for line in lines[1:]]
        # A label quoting another document would silently score against the wrong text.
        stray = [item.doc for item in items if item.doc != doc]
        if stray:
            raise ValueError(f"{path}: items for {stray[0]!r} under header doc {doc!r}")
        if doc in gold:
            raise ValueError(f"{path}: second label file for {doc!r}")
        pages = tuple(header["pages"]) if header.get("pages") else None
        if pages is not None and (len(pages) != 2 or not all(isinstance(p, int) for p in pages) or pages[0] > pages[1]):
            raise ValueError(f"{path}: pages must be [first, last], got {header['pages']}")
        gold[doc] = GoldDoc(doc=doc, scope=scope, items=items, pages=pages)
    return gold


def load_predictions(folder: str | Path) -> dict[str, list[Commitment]]:
    """`<folder>/<doc>/commitments.json` for every document folder that has one, keyed by `<doc>`."""
    predictions: dict[str, list[Commitment]] = {}
    for path in sorted(Path(folder).glob("*/commitments.json")):
        predictions[path.parent.name] = Commitments.model_validate_json(path.read_text(encoding="utf-8")).commitments
    return predictions
