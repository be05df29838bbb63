"""The engine's methodology (scoring.engine.methodology): checks on construction,
ranges, and which weights count at which stage."""

from decimal import Decimal

import pytest

from scoring.engine.aggregation import Aggregation
from scoring.engine.methodology import (
    Criterion,
    Methodology,
    RubricLevel,
    Source,
    Stage,
    TieBreak,
)
from scoring.engine.normalisation import Normalisation

D = Decimal
LEVELS = tuple(RubricLevel(D(value), f"level {value}") for value in range(1, 6))


def indicator(key, weight, **options):
    return Criterion(key, D(weight), Source.INDICATOR, indicator=key, **options)


def rubric(key, weight, **options):
    return Criterion(key, D(weight), Source.RUBRIC, levels=LEVELS, **options)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        (lambda: indicator("a", -1), "a: negative weight"),
        (lambda: Criterion("w", D(1), Source.RUBRIC), "w: a rubric criterion needs"),
        (lambda: Criterion("r", D(1), Source.RULE), "r: names no indicator"),
        (
            lambda: indicator("a", 1, normalisation=Normalisation.TARGET),
            "a: needs target",
        ),
        (
            lambda: indicator("a", 1, normalisation=Normalisation.RANGE),
            "a: needs high, low",
        ),
        (
            lambda: indicator(
                "a", 1, normalisation=Normalisation.TARGET, params={"target": D(0)}
            ),
            "a: the target must be above 0",
        ),
        (
            lambda: indicator(
                "a",
                1,
                normalisation=Normalisation.RANGE,
                params={"low": D(5), "high": D(5)},
            ),
            "a: the range is empty",
        ),
    ],
)
def test_criterion_refuses_what_cannot_be_computed(build, message):
    with pytest.raises(ValueError, match=message):
        build()


def test_rubric_range_comes_from_its_levels_unless_given():
    default = rubric("w", 40, normalisation=Normalisation.RANGE)
    given = rubric("w", 40, params={"low": D(0)})

    assert (default.resolved_params, given.resolved_params) == (
        {"low": D(1), "high": D(5)},
        {"low": D(0), "high": D(5)},
    )


def test_indicator_params_are_used_as_given():
    criterion = indicator(
        "a", 1, normalisation=Normalisation.TARGET, params={"target": D(95)}
    )

    assert criterion.resolved_params == {"target": D(95)}


@pytest.mark.parametrize(
    ("tie_breaks", "message"),
    [
        ((TieBreak("coin", "a"),), "unknown tie-break coin"),
        ((TieBreak("criterion", "zz"),), "tie-break on unknown criterion zz"),
    ],
)
def test_methodology_refuses_unknown_tie_breaks(tie_breaks, message):
    with pytest.raises(ValueError, match=message):
        Methodology((indicator("a", 100),), tie_breaks=tie_breaks)


def test_methodology_refuses_repeated_criterion_keys():
    with pytest.raises(ValueError, match="criterion keys repeat"):
        Methodology((indicator("a", 50), indicator("a", 50)))


def test_weight_sum_counts_rubric_criteria_only_in_the_final_ranking():
    methodology = Methodology(
        (indicator("a", 60), indicator("b", 10, independent=True), rubric("w", 40)),
        tie_breaks=(TieBreak("indicator", "b"),),
        aggregation=Aggregation(),
    )

    result = (methodology.weight_sum(Stage.FINAL), methodology.weight_sum(Stage.DESK))

    assert result == (D(100), D(60))
