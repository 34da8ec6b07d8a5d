"""The model's mechanisms, each of which can be switched off by name (ablation).

A mechanism is one causal link of the model concept: a say at a measure's
launch builds trust, imposed work erodes it, reps mobilise their colleagues,
and so on. Switching one off (``Run(params, seed, switched_off={"..."})``)
removes that link and nothing else, so a pattern the model shows can be traced
to the mechanism that produces it: ``greencoop ablation`` writes every pattern
statistic with all mechanisms on and with each one off, and each pattern test
checks that its pattern goes when its own mechanism does.

Where a mechanism's strength is a parameter, switching it off sets that
parameter to zero for the run; the others are switched where their rule is
written (the rule asks :meth:`~greencoop.engine.runs.RunSet.switched_on`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from greencoop.errors import ParameterError


@dataclass(frozen=True)
class Mechanism:
    """One causal link of the model.

    Attributes:
        name: how it is switched off.
        description: what it does, in a sentence.
        parameters: parameters that are its strength (zero when it is off); empty where its rule checks the switch.
    """

    name: str
    description: str
    parameters: tuple[str, ...] = ()


MECHANISMS: tuple[Mechanism, ...] = (
    Mechanism("say_at_launch", "staff who had a say in a measure gain trust and engagement when it starts"),
    Mechanism("shaped_workload", "measures shaped with staff weigh less, and what they add is not imposed"),
    Mechanism("imposition_cost", "work imposed without a say erodes trust and engagement", ("trust_loss",)),
    Mechanism("ignored_proposals_cost", "proposals that are never decided on cost their unit trust and engagement",
              ("ignored_proposal_cost",)),
    Mechanism("results_feedback", "results shown to staff raise their engagement and concern", ("feedback_gain",
                                                                                               "results_salience")),
    Mechanism("launch_boost", "a measure's start is a focusing event that lifts engagement", ("launch_boost",)),
    Mechanism("colleague_influence", "concern and engagement move toward colleagues'", ("social_influence",)),
    Mechanism("own_concern", "each one's concern returns toward their own (service area and person)",
              ("concern_persistence",)),
    Mechanism("reps_mobilise", "reps' climate hours raise engagement in their unit", ("rep_mobilisation",)),
    Mechanism("reps_propose", "reps turn climate ideas into proposals to the employer"),
    Mechanism("training", "union courses raise reps' climate competence", ("training_gain",)),
    Mechanism("toolkit", "the union's toolkit adds to reps' climate competence", ("union_toolkit",)),
    Mechanism("rep_network", "reps of one union share know-how", ("rep_network",)),
    Mechanism("employer_initiatives", "management plans climate spending of its own", ("initiative_rate",)),
    Mechanism("campaign_renewal", "behaviour campaigns that have run their course can be renewed"),
)
MECHANISMS_BY_NAME: dict[str, Mechanism] = {m.name: m for m in MECHANISMS}


def checked_names(names: Iterable[str]) -> frozenset[str]:
    """``names`` as a frozenset, or :class:`ParameterError` naming the unknown one and the known names."""
    names = frozenset(names)
    unknown = sorted(names - MECHANISMS_BY_NAME.keys())
    if unknown:
        raise ParameterError(f"unknown mechanism '{unknown[0]}'; known mechanisms: {', '.join(MECHANISMS_BY_NAME)}")
    return names
