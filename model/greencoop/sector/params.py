"""The national levers of a sector run, declared once, and the validated `SectorParams` value.

A sector run places every KS-area municipality in one model. What each
municipality does locally is set by the same parameters as a single run
(:mod:`greencoop.params`), shared by all municipalities; the national choices
declared here act across them: union training places shared out, a union
network that carries know-how and practice between municipalities, a KS
programme that raises employers' commitment in some municipalities, and
national grants (Klimasats-style) that municipalities compete for.

The ODD document's sector table (:func:`greencoop.odd.sector_table`), sector
scenario files and ``greencoop sector`` read this declaration.
"""

from __future__ import annotations

import difflib
from typing import Any

from greencoop.errors import ParameterError
from greencoop.params import PARAMETERS_BY_NAME, Choice, Parameter, Params, _t

#: Local parameters a sector run cannot take: each municipality's size comes from
#: its population, and union training is the national lever ``training_places``.
NOT_IN_SECTOR = {
    "municipality": "every KS-area municipality is in the sector, sized from its population (use --sample for fewer)",
    "employees": "every municipality is sized from its population",
    "training_per_year": "union training in the sector is the national lever 'training_places'",
}

NATIONAL_PARAMETERS: tuple[Parameter, ...] = (
    Parameter(
        "training_places", "int", 2100, low=0, high=50_000, questions=(4,), group="national",
        unit=_t("plasser per år", "places per year"),
        label=_t("Klimakurs for tillitsvalgte", "Climate courses for reps"),
        help=_t(
            "Plasser på forbundenes klimakurs per år i hele sektoren, fordelt på kommunene.",
            "Places on the unions' climate courses per year across the sector, shared out across municipalities.",
        ),
        source="Assumption: 2,100 ≈ 5 % of the ≈ 42,700 local reps the model seats in the sector, the single "
        "model's default training_per_year [derived].",
    ),
    Parameter(
        "training_allocation", "choice", "reps", questions=(4,), group="national",
        options=(
            Choice("reps", _t("etter antall tillitsvalgte", "by number of reps")),
            Choice("equal", _t("likt per kommune", "equally per municipality")),
        ),
        label=_t("Fordeling av kursplasser", "Sharing out course places"),
        help=_t(
            "Kursplassene fordeles etter antall tillitsvalgte (reps) eller likt på alle kommuner (equal).",
            "Course places are shared in proportion to local reps (reps) or equally per municipality (equal).",
        ),
        source="Assumption: in proportion to reps, so every rep has the same chance.",
    ),
    Parameter(
        "union_network", "float", 0.1, low=0.0, high=1.0, questions=(4,), group="national",
        unit=_t("andel 0–1", "share 0–1"),
        label=_t("Forbundsnettverk mellom kommuner", "Union network across municipalities"),
        help=_t(
            "Hvor godt kunnskap og praksis deles mellom tillitsvalgte i samme forbund i ulike kommuner.",
            "How well know-how and practice are shared between reps of the same union in different municipalities.",
        ),
        source="Assumption: weaker than the network within a municipality (rep_network 0.2); change agents "
        "spread practice through networks (Gómez-Cruz et al. 2017).",
    ),
    Parameter(
        "ks_programme_share", "float", 0.0, low=0.0, high=1.0, questions=(2, 5), group="national",
        unit=_t("andel av kommunene", "share of municipalities"),
        label=_t("KS-program: andel kommuner", "KS programme: share of municipalities"),
        help=_t(
            "Andel kommuner med i et KS-program som styrker ledelsens klimaforpliktelse.",
            "Share of municipalities in a KS programme that strengthens management's climate commitment.",
        ),
        source="Assumption: no programme by default.",
    ),
    Parameter(
        "ks_programme_commitment", "float", 0.2, low=0.0, high=0.5, questions=(2, 5), group="national",
        unit=_t("andel 0–1", "share 0–1"),
        label=_t("KS-program: løft i forpliktelse", "KS programme: commitment added"),
        help=_t(
            "Hvor mye programmet øker ledelsens klimaforpliktelse i kommunene som er med.",
            "How much the programme raises management's climate commitment in the municipalities taking part.",
        ),
        source="Assumption.",
    ),
    Parameter(
        "ks_programme_selection", "choice", "random", questions=(2, 5), group="national",
        options=(
            Choice("random", _t("trukket tilfeldig", "drawn at random")),
            Choice("largest", _t("de største kommunene", "the largest municipalities")),
        ),
        label=_t("KS-program: hvilke kommuner", "KS programme: which municipalities"),
        help=_t(
            "Kommunene i programmet trekkes tilfeldig (random) eller er de største (largest).",
            "Municipalities in the programme are drawn at random (random) or are the largest (largest).",
        ),
        source="Assumption: drawn at random.",
    ),
    Parameter(
        "grant_pool", "float", 0.0, low=0.0, high=1000.0, questions=(5,), group="national",
        unit=_t("mill. kr per år", "MNOK per year"),
        label=_t("Statlige klimatilskudd", "National climate grants"),
        help=_t(
            "Tilskudd kommunene konkurrerer om hvert år (som Klimasats).",
            "Grants the municipalities compete for each year (like Klimasats).",
        ),
        source="Assumption: none by default, as in the single model; Klimasats granted 100 MNOK in 2023, "
        "with applications 3.5 times the funds (facts).",
    ),
    Parameter(
        "grant_share", "float", 0.5, low=0.1, high=1.0, questions=(5,), group="national",
        unit=_t("andel av kostnaden", "share of the cost"),
        label=_t("Tilskuddets andel av kostnaden", "Grant's share of the cost"),
        help=_t(
            "Hvor stor del av tiltakets kostnad kommunen søker om og får dekket.",
            "Share of a measure's cost a municipality applies for and, if granted, gets covered.",
        ),
        source="Assumption: half; Klimasats co-funds rather than pays in full.",
    ),
    Parameter(
        "commitment_spread", "float", 0.1, low=0.0, high=0.3, group="calibration",
        unit=_t("andel 0–1", "share 0–1"),
        label=_t("Spredning i forpliktelse", "Spread of commitment"),
        help=_t(
            "Standardavvik i ledelsens klimaforpliktelse mellom kommunene, rundt den lokale verdien.",
            "Standard deviation of management's climate commitment across municipalities, around the local value.",
        ),
        source="Assumption; 68 % of municipalities cut emissions 2018-2019 (Miljødirektoratet, facts): "
        "municipalities differ.",
    ),
)

