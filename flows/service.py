"""Prefect flows over the same stages as `candor review` (pipeline.review): thin tasks,
retries only where there is I/O.

- review_document: fetch, review (parse, extract, check, render), publish, artifacts. A
  refused document ends the run Failed with its code; other failures run it again.
- review_batch: one review per document under a prefix or in a list; a failure is
  recorded, never fatal to the batch, and ends the batch Failed; on a Dask cluster when
  given its scheduler's address.
- watch_inbox: lists an inbox prefix and emits `candor.document.arrived` per new object,
  and again for one whose review was lost (flows/reconcile.py); prefect.yaml's trigger
  turns each into a review_document run.
"""

from __future__ import annotations

import functools
import hashlib
import multiprocessing
import re
import time
import unicodedata
from pathlib import Path

from prefect import flow, get_run_logger, task
from prefect.artifacts import create_markdown_artifact, create_table_artifact
from prefect.flow_runs import pause_flow_run
from prefect.input import RunInput
from prefect.states import Failed

from extractors.errors import CandorError, Unavailable
from flows.reconcile import Seen, Waiting, finished_on, reconcile, record_refusal
from infra import s3 as s3io
from pipeline.review import Outcome, Source, output_version


def worth_retrying(task, task_run, state) -> bool:
    """Prefect's retry condition: S3 or network trouble is tried again; a conflict, a
    refused document or a bug fails at once (retrying cannot change it)."""
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
    """What a run is called in the Prefect UI: the document's file name and 8 hex digits of
    its URI's sha256, so two files of one name in two folders stay apart."""
    return f"review {uri.rsplit('/', 1)[-1]} ({hashlib.sha256(uri.encode()).hexdigest()[:8]})"


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


@flow(name="review_document", flow_run_name=_flow_run_name, log_prints=True, retries=2, retry_delay_seconds=60)
def review_document(uri: str, out: str, capacity: str, ask: bool = False, wait_s: int = 86400,
                    rfps: list[str] | None = None) -> dict:
    """Review one S3 object and publish its outputs under `out` (write-once). With `ask`,
    a run with high-severity findings pauses for a reviewer to accept, reject or edit each
    suggestion in the Prefect UI; on resume the redline carries only the accepted edits.
    With `rfps` (S3 URIs of the solicitation it answers), it is also checked against
    them, as `candor review URI --rfp RFP` does, and published as the same set.

    A document refused for what it is (encrypted, needs_ocr, too_large ...) ends the run
    Failed at once, its code in the message and the result in the state; refused.json
    where its outputs would be says so to the inbox watcher. Anything else (storage down
    past the tasks' retries, a lost connection) runs it again, twice, a minute apart."""
    try:
        return _review_document(uri, out, capacity, ask, wait_s, rfps)
    except Exception as e:
        if isinstance(e, CandorError) and not isinstance(e, Unavailable):
            _no_retries()  # a conflict, or a refused original or RFP: another run would end the same
        raise


def _review_document(uri: str, out: str, capacity: str, ask: bool, wait_s: int, rfps: list[str] | None):
    from pipeline import decisions as d

    outcome = review(fetch(uri), capacity, [fetch(r) for r in rfps or []])
    version = output_version(_profile(capacity))
    if isinstance(outcome.error, Unavailable):
        raise outcome.error
    if not outcome.ok:
        get_run_logger().warning("%s: %s", uri, outcome.error)
        if not rfps:  # alone, the refusal is the document's own (with RFPs it may be theirs)
            s3io.retrying(record_refusal, s3io.client(), out, outcome.source.sha256, version, outcome.error,
                          what=f"recording the refusal of {uri}")
        _no_retries()
        result = _failed(uri, outcome)
        return _ended_failed(result["error"], result)
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


