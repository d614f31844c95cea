"""Leftover Prefect run folders: old ones go, young ones and anything else stay."""

import os
import time

from infra.workspaces import DAY_S, clean


def test_only_old_run_folders_are_removed(tmp_path):
    now = time.time()

    def made(name, age_s, folder=True):
        path = tmp_path / name
        path.mkdir() if folder else path.write_text("x")
        if folder:
            (path / "supervisor.json").write_text("{}")
        os.utime(path, (now - age_s, now - age_s))
        return path

    old = [made("prefect-workspace-attempt-uu4z8r9z", 2 * DAY_S), made("tmph1n5lf1nprefect", DAY_S + 60)]
    young = made("prefect-workspace-attempt-abc12345", 3600)
    others = [made("tmph1n5lf1nother", 3 * DAY_S), made("tmpshortprefect", 3 * DAY_S),
              made("prefect-workspace-attempt-file", 3 * DAY_S, folder=False)]
    assert sorted(clean(tmp_path, now=now)) == sorted(old)
    assert not any(p.exists() for p in old)
    assert young.exists() and all(p.exists() for p in others)
    assert clean(tmp_path, now=now) == []
