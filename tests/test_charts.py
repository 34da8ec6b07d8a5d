"""Charts: the ensemble summary and what a drawn chart shows."""

import matplotlib
import numpy as np
import pytest

from greencoop import ensemble
from greencoop.charts.bands import compare, summarise
from greencoop.charts.style import PALETTE, NumberFormatter
from greencoop.outcomes import OUTCOMES


@pytest.fixture(scope="module")
def runs():
    return {
        "Today": ensemble(seeds=range(5), horizon_years=3),
        "Joint": ensemble(seeds=range(5), horizon_years=3, involvement="joint"),
    }


def test_summary_brackets_the_median(runs):
    summary = summarise(runs["Today"], "engagement")
    assert summary["month"].tolist() == list(range(37))
    assert np.all(summary["low"] <= summary["median"]) and np.all(summary["median"] <= summary["high"])
    assert (summary["high"] > summary["low"]).any(), "five seeds should spread"


@pytest.mark.parametrize("lang", ["nb", "en"])
def test_every_outcome_has_labels_and_units_in_both_languages(lang):
    for outcome in OUTCOMES:
        assert outcome.label[lang].strip() and outcome.unit_label(lang).strip()


@pytest.mark.parametrize(("lang", "title", "axis"), [
    ("nb", "Utslipp i alt", "tonn CO2e per år"),
    ("en", "Total emissions", "tonnes CO2e per year"),
])
def test_chart_says_what_it_shows(runs, lang, title, axis):
    ax = compare(runs, "emissions_total", lang=lang, show_bau=True)
    assert ax.get_title() == title
    assert ax.get_ylabel() == axis
    labels = [t.get_text() for t in ax.get_legend().get_texts()]
    assert labels[:2] == ["Today", "Joint"]
    assert len(labels) == 3  # two runs, each shown on its own band, and no measures at all
    handles = ax.get_legend().legend_handles
    assert [matplotlib.colors.to_hex(h.get_facecolor()) for h in handles[:2]] == [PALETTE[0].lower(),
                                                                                  PALETTE[1].lower()]
    assert handles[2].get_linestyle() == "--"
    median_line = ax.get_lines()[0]
    np.testing.assert_allclose(median_line.get_ydata(), summarise(runs["Today"], "emissions_total")["median"])
    assert matplotlib.colors.to_hex(median_line.get_color()) == PALETTE[0].lower()
    assert ax.title.get_fontsize() >= 18


@pytest.mark.parametrize(("lang", "shares", "tonnes"), [
    ("nb", ["0,0", "0,2", "0,4", "\u22120,2"], ["1\u202f000", "1\u202f500", "2\u202f000"]),
    ("en", ["0.0", "0.2", "0.4", "\u22120.2"], ["1,000", "1,500", "2,000"]),
])
def test_axes_write_numbers_as_the_language_does_with_one_number_of_decimals(lang, shares, tonnes):
    formatter = NumberFormatter(lang)
    assert formatter.format_ticks([0.0, 0.2, 0.4, -0.2]) == shares
    assert formatter.format_ticks([1000.0, 1500.0, 2000.0]) == tonnes


def test_a_bokmaal_chart_has_decimal_commas(runs):
    ax = compare(runs, "trust", lang="nb")
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_yticklabels() if t.get_text()]
    assert ticks and all("." not in tick for tick in ticks) and any("," in tick for tick in ticks)
