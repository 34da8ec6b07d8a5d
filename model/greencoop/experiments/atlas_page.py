"""The lever atlas as files: a page per language, a chart per lever and language, and tidy tables.

Everything is written into a fresh hidden folder beside the target and
renamed into place at the end, so the atlas folder is always complete: the
previous atlas until the new one is whole, never a mixture.
"""

from __future__ import annotations

import html
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from greencoop.charts.atlas import lever_chart, size_chart
from greencoop.experiments.atlas import (
    ATLAS_OUTCOMES,
    MAX_REVERSAL_RATIO,
    MIN_EFFECT,
    SIZE_OUTCOMES,
    lever_points,
    lever_summary,
    size_municipalities,
    size_points,
)
from greencoop.experiments.provenance import model_version
from greencoop.municipality import size_of
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS_BY_NAME, Parameter, Params
from greencoop.text import LANGUAGE_NAMES, format_number

#: The tables every atlas holds; a folder with the summary in it is an atlas and may be replaced.
POINTS_CSV, SUMMARY_CSV, SIZES_CSV = "atlas-points.csv", "atlas-summary.csv", "size-points.csv"


@dataclass(frozen=True)
class Setting:
    """How an atlas was made: runs per point, the page's runs, the horizon, the size of the default municipality."""

    runs: int
    page_runs: int
    horizon_years: int
    employees: int
    version: str


#: The page's words, in Bokmål and English; ``{placeholders}`` are filled from the setting.
WORDS = {
    "title": {"nb": "Spakatlas: hva hver spak gjør i modellen", "en": "Lever atlas: what each lever does in the model"},
    "what": {
        "nb": "Hver spak i workshopen er kjørt over hele sitt tillatte område, med de andre spakene på "
              "standardverdiene, i standardkommunen ({employees} ansatte) over {years} år. Hvert punkt er "
              "medianen av resultatet over kjøringene, målt som snittet av det siste året; det skraverte "
              "båndet viser de midterste 80 % av kjøringene.",
        "en": "Each workshop lever is run over its whole allowed range, the other levers at their defaults, "
              "in the default municipality ({employees} employees) over {years} years. Each point is the "
              "median result across runs, scored as the mean of the final year; the shaded band holds the "
              "middle 80 % of the runs.",
    },
    "read": {
        "nb": "Heltrukken linje og skravert bånd: {runs} kjøringer per punkt. Stiplet linje og prikkede "
              "båndkanter: de {page_runs} første av de samme kjøringene, så mange som workshopsiden tegner. "
              "Forskjellen mellom de to linjene er det et rom kan se av ren tilfeldighet. Den prikkede "
              "loddrette linjen er dagens standardverdi.",
        "en": "Solid line and shaded band: {runs} runs per point. Dashed line and dotted band edges: the "
              "first {page_runs} of the same runs, as many as the workshop page draws. The gap between the "
              "two lines is what a room can see from chance alone. The dotted vertical line is today's "
              "default.",
    },
    "seeds": {
        "nb": "Felles tilfeldige tall: hver verdi av en spak kjøres med de samme frøene 0–{last}, så forskjellen "
              "mellom to punkter kommer fra spaken, ikke fra ulik flaks. Modellversjon: {version}.",
        "en": "Common random numbers: every value of a lever runs on the same seeds 0–{last}, so the difference "
              "between two points comes from the lever, not from different luck. Model version: {version}.",
    },
    "summary": {"nb": "Sammendrag: kuttet i utslipp", "en": "Summary: the emission cut"},
    "test": {
        "nb": "Testen fra sak 12, på sidens {page_runs} kjøringer: medianen av kuttet snur ikke mer enn "
              "{ratio} av spakens effekt, og spaken flytter kuttet minst {effect} prosentpoeng over sitt område. "
              "Effekt: median ved høyeste minus ved laveste verdi. Største tilbakeslag: største fall i "
              "mediankurven mot kurvens retning, mellom en verdi og en senere.",
        "en": "Issue 12's test, at the page's {page_runs} runs: the median cut does not turn back by more than "
              "{ratio} of the lever's effect, and the lever moves the cut by at least {effect} percentage "
              "points over its range. Effect: median at the highest minus at the lowest value. Largest "
              "reversal: the largest fall of the median curve against its direction, between a value and a "
              "later one.",
    },
    "columns": {
        "nb": ["Spak", "Effekt, {runs} kjøringer (poeng)", "Effekt, {page_runs} kjøringer (poeng)",
               "Største tilbakeslag, {page_runs} kjøringer (poeng)", "Tilbakeslag/effekt, {page_runs} kjøringer",
               "Tilbakeslag/effekt, {runs} kjøringer", "Testen"],
        "en": ["Lever", "Effect, {runs} runs (points)", "Effect, {page_runs} runs (points)",
               "Largest reversal, {page_runs} runs (points)", "Reversal/effect, {page_runs} runs",
               "Reversal/effect, {runs} runs", "Test"],
    },
    "passes": {"nb": "består", "en": "passes"},
    "fails": {"nb": "består ikke", "en": "fails"},
    "levers": {"nb": "Spakene", "en": "The levers"},
    "size": {"nb": "Kommunestørrelse", "en": "Municipality size"},
    "size_text": {
        "nb": "Kuttet og andelen tillitsvalgte som jobber med klima med standardvalgene, i {count} kommuner "
              "i KS-området valgt jevnt over størrelse (logaritmisk), {runs} kjøringer hver.",
        "en": "The cut and the share of reps working on climate at the default choices, in {count} KS-area "
              "municipalities chosen evenly over size (on a log scale), {runs} runs each.",
    },
    "data": {"nb": "Tallene bak sidene", "en": "The numbers behind the pages"},
    "points": {"nb": "hvert punkt (median og 80 %-bånd)", "en": "every point (median and 80 % band)"},
    "per_lever": {"nb": "sammendrag per spak", "en": "summary per lever"},
    "sizes": {"nb": "størrelseskurven", "en": "the size curve"},
    "regenerate": {"nb": "Lag atlaset på nytt med: {command}", "en": "Regenerate the atlas with: {command}"},
    "infinite": {"nb": "uendelig", "en": "infinite"},
}


