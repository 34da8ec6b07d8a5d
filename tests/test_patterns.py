"""Pattern-oriented validation: each pattern holds, and fails when its own mechanism is switched off.

The patterns (``greencoop.experiments.patterns.PATTERNS``) stand for the
stylized facts of the domain facts ("Patterns for validation") and for the
model concept's links. Each compares one lever's settings on common seeds.
That a pattern holds shows the model does what the fact says; that it fails
without its mechanism shows it does so for the reason the model claims, not
through some other channel (``greencoop ablation`` tabulates every pattern
against every mechanism).
"""

import pytest

from greencoop.experiments.patterns import PATTERNS, statistics

#: Runs per setting: enough that each pattern's bounds can sit close to what the model shows.
SEEDS = 16


@pytest.fixture(scope="module")
def with_all_mechanisms():
    return statistics(PATTERNS, SEEDS)


@pytest.mark.parametrize("pattern", PATTERNS, ids=lambda p: p.name)
def test_pattern_holds(pattern, with_all_mechanisms):
    value = with_all_mechanisms[pattern.name]
    assert pattern.holds(value), f"{pattern.claim}: {value:.3f} outside {pattern.bounds} (fact {pattern.fact})"


@pytest.mark.parametrize("pattern, mechanism", [(p, m) for p in PATTERNS for m in p.mechanisms],
                         ids=lambda value: getattr(value, "name", value))
def test_pattern_fails_without_its_mechanism(pattern, mechanism):
    value = statistics([pattern], SEEDS, switched_off=[mechanism])[pattern.name]
    assert not pattern.holds(value), (
        f"{pattern.name} still holds ({value:.3f}) with '{mechanism}' switched off: something else produces it")
