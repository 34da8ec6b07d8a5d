"""What the model records every month, with units, and the tidy results table."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from greencoop.emissions import CATEGORIES

#: How each unit reads on a chart axis, in Bokmål and English.
UNIT_LABELS: dict[str, dict[str, str]] = {
    "month": {"nb": "måned", "en": "month"},
    "t CO2e/year": {"nb": "tonn CO2e per år", "en": "tonnes CO2e per year"},
    "%": {"nb": "prosent", "en": "per cent"},
    "ideas": {"nb": "antall ideer", "en": "number of ideas"},
    "proposals": {"nb": "antall forslag", "en": "number of proposals"},
    "measures": {"nb": "antall tiltak", "en": "number of measures"},
    "measure-equivalents": {"nb": "tiltak i full bruk", "en": "measures in full use"},
    "share 0-1": {"nb": "andel (0–1)", "en": "share (0–1)"},
    "h/month": {"nb": "timer per måned", "en": "hours per month"},
    "NOK": {"nb": "kroner", "en": "NOK"},
}


@dataclass(frozen=True)
class Outcome:
    """One recorded quantity: its column name, unit and labels."""

    name: str
    unit: str
    label: dict[str, str]

    def unit_label(self, lang: str) -> str:
        """The unit as it reads on an axis in ``lang`` ("nb" or "en")."""
        return UNIT_LABELS[self.unit][lang]


def _o(name: str, unit: str, nb: str, en: str) -> Outcome:
    return Outcome(name, unit, {"nb": nb, "en": en})


_T_PER_YEAR = "t CO2e/year"

OUTCOMES: tuple[Outcome, ...] = (
    _o("month", "month", "Måned", "Month"),
    *(_o(f"emissions_{key}", _T_PER_YEAR, f"Utslipp: {n['nb']}", f"Emissions: {n['en']}")
      for key, n in CATEGORIES.items()),
    _o("emissions_total", _T_PER_YEAR, "Utslipp i alt", "Total emissions"),
    _o("emissions_bau", _T_PER_YEAR, "Utslipp uten tiltak", "Business-as-usual emissions"),
    _o("reduction", _T_PER_YEAR, "Kutt mot uten tiltak", "Reduction against business as usual"),
    _o("reduction_pct", "%", "Kutt i prosent", "Reduction, per cent"),
    _o("ideas_raised", "ideas", "Ideer fra medlemmer og tillitsvalgte (sum)",
       "Ideas raised by members and reps (cumulative)"),
    _o("measures_proposed", "proposals", "Forslag fra tillitsvalgte (sum)", "Proposals from reps (cumulative)"),
    _o("proposals_tabled", "proposals", "Forslag lagt fram i partsmøtet (sum)",
       "Proposals tabled at the cooperation meeting (cumulative)"),
    _o("measures_adopted", "measures", "Tiltak vedtatt (sum)", "Measures adopted (cumulative)"),
    _o("measures_adopted_from_proposals", "measures", "Vedtatt etter forslag fra tillitsvalgte (sum)",
       "Adopted from reps' proposals (cumulative)"),
    _o("measures_adopted_from_employer", "measures", "Vedtatt på arbeidsgivers eget initiativ (sum)",
       "Adopted on the employer's own initiative (cumulative)"),
    _o("measures_in_use", "measure-equivalents", "Tiltak i bruk", "Measures in use"),
    _o("behaviour_uptake", "share 0-1", "Oppslutning om atferdstiltak", "Uptake of behaviour measures"),
    _o("engagement", "share 0-1", "Engasjement", "Engagement"),
    _o("trust", "share 0-1", "Tillit til arbeidsgiver", "Trust in the employer"),
    _o("concern", "share 0-1", "Klimabekymring", "Climate concern"),
    _o("workload", "share 0-1", "Arbeidsbelastning", "Workload"),
    _o("rep_climate_hours", "h/month", "Tillitsvalgtes klimatimer", "Reps' hours on climate"),
    _o("reps_on_climate", "share 0-1", "Tillitsvalgte som jobber med klima",
       "Reps working on climate (last two years)"),
    _o("climate_item_share", "share 0-1", "Klimasaker i partsmøtene (siste år)",
       "Climate items in cooperation meetings (last year)"),
    _o("budget_left", "NOK", "Ubrukt klimabudsjett", "Unspent climate budget"),
)

OUTCOMES_BY_NAME: dict[str, Outcome] = {o.name: o for o in OUTCOMES}


def outcome_columns(month: np.ndarray, emissions: np.ndarray, bau: np.ndarray, effect: np.ndarray,
                    adopted: np.ndarray, from_proposals: np.ndarray, behaviour: np.ndarray, staff: np.ndarray,
                    reps: np.ndarray, chain: np.ndarray, budget: np.ndarray) -> dict[str, np.ndarray]:
    """Every outcome of :data:`OUTCOMES`, one value per row (a month of one municipality's run).

    The chain from ideas to tonnes reads ``ideas_raised`` → ``measures_proposed`` → ``proposals_tabled`` →
    ``measures_adopted`` (``measures_adopted_from_proposals`` + ``measures_adopted_from_employer``) →
    ``measures_in_use`` → ``reduction``.

    Args:
        month: the month of each row.
        emissions: (row x category) emissions, t CO2e/year.
        bau: business-as-usual total emissions of each row.
        effect: (row x measure) how far each measure is in effect.
        adopted: (row x measure) whether each measure has been adopted by then.
        from_proposals: (row x measure) whether each measure has been adopted by then from the reps' proposals.
        behaviour: which measures are behaviour measures.
        staff: (row x 4) mean engagement, trust, concern and workload.
        reps: (row x 4) proposals so far, reps' climate hours, share of reps on climate, climate item share.
        chain: (row x 2) climate ideas raised so far (members' to their reps, and the reps' own), and proposals
            tabled so far.
        budget: unspent climate budget, NOK.
    """
    total = emissions.sum(axis=1)
    in_force = adopted & behaviour
    adopted_count, from_proposals_count = adopted.sum(axis=1), from_proposals.sum(axis=1)
    return {
        "month": month,
        **{f"emissions_{key}": emissions[:, i] for i, key in enumerate(CATEGORIES)},
        "emissions_total": total,
        "emissions_bau": bau,
        "reduction": bau - total,
        "reduction_pct": 100.0 * (bau - total) / bau,
        "ideas_raised": chain[:, 0],
        "measures_proposed": reps[:, 0].astype(int),
        "proposals_tabled": chain[:, 1].astype(int),
        "measures_adopted": adopted_count,
        "measures_adopted_from_proposals": from_proposals_count,
        "measures_adopted_from_employer": adopted_count - from_proposals_count,
        "measures_in_use": effect.sum(axis=1),
        "behaviour_uptake": (effect * in_force).sum(axis=1) / np.maximum(in_force.sum(axis=1), 1),
        "engagement": staff[:, 0],
        "trust": staff[:, 1],
        "concern": staff[:, 2],
        "workload": staff[:, 3],
        "rep_climate_hours": reps[:, 1],
        "reps_on_climate": reps[:, 2],
        "climate_item_share": reps[:, 3],
        "budget_left": budget,
    }
