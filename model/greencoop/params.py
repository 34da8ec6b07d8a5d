"""Every parameter of the model, declared once, and the validated `Params` value.

The declaration in :data:`PARAMETERS` is the single source of truth: the model
reads its values from :class:`Params`, the ODD document's parameter table is
generated from it (:func:`greencoop.odd.parameter_table`), and the workshop
widgets, scenario validation and sensitivity bounds read the same entries.

Each entry says what the number means in Bokmål and English, its unit, its
allowed range (for a choice, each allowed value with its words for
participants), which research question it serves, and where its default
comes from: a source from the project's domain facts, or an explicit
assumption.
"""

from __future__ import annotations

import difflib
import math
from dataclasses import dataclass, field
from typing import Any, Literal

from greencoop.errors import ParameterError
from greencoop.municipality import find_municipality
from greencoop.text import LANGUAGES, format_number

Kind = Literal["float", "int", "choice", "text"]
Group = Literal["municipality", "lever", "calibration", "national"]

#: The project's five research questions, by number; their words are in the text catalogue
#: (``research_question.<n>``).
RESEARCH_QUESTIONS = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Choice:
    """One allowed value of a ``choice`` parameter and the words participants see for it.

    Attributes:
        value: what scenario files, ``Params`` and the model use, e.g. ``"joint"``.
        label: plain words in Bokmål and English, e.g. ``"beslutte sammen"``.
    """

    value: str
    label: dict[str, str]


@dataclass(frozen=True)
class Parameter:
    """One declared parameter: what it means, its unit, range and source.

    Attributes:
        name: Python identifier used everywhere (model, YAML, widgets).
        kind: ``float``, ``int``, ``choice`` (one of ``choices``) or ``text``.
        default: Value used when none is given; ``None`` means "derived"
            (see the parameter's help text).
        low, high: Inclusive bounds for numeric kinds.
        options: The allowed values of a ``choice`` parameter, each with its
            words (:class:`Choice`); :attr:`choices` gives the bare values.
        unit: Unit in Bokmål and English (``""`` for unitless shares).
        label: Short label in Bokmål and English, for widgets and tables.
        help: One-sentence meaning in Bokmål and English.
        questions: Research questions (1-5) the parameter serves.
        group: ``municipality`` (what is modelled), ``lever`` (what people
            choose), ``calibration`` (how the model behaves) or ``national``
            (what a union, KS or the state chooses for the whole sector,
            :mod:`greencoop.sector.params`).
        source: Where the default comes from, or ``Assumption: ...``.
    """

    name: str
    kind: Kind
    default: Any
    label: dict[str, str]
    help: dict[str, str]
    source: str
    group: Group
    unit: dict[str, str] = field(default_factory=lambda: {"nb": "", "en": ""})
    low: float | None = None
    high: float | None = None
    options: tuple[Choice, ...] = ()
    questions: tuple[int, ...] = ()

    def __post_init__(self) -> None:
        """Refuse a declaration whose choices and their words do not match."""
        if (self.kind == "choice") != bool(self.options):
            raise ValueError(f"parameter '{self.name}': a choice parameter, and only a choice parameter, has options")
        for option in self.options:
            if set(option.label) != set(LANGUAGES) or not all(option.label[lang].strip() for lang in LANGUAGES):
                raise ValueError(f"parameter '{self.name}': choice {option.value!r} needs words in "
                                 f"{' and '.join(LANGUAGES)}, has {option.label}")
        if len(set(self.choices)) != len(self.options):
            raise ValueError(f"parameter '{self.name}': a choice is declared twice")
        if self.kind == "choice" and self.default not in self.choices:
            raise ValueError(f"parameter '{self.name}': default {self.default!r} is not one of its choices")

    @property
    def choices(self) -> tuple[str, ...]:
        """The allowed values of a ``choice`` parameter, in declared order."""
        return tuple(option.value for option in self.options)

    def words(self, value: Any, lang: str) -> str:
        """``value`` as participants read it in ``lang``: a choice's words, or the number with its unit.

        >>> PARAMETERS_BY_NAME["involvement"].words("joint", "nb")
        'beslutte sammen'
        >>> PARAMETERS_BY_NAME["rep_release_hours"].words(10.5, "nb")
        '10,5 timer/mnd'
        >>> PARAMETERS_BY_NAME["union_density"].words(0.8, "en")
        '0.8 (share 0–1)'
        """
        if value is None:
            return "–"
        if self.kind == "choice":
            return next(option.label[lang] for option in self.options if option.value == value)
        if self.kind == "text":
            return value
        unit = self.unit[lang]
        if "0–1" in unit:  # a share: the unit explains the scale rather than naming a quantity
            return f"{format_number(value, lang, 2, trim=True)} ({unit})"
        return f"{format_number(value, lang, 2, trim=True)} {unit}".strip()

    def allowed(self) -> str:
        """Describe the allowed values in words, for error messages and tables."""
        if self.kind == "choice":
            return "one of: " + ", ".join(self.choices)
        if self.kind == "text":
            return "a municipality name or 4-digit kommunenummer"
        unit = f" {self.unit['en']}" if self.unit["en"] else ""
        return f"{english_number(self.low)} to {english_number(self.high)}{unit}"

    def validate(self, value: Any) -> Any:
        """Return ``value`` checked against this declaration.

        Raises:
            ParameterError: naming the parameter and its allowed values.
        """
        if value is None and self.default is None:
            return None
        if self.kind == "choice":
            if value not in self.choices:
                raise ParameterError(f"parameter '{self.name}' = {value!r} is not {self.allowed()}")
            return value
        if self.kind == "text":
            if not isinstance(value, str) or not value.strip():
                raise ParameterError(f"parameter '{self.name}' must be {self.allowed()}, got {value!r}")
            return value.strip()
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ParameterError(
                f"parameter '{self.name}' must be a number ({self.allowed()}), "
                f"got {value!r} ({type(value).__name__})"
            )
        if self.kind == "int" and not float(value).is_integer():
            raise ParameterError(f"parameter '{self.name}' must be a whole number ({self.allowed()}), got {value!r}")
        if math.isnan(value) or not self.low <= value <= self.high:
            raise ParameterError(f"parameter '{self.name}' = {value!r} is outside the allowed range {self.allowed()}")
        return int(value) if self.kind == "int" else float(value)


