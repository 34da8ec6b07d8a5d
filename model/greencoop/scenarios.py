"""Scenario files: named parameter sets with seeds and an optional sweep.

A scenario is YAML, read with PyYAML's safe loader, so a scenario file can
never run code::

    name: Full green cooperation
    description:
      nb: Tiltak besluttes sammen, og klima står jevnlig på sakslista.
      en: Measures decided jointly, climate regularly on the agenda.
    seeds: 20                   # seeds 0..19, or a list such as [3, 7, 11]
    horizon_years: 10           # optional; the declared default otherwise
    parameters:                 # any declared parameter; the rest keep their defaults
      involvement: joint
    sweep:                      # optional; every combination (full factorial)
      rep_release_hours: [2, 4.5, 9]
      climate_budget: {from: 0, to: 2000, step: 500}

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

Every value is checked against the parameter declaration. A mistake raises
:class:`ScenarioError` with one line naming the file, the line, the field
and the allowed values.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import yaml

from greencoop.params import PARAMETERS_BY_NAME, ParameterError, Params
from greencoop.sector.params import NATIONAL_BY_NAME, NOT_IN_SECTOR, SectorParams
from greencoop.text import LANGUAGES

_FIELDS = {
    "name": "a short title",
    "description": "a mapping with 'nb' and 'en' texts",
    "seeds": "a number of seeds (1 or more) or a list of distinct seeds (0 or more)",
    "horizon_years": PARAMETERS_BY_NAME["horizon_years"].allowed(),
    "parameters": "a mapping of parameter names to values",
    "sweep": "a mapping of parameter names to a list of values or {from, to, step}",
    "national": "a mapping of national lever names to values (makes it a sector scenario)",
}
_REQUIRED = ("name", "description", "seeds")


class ScenarioError(ValueError):
    """A scenario file that cannot be used, with where and why in one line."""


@dataclass(frozen=True)
class Scenario:
    """A validated scenario: fixed parameters, seeds, and the sweep's values.

    Attributes:
        name: short title.
        description: Bokmål and English descriptions.
        params: parameter values outside the sweep (all others at defaults).
        seeds: the seeds every parameter set runs with.
        sweep: parameter -> the values it takes, in file order.
        source: the file it came from.
    """

    name: str
    description: dict[str, str]
    params: Params
    seeds: tuple[int, ...]
    sweep: dict[str, tuple[Any, ...]]
    source: Path

    def parameter_sets(self) -> Iterator[Params]:
        """Every combination of the sweep's values (one set if there is no sweep)."""
        names = list(self.sweep)
        for values in itertools.product(*self.sweep.values()):
            yield self.params.replace(**dict(zip(names, values, strict=True)))

    @property
    def run_count(self) -> int:
        return int(np.prod([len(v) for v in self.sweep.values()], dtype=int)) * len(self.seeds)


@dataclass(frozen=True)
class SectorScenario(Scenario):
    """A validated sector scenario: a :class:`Scenario` whose ``params`` hold national levers too."""

    params: SectorParams


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate one single-municipality scenario file.

    Raises:
        ScenarioError: naming file, line (where known), field and allowed values;
            also for a sector scenario, which runs with ``greencoop sector run``.
    """
    scenario = read_scenario(path)
    if isinstance(scenario, SectorScenario):
        raise ScenarioError(f"{scenario.source}: a sector scenario (it has 'national'); "
                            "run it with: greencoop sector run")
    return scenario


def load_sector_scenario(path: str | Path) -> SectorScenario:
    """Read and validate one sector scenario file.

    Raises:
        ScenarioError: as :func:`load_scenario`; also for a file without a ``national`` section.
    """
    scenario = read_scenario(path)
    if not isinstance(scenario, SectorScenario):
        raise ScenarioError(f"{scenario.source}: not a sector scenario: a sector scenario has a 'national' "
                            "section (it may be empty: national: {}); run this one with: greencoop run")
    return scenario


def read_scenario(path: str | Path) -> Scenario | SectorScenario:
    """Read and validate a scenario file of either kind (a sector scenario has a ``national`` section).

    Raises:
        ScenarioError: naming file, line (where known), field and allowed values.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise ScenarioError(f"{path}: no such file") from None
    except (OSError, UnicodeDecodeError) as error:
        raise ScenarioError(f"{path}: cannot be read as UTF-8 text ({error.__class__.__name__})") from None
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
        raw = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f":{mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error).splitlines()[0]
        raise ScenarioError(f"{path}{where}: not valid YAML: {problem}") from None
    if raw is None:
        raise ScenarioError(f"{path}: the file is empty; a scenario needs {', '.join(_REQUIRED)}")
    return _Reader(path, _line_numbers(node)).scenario(raw)


