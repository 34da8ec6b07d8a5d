"""The session record: what every group chose, predicted, saw and said, in one log per workshop.

Each workshop is a *session* with a name (by default today's date), and its
log is one file of JSON lines, ``<sessions dir>/<session>.jsonl``. Every save
from a module's "save our choices" step appends one line. The log is
append-only and safe for many kernels saving at the same moment:

- each record is written with one ``write`` to a file opened with
  ``O_APPEND``, under an exclusive ``flock``, and ``fsync``-ed before the
  call returns, so a save that returned survives a crash of the kernel or
  the machine;
- a crash in the middle of a write can leave at most the last line torn;
  readers skip such a line (with a :class:`SessionWarning`), and the next
  save first ends it with a newline, so no later record is ever glued to it.

Saves hold a group name only, never a person's name: the facilitator guides
ask groups to use a table number or a made-up name.

Where the logs are (:func:`sessions_dir`): the folder named by the
``GREENCOOP_SESSIONS`` environment variable; otherwise ``sessions/`` at the
root of the repository the package runs from (so every notebook, whatever
its working folder, writes to the same place); otherwise ``sessions/`` in the
current folder. The folder is not tracked by git.

Example:
    >>> save = GroupSave(group="Bord 3", module="03_reps", lang="nb", choices={"rep_release_hours": 10},
    ...                  prediction={"outcome": "reduction_pct", "value": 12.0, "note": ""},
    ...                  outcome={}, reflection="Tid hjelper.")
    >>> save.checked().choices
    {'rep_release_hours': 10.0}
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import math
import os
import re
import sys
import warnings
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, fields, replace
from pathlib import Path
from typing import Any

from greencoop.errors import ParameterError
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import Params
from greencoop.text import LANGUAGES
from greencoop.workshop.modules import modules

#: Longest group name, reflection and prediction note accepted, in characters.
MAX_GROUP = 60
MAX_REFLECTION = 4000
MAX_NOTE = 1000
#: Version of the record layout, written into every line.
RECORD_FORMAT = 1

_SESSION_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")
_OUTCOME_FIELDS = ("median", "low", "high", "baseline_median")


class SessionError(ValueError):
    """A save or a session that cannot be used; the message says what and how to fix it.

    Problems a group can fix on the page also carry ``reason``, the key of the
    same advice in the text catalogue (section ``save.errors``), and the values
    it is filled in with, so the page says it in its own language.
    """

    def __init__(self, message: str, reason: str = "", **values: Any):
        super().__init__(message)
        self.reason = reason
        self.values = values


class SessionWarning(UserWarning):
    """A line of a session log was skipped because it is not a whole record (torn by a crash)."""


@dataclass(frozen=True)
class GroupSave:
    """One group's saved choices in one module.

    Attributes:
        group: the group's name as typed (no personal data), 1-60 characters once trimmed.
        module: the module id, e.g. ``"03_reps"`` (see :func:`greencoop.workshop.modules.modules`).
        lang: ``"nb"`` or ``"en"``, the language the group worked in.
        choices: parameter values by name; the module's levers, and optionally the
            municipality, size or horizon. Must validate with :class:`~greencoop.params.Params`.
        prediction: the group's guess before seeing results,
            ``{"outcome": "reduction_pct", "value": 12.0, "note": "..."}``, or ``{}`` if none.
        outcome: what the group saw at the end of the horizon, ``{"outcome": "reduction_pct",
            "median": 9.1, "low": 6.0, "high": 12.3, "baseline_median": 3.2, "seeds": 10}``,
            or ``{}`` if they saved before running.
        reflection: the group's short reflection, free text.
        saved_at: ISO 8601 time in UTC; filled by :func:`append_save` when empty.
    """

    group: str
    module: str
    lang: str
    choices: dict[str, Any]
    prediction: dict[str, Any]
    outcome: dict[str, Any]
    reflection: str
    saved_at: str = ""

    def checked(self) -> GroupSave:
        """This save validated and normalised (trimmed texts, choices as declared, time filled in).

        Raises:
            SessionError: naming the field, what was wrong and what is allowed.
        """
        group = _text("group", self.group, MAX_GROUP).strip()
        if not group:
            raise SessionError("the group name is empty; type your group's name (a table number or a made-up "
                               "name, no personal names)", "group_empty")
        if self.module not in modules():
            raise SessionError(f"unknown module {self.module!r}; modules: {', '.join(modules())}")
        if self.lang not in LANGUAGES:
            raise SessionError(f"language {self.lang!r} is not one of: {', '.join(LANGUAGES)}")
        return replace(
            self,
            group=group,
            choices=_checked_choices(self.module, self.choices),
            prediction=_checked_prediction(self.prediction),
            outcome=_checked_outcome(self.outcome),
            reflection=_text("reflection", self.reflection, MAX_REFLECTION, lines=True).strip(),
            saved_at=_checked_time(self.saved_at),
        )

    def params(self) -> Params:
        """The group's choices as a parameter set (everything else at its default)."""
        return Params(**self.choices)

    def to_json(self) -> str:
        """One line of JSON (no newline inside), as stored in the log."""
        return json.dumps({"format": RECORD_FORMAT, **asdict(self)}, ensure_ascii=False, separators=(",", ":"))

    @classmethod
    def from_record(cls, record: Any) -> GroupSave:
        """Rebuild a save from one parsed log line.

        Raises:
            SessionError: if the record lacks a field or a field has the wrong type.
        """
        if not isinstance(record, dict):
            raise SessionError("a record is not a JSON object")
        values = {}
        for f in fields(cls):
            value = record.get(f.name, "" if f.name == "saved_at" else None)
            expected = dict if f.type == "dict[str, Any]" else str
            if not isinstance(value, expected):
                raise SessionError(f"field {f.name!r} is missing or not a {expected.__name__}")
            values[f.name] = value
        return cls(**values)


