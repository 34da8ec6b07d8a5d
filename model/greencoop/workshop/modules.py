"""The workshop modules a group saves its choices from: titles, levers and discussion questions.

Read once from ``data/modules.yaml``, so the session log, the debrief, the
facilitator dashboard and the handouts name the same modules with the same
words, in Bokmål and English.

Example:
    >>> module("03_reps").levers
    ('rep_release_hours', 'competing_agenda_hours', 'training_per_year')
    >>> module("06_sandbox").title["en"]
    'Sandbox'
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from greencoop.files import load_yaml
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS, PARAMETERS_BY_NAME, Params

#: Parameters describing which municipality is modelled; a group may set them in any module.
SETTING_PARAMETERS = tuple(p.name for p in PARAMETERS if p.group == "municipality")


@dataclass(frozen=True)
class Module:
    """One workshop module that has a "save our choices" step.

    Attributes:
        id: the notebook's name without ``.ipynb``, e.g. ``"03_reps"``.
        title: Bokmål and English titles.
        context: the short introduction participants read first, Bokmål and English.
        question: the research question (1-5) it serves, or None for the sandbox.
        levers: the parameters the group chooses in it, in the order shown.
        questions: discussion questions per language.
        start: where the group's choice starts, for levers not at today's practice (the declared defaults).
        panels: outcomes its levers move first, charted besides emissions, engagement, trust and workload.
    """

    id: str
    title: dict[str, str]
    context: dict[str, str]
    question: int | None
    levers: tuple[str, ...]
    questions: dict[str, tuple[str, ...]]
    start: dict[str, Any]
    panels: tuple[str, ...] = ()

    @property
    def number(self) -> str:
        """The two-digit module number shown to participants."""
        return self.id[:2]

    @property
    def sandbox(self) -> bool:
        """The sandbox offers every lever and compares several choices side by side."""
        return self.question is None

    def allows(self, name: str) -> bool:
        """Whether a group may save a choice of parameter ``name`` in this module."""
        return name in self.levers or name in SETTING_PARAMETERS

    def reference(self, choices: dict[str, Any]) -> Params:
        """What the group's choices are compared against: the declared defaults, in the same municipality."""
        return Params(**{name: value for name, value in choices.items() if name in SETTING_PARAMETERS})


@cache
def modules() -> dict[str, Module]:
    """Every module with a save step, by id, in workshop order."""
    raw = load_yaml(resources.files("greencoop").joinpath("data/modules.yaml").read_text(encoding="utf-8"))
    found = {}
    for module_id, entry in raw.items():
        levers = ALL_LEVERS if entry["levers"] == "all" else tuple(entry["levers"])
        unknown = [name for name in levers if PARAMETERS_BY_NAME.get(name) is None]
        if unknown:
            raise ValueError(f"data/modules.yaml: module {module_id!r} names unknown parameters {unknown}")
        panels = tuple(entry.get("panels", ()))
        unknown = [name for name in panels if name not in OUTCOMES_BY_NAME]
        if unknown:
            raise ValueError(f"data/modules.yaml: module {module_id!r} charts unknown outcomes {unknown}; "
                             f"outcomes: {', '.join(OUTCOMES_BY_NAME)}")
        found[module_id] = Module(
            id=module_id,
            title=dict(entry["title"]),
            context=dict(entry["context"]),
            question=entry["question"],
            levers=levers,
            questions={lang: tuple(texts) for lang, texts in entry["questions"].items()},
            start=Params(**entry.get("start", {})).overrides(),
            panels=panels,
        )
    return found


ALL_LEVERS = tuple(p.name for p in PARAMETERS if p.group == "lever")


def module(module_id: str) -> Module:
    """The module called ``module_id``.

    Raises:
        ValueError: naming the known modules.
    """
    try:
        return modules()[module_id]
    except KeyError:
        raise ValueError(f"unknown module {module_id!r}; modules: {', '.join(modules())}") from None
