"""greencoop: an agent-based model of green cooperation in Norwegian municipalities.

Employers, union reps (tillitsvalgte) and employees of one municipality decide,
month by month, how climate measures are proposed, adopted and taken up. See
``model/ODD.md`` for the full description.
"""

from greencoop.model import GreenCoopModel
from greencoop.outcomes import OUTCOMES
from greencoop.params import PARAMETERS, Parameter, ParameterError, Params
from greencoop.run import ensemble, simulate

__version__ = "0.1.0"

__all__ = [
    "OUTCOMES",
    "PARAMETERS",
    "GreenCoopModel",
    "Parameter",
    "ParameterError",
    "Params",
    "ensemble",
    "simulate",
]
