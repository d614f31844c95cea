"""S3 through boto3: list and read originals, write outputs once.

Keys are never used as local paths. Credentials come from the standard AWS chain
(environment, profile, instance role); the endpoint from CANDOR_S3_ENDPOINT_URL, so the
same code talks to AWS, MinIO, SeaweedFS or moto.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from urllib.parse import urlparse

from extractors.errors import Conflict, NotFound


@dataclass(frozen=True)
class S3Uri:
    bucket: str
    key: str  # a prefix when it ends with "/" (or is empty)

    @classmethod
    def parse(cls, uri: str) -> S3Uri:
        parsed = urlparse(uri)
        if parsed.scheme != "s3" or not parsed.netloc:
            raise ValueError(f"{uri!r} is not an s3://bucket/key URI")
        return cls(parsed.netloc, parsed.path.lstrip("/"))

    def join(self, *parts: str) -> S3Uri:
        key = self.key.rstrip("/")
        for part in parts:
            key = f"{key}/{part.strip('/')}" if key else part.strip("/")
        return S3Uri(self.bucket, key)

    def __str__(self) -> str:
        return f"s3://{self.bucket}/{self.key}"


def is_s3(text: str) -> bool:
    return text.startswith("s3://")


@dataclass(frozen=True)
class S3Object:
    uri: S3Uri
    etag: str
    size: int
    version: str | None = None

    @property
    def name(self) -> str:
        return self.uri.key.rsplit("/", 1)[-1]


def client(settings=None):
    """A boto3 S3 client from CANDOR_S3_* settings, retrying throttling and 5xx with
    backoff (botocore's "standard" mode)."""
    import boto3
    from botocore.config import Config

    from infra.settings import Settings

    s = settings or Settings()
    config = Config(
        signature_version="s3v4",  # what requests use anyway; presigned links too (see `link`)
        retries={"max_attempts": s.s3_max_attempts, "mode": "standard"},
        connect_timeout=s.s3_timeout_s,
        read_timeout=s.s3_timeout_s,
        s3={"addressing_style": "path"},
    )
    s3 = boto3.client("s3", endpoint_url=s.s3_endpoint_url, region_name=s.s3_region, config=config)
    if s.s3_fault_rate:
        from infra.faults import active

        active(s.s3_fault_rate, s.s3_fault_seed).attach(s3)
    return s3


# The longest a SigV4 presigned URL may last.
WEEK_S = 7 * 24 * 3600


def link(s3, uri: S3Uri, expires_s: int = WEEK_S) -> str:
    """An http(s) address a person can open for an object: presigned, because neither
    `candor serve`'s SeaweedFS (it refuses anonymous reads) nor a private AWS bucket
    serves plain GETs. Against an endpoint it reads <endpoint>/<bucket>/<key>?X-Amz-...;
    it works for `expires_s` (and no longer than the credentials that signed it)."""
    return s3.generate_presigned_url("get_object", Params={"Bucket": uri.bucket, "Key": uri.key}, ExpiresIn=expires_s)


def list_objects(s3, prefix: S3Uri) -> list[S3Object]:
    """Objects under a prefix, in key order; folders ("key/") left out."""
    out = []
    for page in s3.get_paginator("list_objects_v2").paginate(Bucket=prefix.bucket, Prefix=prefix.key):
        for item in page.get("Contents", []):
            if not item["Key"].endswith("/"):
                out.append(S3Object(S3Uri(prefix.bucket, item["Key"]), item["ETag"].strip('"'), item["Size"]))
    return out


def head(s3, uri: S3Uri) -> S3Object:
    from botocore.exceptions import ClientError

    try:
        r = s3.head_object(Bucket=uri.bucket, Key=uri.key)
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey", "NotFound"):
            raise NotFound(f"{uri}: no such object") from None
        raise
    return S3Object(uri, r["ETag"].strip('"'), r["ContentLength"], r.get("VersionId"))


def exists(s3, uri: S3Uri) -> bool:
    try:
        head(s3, uri)
        return True
    except NotFound:
        return False


def get_bytes(s3, uri: S3Uri, max_bytes: int | None = None) -> bytes:
    """An object's bytes; refused before download when over `max_bytes`."""
    from botocore.exceptions import ClientError

    from extractors.errors import TooLarge

    if max_bytes is not None:
        size = head(s3, uri).size
        if size > max_bytes:
            raise TooLarge(f"{uri}: {size} bytes, over the {max_bytes}-byte limit")
    try:
        return s3.get_object(Bucket=uri.bucket, Key=uri.key)["Body"].read()
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") in ("404", "NoSuchKey"):
            raise NotFound(f"{uri}: no such object") from None
        raise


def sha256_of(s3, uri: S3Uri) -> str:
    """The sha256 of an object's bytes, read in chunks: what its outputs are filed under."""
    digest = hashlib.sha256()
    for chunk in s3.get_object(Bucket=uri.bucket, Key=uri.key)["Body"].iter_chunks(1 << 20):
        digest.update(chunk)
    return digest.hexdigest()


def put_once(s3, uri: S3Uri, body: bytes, content_type: str = "application/octet-stream") -> bool:
    """Write `body` only if nothing is at `uri` (If-None-Match: *). True if written; False
    if the same bytes are already there (a retried or re-run write: done). Different bytes
    there raise Conflict: outputs are never overwritten."""
    from botocore.exceptions import ClientError

    digest = hashlib.sha256(body).hexdigest()
    try:
        s3.put_object(Bucket=uri.bucket, Key=uri.key, Body=body, IfNoneMatch="*", ContentType=content_type,
                      Metadata={"sha256": digest})
        return True
    except ClientError as e:
        if e.response.get("Error", {}).get("Code") not in ("PreconditionFailed", "412", "ConditionalRequestConflict"):
            raise
    stored = s3.head_object(Bucket=uri.bucket, Key=uri.key).get("Metadata", {}).get("sha256")
    if stored is None:  # a server that drops metadata: compare the bytes themselves
        stored = hashlib.sha256(get_bytes(s3, uri)).hexdigest()
    if stored != digest:
        raise Conflict(f"{uri} already holds different content; outputs are written once")
    return False


def is_transient(error: BaseException) -> bool:
    """Worth trying again: throttling, 5xx, timeouts, dropped connections. Not: 4xx,
    missing objects, conflicts, bad credentials."""
    from botocore.exceptions import BotoCoreError, ClientError, ConnectionError, HTTPClientError

    if isinstance(error, ClientError):
        status = error.response.get("ResponseMetadata", {}).get("HTTPStatusCode", 0)
        code = error.response.get("Error", {}).get("Code", "")
        return status >= 500 or status == 429 or code in ("SlowDown", "Throttling", "RequestTimeout")
    return isinstance(error, (ConnectionError, HTTPClientError)) or (
        isinstance(error, BotoCoreError) and "timeout" in type(error).__name__.lower())


def retrying(fn, *args, tries: int = 4, delay_s: float = 1.0, what: str = "S3"):
    """Call `fn(*args)`, trying again with exponential backoff and jitter when S3 fails in
    a transient way after botocore's own retries; in the end, a typed `unavailable`."""
    import random
    import time

    from extractors.errors import Unavailable

    for attempt in range(1, tries + 1):
        try:
            return fn(*args)
        except Exception as e:  # noqa: BLE001 - sorted by is_transient
            if not is_transient(e):
                raise
            if attempt == tries:
                raise Unavailable(f"{what}: still failing after {tries} tries ({type(e).__name__}: {e})") from None
            time.sleep(delay_s * 2 ** (attempt - 1) * (0.5 + random.random()))
