"""Run a function over chunks of work in forked processes, the last chunk in this one.

Used to read a long PDF's pages on every core. Plain os.fork (not multiprocessing) so it
also works inside the daemonic child that `isolate` parses in; results come back pickled
through a pipe, and a worker that dies turns into a typed error, not a hang.
"""

import os
import pickle
from collections.abc import Callable, Sequence
from typing import Any

from extractors.errors import Corrupt


def fork_map(fn: Callable[..., Any], chunks: Sequence[tuple]) -> list[Any]:
    if len(chunks) < 2 or not hasattr(os, "fork"):
        return [fn(*c) for c in chunks]
    workers = []
    for chunk in chunks[:-1]:
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
        workers.append((pid, read_fd))
    try:
        last = fn(*chunks[-1])
    finally:
        results = [_collect(pid, fd) for pid, fd in workers]
    for status, value in results:
        if status == "error":
            raise value
    return [value for _, value in results] + [last]


def _collect(pid: int, fd: int) -> tuple[str, Any]:
    with os.fdopen(fd, "rb") as f:
        data = f.read()
    _, status = os.waitpid(pid, 0)
    if not data:
        return "error", Corrupt(f"a page reader process died ({_describe(status)})")
    return pickle.loads(data)


def _describe(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status)}"
