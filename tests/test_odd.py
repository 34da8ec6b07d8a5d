"""The ODD document stays in step with the code it describes."""

import importlib
from pathlib import Path

import pytest

from greencoop import odd
from greencoop.params import PARAMETERS
from greencoop.sector.params import NATIONAL_PARAMETERS

ODD = Path(__file__).resolve().parents[1] / "model" / "ODD.md"
MODULES = ["organisation", "engine.runs", "engine.streams", "engine.staff", "engine.reps", "engine.employer",
           "engine.month", "engine.results", "model", "emissions", "municipality", "params",
           "sector.params", "sector.layout", "sector.national", "sector.model", "sector.outcomes"]


def test_parameter_table_is_current():
    document = ODD.read_text(encoding="utf-8")
    assert odd.with_table(document) == document, "run: greencoop odd --write"
    for p in (*PARAMETERS, *NATIONAL_PARAMETERS):
        assert f"`{p.name}`" in document


@pytest.mark.parametrize("module_name", MODULES)
def test_every_structural_constant_is_documented(module_name):
    """Module-level constants are model choices: each needs its row (source or assumption) in the ODD."""
    document = ODD.read_text(encoding="utf-8")
    module = importlib.import_module(f"greencoop.{module_name}")
    constants = [
        name for name, value in vars(module).items()
        if name.isupper() and not name.startswith("_") and isinstance(value, int | float | dict | tuple)
        and getattr(value, "__module__", module.__name__) == module.__name__
        and name not in {"PARAMETERS", "PARAMETERS_BY_NAME", "RESEARCH_QUESTIONS", "INVOLVEMENT_MODES", "CATEGORIES",
                         "NATIONAL_PARAMETERS", "NATIONAL_BY_NAME", "OUTCOMES", "SECTOR_OUTCOMES",
                         "SECTOR_OUTCOMES_BY_NAME", "LANGUAGES", "MECHANISMS_BY_NAME", "RATES",
                         "TYPE_CHECKING"}  # typing's flag for imports only type checkers read
    ]
    missing = [name for name in constants if f"`{name}`" not in document]
    assert not missing, f"document in model/ODD.md section 10: {missing}"
