"""S3 fault injection, for testing what the service does when storage misbehaves.

A botocore `before-send` hook fails a share of S3 calls on purpose (CANDOR_S3_FAULT_RATE):
a 503 SlowDown (throttling), a 500 InternalError, or a lost reply: the request is sent
and the server acts on it (a PUT lands), then the connection "drops" before the answer
arrives. botocore's standard retries see all three as transient and retry with backoff;
what is left over reaches the task-level retries. Off (rate 0) unless a test or a chaos
run sets it; never meant for production.
"""

from __future__ import annotations

import random
import sys
import threading
from collections import Counter

from botocore.awsrequest import AWSResponse
from botocore.exceptions import ConnectionClosedError

KINDS = ("throttle", "server_error", "lost_reply")
_BODIES = {
    "throttle": (503, b"<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>"),
    "server_error": (500, b"<Error><Code>InternalError</Code><Message>We encountered an internal error.</Message></Error>"),
}


class _Body:
    """The `raw` an AWSResponse reads an error body from."""

    def __init__(self, data: bytes):
        self._data = data

    def stream(self, **_):
        yield self._data


class Faults:
    def __init__(self, rate: float, seed: int | None = None):
        self.rate = rate
        self._rng = random.Random(seed)
        self._lock = threading.Lock()  # Prefect and boto3 call from several threads
        self.calls = 0
        self.injected: Counter[str] = Counter()
        self._session = None

    def attach(self, s3_client) -> None:
        s3_client.meta.events.register("before-send.s3", self._before_send)

    def _before_send(self, request, **_):
        with self._lock:
            self.calls += 1
            if self._rng.random() >= self.rate:
                return None
            kind = self._rng.choice(KINDS)
            self.injected[kind] += 1
        if kind == "lost_reply":
            self._deliver(request)
            raise ConnectionClosedError(endpoint_url=request.url)
        status, body = _BODIES[kind]
        return AWSResponse(request.url, status, {"Content-Type": "application/xml"}, _Body(body))

    def _deliver(self, request) -> None:
        """Send the request for real and throw the answer away."""
        from botocore.httpsession import URLLib3Session

        if self._session is None:
            self._session = URLLib3Session()
        self._session.send(request).content  # noqa: B018 - read so the connection is reused

    def summary(self) -> str:
        kinds = ", ".join(f"{self.injected[k]} {k.replace('_', ' ')}" for k in KINDS)
        return f"S3 fault injection: {sum(self.injected.values())} of {self.calls} calls failed on purpose ({kinds})"


_ACTIVE: Faults | None = None


def active(rate: float, seed: int | None) -> Faults:
    """One injector per process, shared by every client, so its counts cover the run; it
    reports them on stderr when the process ends."""
    global _ACTIVE
    if _ACTIVE is None or _ACTIVE.rate != rate:
        import atexit

        _ACTIVE = Faults(rate, seed)
        atexit.register(lambda f=_ACTIVE: print(f.summary(), file=sys.stderr) if f.calls else None)
    return _ACTIVE
