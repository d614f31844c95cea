"""Batch throughput over the corpus, documents and pages per minute: review_batch on a
plain Dask cluster (`dask scheduler` and `dask worker --nworkers 2`, as docs/DEPLOY.md
starts them; the model loaded once per worker) against the plain CLI, one `candor review`
per document (the serial loop) and one over the whole prefix, and the ratio of the Dask
batch to the serial loop. Against a local
SeaweedFS; outputs written once to separate prefixes. Prefect runs on its test harness;
its start-up is not counted.

    .venv/bin/python bench/batch_speed.py [--limit N]
"""

import argparse
import contextlib
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from infra import seaweed  # noqa: E402

CORPUS = ROOT.parent / "shared" / "corpus" / "docs"
CAPACITY = str(ROOT / "examples" / "capacity.yaml")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--limit", type=int, default=0, help="only the first N documents")
    args = parser.parse_args()
    docs = [p for p in sorted(CORPUS.iterdir()) if p.suffix in (".pdf", ".docx", ".md", ".txt") and "scanned" not in p.name]
    docs = docs[: args.limit] if args.limit else docs
    pages = sum(_pages(p) for p in docs)
    with tempfile.TemporaryDirectory() as tmp:
        server = seaweed.start(Path(tmp) / "s3")
        os.environ.update(server.env())
        try:
            import boto3

            s3 = boto3.client("s3", endpoint_url=server.endpoint, aws_access_key_id=server.access_key,
                              aws_secret_access_key=server.secret_key, region_name="us-east-1")
            s3.create_bucket(Bucket="bench")
            for p in docs:
                s3.put_object(Bucket="bench", Key=f"inbox/{p.name}", Body=p.read_bytes())
            report = lambda label, s: print(f"{label}: {len(docs)} documents, {pages} pages in {s:.1f} s = "  # noqa: E731
                                            f"{60 * len(docs) / s:.1f} documents/min, {60 * pages / s:.0f} pages/min")
            start = time.perf_counter()
            for p in docs:
                _cli("review", f"s3://bench/inbox/{p.name}", "-c", CAPACITY, "-o", "s3://bench/loop/")
            loop = time.perf_counter() - start
            report("CLI, one `candor review` per document (the serial loop)", loop)
            start = time.perf_counter()
            _cli("review", "s3://bench/inbox/", "-c", CAPACITY, "-o", "s3://bench/prefix/")
            report("CLI, one `candor review` over the prefix", time.perf_counter() - start)
            from prefect.testing.utilities import prefect_test_harness

            from flows.service import result_of, review_batch

            with prefect_test_harness(server_startup_timeout=120), _dask_cluster(server.env()) as address:
                start = time.perf_counter()
                # a batch with a refused document ends Failed: its result is still the dict
                result = result_of(review_batch("s3://bench/inbox/", "s3://bench/dask/", CAPACITY, dask=address,
                                                return_state=True))
                took = time.perf_counter() - start
                report(f"review_batch on a plain Dask cluster (`dask scheduler`, `dask worker --nworkers 2`; "
                       f"{len(result['reviewed'])} reviewed, {len(result['failed'])} failed)", took)
                print(f"ratio: the Dask batch takes {took / loop:.2f} of the serial loop's time")
        finally:
            server.stop()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")


@contextlib.contextmanager
def _dask_cluster(env: dict):
    """`dask scheduler` and `dask worker` as an operator starts them (docs/DEPLOY.md): two
    worker processes under a nanny, the checkout on PYTHONPATH; stopped on the way out."""
    from infra.seaweed import free_port

    port = free_port()
    dask = str(Path(sys.executable).with_name("dask"))
    run_env = {**os.environ, **env, "PYTHONPATH": str(ROOT)}
    common = ["--host", "127.0.0.1", "--no-dashboard"]
    procs = [subprocess.Popen([dask, "scheduler", "--port", str(port), *common], env=run_env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)]
    procs.append(subprocess.Popen([dask, "worker", f"tcp://127.0.0.1:{port}", "--nworkers", "2", "--nthreads", "1",
                                   "--nanny", *common], env=run_env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    try:
        time.sleep(5)  # the workers register with the scheduler
        yield f"tcp://127.0.0.1:{port}"
    finally:
        for p in reversed(procs):
            p.terminate()
            p.wait(30)


def _cli(*args: str) -> None:
    subprocess.run([sys.executable, "-m", "flows.cli", *args], cwd=ROOT, capture_output=True, check=False)


def _pages(path: Path) -> int:
    if path.suffix != ".pdf":
        return 1  # Word and text: counted as one page each here (no page model)
    import pypdfium2

    pdf = pypdfium2.PdfDocument(str(path))
    try:
        return len(pdf)
    finally:
        pdf.close()


if __name__ == "__main__":
    main()
