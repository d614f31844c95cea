"""The child that runs untrusted work: a child that waited out its wall clock without
working (a lock inherited at fork) gets one more try, from a clean process; one that
was busy does not."""

import os
import time
from pathlib import Path

import pytest

from extractors.errors import TooLarge
from extractors.isolate import run_limited
from schemas import Limits


def _attempt(marks: Path) -> int:
    """Count this attempt in `marks` (one line per child) and return its number."""
    with marks.open("a") as f:
        f.write("x\n")
    return len(marks.read_text().splitlines())


def _waits_the_first_time(marks: Path) -> int:
    if _attempt(marks) == 1:
        time.sleep(30)  # blocked, using no CPU, as on a lock no thread will free
    return os.getppid()


def _always_waits(marks: Path) -> str:
    _attempt(marks)
    time.sleep(30)
    return "never"


def _busy(marks: Path) -> str:
    _attempt(marks)
    while True:  # works, burning CPU, past the wall clock
        pass


def test_a_stuck_child_gets_one_more_try(tmp_path):
    marks = tmp_path / "marks"
    parent = run_limited(_waits_the_first_time, (marks,), Limits(timeout_s=2), "testing")
    assert len(marks.read_text().splitlines()) == 2
    assert parent != os.getpid(), "the retry is a child of the forkserver, not a fork of this process"


def test_a_child_stuck_twice_is_a_typed_error(tmp_path):
    marks = tmp_path / "marks"
    with pytest.raises(TooLarge, match="testing took longer than 2 s"):
        run_limited(_always_waits, (marks,), Limits(timeout_s=2), "testing")
    assert len(marks.read_text().splitlines()) == 2


def test_a_busy_child_is_not_retried(tmp_path):
    marks = tmp_path / "marks"
    with pytest.raises(TooLarge):
        run_limited(_busy, (marks,), Limits(timeout_s=4), "testing")
    assert len(marks.read_text().splitlines()) == 1
