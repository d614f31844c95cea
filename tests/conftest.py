import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("CANDOR_SHARED", ROOT.parent / "shared"))
CORPUS = SHARED / "corpus" / "docs"
BADINPUTS = SHARED / "badinputs"
LABELS = SHARED / "eval" / "labels"
# A child process that runs out its wall clock prints its stack first (extractors/isolate.py)
os.environ.setdefault("CANDOR_TRACE_TIMEOUTS", "1")


@pytest.fixture(scope="session")
def shared() -> Path:
    # CI has ../shared beside the clone; a missing folder is a broken setup, not a skip.
    assert CORPUS.is_dir(), f"{CORPUS} is missing: clone the repo beside shared/ (or set CANDOR_SHARED)"
    return SHARED


@pytest.fixture(scope="session")
def seaweed_server(tmp_path_factory):
    """A real S3 server on 127.0.0.1 for the session (SeaweedFS `weed mini`)."""
    from infra import seaweed

    server = seaweed.start(tmp_path_factory.mktemp("seaweed"))
    yield server
    server.stop()


def s3_client(server):
    import boto3

    return boto3.client("s3", endpoint_url=server.endpoint, aws_access_key_id=server.access_key,
                        aws_secret_access_key=server.secret_key, region_name="us-east-1")


def new_bucket(s3, name: str) -> str:
    s3.create_bucket(Bucket=name)
    s3.put_bucket_versioning(Bucket=name, VersioningConfiguration={"Status": "Enabled"})
    return name
