"""The inbox watcher's memory, and its rule: an inbox object is done once its outputs
exist, not once its event was sent, so that a review lost with its worker is started again.

Done means a complete output set under <out>/<sha256>/<version>/ (source.json, written
last: flows/io.py) or a refused.json there (the document itself was refused: encrypted,
needs_ocr ...; another run would refuse it again). An object whose outputs are missing
gets its event again once the last one is `after_s` old and no run of it is live, at most
`tries` times. The memory is one small JSON object in S3:
{"done": [key@etag ...], "gave_up": [...], "waiting": {key@etag: {"sha256", "at", "tries"}}};
an object deleted from the inbox is forgotten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

from infra import s3 as s3io

COMPLETE = "source.json"
REFUSED = "refused.json"


@dataclass(frozen=True)
class Waiting:
    sha256: str | None  # None: over the size limit, never read (its run refuses it: too_large)
    at: float = 0.0  # when its event was last sent, epoch seconds (0: never)
    tries: int = 0  # events sent so far


@dataclass
class Seen:
    done: set[str] = field(default_factory=set)
    gave_up: set[str] = field(default_factory=set)
    waiting: dict[str, Waiting] = field(default_factory=dict)

    @classmethod
    def loads(cls, text: bytes) -> Seen:
        data = json.loads(text)
        if isinstance(data, list):  # the old memory, key@etag of every event sent: taken as done
            return cls(done=set(data))
        return cls(set(data["done"]), set(data["gave_up"]), {k: Waiting(**v) for k, v in data["waiting"].items()})

    def dumps(self) -> bytes:
        return json.dumps({"done": sorted(self.done), "gave_up": sorted(self.gave_up),
                           "waiting": {k: asdict(v) for k, v in sorted(self.waiting.items())}}).encode()


def reconcile(seen: Seen, listed: dict[str, str], finished: Callable[[str], bool], live: set[str], now: float,
              after_s: float, tries: int) -> tuple[Seen, list[str]]:
    """The watcher's next memory and the objects (key@etag) whose event to send now.
    `listed`: key@etag -> URI of each object in the inbox, new ones already in
    `seen.waiting` with no event sent; `finished(sha256)`: its outputs exist; `live`: URIs
    of review runs not ended (queued behind others, running, waiting to retry)."""
    after = Seen(seen.done & listed.keys(), seen.gave_up & listed.keys())
    send = []
    for tag, p in seen.waiting.items():
        if tag not in listed:
            continue
        if (p.sha256 is None and p.tries) or (p.sha256 and finished(p.sha256)):
            after.done.add(tag)  # too large: its one run said so; else its outputs are there
        elif listed[tag] in live or now - p.at < after_s:
            after.waiting[tag] = p
        elif p.tries >= tries:
            after.gave_up.add(tag)
        else:
            after.waiting[tag] = Waiting(p.sha256, now, p.tries + 1)
            send.append(tag)
    return after, send


def finished_on(s3, out: str, version: str) -> Callable[[str], bool]:
    """Whether a document (by sha256) has its outputs under `out` for this `version`."""
    base = s3io.S3Uri.parse(out)
    return lambda sha256: any(s3io.exists(s3, base.join(sha256, version, name)) for name in (COMPLETE, REFUSED))


def record_refusal(s3, out: str, sha256: str, version: str, error) -> None:
    """Say, where the outputs would be, that this version refused the document and why:
    it is done, and sending its event again would only be refused again."""
    from extractors.errors import Conflict

    body = json.dumps({"code": error.code.value, "message": error.message}, indent=2).encode()
    try:
        s3io.put_once(s3, s3io.S3Uri.parse(out).join(sha256, version, REFUSED), body, "application/json")
    except Conflict:
        pass  # refused before, in other words (another name, another limit): the first record stands
