"""Widgets for the levers, built from the parameter declaration.

Each lever shows its declared label and unit in plain words, its help text
underneath, and its declared range; sliders report only when released
(``continuous_update=False``) so the model runs once per choice, not once per
pixel dragged. A numeric lever is a selection slider over its positions, each
labelled the way the page's language writes numbers (``0,80`` in Bokmål): a
number slider's readout can only write a decimal point, while a selection
slider's readout shows its labels, also while it is dragged. Every lever
widget carries the CSS classes ``gc-lever`` and ``gc-lever-<name>`` that
browser tests and the stylesheet use.
"""

from __future__ import annotations

import math
from typing import Any

from greencoop.params import PARAMETERS_BY_NAME, Parameter
from greencoop.text import format_number, text
from greencoop.workshop import widgets

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


def slider_positions(p: Parameter) -> tuple[list[float | int], int]:
    """The values a lever's slider can take, low to high, and the decimals its readout shows.

    Whole numbers step by one; other numbers by :func:`slider_step`, each
    position rounded as its literal would be, so a declared default equals one.

    >>> values, decimals = slider_positions(PARAMETERS_BY_NAME["leadership_commitment"])
    >>> values[:3], values[-1], decimals
    ([0.0, 0.01, 0.02], 1.0, 2)
    """
    if p.kind == "int":
        return list(range(int(p.low), int(p.high) + 1)), 0
    step = slider_step(p.low, p.high)
    count = round((p.high - p.low) / step)
    return [float(f"{p.low + i * step:.12g}") for i in range(count + 1)], max(0, -math.floor(math.log10(step)))


def lever(name: str, value: Any, lang: str) -> widgets.ValueWidget:
    """The input widget for lever ``name`` in ``lang``, set to ``value``."""
    p = PARAMETERS_BY_NAME[name]
    if p.kind == "choice":
        control = widgets.ToggleButtons(
            options=[(option.label[lang], option.value) for option in p.options], value=value,
            style=widgets.style(widgets.ToggleButtons, description_width="0px"))
    else:
        values, decimals = slider_positions(p)
        control = widgets.SelectionSlider(options=[(format_number(v, lang, decimals), v) for v in values],
                                          value=value, continuous_update=False,
                                          style=widgets.style(widgets.SelectionSlider, description_width="0px"),
                                          layout=widgets.layout(width="95%"))
    control.tooltip = p.help[lang]
    control.add_class("gc-lever")
    control.add_class(f"gc-lever-{name}")
    return control


def labelled(p: Parameter, control: widgets.Widget, lang: str) -> widgets.VBox:
    """``control`` under its label (with unit) and above its help text."""
    unit = f" <span class='gc-unit'>({p.unit[lang]})</span>" if p.unit[lang] else ""
    return widgets.VBox([
        widgets.HTML(f"<div class='gc-label'>{p.label[lang]}{unit}</div>"),
        control,
        widgets.HTML(f"<div class='gc-help'>{p.help[lang]}</div>"),
    ], layout=widgets.layout(margin="0 0 12px 0"))


def limited(field: widgets.Text | widgets.Textarea, limit: int, lang: str) -> widgets.Text | widgets.Textarea:
    """``field`` holding at most ``limit`` characters, the most a save keeps: longer input is cut as it is typed.

    The field's tooltip says how much is kept, so a long reflection is never refused at the save.
    """
    def cut(change: dict) -> None:
        if len(change["new"]) > limit:
            field.value = change["new"][:limit]

    field.observe(cut, names="value")
    field.tooltip = text("save.limit", lang, limit=format_number(limit, lang))
    return field
