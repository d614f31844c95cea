"""Where documents come from and where outputs go: local paths or S3 URIs.

Local outputs land in OUT/<label>/ (the input's path below the folder or prefix named,
made safe: flows/labels.py); S3 outputs under <out prefix>/<document sha256>/<set>/,
written once, where the set names the model, code, profile and any RFP a draft was
checked against. Inputs are listed first and read one at a time, when reviewed."""

from __future__ import annotations

import functools
from pathlib import Path

from extractors.errors import CandorError
from flows.app import NOT_DOCUMENTS, expand_with_roots, write_once
from flows.labels import label, local_parts, readable, unique
from infra import s3 as s3io
from pipeline.review import Outcome, Pending, Source, set_name, source_record

CONTENT_TYPES = {
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def gather(inputs: list[str], limits, s3=None, rfps: list[str] = ()) -> tuple[list[Pending], list[Pending], list[Outcome]]:
    """The documents named by files, folders, s3://bucket/key and s3://bucket/prefix/ (the
    inputs, then the RFPs they answer), listed but not read (each is read when its turn
    comes, so a batch holds one document's bytes at a time), labelled uniquely across
    both; a prefix that cannot be listed is a failed outcome."""
    found, failed = [], []  # (uri, name, parts below what was named, reader, is an RFP)
    for n, item in enumerate([*inputs, *rfps]):
        is_rfp = n >= len(inputs)
        if s3io.is_s3(item):
            s3 = s3 or s3io.client()
            uri = s3io.S3Uri.parse(item)
            prefix = uri.key == "" or uri.key.endswith("/")
            try:
                objects = s3io.retrying(s3io.list_objects, s3, uri, what=str(uri)) if prefix else [s3io.S3Object(uri, "", 0)]
            except CandorError as e:
                failed.append(Outcome(Source(b"", str(uri), uri.key.rsplit("/", 1)[-1] or uri.bucket), error=e))
                continue
            for obj in objects:
                if Path(obj.name).suffix.lower() in NOT_DOCUMENTS:
                    continue
                parts = obj.uri.key[len(uri.key):].split("/") if prefix else [obj.name]
                read = functools.partial(s3io.retrying, s3io.get_bytes, s3, obj.uri, limits.max_bytes, what=str(obj.uri))
                found.append((str(obj.uri), obj.name, parts, read, is_rfp))
            continue
        from extractors.parse import read_input

        for path, root in expand_with_roots([Path(item)]):
            found.append((path.resolve().as_uri(), readable(path.name), local_parts(path, root),
                          functools.partial(read_input, path, limits), is_rfp))
    # A place named twice (a folder and a file in it, or a file that is also --rfp) is one
    # document, reviewed once: as the RFP where it is one.
    paired = {uri for uri, *_, rfp in found if rfp}
    kept: dict[str, tuple] = {}
    for f in found:
        if (f[4] or f[0] not in paired) and f[0] not in kept:
            kept[f[0]] = f
    found = list(kept.values())
    labels = unique([label(parts, uri) for uri, _, parts, *_ in found], [uri for uri, *_ in found])
    listed = [(Pending(uri, name, lab, read), rfp) for (uri, name, _, read, rfp), lab in zip(found, labels)]
    return [p for p, rfp in listed if not rfp], [p for p, rfp in listed if rfp], failed


def publish(outcome: Outcome, out: str, version: str, s3=None) -> tuple[str, int]:
    """Write an outcome's files; returns (where, how many were new). On S3 a transient
    failure repeats the whole publish: every write is idempotent (put_once)."""
    if s3io.is_s3(out):
        s3 = s3 or s3io.client()
        return s3io.retrying(_publish_s3, outcome, out, version, s3, what=f"publishing {outcome.source.uri}")
    folder = Path(out) / outcome.source.label
    new = sum(write_once(folder / name, body) for name, body in outcome.files.items())
    return str(folder), new


def _publish_s3(outcome: Outcome, out: str, version: str, s3) -> tuple[str, int]:
    base = s3io.S3Uri.parse(out).join(outcome.source.sha256, set_name(outcome, version))
    if s3io.exists(s3, base.join("source.json")):
        return str(base), 0  # a complete set is there: this document was reviewed
    new = sum(
        s3io.put_once(s3, base.join(name), body, CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream"))
        for name, body in outcome.files.items()
    )
    # source.json last: its presence says the set is complete (a crash before it is re-run)
    new += s3io.put_once(s3, base.join("source.json"), source_record(outcome), CONTENT_TYPES[".json"])
    return str(base), new
