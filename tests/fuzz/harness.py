"""Run one input through the readers in a forked child and say how it ended.

The readers promise a Document or a typed CandorError. Anything else is a finding: an
unexpected exception (a reader bug a crafted file can reach), a child killed by a signal
(a native crash in PDFium or lxml), or a child still running after the time limit (a
hang). Used by the fuzzer (`python -m tests.fuzz.fuzz_readers`) and by the regression
test over the files it saved (`tests/test_fuzz_regressions.py`).
"""

from __future__ import annotations

import multiprocessing
import os
import traceback
from dataclasses import dataclass

from extractors.errors import CandorError
from extractors.isolate import limit_this_process
from extractors.parse import parse_bytes
from schemas import Limits

_CTX = multiprocessing.get_context("fork")
ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
# workers=1: the fuzzer measures the readers, not fork_map; tighter time than production
# so that a hang is found in seconds.
LIMITS = Limits(workers=1, timeout_s=20, memory_mb=1024)


@dataclass(frozen=True)
class Ending:
    kind: str  # ok | typed | unexpected | signal | hang
    detail: str = ""  # error code, exception type and place, signal name
    trace: str = ""

    @property
    def is_finding(self) -> bool:
        return self.kind in ("unexpected", "signal", "hang")


def run_case(data: bytes, name: str, limits: Limits = LIMITS) -> Ending:
    receive, send = _CTX.Pipe(duplex=False)
    child = _CTX.Process(target=_child, args=(send, data, name, limits), daemon=True)
    child.start()
    send.close()
    try:
        if not receive.poll(limits.timeout_s + 5):  # the child's own limits should end it first
            return Ending("hang", f"still running after {limits.timeout_s + 5:g} s")
        try:
            return receive.recv()
        except EOFError:
            child.join(5)
            code = child.exitcode or 0
            if code < 0:
                import signal

                name_ = signal.Signals(-code).name
                if name_ == "SIGXCPU":  # over the CPU limit: the product reports too_large
                    return Ending("typed", "too_large (cpu)")
                return Ending("signal", name_)
            return Ending("signal", f"exit {code}")
    finally:
        if child.is_alive():
            child.kill()
        child.join(5)
        receive.close()


def _child(send, data: bytes, name: str, limits: Limits) -> None:
    limit_this_process(limits)  # the same limits as production's parsing child
    try:
        parse_bytes(data, "fuzz://" + name, name, limits)
        ending = Ending("ok")
    except CandorError as e:
        ending = Ending("typed", e.code.value)
    except MemoryError:
        ending = Ending("typed", "too_large (memory)")  # the address-space limit did its job
    except BaseException as e:  # noqa: BLE001 - this is what the fuzzer is looking for
        frames = traceback.extract_tb(e.__traceback__)
        ours = [f for f in frames if f.filename.startswith(ROOT) and "/tests/" not in f.filename]
        where = ours[-1] if ours else frames[-1]
        place = f"{os.path.relpath(where.filename, ROOT)}:{where.lineno}"
        deepest = f"{os.path.basename(frames[-1].filename)}:{frames[-1].lineno}"
        ending = Ending("unexpected", f"{type(e).__name__} at {place} ({deepest})",
                        "".join(traceback.format_exception(e))[-4000:])
    send.send(ending)
    send.close()
    os._exit(0)

