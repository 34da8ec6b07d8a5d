"""greencoop: an agent-based model of green cooperation in Norwegian municipalities.

Employers, union reps (tillitsvalgte) and employees of one municipality decide,
month by month, how climate measures are proposed, adopted and taken up. See
``model/ODD.md`` for the full description.

The names below are imported on first use (PEP 562), so a process that only
needs part of the package, such as a workshop kernel saving to the session log
or ``greencoop params``, does not pay for importing Mesa.
"""

from importlib import import_module

__version__ = "0.1.0"

_EXPORTS = {
    "GreenCoopModel": "greencoop.model",
    "OUTCOMES": "greencoop.outcomes",
    "PARAMETERS": "greencoop.params",
    "Parameter": "greencoop.params",
    "ParameterError": "greencoop.errors",
    "Params": "greencoop.params",
    "ensemble": "greencoop.run",
    "simulate": "greencoop.run",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str):
    if name in _EXPORTS:
        value = getattr(import_module(_EXPORTS[name]), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'greencoop' has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
