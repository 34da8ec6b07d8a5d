"""The session log: every save whole and present, with many writers at once, after crashes, and checked."""

import json
import multiprocessing
import re
from pathlib import Path

import pytest

from greencoop.workshop import session
from greencoop.workshop.session import GroupSave, SessionError, SessionWarning, append_save, read_session
from tests.session_writer import write_saves

WRITERS = 30
SAVES_PER_WRITER = 10


def make_save(**changes) -> GroupSave:
    values = dict(
        group="Bord 3", module="03_reps", lang="nb",
        choices={"rep_release_hours": 10, "training_per_year": 0.2},
        prediction={"outcome": "reduction_pct", "value": 12, "note": "mer tid gir mer"},
        outcome={"outcome": "reduction_pct", "median": 9.1, "low": 6.0, "high": 12.3,
                 "baseline_median": 3.2, "seeds": 10},
        reflection="Tid til vervet betyr mye.",
    )
    return GroupSave(**(values | changes))


@pytest.fixture(autouse=True)
def sessions(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "sessions"
    monkeypatch.setenv("GREENCOOP_SESSIONS", str(folder))
    monkeypatch.delenv("GREENCOOP_SESSION", raising=False)
    return folder


def test_a_save_comes_back_normalised_with_its_time(sessions):
    path = append_save(make_save(group="  Bord 3  "), "kurs-1")
    assert path == sessions / "kurs-1.jsonl"
    [saved] = read_session("kurs-1")
    assert saved.group == "Bord 3"
    assert saved.choices == {"rep_release_hours": 10.0, "training_per_year": 0.2}
    assert saved.prediction == {"outcome": "reduction_pct", "value": 12.0, "note": "mer tid gir mer"}
    assert saved.saved_at.endswith("+00:00")
    assert saved == make_save(saved_at=saved.saved_at).checked()


def test_the_default_session_is_today_or_the_environments(monkeypatch):
    import datetime as dt

    assert session.current_session() == dt.date.today().isoformat()
    monkeypatch.setenv("GREENCOOP_SESSION", "bodo-morning")
    append_save(make_save())
    assert session.list_sessions() == ["bodo-morning"]
    monkeypatch.setenv("GREENCOOP_SESSION", "../etc/passwd")
    with pytest.raises(SessionError, match=r"session name '\.\./etc/passwd' must be"):
        session.current_session()


def test_without_the_environment_logs_go_to_the_repository(monkeypatch):
    monkeypatch.delenv("GREENCOOP_SESSIONS")
    assert session.sessions_dir() == Path(__file__).resolve().parents[1] / "sessions"


def test_thirty_kernels_saving_at_once_lose_and_tear_nothing(sessions):
    context = multiprocessing.get_context("spawn")
    start = context.Barrier(WRITERS)
    writers = [context.Process(target=write_saves, args=(str(sessions), w, start, SAVES_PER_WRITER))
               for w in range(WRITERS)]
    for process in writers:
        process.start()
    for process in writers:
        process.join(timeout=300)
    assert [p.exitcode for p in writers] == [0] * WRITERS
    lines = (sessions / "busy.jsonl").read_bytes().split(b"\n")
    assert lines[-1] == b"" and len(lines) == WRITERS * SAVES_PER_WRITER + 1
    records = [json.loads(line) for line in lines[:-1]]  # every line is whole JSON
    seen = {tuple(r["reflection"].split(" ", 1)[0].split(":")) for r in records}
    assert seen == {(str(w), str(i)) for w in range(WRITERS) for i in range(SAVES_PER_WRITER)}
    assert all(r["reflection"].endswith("æøå klima") for r in records)
    assert len(read_session("busy")) == WRITERS * SAVES_PER_WRITER


def test_a_torn_last_line_is_skipped_and_the_next_save_stays_whole(sessions):
    append_save(make_save(group="A"), "crash")
    log = sessions / "crash.jsonl"
    whole = log.read_bytes()
    log.write_bytes(whole + whole[: len(whole) // 2])  # a crash in the middle of the second save
    with pytest.warns(SessionWarning, match=r"crash.jsonl:2: skipped a line"):
        assert [s.group for s in read_session("crash")] == ["A"]
    append_save(make_save(group="B"), "crash")
    with pytest.warns(SessionWarning, match=r"crash.jsonl:2: skipped"):
        assert [s.group for s in read_session("crash")] == ["A", "B"]
    assert log.read_bytes().endswith(b"\n")


def test_a_missing_session_names_the_ones_there(sessions):
    append_save(make_save(), "kurs-1")
    with pytest.raises(SessionError, match=r"no session 'kurs-2' in .*sessions \(sessions there: kurs-1\)"):
        read_session("kurs-2")


@pytest.mark.parametrize(("changes", "message"), [
    ({"group": "   "}, "the group name is empty"),
    ({"group": "x" * 61}, "group name is 61 characters; at most 60"),
    ({"group": "Bord\n3"}, "group name contains control characters"),
    ({"module": "07_extra"}, "unknown module '07_extra'; modules: 01_why, 02_agreement_to_practice"),
    ({"lang": "sv"}, "language 'sv' is not one of: nb, en"),
    ({"choices": {"rep_release_hours": 100}}, "invalid choice: parameter 'rep_release_hours' = 100 is outside"),
    ({"choices": {"climate_budget": 100}}, "'climate_budget' is not a choice in module 03_reps; its choices: "
                                           "rep_release_hours"),
    ({"choices": {"municipality": "Atlantis"}}, "invalid choice: "),
    ({"prediction": {"outcome": "reduction_pct", "value": "lots"}}, "prediction value must be a number"),
    ({"prediction": {"outcome": "happiness", "value": 3}}, "prediction outcome 'happiness' is not a recorded"),
    ({"outcome": {"outcome": "reduction_pct", "median": 9}}, "outcome must have exactly the fields"),
    ({"outcome": {"outcome": "reduction_pct", "median": 9, "low": 10, "high": 12, "baseline_median": 3,
                  "seeds": 10}}, "low <= median <= high"),
    ({"outcome": {"outcome": "reduction_pct", "median": 9, "low": 6, "high": 12, "baseline_median": 3,
                  "seeds": 0}}, "seeds must be a whole number of runs"),
    ({"saved_at": "yesterday"}, "saved_at 'yesterday' is not an ISO 8601 time"),
])
def test_a_wrong_save_is_refused_with_a_clear_message_and_nothing_written(sessions, changes, message):
    with pytest.raises(SessionError, match=re.escape(message)):
        append_save(make_save(**changes), "kurs-1")
    assert not (sessions / "kurs-1.jsonl").exists()


def test_the_sandbox_takes_every_lever_and_any_module_the_municipality():
    save = make_save(module="06_sandbox", choices={"climate_budget": 3000, "union_toolkit": 0.3,
                                                   "municipality": "Tromsø", "horizon_years": 5})
    assert save.checked().params().climate_budget == 3000.0
    append_save(make_save(choices={"municipality": "Tromsø"}), "kurs-1")
