"""The workshop modules: which levers each one offers and where the group starts.

One module per research question (see :data:`greencoop.params.RESEARCH_QUESTIONS`)
plus a sandbox with every lever. Every module compares the group's choice
with today's practice, the declared defaults, which are calibrated to how
municipalities work now (model/ODD.md); texts are in ``text.yaml`` under
``modules.<id>``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from greencoop.params import PARAMETERS


@dataclass(frozen=True)
class ModuleSpec:
    """One workshop module.

    Attributes:
        id: the notebook's name without ``.ipynb``; also the key of its texts.
        question: the research question (1-5) it explores, or None for the sandbox.
        levers: parameter names the group can set, in the order shown.
        start: where the group's choice starts; levers not named start at today's practice.
        sandbox: offers the side-by-side comparison of up to four choices.
    """

    id: str
    question: int | None
    levers: tuple[str, ...]
    start: dict[str, Any] = field(default_factory=dict)
    sandbox: bool = False

    @property
    def number(self) -> str:
        """The two-digit module number shown to participants."""
        return self.id[:2]


ALL_LEVERS = tuple(p.name for p in PARAMETERS if p.group == "lever")

MODULES: tuple[ModuleSpec, ...] = (
    # Starts at green cooperation (scenarios/full_green_cooperation.yaml) so the contrast shows at once.
    ModuleSpec("01_why", 1, ("climate_agenda_per_year", "involvement", "leadership_commitment"),
               start={"climate_agenda_per_year": 6, "involvement": "joint", "leadership_commitment": 0.8}),
    ModuleSpec("02_agreement_to_practice", 2, ("climate_agenda_per_year", "involvement", "feedback_to_staff")),
    ModuleSpec("03_reps", 3, ("rep_release_hours", "competing_agenda_hours", "training_per_year")),
    ModuleSpec("04_union_support", 4, ("training_per_year", "union_toolkit", "rep_network")),
    ModuleSpec("05_employer", 5, ("leadership_commitment", "climate_budget", "involvement", "feedback_to_staff")),
    ModuleSpec("06_sandbox", None, ALL_LEVERS, sandbox=True),
)

MODULES_BY_ID: dict[str, ModuleSpec] = {m.id: m for m in MODULES}


def module(module_id: str) -> ModuleSpec:
    """The module called ``module_id``, or a KeyError listing the modules there are."""
    try:
        return MODULES_BY_ID[module_id]
    except KeyError:
        raise KeyError(f"no workshop module '{module_id}'; modules: {', '.join(MODULES_BY_ID)}") from None
