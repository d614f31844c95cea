"""Findings against a reviewer's expected findings (issue 16), scored by the rules of
../shared/eval/score_findings.py, kept identical (tests/test_findings_eval.py runs both
on the same files), plus figures per finding type.

A finding matches an expected row when document and type agree; for `unrealistic` and
`inconsistent` rows that name a metric, one of the finding's commitments has it; for a
`vague` row, a word the rationale quotes appears in the row's quote or reason; and one of
the finding's commitments (or its rationale) holds the row's quote (token containment
>= 0.6, or the quote holds it at >= 0.8). precision = findings matching some row /
findings raised; recall = rows matched by some finding.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Mapping
from pathlib import Path

TYPES = ("unrealistic", "vague", "one_sided", "inconsistent", "silent")
METRIC_TYPES = {"unrealistic", "inconsistent"}  # where the metric is the point of the finding
TOKEN = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
ALIASES = {"meetings": "meeting_cadence", "meeting": "meeting_cadence", "reporting": "reporting_cadence",
           "reports": "reporting_cadence", "credit": "service_credit", "credits": "service_credit"}
QUOTED = re.compile(r'"([^"]{2,40})"')
COLUMNS = ("doc", "type", "metric", "quote", "why")


def load_expected(path: Path) -> list[dict]:
    """The rows of an expected-findings TSV (header doc, type, metric, quote, why)."""
    with open(path, newline="", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    if rows and set(COLUMNS) - set(rows[0]):
        raise ValueError(f"{path}: the header must name {', '.join(COLUMNS)}")
    return rows


def _tokens(text) -> set[str]:
    return set(TOKEN.findall((text or "").lower()))


def holds(quote: str, text: str) -> bool:
    q, t = _tokens(quote), _tokens(text)
    if not q or not t:
        return False
    inter = len(q & t)
    return inter / len(q) >= 0.6 or (len(t) >= 3 and inter / len(t) >= 0.8)


def _metrics(x, out: set) -> set:
    if isinstance(x, dict):
        if isinstance(x.get("metric"), str):
            out.add(x["metric"])
        for v in x.values():
            _metrics(v, out)
    elif isinstance(x, list):
        for v in x:
            _metrics(v, out)
    return out


def _texts(finding: dict) -> list[str]:
    cs = finding.get("commitments") or []
    return [c.get("text", "") for c in cs if isinstance(c, dict)] + [finding.get("rationale", "")]


def matches(row: dict, finding: dict) -> bool:
    if finding.get("type") != row["type"]:
        return False
    metric = ALIASES.get(row.get("metric") or "", row.get("metric"))
    if row["type"] in METRIC_TYPES and metric and metric not in _metrics(finding.get("commitments", []), set()):
        return False
    if row["type"] == "vague":  # the word the finding calls vague must be the one the reviewer meant
        words = QUOTED.findall(finding.get("rationale", ""))
        if words and not any(w.lower() in (row["quote"] + " " + row.get("why", "")).lower() for w in words):
            return False
    return any(holds(row["quote"], t) for t in _texts(finding))


def _ratio(a: int, b: int) -> float:
    return round(a / b, 3) if b else 0.0


def score(rows: list[dict], findings: Mapping[str, list[dict]]) -> dict:
    """`findings`: each document's findings as JSON objects (findings.json's "findings"),
    keyed by file name. Documents without an expected row are not scored (as the shared
    scorer reads only the documents its rows name)."""
    docs = sorted({r["doc"] for r in rows})
    found: set[int] = set()
    per_doc, per_type = {}, {t: {"raised": 0, "matching": 0, "expected": 0, "found": 0} for t in TYPES}
    raised = hit = 0
    for doc in docs:
        fs = list(findings.get(doc, []))
        exp = [(i, r) for i, r in enumerate(rows) if r["doc"] == doc]
        d_hit = 0
        for f in fs:
            m = [i for i, r in exp if matches(r, f)]
            found.update(m)
            d_hit += bool(m)
            if f.get("type") in per_type:
                per_type[f["type"]]["raised"] += 1
                per_type[f["type"]]["matching"] += bool(m)
        raised += len(fs)
        hit += d_hit
        per_doc[doc] = {"raised": len(fs), "matching": d_hit, "expected": len(exp), "found": sum(1 for i, _ in exp if i in found)}
    for i, r in enumerate(rows):
        if r["type"] in per_type:
            per_type[r["type"]]["expected"] += 1
            per_type[r["type"]]["found"] += i in found
    for t in per_type.values():
        t["precision"], t["recall"] = _ratio(t["matching"], t["raised"]), _ratio(t["found"], t["expected"])
    return {"precision": _ratio(hit, raised), "recall": _ratio(len(found), len(rows)), "raised": raised, "matching": hit,
            "expected": len(rows), "found": len(found), "per_type": per_type, "per_doc": per_doc,
            "missed": [rows[i] for i in range(len(rows)) if i not in found]}


def table(result: dict) -> str:
    lines = ["| type | raised | matching | precision | expected | found | recall |", "|---|---:|---:|---:|---:|---:|---:|"]
    for name, t in [*result["per_type"].items(), ("all", result)]:
        lines.append(f"| {name} | {t['raised']} | {t['matching']} | {t['precision']:.3f} | {t['expected']} | {t['found']} | {t['recall']:.3f} |")
    return "\n".join(lines)


def as_findings(rows: list[dict]) -> dict[str, list[dict]]:
    """A second reviewer's rows as findings, to score one reviewer against another: the
    quote stands for the commitment, the reason for the rationale (a vague row's word is
    the quoted one)."""
    out: dict[str, list[dict]] = {}
    for r in rows:
        out.setdefault(r["doc"], []).append({"type": r["type"], "rationale": "",
                                             "commitments": [{"text": r["quote"], "metric": r.get("metric") or None}]})
    return out


if __name__ == "__main__":  # python -m evaluation.findings FIRST.tsv SECOND.tsv: agreement, per type
    import sys

    first, second = load_expected(Path(sys.argv[1])), load_expected(Path(sys.argv[2]))
    shared = {r["doc"] for r in first} & {r["doc"] for r in second}
    print(table(score([r for r in first if r["doc"] in shared], as_findings([r for r in second if r["doc"] in shared]))))
