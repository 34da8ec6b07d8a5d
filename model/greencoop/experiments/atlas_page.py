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
from greencoop.text import LANGUAGE_NAMES, format_number, text, texts

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
        return html.escape(text(f"atlas.page.{key}", lang, **values))

    def number(value: float, decimals: int = 1) -> str:
        return format_number(value, lang, decimals) if value != float("inf") else text("atlas.page.infinite", lang)

    runs = {"runs": setting.runs, "page_runs": setting.page_runs}
    heads = "".join(f"<th>{html.escape(h.format(**runs))}</th>" for h in texts("atlas.page.columns", lang))
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
