"""The facilitator's dashboard: every group's saved choices side by side, refreshing as groups save.

Made for the plenary screen (``workshops/facilitator_dashboard.ipynb``, served
with Voilà): a table of each group's latest save per module (choices in plain
words, prediction, what the model gave, reflection) and a chart of
predictions against results, a panel per module shown, each named. A
background thread looks at the session log's size and modification time every
few seconds and redraws only when a group has saved; nothing is re-run, the
dashboard shows what the groups saw.
"""

from __future__ import annotations

import io
import textwrap
import threading
import warnings
from collections.abc import Mapping, Sequence
from html import escape

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd
from IPython.display import display
from matplotlib.figure import Figure

from greencoop.charts.bands import predictions
from greencoop.charts.style import STYLE
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS_BY_NAME
from greencoop.text import LANGUAGE_NAMES, LANGUAGES, format_band, format_number, text, texts
from greencoop.workshop.modules import modules
from greencoop.workshop.request import query_parameters
from greencoop.workshop.session import (
    GroupSave,
    current_session,
    guess_decimals,
    latest_saves,
    list_sessions,
    local_time,
    read_session,
    session_path,
)
from greencoop.workshop.settings import PageSettings
from greencoop.workshop.style import STYLESHEET

#: The table and chart at the page's type size: 24 px on a projector (see :mod:`greencoop.workshop.style`).
_TABLE_STYLE = ("<style>.greencoop-sessions { font-size: 1em; border-collapse: collapse; width: 100%; } "
                ".greencoop-sessions th, .greencoop-sessions td { padding: 0.3em 0.7em; text-align: left; "
                "vertical-align: top; } .greencoop-sessions tr:nth-child(even) td { background: #f4f4f4; } "
                ".gc-dashboard-chart { width: 100%; max-width: 1400px; height: auto; }</style>")
#: Pixels per inch of the chart: sharp when stretched across a projector.
CHART_DPI = 110
#: Longest line of a module's name over its panel, when panels stand side by side.
TITLE_CHARACTERS = 36


def saves_table(saves: Sequence[GroupSave], lang: str = "nb") -> pd.DataFrame:
    """One row per group and module (the latest save, and how many came before it): choices in words,
    guess, outcome, reflection, and the local time it was saved."""
    columns = texts("dashboard.columns", lang)
    rows = []
    for latest in latest_saves(saves):
        save, outcome = latest.save, latest.save.outcome
        saved = local_time(save.saved_at)
        if latest.earlier:
            saved += f" ({text('dashboard.earlier', lang, n=latest.earlier)})"
        rows.append((
            save.group,
            text("start.module_link", lang, number=modules()[save.module].number,
                 title=modules()[save.module].title[lang]),
            "; ".join(f"{PARAMETERS_BY_NAME[n].label[lang]}: {PARAMETERS_BY_NAME[n].words(v, lang)}"
                      for n, v in save.choices.items()),
            _value(save.prediction.get("value"), save.prediction.get("outcome"), lang, guess=True),
            (f"{_value(outcome['median'], outcome['outcome'], lang)} "
             f"({format_band(outcome['low'], outcome['high'], lang)})") if outcome else "",
            _value(outcome.get("baseline_median"), outcome.get("outcome"), lang),
            " ".join(save.reflection.split()),
            saved,
        ))
    return pd.DataFrame(rows, columns=columns)