def _line_numbers(node: yaml.Node | None, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Line of every mapping key, by its path of keys (for error messages)."""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            lines |= _line_numbers(value, path)
    return lines


class _Reader:
    """Checks one parsed file, field by field, naming where each problem is."""

    def __init__(self, path: Path, lines: dict[tuple[str, ...], int]):
        self.path = path
        self.lines = lines
        self.sector = False

    def fail(self, field: tuple[str, ...], message: str) -> ScenarioError:
        line = self.lines.get(field)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ScenarioError(f"{where}: field '{'.'.join(field)}': {message}")

    def scenario(self, raw: Any) -> Scenario | SectorScenario:
        if not isinstance(raw, dict):
            raise ScenarioError(f"{self.path}: a scenario is a mapping of fields ({', '.join(_FIELDS)})")
        for key in raw:
            if key not in _FIELDS:
                raise self.fail((str(key),), f"unknown field; allowed fields: {', '.join(_FIELDS)}")
        for key in _REQUIRED:
            if key not in raw:
                raise ScenarioError(f"{self.path}: field '{key}' is missing; it must be {_FIELDS[key]}")
        self.sector = "national" in raw
        fixed = self.parameters(raw.get("parameters") or {})
        if self.sector:
            fixed |= self.national(raw["national"] or {}, fixed)
        if "horizon_years" in raw:
            if "horizon_years" in fixed:
                raise self.fail(("horizon_years",), "given twice; keep it at the top level only")
            fixed["horizon_years"] = self.value(("horizon_years",), "horizon_years", raw["horizon_years"])
        sweep = self.sweep(raw.get("sweep") or {}, fixed)
        try:
            params = (SectorParams if self.sector else Params)(**fixed)
            for values in itertools.product(*sweep.values()):
                params.replace(**dict(zip(sweep, values, strict=True)))
        except ParameterError as error:
            raise self.fail(("parameters",), str(error)) from None
        return (SectorScenario if self.sector else Scenario)(
            name=self.text(("name",), raw["name"]),
            description=self.description(raw["description"]),
            params=params,
            seeds=self.seeds(raw["seeds"]),
            sweep=sweep,
            source=self.path,
        )

    def text(self, field: tuple[str, ...], value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be a non-empty text, got {value!r}")
        return value.strip()

    def description(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            raise self.fail(("description",), f"must be {_FIELDS['description']}, got {value!r}")
        return {lang: self.text(("description", lang), value[lang]) for lang in LANGUAGES}

    def seeds(self, value: Any) -> tuple[int, ...]:
        field = ("seeds",)
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 1:
                raise self.fail(field, f"must be {_FIELDS['seeds']}, got {value}")
            return tuple(range(value))
        if isinstance(value, list) and value and all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in value
        ):
            if len(set(value)) != len(value):
                raise self.fail(field, "lists a seed twice; each seed must be distinct")
            return tuple(value)
        raise self.fail(field, f"must be {_FIELDS['seeds']}, got {value!r}")

    def parameters(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(("parameters",), f"must be {_FIELDS['parameters']}, got {value!r}")
        return {name: self.value(("parameters", str(name)), name, v) for name, v in value.items()}

    def national(self, value: Any, fixed: dict[str, Any]) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(("national",), f"must be {_FIELDS['national']}, got {value!r}")
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
        try:
            if self.sector and name in NATIONAL_BY_NAME:
                return NATIONAL_BY_NAME[name].validate(value)
            if self.sector and (name in NOT_IN_SECTOR or name not in PARAMETERS_BY_NAME):
                SectorParams(**{str(name): value})  # raises why, with the known names
            if name not in PARAMETERS_BY_NAME:
                Params(**{str(name): value})  # raises the declaration's own message, with a suggestion
            return PARAMETERS_BY_NAME[name].validate(value)
        except ParameterError as error:
            raise self.fail(field, str(error)) from None

    def sweep(self, value: Any, fixed: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        if not isinstance(value, dict):
            raise self.fail(("sweep",), f"must be {_FIELDS['sweep']}, got {value!r}")
        sweep = {}
        for name, values in value.items():
            field = ("sweep", str(name))
            if name in fixed:
                raise self.fail(field, "is also set under 'parameters'; give it in one place")
            if isinstance(values, dict):
                values = self.range(field, values)
            if not isinstance(values, list) or not values:
                raise self.fail(field, f"must be a non-empty list of values or {{from, to, step}}, got {values!r}")
            sweep[name] = tuple(self.value(field, name, v) for v in values)
        return sweep

    def range(self, field: tuple[str, ...], spec: dict) -> list[float]:
        if set(spec) != {"from", "to", "step"} or not all(
            isinstance(spec[k], int | float) and not isinstance(spec[k], bool) for k in spec
        ):
            raise self.fail(field, f"a range needs numeric 'from', 'to' and 'step', got {spec!r}")
        start, stop, step = spec["from"], spec["to"], spec["step"]
        if step <= 0 or stop < start:
            raise self.fail(field, f"a range needs step > 0 and to >= from, got {spec!r}")
        count = int(np.floor((stop - start) / step + 1e-9)) + 1
        values = [start + i * step for i in range(count)]
        return [round(v, 10) if isinstance(v, float) else v for v in values]
