"""The Prefect flows against a real S3 server on 127.0.0.1: a batch over an inbox with a
bad input in it (on a Dask cluster too), a single document, which runs end Failed and which
are tried again, the inbox watcher's memory, and the automation that marks silent runs
Crashed. Runs on Prefect's test harness (a local server, about 20 s to start, once per module)."""

import json
import os
import re
import subprocess
import time
import urllib.request

import pytest

from tests.conftest import BADINPUTS, CORPUS, ROOT, new_bucket, s3_client

GOOD = ["commonpaper_sla_v2.md", "accordproject_sla_schedule.txt"]
BAD = "pm_enc_rc4_40.pdf"
CAPACITY = str(ROOT / "examples" / "capacity.yaml")


@pytest.fixture(scope="module")
def prefect_env(seaweed_server):
    from prefect.testing.utilities import prefect_test_harness

    saved = {k: os.environ.get(k) for k in seaweed_server.env()}
    os.environ.update(seaweed_server.env())
    with prefect_test_harness(server_startup_timeout=120):
        yield
    for k, v in saved.items():
        if v is None:
            os.environ.pop(k, None)
        else:
            os.environ[k] = v


@pytest.fixture(scope="module")
def s3(seaweed_server, prefect_env):
    client = s3_client(seaweed_server)
    new_bucket(client, "flows")
    for name in GOOD:
        client.put_object(Bucket="flows", Key=f"inbox/{name}", Body=(CORPUS / name).read_bytes())
    client.put_object(Bucket="flows", Key=f"inbox/{BAD}", Body=(BADINPUTS / BAD).read_bytes())
    return client


def keys(s3, prefix):
    return sorted(o["Key"] for o in s3.list_objects_v2(Bucket="flows", Prefix=prefix).get("Contents", []))


def test_batch_reviews_each_document_and_reports_the_bad_one(s3):
    from flows.service import RunFailed, result_of, review_batch

    state = review_batch("s3://flows/inbox/", "s3://flows/out/", CAPACITY, return_state=True)
    assert state.is_failed() and state.message == f"1 of 3 documents failed: {BAD} (encrypted)", state.message
    result = result_of(state)  # the whole result, failures and all
    from flows.service import run_name

    names = {run_name(f"s3://flows/inbox/{n}") for n in GOOD + [BAD]}
    assert _task_run_names(state.state_details.flow_run_id) == names
    assert sorted(r["uri"].rsplit("/", 1)[-1] for r in result["reviewed"]) == sorted(GOOD), result
    assert [r["uri"].rsplit("/", 1)[-1] for r in result["failed"]] == [BAD]
    assert result["failed"][0]["error"].startswith("encrypted:")
    first = keys(s3, "out/")
    assert sum(k.endswith("/findings.json") for k in first) == 2
    with pytest.raises(RunFailed, match="1 of 3 documents failed") as failed:  # called plainly, a failed run raises
        review_batch("s3://flows/inbox/", "s3://flows/out/", CAPACITY)
    again = failed.value.result
    assert len(again["reviewed"]) == 2 and keys(s3, "out/") == first  # nothing new


def test_review_document_publishes_outputs_and_artifacts(s3):
    from prefect import get_client
    from prefect.artifacts import Artifact

    from flows.service import artifact_key, review_document

    uri = f"s3://flows/inbox/{GOOD[1]}"
    state = review_document(uri, "s3://flows/single/", CAPACITY, return_state=True)
    result = state.result()
    assert result["status"] == "reviewed" and result["findings"]["high"] >= 1
    assert any(k.endswith("/findings.json") for k in keys(s3, "single/"))
    with get_client(sync_client=True) as client:
        assert client.read_flow_run(state.state_details.flow_run_id).name.startswith(f"review {GOOD[1]} (")
    assert Artifact.get(artifact_key(uri)) is not None
    summary = Artifact.get(artifact_key(uri) + "-summary").data
    link = re.search(r"\[report\.html\]\((http://127\.0\.0\.1:\d+/flows/single/\S+?)\)", summary)
    assert link, summary
    with urllib.request.urlopen(link.group(1), timeout=10) as r:
        assert b"<html" in r.read(2000).lower()


def _task_run_names(flow_run_id) -> set[str]:
    """The names of a flow run's task runs (recorded from events, so a moment late)."""
    import time

    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterId

    names: set[str] = set()
    with get_client(sync_client=True) as client:
        for _ in range(40):
            runs = client.read_task_runs(flow_run_filter=FlowRunFilter(id=FlowRunFilterId(any_=[flow_run_id])))
            names = {r.name for r in runs}
            if len(names) >= len(GOOD) + 1:
                break
            time.sleep(0.5)
    return names


