"""`candor serve --once`: the README's service path end to end (S3, Prefect server, work
pool limit, automations, deployments, worker, one batch), and nothing left running
afterwards; the command line and the links it prints."""

import re
import subprocess
import sys
import urllib.request

import pytest
from typer.testing import CliRunner

from infra.seaweed import free_port
from tests.conftest import CORPUS, ROOT, new_bucket

DOCS = ["commonpaper_sla_v2.md", "accordproject_sla_schedule.txt"]


@pytest.mark.slow
def test_serve_once_reviews_both_uploads_and_stops_everything(tmp_path):
    home = tmp_path / "service"
    s3_port = free_port()
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", "--home", str(home), "--port", str(free_port()),
         "--s3-port", str(s3_port), "--concurrency", "3", "--upload", *(str(CORPUS / d) for d in DOCS), "--once", "--no-keep-ui"],
        capture_output=True, text=True, cwd=ROOT, timeout=400,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Prefect UI: http://127.0.0.1:" in run.stderr
    assert "Work pool candor: at most 3 runs at once (--concurrency); automations: candor-crash-silent-runs" in run.stderr
    for name in DOCS:
        assert f"uploaded s3://candor/inbox/{name}" in run.stderr
        assert re.search(rf"  {re.escape(name)}: s3://candor/candor/\S+/report\.html\n"
                         rf"    http://127\.0\.0\.1:{s3_port}/candor/candor/\S+/report\.html\?X-Amz-", run.stderr), run.stderr[-2000:]
    assert "review-batch finished: 2 reports" in run.stderr
    assert re.search(r"/runs/flow-run/[0-9a-f-]{36}\n", run.stderr), run.stderr[-2000:]
    assert f"stay in {home / 'prefect'}" in run.stderr
    left = subprocess.run(["pgrep", "-f", str(home)], capture_output=True, text=True).stdout.split()
    assert not left, f"still running: {left}"


def test_upload_without_documents_is_refused_before_anything_starts(tmp_path):
    from flows.cli import app

    result = CliRunner().invoke(app, ["serve", "--home", str(tmp_path), "--upload"])
    assert result.exit_code == 2 and "--upload names no documents" in result.output
    missing = CliRunner().invoke(app, ["serve", "--home", str(tmp_path), "--upload", str(tmp_path / "nope.pdf")])
    # the message sits in a box rich wraps at the terminal's width: a long temporary path
    # can break it across lines
    said = " ".join(re.sub(r"[\u2500-\u257f]", " ", missing.output).split())
    assert missing.exit_code == 2 and "does not exist" in said, missing.output
    assert not (tmp_path / "s3").exists()  # refused before S3 was started


def test_a_link_opens_the_object_on_seaweedfs(seaweed_server, monkeypatch):
    from infra import s3 as s3io

    for k, v in seaweed_server.env().items():
        monkeypatch.setenv(k, v)
    client = s3io.client()  # as the flows make theirs: from the environment
    new_bucket(client, "links")
    client.put_object(Bucket="links", Key="candor/abc/report one.html", Body=b"<p>report</p>")
    url = s3io.link(client, s3io.S3Uri("links", "candor/abc/report one.html"))
    assert url.startswith(f"{seaweed_server.endpoint}/links/candor/abc/report%20one.html?")
    with urllib.request.urlopen(url, timeout=10) as r:
        assert r.read() == b"<p>report</p>"


def test_an_aws_link_is_presigned_for_a_week(monkeypatch):
    from infra import s3 as s3io
    from infra.settings import Settings

    for k in ("AWS_PROFILE", "AWS_SESSION_TOKEN"):
        monkeypatch.delenv(k, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "AKIDEXAMPLE")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "secret")
    url = s3io.link(s3io.client(Settings(s3_endpoint_url=None)), s3io.S3Uri("bids", "candor/abc/report.html"))
    assert url.startswith("https://") and "bids" in url and "/candor/abc/report.html?" in url
    assert "X-Amz-Algorithm=AWS4-HMAC-SHA256" in url and "X-Amz-Expires=604800" in url
