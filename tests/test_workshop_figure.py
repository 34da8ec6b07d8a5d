"""The workshop chart: a panel per outcome, redrawn by drawing only the group's choice, never leaving a trace."""

import io
import re

import numpy as np
import pytest
from PIL import Image

from greencoop.charts.style import CHOICE, GUESS, NO_MEASURES, TODAY
from greencoop.params import Params
from greencoop.workshop import figure
from greencoop.workshop.compute import SHOWN, Ensemble
from greencoop.workshop.figure import PANELS, Chart, Line, legend_html, panels_of
from greencoop.workshop.modules import modules

MONTHS = 121


def ensemble(emissions_end: float, spread: float = 200.0, runs: int = 12) -> Ensemble:
    """Runs whose emissions fall linearly from 17,000 to ``emissions_end`` t, ``spread`` apart."""
    fall = np.linspace(17_000, emissions_end, MONTHS)
    offsets = np.linspace(-spread, spread, runs)[:, None]
    share = np.tile(np.linspace(0.2, 0.6, MONTHS), (runs, 1))
    outcomes = {name: share for name in SHOWN}
    outcomes |= {"emissions_total": fall + offsets, "emissions_bau": np.full((runs, MONTHS), 17_000.0),
                 "reduction_pct": 100 * (1 - (fall + offsets) / 17_000),
                 "measures_proposed": np.tile(np.linspace(0, 40, MONTHS), (runs, 1)) + np.abs(offsets) / 100}
    return Ensemble(Params(), outcomes)


TODAY_LINE = Line("Today", ensemble(15_500), TODAY.colour)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_a_choice_drawn_again_gives_the_same_images_as_the_first_time():
    chart = Chart()
    first = chart.render([TODAY_LINE, Line("Ours", ensemble(15_000), CHOICE.colour)], "en", 10)
    chart.render([TODAY_LINE, Line("Ours", ensemble(15_300, spread=400), CHOICE.colour, band=False)], "en", 10)
    again = chart.render([TODAY_LINE, Line("Ours", ensemble(15_000), CHOICE.colour)], "en", 10)
    assert len(first) == len(PANELS) and all(png.startswith(b"\x89PNG") for png in first)
    for a, b in zip(again, first, strict=True):
        np.testing.assert_array_equal(pixels(a), pixels(b))


def test_a_kept_chart_draws_what_a_new_chart_draws():
    ours = [TODAY_LINE, Line("Ours", ensemble(15_600, spread=100), CHOICE.colour)]
    kept = Chart()
    kept.render([TODAY_LINE, Line("Ours", ensemble(15_700, spread=100), CHOICE.colour)], "nb")
    for a, b in zip(kept.render(ours, "nb"), Chart().render(ours, "nb"), strict=True):
        np.testing.assert_array_equal(pixels(a), pixels(b))


def test_every_axis_starts_at_zero_and_a_count_that_leaves_its_axis_widens_it():
    chart = Chart(panels_of(["measures_proposed"]))
    chart.render([TODAY_LINE, Line("Ours", ensemble(15_200), CHOICE.colour)], "en")
    emissions, proposals = chart._backdrops["emissions_total"], chart._backdrops["measures_proposed"]
    assert emissions.ax.get_ylim()[0] == 0 and proposals.ax.get_ylim()[0] == 0
    assert chart._backdrops["trust"].ax.get_ylim() == (0, 1)
    more = ensemble(15_200)
    more.outcomes["measures_proposed"] = more.outcomes["measures_proposed"] * 3
    far = Line("Ours", more, CHOICE.colour)
    assert not proposals.holds(far)
    chart.render([TODAY_LINE, far], "en")
    assert chart._backdrops["measures_proposed"].top > proposals.top
    assert chart._backdrops["measures_proposed"].holds(far)


def test_language_guess_and_pinned_choices_rebuild_the_backdrop():
    chart = Chart()
    ours = Line("Ours", ensemble(15_200), CHOICE.colour)
    english = [pixels(png) for png in chart.render([TODAY_LINE, ours], "en")]
    backdrop = chart._backdrops["emissions_total"]
    norwegian = [pixels(png) for png in chart.render([TODAY_LINE, ours], "nb")]
    assert (norwegian[0] != english[0]).any() and chart._backdrops["emissions_total"] is not backdrop
    backdrop = chart._backdrops["emissions_total"]
    chart.render([TODAY_LINE, ours], "nb", 20)
    assert chart._backdrops["emissions_total"] is not backdrop
    backdrop = chart._backdrops["emissions_total"]
    chart.render([TODAY_LINE, Line("A", ensemble(15_400), "#009E73"), ours], "nb", 20)
    assert chart._backdrops["emissions_total"] is not backdrop


