"""A workshop module as a page of widgets: context, levers, predict first, results, reflection.

The page keeps the group's state (lever values, guess, whether results are
shown, pinned choices) apart from the widgets that show it, so switching
language rebuilds the widgets and keeps everything the group has done.
Ensembles are computed on worker threads (:mod:`greencoop.workshop.compute`);
callbacks only record the choice and ask for it.
"""

from __future__ import annotations

import html
import threading
from collections.abc import Callable, Mapping
from dataclasses import replace
from string import ascii_uppercase
from typing import Any

from IPython.display import Javascript, display

from greencoop.charts.style import CHOICE, COMPARED, TODAY
from greencoop.municipality import size_of
from greencoop.outcomes import OUTCOMES_BY_NAME
from greencoop.params import PARAMETERS_BY_NAME, Params
from greencoop.text import LANGUAGE_NAMES, LANGUAGES, MINUS, format_band, format_number, text
from greencoop.workshop import figure, widgets
from greencoop.workshop.address import GROUP, GUESS, NOTE, SHOWN, lever_values, write_value
from greencoop.workshop.compute import Ensemble, Recomputer
from greencoop.workshop.controls import labelled, lever, limited
from greencoop.workshop.modules import Module, modules
from greencoop.workshop.session import (
    MAX_GROUP,
    MAX_NOTE,
    MAX_REFLECTION,
    GroupSave,
    SessionError,
    append_save,
    guess_decimals,
    latest_save_of,
    local_time,
)
from greencoop.workshop.settings import PageSettings
from greencoop.workshop.style import STYLESHEET

#: Choices the sandbox compares side by side, besides today's practice (each in its own colour).
MAX_PINNED = len(COMPARED)
#: Scrolls the browser to the results once they are shown (their place on the page is known only there): the
#: headline at the top of the screen, the panels under it.
SCROLL_TO_RESULTS = ("requestAnimationFrame(() => document.querySelector('.gc-results .gc-headline-box')"
                     "?.scrollIntoView({block: 'start', behavior: 'smooth'}));")
#: The chain from ideas to tonnes cut shown under "why this result": each outcome, the decimals it is written
#: with, and whether it is a part of the step above it (who proposed the measures adopted) rather than a step.
CHAIN = (("ideas_raised", 0, False), ("measures_proposed", 0, False), ("proposals_tabled", 0, False),
         ("measures_adopted", 0, False), ("measures_adopted_from_proposals", 0, True),
         ("measures_adopted_from_employer", 0, True), ("measures_in_use", 1, False), ("reduction", 0, False))
#: Units that only count what a row's label names ("ideas", "proposals", "measures"): the chain does not repeat them.
COUNTS = frozenset({"ideas", "proposals", "measures"})


