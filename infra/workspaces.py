"""Prefect's process worker makes temporary folders for each run (prefect-workspace-attempt-*
and tmp<8 characters>prefect) and removes them when the run ends; a killed worker or run
leaves them behind. They name no owner process, so age tells: `candor serve` removes
those older than a day when it starts. A live run's are younger, but for a run that has
waited a day for its reviewer, which is then at its time-out (review_document's wait_s).

    python -m infra.workspaces   (on a worker machine not started by `candor serve`)
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

PATTERNS = ("prefect-workspace-attempt-*", "tmp????????prefect")
DAY_S = 24 * 3600


def clean(folder: Path | None = None, max_age_s: float = DAY_S, now: float | None = None) -> list[Path]:
    """Remove the run folders under `folder` (the system's temporary folder) last changed
    over `max_age_s` ago; returns those removed. One that cannot be removed (another
    user's) is left."""
    folder, now = Path(folder or tempfile.gettempdir()), time.time() if now is None else now
    removed = []
    for pattern in PATTERNS:
        for path in sorted(folder.glob(pattern)):
            try:
                if path.is_dir() and not path.is_symlink() and now - path.stat().st_mtime > max_age_s:
                    shutil.rmtree(path)
                    removed.append(path)
            except OSError:
                continue
    return removed


if __name__ == "__main__":
    for gone in clean():
        print(f"removed {gone}")