def check_folder(out: Path) -> None:
    """Raise ValueError unless ``out`` can receive an atlas: its parent exists and is writable, and ``out``
    is new, empty, or an earlier atlas (a folder that is something else is never replaced)."""
    if not out.parent.is_dir():
        raise ValueError(f"cannot write {out}: folder {out.parent} does not exist")
    if out.exists() and not out.is_dir():
        raise ValueError(f"--out {out} is a file; give a folder")
    if out.is_dir() and any(out.iterdir()) and not (out / SUMMARY_CSV).is_file():
        raise ValueError(f"--out {out} holds other files and is not an earlier atlas; give a new or empty folder")
    try:
        tempfile.TemporaryDirectory(dir=out.parent).cleanup()
    except OSError as error:
        raise ValueError(f"cannot write in {out.parent}: {error.strerror}") from None


def make_atlas(out: Path, levers: Sequence[Parameter], runs: int, page_runs: int, points: int, sizes: int,
               langs: Sequence[str], base: Params) -> list[str]:
    """Run every lever's curves and the size curve, and write the atlas into ``out``; the files written.

    ``out`` is checked before anything runs, so a folder that cannot take the
    atlas fails at once rather than after the runs.
    """
    check_folder(out)
    version = model_version()  # of the code that runs, read before the runs
    curves = pd.concat([lever_points(lever, points, runs, page_runs, base) for lever in levers], ignore_index=True)
    summary = lever_summary(curves, page_runs, runs)
    by_size = size_points(size_municipalities(sizes), runs, base)
    setting = Setting(runs, page_runs, base.horizon_years, size_of(base.municipality, base.employees).employees,
                      version)
    return write_atlas(out, curves, summary, by_size, setting, langs)


def write_atlas(out: Path, points: pd.DataFrame, summary: pd.DataFrame, sizes: pd.DataFrame, setting: Setting,
                langs: Sequence[str]) -> list[str]:
    """Write the whole atlas into ``out`` (replacing an earlier atlas there); the names of the files written."""
    check_folder(out)
    staging = Path(tempfile.mkdtemp(dir=out.parent, prefix=f".{out.name}."))
    try:
        _write_into(staging, points, summary, sizes, setting, langs)
        names = sorted(p.name for p in staging.iterdir())
        if out.exists():
            old = out.with_name(f".{out.name}.old")
            shutil.rmtree(old, ignore_errors=True)
            out.rename(old)
            staging.rename(out)
            shutil.rmtree(old)
        else:
            staging.rename(out)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return names


def _write_into(folder: Path, points: pd.DataFrame, summary: pd.DataFrame, sizes: pd.DataFrame, setting: Setting,
                langs: Sequence[str]) -> None:
    columns = ["lever", "value", "outcome", "runs", "median", "p10", "p90", "default"]
    points[columns].to_csv(folder / POINTS_CSV, index=False)
    summary.to_csv(folder / SUMMARY_CSV, index=False)
    sizes.to_csv(folder / SIZES_CSV, index=False)
    for lang in langs:
        for lever, curve in points.groupby("lever", sort=False):
            figure = lever_chart(curve, PARAMETERS_BY_NAME[lever], ATLAS_OUTCOMES, lang)
            figure.savefig(folder / _chart_name(lever, lang), dpi=100)
        size_chart(sizes, SIZE_OUTCOMES, setting.employees, lang).savefig(folder / f"size.{lang}.png", dpi=100)
        html_page = page(summary, list(points.lever.unique()), len(sizes.municipality.unique()), setting, lang, langs)
        (folder / f"index.{lang}.html").write_text(html_page, encoding="utf-8")


