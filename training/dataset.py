"""Training examples: one per sentence unit of a parsed document, with multi-label targets.

Sources (training.folds.labelled_documents):
- gold files quoting the text (`../shared/eval/train-labels`, `data/check`,
  `data/extra/*-labels` but the sealed set): each commitment is attached to the unit of
  the parsed document whose words match it best. Units no label matches are negatives
  for the scopes the file labels (a document whose scope lacks provider obligations says
  nothing about them: that target is masked).
- `data/labels/*.jsonl`: every unit of further corpus documents labelled by hand, items
  listed per unit (an empty list is a negative), all scopes.
The six dev documents (`../shared/eval/labels`) are never read here by `load`.
"""

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from evaluation.excluded import refuse_excluded
from extractors.commitments.context import contexts
from extractors.commitments.labels import METRICS
from extractors.parse import parse_path
from schemas import BlockKind, Document

_SKIP = {BlockKind.page_header, BlockKind.page_footer}
_WORD = re.compile(r"[a-z0-9]+")


@dataclass
class Example:
    doc: str
    text: str
    targets: dict[str, float] = field(default_factory=dict)  # head -> 0/1; absent = unknown
    metrics: list[str] = field(default_factory=list)  # of its service-level items
    context: str = ""  # extractors.commitments.context: headings, table head, the words before

    @property
    def input(self) -> tuple[str, str]:
        return (self.text, self.context)


def units(doc: Document, pages: list[int] | None = None) -> list[str]:
    """The texts a model scores: sentences outside running headers and footers (and, with
    `pages` [first, last], on those pages)."""
    return [text for text, _ in units_in_context(doc, pages)]


def units_in_context(doc: Document, pages: list[int] | None = None) -> list[tuple[str, str]]:
    """`units`, each with the context the model reads beside it."""
    around = contexts(doc)
    return [(s.text, around.get(s.index, "")) for s in doc.sentences if doc.blocks[s.block].kind not in _SKIP
            and (pages is None or s.page is None or pages[0] <= s.page <= pages[1])]


def words(text: str) -> set[str]:
    return set(_WORD.findall(text.lower()))


def similarity(a: set[str], b: set[str]) -> float:
    """Best of Jaccard and containment of the shorter in the longer (the scorer's terms)."""
    if not a or not b:
        return 0.0
    inter = len(a & b)
    return max(inter / len(a | b), inter / min(len(a), len(b)) if min(len(a), len(b)) >= 4 else 0.0)


def from_gold(label_file: Path, corpus: Path, path: Path | None = None) -> list[Example]:
    """`path`: the document, where it is not `corpus / <doc>`. A file labelling only some
    pages (a `pages` header) says nothing of the units outside them."""
    lines = [json.loads(x) for x in label_file.read_text().splitlines() if x.strip()]
    header, items = lines[0], lines[1:]
    doc = parse_path(path or corpus / header["doc"])
    inputs = units_in_context(doc, header.get("pages"))
    texts = [t for t, _ in inputs]
    unit_words = [words(t) for t in texts]
    examples = [Example(header["doc"], t, _negative(header["scope"]), context=c) for t, c in inputs]
    for item in items:
        w = words(item["text"])
        best = max(range(len(texts)), key=lambda i: similarity(w, unit_words[i]), default=None)
        if best is None or similarity(w, unit_words[best]) < 0.5:
            continue  # the reader split it differently; dropping beats mislabelling
        _add(examples[best], item)
    return examples


def from_sentence_labels(label_file: Path, path: Path | None = None) -> list[Example]:
    """`path`: the document, to read each unit's context from (a unit whose text the
    parse no longer gives at its index has none)."""
    around: dict[int, str] = {}
    where: dict[str, list[int]] = {}  # a unit's text -> the indices the parse gives it now
    if path is not None and path.is_file():
        doc = parse_path(path)
        around = contexts(doc)
        for s in doc.sentences:
            where.setdefault(_squeezed(s.text), []).append(s.index)
    examples = []
    for line in label_file.read_text().splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        at = min(where.get(_squeezed(row["text"]), []), key=lambda i: abs(i - (row.get("sentence") or 0)), default=None)
        context = around.get(at, "") if at is not None else ""
        ex = Example(row["doc"], row["text"], _negative(["service_level", "client_obligation", "provider_obligation"]),
                     context=context)
        for item in row["items"]:
            _add(ex, item)
        examples.append(ex)
    return examples


def _squeezed(text: str) -> str:
    """Text without spaces: labels made before a reader fix that restored lost spaces
    ("willbefull") still find their unit."""
    return "".join(text.split())


def _negative(scope: list[str]) -> dict[str, float]:
    targets = {"sl_provider": 0.0, "sl_client": 0.0, "ob_client": 0.0, "vague": 0.0}
    if "provider_obligation" in scope:
        targets["ob_provider"] = 0.0
    return targets


def _add(ex: Example, item: dict) -> None:
    side = "provider" if item["obligor"] == "provider" else "client"
    head = ("sl_" if item["kind"] == "service_level" else "ob_") + side
    ex.targets[head] = 1.0
    if item.get("vague"):
        ex.targets["vague"] = 1.0
    if item["kind"] == "service_level" and item.get("metric") in METRICS and item["metric"] not in ex.metrics:
        ex.metrics.append(item["metric"])


def from_documents(docs) -> list[Example]:
    """Examples of `training.folds.Labelled` documents, whatever their label form."""
    examples: list[Example] = []
    for d in docs:
        examples.extend(from_gold(d.labels, d.path.parent, d.path) if d.form == "gold" else from_sentence_labels(d.labels, d.path))
    return examples


def load(shared: Path, labels_dir: Path) -> list[Example]:
    """The shipped model's data: every labelled document the project may learn from
    (training.folds: the train-labels, the data/extra pool and its check sets, the units
    of `labels_dir`), less the six dev documents. The sealed check set and the excluded
    documents are never in it (labelled_documents refuses the latter by their bytes), so
    cross-validation measures the recipe on the data the shipped weights learn from."""
    from training.folds import labelled_documents

    dev = {p.name[: -len(".jsonl")] for p in (shared / "eval" / "labels").glob("*.jsonl")}
    corpus = shared / "corpus" / "docs"
    docs = [d for d in labelled_documents(shared) if d.doc not in dev and d.form != "units"]
    units = sorted(labels_dir.glob("*.jsonl"))
    refuse_excluded([corpus / f.name[: -len(".jsonl")] for f in units], shared)
    examples = from_documents(docs)
    taken = {d.doc for d in docs}
    for f in units:
        if f.name[: -len(".jsonl")] not in taken:
            examples.extend(from_sentence_labels(f, corpus / f.name[: -len(".jsonl")]))
    leaked = {e.doc for e in examples} & dev
    assert not leaked, f"dev documents in the training data: {leaked}"
    return examples