def overview_chart(saves: Sequence[GroupSave], module_id: str | None = None, lang: str = "nb") -> Figure | None:
    """Guesses against what the model gave, per group: one panel for ``module_id``, or with None one panel for
    every module with saves, side by side on one scale; each panel titled with its module. None if nothing to draw.
    """
    latest = [entry.save for entry in latest_saves(saves) if entry.save.outcome]
    shown = [m for m in modules() if (module_id is None or m == module_id) and any(s.module == m for s in latest)]
    if not shown:
        return None
    outcome = next(s.outcome["outcome"] for s in latest if s.module in shown)
    columns = 1 if len(shown) == 1 else 2 if len(shown) <= 4 else 3
    rows = -(-len(shown) // columns)
    tallest = max(sum(s.module == m for s in latest) for m in shown)
    per_group = 0.7 if len(shown) == 1 else 0.55  # inches a group's row takes
    with plt.rc_context(STYLE):
        figure, axes = plt.subplots(rows, columns, sharex=True, squeeze=False, layout="constrained",
                                    figsize=(11 if columns == 1 else 17, rows * (1.4 + per_group * tallest) + 1))
        for ax, m in zip(axes.flat, shown, strict=False):
            saved = [s for s in latest if s.module == m and s.outcome["outcome"] == outcome]
            bands = pd.DataFrame([{k: s.outcome[k] for k in ("median", "low", "high")} for s in saved])
            predicted = [s.prediction["value"] if s.prediction.get("outcome") == outcome else None for s in saved]
            baseline = float(pd.Series([s.outcome["baseline_median"] for s in saved]).median())
            predictions([s.group for s in saved], predicted, bands, outcome, lang=lang, reference=baseline, ax=ax,
                        legend=ax is axes.flat[0])
            spec = modules()[m]
            name = text("start.module_link", lang, number=spec.number, title=spec.title[lang])
            if len(shown) == 1:
                ax.set_title(f"{name}\n{OUTCOMES_BY_NAME[outcome].label[lang]}")
            else:  # the outcome once above the panels; each panel's module in a width that fits beside the next
                ax.set_title(textwrap.fill(name, TITLE_CHARACTERS), fontsize="medium")
        for ax in axes.flat[len(shown):]:
            ax.set_visible(False)
        if len(shown) > 1:
            figure.suptitle(OUTCOMES_BY_NAME[outcome].label[lang], fontweight="bold")
    return figure


class Dashboard:
    """A live view of one session for the facilitator's screen, in Bokmål or English (switchable on screen).

    Example (in a notebook)::

        dashboard = Dashboard(lang="nb")
        dashboard.start()          # redraw within ``interval`` seconds of every save
        dashboard.widget
    """

    def __init__(self, session: str | None = None, lang: str = "nb", interval: float = 3.0):
        self.lang = lang
        self.interval = interval
        session = session or current_session()
        self.session = widgets.Dropdown(options=sorted({*list_sessions(), session}), value=session)
        self.module = widgets.Dropdown(value=None)
        self.language = widgets.ToggleButtons(options=[(LANGUAGE_NAMES[code], code) for code in LANGUAGES],
                                              value=lang)
        self.language.add_class("gc-language")
        self.button = widgets.Button()
        self.title = widgets.HTML()
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png")
        self.chart.add_class("gc-dashboard-chart")
        controls = widgets.HBox([self.session, self.module, self.button])
        self.widget = widgets.VBox([widgets.HTML(STYLESHEET + _TABLE_STYLE),
                                    widgets.HBox([self.title, self.language]), controls,
                                    self.status, self.chart, self.table])
        self.widget.add_class("gc-page")
        self.widget.add_class("gc-dashboard")
        self._label()
        self.button.on_click(lambda _: self.refresh(force=True))
        self.session.observe(lambda _: self.refresh(force=True), names="value")
        self.module.observe(lambda _: self.refresh(force=True), names="value")
        self.language.observe(lambda change: self.set_language(change["new"]), names="value")
        self._seen: tuple | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.refresh(force=True)

    def set_language(self, lang: str) -> None:
        """Show the dashboard in ``lang``: menus, table and chart."""
        self.lang = lang
        self._label()
        self.refresh(force=True)

    def _label(self) -> None:
        """Name every control in the dashboard's language, keeping what is chosen."""
        lang = self.lang
        t = {key: text(f"dashboard.{key}", lang) for key in ("title", "session", "module", "all", "refresh")}
        chosen = self.module.value or ""
        self.module.options = [(t["all"], ""), *((text("start.module_link", lang, number=m.number,
                                                      title=m.title[lang]), m.id) for m in modules().values())]
        self.module.value = chosen
        self.session.description, self.module.description = t["session"], t["module"]
        self.button.description = t["refresh"]
        self.title.value = f"<h2 class='gc-h1'>{escape(t['title'])}</h2>"

    def refresh(self, force: bool = False) -> bool:
        """Redraw if the session's log changed since last time (or if ``force``); return whether it redrew."""
        with self._lock:
            path = session_path(self.session.value)
            stat = path.stat() if path.exists() else None
            signature = (self.session.value, self.module.value, stat and (stat.st_size, stat.st_mtime_ns))
            if signature == self._seen and not force:
                return False
            self._seen = signature
            saves, skipped = self._read()
            self._draw(saves, skipped)
            return True

    def start(self) -> None:
        """Check for new saves every ``interval`` seconds in a background thread, until :meth:`stop`."""
        if self._thread and self._thread.is_alive():
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._poll, name="greencoop-dashboard", daemon=True)
        self._thread.start()

    def stop(self) -> None:
        """Stop checking for new saves."""
        self._stop.set()
        if self._thread:
            self._thread.join(timeout=self.interval + 5)

    def _poll(self) -> None:
        while not self._stop.wait(self.interval):
            try:
                self.refresh()
            except Exception as error:  # keep polling: a bad moment must not freeze the plenary screen
                self.status.value = f"<p style='color:#D55E00'>{escape(str(error))}</p>"

    def _read(self) -> tuple[list[GroupSave], int]:
        if not session_path(self.session.value).exists():
            return [], 0
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            saves = read_session(self.session.value)
        if self.module.value:
            saves = [s for s in saves if s.module == self.module.value]
        return saves, len(caught)

    def _draw(self, saves: list[GroupSave], skipped: int) -> None:
        lang = self.lang
        if not saves:
            self.status.value = f"<p>{escape(text('dashboard.empty', lang))}</p>"
            self.table.value = ""
            self.chart.value = b""
            self.chart.layout.display = "none"
            return
        status = [text("dashboard.status", lang, saves=len(saves), groups=len({s.group.casefold() for s in saves}),
                       time=local_time(max(s.saved_at for s in saves)))]
        if skipped:
            status.append(text("dashboard.skipped", lang, n=skipped))
        self.status.value = f"<p>{escape(' · '.join(status))}</p>"
        table = saves_table(saves, self.lang)
        self.table.value = _TABLE_STYLE + table.to_html(index=False, escape=True, border=0,
                                                        classes="greencoop-sessions")
        figure = overview_chart(saves, self.module.value or None, self.lang)
        if figure is None:
            self.chart.layout.display = "none"
            return
        buffer = io.BytesIO()
        figure.savefig(buffer, format="png", dpi=CHART_DPI)
        plt.close(figure)
        self.chart.value = buffer.getvalue()
        self.chart.layout.display = None


