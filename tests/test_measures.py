"""The climate measures catalogue."""

import pytest

from greencoop.emissions import CATEGORIES
from greencoop.measures import _measure, load_catalogue


def test_catalogue_covers_every_category():
    catalogue = load_catalogue()
    assert {m.category for m in catalogue.measures} == set(CATEGORIES)
    assert any(m.behaviour for m in catalogue.measures)
    assert any(not m.behaviour for m in catalogue.measures)
    assert catalogue.scope_matrix.any(axis=0).all()


def test_bad_entries_are_named():
    good = load_catalogue().measures[0]
    entry = {f: getattr(good, f) for f in
             ("name", "category", "abatement", "cost", "behaviour", "workload", "months_to_effect", "scope", "source")}
    with pytest.raises(ValueError, match="measure 'x': category must be one of"):
        _measure("x", entry | {"category": "cows"})
    with pytest.raises(ValueError, match="measure 'x': scope has unknown service areas"):
        _measure("x", entry | {"scope": ["hospitals"]})
    with pytest.raises(ValueError, match="measure 'x': fields must be exactly"):
        _measure("x", {k: v for k, v in entry.items() if k != "cost"})
    with pytest.raises(ValueError, match="between 0 and 1"):
        _measure("x", entry | {"abatement": 1.5})