class RunFailed(Exception):
    """What a review run that ended Failed holds: its message, and in `result` the dict a
    completed run returns (Prefect raises a failed state's data, so it is an exception)."""

    def __init__(self, message: str, result: dict):
        super().__init__(message)
        self.result = result

    def __reduce__(self):
        return type(self), (str(self), self.result)


def _ended_failed(message: str, result: dict):
    return Failed(message=message, data=RunFailed(message, result))


def result_of(state) -> dict:
    """A review run's result dict (review_document, review_batch), Completed or Failed."""
    value = state.result(raise_on_failure=False)
    return value.result if isinstance(value, RunFailed) else value


def _no_retries() -> None:
    """Make this run's failure final: the server retries a flow run whatever failed it
    (`retries` has no condition), so a refused document would be refused three times."""
    from prefect import get_client
    from prefect.context import FlowRunContext

    run_id = FlowRunContext.get().flow_run.id
    with get_client(sync_client=True) as client:
        policy = client.read_flow_run(run_id).empirical_policy
        client.update_flow_run(run_id, empirical_policy=policy.model_copy(update={"retries": 0}))


@task(task_run_name=_task_run_name, **RETRIES)
def review_task(uri: str, out: str, capacity: str) -> dict:
    """A mapped review: a refused input is a result; an I/O error is retried, then recorded
    by the batch."""
    _may_fork()
    return _plain_review(uri, out, capacity)


def _may_fork() -> None:
    """Let this process start children: each document is parsed in one, and a process a
    Dask nanny started is a daemon, which multiprocessing forbids to have children. Set
    here, where the task runs, since a worker started by `dask worker` never sees the
    client's settings."""
    multiprocessing.current_process()._config["daemon"] = False


def _plain_review(uri: str, out: str, capacity: str) -> dict:
    """The same stages as plain calls: a mapped task runs no nested tasks."""
    outcome = _review(_fetch(uri), capacity)
    if not outcome.ok:
        return _failed(uri, outcome)
    return _summary(outcome, _publish(outcome, out, output_version(_profile(capacity))))


@flow(name="review_batch", log_prints=True)
def review_batch(inputs: list[str] | str, out: str, capacity: str, dask: str | None = None) -> dict:
    """Every document under a prefix (or in a list), each reviewed on its own, on the Dask
    cluster whose scheduler is at `dask` (tcp://host:8786) when given. The result says
    which finished and which failed, and why; a batch with failures ends Failed, the
    result still in its state."""
    from prefect.utilities.annotations import unmapped

    uris = _uris(inputs)
    if dask:
        with dask_runner(address=dask) as runner:
            results = _results(uris, runner.map(review_task, {"uri": uris, "out": unmapped(out), "capacity": unmapped(capacity)}))
    else:
        results = _results(uris, review_task.map(uris, out=out, capacity=capacity))
    done = [r for r in results if r["status"] == "reviewed"]
    failed = [r for r in results if r["status"] == "failed"]
    create_table_artifact(results and [{k: str(v) for k, v in r.items()} for r in results] or [{"uri": "", "status": "empty"}],
                          key="review-batch", description=f"{len(done)} reviewed, {len(failed)} failed")
    result = {"reviewed": done, "failed": failed}
    if failed:
        names = ", ".join(f"{r['uri'].rsplit('/', 1)[-1]} ({r['error'].split(':', 1)[0]})" for r in failed[:5])
        return _ended_failed(f"{len(failed)} of {len(results)} documents failed: {names}" + (" ..." if len(failed) > 5 else ""),
                             result)
    return result


def _results(uris: list[str], futures) -> list[dict]:
    results = []
    for uri, future in zip(uris, futures):
        result = future.result(raise_on_failure=False)
        if isinstance(result, BaseException):  # one failure never sinks the batch
            result = {"uri": uri, "status": "failed", "error": f"{type(result).__name__}: {result}"}
        results.append(result)
    return results