def _value(value: float | None, outcome: str | None, lang: str, guess: bool = False) -> str:
    if value is None or outcome is None:
        return ""
    spec = OUTCOMES_BY_NAME[outcome]
    number = format_number(value, lang, guess_decimals(value)) if guess else _number(value, lang)
    return f"{number} {'%' if spec.unit == '%' else spec.unit_label(lang)}"


def _number(value: float, lang: str) -> str:
    """A result as the groups saw it in their headline: whole per cent."""
    return format_number(value, lang)


def show_dashboard(query: Mapping[str, str] | None = None) -> Dashboard:
    """Display the facilitator's dashboard, in the language its address asks for (``?lang=en``), redrawn as
    groups save; ``query`` defaults to the page address's parameters.

    The dashboard is drawn before the page is asked for, in the workshop's default language: in a preheated
    kernel the first table and chart (2-3 s in a fresh kernel, loading the charts' fonts) are drawn while it
    waits (:func:`~greencoop.workshop.request.query_parameters`), and the page is drawn again only in another
    language or with saves made since. The model's compiled engine is not loaded (the app's pages load it): a
    kernel kept ready for the dashboard starts sooner, and takes less from the page being opened.
    """
    dashboard = Dashboard(lang=PageSettings.resolve({}).lang)
    lang = PageSettings.resolve(query_parameters() if query is None else query).lang
    if lang != dashboard.lang:
        dashboard.set_language(lang)
    else:
        dashboard.refresh()
    dashboard.start()
    display(dashboard.widget)
    return dashboard