def test_a_run_is_named_after_its_document():
    from flows.service import run_name

    assert re.fullmatch(r"review Contract A\.pdf \([0-9a-f]{8}\)", run_name("s3://bids/inbox/2024/Contract A.pdf"))
    assert run_name("s3://bids/inbox/plain.docx") != run_name("s3://bids/2023/plain.docx")  # the key tells them apart


def test_artifact_keys_read_as_the_file_name_and_stay_apart():
    from flows.service import artifact_key

    key = artifact_key("s3://bids/inbox/Contract A (v2).pdf")
    assert re.fullmatch(r"review-contract-a-v2-pdf-[0-9a-f]{8}", key), key
    same_slug = artifact_key("s3://bids/inbox/contract-a-v2.pdf")
    other_folder = artifact_key("s3://bids/2023/Contract A (v2).pdf")
    assert len({key, same_slug, other_folder}) == 3
    assert artifact_key("s3://bids/inbox/Contract A (v2).pdf") == key  # a re-review adds a version to its key
    assert re.fullmatch(r"review-resume-cafe-[0-9a-f]{8}", artifact_key("s3://b/Résumé_Café"))
    assert re.fullmatch(r"review-document-[0-9a-f]{8}", artifact_key("s3://b/契約"))
    assert len(artifact_key("s3://b/" + "x" * 300 + ".pdf")) < 70


def test_a_refused_document_ends_its_run_failed_at_once_and_says_so_where_its_outputs_go(s3):
    from flows.service import result_of, review_document

    state = review_document(f"s3://flows/inbox/{BAD}", "s3://flows/refused/", CAPACITY, return_state=True)
    assert state.is_failed() and state.message.startswith("encrypted: "), state.message
    assert result_of(state)["status"] == "failed"
    assert _run_count(state) == 1  # not retried: the flow's retries are for the infrastructure
    [record] = keys(s3, "refused/")
    assert record == f"refused/{_sha(BADINPUTS / BAD)}/{_version()}/refused.json"


def test_a_run_that_fails_for_want_of_storage_is_run_again(s3, monkeypatch):
    from extractors.errors import Unavailable
    from flows import service

    calls = []

    def flaky(uri):
        calls.append(uri)
        if len(calls) == 1:
            raise Unavailable("S3: still failing after 4 tries")
        return service._fetch(uri)

    monkeypatch.setattr(service, "fetch", flaky)
    state = service.review_document.with_options(retry_delay_seconds=0)(
        f"s3://flows/inbox/{GOOD[0]}", "s3://flows/retried/", CAPACITY, return_state=True)
    assert state.is_completed() and state.result()["status"] == "reviewed"
    assert _run_count(state) == 2 and len(calls) == 2


def test_a_failed_runs_result_survives_pickling():
    import pickle

    from flows.service import RunFailed

    again = pickle.loads(pickle.dumps(RunFailed("1 of 2 documents failed", {"failed": [{"uri": "s3://b/x"}]})))
    assert str(again) == "1 of 2 documents failed" and again.result == {"failed": [{"uri": "s3://b/x"}]}


def _run_count(state) -> int:
    from prefect import get_client

    with get_client(sync_client=True) as client:
        return client.read_flow_run(state.state_details.flow_run_id).run_count


def _sha(path) -> str:
    import hashlib

    return hashlib.sha256(path.read_bytes()).hexdigest()


def _version() -> str:
    from checks.profile import load_profile
    from pipeline.review import output_version

    return output_version(load_profile(CAPACITY))


