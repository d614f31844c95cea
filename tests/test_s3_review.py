"""The service path against a real S3 server on 127.0.0.1 (SeaweedFS `weed mini`):
documents in an inbox prefix are reviewed once, outputs are written once under
<prefix>/<sha256>/<version>/, originals are only read, a bad input fails alone."""

import os
import subprocess
import sys

import pytest

from extractors.errors import Conflict
from infra import s3 as s3io
from tests.conftest import BADINPUTS, CORPUS, ROOT, new_bucket, s3_client

GOOD = ["commonpaper_sla_v2.md", "accordproject_sla_schedule.txt"]
BAD = "pm_enc_rc4_40.pdf"  # encrypted: refused


@pytest.fixture(scope="module")
def server(seaweed_server):
    return seaweed_server


@pytest.fixture(scope="module")
def s3(server):
    client = s3_client(server)
    new_bucket(client, "bids")
    return client


def candor(server, *args):
    env = {**os.environ, **server.env()}
    return subprocess.run([sys.executable, "-m", "flows.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          timeout=300, env=env)


def outputs(s3) -> dict[str, str]:
    return {o["Key"]: o["VersionId"] for o in s3.list_object_versions(Bucket="bids", Prefix="candor/").get("Versions", [])}


def test_put_once_writes_once_and_refuses_different_bytes(s3):
    uri = s3io.S3Uri("bids", "scratch/once.json")
    assert s3io.put_once(s3, uri, b'{"a": 1}') is True
    assert s3io.put_once(s3, uri, b'{"a": 1}') is False  # a retry of the same write: done
    with pytest.raises(Conflict):
        s3io.put_once(s3, uri, b'{"a": 2}')
    assert s3.get_object(Bucket="bids", Key="scratch/once.json")["Body"].read() == b'{"a": 1}'


def test_inbox_reviewed_once_originals_untouched_bad_input_alone(server, s3):
    for name in GOOD:
        s3.put_object(Bucket="bids", Key=f"inbox/{name}", Body=(CORPUS / name).read_bytes())
    s3.put_object(Bucket="bids", Key=f"inbox/{BAD}", Body=(BADINPUTS / BAD).read_bytes())
    before = {o.uri.key: (o.etag, s3io.head(s3, o.uri).version) for o in s3io.list_objects(s3, s3io.S3Uri("bids", "inbox/"))}

    first = candor(server, "review", "s3://bids/inbox/", "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", "s3://bids/candor/")
    assert first.returncode == 1, first.stderr  # the bad input is reported ...
    assert "candor: error: encrypted:" in first.stderr and BAD in first.stderr
    written = outputs(s3)
    for name in GOOD:  # ... and the other two finish
        sha = s3io.hashlib.sha256((CORPUS / name).read_bytes()).hexdigest()
        mine = [k for k in written if k.startswith(f"candor/{sha}/")]
        assert {k.rsplit("/", 1)[-1] for k in mine} >= {"commitments.json", "findings.json", "source.json"}, mine
    assert not any(BAD in k for k in written)

    after = {o.uri.key: (o.etag, s3io.head(s3, o.uri).version) for o in s3io.list_objects(s3, s3io.S3Uri("bids", "inbox/"))}
    assert after == before
    versions = s3.list_object_versions(Bucket="bids", Prefix="inbox/")["Versions"]
    assert len(versions) == len(before)  # nothing wrote over an original

    second = candor(server, "review", "s3://bids/inbox/", "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", "s3://bids/candor/")
    assert second.returncode == 1
    assert outputs(s3) == written  # a second run writes nothing new


def test_a_conflict_fails_that_document_alone(server, s3):
    """Different bytes already at one document's output path: that document fails as a
    conflict, with nothing overwritten, and the run goes on to the others."""
    from checks.profile import load_profile
    from pipeline.review import output_version

    names = ["commonpaper_sla_v2.md", "18f_fedramp_dashboard_qasp.md"]
    for name in names:
        s3.put_object(Bucket="bids", Key=f"clash/{name}", Body=(CORPUS / name).read_bytes())
    sha = s3io.hashlib.sha256((CORPUS / names[0]).read_bytes()).hexdigest()
    version = output_version(load_profile(ROOT / "examples" / "capacity.yaml"))
    squatter = f"clash-out/{sha}/{version}/commitments.json"
    s3.put_object(Bucket="bids", Key=squatter, Body=b'{"not": "ours"}')

    run = candor(server, "review", "s3://bids/clash/", "-c", str(ROOT / "examples" / "capacity.yaml"), "-o", "s3://bids/clash-out/")
    assert run.returncode == 1 and "candor: error: conflict:" in run.stderr and names[0] in run.stderr, run.stderr
    assert "Traceback" not in run.stderr and "internal" not in run.stderr
    assert s3.get_object(Bucket="bids", Key=squatter)["Body"].read() == b'{"not": "ours"}'
    other = s3io.hashlib.sha256((CORPUS / names[1]).read_bytes()).hexdigest()
    assert s3io.exists(s3, s3io.S3Uri("bids", f"clash-out/{other}/{version}/source.json"))