def _chart_name(lever: str, lang: str) -> str:
    return f"lever-{lever}.{lang}.png"


def page(summary: pd.DataFrame, levers: Sequence[str], municipalities: int, setting: Setting, lang: str,
         langs: Sequence[str]) -> str:
    """The atlas page in ``lang``: what it shows and how to read it, the summary, every lever's chart, size."""

    def w(key: str, **values) -> str:
        return html.escape(WORDS[key][lang].format(**values))

    def number(value: float, decimals: int = 1) -> str:
        return format_number(value, lang, decimals) if value != float("inf") else WORDS["infinite"][lang]

    runs = {"runs": setting.runs, "page_runs": setting.page_runs}
    heads = "".join(f"<th>{html.escape(h.format(**runs))}</th>" for h in WORDS["columns"][lang])
    rows = []
    for row in summary.itertuples():
        verdict = w("passes") if row.passes else w("fails")
        rows.append(
            f"<tr><td>{html.escape(PARAMETERS_BY_NAME[row.lever].label[lang])}</td>"
            f"<td>{number(row.effect_full)}</td><td>{number(row.effect_page)}</td>"
            f"<td>{number(row.reversal_page)}</td><td>{number(row.ratio_page, 2)}</td>"
            f"<td>{number(row.ratio_full, 2)}</td><td class=\"{'pass' if row.passes else 'fail'}\">{verdict}</td></tr>")
    sections = []
    for lever in levers:
        parameter = PARAMETERS_BY_NAME[lever]
        label = html.escape(parameter.label[lang])
        sections.append(f'<h3 id="{lever}">{label}</h3>\n<p>{html.escape(parameter.help[lang])}</p>\n'
                        f'<img src="{_chart_name(lever, lang)}" alt="{label}">')
    others = " · ".join(f'<a href="index.{other}.html">{LANGUAGE_NAMES[other]}</a>' for other in langs
                        if other != lang)
    cut = OUTCOMES_BY_NAME["reduction_pct"].label[lang]
    command = f"greencoop atlas --out DIR --runs {setting.runs}"
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{w("title")}</title>
<style>
body {{ font-family: system-ui, sans-serif; max-width: 70rem; margin: 0 auto; padding: 1rem; line-height: 1.5;
       font-size: 1.05rem; color: #222; }}
img {{ max-width: 100%; height: auto; }}
table {{ border-collapse: collapse; margin: 1rem 0; display: block; overflow-x: auto; }}
th, td {{ border-bottom: 1px solid #ccc; padding: 0.3rem 0.6rem; text-align: right; }}
th:first-child, td:first-child {{ text-align: left; }}
td.pass {{ color: #0b6e4f; }} td.fail {{ color: #b03a00; font-weight: bold; }}
nav {{ float: right; }}
</style>
</head>
<body>
<nav>{others}</nav>
<h1>{w("title")}</h1>
<p>{w("what", employees=format_number(setting.employees, lang), years=setting.horizon_years)}</p>
<p>{w("read", **runs)}</p>
<p>{w("seeds", last=max(setting.runs, setting.page_runs) - 1, version=setting.version)}</p>
<h2>{w("summary")} ({html.escape(cut)})</h2>
<p>{w("test", page_runs=setting.page_runs, ratio=format_number(MAX_REVERSAL_RATIO, lang, 2, trim=True),
      effect=format_number(MIN_EFFECT, lang))}</p>
<table><thead><tr>{heads}</tr></thead><tbody>
{chr(10).join(rows)}
</tbody></table>
<h2>{w("levers")}</h2>
{chr(10).join(sections)}
<h2>{w("size")}</h2>
<p>{w("size_text", count=municipalities, runs=setting.runs)}</p>
<img src="size.{lang}.png" alt="{w("size")}">
<h2>{w("data")}</h2>
<ul>
<li><a href="{POINTS_CSV}">{POINTS_CSV}</a>: {w("points")}</li>
<li><a href="{SUMMARY_CSV}">{SUMMARY_CSV}</a>: {w("per_lever")}</li>
<li><a href="{SIZES_CSV}">{SIZES_CSV}</a>: {w("sizes")}</li>
</ul>
<p>{w("regenerate", command=command)}</p>
</body>
</html>
"""