def test_watch_inbox_emits_each_object_until_its_outputs_exist(s3, monkeypatch):
    """The watcher's rule (tests/test_reconcile.py) against S3 and the Prefect API: sent
    on arrival, not again within the grace period or while a run of it is queued, again
    after it, never once its outputs exist."""
    from datetime import datetime, timedelta, timezone

    from prefect import get_client
    from prefect.states import Scheduled

    from flows.service import review_document, watch_inbox

    def watch():
        return sorted(u.rsplit("/", 1)[-1] for u in watch_inbox("s3://flows/inbox/", "s3://flows/state/seen.json",
                                                                  "s3://flows/watched/", CAPACITY))

    inbox = sorted(GOOD + [BAD])
    assert watch() == inbox
    assert watch() == []  # their runs have 15 minutes to publish
    s3.put_object(Bucket="flows", Key="inbox/new.md", Body=b"# New\n\nThe Contractor shall respond within 4 hours.\n")
    assert watch() == ["new.md"]
    s3.put_object(Bucket="flows", Key=f"watched/{_sha(CORPUS / GOOD[0])}/{_version()}/source.json", Body=b"{}")
    monkeypatch.setenv("CANDOR_RESUBMIT_AFTER_S", "1")
    with get_client(sync_client=True) as client:
        queued = client.create_flow_run(review_document, parameters={"uri": "s3://flows/inbox/new.md"},
                                        state=Scheduled(scheduled_time=datetime.now(timezone.utc) + timedelta(hours=1)))
        time.sleep(1.1)
        try:
            assert watch() == sorted(set(inbox) - {GOOD[0]})  # lost: sent again; new.md's run is still queued
        finally:
            client.delete_flow_run(queued.id)
    memory = json.loads(s3.get_object(Bucket="flows", Key="state/seen.json")["Body"].read())
    assert [t.split("@")[0] for t in memory["done"]] == [f"inbox/{GOOD[0]}"]
    time.sleep(1.1)
    assert watch() == sorted({"new.md", *inbox} - {GOOD[0]})  # the third and last try for the first ones
    time.sleep(1.1)
    assert watch() == ["new.md"]
    time.sleep(1.1)
    assert watch() == []
    memory = json.loads(s3.get_object(Bucket="flows", Key="state/seen.json")["Body"].read())
    assert len(memory["gave_up"]) == 3 and not memory["waiting"]


def test_a_run_whose_heartbeats_stop_is_marked_crashed(prefect_env):
    """prefect.yaml's automation, as `candor serve` creates it (with a shorter wait): a
    run that stops beating is Crashed; one that ended after its last beat is left alone."""
    import yaml
    from prefect import flow, get_client
    from prefect.events import emit_event
    from prefect.events.schemas.automations import AutomationCore
    from prefect.states import Completed, Running

    from flows.serve_cmd import ROOT as SERVE_ROOT

    @flow
    def silent():
        pass

    [spec] = yaml.safe_load((SERVE_ROOT / "prefect.yaml").read_text())["automations"]
    assert spec["trigger"]["within"] >= 3 * 60  # three heartbeats missed at serve's 60 s, at least
    spec["trigger"]["within"] = 10  # the least Prefect takes
    with get_client(sync_client=True) as client:
        automation = client.create_automation(AutomationCore.model_validate(spec))
        lost, ended = client.create_flow_run(silent), client.create_flow_run(silent)
        for run in (lost, ended):
            client.set_flow_run_state(run.id, Running(), force=True)
            emit_event("prefect.flow-run.heartbeat", resource={"prefect.resource.id": f"prefect.flow-run.{run.id}"})
        client.set_flow_run_state(ended.id, Completed(), force=True)
        try:
            for _ in range(120):
                if client.read_flow_run(lost.id).state.is_crashed():
                    break
                time.sleep(0.5)
            assert client.read_flow_run(lost.id).state.is_crashed()
            assert client.read_flow_run(ended.id).state.is_completed()
        finally:
            client.delete_automation(automation)


