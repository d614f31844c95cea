"""Prefect flows over the same stages as `candor review` (pipeline.review): thin tasks,
retries only where there is I/O.

- review_document: fetch, review (parse, extract, check, render), publish, artifacts.
- review_batch: one review per document under a prefix or in a list; a failure is
  recorded, never fatal to the batch; on a Dask cluster when given its address.
- watch_inbox: lists an inbox prefix, remembers key@ETag in S3, emits one
  `candor.document.arrived` event per new object; prefect.yaml's trigger turns each into a
  review_document run.
"""

from __future__ import annotations

import functools
import hashlib
import json
import re
import unicodedata
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput

from infra import s3 as s3io
from pipeline.review import Outcome, Source, output_version


def worth_retrying(task, task_run, state) -> bool:
    """Prefect's retry condition: S3 or network trouble is tried again; a conflict, a
    refused document or a bug fails at once (retrying cannot change it)."""
    from extractors.errors import Unavailable

    error = state.data if isinstance(state.data, BaseException) else None
    return error is None or isinstance(error, Unavailable) or s3io.is_transient(error)


# Network and S3 hiccups only.
RETRIES = dict(retries=3, retry_delay_seconds=[2, 10, 30], retry_condition_fn=worth_retrying)


@functools.lru_cache(maxsize=1)
def _extract():
    """The model, loaded once per worker process, not per document (picklable: a stuck
    child is retried in a fresh interpreter)."""
    from flows.extract_cmd import load_extractor

    return load_extractor(baseline=False)


@functools.lru_cache(maxsize=4)
def _profile(path: str):
    from checks.profile import load_profile

    return load_profile(Path(path))


def _fetch(uri: str) -> Source:
    from flows.labels import label
    from infra.settings import Settings

    u = s3io.S3Uri.parse(uri)
    data = s3io.retrying(s3io.get_bytes, s3io.client(), u, Settings().limits().max_bytes, what=uri)
    name = u.key.rsplit("/", 1)[-1]
    return Source(data, uri, name, label([name], uri))  # labelled as `candor review` labels it: the same set


def _review(source: Source, capacity: str, rfps: list[Source] = ()) -> Outcome:
    """The document's review; with `rfps`, also checked against them (their own reviews
    are their own runs': only this document's outcome comes back)."""
    from infra.settings import Settings
    from pipeline.review import output_version
    from pipeline.review import review as run_review

    profile = _profile(capacity)
    outcome = run_review([source], profile, _extract(), Settings().limits(), rfps=rfps,
                         version=output_version(profile))[-1]
    for note in outcome.notes:
        get_run_logger().warning("%s: %s", source.name, note)
    return outcome


def _publish(outcome: Outcome, out: str, version: str) -> str:
    from flows.io import publish as write

    return write(outcome, out, version)[0]


# The same three stages as tasks: retries on the two that do I/O.
fetch = task(_fetch, name="fetch", **RETRIES)
review = task(_review, name="review")
publish = task(_publish, name="publish", **RETRIES)


def _failed(uri: str, outcome: Outcome) -> dict:
    return {"uri": uri, "status": "failed", "error": f"{outcome.error.code.value}: {outcome.error.message}"}


def _summary(outcome: Outcome, where: str) -> dict:
    counts = {s: sum(f.severity.value == s and not f.needs_look for f in outcome.findings) for s in ("high", "medium", "low")}
    counts["needs_look"] = sum(f.needs_look for f in outcome.findings)
    return {"uri": outcome.source.uri, "status": "reviewed", "outputs": where, "findings": counts}


def run_name(uri: str) -> str:
    """What a run is called in the Prefect UI: the document's file name, not its URI."""
    return "review " + uri.rsplit("/", 1)[-1]


def _flow_run_name() -> str:
    from prefect.runtime import flow_run

    return run_name(flow_run.parameters["uri"])


def _task_run_name(parameters: dict) -> str:
    return run_name(parameters["uri"])


