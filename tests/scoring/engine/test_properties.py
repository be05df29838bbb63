"""Properties of the ranking engine (hypothesis): order, monotonicity, equality, weight
scale, explanations and the input hash."""

import dataclasses
from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st

from scoring.engine.aggregation import Aggregation, Method
from scoring.engine.indicators import known
from scoring.engine.methodology import Criterion, Methodology, RubricLevel, Source
from scoring.engine.normalisation import Direction, Normalisation
from scoring.engine.ranking import CandidateInput, rank

D = Decimal
INDICATORS = ("a", "b", "c")
ASSESSORS = ("m1", "m2", "m3")
LEVELS = tuple(RubricLevel(D(value)) for value in range(1, 6))
PARAMS = {
    Normalisation.TARGET: {"target": D(50)},
    Normalisation.MIN_MAX: {},
    Normalisation.PERCENTILE: {},
    Normalisation.RANGE: {"low": D(0), "high": D(100)},
}

values = st.decimals(min_value=0, max_value=100, places=2)
weights = st.integers(min_value=0, max_value=100).map(D)


@st.composite
def methodologies(draw):
    criteria = [
        Criterion(
            key,
            draw(weights),
            Source.INDICATOR,
            indicator=key,
            normalisation=(kind := draw(st.sampled_from(Normalisation))),
            params=PARAMS[kind],
            direction=draw(st.sampled_from(Direction)),
        )
        for key in INDICATORS
    ]
    interview = Criterion(
        "w",
        draw(weights),
        Source.RUBRIC,
        normalisation=Normalisation.RANGE,
        levels=LEVELS,
    )
    aggregation = Aggregation(
        method=draw(st.sampled_from(Method)), normalise_assessors=draw(st.booleans())
    )
    return Methodology((*criteria, interview), aggregation=aggregation)


@st.composite
def candidates(draw, min_size=1):
    size = draw(st.integers(min_value=min_size, max_value=8))
    return [
        CandidateInput(
            f"c{index}",
            {key: known(draw(values)) for key in INDICATORS},
            {"w": {m: D(draw(st.integers(1, 5))) for m in ASSESSORS}},
        )
        for index in range(size)
    ]


def ranks(ranking):
    return {placed.key: (placed.rank, placed.total) for placed in ranking.ranked}


@given(methodologies(), candidates(), st.randoms())
def test_reordering_candidates_changes_no_rank(methodology, cohort, random):
    shuffled = list(cohort)
    random.shuffle(shuffled)

    assert ranks(rank(methodology, shuffled)) == ranks(rank(methodology, cohort))


@given(methodologies(), candidates(), st.data())
def test_improving_one_indicator_never_lowers_the_total(methodology, cohort, data):
    index = data.draw(st.integers(0, len(cohort) - 1))
    criterion = data.draw(st.sampled_from(methodology.criteria[:3]))
    step = data.draw(st.decimals(min_value="0.01", max_value=50, places=2))
    if criterion.direction is Direction.LOWER:
        step = -step
    chosen = cohort[index]
    raised = dict(chosen.values)
    raised[criterion.key] = known(chosen.values[criterion.key].value + step)
    changed = list(cohort)
    changed[index] = dataclasses.replace(chosen, values=raised)

    before = ranks(rank(methodology, cohort))[chosen.key][1]
    after = ranks(rank(methodology, changed))[chosen.key][1]

    assert after >= before


@given(methodologies(), candidates())
def test_equal_inputs_share_a_rank(methodology, cohort):
    twin = dataclasses.replace(cohort[0], key="twin")

    result = ranks(rank(methodology, [*cohort, twin]))

    assert result["twin"] == result[cohort[0].key]


@given(methodologies(), candidates(), st.integers(1, 1000), st.integers(0, 3))
def test_scaling_all_weights_changes_no_rank(methodology, cohort, factor, places):
    scale = D(factor).scaleb(-places)
    scaled = dataclasses.replace(
        methodology,
        criteria=tuple(
            dataclasses.replace(c, weight=c.weight * scale)
            for c in methodology.criteria
        ),
    )

    assert ranks(rank(scaled, cohort)) == ranks(rank(methodology, cohort))


@given(methodologies(), candidates())
def test_the_explanation_always_sums_to_the_total(methodology, cohort):
    ranking = rank(methodology, cohort)

    for placed in ranking.ranked:
        assert sum(line.contribution for line in placed.lines) == placed.total


@given(methodologies(), candidates(), st.randoms())
def test_the_hash_is_independent_of_input_order(methodology, cohort, random):
    shuffled = [
        dataclasses.replace(c, values=dict(reversed(list(c.values.items()))))
        for c in cohort
    ]
    random.shuffle(shuffled)

    assert (
        rank(methodology, shuffled).input_hash == rank(methodology, cohort).input_hash
    )