def english_number(x: float) -> str:
    """A bound or default as error messages and the ODD table (both in English) write it."""
    return format_number(x, "en", 3, trim=True)


def _t(nb: str, en: str) -> dict[str, str]:
    return {"nb": nb, "en": en}


_SHARE = _t("andel 0–1", "share 0–1")
_PER_MONTH = _t("per måned", "per month")
_HOURS = _t("timer/mnd", "h/month")

PARAMETERS: tuple[Parameter, ...] = (
    # --- what is modelled -------------------------------------------------
    Parameter(
        "municipality", "text", None,
        label=_t("Kommune", "Municipality"),
        help=_t(
            "Kommunenavn eller kommunenummer; størrelsen gir antall ansatte og utslipp.",
            "Municipality name or number; its population sizes the workforce and emissions.",
        ),
        source="Municipality list 2025 (aprestmo/norway-geodata, from Statistics Norway).",
        group="municipality",
    ),
    Parameter(
        "employees", "int", None, low=10, high=100_000,
        unit=_t("ansatte", "employees"),
        label=_t("Antall ansatte", "Employees"),
        help=_t(
            "Antall kommuneansatte, når ingen kommune er valgt (standard 1 255, snittet i KS-området).",
            "Number of municipal employees when no municipality is chosen (default 1,255, the KS-area mean).",
        ),
        source="Default: the mean KS-area municipality, 446,800 employees / 356 municipalities ≈ 1,255 [derived]; "
        "the mean, not the median (≈ 450), so that 356 default municipalities make up the sector.",
        group="municipality",
    ),
    Parameter(
        "horizon_years", "int", 10, low=1, high=30,
        unit=_t("år", "years"),
        label=_t("Tidshorisont", "Horizon"),
        help=_t("Hvor mange år modellen kjøres (ett steg er én måned).",
                "How many years the model runs (one step is one month)."),
        source="Project specification: ten years, monthly steps.",
        group="municipality",
    ),
    # --- levers: the employer (research question 5, also 1 and 2) ---------
    Parameter(
        "leadership_commitment", "float", 0.5, low=0.0, high=1.0, unit=_SHARE, questions=(5,),
        label=_t("Ledelsens klimaforpliktelse", "Leadership commitment"),
        help=_t(
            "Hvor høyt ledelsen prioriterer klimatiltak: egne initiativ og vilje til å vedta forslag.",
            "How highly management prioritises climate: own initiatives and readiness to adopt proposals.",
        ),
        source="Assumption: mid-scale; Fafo finds climate work mostly management-driven (facts, pattern 1).",
        group="lever",
    ),
    Parameter(
        "climate_budget", "float", 1000.0, low=0.0, high=5000.0, questions=(5,),
        unit=_t("kr per ansatt per år", "NOK per employee per year"),
        label=_t("Klimabudsjett", "Climate budget"),
        help=_t(
            "Midler til klimatiltak; ubrukte midler settes av til senere år.",
            "Money for climate measures; unspent funds are set aside for later years.",
        ),
        source=(
            "Assumption. For scale: Klimasats granted 100 MNOK in 2023, ≈ 220 NOK per KS-area "
            "employee [derived from facts]."
        ),
        group="lever",
    ),
    Parameter(
        "involvement", "choice", "inform", questions=(1, 2, 5),
        options=(
            Choice("inform", _t("bare informere", "inform only")),
            Choice("consult", _t("drøfte tidlig", "consult early")),
            Choice("joint", _t("beslutte sammen", "decide jointly")),
        ),
        label=_t("Medvirkning", "Involvement"),
        help=_t(
            "Hvordan tiltak besluttes: bare informere, drøfte tidlig, eller beslutte sammen "
            "(felles klimagruppe).",
            "How measures are decided: inform only, consult early (drøfting), or decide jointly "
            "(joint climate group).",
        ),
        source="Hovedavtalen: information, drøfting, negotiation; 'inform' reflects management-driven practice "
        "(facts, pattern 1).",
        group="lever",
    ),
    Parameter(
        "feedback_to_staff", "float", 0.2, low=0.0, high=1.0, unit=_SHARE, questions=(5,),
        label=_t("Tilbakemelding til ansatte", "Feedback to staff"),
        help=_t(
            "Hvor jevnlig resultatene av tiltakene vises fram for de ansatte.",
            "How regularly the results of measures are shown to staff.",
        ),
        source="Assumption; performance feedback is a strong predictor of behaviour change "
        "(Young et al. 2015, facts pattern 7).",
        group="lever",
    ),
    # --- levers: from agreement to practice (research question 2) --------
    Parameter(
        "climate_agenda_per_year", "int", 2, low=0, high=12, questions=(1, 2),
        unit=_t("ganger per år", "times per year"),
        label=_t("Klima på sakslista", "Climate on the agenda"),
        help=_t(
            "Hvor mange av årets partsmøter som har klima på sakslista.",
            "How many of the year's cooperation meetings have climate on the agenda.",
        ),
        source="Assumption: twice a year, e.g. with budget and annual report.",
        group="lever",
    ),
    # --- levers: reps (research question 3) ------------------------------
    Parameter(
        "rep_release_hours", "float", 4.5, low=0.0, high=80.0, unit=_HOURS, questions=(3,),
        label=_t("Frikjøp per tillitsvalgt", "Release time per rep"),
        help=_t(
            "Betalt tid (frikjøp) hver lokal tillitsvalgt har til vervet per måned.",
            "Paid release time (frikjøp) each local rep has for the role per month.",
        ),
        source="Assumption: 4.5 h/month; with hours_per_idea (calibrated) it gives ≈ 0.25 of reps working on "
        "climate (16 seeds) against about 1 in 4 (Fafo LO reps panel 2017-19, facts pattern 1).",
        group="lever",
    ),
    Parameter(
        "competing_agenda_hours", "float", 8.0, low=0.0, high=80.0, unit=_HOURS, questions=(3,),
        label=_t("Andre saker (lønn, bemanning)", "Competing agenda (wages, staffing)"),
        help=_t(
            "Tid tillitsvalgte i snitt må bruke på lønn, bemanning og arbeidsmiljø per måned.",
            "Time reps on average must spend on wages, staffing and working environment per month.",
        ),
        source="Assumption: wages, staffing and working environment take about twice the release time.",
        group="lever",
    ),
    # --- levers: union support (research question 4) ---------------------
    Parameter(
        "training_per_year", "float", 0.05, low=0.0, high=1.0, questions=(4,),
        unit=_t("andel per år", "share per year"),
        label=_t("Klimaopplæring", "Climate training"),
        help=_t(
            "Andel tillitsvalgte som får klimaopplæring fra forbundet hvert år.",
            "Share of reps who get climate training from their union each year.",
        ),
        source="Assumption; 64 % of reps say they need more competence (Fafo 2023, facts pattern 3).",
        group="lever",
    ),
    Parameter(
        "union_toolkit", "float", 0.0, low=0.0, high=0.5, questions=(4,),
        unit=_t("kompetanse lagt til, 0–0,5", "competence added, 0–0.5"),
        label=_t("Verktøykasse fra forbundet", "Union toolkit"),
        help=_t(
            "Hvor mye maler, eksempler og faktaark øker tillitsvalgtes klimakompetanse.",
            "How much templates, examples and fact sheets add to reps' climate competence.",
        ),
        source="Assumption: none by default.",
        group="lever",
    ),
    Parameter(
        "rep_network", "float", 0.2, low=0.0, high=1.0, unit=_SHARE, questions=(4,),
        label=_t("Nettverk for tillitsvalgte", "Rep network"),
        help=_t(
            "Hvor godt kunnskap deles mellom tillitsvalgte i samme forbund.",
            "How well know-how is shared between reps of the same union.",
        ),
        source="Assumption; change agents spread practice through networks (Gómez-Cruz et al. 2017).",
        group="lever",
    ),
    # --- calibration: how people and organisations behave ----------------
    Parameter(
        "emissions_per_inhabitant", "float", 1.053, low=0.3, high=3.0, group="calibration",
        unit=_t("t CO2e per innbygger per år", "t CO2e per inhabitant per year"),
        label=_t("Utslipp per innbygger", "Emissions per inhabitant"),
        help=_t("Klimafotavtrykket av kommunens virksomhet per innbygger.",
                "Footprint of all municipal activity per inhabitant."),
        source="Asplan Viak 2018: 5.8 Mt CO2e, about 1,053 kg per inhabitant (2017).",
    ),
    Parameter(
        "union_density", "float", 0.80, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Organisasjonsgrad", "Union density"),
        help=_t("Andel ansatte som er fagorganisert.", "Share of employees who are union members."),
        source="≈ 80 % in the KS area before YS [derived from the associations' member counts; facts].",
    ),
    Parameter(
        "initial_concern", "float", 0.7, low=0.05, high=0.95, unit=_SHARE, group="calibration",
        label=_t("Klimabekymring ved start", "Initial climate concern"),
        help=_t("Gjennomsnittlig klimabekymring blant ansatte ved start.",
                "Mean climate concern among employees at the start."),
        source="Assumption; about 80 % of the population and 97-99 % of teachers are worried "
        "(Utdanningsforbundet 2021, facts pattern 4).",
    ),
    Parameter(
        "initial_trust", "float", 0.6, low=0.05, high=0.95, unit=_SHARE, group="calibration",
        label=_t("Tillit ved start", "Initial trust"),
        help=_t("Gjennomsnittlig tillit til arbeidsgiver ved start.",
                "Mean trust in the employer at the start."),
        source="Assumption: moderately high trust, typical of Norwegian working life.",
    ),
    Parameter(
        "initial_workload", "float", 0.6, low=0.05, high=0.95, unit=_SHARE, group="calibration",
        label=_t("Arbeidsbelastning ved start", "Initial workload"),
        help=_t("Gjennomsnittlig arbeidsbelastning ved start (1 = overbelastet).",
                "Mean workload at the start (1 = overloaded)."),
        source="Assumption; health and care start 0.1 higher.",
    ),
    Parameter(
        "base_engagement", "float", 0.25, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Grunnengasjement", "Base engagement"),
        help=_t("Engasjementet ansatte faller tilbake til, som andel av klimabekymringen.",
                "Engagement staff fall back to, as a share of their climate concern."),
        source="Assumption; greening fades after focusing events (Farnhill 2018, facts pattern 6).",
    ),
    Parameter(
        "initial_competence", "float", 0.2, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Klimakompetanse ved start", "Initial rep competence"),
        help=_t("Tillitsvalgtes klimakompetanse ved start.", "Reps' climate competence at the start."),
        source="2 in 10 reps say they can contribute to the green transition (Fafo 2023, facts pattern 3).",
    ),
    Parameter(
        "social_influence", "float", 0.1, low=0.0, high=0.5, unit=_PER_MONTH, group="calibration",
        label=_t("Påvirkning fra kolleger", "Colleague influence"),
        help=_t("Hvor raskt bekymring og engasjement nærmer seg kollegenes.",
                "How fast concern and engagement move toward colleagues'."),
        source="Assumption; peer influence in workplace networks (Kaaronen; Zhang et al. 2011).",
    ),
    Parameter(
        "concern_persistence", "float", 0.05, low=0.0, high=0.5, unit=_PER_MONTH, group="calibration",
        label=_t("Egen klimabekymring", "Own concern"),
        help=_t("Hvor raskt hver enkelts klimabekymring trekkes tilbake mot sin egen (fra yrke og person).",
                "How fast each one's climate concern returns toward their own (from occupation and person)."),
        source="Assumption; concern differs by occupation (teachers 97-99 % worried against about 80 %: "
        "Utdanningsforbundet 2021, facts pattern 4).",
    ),
    Parameter(
        "results_salience", "float", 0.02, low=0.0, high=0.5, unit=_PER_MONTH, group="calibration",
        label=_t("Synlige resultater og bekymring", "Results and concern"),
        help=_t("Hvor mye synlige klimaresultater, vist fram for de ansatte, løfter klimabekymringen.",
                "How much visible climate results, shown to staff, raise their climate concern."),
        source="Assumption; awareness is among the strongest predictors of behaviour change (Young et al. 2015, "
        "facts pattern 7).",
    ),
    Parameter(
        "engagement_fade", "float", 0.08, low=0.0, high=0.5, unit=_PER_MONTH, group="calibration",
        label=_t("Avtagende engasjement", "Engagement fading"),
        help=_t("Hvor raskt engasjementet faller tilbake uten tilbakemelding.",
                "How fast engagement falls back without feedback."),
        source="Assumption; greening fades unless sustained (Farnhill 2018, facts pattern 6).",
    ),
    Parameter(
        "launch_boost", "float", 0.3, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Løft ved oppstart av tiltak", "Launch boost"),
        help=_t("Hvor mye engasjementet løftes når et tiltak settes i gang der man jobber.",
                "How much engagement rises when a measure is launched where one works."),
        source="Assumption; focusing events start greening (Farnhill 2018).",
    ),
    Parameter(
        "feedback_gain", "float", 0.15, low=0.0, high=1.0, unit=_PER_MONTH, group="calibration",
        label=_t("Effekt av tilbakemelding", "Feedback effect"),
        help=_t("Hvor mye synlige resultater løfter engasjementet.",
                "How much visible results raise engagement."),
        source="Assumption; feedback is a strong predictor (Young et al. 2015, facts pattern 7).",
    ),
    Parameter(
        "idea_rate", "float", 0.03, low=0.0, high=0.5, unit=_PER_MONTH, group="calibration",
        label=_t("Forslag fra ansatte", "Ideas from staff"),
        help=_t("Sannsynlighet per måned for at en fullt engasjert ansatt kommer med et klimaforslag.",
                "Monthly chance that a fully engaged employee raises a climate idea."),
        source="Assumption.",
    ),
    Parameter(
        "uptake_rate", "float", 0.1, low=0.0, high=1.0, unit=_PER_MONTH, group="calibration",
        label=_t("Opptak av tiltak", "Measure uptake"),
        help=_t("Grunnrate for at en ansatt tar i bruk et atferdstiltak.",
                "Base rate at which an employee takes up a behaviour measure."),
        source="Assumption; management support and training drive uptake (Young et al. 2015).",
    ),
    Parameter(
        "revert_rate", "float", 0.04, low=0.0, high=1.0, unit=_PER_MONTH, group="calibration",
        label=_t("Tilbakefall", "Reverting"),
        help=_t("Grunnrate for at en ansatt slutter med et atferdstiltak.",
                "Base rate at which an employee drops a behaviour measure."),
        source="Assumption; greening fades unless sustained (Farnhill 2018).",
    ),
    Parameter(
        "trust_gain", "float", 0.1, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Tillit av medvirkning", "Trust from involvement"),
        help=_t("Hvor mye tilliten øker når tiltak besluttes med de ansattes medvirkning.",
                "How much trust rises when measures are decided with staff involvement."),
        source="Assumption; joint cooperation gives faster implementation (Fafo, facts pattern 8).",
    ),
    Parameter(
        "trust_loss", "float", 0.5, low=0.0, high=2.0, unit=_t("per belastning", "per workload unit"),
        group="calibration",
        label=_t("Tap ved pålegg", "Loss when imposed"),
        help=_t("Hvor mye tillit og engasjement faller per enhet ekstra arbeid fra tiltak som pålegges "
                "uten medvirkning.",
                "How much trust and engagement fall per unit of workload added by measures imposed without "
                "involvement."),
        source="Assumption (model concept, loop B1).",
    ),
    Parameter(
        "ignored_proposal_cost", "float", 0.03, low=0.0, high=0.5, unit=_t("per forslag", "per proposal"),
        group="calibration",
        label=_t("Tap når forslag overses", "Loss when proposals are ignored"),
        help=_t("Andel av tillit og engasjement de ansatte i en enhet mister når et forslag derfra aldri "
                "blir behandlet.",
                "Share of trust and engagement a unit's staff lose when a proposal from them is never "
                "decided on."),
        source="Assumption; reps lose members' confidence when nothing comes of what they raise (model concept).",
    ),
    Parameter(
        "trust_recovery", "float", 0.01, low=0.0, high=0.2, unit=_PER_MONTH, group="calibration",
        label=_t("Tillit tilbake mot normalen", "Trust recovery"),
        help=_t("Hvor raskt tilliten går tilbake mot startnivået.",
                "How fast trust returns toward its starting level."),
        source="Assumption.",
    ),
    Parameter(
        "workload_relief", "float", 0.5, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Avlastning ved medvirkning", "Workload relief from involvement"),
        help=_t("Andel av tiltakets ekstra arbeid som unngås når tiltaket utformes sammen.",
                "Share of a measure's added work avoided when it is designed jointly."),
        source="Assumption.",
    ),
    Parameter(
        "initiative_rate", "float", 0.12, low=0.0, high=1.0, unit=_PER_MONTH, group="calibration",
        label=_t("Arbeidsgivers egne initiativ", "Employer initiatives"),
        help=_t("Sannsynlighet per måned for at en fullt forpliktet ledelse tar et eget klimainitiativ.",
                "Monthly chance that a fully committed management takes a climate initiative of its own."),
        source="Assumption; climate work mostly management-driven (Fafo, facts pattern 1).",
    ),
    Parameter(
        "training_gain", "float", 0.5, low=0.0, high=1.0, unit=_SHARE, group="calibration",
        label=_t("Effekt av opplæring", "Training effect"),
        help=_t("Andel av gapet til full kompetanse som ett kurs lukker.",
                "Share of the gap to full competence one course closes."),
        source="Assumption.",
    ),
    Parameter(
        "competence_decay", "float", 0.01, low=0.0, high=0.2, unit=_PER_MONTH, group="calibration",
        label=_t("Glemsel", "Competence decay"),
        help=_t("Hvor raskt klimakompetanse går tapt i måneder den ikke brukes.",
                "How fast climate competence fades in months it goes unused."),
        source="Assumption.",
    ),
    Parameter(
        "rep_mobilisation", "float", 0.1, low=0.0, high=1.0, unit=_t("per time per ansatt", "per hour per employee"),
        group="calibration",
        label=_t("Tillitsvalgte som pådrivere", "Reps as change agents"),
        help=_t("Hvor mye hver time en tillitsvalgt bruker på klima, per ansatt i enheten, løfter engasjementet der.",
                "How much each hour a rep spends on climate, per employee of the unit, raises engagement there."),
        source="Assumption; change agents spread practice through their networks (Gómez-Cruz et al. 2017).",
    ),
    Parameter(
        "hours_per_idea", "float", 10.0, low=0.5, high=40.0, unit=_t("timer", "hours"), group="calibration",
        label=_t("Tid per forslag", "Time per idea"),
        help=_t("Timer en tillitsvalgt trenger for å gjøre en idé til et forslag.",
                "Hours a rep needs to turn an idea into a proposal."),
        source="Calibrated jointly to facts 1 and 2: about a quarter of reps on climate at 4.5 h of release, "
        "and more with more time (ODD section 11).",
    ),
)

