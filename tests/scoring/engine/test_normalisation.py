"""Normalisation (scoring.engine.normalisation): worked examples of each method in
both directions, rounded half-up to four places."""

from decimal import Decimal

import pytest

from scoring.engine.normalisation import (
    DEFINITIONS,
    Cohort,
    Direction,
    Normalisation,
    fixed_range,
    min_max,
    normalise,
    percentile_rank,
    target_with_cap,
)

D = Decimal
LOWER = Direction.LOWER


@pytest.mark.parametrize(
    ("value", "cap", "expected"),
    [
        (D("60.88"), D(100), D("64.0842")),  # Anambas against a 95 % target
        (D(95), D(100), D(100)),
        (D(190), D(100), D(100)),  # capped
        (D(190), D(120), D(120)),  # overachievement counts up to the cap
        (D(-5), D(100), D(0)),
    ],
)
def test_target_with_cap_higher_is_better(value, cap, expected):
    result = target_with_cap(value, target=D(95), cap=cap)

    assert result == expected


@pytest.mark.parametrize(
    ("value", "expected"),
    [(D(200_000), D(100)), (D(400_000), D(50)), (D(100_000), D(100)), (D(0), D(100))],
)
def test_target_with_cap_lower_is_better(value, expected):
    result = target_with_cap(value, target=D(200_000), direction=LOWER)

    assert result == expected


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (D(10), Direction.HIGHER, D(0)),
        (D(20), Direction.HIGHER, D("33.3333")),
        (D(40), Direction.HIGHER, D(100)),
        (D(10), LOWER, D(100)),
        (D(20), LOWER, D("66.6667")),
    ],
)
def test_min_max_places_the_value_between_lowest_and_highest(
    value, direction, expected
):
    result = min_max(value, Cohort.of([D(40), D(10), D(20)]), direction)

    assert result == expected


def test_min_max_of_a_cohort_of_equals_gives_everyone_100():
    result = min_max(D(7), Cohort.of([D(7), D(7)]))

    assert result == D(100)


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (D(10), Direction.HIGHER, D("12.5")),  # (0 + ½) ÷ 4
        (D(20), Direction.HIGHER, D(50)),  # (1 + 2 × ½) ÷ 4
        (D(40), Direction.HIGHER, D("87.5")),  # (3 + ½) ÷ 4
        (D(10), LOWER, D("87.5")),
    ],
)
def test_percentile_rank_counts_equal_values_half(value, direction, expected):
    result = percentile_rank(value, Cohort.of([D(20), D(10), D(40), D(20)]), direction)

    assert result == expected


@pytest.mark.parametrize(
    ("value", "direction", "expected"),
    [
        (D(1), Direction.HIGHER, D(0)),
        (D(4), Direction.HIGHER, D(75)),
        (D("4.3333"), Direction.HIGHER, D("83.3325")),
        (D(9), Direction.HIGHER, D(100)),
        (D(4), LOWER, D(25)),
    ],
)
def test_fixed_range_places_the_value_in_the_rubric_range(value, direction, expected):
    result = fixed_range(value, low=D(1), high=D(5), direction=direction)

    assert result == expected


@pytest.mark.parametrize(
    ("kind", "params", "expected"),
    [
        (Normalisation.TARGET, {"target": D(40)}, D(50)),
        (Normalisation.TARGET, {"target": D(40), "cap": D(40)}, D(40)),
        (Normalisation.MIN_MAX, {}, D(50)),
        (Normalisation.PERCENTILE, {}, D(50)),
        (Normalisation.RANGE, {"low": D(0), "high": D(80)}, D(25)),
    ],
)
def test_normalise_dispatches_on_the_kind(kind, params, expected):
    result = normalise(
        D(20),
        kind,
        cohort=Cohort.of([D(10), D(20), D(30)]),
        params=params,
        direction=Direction.HIGHER,
    )

    assert result == expected


def test_every_normalisation_has_a_definition():
    assert set(DEFINITIONS) == set(Normalisation)