class ModulePage:
    """One module for one group.

    Args:
        spec: which module.
        settings: language and municipality.
        to_start: what the header's way back to the start does, in the workshop app; without it the way
            back is a link to the start page's notebook (a module opened on its own, as in JupyterLab).
        address: the page's address, to come back where the group was before a reload (see :meth:`address`
            and :mod:`greencoop.workshop.address`); what is not valid in it is left out.

    The page starts computing today's practice and the group's starting
    choice at once, so results are ready by the time the group has guessed.
    """

    def __init__(self, spec: Module, settings: PageSettings, to_start: Callable[[], None] | None = None,
                 address: Mapping[str, str] | None = None):
        address = address or {}
        self.spec = spec
        self._to_start = to_start
        self.settings = settings
        self.base = Params(**settings.model_overrides)
        self.values = start_values(spec, self.base) | lever_values(spec.levers, address)
        #: Called whenever what :meth:`address` holds may have changed (the app keeps the address in step).
        self.on_change: Callable[[], None] | None = None
        self.guess: float | None = None
        self.note = ""
        self.revealed = False
        self.reference: Ensemble | None = None
        self.choice: Ensemble | None = None
        self.choice_complete = False
        self.pinned: list[tuple[str, Ensemble]] = []
        self.error: Exception | None = None
        self.group_name = ""
        self.reflection = ""
        self._drawing = threading.Lock()
        self._panels = figure.Chart(figure.panels_of(spec.panels))  # the panel images' kept drawing
        self._last_saved: GroupSave | None = None
        self.root = widgets.VBox()
        self.root.add_class("gc-page")
        self._build()
        self._reference_ready = threading.Event()
        threading.Thread(target=self._compute_reference, name="greencoop-reference", daemon=True).start()
        self._worker = Recomputer(self._on_choice, self._on_error)
        self._worker.request(self.choice_params)
        self._come_back(address)

    def _come_back(self, address: Mapping[str, str]) -> None:
        """Put back the group's name, guess and shown results from the page's address, and the reflection of
        the group's latest save of this module (an address does not hold it)."""
        self.group_input.value = address.get(GROUP, "")
        try:
            guess = parse_guess(address.get(GUESS, ""))
        except ValueError:
            guess = None
        if guess is not None:
            self.guess_input.value = format_number(guess, self.lang, guess_decimals(guess))
            self.note_input.value = address.get(NOTE, "")
        saved = latest_save_of(self.group_input.value, self.spec.id) if self.group_input.value.strip() else None
        if saved is not None:
            self.reflection_input.value = saved.reflection
        if address.get(SHOWN) == "1":
            self.reveal()

    def address(self) -> dict[str, str]:
        """What the page's address keeps, for a reload to come back here: language and municipality, the group's
        name, the levers moved from the module's start, the guess (if it is a number) and its note, and whether
        the results are shown."""
        kept = self.settings.query()
        start = start_values(self.spec, self.base)
        kept |= {name: write_value(value) for name, value in self.values.items() if value != start[name]}
        if group := self.group_input.value.strip():
            kept[GROUP] = group
        try:
            guess = parse_guess(self.guess_input.value)
        except ValueError:
            guess = None
        if guess is not None:
            kept[GUESS] = format(guess, "g")
            if self.note_input.value.strip():
                kept[NOTE] = self.note_input.value
        if self.revealed:
            kept[SHOWN] = "1"
        return kept

    def _changed(self) -> None:
        if self.on_change:
            self.on_change()

    # --- state -------------------------------------------------------------

    @property
    def lang(self) -> str:
        return self.settings.lang

    @property
    def choice_params(self) -> Params:
        """The model parameters of the group's current choice."""
        return self.base.replace(**self.values)

    def set_lever(self, name: str, value: Any) -> None:
        """Record the group's new value for ``name`` and ask for its results.

        The page says it is computing before it asks: an answer the kernels have computed before comes back
        at once, and its drawing must find that line there to clear it, not be overtaken by it.
        """
        self.values[name] = value
        if self.revealed:
            self.status.value = f"<div class='gc-status'>{text('module.computing', self.lang)}</div>"
        self._worker.request(self.choice_params)
        self._changed()

    def reveal(self) -> None:
        """Show the results, with the group's guess beside them (a group may also reveal without one)."""
        try:
            self.guess = parse_guess(self.guess_input.value)
        except ValueError:
            self.guess_message.value = f"<div class='gc-error'>{text('module.predict_invalid', self.lang)}</div>"
            return
        self.guess_message.value = ""
        self.note = self.note_input.value
        self.revealed = True
        self._show_results()
        self.redraw()
        self._scroll_to_results()
        self._changed()

    def predict_again(self) -> None:
        """Hide the results so the group can guess again."""
        self.revealed = False
        self._show_results()
        self._changed()

    def reset(self) -> None:
        """Put every lever back where the module starts."""
        for name, value in start_values(self.spec, self.base).items():
            self.levers[name].value = value

    def pin(self) -> None:
        """Sandbox: keep the current choice in the comparison (up to :data:`MAX_PINNED`)."""
        if len(self.pinned) >= MAX_PINNED:
            return
        runs = self.choice if self.choice_complete and self.choice.params == self.choice_params else None
        label = text("sandbox.pinned", self.lang, letter=ascii_uppercase[len(self.pinned)])
        self.pinned.append((label, runs or Ensemble.run(self.choice_params)))
        self._update_pin_buttons()
        self.redraw()

    def clear_pinned(self) -> None:
        self.pinned.clear()
        self._update_pin_buttons()
        self.redraw()

    def save(self) -> GroupSave | None:
        """Append the group's choices, guess, result and reflection to the workshop's session log.

        One click saves once: a save identical to this page's last one (a double click, or a second
        click with nothing changed) is not written again, and the page says when it was saved.
        """
        lang = self.lang
        self.save_button.disabled = True
        try:
            self.wait()
        except Exception as error:  # a callback: say it on the page, never raise into the kernel log
            return self._save_failed(error)
        finally:
            self.save_button.disabled = False
        median, low, high = self.choice.final("reduction_pct")
        prediction = {} if self.guess is None else {"outcome": "reduction_pct", "value": self.guess,
                                                    "note": self.note_input.value}
        record = GroupSave(
            group=self.group_input.value,
            module=self.spec.id,
            lang=lang,
            choices=self.values | self.settings.model_overrides,
            prediction=prediction,
            outcome={"outcome": "reduction_pct", "median": median, "low": low, "high": high,
                     "baseline_median": self.reference.final("reduction_pct")[0], "seeds": self.choice.runs},
            reflection=self.reflection_input.value,
        )
        try:
            checked = record.checked()
            last = self._last_saved
            if last is not None and replace(checked, saved_at=last.saved_at) == last:
                self._say_saved(last, "save.already_saved")
                return None
            append_save(checked)
        except (SessionError, OSError) as error:
            return self._save_failed(error)
        self._last_saved = checked
        self._say_saved(checked, "save.saved")
        return checked

    def _say_saved(self, saved: GroupSave, key: str) -> None:
        words = text(key, self.lang, group=html.escape(saved.group), time=local_time(saved.saved_at))
        self.save_message.value = f"<div class='gc-saved'>{words}</div>"

    def _save_failed(self, error: Exception) -> None:
        """Say in the page's language that nothing was saved, and what to change when the group can."""
        lang = self.lang
        if isinstance(error, SessionError) and error.reason:
            values = dict(error.values)
            if "field" in values:
                values["field"] = text(f"save.fields.{values['field']}", lang)
            values = {k: format_number(v, lang) if isinstance(v, int) else v for k, v in values.items()}
            reason = text(f"save.errors.{error.reason}", lang, **values)
        else:
            reason = html.escape(str(error))
        self.save_message.value = f"<div class='gc-error'>{text('save.failed', lang, reason=reason)}</div>"

    def set_language(self, lang: str) -> None:
        """Show the page in ``lang``, keeping everything the group has done."""
        if lang == self.lang:
            return
        self.note, typed_guess = self.note_input.value, self.guess_input.value
        self.group_name, self.reflection = self.group_input.value, self.reflection_input.value
        self.settings = replace(self.settings, lang=lang)
        self.pinned = [(text("sandbox.pinned", lang, letter=ascii_uppercase[i]), runs)
                       for i, (_, runs) in enumerate(self.pinned)]
        self._build()
        if not self.revealed:
            self.guess_input.value = typed_guess  # typed, not yet shown against the result: kept as typed
        self.redraw()
        self._changed()

    def wait(self, timeout: float = 120) -> None:
        """Block until today's practice and the current choice are computed (for tests and scripts)."""
        if not (self._reference_ready.wait(timeout) and self._worker.wait(timeout)):
            raise TimeoutError(f"the workshop model did not finish within {timeout} s")
        if self.error:
            raise self.error

    # --- computing -----------------------------------------------------------

    def _compute_reference(self) -> None:
        try:
            self.reference = Ensemble.run(self.base)
            self.redraw()
        except Exception as error:  # shown on the page; the group can still read the rest
            self._on_error(error)
        finally:
            self._reference_ready.set()

    def _on_choice(self, runs: Ensemble, complete: bool) -> None:
        if runs.params != self.choice_params:
            return
        self.choice, self.choice_complete = runs, complete
        self.redraw()

    def _on_error(self, error: Exception) -> None:
        self.error = error
        self.status.value = f"<div class='gc-error'>{html.escape(str(error))}</div>"

    # --- drawing -------------------------------------------------------------

    def redraw(self) -> None:
        """Draw the panels, legend, headline and chain for what is computed now; called from any thread."""
        with self._drawing:
            reference, choice, complete = self.reference, self.choice, self.choice_complete
            if not (self.revealed and reference and choice):
                return
            lang = self.lang
            lines = [figure.Line(text(TODAY.words, lang), reference, TODAY.colour)]
            lines += [figure.Line(label, runs, colour)
                      for (label, runs), colour in zip(self.pinned, COMPARED, strict=False)]
            lines.append(figure.Line(text(CHOICE.words, lang), choice, CHOICE.colour, band=complete))
            for image, png in zip(self.charts, self._panels.render(lines, lang, self.guess), strict=True):
                image.value = png
            self.legend.value = figure.legend_html(lines, lang, guess=self.guess is not None)
            self.headline.value = self._headline(reference, choice, complete)
            self.why.value = self._why(reference, choice)
            self.status.value = "" if complete else f"<div class='gc-status'>{text('module.computing', lang)}</div>"
            if self.spec.sandbox:
                self.table.value = self._comparison_table(lines)

    def _headline(self, reference: Ensemble, choice: Ensemble, complete: bool) -> str:
        """The cut in words; while only the first runs are in, the median alone, with no band or verdict.

        When the group's choice is today's practice, it says so and asks for a lever to be moved, rather
        than comparing a result with itself.
        """
        lang, years = self.lang, self.base.horizon_years
        median, low, high = choice.final("reduction_pct")
        today = format_number(reference.final("reduction_pct")[0], lang)
        same = choice.params == reference.params
        if not complete:
            preview = text("module.headline_preview", lang, years=years, median=format_number(median, lang),
                           reference=today)
            return f"<div class='gc-headline'>{preview}</div>"
        values = {"years": years, "median": format_number(median, lang), "band": format_band(low, high, lang),
                  "reference": today}
        parts = [text("module.headline_today" if same else "module.headline", lang, **values)]
        if self.guess is not None:
            parts.append(text("module.guess_against", lang,
                              guess=format_number(self.guess, lang, guess_decimals(self.guess)),
                              median=format_number(median, lang)))
            parts.append(text("module.guess_inside" if low <= self.guess <= high else "module.guess_outside", lang))
        if same:
            parts.append(f"<span class='gc-notice'>{text('module.same_as_today', lang)}</span>")
        parts.append(f"<span class='gc-small'>{text('module.runs', lang, runs=choice.runs)}</span>")
        return "<div class='gc-headline'>" + "<br>".join(parts) + "</div>"

    def _why(self, reference: Ensemble, choice: Ensemble) -> str:
        """Why this result, today's practice against ours: ideas raised, proposals made and tabled, measures
        adopted (from the reps' proposals and on the employer's own initiative), in use, and tonnes cut.

        Averages over the runs, so that the measures adopted from each side add up to all adopted.
        """
        lang = self.lang
        head = (f"<tr><th></th><th>{_swatch(TODAY.colour)}{text(TODAY.words, lang)}</th>"
                f"<th>{_swatch(CHOICE.colour)}{text(CHOICE.words, lang)}</th></tr>")
        rows = []
        for step, (outcome, decimals, part) in enumerate(CHAIN):
            spec = OUTCOMES_BY_NAME[outcome]
            lead = text("module.why_part", lang) + " " if part else "↓ " if step else ""
            cells = "".join(f"<td>{format_number(runs.final_mean(outcome), lang, decimals)}</td>"
                            for runs in (reference, choice))
            unit = "" if spec.unit in COUNTS else f" <span class='gc-unit'>({spec.unit_label(lang)})</span>"
            rows.append(f"<tr class='{'gc-part' if part else 'gc-step'}'><td>{lead}{spec.label[lang]}{unit}</td>"
                        f"{cells}</tr>")
        years = self.base.horizon_years
        return (f"<h3 class='gc-h3'>{text('module.why_title', lang)}</h3>"
                f"<p class='gc-small'>{text('module.why_text', lang, years=years, runs=choice.runs)}</p>"
                f"<table class='gc-table gc-chain'>{head}{''.join(rows)}</table>")

    def _comparison_table(self, lines: list[figure.Line]) -> str:
        lang = self.lang
        outcomes = ("reduction_pct", *self._panels.panels[1:])
        head = "".join(f"<th>{OUTCOMES_BY_NAME[o].label[lang]}</th>" for o in outcomes)
        rows = []
        for line in lines:
            cells = "".join(f"<td>{format_number(line.ensemble.final(o)[0], lang, 2 if figure.is_share(o) else 0)}"
                            "</td>" for o in outcomes)
            differs = html.escape(self._differences(line.ensemble.params))
            rows.append(f"<tr><td>{_swatch(line.colour)}{html.escape(line.label)}"
                        f"<div class='gc-small'>{differs}</div></td>{cells}</tr>")
        title = text("sandbox.table_title", lang, years=self.base.horizon_years)
        return (f"<div class='gc-subtitle'>{title}</div><table class='gc-table'><tr>"
                f"<th>{text('sandbox.table_choice', lang)}</th>{head}</tr>{''.join(rows)}</table>")

    def _differences(self, params: Params) -> str:
        """What a choice changes from today's practice, in words: "Frikjøp per tillitsvalgt: 30 timer/mnd"."""
        lang = self.lang
        changed = [f"{PARAMETERS_BY_NAME[name].label[lang]}: {PARAMETERS_BY_NAME[name].words(value, lang)}"
                   for name in self.spec.levers
                   if (value := getattr(params, name)) != getattr(self.base, name)]
        return "; ".join(changed) or text("sandbox.as_today", lang)

    # --- widgets -------------------------------------------------------------

    def _build(self) -> None:
        lang, spec = self.lang, self.spec
        self.levers = {name: lever(name, self.values[name], lang) for name in spec.levers}
        for name, control in self.levers.items():
            control.observe(lambda change, name=name: self.set_lever(name, change["new"]), names="value")
        reset = widgets.Button(description=text("module.reset", lang), icon="undo",
                               layout=widgets.layout(width="auto"))
        reset.on_click(lambda _: self.reset())

        self.guess_input = widgets.Text(value="" if self.guess is None
                                        else format_number(self.guess, lang, guess_decimals(self.guess)),
                                        description=text("module.predict_value", lang),
                                        style=widgets.style(widgets.Text, description_width="initial"))
        self.guess_input.add_class("gc-prediction")
        self.guess_message = widgets.HTML()
        self.note_input = limited(widgets.Textarea(value=self.note, placeholder=text("module.predict_note", lang)),
                                  MAX_NOTE, lang)
        self.note_input.add_class("gc-note")
        reveal = widgets.Button(description=text("module.reveal", lang), button_style="primary", icon="eye")
        reveal.add_class("gc-reveal")
        reveal.on_click(lambda _: self.reveal())
        again = widgets.Button(description=text("module.predict_again", lang), icon="pencil",
                               layout=widgets.layout(width="auto"))
        again.on_click(lambda _: self.predict_again())
        prompt = text("module.predict_prompt", lang, years=self.base.horizon_years)
        self.predict_box = widgets.VBox([_title(text("module.predict_title", lang)), _para(prompt),
                                         self.guess_input, self.guess_message, self.note_input, reveal],
                                        layout=widgets.Layout())  # its own: shown or hidden
        self.predict_box.add_class("gc-predict")

        self.charts, panels = [], []
        for outcome in self._panels.panels:
            image = widgets.Image(format="png")
            image.add_class("gc-chart")
            image.add_class(f"gc-chart-{outcome}")
            self.charts.append(image)
            title = widgets.HTML(f"<div class='gc-panel-title'>{figure.panel_title(outcome, lang)}</div>")
            panel = widgets.VBox([title, image])
            panel.add_class("gc-panel")
            panels.append(panel)
        panel_grid = widgets.Box(panels)
        panel_grid.add_class("gc-panels")
        self.headline, self.status, self.table = widgets.HTML(), widgets.HTML(), widgets.HTML()
        self.headline.add_class("gc-headline-box")
        self.legend, self.why = widgets.HTML(), widgets.HTML()
        self.why.add_class("gc-why")
        self.scroller = widgets.Output()
        result_parts = [_title(text("module.results_title", lang)), self.headline, self.status, self.legend,
                        panel_grid, self.why]
        if spec.sandbox:
            self.pin_button = widgets.Button(description=text("sandbox.pin", lang), icon="thumb-tack",
                                             layout=widgets.layout(width="auto"))
            self.pin_button.on_click(lambda _: self.pin())
            self.clear_button = widgets.Button(description=text("sandbox.clear", lang), icon="trash",
                                               layout=widgets.layout(width="auto"))
            self.clear_button.on_click(lambda _: self.clear_pinned())
            self.full_note = widgets.HTML()
            buttons = widgets.Box([self.pin_button, self.clear_button])
            buttons.add_class("gc-buttons")
            result_parts += [buttons, self.full_note, self.table]
        result_parts += [again, self.scroller]
        self.results_box = widgets.VBox(result_parts, layout=widgets.Layout())  # its own: shown or hidden
        self.results_box.add_class("gc-results")

        lever_box = widgets.VBox([_title(text("module.levers_title", lang)),
                                  *(labelled(PARAMETERS_BY_NAME[n], c, lang) for n, c in self.levers.items()),
                                  reset])
        lever_box.add_class("gc-side")
        main = widgets.VBox([self.predict_box, self.results_box])
        main.add_class("gc-main")
        body = widgets.Box([lever_box, main])
        body.add_class("gc-body")
        reflection = "".join(f"<li>{q}</li>" for q in spec.questions[lang])
        self.root.children = [
            widgets.HTML(STYLESHEET),
            self._header(),
            _para(spec.context[lang]),
            body,
            _title(text("module.reflection_title", lang)),
            widgets.HTML(f"<ol class='gc-questions'>{reflection}</ol>"),
            self._save_box(),
            widgets.HTML(f"<p class='gc-small'>{text('app.not_a_forecast', lang)}</p>"),
        ]
        if spec.sandbox:
            self._update_pin_buttons()
        self._show_results()
        for field in (self.guess_input, self.note_input, self.group_input):
            field.observe(lambda _: self._changed(), names="value")

    def _save_box(self) -> widgets.Widget:
        lang = self.lang
        self.group_input = limited(widgets.Text(value=self.group_name, description=text("save.group", lang),
                                                placeholder=text("save.group_placeholder", lang),
                                                style=widgets.style(widgets.Text, description_width="initial")),
                                   MAX_GROUP, lang)
        self.group_input.add_class("gc-group")
        self.reflection_input = limited(widgets.Textarea(value=self.reflection,
                                                         placeholder=text("save.reflection", lang)),
                                        MAX_REFLECTION, lang)
        self.reflection_input.add_class("gc-reflection")
        self.save_button = widgets.Button(description=text("save.button", lang), button_style="success",
                                          icon="save")
        self.save_button.add_class("gc-save")
        self.save_button.on_click(lambda _: self.save())
        self.save_message = widgets.HTML()
        box = widgets.VBox([_title(text("save.title", lang)),
                            widgets.HTML(f"<p class='gc-help'>{text('save.privacy', lang)}</p>"),
                            self.group_input, self.reflection_input, self.save_button, self.save_message])
        box.add_class("gc-save-box")
        return box

    def _header(self) -> widgets.Widget:
        lang, spec = self.lang, self.spec
        title = text("start.module_link", lang, number=spec.number, title=spec.title[lang])
        question = text(f"research_question.{spec.question}", lang) if spec.question else ""
        modelled = size_of(self.base.municipality, self.base.employees)
        name = modelled.label if self.settings.municipality else text("app.typical_municipality", lang)
        where = text("app.module_municipality", lang, name=name, employees=format_number(modelled.employees, lang))
        if self._to_start:
            back = widgets.Button(description=text("app.to_start", lang),
                                  layout=widgets.layout(width="auto", flex="0 0 auto"))
            back.add_class("gc-to-start")
            back.on_click(lambda _: self._to_start())
        else:
            back = widgets.HTML(f"<a class='gc-link' href='00_start_here.ipynb?{self.settings.query_string()}'>"
                                f"{text('app.to_start', lang)}</a>")
        language = widgets.ToggleButtons(options=[(LANGUAGE_NAMES[code], code) for code in LANGUAGES], value=lang)
        language.add_class("gc-language")
        language.observe(lambda change: self.set_language(change["new"]), names="value")
        return widgets.VBox([
            widgets.HBox([back, language], layout=widgets.layout(justify_content="space-between")),
            widgets.HTML(f"<h1 class='gc-h1'>{title}</h1><p class='gc-question'>{question}</p>"
                         f"<p class='gc-small'>{where}</p>"),
        ])

    def _scroll_to_results(self) -> None:
        """Bring the headline into view: the button the group pressed may be far below it."""
        self.scroller.clear_output()
        with self.scroller:
            display(Javascript(SCROLL_TO_RESULTS))

    def _show_results(self) -> None:
        self.results_box.layout.display = "flex" if self.revealed else "none"
        self.predict_box.layout.display = "none" if self.revealed else "flex"

    def _update_pin_buttons(self) -> None:
        full = len(self.pinned) >= MAX_PINNED
        self.pin_button.disabled = full
        self.full_note.value = f"<p class='gc-small'>{text('sandbox.full', self.lang)}</p>" if full else ""


