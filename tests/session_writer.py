"""A workshop kernel saving to the session log, for the concurrency test (kept out of the test module,
so each spawned process imports only this and the session log, not pytest)."""

import os

from greencoop.workshop.session import GroupSave, append_save


def write_saves(folder: str, writer: int, start, count: int) -> None:
    """Wait for the other writers, then save ``count`` times as fast as possible."""
    os.environ["GREENCOOP_SESSIONS"] = folder
    start.wait()
    for i in range(count):
        # Long reflections (several kB in UTF-8) make a torn or interleaved write visible.
        append_save(GroupSave(
            group=f"Gruppe {writer}", module="03_reps", lang="nb", choices={"rep_release_hours": 10},
            prediction={}, outcome={}, reflection=f"{writer}:{i} " + "æøå klima " * 300,
        ), "busy")
