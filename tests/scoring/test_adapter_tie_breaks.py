"""The stored aggregation and tie-break chain reach the engine: a chain breaks a
tie, no chain shares the rank."""

from decimal import Decimal
from typing import Any

import pytest

from scoring import engine
from scoring.adapter import engine_methodology
from scoring.services.methodology import create_methodology

D = Decimal


def _document(document: dict[str, Any], chain: list[dict[str, str]]) -> dict:
    """Coverage PU (target 100) and one rubric criterion scored 0–100, 50 each."""
    document["aspects"] = [
        {
            "code": "A",
            "name": "Aspek",
            "criteria": [
                {
                    **document["aspects"][1]["criteria"][0],
                    "code": "PU",
                    "weight": "50.00",
                    "normalisation": "target_cap",
                    "target": "100.0000",
                    "cap": "100.00",
                },
                {
                    **document["aspects"][3]["criteria"][0],
                    "code": "WAW",
                    "weight": "50.00",
                    "levels": [
                        {"score": score, "description": f"level {score}"}
                        for score in (0, 60, 80, 100)
                    ],
                },
            ],
        }
    ]
    document["tie_breaks"] = chain
    return document


def _candidate(key: str, pu: int, level: int, total: int) -> engine.CandidateInput:
    values = {
        "coverage_pu_pct": engine.IndicatorValue(D(pu)),
        "coverage_total_pct": engine.IndicatorValue(D(total)),
    }
    return engine.CandidateInput(key, values, {"WAW": {"m1": D(level)}})


# b and c both total 70: b by coverage, c by the interview.
CANDIDATES = [
    _candidate("a", 100, 100, 50),
    _candidate("b", 80, 60, 50),
    _candidate("c", 60, 80, 40),
    _candidate("d", 20, 0, 30),
]


def _ranks(category, document, chain) -> list[tuple[str, int, Decimal]]:
    stored = create_methodology(
        _document(document, chain), category=category, tier="provincial"
    )
    ranking = engine.rank(engine_methodology(stored), CANDIDATES)
    return [(p.key, p.rank, p.total) for p in ranking.ranked]


def test_without_a_chain_equal_totals_share_a_rank(category, document):
    ranks = _ranks(category, document, [])

    assert ranks == [
        ("a", 1, D(100)),
        ("b", 2, D(70)),
        ("c", 2, D(70)),
        ("d", 4, D(10)),
    ]


def test_the_interview_criterion_breaks_the_tie(category, document):
    chain = [{"by": "criterion", "key": "WAW", "direction": "higher"}]

    ranks = _ranks(category, document, chain)

    assert [(key, rank) for key, rank, _ in ranks] == [
        ("a", 1),
        ("c", 2),
        ("b", 3),
        ("d", 4),
    ]


@pytest.mark.parametrize(("direction", "order"), [("higher", "bc"), ("lower", "cb")])
def test_an_indicator_breaks_the_tie_in_its_direction(
    category, document, direction, order
):
    chain = [{"by": "indicator", "key": "coverage_total", "direction": direction}]

    ranks = _ranks(category, document, chain)

    assert "".join(key for key, rank, _ in ranks if rank in (2, 3)) == order


def test_the_stored_chain_and_aggregation_reach_the_engine(category, document):
    document["aggregation"] = {
        "method": "trimmed_mean",
        "trim": "0.10",
        "normalise_assessors": True,
    }
    stored = create_methodology(document, category=category, tier="provincial")

    mapped = engine_methodology(stored)

    assert mapped.tie_breaks == (
        engine.TieBreak("criterion", "WAW.1", engine.Direction.HIGHER),
        engine.TieBreak("indicator", "coverage_growth_pp", engine.Direction.HIGHER),
    )
    assert mapped.aggregation == engine.Aggregation(
        engine.Method.TRIMMED_MEAN, D("0.10"), normalise_assessors=True
    )
