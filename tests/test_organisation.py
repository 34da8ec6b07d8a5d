"""The workforce's structure: service areas, units, unions, reps and ties."""

import numpy as np
import pytest

from greencoop.organisation import SERVICE_AREAS, build_organisation, reps_for_workplace


@pytest.fixture(scope="module")
def org():
    return build_organisation(1500, union_density=0.8, rng=np.random.default_rng(3))


def test_service_areas_follow_the_ks_shares(org):
    shares = np.array([a["share"] for a in SERVICE_AREAS.values()])
    counts = np.bincount(org.area, minlength=len(shares))
    assert counts.sum() == 1500
    assert np.abs(counts - 1500 * shares / shares.sum()).max() <= 1


def test_units_are_contiguous_and_sized_as_declared(org):
    assert np.all(np.diff(org.unit) >= 0)
    assert np.array_equal(np.bincount(org.unit), org.unit_size)
    for area, spec in enumerate(SERVICE_AREAS.values()):
        sizes = org.unit_size[org.unit_area == area]
        assert abs(sizes.mean() - spec["unit_size"]) < spec["unit_size"] / 2


def test_ties_are_symmetric_within_units_without_self_loops(org):
    assert np.all(org.unit[org.tie_from] == org.unit[org.tie_to])
    assert not np.any(org.tie_from == org.tie_to)
    forward = set(zip(org.tie_from.tolist(), org.tie_to.tolist(), strict=True))
    assert all((b, a) in forward for a, b in forward)
    degree = np.bincount(org.tie_to, minlength=org.employees)
    assert 5 <= degree.mean() <= 7


def test_union_density_and_membership(org):
    assert org.member.mean() == pytest.approx(0.8, abs=0.04)
    assert np.all((org.union >= 0) == org.member)


def test_rep_ratio_table():
    employees = np.array([1, 25, 26, 50, 51, 150, 151, 300, 301, 500, 501, 2000])
    assert reps_for_workplace(employees).tolist() == [2, 2, 3, 3, 4, 4, 6, 6, 8, 8, 8, 8]


def test_reps_sit_in_units_with_members_of_their_union(org):
    seats = np.bincount(org.rep_unit, minlength=org.units)
    assert np.array_equal(seats, reps_for_workplace(org.unit_size))
    for unit, union in zip(org.rep_unit, org.rep_union, strict=True):
        assert np.any((org.unit == unit) & (org.union == union))


def test_units_without_members_have_no_reps():
    org = build_organisation(200, union_density=0.0, rng=np.random.default_rng(0))
    assert len(org.rep_unit) == 0
    for unit, union in zip(org.rep_unit, org.rep_union, strict=True):
        assert np.any((org.unit == unit) & (org.union == union))
