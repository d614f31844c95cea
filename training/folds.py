"""Every labelled document the project may learn from, its family, and folds by document.

Cross-validation splits documents, never units: a model is scored only on documents no
unit of which it trained on or picked a threshold on. The sealed check set
(`data/extra/sealed-labels`) and the documents on ../shared/eval/EXCLUDED.sha256 are not
in the pool.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from evaluation.excluded import refuse_excluded

ROOT = Path(__file__).resolve().parents[1]
FAMILIES = ("federal", "commercial", "vendor_sla", "msa_order_form")
# Where a file name says which family a document is of (shared/corpus and data/extra names).
# Third round (session 11): "msa_<org>_..." and "sla_<org>_..." say their family in their name.
_FAMILY_BY_PREFIX = [
    (("msa_",), "msa_order_form"),
    (("sla_",), "vendor_sla"),
    (("commonpaper_sla", "accordproject_sla", "supabase_", "github_enterprise_sla", "meltano_", "spacelift_",
      "sourcegraph_", "zitadel_"), "vendor_sla"),
    (("commonpaper_", "github_enterprise_subscription"), "msa_order_form"),
    (("cuad_",), "commercial"),
]


@dataclass(frozen=True)
class Labelled:
    doc: str  # the document's file name
    path: Path  # the document
    labels: Path  # its label file
    form: str  # "gold": items quoting the text (scorable); "units": items per parsed unit (training only)

    @property
    def family(self) -> str:
        return family(self.doc)


def family(doc: str) -> str:
    for prefixes, name in _FAMILY_BY_PREFIX:
        if doc.startswith(prefixes):
            return name
    return "federal"  # 18f_, gsa_, usaf_, dot_, hhs_, doe_, army_, usda_, nasa_, ssa_, uspto_, ...


def labelled_documents(shared: Path, root: Path = ROOT) -> list[Labelled]:
    """The pool, one entry per document (a document labelled twice keeps its first labels)."""
    corpus, extra = shared / "corpus" / "docs", root / "data" / "extra"
    sources = [
        (shared / "eval" / "labels", corpus, "gold"),
        (shared / "eval" / "train-labels", corpus, "gold"),
        (root / "data" / "check", corpus, "gold"),
        (extra / "tune-labels", extra / "docs", "gold"),
        (extra / "check-labels", extra / "docs", "gold"),
        (extra / "pool-labels", extra / "docs", "gold"),
        (root / "data" / "labels", corpus, "units"),
    ]
    pool: dict[str, Labelled] = {}
    for folder, docs, form in sources:
        for f in sorted(folder.glob("*.jsonl")):
            doc = json.loads(f.read_text().splitlines()[0])["doc"]
            pool.setdefault(doc, Labelled(doc, docs / doc, f, form))
    refuse_excluded([d.path for d in pool.values()], shared)
    return sorted(pool.values(), key=lambda d: d.doc)


# Documents of one source (one solicitation's PWS, QASP and RFQ; one vendor's SLA and its
# support terms) share authors and wording: tested on one while trained on its sibling, a
# model is not tested on an unseen document. They go to the same fold.
_SOURCES = ("18f_fedramp_dashboard_", "18f_fs_epermit_", "commonpaper_", "zitadel_", "github_enterprise_")


# An organisation named after the family prefix ("msa_bonterms_sla.md") is the source; the
# same organisations under their older names join theirs.
_SAME_ORGANISATION = {"commonpaper": "commonpaper_", "github": "github_enterprise_", "zitadel": "zitadel_"}


def source(doc: str) -> str:
    """The group a document is kept with: its source where several come from one, else itself."""
    if doc.startswith(("msa_", "sla_")) and doc.count("_") >= 2:
        org = doc.split("_")[1]
        return _SAME_ORGANISATION.get(org, org + "_")
    return next((g for g in _SOURCES if doc.startswith(g)), doc)


def folds(docs: list[Labelled], k: int = 5) -> list[list[Labelled]]:
    """`k` folds of scorable (gold) documents. Documents of one source stay together; the
    groups, largest first and then in an order set by a hash of their names, each go to
    the fold holding fewest documents of their families so far (then fewest documents),
    so every fold holds its share of each family and the split never changes with the
    order files are found in."""
    groups: dict[str, list[Labelled]] = {}
    for d in docs:
        if d.form == "gold":
            groups.setdefault(source(d.doc), []).append(d)
    order = sorted(groups.items(), key=lambda g: (-len(g[1]), hashlib.sha256(g[0].encode()).hexdigest()))
    out: list[list[Labelled]] = [[] for _ in range(k)]
    for _, members in order:
        fams = Counter(d.family for d in members)
        loads = [(sum(n * sum(x.family == f for x in out[i]) for f, n in fams.items()), len(out[i]), i) for i in range(k)]
        out[min(loads)[2]].extend(members)
    return [sorted(f, key=lambda d: d.doc) for f in out]
