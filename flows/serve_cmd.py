"""`candor serve`: the local service in one command: an S3 server (SeaweedFS), a Prefect
server, the deployments of prefect.yaml and a process worker; Ctrl-C stops them all."""

import json
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Annotated

import typer

from flows.app import app, err, expand, printable
from infra import s3 as s3io

ROOT = Path(__file__).resolve().parents[1]
# Seconds between flow-run heartbeats on the worker; prefect.yaml's automation marks a run
# Crashed after 300 s without one.
HEARTBEAT_S = 60


@app.command()
def serve(
    home: Annotated[Path, typer.Option(help="Where the local service keeps its S3 data and Prefect database.")] = Path(".candor"),
    capacity: Annotated[Path, typer.Option("--capacity", "-c", help="The capacity profile the deployments review against.")] = ROOT / "examples" / "capacity.yaml",
    bucket: Annotated[str, typer.Option(help="The bucket: documents go under inbox/, outputs appear under candor/.")] = "candor",
    port: Annotated[int, typer.Option(help="Prefect UI and API port.")] = 4200,
    s3_port: Annotated[int, typer.Option(help="S3 port.")] = 8333,
    files: Annotated[list[Path] | None, typer.Argument(exists=True, show_default=False,
                     help="Documents or folders of them: each is put in the inbox once everything is up.")] = None,
    upload: Annotated[bool, typer.Option("--upload", help="Optional before FILES, which are uploaded either way.")] = False,
    once: Annotated[bool, typer.Option(help="Review what is in the inbox once (review-batch) and print links to the run and the reports.")] = False,
    concurrency: Annotated[int | None, typer.Option(min=1, show_default=False,
                           help="Most runs at once on the work pool; the others wait their turn. Default: the machine's cores.")] = None,
    keep_ui: Annotated[bool | None, typer.Option("--keep-ui/--no-keep-ui", show_default=False,
                       help="After --once: keep serving until Ctrl-C so the printed links work, or stop at once. "
                            "Default: keep when stdin is a terminal, stop otherwise (scripts, tests).")] = None,
) -> None:
    """Start the local service: S3 on 127.0.0.1 (SeaweedFS, persistent under HOME/s3), a
    Prefect server (SQLite under HOME/prefect), the deployments (review-document,
    watch-inbox every 30 s with an event trigger, review-batch) and a worker.

    Put documents in s3://BUCKET/inbox/ (aws s3 cp, or name them: FILES); each is reviewed
    once and its outputs appear under s3://BUCKET/candor/<sha256>/<version>/. The Prefect UI
    shows each run (named after its document), its flagged commitments and a summary. A
    review lost with its worker is run again (CANDOR_RESUBMIT_AFTER_S); at most
    --concurrency runs go at once.
    Ctrl-C stops everything; the runs stay in HOME/prefect and show again at the next
    `candor serve --home HOME`.

    Examples:

      candor serve --upload a.pdf b.docx   (both go to the inbox; --upload may be left out, or repeated)

      candor serve --upload examples/ --once   (review the folder once; the UI stays up until Ctrl-C)

      candor serve examples/ --once --no-keep-ui   (the same, then stop everything: a smoke test)
    """
    import boto3
    from botocore.config import Config

    from infra import seaweed, workspaces

    if upload and not files:
        raise typer.BadParameter("--upload names no documents: give files or folders after it", param_hint="FILES")
    home = home.resolve()
    procs: list[subprocess.Popen] = []
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as cleanly as Ctrl-C
    if removed := workspaces.clean():
        err.print(f"Removed {len(removed)} run folders older than a day from {removed[0].parent} (killed runs leave them)")
    s3server = seaweed.start(home / "s3", s3_port=s3_port)
    env = {
        **os.environ,
        **s3server.env(),
        "DO_NOT_TRACK": "1",
        "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
        "PREFECT_HOME": str(home / "prefect"),
        "PREFECT_API_URL": f"http://127.0.0.1:{port}/api",
        "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT_S),
        "CANDOR_HOME": str(ROOT),
        "CANDOR_INBOX": f"s3://{bucket}/inbox/",
        "CANDOR_OUT": f"s3://{bucket}/candor/",
        "CANDOR_CAPACITY": str(capacity.resolve()),
    }
    try:
        s3 = boto3.client("s3", endpoint_url=s3server.endpoint, aws_access_key_id=s3server.access_key,
                          aws_secret_access_key=s3server.secret_key, region_name="us-east-1",
                          config=Config(signature_version="s3v4", s3={"addressing_style": "path"}))
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
        slots = concurrency or max(1, os.cpu_count() or 1)
        automations = configure(env["PREFECT_API_URL"], slots)
        err.print(f"Work pool candor: at most {slots} runs at once (--concurrency); "
                  f"automations: {', '.join(automations)}", soft_wrap=True)
        subprocess.run([prefect, "--no-prompt", "deploy", "--all"], env=env, check=True, capture_output=True, cwd=ROOT)
        err.print("Deployments: review-document (event trigger), watch-inbox (every 30 s), review-batch")
        wlog = open(home / "prefect-worker.log", "ab")
        procs.append(subprocess.Popen([prefect, "worker", "start", "--pool", "candor"], env=env, stdout=wlog,
                                      stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT))
        for path in expand(files or []):
            s3.put_object(Bucket=bucket, Key=f"inbox/{path.name}", Body=path.read_bytes())
            err.print(f"uploaded s3://{bucket}/inbox/{path.name}")
        if once:
            run = subprocess.run([prefect, "deployment", "run", "review_batch/review-batch", "--watch"], env=env,
                                 cwd=ROOT, stdout=subprocess.PIPE, text=True)  # exits 1 when a document failed
            found = re.search(r"URL: (http\S+)", run.stdout)  # Prefect's own link to the run's page
            run_url = found.group(1) if found else f"http://127.0.0.1:{port}"
            reports = _reports(s3, bucket)
            for name, key in reports:  # unwrapped and unstyled: links to copy, names from strangers
                err.print(f"  {printable(name)}: s3://{bucket}/{key}\n    {s3io.link(s3, s3io.S3Uri(bucket, key))}",
                          soft_wrap=True, markup=False, highlight=False)
            ended = "finished" if run.returncode == 0 else "ended Failed (see the run for which documents and why)"
            err.print(f"review-batch {ended}: {len(reports)} reports under s3://{bucket}/candor/; the run: {run_url}",
                      soft_wrap=True)
            if not (sys.stdin.isatty() if keep_ui is None else keep_ui):
                err.print(f"Stopping. The runs and artifacts stay in {home / 'prefect'} (SQLite): "
                          f"`candor serve --home {home}` shows them again at http://127.0.0.1:{port}", soft_wrap=True)
                raise typer.Exit(0 if run.returncode == 0 else 1)  # a script learns that documents failed
        err.print(f"Running (UI at http://127.0.0.1:{port}); Ctrl-C stops the worker, Prefect and S3.")
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


