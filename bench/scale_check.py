"""Issue 18 on one machine: the service as an operator runs it on many (docs/DEPLOY.md),
with a worker killed mid-review. PostgreSQL (a throwaway cluster), a Prefect server on it,
SeaweedFS, prefect.yaml's deployments and automation, the work pool with its limit, two
process workers; ten corpus documents into the inbox; once a review runs, one worker is
killed with SIGKILL together with its flow-run processes. Then it waits until every
document has its outputs, or the deadline.

    make scale-check   (or: .venv/bin/python bench/scale_check.py [--deadline-s 900])

The last line is `scale-check: N documents, N complete sets, 0 lost, 0 duplicated`; the
exit status is 0 only then, and with the killed run's document among the sets. It stops
everything it started; logs stay in out/scale-check/.
"""

import argparse
import hashlib
import os
import pwd
import shutil
import subprocess
import sys
import time
from collections import Counter
from contextlib import suppress
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flows.serve_cmd import _wait_healthy, configure  # noqa: E402
from infra import s3 as s3io  # noqa: E402
from infra import seaweed  # noqa: E402
from infra.seaweed import free_port  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
# Ten small documents of every kind: the least the check needs, on two cores.
DOCS = ["commonpaper_sla_v2.md", "accordproject_sla_schedule.txt", "18f_fedramp_dashboard_qasp.md",
        "software_dev_qasp_aql.pdf", "18f_fs_epermit_qasp_terms.md", "18f_fs_epermit_soo.docx",
        "cuad_sicap_maintenance_support.txt", "commonpaper_dpa.docx", "ssa_lan_maintenance_sow.pdf",
        "nasa_admin_support_perf_standards.pdf"]
BUCKET = "candor"
WORKERS = ("worker-a", "worker-b")
RUNS_PER_WORKER = 2  # --limit of each worker; the pool's limit is their sum
HEARTBEAT_S = 30  # Prefect's least: the automation marks a run Crashed 300 s after its last heartbeat
RESUBMIT_AFTER_S = 60  # watch-inbox re-sends a lost document's event this long after the last one
PREFECT = str(Path(sys.executable).with_name("prefect"))
START = time.monotonic()


def say(message: str) -> None:
    print(f"[{time.monotonic() - START:5.0f} s] {message}", flush=True)


def pg_bin() -> Path:
    """PostgreSQL's programs: on PATH, or Debian's /usr/lib/postgresql/<major>/bin."""
    if found := shutil.which("pg_ctl"):
        return Path(found).resolve().parent
    versions = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: int(p.parts[-3]))
    if not versions:
        raise SystemExit("scale-check: PostgreSQL is missing: apt-get install postgresql (make scale-check does)")
    return versions[-1].parent


class Postgres:
    """A throwaway cluster on 127.0.0.1:port trusting local connections, its data in
    `folder`; run as the postgres user when we are root, since postgres refuses root."""

    def __init__(self, folder: Path, port: int):
        self.data, self.port, self.bin = folder, port, pg_bin()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        self.started = False

    @property
    def url(self) -> str:
        return f"postgresql+asyncpg://postgres@127.0.0.1:{self.port}/prefect"

    def start(self) -> None:
        self.data.mkdir(parents=True)
        if self.as_user:
            user = pwd.getpwnam("postgres")
            os.chown(self.data, user.pw_uid, user.pw_gid)
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-sync")
        self._run("pg_ctl", "-D", str(self.data), "-l", str(self.data / "postgres.log"), "-w",
                  "-o", f"-p {self.port} -k {self.data} -c listen_addresses=127.0.0.1", "start")
        self.started = True
        self._run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "prefect")

    def stop(self) -> None:
        if self.started:
            self._run("pg_ctl", "-D", str(self.data), "-m", "fast", "-w", "stop")

    def _run(self, tool: str, *args: str) -> None:
        done = subprocess.run([*self.as_user, str(self.bin / tool), *args], capture_output=True, text=True, cwd="/")
        if done.returncode:
            raise RuntimeError(f"{tool} failed: {(done.stderr or done.stdout)[-1000:]}")


def spawn(args: list[str], env: dict, log: Path) -> subprocess.Popen:
    with open(log, "ab") as out:
        return subprocess.Popen(args, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True, cwd=ROOT)


