"""The climate measures catalogue."""

import pytest

from greencoop.emissions import CATEGORIES
from greencoop.measures import _measure, load_catalogue, load_rollout


def test_catalogue_covers_every_category():
    catalogue = load_catalogue()
    assert {m.category for m in catalogue.measures} == set(CATEGORIES)
    assert any(m.behaviour for m in catalogue.measures)
    assert any(not m.behaviour for m in catalogue.measures)
    assert catalogue.scope_matrix.any(axis=0).all()


def test_bad_entries_are_named():
    good = load_catalogue().measures[0]
    entry = {f: getattr(good, f) for f in
             ("name", "category", "abatement", "cost", "behaviour", "workload", "months_to_effect", "scope", "sites",
              "source")}
    with pytest.raises(ValueError, match="measure 'x': category must be one of"):
        _measure("x", entry | {"category": "cows"})
    with pytest.raises(ValueError, match="measure 'x': scope has unknown service areas"):
        _measure("x", entry | {"scope": ["hospitals"]})
    with pytest.raises(ValueError, match="measure 'x': fields must be exactly"):
        _measure("x", {k: v for k, v in entry.items() if k != "cost"})
    with pytest.raises(ValueError, match="between 0 and 1"):
        _measure("x", entry | {"abatement": 1.5})
    with pytest.raises(ValueError, match="sites must be a whole number >= 1, and 1 for a behaviour measure"):
        _measure("x", entry | {"behaviour": True, "sites": 3})


def test_rollout_splits_each_measure_over_its_areas_and_sites():
    """Steps share out a measure's potential and cost; each step concerns one service area."""
    catalogue, rollout = load_catalogue(), load_rollout()
    for i, measure in enumerate(catalogue.measures):
        steps = rollout.measure_index == i
        assert steps.sum() == len(measure.scope) * measure.sites
        assert rollout.column("abatement")[steps].sum() == pytest.approx(measure.abatement)
        assert rollout.column("cost")[steps].sum() == pytest.approx(measure.cost)
    assert (rollout.scope_matrix.sum(axis=0) == 1).all()
    assert len(set(rollout.keys)) == len(rollout)
