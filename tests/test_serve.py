"""`candor serve --once`: the README's service path end to end (S3, Prefect server,
deployments, worker, one batch), and nothing left running afterwards."""

import subprocess
import sys

import pytest

from infra.seaweed import free_port
from tests.conftest import CORPUS, ROOT


@pytest.mark.slow
def test_serve_once_reviews_the_upload_and_stops_everything(tmp_path):
    home = tmp_path / "service"
    run = subprocess.run(
        [sys.executable, "-m", "flows.cli", "serve", "--home", str(home), "--port", str(free_port()),
         "--s3-port", str(free_port()), "--upload", str(CORPUS / "commonpaper_sla_v2.md"), "--once"],
        capture_output=True, text=True, cwd=ROOT, timeout=400,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert "Prefect UI: http://127.0.0.1:" in run.stderr
    assert "/report.html" in run.stderr and "review-batch finished" in run.stderr
    left = subprocess.run(["pgrep", "-f", str(home)], capture_output=True, text=True).stdout.split()
    assert not left, f"still running: {left}"