@dataclass(frozen=True)
class Latest:
    """A group's most recent save in one module, and how many it made there before it."""

    save: GroupSave
    earlier: int


def latest_saves(saves: Sequence[GroupSave]) -> list[Latest]:
    """Each group's most recent save in each module, in module order, then by group name.

    Group names are compared without case, so "Bord 3" and "bord 3" in two tabs are one group, and sorted
    as a room numbers its tables: "Bord 2" before "Bord 10". The debrief and the dashboard show these, with
    the number of earlier saves, not every save.
    """
    latest: dict[tuple[str, str], GroupSave] = {}
    counts: Counter[tuple[str, str]] = Counter()
    for save in sorted(saves, key=lambda s: s.saved_at):  # stable: saves made in one second stay in log order
        key = (save.module, save.group.casefold())
        latest[key] = save
        counts[key] += 1
    order = list(modules())
    return [Latest(save, counts[key] - 1) for key, save in
            sorted(latest.items(), key=lambda item: (order.index(item[0][0]), _numbered(item[0][1])))]


def _numbered(name: str) -> tuple[tuple[int, int | str], ...]:
    """A name's sort key with its numbers compared as numbers: "bord 2" < "bord 10"."""
    return tuple((0, int(part)) if part.isdecimal() else (1, part) for part in re.split(r"(\d+)", name) if part)


def latest_save_of(group: str, module: str, session: str | None = None) -> GroupSave | None:
    """The group's latest save in ``module`` this session (the current one by default), or None if there is none.

    The group is named as :func:`latest_saves` compares names (without case); a log that is missing or
    cannot be read has no save, and a torn line in it is skipped without a word.
    """
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", SessionWarning)
            saves = read_session(session if session is not None else current_session())
    except (SessionError, OSError):
        return None
    mine = [s for s in saves if s.module == module and s.group.casefold() == group.strip().casefold()]
    return next((latest.save for latest in latest_saves(mine)), None)


def local_time(saved_at: str, with_date: bool = False) -> str:
    """A save's time (stored in UTC) as the room's clock showed it: ``"10:15"``, or ``"2025-03-14 10:15"``."""
    try:
        moment = dt.datetime.fromisoformat(saved_at).astimezone()
    except ValueError:
        return saved_at
    return moment.strftime("%Y-%m-%d %H:%M" if with_date else "%H:%M")


def guess_decimals(guess: float) -> int:
    """Decimals a guess is written with, as the group typed it: ``12`` or ``12,5``."""
    return 0 if float(guess).is_integer() else 1


def sessions_dir() -> Path:
    """The folder holding the session logs (see the module docstring for the rule)."""
    configured = os.environ.get("GREENCOOP_SESSIONS", "").strip()
    if configured:
        return Path(configured).expanduser()
    checkout = Path(__file__).resolve().parents[3]
    if (checkout / "pyproject.toml").is_file() and (checkout / "workshops").is_dir():
        return checkout / "sessions"
    return Path.cwd() / "sessions"


