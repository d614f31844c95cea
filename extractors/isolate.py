"""Work on untrusted bytes in a child process, so that a hostile input costs one
process, not the caller: parsing, and rendering the redlines of what was parsed.

The child gets an address-space limit and a CPU-time limit; the parent enforces the
wall-clock limit and kills the child when it runs over. Whatever happens, the caller
gets the result or a typed CandorError.
"""

from __future__ import annotations

import faulthandler
import multiprocessing
import os
import pickle
import resource
import signal
from collections.abc import Callable
from pathlib import Path
from typing import Any

from extractors.errors import CandorError, Corrupt, TooLarge, from_code
from extractors.parallel import cpu_seconds
from extractors.parse import parse_bytes, read_input
from schemas import Document, Limits

_CTX = multiprocessing.get_context("fork")
# The retry of a stuck child (see STUCK_CPU_S) starts from a clean process instead: the
# forkserver is a fresh interpreter with one thread, so no lock can be inherited held.
_CLEAN = multiprocessing.get_context("forkserver")
_CLEAN.set_forkserver_preload(["extractors.isolate"])


def parse_file_isolated(path: Path, limits: Limits) -> Document:
    data = read_input(path, limits)
    return parse_bytes_isolated(data, path.resolve().as_uri(), path.name, limits)


def parse_bytes_isolated(data: bytes, uri: str, name: str, limits: Limits) -> Document:
    text = run_limited(_parse_json, (data, uri, name, limits), limits, "parsing")
    return Document.model_validate_json(text)


def _parse_json(data: bytes, uri: str, name: str, limits: Limits) -> str:
    return parse_bytes(data, uri, name, limits).model_dump_json(exclude_computed_fields=True)


# A child that ran out its wall clock having used less CPU than this was waiting, not
# working: most likely on a lock another thread of the parent held when it forked (a
# Prefect worker forks while other task threads run). That is no fault of the document,
# so it gets one more try, in a child of the forkserver; a busy child is not retried.
STUCK_CPU_S = 1.0


def run_limited(fn: Callable[..., Any], args: tuple, limits: Limits, what: str,
                setting: str = "CANDOR_PARSE_TIMEOUT_S") -> Any:
    """`fn(*args)` in a forked child under `limits` (memory, CPU, wall clock `timeout_s`,
    named by `setting` in messages); its result comes back pickled. `what` names the work
    in error messages ("parsing")."""
    try:
        outcome = _run_once(fn, args, limits, what, _CTX, setting)
    except _Stuck:
        try:
            outcome = _run_once(fn, args, limits, what, _clean_or_fork(fn, args), setting)
        except _Stuck:
            raise TooLarge(f"{what} took longer than {limits.timeout_s:g} s ({setting})") from None
    if outcome[0] == "ok":
        return outcome[1]
    raise from_code(outcome[1], outcome[2])


def _clean_or_fork(fn: Callable[..., Any], args: tuple):
    """The forkserver needs the work pickled; a closure (a test's fake model) cannot be,
    and is retried in a fork instead."""
    try:
        pickle.dumps((fn, args))
    except Exception:  # noqa: BLE001 - anything pickle refuses
        return _CTX
    return _CLEAN


class _Stuck(Exception):
    """The child ran out its wall clock without working (see STUCK_CPU_S)."""


def _run_once(fn: Callable[..., Any], args: tuple, limits: Limits, what: str, ctx, setting: str) -> tuple:
    receive, send = ctx.Pipe(duplex=False)
    child = ctx.Process(target=_child, args=(send, fn, args, limits, what), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.timeout_s):
            if cpu_seconds(child.pid) < STUCK_CPU_S:
                raise _Stuck()
            raise TooLarge(f"{what} took longer than {limits.timeout_s:g} s ({setting})")
        try:
            return receive.recv()
        except EOFError:
            child.join(5)
            raise _died(child.exitcode, limits, what) from None
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()


def _child(send, fn, args: tuple, limits: Limits, what: str) -> None:
    limit_this_process(limits)
    if os.environ.get("CANDOR_TRACE_TIMEOUTS"):  # the tests set it: a stuck child (see
        # STUCK_CPU_S) then says on stderr, just before its wall clock runs out, where it waits
        faulthandler.dump_traceback_later(max(1.0, limits.timeout_s - 1), exit=False)
    try:
        outcome = ("ok", fn(*args))
    except CandorError as e:
        outcome = ("error", e.code.value, e.message)
    except MemoryError:
        outcome = ("error", "too_large", f"{what} needed more than {limits.memory_mb} MiB (CANDOR_PARSE_MEMORY_MB)")
    except RecursionError:
        outcome = ("error", "corrupt", "the document's structure nests without end (a reference loop)")
    except Exception as e:  # a bug or a malformed file no check caught: report, never leak
        outcome = ("error", "corrupt", f"{what} failed on this document ({type(e).__name__}: {str(e)[:200]})")
    try:
        send.send(outcome)
    except MemoryError:
        send.send(("error", "too_large", f"the result of {what} is over the memory limit"))
    send.close()
    os._exit(0)  # skip atexit and finalizers inherited from the parent


def limit_this_process(limits: Limits) -> None:
    """Address-space and CPU limits for a forked child. The memory limit is on what the
    work adds: the child starts with its parent's address space, which holds the ONNX
    model once `candor review` or a worker has loaded it."""
    cap = _address_space() + limits.memory_mb * 1024 * 1024
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    # CPU time of all threads: the model scores on up to two, so the wall clock (kept by
    # the parent) is what binds; this limit catches a child whose parent is gone.
    cpu = int(limits.timeout_s * max(2, os.cpu_count() or 1)) + 1
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))


def _address_space() -> int:
    """Bytes of address space this process already has (VmSize), 0 if unknown."""
    try:
        with open("/proc/self/status") as f:
            for line in f:
                if line.startswith("VmSize:"):
                    return int(line.split()[1]) * 1024
    except OSError:
        pass
    return 0


def _died(exitcode: int | None, limits: Limits, what: str) -> CandorError:
    if exitcode is not None and exitcode < 0:
        sig = -exitcode
        if sig in (signal.SIGXCPU, signal.SIGKILL):
            return TooLarge(f"{what} ran over its CPU limit of {limits.timeout_s:g} s")
        return Corrupt(f"{what} crashed on this document (signal {signal.Signals(sig).name})")
    return Corrupt(f"{what} stopped without a result (exit status {exitcode})")
