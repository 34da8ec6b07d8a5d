"""The workshop chart redraws only the group's choice, and never leaves a trace of an earlier one."""

import io

import numpy as np
from PIL import Image

from greencoop.params import Params
from greencoop.workshop.compute import SHOWN, Ensemble
from greencoop.workshop.figure import REFERENCE_COLOUR, Chart, Line

MONTHS = 121


def ensemble(emissions_end: float, spread: float = 200.0, runs: int = 12) -> Ensemble:
    """Runs whose emissions fall linearly from 17,000 to ``emissions_end`` t, ``spread`` apart."""
    fall = np.linspace(17_000, emissions_end, MONTHS)
    offsets = np.linspace(-spread, spread, runs)[:, None]
    share = np.tile(np.linspace(0.2, 0.6, MONTHS), (runs, 1))
    outcomes = {name: share for name in SHOWN}
    outcomes |= {"emissions_total": fall + offsets, "emissions_bau": np.full((runs, MONTHS), 17_000.0),
                 "reduction_pct": 100 * (1 - (fall + offsets) / 17_000)}
    return Ensemble(Params(), outcomes)


TODAY = Line("Today", ensemble(15_500), REFERENCE_COLOUR)


def pixels(png: bytes) -> np.ndarray:
    return np.asarray(Image.open(io.BytesIO(png)).convert("RGB"))


def test_a_choice_drawn_again_gives_the_same_image_as_the_first_time():
    chart = Chart()
    first = chart.render([TODAY, Line("Ours", ensemble(15_000), "#E69F00")], "en", 10, "Guess")
    chart.render([TODAY, Line("Ours", ensemble(15_300, spread=400), "#E69F00", band=False)], "en", 10, "Guess")
    again = chart.render([TODAY, Line("Ours", ensemble(15_000), "#E69F00")], "en", 10, "Guess")
    assert first.startswith(b"\x89PNG")
    np.testing.assert_array_equal(pixels(again), pixels(first))


def test_a_kept_chart_draws_what_a_new_chart_draws():
    """Choices inside today's band leave the axes as they are, so the kept chart's image is a new chart's."""
    ours = [TODAY, Line("Ours", ensemble(15_600, spread=100), "#E69F00")]
    kept = Chart()
    kept.render([TODAY, Line("Ours", ensemble(15_700, spread=100), "#E69F00")], "nb")
    np.testing.assert_array_equal(pixels(kept.render(ours, "nb")), pixels(Chart().render(ours, "nb")))


def test_the_choice_changes_the_image_and_a_choice_off_the_axis_widens_it():
    chart = Chart()
    near = pixels(chart.render([TODAY, Line("Ours", ensemble(15_200), "#E69F00")], "en"))
    limits = chart._backdrop.emissions_limits
    far = Line("Ours", ensemble(9_000), "#E69F00")
    assert not chart._backdrop.holds(far)
    beyond = pixels(chart.render([TODAY, far], "en"))
    assert (beyond != near).any()
    assert chart._backdrop.emissions_limits[0] < limits[0] and chart._backdrop.holds(far)


def test_language_guess_and_pinned_choices_rebuild_the_backdrop():
    chart = Chart()
    ours = Line("Ours", ensemble(15_200), "#E69F00")
    english = pixels(chart.render([TODAY, ours], "en"))
    backdrop = chart._backdrop
    assert (pixels(chart.render([TODAY, ours], "nb")) != english).any() and chart._backdrop is not backdrop
    backdrop = chart._backdrop
    chart.render([TODAY, ours], "nb", 20, "Gjetning")
    assert chart._backdrop is not backdrop
    backdrop = chart._backdrop
    chart.render([TODAY, Line("A", ensemble(15_400), "#009E73"), ours], "nb", 20, "Gjetning")
    assert chart._backdrop is not backdrop