def artifact_key(uri: str) -> str:
    """A Prefect artifact key (lowercase letters, digits, dashes) a person can read: the
    file name slugged, then 8 hex digits of the URI's sha256, so that two names with one
    slug ("Contract A.pdf", "contract-a.pdf"), or one name in two folders, stay apart
    while a document reviewed again adds a version to its own key."""
    name = unicodedata.normalize("NFKD", uri.rsplit("/", 1)[-1]).encode("ascii", "ignore").decode()
    slug = re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")[:48].strip("-") or "document"
    return f"review-{slug}-{hashlib.sha256(uri.encode()).hexdigest()[:8]}"


def _artifacts(outcome: Outcome, where: str) -> None:
    """What a bid team reads in the Prefect UI: the flagged commitments and a summary."""
    key = artifact_key(outcome.source.uri)
    rows = [
        {"severity": "needs a look" if f.needs_look else f.severity.value, "type": f.type.value, "page": next((c.page for c in f.commitments if c.page), None),
         "commitment": (f.commitments[0].text[:160] if f.commitments else ""), "why": f.rationale,
         "suggestion": f.suggestion.text if f.suggestion else ""}
        for f in outcome.findings
    ]
    create_table_artifact(rows, key=key, description=f"Flagged commitments in {outcome.source.name}")
    high = [f for f in outcome.findings if f.severity.value == "high"]
    looks = sum(f.needs_look for f in outcome.findings)
    lines = [f"# {outcome.source.name}", "", f"{len(outcome.commitments)} commitments, {len(outcome.findings) - looks} findings "
             f"({len(high)} high), {looks} to look at.", "", f"Outputs: `{where}/`"]
    if s3io.is_s3(where) and "report.html" in outcome.files:  # s3:// opens nothing in a browser; this does
        report = s3io.link(s3io.client(), s3io.S3Uri.parse(where).join("report.html"))
        lines += ["", f"Report: [report.html]({report}) (the link works for 7 days)"]
    lines += [""] + [f"- **{f.type.value}**: {f.rationale}" for f in high[:20]]
    create_markdown_artifact("\n".join(lines), key=key + "-summary", description="Review summary")


class ReviewerDecisions(RunInput):
    """The form a reviewer fills in the Prefect UI: the ids of the high findings to keep,
    to reject, and suggestion texts to use instead."""

    accept: list[str] = []
    reject: list[str] = []
    edits: dict[str, str] = {}


@flow(name="review_document", flow_run_name=_flow_run_name, log_prints=True)
def review_document(uri: str, out: str, capacity: str, ask: bool = False, wait_s: int = 86400,
                    rfps: list[str] | None = None) -> dict:
    """Review one S3 object and publish its outputs under `out` (write-once). With `ask`,
    a run with high-severity findings pauses for a reviewer to accept, reject or edit each
    suggestion in the Prefect UI; on resume the redline carries only the accepted edits.
    With `rfps` (S3 URIs of the solicitation it answers), it is also checked against
    them, as `candor review URI --rfp RFP` does, and published as the same set."""
    from pipeline import decisions as d

    outcome = review(fetch(uri), capacity, [fetch(r) for r in rfps or []])
    if not outcome.ok:
        get_run_logger().warning("%s: %s", uri, outcome.error)
        return _failed(uri, outcome)
    version = output_version(_profile(capacity))
    high = d.awaiting(outcome) if ask else []
    if high:
        listing = "\n".join(f"- `{f.id}` {f.type.value}: {f.rationale}\n  suggested: {f.suggestion.text}" for f in high)
        form = ReviewerDecisions.with_initial_data(
            description=f"{outcome.source.name}: {len(high)} high findings. Keep, reject or edit each suggestion.\n\n{listing}",
            accept=[f.id for f in high])
        answer = pause_flow_run(wait_for_input=form, timeout=wait_s)
        decisions = d.Decisions(accept=answer.accept, reject=answer.reject, edits=answer.edits)
        outcome = d.apply(outcome, decisions)
        version = f"{version}/decided-{decisions.key()}"
    where = publish(outcome, out, version)
    _artifacts(outcome, where)
    return _summary(outcome, where)


