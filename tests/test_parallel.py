"""fork_map: results in order, worker errors raised as typed errors, and never a hang
when a worker waits on a lock that another thread held at fork time."""

import os
import threading
import time

import pytest

from extractors import parallel
from extractors.errors import Corrupt
from extractors.parallel import fork_map

LOCK = threading.Lock()
PARENT = os.getpid()


def _square_where(x: int) -> tuple[int, int]:
    return x * x, os.getpid()


def _square_under_lock(x: int) -> tuple[int, int]:
    with LOCK:  # in a child forked while another thread held LOCK, this waits forever
        return x * x, os.getpid()


def _busy_then_square(x: int) -> tuple[int, int]:
    end = time.process_time() + 1.5
    while time.process_time() < end:
        pass
    return x * x, os.getpid()


def _spins_in_children(x: int) -> tuple[int, int]:
    while os.getpid() != PARENT:  # as on a spin lock no thread will free
        pass
    return x * x, os.getpid()


def _fails_in_children(x: int) -> int:
    if x < 3:
        raise ValueError(f"chunk {x}")
    return x


def _dies_in_children(x: int) -> int:
    if x < 3:
        os._exit(3)
    return x


def test_results_come_back_in_chunk_order_from_other_processes():
    results = fork_map(_square_where, [(1,), (2,), (3,)])
    assert [r for r, _ in results] == [1, 4, 9]
    pids = [p for _, p in results]
    assert pids[-1] == os.getpid() and os.getpid() not in pids[:-1]


def test_an_error_in_a_worker_is_raised_in_the_caller():
    with pytest.raises(ValueError, match="chunk 1"):
        fork_map(_fails_in_children, [(1,), (3,)])


def test_a_worker_that_dies_is_a_typed_error():
    with pytest.raises(Corrupt, match="exit status 3"):
        fork_map(_dies_in_children, [(1,), (3,)])


def _run_with_lock_held_by_another_thread(chunks, hold_s: float):
    """fork_map while a second thread holds LOCK for `hold_s`, in a thread of its own so
    that a hang shows as a result that never came."""
    taken, out = threading.Event(), []

    def holder():
        with LOCK:
            taken.set()
            time.sleep(hold_s)

    threading.Thread(target=holder, daemon=True).start()
    taken.wait()
    runner = threading.Thread(target=lambda: out.append(fork_map(_square_under_lock, chunks, grace_s=0.5)), daemon=True)
    runner.start()
    runner.join(60)
    assert not runner.is_alive(), "fork_map hung on a worker that waits on an inherited lock"
    return out[0]


def test_a_worker_stuck_on_an_inherited_lock_is_replaced_by_this_process():
    results = _run_with_lock_held_by_another_thread([(2,), (3,), (4,)], hold_s=1.0)
    assert [r for r, _ in results] == [4, 9, 16]
    # the forked workers never got the lock: their chunks were read here
    assert [p for _, p in results] == [os.getpid()] * 3


def test_a_busy_worker_is_left_to_finish():
    results = fork_map(_busy_then_square, [(2,), (3,)], grace_s=0.2)
    assert [r for r, _ in results] == [4, 9]
    assert results[0][1] != os.getpid()


def test_a_worker_busy_far_past_the_parents_time_is_replaced(monkeypatch):
    monkeypatch.setattr(parallel, "BUSY_MIN_S", 1.0)
    results = fork_map(_spins_in_children, [(2,), (3,)], grace_s=0.2)
    assert results == [(4, os.getpid()), (9, os.getpid())]
