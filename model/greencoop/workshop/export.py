"""Saved choices as scenario files, so researchers can follow up on what groups tried.

Each save becomes one scenario YAML that ``greencoop validate`` and ``greencoop
run`` accept (see :mod:`greencoop.experiments.scenarios`): the group's choices as its
parameters, as many seeds as the group saw, and where it came from (session,
group, module, prediction and reflection) in its description.

Example:
    >>> from greencoop.workshop.session import GroupSave
    >>> save = GroupSave("Bord 3", "03_reps", "nb", {"rep_release_hours": 10.0}, {}, {}, "",
    ...                  "2025-03-14T10:00:00+00:00")
    >>> print(scenario_yaml(save, "2025-03-14").split("seeds:")[1])
     20
    parameters:
      rep_release_hours: 10.0
    <BLANKLINE>
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from pathlib import Path

import yaml

from greencoop.files import write_text_atomically
from greencoop.text import LANGUAGES, format_number, text
from greencoop.workshop.modules import module
from greencoop.workshop.session import GroupSave

#: Seeds written when a save records none (the research scenarios' usual number).
DEFAULT_SEEDS = 20


def scenario_yaml(save: GroupSave, session: str) -> str:
    """The scenario file for one save, as YAML text."""
    title = module(save.module).title
    seeds = save.outcome.get("seeds", DEFAULT_SEEDS)
    scenario = {
        "name": f"{save.group}: {title['en']} (workshop {session})",
        "description": {lang: _description(save, session, lang) for lang in LANGUAGES},
        "seeds": seeds,
        "parameters": dict(save.choices),
    }
    header = (f"# Exported by `greencoop export` from workshop session {session}: group {save.group!r},\n"
              f"# module {save.module}, saved {save.saved_at}.\n")
    return header + yaml.safe_dump(scenario, allow_unicode=True, sort_keys=False, width=100)


def select(saves: Sequence[GroupSave], group: str | None = None, module_id: str | None = None) -> list[GroupSave]:
    """The saves of ``group`` (compared without case or surrounding spaces) in ``module_id``; None means all."""
    wanted = group.strip().casefold() if group is not None else None
    return [s for s in saves
            if (wanted is None or s.group.casefold() == wanted) and (module_id is None or s.module == module_id)]


def export_saves(saves: Sequence[GroupSave], session: str, folder: Path) -> list[Path]:
    """Write one scenario file per save into ``folder`` (created if missing); return their paths.

    Files are named ``<session>-<n>-<module>-<group>.yaml``, ``n`` counting the
    given saves from 1, and each is written atomically.
    """
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for number, save in enumerate(saves, start=1):
        path = folder / f"{session}-{number:03d}-{save.module}-{slug(save.group)}.yaml"
        write_text_atomically(path, scenario_yaml(save, session))
        paths.append(path)
    return paths


def slug(text: str) -> str:
    """A file-name-safe ASCII form of a group name: ``"Bord 3 – Bodø"`` -> ``"bord-3-bodo"``."""
    folded = text.casefold().replace("æ", "ae").replace("ø", "o").replace("å", "a")
    ascii_text = unicodedata.normalize("NFKD", folded).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-") or "group"


def _description(save: GroupSave, session: str, lang: str) -> str:
    parts = [text("export.description", lang, group=save.group, module=module(save.module).title[lang],
                  session=session)]
    if save.prediction:
        parts.append(text("export.predicted", lang, value=format_number(save.prediction["value"], lang, 2, trim=True),
                          outcome=save.prediction["outcome"]))
    if save.reflection:
        parts.append(text("export.reflection", lang, reflection=save.reflection))
    return " ".join(parts)
