"""Where documents come from and where outputs go: local paths or S3 URIs.

Local outputs land in OUT/<input file name>/; S3 outputs under
<out prefix>/<document sha256>/<model and profile version>/, written once. S3 keys are
never turned into local paths."""

from __future__ import annotations

from pathlib import Path

from extractors.errors import CandorError
from flows.app import NOT_DOCUMENTS, expand, write_once
from infra import s3 as s3io
from pipeline.review import Outcome, Source, source_record

CONTENT_TYPES = {
    ".json": "application/json",
    ".html": "text/html; charset=utf-8",
    ".csv": "text/csv; charset=utf-8",
    ".pdf": "application/pdf",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def gather(inputs: list[str], limits, s3=None) -> tuple[list[Source], list[Outcome]]:
    """The documents named by files, folders, s3://bucket/key and s3://bucket/prefix/;
    those that cannot be read come back as failed outcomes."""
    sources, failed = [], []
    for item in inputs:
        if s3io.is_s3(item):
            s3 = s3 or s3io.client()
            uri = s3io.S3Uri.parse(item)
            objects = s3io.retrying(s3io.list_objects, s3, uri, what=str(uri)) if uri.key == "" or uri.key.endswith("/") else [s3io.S3Object(uri, "", 0)]
            for obj in objects:
                if Path(obj.name).suffix.lower() in NOT_DOCUMENTS:
                    continue
                try:
                    data = s3io.retrying(s3io.get_bytes, s3, obj.uri, limits.max_bytes, what=str(obj.uri))
                    sources.append(Source(data, str(obj.uri), obj.name))
                except CandorError as e:
                    failed.append(Outcome(Source(b"", str(obj.uri), obj.name), error=e))
            continue
        from extractors.parse import read_input

        for path in expand([Path(item)]):
            try:
                sources.append(Source(read_input(path, limits), path.resolve().as_uri(), path.name))
            except CandorError as e:
                failed.append(Outcome(Source(b"", str(path), path.name), error=e))
    return sources, failed


def publish(outcome: Outcome, out: str, version: str, s3=None) -> tuple[str, int]:
    """Write an outcome's files; returns (where, how many were new). On S3 a transient
    failure repeats the whole publish: every write is idempotent (put_once)."""
    if s3io.is_s3(out):
        s3 = s3 or s3io.client()
        return s3io.retrying(_publish_s3, outcome, out, version, s3, what=f"publishing {outcome.source.uri}")
    folder = Path(out) / outcome.source.name
    new = sum(write_once(folder / name, body) for name, body in outcome.files.items())
    return str(folder), new


def _publish_s3(outcome: Outcome, out: str, version: str, s3) -> tuple[str, int]:
    base = s3io.S3Uri.parse(out).join(outcome.source.sha256, version)
    if s3io.exists(s3, base.join("source.json")):
        return str(base), 0  # a complete set is there: this document was reviewed
    new = sum(
        s3io.put_once(s3, base.join(name), body, CONTENT_TYPES.get(Path(name).suffix, "application/octet-stream"))
        for name, body in outcome.files.items()
    )
    # source.json last: its presence says the set is complete (a crash before it is re-run)
    new += s3io.put_once(s3, base.join("source.json"), source_record(outcome), CONTENT_TYPES[".json"])
    return str(base), new
