"""Finding municipalities and sizing the workforce from the real list."""

import pytest

from greencoop.errors import ParameterError
from greencoop.municipality import (
    KS_AREA_EMPLOYEES,
    all_municipalities,
    employees_per_inhabitant,
    find_municipality,
    size_of,
)


def test_the_shipped_list_has_every_municipality():
    towns = all_municipalities()
    assert len(towns) == 357
    assert sum(m.in_ks_area for m in towns) == 356
    assert [m.name for m in towns if not m.in_ks_area] == ["Oslo"]


def test_oslo_uses_its_reported_headcount():
    assert find_municipality("Oslo").employees == 45_100


def test_ratio_matches_the_data_readme():
    assert employees_per_inhabitant() == pytest.approx(0.0925, abs=0.0005)
    total = sum(m.employees for m in all_municipalities() if m.in_ks_area)
    assert total == pytest.approx(KS_AREA_EMPLOYEES, rel=0.001)


@pytest.mark.parametrize("query", ["Bergen", "bergen", " BERGEN ", "4601"])
def test_find_by_name_or_number(query):
    assert find_municipality(query).number == "4601"


def test_shared_names_need_the_county():
    with pytest.raises(ParameterError, match=r"'Herøy' is ambiguous; use one of 'Herøy \(Møre og Romsdal\)' \(1515\)"):
        find_municipality("Herøy")
    assert find_municipality("Herøy (Nordland)").number == "1818"


def test_size_from_municipality_employees_or_default():
    bergen = size_of("Bergen", None)
    assert bergen.population == find_municipality("Bergen").population
    assert bergen.employees == round(bergen.population * employees_per_inhabitant())
    assert size_of(None, 20_000).employees == 20_000
    default = size_of(None, None)
    assert default.employees == 1255  # the KS-area mean: 446,800 employees in 356 municipalities
    assert default.population == pytest.approx(1255 / employees_per_inhabitant(), abs=1)
