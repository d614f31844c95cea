"""Batch throughput over the corpus, documents and pages per minute: review_batch on a
local Dask cluster (2 worker processes, model loaded once per worker) against the plain
CLI, one `candor review` per document and one over the whole prefix. Against a local
SeaweedFS; outputs written once to separate prefixes. Prefect runs on its test harness;
its start-up is not counted.

    .venv/bin/python bench/batch_speed.py [--limit N]
"""

import argparse
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
            report("CLI, one `candor review` per document", time.perf_counter() - start)
            start = time.perf_counter()
            _cli("review", "s3://bench/inbox/", "-c", CAPACITY, "-o", "s3://bench/prefix/")
            report("CLI, one `candor review` over the prefix", time.perf_counter() - start)
            from prefect.testing.utilities import prefect_test_harness

            from flows.service import dask_runner, result_of, review_batch

            with prefect_test_harness(server_startup_timeout=120):
                runner = dask_runner(cluster_kwargs={"n_workers": 2, "threads_per_worker": 1, "processes": True})
                start = time.perf_counter()
                # a batch with a refused document ends Failed: its result is still the dict
                result = result_of(review_batch.with_options(task_runner=runner)(
                    "s3://bench/inbox/", "s3://bench/dask/", CAPACITY, return_state=True))
                report(f"review_batch on local Dask, 2 workers ({len(result['reviewed'])} reviewed, "
                       f"{len(result['failed'])} failed)", time.perf_counter() - start)
        finally:
            server.stop()
    print(f"machine: {platform.machine()}, {os.cpu_count()} cores, python {platform.python_version()}")


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