def configure(api_url: str, slots: int) -> list[str]:
    """Set the work pool's concurrency limit and create prefect.yaml's automations on the
    server (replacing those of the same names from an earlier start); returns their names."""
    import yaml
    from prefect.client.orchestration import get_client
    from prefect.client.schemas.actions import WorkPoolUpdate
    from prefect.events.schemas.automations import AutomationCore
    from prefect.settings import PREFECT_API_URL, temporary_settings

    specs = yaml.safe_load((ROOT / "prefect.yaml").read_text()).get("automations", [])
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        client.update_work_pool("candor", WorkPoolUpdate(concurrency_limit=slots))
        for spec in specs:
            automation = AutomationCore.model_validate(spec)
            for old in client.read_automations_by_name(automation.name):
                client.delete_automation(old.id)
            client.create_automation(automation)
    return [spec["name"] for spec in specs]


def _reports(s3, bucket: str) -> list[tuple[str, str]]:
    """(document name, key) of each report.html under candor/; the name from the
    source.json beside it, since the key names the document's sha256."""
    reports = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=bucket, Prefix="candor/"):
        for key in (o["Key"] for o in page.get("Contents", []) if o["Key"].endswith("/report.html")):
            source = s3.get_object(Bucket=bucket, Key=key.removesuffix("report.html") + "source.json")["Body"].read()
            reports.append((json.loads(source)["name"], key))
    return reports


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