def start_values(spec: Module, base: Params) -> dict[str, Any]:
    """Where ``spec``'s levers start: the module's own start, else today's practice in ``base``."""
    return {name: spec.start.get(name, getattr(base, name)) for name in spec.levers}


def prepare(settings: PageSettings) -> list[Params]:
    """Run today's practice and every module's starting choice for ``settings``' municipality.

    Under ``greencoop present`` the runs land in the store shared by all
    kernels, so every page of the room opens on results already computed.
    Returns the choices run.
    """
    base = Params(**settings.model_overrides)
    choices = list(dict.fromkeys([base, *(base.replace(**start_values(spec, base)) for spec in modules().values())]))
    for params in choices:
        Ensemble.run(params)
    return choices


def parse_guess(typed: str) -> float | None:
    """The group's guess in per cent from what it typed: "12", "12,5", "12.5 %", "−5" or nothing.

    >>> parse_guess("12,5 %"), parse_guess("−5"), parse_guess("  ")
    (12.5, -5.0, None)

    Raises:
        ValueError: if it is not a number between -100 and 100.
    """
    cleaned = typed.replace("%", "").replace(",", ".").replace(MINUS, "-").strip()
    if not cleaned:
        return None
    guess = float(cleaned)
    if not -100 <= guess <= 100:
        raise ValueError(f"a cut of {guess} % is not between -100 and 100")
    return guess


def _title(words: str) -> widgets.HTML:
    return widgets.HTML(f"<h2 class='gc-h2'>{words}</h2>")


def _para(words: str) -> widgets.HTML:
    return widgets.HTML(f"<p class='gc-text'>{words}</p>")


def _swatch(colour: str) -> str:
    return f"<span class='gc-swatch' style='background:{colour}'></span>"
