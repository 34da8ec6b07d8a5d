"""The debrief: one self-contained HTML page per workshop session, to send participants afterwards.

For each module and each group's save it shows the choices in plain words,
the group's prediction against what the model gave, a chart of the saved
choices re-run over the same seeds against the module's starting point (the
declared defaults, in the same municipality), the group's reflection, and the
module's discussion questions. Everything is inline (CSS, charts as base64
PNG): the file opens offline and can be mailed as it is.

Written in the session's language: the language most saves were made in
(Bokmål when tied or unknown), unless one is asked for.
"""

from __future__ import annotations

import base64
import io
from collections import Counter
from collections.abc import Sequence
from html import escape
from typing import Any

import matplotlib.pyplot as plt
import pandas as pd
from matplotlib.figure import Figure

from greencoop import __version__
from greencoop.charts.bands import compare, predictions
from greencoop.charts.style import BAND, CHOICE, TODAY
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS_BY_NAME, Parameter, Params
from greencoop.run import ensemble
from greencoop.text import format_band, format_number, text
from greencoop.workshop.modules import module, modules
from greencoop.workshop.session import GroupSave, Latest, guess_decimals, latest_saves, local_time

#: Runs per choice when a save records no outcome (the workshop modules' usual number).
DEFAULT_SEEDS = 10

_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; max-width: 60rem; margin: 2rem auto;
       padding: 0 1rem; line-height: 1.5; color: #1a1a1a; }