def dask_runner(**kwargs):
    """A DaskTaskRunner: `address` of a running scheduler, or `cluster_kwargs` for a local
    cluster (review_task makes its process able to fork, whoever started it)."""
    from prefect_dask import DaskTaskRunner

    return DaskTaskRunner(**kwargs)


def _uris(inputs: list[str] | str) -> list[str]:
    from flows.app import NOT_DOCUMENTS

    if isinstance(inputs, list):
        return inputs
    prefix = s3io.S3Uri.parse(inputs)
    listed = s3io.retrying(s3io.list_objects, s3io.client(), prefix, what=inputs)
    return [str(o.uri) for o in listed if Path(o.name).suffix.lower() not in NOT_DOCUMENTS]


@flow(name="watch_inbox")
def watch_inbox(inbox: str, state: str, out: str, capacity: str) -> list[str]:
    """Emit `candor.document.arrived` for each object under `inbox` without outputs under
    `out`: when it arrives (a changed object is a new document), and again when its review
    was lost (flows/reconcile.py: CANDOR_RESUBMIT_AFTER_S, CANDOR_RESUBMIT_TRIES). The
    watcher's memory is JSON at the S3 URI `state`. Returns the URIs emitted."""
    from prefect.events import emit_event

    from flows.app import NOT_DOCUMENTS
    from infra.settings import Settings

    settings, s3 = Settings(), s3io.client()
    state_uri = s3io.S3Uri.parse(state)
    try:
        before = s3io.get_bytes(s3, state_uri)
    except s3io.NotFound:
        before = b""
    seen = Seen.loads(before) if before else Seen()
    listed = s3io.retrying(s3io.list_objects, s3, s3io.S3Uri.parse(inbox), what=inbox)
    objects = {f"{o.uri.key}@{o.etag}": o for o in listed if Path(o.name).suffix.lower() not in NOT_DOCUMENTS}
    for tag, obj in objects.items():
        if tag not in seen.done | seen.gave_up | seen.waiting.keys():  # new: its sha256 says where its outputs go
            sha256 = s3io.retrying(s3io.sha256_of, s3, obj.uri, what=str(obj.uri)) if obj.size <= settings.max_bytes else None
            seen.waiting[tag] = Waiting(sha256)
    finished = finished_on(s3, out, output_version(_profile(capacity)))
    live = _live_reviews() if seen.waiting else set()
    after, send = reconcile(seen, {t: str(o.uri) for t, o in objects.items()}, finished, live, time.time(),
                            settings.resubmit_after_s, settings.resubmit_tries)
    for tag in send:
        obj = objects[tag]
        emit_event("candor.document.arrived", resource={"prefect.resource.id": f"s3.{obj.uri.bucket}.{obj.uri.key}"},
                   payload={"uri": str(obj.uri), "etag": obj.etag})
    for tag in sorted(after.gave_up - seen.gave_up):
        get_run_logger().warning("%s: no outputs after %d tries; given up", objects[tag].uri, settings.resubmit_tries)
    if after.dumps() != before:  # state is the one object rewritten in place: it is ours, not an output
        s3.put_object(Bucket=state_uri.bucket, Key=state_uri.key, Body=after.dumps())
    return [str(objects[t].uri) for t in send]


def _live_reviews() -> set[str]:
    """The documents (URIs) of review_document runs not ended: queued behind others,
    running, paused or waiting to retry. A slow queue is not a lost run."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.client.schemas.objects import StateType

    live = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[
        StateType.SCHEDULED, StateType.PENDING, StateType.RUNNING, StateType.PAUSED, StateType.CANCELLING])))
    flows, uris, page = FlowFilter(name=FlowFilterName(any_=["review_document"])), set(), 200
    with get_client(sync_client=True) as client:
        for offset in range(0, 1_000_000, page):
            runs = client.read_flow_runs(flow_filter=flows, flow_run_filter=live, limit=page, offset=offset)
            uris |= {r.parameters.get("uri") for r in runs}
            if len(runs) < page:
                break
    return uris