NATIONAL_BY_NAME: dict[str, Parameter] = {p.name: p for p in NATIONAL_PARAMETERS}


class SectorParams:
    """National levers and the local parameters every municipality shares, validated.

    Names are one namespace: national levers (:data:`NATIONAL_PARAMETERS`) and
    local parameters (:data:`greencoop.params.PARAMETERS`, but not those in
    :data:`NOT_IN_SECTOR`). Everything not given takes its declared default.

    Example:
        >>> params = SectorParams(union_network=0.5, involvement="consult")
        >>> params.union_network, params.local.involvement
        (0.5, 'consult')
    """

    __slots__ = ("_national", "local")

    def __init__(self, **values: Any) -> None:
        for name in values:
            if name in NOT_IN_SECTOR:
                raise ParameterError(f"parameter '{name}' cannot be set for a sector run: {NOT_IN_SECTOR[name]}")
            if name not in NATIONAL_BY_NAME and name not in PARAMETERS_BY_NAME:
                raise ParameterError(_unknown_message(name))
        national = {
            p.name: p.validate(values[p.name]) if p.name in values else p.default for p in NATIONAL_PARAMETERS
        }
        object.__setattr__(self, "_national", national)
        object.__setattr__(self, "local", Params(**{k: v for k, v in values.items() if k not in national}))

    def __getattr__(self, name: str) -> Any:
        if name in ("_national", "local"):  # not yet set (e.g. mid-unpickling)
            raise AttributeError(name)
        if name in self._national:
            return self._national[name]
        return getattr(self.local, name)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("SectorParams is immutable; use .replace(...)")

    def __reduce__(self):
        """Pickle as the overrides, so batch workers receive (and revalidate) the same values."""
        return _sector_params_from, (self.overrides(),)

    def replace(self, **changes: Any) -> SectorParams:
        """Return a copy with ``changes`` (national or local) applied and validated."""
        return SectorParams(**(self.overrides() | changes))

    def national(self) -> dict[str, Any]:
        """The national levers, by name, in declaration order."""
        return dict(self._national)

    def as_dict(self) -> dict[str, Any]:
        """National levers, then every local parameter that applies in a sector run."""
        local = {k: v for k, v in self.local.as_dict().items() if k not in NOT_IN_SECTOR}
        return self.national() | local

    def overrides(self) -> dict[str, Any]:
        """Only the values that differ from their declared defaults."""
        national = {k: v for k, v in self._national.items() if v != NATIONAL_BY_NAME[k].default}
        return national | self.local.overrides()

    def __eq__(self, other: object) -> bool:
        return isinstance(other, SectorParams) and self.as_dict() == other.as_dict()

    def __hash__(self) -> int:
        return hash(tuple(self.as_dict().items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.overrides().items())
        return f"SectorParams({inner})"


def _sector_params_from(overrides: dict[str, Any]) -> SectorParams:
    return SectorParams(**overrides)


def _unknown_message(name: str) -> str:
    known = [*NATIONAL_BY_NAME, *(n for n in PARAMETERS_BY_NAME if n not in NOT_IN_SECTOR)]
    close = difflib.get_close_matches(name, known, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return (f"unknown parameter '{name}'{hint}; national levers: {', '.join(NATIONAL_BY_NAME)}; "
            f"local parameters: see greencoop params")