def current_session() -> str:
    """The session saves go to: ``GREENCOOP_SESSION`` if set, otherwise today's date (``YYYY-MM-DD``)."""
    return check_session_name(os.environ.get("GREENCOOP_SESSION", "").strip() or dt.date.today().isoformat())


def check_session_name(name: str) -> str:
    """Return ``name`` if it can name a session log file.

    Raises:
        SessionError: if it has characters other than letters, digits, ``.``, ``_``, ``-``.
    """
    if not isinstance(name, str) or not _SESSION_NAME.fullmatch(name):
        raise SessionError(f"session name {name!r} must be 1-64 characters: ASCII letters, digits, '.', '_' or "
                           "'-', starting with a letter or digit (e.g. 2025-03-14 or bodo-morning)")
    return name


def session_path(session: str) -> Path:
    """The log file of ``session``."""
    return sessions_dir() / f"{check_session_name(session)}.jsonl"


def list_sessions() -> list[str]:
    """Names of the sessions that have a log, sorted."""
    folder = sessions_dir()
    if not folder.is_dir():
        return []
    return sorted(p.stem for p in folder.glob("*.jsonl") if _SESSION_NAME.fullmatch(p.stem))


def append_save(save: GroupSave, session: str | None = None) -> Path:
    """Validate ``save`` and append it to the session's log as one whole line; return the log's path.

    Safe when many processes save to the same log at once, and durable: the
    record is on disk when this returns.

    Raises:
        SessionError: if the save or the session name is invalid (nothing is written).
    """
    line = (save.checked().to_json() + "\n").encode("utf-8")
    path = session_path(session if session is not None else current_session())
    path.parent.mkdir(parents=True, exist_ok=True)
    created = not path.exists()
    fd = os.open(path, os.O_RDWR | os.O_APPEND | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o644)
    try:
        with _locked(fd, exclusive=True):
            size = os.fstat(fd).st_size
            if size and _last_byte(fd, size) != b"\n":
                line = b"\n" + line  # a crash tore the last record: end it, so this one stays whole
            _write_all(fd, line)
            os.fsync(fd)
    finally:
        os.close(fd)
    if created:
        _sync_folder(path.parent)
    return path


def read_session(session: str) -> list[GroupSave]:
    """Every whole save in the session's log, in the order saved.

    A line that is not a whole record (a save torn by a crash) is skipped with
    a :class:`SessionWarning` naming the file and line.

    Raises:
        SessionError: if the session has no log, naming the sessions that do.
    """
    path = session_path(session)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        known = ", ".join(list_sessions()) or "none yet"
        raise SessionError(f"no session {session!r} in {path.parent} (sessions there: {known})") from None
    try:
        with _locked(fd, exclusive=False), os.fdopen(os.dup(fd), "rb") as log:
            data = log.read()
    finally:
        os.close(fd)
    saves = []
    for number, raw in enumerate(data.split(b"\n"), start=1):
        if not raw.strip():
            continue
        try:
            saves.append(GroupSave.from_record(json.loads(raw)))
        except (ValueError, SessionError):
            warnings.warn(f"{path}:{number}: skipped a line that is not a whole save (torn by a crash?)",
                          SessionWarning, stacklevel=2)
    return saves


def _checked_choices(module_id: str, choices: Any) -> dict[str, Any]:
    if not isinstance(choices, dict):
        raise SessionError(f"choices must be a mapping of parameter names to values, got {choices!r}")
    module = modules()[module_id]
    for name in choices:
        if not module.allows(name):
            raise SessionError(f"parameter {name!r} is not a choice in module {module_id}; its choices: "
                               f"{', '.join(module.levers)} (and municipality, employees, horizon_years)")
    try:
        values = Params(**choices).as_dict()
    except ParameterError as error:
        raise SessionError(f"invalid choice: {error}") from None
    return {name: values[name] for name in choices}


def _checked_prediction(prediction: Any) -> dict[str, Any]:
    if not isinstance(prediction, dict):
        raise SessionError(f"prediction must be a mapping (or empty), got {prediction!r}")
    if not prediction:
        return {}
    unknown = set(prediction) - {"outcome", "value", "note"}
    if unknown:
        raise SessionError(f"prediction has unknown fields {sorted(unknown)}; allowed: outcome, value, note")
    return {
        "outcome": _outcome_name("prediction", prediction.get("outcome")),
        "value": _finite("prediction value", prediction.get("value")),
        "note": _text("note", prediction.get("note", ""), MAX_NOTE, lines=True).strip(),
    }


