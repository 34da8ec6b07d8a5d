"""The validation table: every declared comparison builds from model runs, and verdicts follow the target."""

import dataclasses
import math

import pandas as pd
import pytest

from greencoop.cli import main
from greencoop.experiments.validation import COMPARISONS, NotComputable, markdown, validation_table


@pytest.fixture(scope="module")
def table():
    return validation_table(runs=2)


def test_every_comparison_has_a_row_with_a_verdict_or_a_reason(table):
    assert table.name.tolist() == [c.name for c in COMPARISONS]
    computed = table[table.verdict != "not computed"]
    assert set(computed.verdict) <= {"within", "outside"}
    assert (computed.runs == 2).all()
    assert ((computed.p10 <= computed["median"]) & (computed["median"] <= computed.p90)).all()
    assert table[table.verdict == "not computed"].note.str.len().gt(0).all(), "a missing figure says why"


def test_the_verdict_is_the_median_against_the_target_widened_by_the_tolerance(table):
    for c, row in zip(COMPARISONS, table.itertuples(), strict=True):
        if row.verdict != "not computed":
            assert row.verdict == c.verdict(row.median)


def test_fact_1_and_the_case_figures_are_computed(table):
    """The figures the issue names are computed, not declared missing."""
    computed = set(table[table.verdict != "not computed"].name)
    assert {"food_waste_inform", "oygarden", "fredrikstad_food", "oslo_footprint", "fact1_reps_on_climate"} <= computed


def test_a_verdict_flips_when_the_target_moves():
    oslo = next(c for c in COMPARISONS if c.name == "oslo_footprint")
    assert oslo.verdict(600_000) == "within"
    assert oslo.verdict(800_000) == "outside"
    moved = dataclasses.replace(oslo, target=(800_000.0, 800_000.0))
    assert moved.verdict(800_000) == "within" and moved.verdict(600_000) == "outside"


def test_the_tolerance_widens_a_range_on_both_sides():
    food = next(c for c in COMPARISONS if c.name == "food_waste_inform")
    assert [food.verdict(x) for x in (19.9, 20.0, 27.0, 35.0, 35.1)] == ["outside", "within", "within", "within",
                                                                        "outside"]


def test_an_open_target_is_a_direction():
    larger = next(c for c in COMPARISONS if c.name == "fact3_larger_workplaces")
    assert larger.target[1] == math.inf
    assert larger.verdict(0.5) == "within" and larger.verdict(-0.5) == "outside"


def test_a_comparison_the_outputs_cannot_give_says_so():
    def missing(runs):
        raise NotComputable("the catalogue has no measure 'food_waste'")

    food = dataclasses.replace(COMPARISONS[0], compute=missing)
    row = validation_table(runs=2, comparisons=(food,)).iloc[0]
    assert row.verdict == "not computed" and "no measure 'food_waste'" in row.note


def test_markdown_has_a_row_per_comparison_and_its_notes(table):
    document = markdown(table)
    lines = document.splitlines()
    assert lines[0].startswith("| comparison | source | target |")
    assert sum(line.startswith("| ") for line in lines) == len(COMPARISONS) + 1
    assert "CICERO" in document and ("**outside**" in document or "**within**" in document)


def test_command_writes_markdown_and_csv_side_by_side(tmp_path):
    out = tmp_path / "validation.md"
    assert main(["validation", "--out", str(out), "--runs", "2"]) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["validation.csv", "validation.md"]
    assert pd.read_csv(tmp_path / "validation.csv").name.tolist() == [c.name for c in COMPARISONS]
    assert out.read_text(encoding="utf-8").startswith("| comparison |")


@pytest.mark.parametrize(("args", "message"), [
    (["--runs", "1"], "--runs must be at least 2, got 1"),
    (["--out", "table.csv"], "give a Markdown file ending in .md"),
    (["--out", "missing/table.md"], "folder missing does not exist"),
])
def test_command_mistakes_give_one_line_exit_2_and_nothing_written(tmp_path, monkeypatch, capsys, args, message):
    monkeypatch.chdir(tmp_path)
    assert main(["validation", *args]) == 2
    error = capsys.readouterr().err
    assert message in error and error.count("\n") == 1
    assert not list(tmp_path.iterdir())