h1 { font-size: 2rem; } h2 { margin-top: 3rem; border-bottom: 3px solid #0072B2; }
h3 { margin-top: 2rem; } .meta { color: #555; }
section.save { border-left: 6px solid #E69F00; padding-left: 1rem; margin: 1.5rem 0; page-break-inside: avoid; }
table { border-collapse: collapse; margin: 0.5rem 0; } th, td { padding: 0.3rem 0.8rem; text-align: left; }
th { background: #eef4fa; } tr:nth-child(even) td { background: #f7f7f7; }
blockquote { margin: 0.5rem 0; padding: 0.5rem 1rem; background: #f3f8f3; border-left: 4px solid #009E73; }
img { max-width: 100%; height: auto; } .note { background: #fff8e6; padding: 0.7rem 1rem; }
@media print { h2 { page-break-before: always; } }
"""


def session_language(saves: Sequence[GroupSave]) -> str:
    """The language most saves were made in; Bokmål when tied or when there are none."""
    counts = Counter(s.lang for s in saves)
    return "en" if counts["en"] > counts["nb"] else "nb"


def debrief_html(session: str, saves: Sequence[GroupSave], lang: str | None = None,
                 seeds: int = DEFAULT_SEEDS) -> str:
    """The whole debrief page for ``saves`` of ``session``.

    Args:
        session: the session's name, for the title.
        saves: the session's saves (at least one).
        lang: ``"nb"`` or ``"en"``; the session's language if None.
        seeds: runs per choice when a save records none.
    """
    if not saves:
        raise ValueError(f"session {session!r} has no saves")
    lang = lang or session_language(saves)
    t = _Texts(lang)
    times = sorted(s.saved_at for s in saves)
    runs: dict[tuple[Params, int], pd.DataFrame] = {}  # each parameter set runs once, however many saves share it
    parts = [
        f"<h1>{t('title', session=escape(session))}</h1>",
        "<p class='meta'>" + t("summary", groups=len({s.group for s in saves}), saves=len(saves),
                               start=escape(local_time(times[0], with_date=True)),
                               end=escape(local_time(times[-1], with_date=True)))
        + f" {t('privacy')}</p>",
        f"<p>{t('intro')}</p>",
        f"<p class='note'>{t('reading')}</p>",
    ]
    latest = latest_saves(saves)
    for module_id in modules():
        in_module = [entry for entry in latest if entry.save.module == module_id]
        if in_module:
            parts.append(_module_section(module_id, in_module, t, seeds, runs))
    parts.append(f"<h2>{t('model_is')}</h2><p>{t('not_forecast')}</p>")
    parts.append(f"<p class='meta'>{t('footer', version=__version__)}</p>")
    body = "\n".join(parts)
    return (f"<!DOCTYPE html>\n<html lang='{lang}'>\n<head>\n<meta charset='utf-8'>\n"
            f"<meta name='viewport' content='width=device-width, initial-scale=1'>\n"
            f"<title>{t('title', session=escape(session))}</title>\n<style>{_CSS}</style>\n</head>\n"
            f"<body>\n{body}\n</body>\n</html>\n")


def final_band(results: pd.DataFrame, outcome: str) -> dict[str, float]:
    """Median and middle 80 % across runs of ``outcome`` in the final month."""
    last = results[results["month"] == results["month"].max()][outcome]
    low, high = BAND
    return {"median": float(last.median()), "low": float(last.quantile(low)), "high": float(last.quantile(high))}


class _Texts:
    """Look up a participant-facing text in one language and fill it in."""

    def __init__(self, lang: str):
        self.lang = lang

    def __call__(self, key: str, **values: Any) -> str:
        return text(f"debrief.{key}", self.lang, **values)


def _module_section(module_id: str, saves: list[Latest], t: _Texts, seeds: int,
                    runs: dict[tuple[Params, int], pd.DataFrame]) -> str:
    """A module's part of the debrief: each group's latest save, the overview, the discussion questions."""
    spec = module(module_id)
    lang = t.lang
    parts = [f"<h2>{escape(text('start.module_link', lang, number=spec.number, title=spec.title[lang]))}</h2>"]
    results = [_results(entry.save, seeds, runs) for entry in saves]
    chartable = [(entry.save, r) for entry, r in zip(saves, results, strict=True) if "error" not in r]
    if chartable:
        outcome = _outcome_of(chartable[0][0])
        same = [(s, r) for s, r in chartable if _outcome_of(s) == outcome]
        bands = pd.DataFrame([final_band(r["choices"], outcome) for _, r in same])
        ax = predictions(
            [s.group for s, _ in same],
            [s.prediction["value"] if s.prediction.get("outcome") == outcome else None for s, _ in same],
            bands, outcome, lang=lang, reference=final_band(same[0][1]["reference"], outcome)["median"],
        )
        parts.append(f"<h3>{t('overview')}</h3>{_image(ax.figure)}")
    for entry, result in zip(saves, results, strict=True):
        parts.append(_save_section(entry, result, t))
    parts.append(f"<h3>{t('questions')}</h3><ol>"
                 + "".join(f"<li>{escape(q)}</li>" for q in spec.questions[lang]) + "</ol>")
    return "\n".join(parts)


def _save_section(latest: Latest, result: dict[str, Any], t: _Texts) -> str:
    save, lang = latest.save, t.lang
    saved = t("saved", time=escape(local_time(save.saved_at, with_date=True)))
    if latest.earlier:
        saved += ", " + t("earlier", n=latest.earlier)
    parts = [f"<section class='save'><h3>{escape(save.group)} <span class='meta'>({saved})</span></h3>"]
    if save.choices:
        defaults = Params().as_dict()
        rows = "".join(_choice_row(PARAMETERS_BY_NAME[name], value, defaults[name], lang)
                       for name, value in save.choices.items())
        parts.append(f"<table><tr><th>{t('choice')}</th><th>{t('yours')}</th><th>{t('start')}</th></tr>"
                     f"{rows}</table>")
    else:
        parts.append(f"<p>{t('no_choices')}</p>")
    outcome = _outcome_of(save)
    spec = OUTCOMES_BY_NAME[outcome]
    unit = "%" if spec.unit == "%" else spec.unit_label(lang)
    if save.prediction:
        parts.append(f"<p>{t('predicted', value=_with_unit(save.prediction['value'], unit, lang, guess=True),
                                 outcome=escape(OUTCOMES_BY_NAME[save.prediction['outcome']].label[lang]))}"
                     + (f" <em>{escape(save.prediction['note'])}</em>" if save.prediction.get("note") else "")
                     + "</p>")
    else:
        parts.append(f"<p>{t('no_prediction')}</p>")
    if "error" in result:
        parts.append(f"<p>{t('cannot_run', error=escape(result['error']))}</p>")
    else:
        band = final_band(result["choices"], outcome)
        baseline = final_band(result["reference"], outcome)["median"]
        parts.append("<p>" + t("result", median=_with_unit(band["median"], unit, lang),
                               band=f"{format_band(band['low'], band['high'], lang)} {unit}",
                               baseline=_with_unit(baseline, unit, lang), seeds=result["seeds"],
                               years=result["years"]) + _verdict(save, band, outcome, t) + "</p>")
        guessed = save.prediction.get("outcome") == outcome
        ax = compare({text(TODAY.words, lang): result["reference"], text(CHOICE.words, lang): result["choices"]},
                     outcome, lang=lang, colours=(TODAY.colour, CHOICE.colour), show_bau=outcome == "emissions_total",
                     guess=(result["years"], save.prediction["value"]) if guessed else None)
        parts.append(_image(ax.figure))
    if save.reflection:
        parts.append(f"<p><strong>{t('reflection')}</strong></p><blockquote>"
                     + escape(save.reflection).replace("\n", "<br>") + "</blockquote>")
    parts.append("</section>")
    return "\n".join(parts)


def _choice_row(p: Parameter, value: Any, default: Any, lang: str) -> str:
    """A table row: the parameter's label, the group's value and the starting value, in words."""
    return (f"<tr><td>{escape(p.label[lang])}</td><td><strong>{escape(p.words(value, lang))}</strong></td>"
            f"<td>{escape(p.words(default, lang))}</td></tr>")


def _verdict(save: GroupSave, band: dict[str, float], outcome: str, t: _Texts) -> str:
    if save.prediction.get("outcome") != outcome:
        return ""
    value = save.prediction["value"]
    key = "verdict_above" if value > band["high"] else "verdict_below" if value < band["low"] else "verdict_in"
    return " " + t(key)


def _results(save: GroupSave, seeds: int, runs: dict[tuple[Params, int], pd.DataFrame]) -> dict[str, Any]:
    """The saved choices and the module's starting point, re-run over the seeds the group saw."""
    count = save.outcome.get("seeds", seeds)
    try:
        params = save.params()
        reference = module(save.module).reference(save.choices)
    except ValueError as error:  # a save from an older version whose choices no longer validate
        return {"error": str(error)}
    for key in ((params, count), (reference, count)):
        if key not in runs:
            runs[key] = ensemble(key[0], seeds=range(count))
    return {"choices": runs[params, count], "reference": runs[reference, count], "seeds": count,
            "years": params.horizon_years}


def _outcome_of(save: GroupSave) -> str:
    """The outcome a save is about: what was predicted, else what was seen, else the emission cut."""
    return save.prediction.get("outcome") or save.outcome.get("outcome") or "reduction_pct"


def _with_unit(value: float, unit: str, lang: str, guess: bool = False) -> str:
    """A number as the group saw it on its page: results in whole per cent, a guess as typed."""
    return f"{format_number(value, lang, guess_decimals(value) if guess else 0)} {unit}"


def _image(figure: Figure) -> str:
    """``figure`` as an inline PNG (no file, no link), then closed."""
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=90)
    plt.close(figure)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return f"<img alt='' src='data:image/png;base64,{data}'>"
