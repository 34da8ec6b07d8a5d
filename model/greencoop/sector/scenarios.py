"""Sector scenario files: the scenario files of :mod:`greencoop.experiments.scenarios` with national levers.

A *sector scenario* (every KS-area municipality in one run, ``greencoop
sector run``) has a ``national`` section with the national levers of
:mod:`greencoop.sector.params`; its ``parameters`` apply to every
municipality, and its sweep may vary national levers and local parameters::

    name: Union training programme
    description: {nb: ..., en: ...}
    seeds: 5
    national:                   # national levers; the rest keep their defaults
      training_places: 8000
    parameters:
      involvement: consult
    sweep:
      union_network: [0.0, 0.3, 0.6]

The sector extends the generic reader rather than the other way round, so the
research layer runs single municipalities without knowing the sector exists.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from greencoop.errors import ParameterError
from greencoop.experiments.scenarios import FIELDS, Parsed, Scenario, ScenarioError, ScenarioReader, read_yaml
from greencoop.params import PARAMETERS_BY_NAME, Params
from greencoop.sector.params import NATIONAL_BY_NAME, NOT_IN_SECTOR, SectorParams


@dataclass(frozen=True)
class SectorScenario(Scenario):
    """A validated sector scenario: a :class:`Scenario` whose ``params`` hold national levers too."""

    params: SectorParams


def read_scenario(path: str | Path) -> Scenario | SectorScenario:
    """Read and validate a scenario file of either kind (a sector scenario has a ``national`` section).

    Raises:
        ScenarioError: naming file, line (where known), field and allowed values.
    """
    path = Path(path)
    return EitherReader(path, read_yaml(path)).scenario()


def load_sector_scenario(path: str | Path) -> SectorScenario:
    """Read and validate one sector scenario file.

    Raises:
        ScenarioError: as :func:`read_scenario`; also for a file without a ``national`` section.
    """
    scenario = read_scenario(path)
    if not isinstance(scenario, SectorScenario):
        raise ScenarioError(f"{scenario.source}: not a sector scenario: a sector scenario has a 'national' "
                            "section (it may be empty: national: {}); run this one with: greencoop run")
    return scenario


class EitherReader(ScenarioReader):
    """Reads a file of either kind: a sector scenario if it has a ``national`` section, else a single municipality's.

    One reader for both, so a mistake in either kind is reported in the same
    words, naming every field a file may have.
    """

    fields = FIELDS | {"national": "a mapping of national lever names to values (makes it a sector scenario)"}

    def __init__(self, path: Path, parsed: Parsed):
        super().__init__(path, parsed)
        self.sector = isinstance(self.raw, dict) and "national" in self.raw

    def fixed(self, raw: dict[str, Any]) -> dict[str, Any]:
        fixed = super().fixed(raw)
        if self.sector:
            fixed |= self.national(raw["national"] or {})
        return fixed

    def params(self, **values: Any) -> Params:
        return (SectorParams if self.sector else Params)(**values)

    def built(self, **fields: Any) -> Scenario:
        return (SectorScenario if self.sector else Scenario)(**fields)

    def national(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(("national",), f"must be {self.fields['national']}, got {value!r}")
        levers = {}
        for name, v in value.items():
            field = ("national", str(name))
            if name not in NATIONAL_BY_NAME:
                local = " (a local parameter: give it under 'parameters')" if name in PARAMETERS_BY_NAME else ""
                raise self.fail(field, f"unknown national lever{local}; national levers: "
                                       f"{', '.join(NATIONAL_BY_NAME)}")
            levers[name] = self.value(field, name, v)
        return levers

    def value(self, field: tuple[str, ...], name: Any, value: Any) -> Any:
        if self.sector:
            try:
                if name in NATIONAL_BY_NAME:
                    return NATIONAL_BY_NAME[name].validate(value)
                if name in NOT_IN_SECTOR or name not in PARAMETERS_BY_NAME:
                    SectorParams(**{str(name): value})  # raises why, with the known names
            except ParameterError as error:
                raise self.fail(field, str(error)) from None
        return super().value(field, name, value)
