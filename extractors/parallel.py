"""Run a function over chunks of work in forked processes, the last chunk in this one.

Used to read a long PDF's pages on every core. Plain os.fork (not multiprocessing) so it
also works inside the daemonic child that `isolate` parses in; results come back pickled
through a pipe, and a worker that dies turns into a typed error, not a hang.

A forked worker can also wait forever, on a lock that another thread of the parent held
when it forked (a Prefect task thread, a test's server thread): the lock's holder does
not exist in the child. So the parent watches its workers, and one that has stopped
using CPU after its grace period is killed and its chunk is done here instead.
"""

import os
import pickle
import select
import signal
import time
from collections.abc import Callable, Sequence
from typing import Any

from extractors.errors import Corrupt

# Workers are left alone for this long, or twice what the parent's own chunk took.
GRACE_S = 5.0
# Past its grace, a worker that gained less CPU than IDLE_CPU_S in POLL_S is waiting, not
# working. A busy one is given up on only after BUSY_FACTOR times the parent's own time
# (at least BUSY_MIN_S): it may be spinning on an inherited lock, and redoing its chunk
# here costs about what the parent's chunk did.
POLL_S = 1.0
IDLE_CPU_S = 0.02
BUSY_FACTOR, BUSY_MIN_S = 10, 120.0


def fork_map(fn: Callable[..., Any], chunks: Sequence[tuple], grace_s: float = GRACE_S) -> list[Any]:
    if len(chunks) < 2 or not hasattr(os, "fork"):
        return [fn(*c) for c in chunks]
    workers: list[_Worker] = []
    try:
        for chunk in chunks[:-1]:
            workers.append(_Worker.start(fn, chunk))
        started = time.monotonic()
        last = fn(*chunks[-1])
        own = time.monotonic() - started
        _gather(workers, started + max(grace_s, 2 * own), started + max(BUSY_MIN_S, BUSY_FACTOR * own))
    finally:
        for w in workers:
            w.stop()
    values = []
    for chunk, w in zip(chunks, workers):
        if w.stuck:
            values.append(fn(*chunk))
            continue
        status, value = w.outcome()
        if status == "error":
            raise value
        values.append(value)
    return values + [last]


class _Worker:
    def __init__(self, pid: int, fd: int) -> None:
        self.pid, self.fd = pid, fd
        self.data = bytearray()
        self.status: int | None = None  # from waitpid, once reaped
        self.stuck = False
        self._sample: tuple[float, float] | None = None  # (when, CPU seconds then)

    @classmethod
    def start(cls, fn: Callable[..., Any], chunk: tuple) -> "_Worker":
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # worker: compute, send, leave without running the parent's cleanup
            os.close(read_fd)
            try:
                payload = pickle.dumps(("ok", fn(*chunk)))
            except BaseException as e:  # noqa: BLE001 - handed to the parent to raise
                payload = pickle.dumps(("error", e))
            with os.fdopen(write_fd, "wb") as out:
                out.write(payload)
            os._exit(0)
        os.close(write_fd)
        return cls(pid, read_fd)

    def read(self) -> bool:
        """Take what the pipe holds; True at end of file (the worker is done)."""
        chunk = os.read(self.fd, 1 << 20)
        self.data += chunk
        return not chunk

    def idle(self, now: float) -> bool:
        """Whether the worker gained almost no CPU since the last sample, POLL_S ago."""
        cpu = cpu_seconds(self.pid)
        if cpu == float("inf"):
            return False
        if self._sample is None or now - self._sample[0] < POLL_S:
            self._sample = self._sample or (now, cpu)
            return False
        idle = cpu - self._sample[1] < IDLE_CPU_S
        self._sample = (now, cpu)
        return idle

    def stop(self, kill: bool = True) -> None:
        """Reap the worker (killing it first unless it is known to be done); idempotent."""
        if self.status is not None:
            return
        if kill:
            try:
                os.kill(self.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, self.status = os.waitpid(self.pid, 0)
        os.close(self.fd)

    def outcome(self) -> tuple[str, Any]:
        if not self.data:
            return "error", Corrupt(f"a page reader process died ({_describe(self.status or 0)})")
        return pickle.loads(bytes(self.data))


def _gather(workers: list[_Worker], check_from: float, give_up_at: float) -> None:
    """Read every worker's result; past `check_from` give up on workers that sit idle,
    past `give_up_at` on all that are left."""
    pending = {w.fd: w for w in workers}
    while pending:
        ready, _, _ = select.select(list(pending), [], [], POLL_S / 4)
        for fd in ready:
            if pending[fd].read():
                pending.pop(fd).stop(kill=False)
        now = time.monotonic()
        if now < check_from:
            continue
        for fd, w in list(pending.items()):
            if w.idle(now) or now >= give_up_at:
                w.stuck = True
                pending.pop(fd).stop()


def cpu_seconds(pid: int | None) -> float:
    """User plus system CPU seconds a live process has used; infinity when unknown, so
    that an unreadable process counts as busy and is never given up on."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError, IndexError):
        return float("inf")


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