def test_a_new_guess_rebuilds_the_emissions_panel_alone():
    chart = Chart()
    ours = Line("Ours", ensemble(15_200), CHOICE.colour)
    chart.render([TODAY_LINE, ours], "en", 10)
    before = dict(chart._backdrops)
    again = chart.render([TODAY_LINE, ours], "en", 30)
    assert chart._backdrops["emissions_total"] is not before["emissions_total"]
    assert all(chart._backdrops[outcome] is before[outcome] for outcome in PANELS[1:])
    for a, b in zip(again[1:], Chart().render([TODAY_LINE, ours], "en", 30)[1:], strict=True):
        np.testing.assert_array_equal(pixels(a), pixels(b))


def test_the_guess_is_drawn_in_its_role_s_colour():
    chart = Chart()
    without = pixels(chart.render([TODAY_LINE, Line("Ours", ensemble(15_000), CHOICE.colour)], "en")[0])
    marked = pixels(chart.render([TODAY_LINE, Line("Ours", ensemble(15_000), CHOICE.colour)], "en", 40)[0])
    changed = marked[(marked != without).any(axis=2)]
    guess = np.array([int(GUESS.colour[i:i + 2], 16) for i in (1, 3, 5)])
    assert (np.abs(changed - guess).sum(axis=1) < 30).any()


@pytest.mark.parametrize("module_id", list(modules()))
def test_a_module_charts_what_its_levers_move_first_right_after_emissions(module_id):
    spec = modules()[module_id]
    panels = panels_of(spec.panels)
    assert panels[0] == "emissions_total" and panels[1:1 + len(spec.panels)] == spec.panels
    assert set(PANELS) <= set(panels) and set(panels) <= set(SHOWN)


def test_the_legend_shows_each_role_in_its_chart_colours_and_words():
    legend = legend_html([TODAY_LINE, Line("Ours", ensemble(15_000), CHOICE.colour)], "en", guess=True)
    for role in (TODAY, CHOICE, NO_MEASURES, GUESS):
        assert f"data-colour='{role.colour}'" in legend
    assert "No measures at all" in legend and "Our guess" in legend
    assert "stroke-dasharray" in legend, "no measures at all is dashed, as on the chart"
    assert "Our guess" not in legend_html([TODAY_LINE], "en", guess=False)


def test_the_legend_shows_the_colour_two_overlapping_bands_make_and_draws_each_band_under_its_line():
    ours = Line("Ours", ensemble(15_000), CHOICE.colour)
    legend = legend_html([TODAY_LINE, ours], "en", guess=False)
    mixed = re.search(r"<svg class='gc-swatch gc-overlap'.*?</svg>", legend).group(0)
    assert TODAY.colour in mixed and CHOICE.colour in mixed
    assert mixed in re.search(r"<span class='gc-legend-note'>.*?</span>", legend).group(0), "beside the words"
    first = re.search(r"<span class='gc-legend-item'.*?</svg>", legend).group(0)
    assert first.index("<rect") < first.index("<line"), "the band is drawn under its line, as on the panels"
    only_first_runs = Line("Ours", ensemble(15_000), CHOICE.colour, band=False)
    assert "gc-overlap" not in legend_html([TODAY_LINE, only_first_runs], "en", guess=False)


def test_a_backdrop_drawn_again_reuses_its_panel_and_draws_what_a_new_panel_draws(monkeypatch):
    monkeypatch.setattr(figure, "_SPARE_PANELS", [])
    chart = Chart()
    ours = Line("Ours", ensemble(15_200), CHOICE.colour)
    chart.render([TODAY_LINE, ours], "en", 10)
    panels = {outcome: backdrop.panel for outcome, backdrop in chart._backdrops.items()}
    norwegian = chart.render([TODAY_LINE, ours], "nb", 20)  # every backdrop drawn again
    assert all(chart._backdrops[outcome].panel is panels[outcome] for outcome in PANELS)
    for a, b in zip(norwegian, Chart().render([TODAY_LINE, ours], "nb", 20), strict=True):  # no spare panels left
        np.testing.assert_array_equal(pixels(a), pixels(b))


def test_a_first_chart_takes_the_prepared_panels_and_draws_what_new_panels_draw(monkeypatch):
    monkeypatch.setattr(figure, "_SPARE_PANELS", [])
    lines = [TODAY_LINE, Line("Ours", ensemble(15_000), CHOICE.colour)]
    on_new_panels = Chart().render(lines, "nb", 10)
    figure.prepare_panels(len(PANELS))
    prepared = {id(panel) for panel in figure._SPARE_PANELS}
    chart = Chart()
    on_prepared_panels = chart.render(lines, "nb", 10)
    assert {id(backdrop.panel) for backdrop in chart._backdrops.values()} == prepared
    assert figure._SPARE_PANELS == []
    for a, b in zip(on_prepared_panels, on_new_panels, strict=True):
        np.testing.assert_array_equal(pixels(a), pixels(b))
