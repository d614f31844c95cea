"""`candor serve`: the local service in one command: an S3 server (SeaweedFS), a Prefect
server, the deployments of prefect.yaml and a process worker; Ctrl-C stops them all."""

import os
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Annotated

import typer

from flows.app import app, err, expand

ROOT = Path(__file__).resolve().parents[1]


@app.command()
def serve(
    home: Annotated[Path, typer.Option(help="Where the local service keeps its S3 data and Prefect database.")] = Path(".candor"),
    capacity: Annotated[Path, typer.Option("--capacity", "-c", help="The capacity profile the deployments review against.")] = ROOT / "examples" / "capacity.yaml",
    bucket: Annotated[str, typer.Option(help="The bucket: documents go under inbox/, outputs appear under candor/.")] = "candor",
    port: Annotated[int, typer.Option(help="Prefect UI and API port.")] = 4200,
    s3_port: Annotated[int, typer.Option(help="S3 port.")] = 8333,
    upload: Annotated[list[Path] | None, typer.Option(help="Documents (or folders of them) to put in the inbox once everything is up.")] = None,
    once: Annotated[bool, typer.Option(help="Start, review what is in the inbox once, stop (a smoke test).")] = False,
) -> None:
    """Start the local service: S3 on 127.0.0.1 (SeaweedFS, persistent under HOME/s3), a
    Prefect server (SQLite under HOME/prefect), the deployments (review-document,
    watch-inbox every 30 s with an event trigger, review-batch) and a worker.

    Put documents in s3://BUCKET/inbox/ (aws s3 cp, or --upload); each is reviewed once
    and its outputs appear under s3://BUCKET/candor/<sha256>/<version>/. The Prefect UI
    shows each run, its flagged commitments and a summary. Ctrl-C stops everything.
    """
    import boto3

    from infra import seaweed

    home = home.resolve()
    procs: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    s3server = seaweed.start(home / "s3", s3_port=s3_port)
    env = {
        **os.environ,
        **s3server.env(),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "CANDOR_HOME": str(ROOT),
        "CANDOR_INBOX": f"s3://{bucket}/inbox/",
        "CANDOR_OUT": f"s3://{bucket}/candor/",
        "CANDOR_CAPACITY": str(capacity.resolve()),
    }
    try:
        s3 = boto3.client("s3", endpoint_url=s3server.endpoint, aws_access_key_id=s3server.access_key,
                          aws_secret_access_key=s3server.secret_key, region_name="us-east-1")
        if bucket not in {b["Name"] for b in s3.list_buckets().get("Buckets", [])}:
            s3.create_bucket(Bucket=bucket)
            s3.put_bucket_versioning(Bucket=bucket, VersioningConfiguration={"Status": "Enabled"})
        err.print(f"S3: {s3server.endpoint} (bucket {bucket}; key {s3server.access_key})")
        prefect = str(Path(sys.executable).with_name("prefect"))
        log = open(home / "prefect-server.log", "ab")
        procs.append(subprocess.Popen([prefect, "server", "start", "--host", "127.0.0.1", "--port", str(port)],
                                      env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True))
        _wait_healthy(port, procs[-1])
        err.print(f"Prefect UI: http://127.0.0.1:{port}")
        subprocess.run([prefect, "work-pool", "create", "candor", "--type", "process", "--overwrite"], env=env,
                       check=True, capture_output=True, cwd=ROOT)
        subprocess.run([prefect, "--no-prompt", "deploy", "--all"], env=env, check=True, capture_output=True, cwd=ROOT)
        err.print("Deployments: review-document (event trigger), watch-inbox (every 30 s), review-batch")
        wlog = open(home / "prefect-worker.log", "ab")
        procs.append(subprocess.Popen([prefect, "worker", "start", "--pool", "candor"], env=env, stdout=wlog,
                                      stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT))
        for path in expand(upload or []):
            s3.put_object(Bucket=bucket, Key=f"inbox/{path.name}", Body=path.read_bytes())
            err.print(f"uploaded s3://{bucket}/inbox/{path.name}")
        if once:
            subprocess.run([prefect, "deployment", "run", "review_batch/review-batch", "--watch"], env=env, check=True,
                           cwd=ROOT, stdout=subprocess.DEVNULL)
            keys = [o["Key"] for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="candor/")
                    for o in page.get("Contents", [])]
            for key in keys:
                if key.endswith("/report.html"):
                    err.print(f"  s3://{bucket}/{key}")
            err.print(f"review-batch finished: {len(keys)} output files under s3://{bucket}/candor/ "
                      f"(runs and artifacts were at http://127.0.0.1:{port})")
            return
        err.print("Running; Ctrl-C stops the worker, Prefect and S3.")
        while all(p.poll() is None for p in procs):
            time.sleep(1)
        raise typer.Exit(1)
    except KeyboardInterrupt:
        err.print("stopping ...")
    finally:
        for p in reversed(procs):
            if p.poll() is None:
                os.killpg(p.pid, signal.SIGTERM)
                try:
                    p.wait(20)
                except subprocess.TimeoutExpired:
                    os.killpg(p.pid, signal.SIGKILL)
        s3server.stop()


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


def _wait_healthy(port: int, proc: subprocess.Popen, timeout_s: float = 120) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError("the Prefect server exited; see .candor/prefect-server.log")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/api/health", timeout=2) as r:
                if r.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise RuntimeError(f"the Prefect server did not answer on port {port} within {timeout_s:.0f} s")
