"""Crash safety: a review killed with SIGKILL in the middle of publishing, then run
again, ends with exactly one complete set of outputs per document, nothing partial, and
the originals unchanged."""

import hashlib
import os
import signal
import subprocess
import sys
import time

import pytest

from tests.conftest import ROOT, new_bucket, s3_client
from tests.s3_batch import OUTPUTS, check_complete_sets, documents, etags, upload

CAPACITY = str(ROOT / "examples" / "capacity.yaml")


def start(args: list[str], env: dict) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "flows.cli", "review", *args], cwd=ROOT, env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)


def kill(proc: subprocess.Popen) -> None:
    os.killpg(proc.pid, signal.SIGKILL)  # the worker and its parsing children, no cleanup
    proc.wait(30)


def run(args: list[str], env: dict) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flows.cli", "review", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def s3(seaweed_server):
    client = s3_client(seaweed_server)
    new_bucket(client, "kill")
    return client


def out_keys(s3) -> list[str]:
    return [o["Key"] for o in s3.list_objects_v2(Bucket="kill", Prefix="out/").get("Contents", [])]


def test_killed_mid_publish_to_s3_then_rerun(seaweed_server, s3):
    docs = documents(12, seed=9)
    before = upload(s3, "kill", "inbox/", docs)
    env = {**os.environ, **seaweed_server.env()}
    # Faults slow each publish down (retries with backoff), so the kill lands while a set
    # is half written; that it did is checked below, not assumed.
    proc = start(["s3://kill/inbox/", "-c", CAPACITY, "-o", "s3://kill/out/"],
                 {**env, "CANDOR_S3_FAULT_RATE": "0.3", "CANDOR_S3_FAULT_SEED": "2"})
    deadline = time.monotonic() + 300
    partial = False
    while time.monotonic() < deadline and proc.poll() is None:
        keys = out_keys(s3)
        complete = sum(k.endswith("/source.json") for k in keys)
        partial = len(keys) > complete * len(OUTPUTS)
        if complete >= 1 and partial:
            break
        time.sleep(0.02)
    assert proc.poll() is None, "the run finished before it could be killed"
    kill(proc)
    assert partial, "the kill did not land mid-publish"
    keys = out_keys(s3)
    assert 0 < sum(k.endswith("/source.json") for k in keys) < len(docs)

    again = run(["s3://kill/inbox/", "-c", CAPACITY, "-o", "s3://kill/out/"], env)
    assert again.returncode == 0, again.stderr[-2000:]
    check_complete_sets(s3, "kill", "out/", docs)
    assert etags(s3, "kill", "inbox/") == before


def test_killed_mid_run_to_a_folder_then_rerun(tmp_path):
    inbox, out = tmp_path / "inbox", tmp_path / "out"
    inbox.mkdir()
    docs = documents(12, seed=10)
    for name, body in docs.items():
        (inbox / name).write_bytes(body)
    originals = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inbox.iterdir()}
    proc = start([str(inbox), "-c", CAPACITY, "-o", str(out)], dict(os.environ))
    deadline = time.monotonic() + 300
    while time.monotonic() < deadline and proc.poll() is None and len(list(out.glob("*/*"))) < 10:
        time.sleep(0.005)
    assert proc.poll() is None, "the run finished before it could be killed"
    kill(proc)
    assert 0 < len(list(out.glob("*/report.html"))) < len(docs)

    again = run([str(inbox), "-c", CAPACITY, "-o", str(out)], dict(os.environ))
    assert again.returncode == 0, again.stderr[-2000:]
    assert sorted(p.name for p in out.iterdir() if p.is_dir()) == sorted(docs)
    assert {p.name for p in out.iterdir() if p.is_file()} == {"matrix.xlsx", "matrix.csv", "report.html"}  # the package
    for folder in (p for p in out.iterdir() if p.is_dir()):
        assert {p.name for p in folder.iterdir()} == OUTPUTS - {"source.json"}, folder  # nothing partial, no .part
    now = {p.name: (hashlib.sha256(p.read_bytes()).hexdigest(), p.stat().st_mtime_ns) for p in inbox.iterdir()}
    assert now == originals
