"""Aggregation of rubric levels (scoring.engine.aggregation)."""

from decimal import Decimal

import pytest

from scoring.engine.aggregation import (
    Aggregation,
    Method,
    RubricResult,
    adjusted_levels,
    aggregate,
    aggregate_criterion,
    median,
    trimmed_mean,
)

D = Decimal
NINE = [D(level) for level in (1, 2, 3, 4, 4, 4, 5, 5, 5)]


@pytest.mark.parametrize(
    ("method", "expected"),
    [
        (Method.MEAN, D("3.6667")),  # 33 ÷ 9
        (Method.MEDIAN, D(4)),
        (Method.TRIMMED_MEAN, D("3.8571")),  # 1 and one 5 dropped: 27 ÷ 7
    ],
)
def test_aggregate_nine_assessors_by_each_method(method, expected):
    result = aggregate(NINE, Aggregation(method=method))

    assert result == expected


def test_median_of_an_even_number_is_the_middle_pair_mean():
    result = median([D(4), D(1), D(2), D(5)])

    assert result == D(3)


def test_trimmed_mean_drops_nothing_when_the_share_is_below_one_level():
    result = trimmed_mean([D(1), D(5)], D("0.2"))

    assert result == D(3)


def test_trimmed_mean_that_would_drop_everything_keeps_every_level():
    result = trimmed_mean([D(1), D(5)], D("0.5"))

    assert result == D(3)


def test_adjusted_levels_put_a_severe_and_a_lenient_assessor_on_one_scale():
    # "a" gives 1 and 3, "b" gives 3 and 5: the same judgement, shifted.
    sheets = {"x": {"a": D(1), "b": D(3)}, "y": {"a": D(3), "b": D(5)}}

    result = adjusted_levels(sheets, D(1), D(5))

    assert result == {
        "x": {"a": D(2), "b": D(2)},
        "y": {"a": D(4), "b": D(4)},
    }


def test_adjusted_levels_of_an_assessor_giving_one_level_is_the_overall_mean():
    sheets = {"x": {"a": D(2), "b": D(1)}, "y": {"a": D(2), "b": D(5)}}

    result = adjusted_levels(sheets, D(1), D(5))

    assert (result["x"]["a"], result["y"]["a"]) == (D("2.5"), D("2.5"))


def test_adjusted_levels_stay_within_the_rubric_range():
    sheets = {
        "x": {"a": D(1), "b": D(1)},
        "y": {"a": D(1), "b": D(1)},
        "z": {"a": D(5), "b": D(1)},
    }

    result = adjusted_levels(sheets, D(1), D(5))

    assert max(level for levels in result.values() for level in levels.values()) <= 5


def test_aggregate_criterion_returns_raw_and_adjusted_side_by_side():
    sheets = {"x": {"a": D(1), "b": D(3)}, "y": {"a": D(3), "b": D(5)}, "z": {}}

    result = aggregate_criterion(
        sheets, Aggregation(normalise_assessors=True), low=D(1), high=D(5)
    )

    assert result == {
        "x": RubricResult(raw=D(2), adjusted=D(2), assessors=2),
        "y": RubricResult(raw=D(4), adjusted=D(4), assessors=2),
    }


def test_aggregate_criterion_without_normalisation_has_no_adjusted_value():
    sheets = {"x": {"a": D(1), "b": D(4)}}

    result = aggregate_criterion(sheets, Aggregation(), low=D(1), high=D(5))

    assert result == {"x": RubricResult(raw=D("2.5"), adjusted=None, assessors=2)}


def test_aggregate_criterion_of_no_sheets_is_empty():
    result = aggregate_criterion(
        {"x": {}}, Aggregation(normalise_assessors=True), low=D(1), high=D(5)
    )

    assert result == {}


@pytest.mark.parametrize(
    ("normalise", "adjusted", "expected"),
    [(False, D(3), D(2)), (True, D(3), D(3)), (True, None, D(2))],
)
def test_rubric_result_counts_the_adjusted_value_when_asked(
    normalise, adjusted, expected
):
    result = RubricResult(raw=D(2), adjusted=adjusted, assessors=3)

    assert result.counted(Aggregation(normalise_assessors=normalise)) == expected
