"""Ranking (scoring.engine.ranking): totals, explanations, tie-breaks, shared ranks,
incomplete candidates and the desk stage, on small worked cohorts."""

from decimal import Decimal

import pytest

from scoring.engine.aggregation import Aggregation, RubricResult
from scoring.engine.indicators import known, missing
from scoring.engine.methodology import (
    Criterion,
    Methodology,
    RubricLevel,
    Source,
    Stage,
    TieBreak,
)
from scoring.engine.normalisation import Direction, Normalisation
from scoring.engine.ranking import (
    CandidateInput,
    Line,
    LineStatus,
    Placed,
    Unranked,
    rank,
)

D = Decimal
LEVELS = tuple(RubricLevel(D(value)) for value in range(1, 6))
COVERAGE = Criterion(
    "coverage",
    D(60),
    Source.INDICATOR,
    indicator="coverage_total_pct",
    normalisation=Normalisation.TARGET,
    params={"target": D(80)},
)
INTERVIEW = Criterion(
    "interview", D(40), Source.RUBRIC, normalisation=Normalisation.RANGE, levels=LEVELS
)
REGULATION = Criterion(
    "regulation", D(0), Source.RULE, indicator="regulation_level", independent=True
)
METHODOLOGY = Methodology(
    (COVERAGE, INTERVIEW, REGULATION),
    tie_breaks=(
        TieBreak("criterion", "interview"),
        TieBreak("indicator", "coverage_growth_pp"),
    ),
)


def candidate(key, coverage, levels=(), growth=None, regulation=1):
    values = {
        "coverage_total_pct": known(D(coverage)),
        "regulation_level": known(regulation),
    }
    if growth is not None:
        values["coverage_growth_pp"] = known(D(growth))
    sheets = {"interview": {f"m{i}": D(level) for i, level in enumerate(levels)}}
    return CandidateInput(key, values, sheets)


def test_rank_explains_each_criterion_of_a_candidate():
    ranking = rank(METHODOLOGY, [candidate("kota-jambi", 40, (4, 5))])

    assert ranking.ranked == (
        Placed(
            "kota-jambi",
            1,
            D("65.0000"),
            (
                Line(
                    "coverage",
                    LineStatus.COUNTED,
                    D(40),
                    D(50),
                    D(60),
                    D(100),
                    D(30),
                ),
                Line(
                    "interview",
                    LineStatus.COUNTED,
                    D("4.5"),
                    D("87.5"),
                    D(40),
                    D(100),
                    D(35),
                    rubric=RubricResult(D("4.5"), None, 2),
                ),
                Line(
                    "regulation",
                    LineStatus.INDEPENDENT,
                    D(1),
                    D(100),
                    D(0),
                    D(100),
                    D(0),
                ),
            ),
        ),
    )


def test_rank_formulas_show_each_contribution_and_their_sum():
    ranking = rank(METHODOLOGY, [candidate("a", 40, (4, 5))])

    placed = ranking.ranked[0]
    assert [line.formula for line in placed.lines] == [
        "60 ÷ 100 × 50.0000 = 30.0000",
        "40 ÷ 100 × 87.5000 = 35.0000",
        "not counted (independent)",
    ]
    assert placed.formula == "30.0000 + 35.0000 = 65.0000"


def test_rank_orders_by_total_and_shares_equal_ranks():
    candidates = [
        candidate("a", 80, (5,)),
        candidate("b", 40, (3,)),
        candidate("c", 40, (3,)),
        candidate("d", 20, (1,)),
    ]

    ranking = rank(METHODOLOGY, candidates)

    assert [(p.key, p.rank) for p in ranking.ranked] == [
        ("a", 1),
        ("b", 2),
        ("c", 2),
        ("d", 4),
    ]


def test_tie_break_chain_prefers_the_interview_then_growth():
    # Equal totals (60 % coverage weighs like one interview level here).
    methodology = Methodology(
        (
            Criterion(
                "coverage",
                D(50),
                Source.INDICATOR,
                indicator="coverage_total_pct",
                normalisation=Normalisation.RANGE,
                params={"low": D(0), "high": D(100)},
            ),
            Criterion(
                "interview",
                D(50),
                Source.RUBRIC,
                normalisation=Normalisation.RANGE,
                levels=LEVELS,
            ),
        ),
        tie_breaks=METHODOLOGY.tie_breaks,
    )
    candidates = [
        candidate("low-interview", 75, (3,), growth=9),
        candidate("no-growth", 50, (4,)),
        candidate("more-growth", 50, (4,), growth=2),
        candidate("less-growth", 50, (4,), growth=1),
    ]

    ranking = rank(methodology, candidates)

    assert [(p.key, p.rank, p.total) for p in ranking.ranked] == [
        ("more-growth", 1, D("62.5000")),
        ("less-growth", 2, D("62.5000")),
        ("no-growth", 3, D("62.5000")),
        ("low-interview", 4, D("62.5000")),
    ]


