"""The parameter declaration and the validated Params value."""

import math

import pytest

from greencoop.errors import ParameterError
from greencoop.params import PARAMETERS, PARAMETERS_BY_NAME, RESEARCH_QUESTIONS, Params


def test_defaults_are_valid_and_complete():
    params = Params()
    assert set(params.as_dict()) == set(PARAMETERS_BY_NAME)
    assert params.overrides() == {}


@pytest.mark.parametrize("p", PARAMETERS, ids=lambda p: p.name)
def test_every_parameter_is_fully_declared(p):
    for text in (p.label, p.help):
        assert text["nb"].strip() and text["en"].strip()
    assert p.source.strip()
    if p.kind in ("float", "int"):
        assert p.low < p.high
        assert p.default is None or p.low <= p.default <= p.high
    if p.group == "lever":
        assert p.questions and set(p.questions) <= set(RESEARCH_QUESTIONS)


def test_every_research_question_has_a_lever():
    assert {q for p in PARAMETERS if p.group == "lever" for q in p.questions} == set(RESEARCH_QUESTIONS)


def test_unknown_parameter_is_named_with_a_suggestion():
    expected = r"unknown parameter 'leadership_comitment' \(did you mean 'leadership_commitment'"
    with pytest.raises(ParameterError, match=expected):
        Params(leadership_comitment=0.3)


@pytest.mark.parametrize("value", [-0.1, 1.5, math.nan])
def test_out_of_range_names_parameter_and_range(value):
    expected = r"'leadership_commitment' = .* outside the allowed range 0 to 1 share 0–1"
    with pytest.raises(ParameterError, match=expected):
        Params(leadership_commitment=value)


@pytest.mark.parametrize(("name", "value", "message"), [
    ("climate_budget", "1000", "must be a number"),
    ("climate_agenda_per_year", True, "must be a number"),
    ("climate_agenda_per_year", 2.5, "must be a whole number"),
    ("involvement", "decide", "is not one of: inform, consult, joint"),
    ("municipality", "", "must be a municipality name"),
])
def test_wrong_types_are_rejected(name, value, message):
    with pytest.raises(ParameterError, match=message):
        Params(**{name: value})


def test_whole_float_is_accepted_for_int_and_stored_as_int():
    assert Params(climate_agenda_per_year=4.0).climate_agenda_per_year == 4
    assert isinstance(Params(climate_agenda_per_year=4.0).climate_agenda_per_year, int)


def test_municipality_and_employees_exclude_each_other():
    with pytest.raises(ParameterError, match="either 'municipality' or 'employees'"):
        Params(municipality="Bergen", employees=2000)


def test_unknown_municipality_fails_at_construction():
    with pytest.raises(ParameterError, match=r"unknown municipality 'Bergn' .*'Bergen'"):
        Params(municipality="Bergn")


def test_params_are_immutable_and_replace_validates():
    params = Params(involvement="joint")
    with pytest.raises(AttributeError):
        params.involvement = "inform"
    assert params.replace(feedback_to_staff=0.9).involvement == "joint"
    with pytest.raises(ParameterError):
        params.replace(feedback_to_staff=9)


def test_equal_values_are_equal_and_hash_alike():
    assert Params(climate_budget=500) == Params(climate_budget=500.0)
    assert hash(Params(climate_budget=500)) == hash(Params(climate_budget=500.0))
    assert Params(climate_budget=500) != Params()
    assert repr(Params(climate_budget=500)) == "Params(climate_budget=500.0)"
