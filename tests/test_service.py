"""The Prefect flows against a real S3 server on 127.0.0.1: a batch over an inbox with a
bad input in it, a single document, and the inbox watcher's memory. Runs on Prefect's
test harness (a local server, about 20 s to start, once per module)."""

import os

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
    from flows.service import review_batch

    result = review_batch("s3://flows/inbox/", "s3://flows/out/", CAPACITY)
    assert sorted(r["uri"].rsplit("/", 1)[-1] for r in result["reviewed"]) == sorted(GOOD)
    assert [r["uri"].rsplit("/", 1)[-1] for r in result["failed"]] == [BAD]
    assert result["failed"][0]["error"].startswith("encrypted:")
    first = keys(s3, "out/")
    assert sum(k.endswith("/findings.json") for k in first) == 2
    again = review_batch("s3://flows/inbox/", "s3://flows/out/", CAPACITY)
    assert len(again["reviewed"]) == 2 and keys(s3, "out/") == first  # nothing new


def test_review_document_publishes_outputs_and_artifacts(s3):
    from prefect.artifacts import Artifact

    from flows.service import review_document

    result = review_document(f"s3://flows/inbox/{GOOD[1]}", "s3://flows/single/", CAPACITY)
    assert result["status"] == "reviewed" and result["findings"]["high"] >= 1
    assert any(k.endswith("/findings.json") for k in keys(s3, "single/"))
    sha = result["outputs"].split("/")[4]
    assert Artifact.get("review-" + sha[:12]) is not None


def test_watch_inbox_emits_each_new_object_once(s3):
    from flows.service import watch_inbox

    first = watch_inbox("s3://flows/inbox/", "s3://flows/state/seen.json")
    assert sorted(u.rsplit("/", 1)[-1] for u in first) == sorted(GOOD + [BAD])
    assert watch_inbox("s3://flows/inbox/", "s3://flows/state/seen.json") == []
    s3.put_object(Bucket="flows", Key="inbox/new.md", Body=b"# New\\n\\nThe Contractor shall respond within 4 hours.\\n")
    assert watch_inbox("s3://flows/inbox/", "s3://flows/state/seen.json") == ["s3://flows/inbox/new.md"]
