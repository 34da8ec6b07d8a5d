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

Other kinds of scenario extend :class:`ScenarioReader` with their own
sections (the sector's, with national levers, in
:mod:`greencoop.sector.scenarios`).

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

from greencoop.errors import ParameterError
from greencoop.params import PARAMETERS_BY_NAME, Params
from greencoop.text import LANGUAGES

#: The fields of a scenario file, with what each must be.
FIELDS = {
    "name": "a short title",
    "description": "a mapping with 'nb' and 'en' texts",
    "seeds": "a number of seeds (1 or more) or a list of distinct seeds (0 or more)",
    "horizon_years": PARAMETERS_BY_NAME["horizon_years"].allowed(),
    "parameters": "a mapping of parameter names to values",
    "sweep": "a mapping of parameter names to a list of values or {from, to, step}",
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


def load_scenario(path: str | Path) -> Scenario:
    """Read and validate one single-municipality scenario file.

    Raises:
        ScenarioError: naming file, line (where known), field and allowed values.
    """
    path = Path(path)
    return ScenarioReader(path, read_yaml(path)).scenario()


@dataclass(frozen=True)
class Parsed:
    """A scenario file as YAML gave it, with the line of every mapping key (for error messages)."""

    raw: Any
    lines: dict[tuple[str, ...], int]


def read_yaml(path: Path) -> Parsed:
    """Read ``path`` as YAML, safely; a file that cannot be read, parsed, or is empty is a :class:`ScenarioError`."""
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
    return Parsed(raw, _line_numbers(node))


def _line_numbers(node: yaml.Node | None, prefix: tuple[str, ...] = ()) -> dict[tuple[str, ...], int]:
    """Line of every mapping key, by its path of keys (for error messages)."""
    lines: dict[tuple[str, ...], int] = {}
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            path = (*prefix, str(key.value))
            lines[path] = key.start_mark.line + 1
            lines |= _line_numbers(value, path)
    return lines


class ScenarioReader:
    """Checks one parsed file, field by field, naming where each problem is.

    Another kind of scenario subclasses it: more :attr:`fields`, its own
    :meth:`fixed` values, :meth:`value` checks, and the classes it builds.
    """

    fields: dict[str, str] = FIELDS

    def __init__(self, path: Path, parsed: Parsed):
        self.path = path
        self.raw = parsed.raw
        self.lines = parsed.lines

    def fail(self, field: tuple[str, ...], message: str) -> ScenarioError:
        line = self.lines.get(field)
        where = f"{self.path}:{line}" if line else str(self.path)
        return ScenarioError(f"{where}: field '{'.'.join(field)}': {message}")

    def scenario(self) -> Scenario:
        """The validated scenario (of the kind this reader builds)."""
        raw = self.raw
        if not isinstance(raw, dict):
            raise ScenarioError(f"{self.path}: a scenario is a mapping of fields ({', '.join(self.fields)})")
        for key in raw:
            if key not in self.fields:
                raise self.fail((str(key),), f"unknown field; allowed fields: {', '.join(self.fields)}")
        for key in _REQUIRED:
            if key not in raw:
                raise ScenarioError(f"{self.path}: field '{key}' is missing; it must be {self.fields[key]}")
        fixed = self.fixed(raw)
        if "horizon_years" in raw:
            if "horizon_years" in fixed:
                raise self.fail(("horizon_years",), "given twice; keep it at the top level only")
            fixed["horizon_years"] = self.value(("horizon_years",), "horizon_years", raw["horizon_years"])
        sweep = self.sweep(raw.get("sweep") or {}, fixed)
        try:
            params = self.params(**fixed)
            for values in itertools.product(*sweep.values()):
                params.replace(**dict(zip(sweep, values, strict=True)))
        except ParameterError as error:
            raise self.fail(("parameters",), str(error)) from None
        return self.built(
            name=self.text(("name",), raw["name"]),
            description=self.description(raw["description"]),
            params=params,
            seeds=self.seeds(raw["seeds"]),
            sweep=sweep,
            source=self.path,
        )

    def fixed(self, raw: dict[str, Any]) -> dict[str, Any]:
        """The values every parameter set shares, from the file's sections (here: ``parameters``)."""
        return self.parameters(raw.get("parameters") or {})

    def params(self, **values: Any) -> Params:
        """The validated parameter set of these values."""
        return Params(**values)

    def built(self, **fields: Any) -> Scenario:
        """The scenario of these validated fields."""
        return Scenario(**fields)

    def text(self, field: tuple[str, ...], value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            raise self.fail(field, f"must be a non-empty text, got {value!r}")
        return value.strip()

    def description(self, value: Any) -> dict[str, str]:
        if not isinstance(value, dict) or set(value) != set(LANGUAGES):
            raise self.fail(("description",), f"must be {self.fields['description']}, got {value!r}")
        return {lang: self.text(("description", lang), value[lang]) for lang in LANGUAGES}

    def seeds(self, value: Any) -> tuple[int, ...]:
        field = ("seeds",)
        if isinstance(value, int) and not isinstance(value, bool):
            if value < 1:
                raise self.fail(field, f"must be {self.fields['seeds']}, got {value}")
            return tuple(range(value))
        if isinstance(value, list) and value and all(
            isinstance(s, int) and not isinstance(s, bool) and s >= 0 for s in value
        ):
            if len(set(value)) != len(value):
                raise self.fail(field, "lists a seed twice; each seed must be distinct")
            return tuple(value)
        raise self.fail(field, f"must be {self.fields['seeds']}, got {value!r}")

    def parameters(self, value: Any) -> dict[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(("parameters",), f"must be {self.fields['parameters']}, got {value!r}")
        return {name: self.value(("parameters", str(name)), name, v) for name, v in value.items()}

    def value(self, field: tuple[str, ...], name: Any, value: Any) -> Any:
        try:
            if name not in PARAMETERS_BY_NAME:
                Params(**{str(name): value})  # raises the declaration's own message, with a suggestion
            return PARAMETERS_BY_NAME[name].validate(value)
        except ParameterError as error:
            raise self.fail(field, str(error)) from None

    def sweep(self, value: Any, fixed: dict[str, Any]) -> dict[str, tuple[Any, ...]]:
        if not isinstance(value, dict):
            raise self.fail(("sweep",), f"must be {self.fields['sweep']}, got {value!r}")
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
