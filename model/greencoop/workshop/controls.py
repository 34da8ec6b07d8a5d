"""Widgets for the levers, built from the parameter declaration.

Each lever shows its declared label and unit in plain words, its help text
underneath, and its declared range; sliders report only when released
(``continuous_update=False``) so the model runs once per choice, not once per
pixel dragged. A slider's value is written beside it by :func:`readout`, the
way the page's language writes numbers (``0,80`` in Bokmål): the slider's own
readout can only write a decimal point. Every lever widget carries the CSS
classes ``gc-lever`` and ``gc-lever-<name>``, and its readout ``gc-readout``
and ``gc-readout-<name>``, that browser tests and the stylesheet use.
"""

from __future__ import annotations

import math
from typing import Any

import ipywidgets as widgets

from greencoop.params import PARAMETERS_BY_NAME, Parameter
from greencoop.text import format_number

#: Slider positions across a lever's range: fine enough to explore, coarse enough to hit again.
SLIDER_POSITIONS = 160


def slider_step(low: float, high: float) -> float:
    """A round step (1, 2 or 5 times a power of ten) giving about :data:`SLIDER_POSITIONS` positions.

    >>> slider_step(0, 1), slider_step(0, 80), slider_step(0, 5000), slider_step(0, 0.5)
    (0.01, 0.5, 50.0, 0.005)
    """
    raw = (high - low) / SLIDER_POSITIONS
    power = 10.0 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 5, 10) if m * power >= raw * 0.999)
    return float(f"{step:.12g}")


def slider_decimals(p: Parameter) -> int:
    """Decimals a slider's readout shows: as many as its step has (none for whole numbers).

    >>> [slider_decimals(PARAMETERS_BY_NAME[name]) for name in ("leadership_commitment", "climate_budget")]
    [2, 0]
    """
    if p.kind == "int":
        return 0
    return max(0, -math.floor(math.log10(slider_step(p.low, p.high))))


def lever(name: str, value: Any, lang: str) -> widgets.ValueWidget:
    """The input widget for lever ``name`` in ``lang``, set to ``value``."""
    p = PARAMETERS_BY_NAME[name]
    style = {"description_width": "0px"}
    layout = widgets.Layout(flex="1 1 auto")  # beside its readout, in a row as wide as the help text
    if p.kind == "choice":
        control = widgets.ToggleButtons(
            options=[(option.label[lang], option.value) for option in p.options], value=value, style=style)
    elif p.kind == "int":
        control = widgets.IntSlider(value=value, min=int(p.low), max=int(p.high), step=1, readout=False,
                                    continuous_update=False, style=style, layout=layout)
    else:
        control = widgets.FloatSlider(value=value, min=p.low, max=p.high, step=slider_step(p.low, p.high),
                                      readout=False, continuous_update=False, style=style, layout=layout)
    control.tooltip = p.help[lang]
    control.add_class("gc-lever")
    control.add_class(f"gc-lever-{name}")
    return control


def readout(p: Parameter, slider: widgets.ValueWidget, lang: str) -> widgets.Label:
    """The value of ``slider`` (lever ``p``) in words of ``lang``, kept up to date as it moves."""
    shown = widgets.Label(layout=widgets.Layout(min_width="4.5em"))
    shown.add_class("gc-readout")
    shown.add_class(f"gc-readout-{p.name}")

    def show(value: float) -> None:
        shown.value = format_number(value, lang, slider_decimals(p))

    show(slider.value)
    slider.observe(lambda change: show(change["new"]), names="value")
    return shown


def labelled(p: Parameter, control: widgets.ValueWidget, lang: str) -> widgets.VBox:
    """``control`` under its label (with unit) and above its help text; a slider with its readout beside it."""
    unit = f" <span class='gc-unit'>({p.unit[lang]})</span>" if p.unit[lang] else ""
    row = control if p.kind == "choice" else widgets.HBox([control, readout(p, control, lang)],
                                                          layout=widgets.Layout(width="95%", align_items="center"))
    return widgets.VBox([
        widgets.HTML(f"<div class='gc-label'>{p.label[lang]}{unit}</div>"),
        row,
        widgets.HTML(f"<div class='gc-help'>{p.help[lang]}</div>"),
    ], layout=widgets.Layout(margin="0 0 12px 0"))