@task(task_run_name=_task_run_name, **RETRIES)
def review_task(uri: str, out: str, capacity: str) -> dict:
    """A mapped review: a refused input is a result; an I/O error is retried, then recorded
    by the batch."""
    return _plain_review(uri, out, capacity)


def _plain_review(uri: str, out: str, capacity: str) -> dict:
    """The same stages as plain calls: a mapped task runs no nested tasks."""
    outcome = _review(_fetch(uri), capacity)
    if not outcome.ok:
        return _failed(uri, outcome)
    return _summary(outcome, _publish(outcome, out, output_version(_profile(capacity))))


@flow(name="review_batch", log_prints=True)
def review_batch(inputs: list[str] | str, out: str, capacity: str) -> dict:
    """Every document under a prefix (or in a list), each reviewed on its own; the result
    says which finished and which failed, and why."""
    uris = _uris(inputs)
    futures = review_task.map(uris, out=out, capacity=capacity)
    results = []
    for uri, future in zip(uris, futures):
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):  # one failure never sinks the batch
            result = {"uri": uri, "status": "failed", "error": f"{type(result).__name__}: {result}"}
        results.append(result)
    done = [r for r in results if r["status"] == "reviewed"]
    failed = [r for r in results if r["status"] == "failed"]
    create_table_artifact(results and [{k: str(v) for k, v in r.items()} for r in results] or [{"uri": "", "status": "empty"}],
                          key="review-batch", description=f"{len(done)} reviewed, {len(failed)} failed")
    return {"reviewed": done, "failed": failed}


def review_batch_on(address: str | None):
    """review_batch, on the Dask cluster at `address` when one is given."""
    if not address:
        return review_batch
    return review_batch.with_options(task_runner=dask_runner(address=address))


def dask_runner(**kwargs):
    """A DaskTaskRunner whose worker processes may fork: each document is parsed in a
    child process with limits, and Dask's workers are daemons unless told otherwise."""
    import dask
    from prefect_dask import DaskTaskRunner

    dask.config.set({"distributed.worker.daemon": False})
    return DaskTaskRunner(**kwargs)


def _uris(inputs: list[str] | str) -> list[str]:
    from flows.app import NOT_DOCUMENTS

    if isinstance(inputs, list):
        return inputs
    prefix = s3io.S3Uri.parse(inputs)
    listed = s3io.retrying(s3io.list_objects, s3io.client(), prefix, what=inputs)
    return [str(o.uri) for o in listed if Path(o.name).suffix.lower() not in NOT_DOCUMENTS]


@flow(name="watch_inbox")
def watch_inbox(inbox: str, state: str) -> list[str]:
    """Emit `candor.document.arrived` for each object under `inbox` not seen before (by key
    and ETag, kept as JSON at the S3 URI `state`). A changed object is a new document."""
    from prefect.events import emit_event

    s3 = s3io.client()
    state_uri = s3io.S3Uri.parse(state)
    try:
        seen = set(json.loads(s3io.get_bytes(s3, state_uri)))
    except s3io.NotFound:
        seen = set()
    new = []
    for obj in s3io.list_objects(s3, s3io.S3Uri.parse(inbox)):
        tag = f"{obj.uri.key}@{obj.etag}"
        if tag in seen or Path(obj.name).suffix.lower() in {".json", ".yaml", ".yml"}:
            continue
        emit_event("candor.document.arrived", resource={"prefect.resource.id": f"s3.{obj.uri.bucket}.{obj.uri.key}"},
                   payload={"uri": str(obj.uri), "etag": obj.etag})
        seen.add(tag)
        new.append(str(obj.uri))
    if new:  # state is the one object rewritten in place: it is ours, not an output
        s3.put_object(Bucket=state_uri.bucket, Key=state_uri.key, Body=json.dumps(sorted(seen)).encode())
    return new
