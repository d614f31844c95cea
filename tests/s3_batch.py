"""Shared by the fault and kill tests: a batch of small distinct documents in an S3 inbox,
and a check that every document has exactly one complete output set."""

import json
import random

# What a review of a text document writes (a PDF adds annotated.pdf), source.json last.
OUTPUTS = {"commitments.json", "findings.json", "redline.docx", "matrix.xlsx", "matrix.csv", "report.html", "source.json"}
SENTENCES = [
    "The Contractor shall maintain availability of {a}% measured monthly.",
    "The Contractor shall respond to Severity 1 incidents within {r} minutes, 24x7.",
    "The Contractor shall resolve Severity 2 incidents within {h} business hours.",
    "The Contractor shall deliver a monthly status report by the {d}th business day.",
    "The Government shall provide access to its facilities within {d} days of award.",
    "The Contractor shall attend regular meetings with all stakeholders.",
    "Service credits of {c}% of the monthly fee apply for each missed level.",
]


def documents(n: int, seed: int = 5) -> dict[str, bytes]:
    """`n` short statements of work that differ in their numbers (and so in sha256)."""
    rng = random.Random(seed)
    docs = {}
    for i in range(n):
        values = dict(a=rng.choice(["99.9", "99.95", "99.99", "99.999"]), r=rng.choice([5, 15, 30, 60]),
                      h=rng.randint(2, 48), d=rng.randint(2, 20), c=rng.randint(2, 25))
        lines = [f"Statement of Work {i + 1}", ""] + [s.format(**values) for s in SENTENCES]
        docs[f"sow-{i + 1:03d}.txt"] = "\n\n".join(lines).encode()
    return docs


def upload(s3, bucket: str, prefix: str, docs: dict[str, bytes]) -> dict[str, str]:
    """Upload; returns key -> ETag of each original."""
    for name, body in docs.items():
        s3.put_object(Bucket=bucket, Key=f"{prefix}{name}", Body=body)
    return etags(s3, bucket, prefix)


def etags(s3, bucket: str, prefix: str) -> dict[str, str]:
    out = {}
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=prefix):
        for v in page.get("Versions", []):
            out.setdefault(v["Key"], []).append(v["ETag"])
    return {k: tuple(v) for k, v in out.items()}


def check_complete_sets(s3, bucket: str, out_prefix: str, docs: dict[str, bytes]) -> None:
    """Each document: exactly one <sha256>/<version>/ folder holding every output once,
    each object written once (one version), its bytes matching the sha256 it was written
    with, and source.json naming the document. Nothing else under the prefix."""
    import hashlib

    versions: dict[str, list[dict]] = {}
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=bucket, Prefix=out_prefix):
        for v in page.get("Versions", []):
            versions.setdefault(v["Key"], []).append(v)
        assert not page.get("DeleteMarkers"), "outputs were deleted"
    sets: dict[str, set[str]] = {}
    for key, vs in versions.items():
        assert len(vs) == 1, f"{key} was written {len(vs)} times"
        sha, rest = key[len(out_prefix):].split("/", 1)
        folder, name = rest.rsplit("/", 1)
        sets.setdefault(f"{sha}/{folder}", set()).add(name)
    by_sha = {hashlib.sha256(body).hexdigest(): name for name, body in docs.items()}
    assert sorted(s.split("/", 1)[0] for s in sets) == sorted(by_sha), "one output set per document, no more"
    for folder, names in sets.items():
        assert names == OUTPUTS, f"{folder}: {sorted(names)}"
        record = json.loads(s3.get_object(Bucket=bucket, Key=f"{out_prefix}{folder}/source.json")["Body"].read())
        assert record["name"] == by_sha[folder.split("/", 1)[0]], record
    for key in versions:
        obj = s3.get_object(Bucket=bucket, Key=key)
        assert hashlib.sha256(obj["Body"].read()).hexdigest() == obj["Metadata"]["sha256"], f"{key} is torn"