PARAMETERS_BY_NAME: dict[str, Parameter] = {p.name: p for p in PARAMETERS}

#: How measures can be decided, from the employer alone to jointly: the ``involvement`` choices.
INVOLVEMENT_MODES = PARAMETERS_BY_NAME["involvement"].choices


class Params:
    """An immutable, validated set of values for every declared parameter.

    Construct with keyword overrides; everything not given takes its declared
    default. Unknown names, wrong types and out-of-range values raise
    :class:`ParameterError` naming the parameter and its allowed values.

    Example:
        >>> Params(leadership_commitment=0.8).leadership_commitment
        0.8
    """

    __slots__ = ("_values",)

    def __init__(self, **values: Any) -> None:
        unknown = sorted(set(values) - PARAMETERS_BY_NAME.keys())
        if unknown:
            raise ParameterError(_unknown_message(unknown[0]))
        checked = {
            p.name: p.validate(values[p.name]) if p.name in values else p.default for p in PARAMETERS
        }
        if checked["municipality"] is not None:
            if checked["employees"] is not None:
                raise ParameterError(
                    "give either 'municipality' or 'employees', not both: a municipality's size comes "
                    "from its population"
                )
            find_municipality(checked["municipality"])
        object.__setattr__(self, "_values", checked)

    def __getattr__(self, name: str) -> Any:
        if name == "_values":  # not yet set (e.g. mid-unpickling)
            raise AttributeError(name)
        try:
            return self._values[name]
        except KeyError:
            raise AttributeError(_unknown_message(name)) from None

    def __reduce__(self):
        """Pickle as the overrides, so batch workers receive (and revalidate) the same values."""
        return _params_from, (self.overrides(),)

    def __setattr__(self, name: str, value: Any) -> None:
        raise AttributeError("Params is immutable; use .replace(...)")

    def replace(self, **changes: Any) -> Params:
        """Return a copy with ``changes`` applied (and validated)."""
        return Params(**(self.overrides() | changes))

    def as_dict(self) -> dict[str, Any]:
        """All values, by parameter name, in declaration order."""
        return dict(self._values)

    def overrides(self) -> dict[str, Any]:
        """Only the values that differ from their declared defaults."""
        return {k: v for k, v in self._values.items() if v != PARAMETERS_BY_NAME[k].default}

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Params) and self._values == other._values

    def __hash__(self) -> int:
        return hash(tuple(self._values.items()))

    def __repr__(self) -> str:
        inner = ", ".join(f"{k}={v!r}" for k, v in self.overrides().items())
        return f"Params({inner})"


def _params_from(overrides: dict[str, Any]) -> Params:
    return Params(**overrides)


def _unknown_message(name: str) -> str:
    close = difflib.get_close_matches(name, PARAMETERS_BY_NAME, n=1)
    hint = f" (did you mean '{close[0]}'?)" if close else ""
    return f"unknown parameter '{name}'{hint}; known parameters: {', '.join(PARAMETERS_BY_NAME)}"