def test_a_batch_runs_on_a_plain_dask_cluster(s3, seaweed_server, tmp_path):
    """`dask scheduler` and one `dask worker` (with its nanny, so the worker process is a
    daemon): each document is parsed in a child process all the same."""
    from prefect.settings import PREFECT_API_URL

    from flows.service import result_of, review_batch
    from infra.seaweed import free_port

    address = f"tcp://127.0.0.1:{free_port()}"
    env = {**os.environ, **seaweed_server.env(), "PREFECT_API_URL": PREFECT_API_URL.value(), "PYTHONPATH": str(ROOT)}
    dask = str(ROOT / ".venv" / "bin" / "dask") if (ROOT / ".venv" / "bin" / "dask").exists() else "dask"
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    procs = [subprocess.Popen([dask, "scheduler", "--port", address.rsplit(":", 1)[1], *common], env=env, cwd=tmp_path,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs.append(subprocess.Popen([dask, "worker", address, "--nworkers", "1", "--nthreads", "2", "--nanny", *common],
                                  env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        uris = [f"s3://flows/inbox/{name}" for name in GOOD]
        state = review_batch(uris, "s3://flows/dask/", CAPACITY, dask=address, return_state=True)
        result = result_of(state)
        assert state.is_completed(), result["failed"]
        assert sorted(r["uri"] for r in result["reviewed"]) == sorted(uris)
        assert sum(k.endswith("/source.json") for k in keys(s3, "dask/")) == 2
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(30)


def test_a_reviewer_settles_high_findings_before_the_redline_is_written(s3):
    import json
    import threading
    import time

    from prefect import get_client
    from prefect.client.schemas.filters import FlowRunFilter, FlowRunFilterState, FlowRunFilterStateType
    from prefect.client.schemas.objects import StateType
    from prefect.flow_runs import resume_flow_run

    from flows.service import review_document

    result = {}
    run = threading.Thread(target=lambda: result.update(
        review_document(f"s3://flows/inbox/{GOOD[1]}", "s3://flows/asked/", CAPACITY, ask=True, wait_s=240)))
    run.start()
    paused = None
    with get_client(sync_client=True) as client:
        for _ in range(240):
            runs = client.read_flow_runs(flow_run_filter=FlowRunFilter(
                state=FlowRunFilterState(type=FlowRunFilterStateType(any_=[StateType.PAUSED]))))
            if runs:
                paused = runs[0]
                break
            time.sleep(0.5)
    assert paused is not None, "the run never paused for the reviewer"
    assert not keys(s3, "asked/")  # nothing is published before the decisions
    high = [f.id for f in _local_review(GOOD[1]) if f.severity.value == "high" and f.suggestion]
    assert high
    resume_flow_run(paused.id, run_input={"accept": high, "reject": [], "edits": {high[0]: "a reviewer's words"}})
    run.join(120)
    assert result["status"] == "reviewed" and "/decided-" in result["outputs"]
    written = keys(s3, "asked/")
    final = json.loads(s3.get_object(Bucket="flows", Key=next(k for k in written if k.endswith("findings.json")))["Body"].read())
    ids = {f["id"]: f for f in final["findings"]}
    assert ids[high[0]]["suggestion"]["text"] == "a reviewer's words"
    assert any(k.endswith("decisions.json") for k in written)


def _local_review(name):
    """The same review without Prefect: the ids the paused run is asking about."""
    from checks.profile import load_profile
    from flows.extract_cmd import load_extractor
    from pipeline.review import Source, review
    from schemas import Limits

    run = load_extractor(baseline=False)
    [outcome] = review([Source((CORPUS / name).read_bytes(), name, name)], load_profile(CAPACITY),
                       lambda d: run(d), Limits(), isolate=False)
    return outcome.findings


def test_rejected_suggestions_leave_the_redline():
    from pipeline.decisions import Decisions, apply
    from pipeline.review import Outcome, Source

    findings = _local_review("software_dev_qasp_aql.pdf")
    high = [f.id for f in findings if f.severity.value == "high" and f.suggestion]
    assert len(high) >= 2
    from extractors.parse import parse_path

    doc = parse_path(CORPUS / "software_dev_qasp_aql.pdf")
    outcome = Outcome(Source((CORPUS / "software_dev_qasp_aql.pdf").read_bytes(), "x", doc.source.name), doc, [], findings)
    decided = apply(outcome, Decisions(accept=high[1:], reject=high[:1], edits={high[1]: "edited"}))
    ids = {f.id: f for f in decided.findings}
    assert high[0] not in ids and ids[high[1]].suggestion.text == "edited"
    assert {"decisions.json", "redline.docx", "annotated.pdf"} <= set(decided.files)


def test_batch_of_50_with_a_fifth_of_s3_calls_failing(s3, monkeypatch):
    """The Prefect batch with faults injected and botocore allowed only 3 tries per call,
    so that failures also reach the retries above it (publish, then the task)."""
    from flows.service import review_batch
    from infra import faults
    from tests.s3_batch import check_complete_sets, documents, etags, upload

    docs = documents(50, seed=21)
    before = upload(s3, "flows", "faulty/", docs)
    monkeypatch.setenv("CANDOR_S3_FAULT_RATE", "0.2")
    monkeypatch.setenv("CANDOR_S3_FAULT_SEED", "4")
    monkeypatch.setenv("CANDOR_S3_MAX_ATTEMPTS", "3")
    monkeypatch.setattr(faults, "_ACTIVE", None)
    result = review_batch("s3://flows/faulty/", "s3://flows/faulty-out/", CAPACITY)
    injected = faults._ACTIVE
    assert not result["failed"], result["failed"]
    assert len(result["reviewed"]) == 50
    assert injected.calls > 50 * 8 and 0.15 < sum(injected.injected.values()) / injected.calls < 0.25, injected.summary()
    assert all(injected.injected[k] for k in faults.KINDS), injected.summary()
    check_complete_sets(s3, "flows", "faulty-out/", docs)
    assert etags(s3, "flows", "faulty/") == before