def family(proc: subprocess.Popen) -> list[psutil.Process]:
    """A process and all under it: a worker starts each flow run in a session of its own,
    so its process group does not hold them."""
    try:
        top = psutil.Process(proc.pid)
        return [top, *top.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def kill(proc: subprocess.Popen) -> int:
    """SIGKILL, no cleanup: a machine lost with its runs. Returns how many processes died."""
    members = family(proc)
    for p in members:
        with suppress(psutil.NoSuchProcess):
            p.kill()
    proc.wait(30)
    return len(members)


def stop(proc: subprocess.Popen) -> None:
    members = family(proc)
    for p in members:
        with suppress(psutil.NoSuchProcess):
            p.terminate()
    _, alive = psutil.wait_procs(members, timeout=20)
    for p in alive:
        with suppress(psutil.NoSuchProcess):
            p.kill()
    with suppress(subprocess.TimeoutExpired):
        proc.wait(10)


def review_runs(api_url: str, states: list[str] | None = None) -> list:
    """review_document flow runs, those in `states` (Prefect state types) when given."""
    from prefect import get_client
    from prefect.client.schemas.filters import (
        FlowFilter,
        FlowFilterName,
        FlowRunFilter,
        FlowRunFilterState,
        FlowRunFilterStateType,
    )
    from prefect.settings import PREFECT_API_URL, temporary_settings

    runs = FlowRunFilter(state=FlowRunFilterState(type=FlowRunFilterStateType(any_=states))) if states else None
    with temporary_settings({PREFECT_API_URL: api_url}), get_client(sync_client=True) as client:
        return client.read_flow_runs(flow_filter=FlowFilter(name=FlowFilterName(any_=["review_document"])),
                                     flow_run_filter=runs, limit=200)


def in_hand(api_url: str, worker: subprocess.Popen, states: list[str]) -> list:
    """The review runs in these states whose process this worker started."""
    pids = {p.pid for p in family(worker)}
    return [r for r in review_runs(api_url, states)
            if r.infrastructure_pid and int(str(r.infrastructure_pid).rsplit(":", 1)[-1]) in pids]


def output_versions(capacity: Path, seen: set[str]) -> set[str]:
    """The versions the outputs may be under: the one at the start and the current one,
    since others may edit this working tree while the check runs (the code is part of it)."""
    from checks.profile import load_profile
    from pipeline.review import code_version, output_version

    code_version.cache_clear()
    return seen | {output_version(load_profile(capacity))}


def complete(s3, out: str, sha256s: dict[str, str], versions: set[str]) -> set[str]:
    """The documents (names) with a complete set: source.json, or refused.json."""
    from flows.reconcile import finished_on

    finished = [finished_on(s3, out, v) for v in versions]
    return {name for name, sha in sha256s.items() if any(f(sha) for f in finished)}


def duplicated(s3, prefix: str) -> list[str]:
    """Output keys written more than once (the bucket keeps every version). The watcher's
    own memory under .candor/ is rewritten on purpose and left out."""
    versions = Counter()
    for page in s3.get_paginator("list_object_versions").paginate(Bucket=BUCKET, Prefix=prefix):
        versions.update(v["Key"] for v in page.get("Versions", []))
    return sorted(k for k, n in versions.items() if n > 1 and not k.startswith(prefix + ".candor/"))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--deadline-s", type=float, default=900, help="how long to wait for every set after the kill")
    args = parser.parse_args()
    home = ROOT / "out" / "scale-check"
    shutil.rmtree(home, ignore_errors=True)
    home.mkdir(parents=True)
    capacity = ROOT / "examples" / "capacity.yaml"
    versions = output_versions(capacity, set())
    docs = {name: (CORPUS / name).read_bytes() for name in DOCS}
    sha256s = {name: hashlib.sha256(body).hexdigest() for name, body in docs.items()}
    pg, s3server, procs = Postgres(home / "pg", free_port()), None, {}
    try:
        pg.start()
        say(f"PostgreSQL {pg.bin.parent.name}: {pg.url}")
        s3server = seaweed.start(home / "s3")
        port = free_port()
        api_url = f"http://127.0.0.1:{port}/api"
        env = {
            **os.environ, **s3server.env(),
            "DO_NOT_TRACK": "1", "PREFECT_SERVER_ANALYTICS_ENABLED": "false",
            "PREFECT_HOME": str(home / "prefect"),
            "PREFECT_SERVER_DATABASE_CONNECTION_URL": pg.url,
            "PREFECT_API_URL": api_url,
            "PREFECT_FLOWS_HEARTBEAT_FREQUENCY": str(HEARTBEAT_S),
            "CANDOR_HOME": str(ROOT),
            "CANDOR_INBOX": f"s3://{BUCKET}/inbox/",
            "CANDOR_OUT": f"s3://{BUCKET}/candor/",
            "CANDOR_CAPACITY": str(capacity),
            "CANDOR_RESUBMIT_AFTER_S": str(RESUBMIT_AFTER_S),
        }
        os.environ.update(s3server.env())  # this process reads S3 as the workers do
        s3 = s3io.client()
        s3.create_bucket(Bucket=BUCKET)
        s3.put_bucket_versioning(Bucket=BUCKET, VersioningConfiguration={"Status": "Enabled"})
        say(f"SeaweedFS: {s3server.endpoint}, bucket {BUCKET} (versioned)")

        procs["server"] = spawn([PREFECT, "server", "start", "--host", "127.0.0.1", "--port", str(port)], env,
                                home / "prefect-server.log")
        _wait_healthy(port, procs["server"], timeout_s=300)
        say(f"Prefect server on PostgreSQL: {api_url}")
        subprocess.run([PREFECT, "work-pool", "create", "candor", "--type", "process", "--overwrite"], env=env,
                       check=True, capture_output=True, cwd=ROOT)
        slots = RUNS_PER_WORKER * len(WORKERS)
        automations = configure(api_url, slots)
        subprocess.run([PREFECT, "--no-prompt", "deploy", "--all"], env=env, check=True, capture_output=True, cwd=ROOT)
        say(f"deployments applied; work pool candor limited to {slots} runs; automations: {', '.join(automations)}")
        for name in WORKERS:
            procs[name] = spawn([PREFECT, "worker", "start", "--pool", "candor", "--name", name,
                                 "--limit", str(RUNS_PER_WORKER)], env, home / f"{name}.log")
        for name, body in docs.items():
            s3.put_object(Bucket=BUCKET, Key=f"inbox/{name}", Body=body)
        say(f"{len(docs)} documents uploaded to s3://{BUCKET}/inbox/; {', '.join(WORKERS)} started")

        victim, until = None, time.monotonic() + 600
        while victim is None and time.monotonic() < until:
            victim = next((name for name in WORKERS if in_hand(api_url, procs[name], ["RUNNING"])), None)
            time.sleep(0 if victim else 2)
        if victim is None:
            raise RuntimeError("no review started on a worker within 10 minutes; see out/scale-check/*.log")
        # Its runs: the one reviewing, and any it has claimed and is starting (Pending).
        held = in_hand(api_url, procs[victim], ["RUNNING", "PENDING"])
        died = kill(procs[victim])
        lost = {r.parameters["uri"].rsplit("/", 1)[-1]: r.state.name for r in held}
        say(f"SIGKILL {victim} and its flow runs ({died} processes) while it held "
            + ", ".join(f"{name} ({state})" for name, state in lost.items()))
        if already := complete(s3, f"s3://{BUCKET}/candor/", {n: sha256s[n] for n in lost}, versions):
            say(f"note: {', '.join(sorted(already))} had its set before the kill")

        deadline, last, said = time.monotonic() + args.deadline_s, None, 0.0
        while True:
            versions = output_versions(capacity, versions)
            done = complete(s3, f"s3://{BUCKET}/candor/", sha256s, versions)
            states = Counter(r.state.name for r in review_runs(api_url))
            line = (f"{len(done)}/{len(docs)} complete sets; review runs: "
                    + ", ".join(f"{n} {s}" for s, n in sorted(states.items())))
            if line != last or time.monotonic() - said > 60:  # a line a minute at least, to show it is alive
                say(line)
                last, said = line, time.monotonic()
            if len(done) == len(docs) or time.monotonic() > deadline:
                break
            time.sleep(10)

        dups = duplicated(s3, "candor/")
        for key in dups:
            say(f"written more than once: {key}")
        missing = sorted(set(docs) - done)
        if missing:
            say(f"no outputs for: {', '.join(missing)}")
        if set(lost) - done:
            say(f"held by the killed worker and still without a set: {', '.join(sorted(set(lost) - done))}")
        if len(versions) > 1:
            say(f"note: the code changed during the check; sets counted under {', '.join(sorted(versions))}")
        print(f"scale-check: {len(docs)} documents, {len(done)} complete sets, {len(missing)} lost, {len(dups)} duplicated",
              flush=True)
        return 0 if not missing and not dups and set(lost) <= done else 1
    finally:
        for p in reversed(procs.values()):
            stop(p)
        if s3server:
            s3server.stop()
        pg.stop()


if __name__ == "__main__":
    sys.exit(main())