def test_desk_ranking_skips_a_pending_rubric_tie_break():
    # Early sheets exist, but the interview is pending at the desk stage: equal
    # totals are broken by growth, the next link, not by the interview.
    candidates = [
        candidate("early", 80, (5, 5), growth=1),
        candidate("grown", 80, (1, 1), growth=3),
    ]

    desk = rank(METHODOLOGY, candidates, stage=Stage.DESK)
    final = rank(METHODOLOGY, candidates, stage=Stage.FINAL)

    assert [p.key for p in desk.ranked] == ["grown", "early"]
    assert [p.key for p in final.ranked] == ["early", "grown"]


def test_tie_break_lower_is_better():
    methodology = Methodology(
        (COVERAGE,), tie_breaks=(TieBreak("indicator", "rupiah", Direction.LOWER),)
    )
    candidates = [
        CandidateInput(key, {"coverage_total_pct": known(50), "rupiah": known(rupiah)})
        for key, rupiah in (("dear", 300), ("cheap", 200))
    ]

    ranking = rank(methodology, candidates)

    assert [(p.key, p.rank) for p in ranking.ranked] == [("cheap", 1), ("dear", 2)]


def test_incomplete_candidates_are_listed_apart_with_their_reasons():
    candidates = [
        candidate("a", 40, (4,)),
        CandidateInput("b", {"coverage_total_pct": missing("missing:angkatan_kerja")}),
        CandidateInput("c", {}, {"interview": {"m": D(3)}}),
    ]

    ranking = rank(METHODOLOGY, candidates)

    assert ([p.key for p in ranking.ranked], ranking.incomplete) == (
        ["a"],
        (
            Unranked("b", ("missing:angkatan_kerja", "missing:rubric:interview")),
            Unranked("c", ("missing:coverage_total_pct",)),
        ),
    )


def test_a_missing_independent_criterion_does_not_make_a_candidate_incomplete():
    lone = CandidateInput(
        "a", {"coverage_total_pct": known(40)}, {"interview": {"m": D(3)}}
    )

    ranking = rank(METHODOLOGY, [lone])

    line = ranking.ranked[0].lines[2]
    assert (line.score, line.reasons) == (None, ("missing:regulation_level",))


def test_desk_ranking_shows_rubric_criteria_as_pending():
    ranking = rank(
        METHODOLOGY, [candidate("a", 40), candidate("b", 80)], stage=Stage.DESK
    )

    assert ranking.weight_sum == D(60)
    assert [(p.key, p.total) for p in ranking.ranked] == [
        ("b", D(100)),
        ("a", D(50)),
    ]
    assert [line.status for line in ranking.ranked[0].lines] == [
        LineStatus.COUNTED,
        LineStatus.PENDING,
        LineStatus.INDEPENDENT,
    ]


def test_a_methodology_counting_nothing_gives_zero_totals():
    methodology = Methodology((INTERVIEW,))

    ranking = rank(methodology, [candidate("a", 40)], stage=Stage.DESK)

    assert (ranking.ranked[0].total, ranking.ranked[0].formula) == (D(0), "0 = 0")


def test_rank_uses_assessor_normalised_levels_when_asked():
    methodology = Methodology(
        (INTERVIEW,), aggregation=Aggregation(normalise_assessors=True)
    )
    candidates = [
        CandidateInput("x", sheets={"interview": {"a": D(1), "b": D(3)}}),
        CandidateInput("y", sheets={"interview": {"a": D(3), "b": D(5)}}),
    ]

    ranking = rank(methodology, candidates)

    assert [(p.key, p.lines[0].raw, p.lines[0].rubric) for p in ranking.ranked] == [
        ("y", D(4), RubricResult(D(4), D(4), 2)),
        ("x", D(2), RubricResult(D(2), D(2), 2)),
    ]


def test_rank_refuses_repeated_candidate_keys():
    with pytest.raises(ValueError, match="candidate keys repeat"):
        rank(METHODOLOGY, [CandidateInput("a"), CandidateInput("a")])


def test_rank_carries_the_input_hash():
    ranking = rank(METHODOLOGY, [candidate("a", 40, (4,))])

    assert len(ranking.input_hash) == 64
