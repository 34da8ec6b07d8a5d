"""The facilitator's dashboard: every group's saved choices side by side, refreshing as groups save.

Made for the plenary screen (``workshops/facilitator_dashboard.ipynb``, served
with Voilà): a table of each group's latest save per module (choices in plain
words, prediction, what the model gave, reflection) and a chart of
predictions against results. A background thread looks at the session log's
size and modification time every few seconds and redraws only when a group
has saved; nothing is re-run, the dashboard shows what the groups saw.
"""

from __future__ import annotations

import io
import threading
import warnings
from collections.abc import Sequence
from datetime import datetime
from html import escape

import ipywidgets as widgets
import matplotlib.pyplot as plt
import pandas as pd

from greencoop.charts.bands import predictions
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS_BY_NAME
from greencoop.text import format_number, text, texts
from greencoop.workshop.modules import modules
from greencoop.workshop.session import GroupSave, current_session, list_sessions, read_session, session_path

_TABLE_STYLE = ("<style>.greencoop-sessions { font-size: 1.15em; border-collapse: collapse; } "
                ".greencoop-sessions th, .greencoop-sessions td { padding: 0.3em 0.7em; text-align: left; "
                "vertical-align: top; } .greencoop-sessions tr:nth-child(even) td { background: #f4f4f4; }</style>")


def latest_saves(saves: Sequence[GroupSave]) -> list[GroupSave]:
    """Each group's most recent save in each module, in module order, then by group name."""
    latest: dict[tuple[str, str], GroupSave] = {}
    for save in saves:  # the log is in the order saved
        latest[save.module, save.group.casefold()] = save
    order = list(modules())
    return sorted(latest.values(), key=lambda s: (order.index(s.module), s.group.casefold()))


def saves_table(saves: Sequence[GroupSave], lang: str = "nb") -> pd.DataFrame:
    """One row per group and module (the latest save): choices in words, prediction, outcome, reflection."""
    columns = texts("dashboard.columns", lang)
    rows = []
    for save in latest_saves(saves):
        outcome = save.outcome
        rows.append((
            save.group,
            modules()[save.module].title[lang],
            "; ".join(f"{PARAMETERS_BY_NAME[n].label[lang]}: {PARAMETERS_BY_NAME[n].words(v, lang)}"
                      for n, v in save.choices.items()),
            _value(save.prediction.get("value"), save.prediction.get("outcome"), lang),
            (f"{_value(outcome['median'], outcome['outcome'], lang)} "
             f"({_number(outcome['low'], lang)}–{_number(outcome['high'], lang)})") if outcome else "",
            _value(outcome.get("baseline_median"), outcome.get("outcome"), lang),
            " ".join(save.reflection.split()),
            save.saved_at[11:16],
        ))
    return pd.DataFrame(rows, columns=columns)


def overview_chart(saves: Sequence[GroupSave], module_id: str, lang: str = "nb"):
    """Predictions against what the model gave, per group, for ``module_id``; None if nothing to draw."""
    shown = [s for s in latest_saves(saves) if s.module == module_id and s.outcome]
    if not shown:
        return None
    outcome = shown[-1].outcome["outcome"]
    shown = [s for s in shown if s.outcome["outcome"] == outcome]
    bands = pd.DataFrame([{k: s.outcome[k] for k in ("median", "low", "high")} for s in shown])
    predicted = [s.prediction["value"] if s.prediction.get("outcome") == outcome else None for s in shown]
    baseline = float(pd.Series([s.outcome["baseline_median"] for s in shown]).median())
    return predictions([s.group for s in shown], predicted, bands, outcome, lang=lang, reference=baseline)


class Dashboard:
    """A live view of one session for the facilitator's screen.

    Example (in a notebook)::

        dashboard = Dashboard(lang="nb")
        dashboard.start()          # redraw within ``interval`` seconds of every save
        dashboard.widget
    """

    def __init__(self, session: str | None = None, lang: str = "nb", interval: float = 3.0):
        self.lang = lang
        self.interval = interval
        t = {key: text(f"dashboard.{key}", lang) for key in ("title", "session", "module", "all", "refresh")}
        session = session or current_session()
        self.session = widgets.Dropdown(options=sorted({*list_sessions(), session}), value=session,
                                        description=t["session"])
        self.module = widgets.Dropdown(options=[(t["all"], ""), *((m.title[lang], m.id) for m in modules().values())],
                                       value="", description=t["module"])
        self.button = widgets.Button(description=t["refresh"])
        self.status = widgets.HTML()
        self.table = widgets.HTML()
        self.chart = widgets.Image(format="png", layout=widgets.Layout(max_width="100%"))
        self.widget = widgets.VBox([
            widgets.HTML(f"<h2>{escape(t['title'])}</h2>"),
            widgets.HBox([self.session, self.module, self.button]),
            self.status, self.chart, self.table,
        ])
        self.button.on_click(lambda _: self.refresh(force=True))
        self.session.observe(lambda _: self.refresh(force=True), names="value")
        self.module.observe(lambda _: self.refresh(force=True), names="value")
        self._seen: tuple | None = None
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None
        self.refresh(force=True)

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
                       time=datetime.now().strftime("%H:%M:%S"))]
        if skipped:
            status.append(text("dashboard.skipped", lang, n=skipped))
        self.status.value = f"<p>{escape(' · '.join(status))}</p>"
        table = saves_table(saves, self.lang)
        self.table.value = _TABLE_STYLE + table.to_html(index=False, escape=True, border=0,
                                                        classes="greencoop-sessions")
        module_id = self.module.value or max(saves, key=lambda s: s.saved_at).module
        ax = overview_chart(saves, module_id, self.lang)
        if ax is None:
            self.chart.layout.display = "none"
            return
        buffer = io.BytesIO()
        ax.figure.savefig(buffer, format="png", dpi=80)
        plt.close(ax.figure)
        self.chart.value = buffer.getvalue()
        self.chart.layout.display = None


def _value(value: float | None, outcome: str | None, lang: str) -> str:
    if value is None or outcome is None:
        return ""
    spec = OUTCOMES_BY_NAME[outcome]
    return f"{_number(value, lang)} {'%' if spec.unit == '%' else spec.unit_label(lang)}"


def _number(value: float, lang: str) -> str:
    """A result as the groups saw it in their headline: at most two decimals, no trailing zeros."""
    return format_number(value, lang, 2, trim=True)