def _checked_outcome(outcome: Any) -> dict[str, Any]:
    if not isinstance(outcome, dict):
        raise SessionError(f"outcome must be a mapping (or empty), got {outcome!r}")
    if not outcome:
        return {}
    expected = {"outcome", "seeds", *_OUTCOME_FIELDS}
    if set(outcome) != expected:
        raise SessionError(f"outcome must have exactly the fields {', '.join(sorted(expected))}; "
                           f"got {', '.join(sorted(outcome))}")
    checked = {"outcome": _outcome_name("outcome", outcome["outcome"])}
    checked |= {name: _finite(f"outcome {name}", outcome[name]) for name in _OUTCOME_FIELDS}
    if not checked["low"] <= checked["median"] <= checked["high"]:
        raise SessionError(f"outcome must have low <= median <= high, got {checked['low']}, "
                           f"{checked['median']}, {checked['high']}")
    seeds = outcome["seeds"]
    if isinstance(seeds, bool) or not isinstance(seeds, int) or seeds < 1:
        raise SessionError(f"outcome seeds must be a whole number of runs, 1 or more, got {seeds!r}")
    return checked | {"seeds": seeds}


def _outcome_name(what: str, name: Any) -> str:
    if name not in OUTCOMES_BY_NAME:
        raise SessionError(f"{what} outcome {name!r} is not a recorded outcome (e.g. reduction_pct, "
                           f"emissions_total; see greencoop.outcomes)")
    return name


def _finite(what: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise SessionError(f"{what} must be a number, got {value!r}")
    return float(value)


#: What each text field is called in messages (the page names them in its own language: ``save.fields``).
_FIELD_NAMES = {"group": "group name", "reflection": "reflection", "note": "prediction note"}


def _text(field: str, value: Any, limit: int, lines: bool = False) -> str:
    what = _FIELD_NAMES[field]
    if not isinstance(value, str):
        raise SessionError(f"{what} must be text, got {value!r}")
    if len(value.strip()) > limit:
        raise SessionError(f"{what} is {len(value.strip())} characters; at most {limit} are kept",
                           "too_long", field=field, length=len(value.strip()), limit=limit)
    if _CONTROL.search(re.sub(r"[\n\r\t]", "", value) if lines else value):
        raise SessionError(f"{what} contains control characters{' (line breaks are not allowed)' if not lines else ''}",
                           "control", field=field)
    return value


def _checked_time(saved_at: str) -> str:
    if not saved_at:
        return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
    try:
        moment = dt.datetime.fromisoformat(saved_at)
    except (TypeError, ValueError):
        raise SessionError(f"saved_at {saved_at!r} is not an ISO 8601 time (e.g. 2025-03-14T10:15:00+00:00)") \
            from None
    if moment.utcoffset() is None:
        raise SessionError(f"saved_at {saved_at!r} has no time zone; give it in UTC (+00:00)")
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds")


def _last_byte(fd: int, size: int) -> bytes:
    os.lseek(fd, size - 1, os.SEEK_SET)  # writes still go to the end: the file is opened with O_APPEND
    return os.read(fd, 1)


def _write_all(fd: int, data: bytes) -> None:
    """Write ``data`` in one call; loop only if the system wrote less (the lock keeps it whole even then)."""
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view):]


@contextlib.contextmanager
def _locked(fd: int, exclusive: bool) -> Iterator[None]:
    """Hold a whole-file lock on ``fd``: exclusive for a writer, shared for a reader."""
    if sys.platform == "win32":  # pragma: no cover - CI runs on Linux
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK, 1)  # every writer and reader locks the first byte
        try:
            yield
        finally:
            os.lseek(fd, 0, os.SEEK_SET)
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        return
    import fcntl

    fcntl.flock(fd, fcntl.LOCK_EX if exclusive else fcntl.LOCK_SH)
    try:
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)


def _sync_folder(folder: Path) -> None:
    """Make a new file's name durable too (POSIX; Windows has no folder handles to sync)."""
    if sys.platform == "win32":  # pragma: no cover
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
