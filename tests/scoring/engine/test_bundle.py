"""Ranking bundles (scoring.engine.bundle): exported, read back from JSON and
verified from the file alone."""

import json
from decimal import Decimal

from hypothesis import given

from scoring.engine.aggregation import Aggregation, Method
from scoring.engine.bundle import export_bundle, load_inputs, verify_bundle
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
from scoring.engine.ranking import CandidateInput, rank
from tests.scoring.engine.test_properties import candidates, methodologies

D = Decimal
METHODOLOGY = Methodology(
    (
        Criterion(
            "coverage",
            D("60.0"),
            Source.INDICATOR,
            indicator="coverage_total_pct",
            normalisation=Normalisation.TARGET,
            params={"target": D(80), "cap": D(100)},
        ),
        Criterion(
            "interview",
            D(40),
            Source.RUBRIC,
            normalisation=Normalisation.RANGE,
            levels=(RubricLevel(D(1), "weak"), RubricLevel(D(5), "strong")),
        ),
    ),
    tie_breaks=(TieBreak("indicator", "coverage_growth_pp", Direction.LOWER),),
    aggregation=Aggregation(Method.TRIMMED_MEAN, D("0.1"), normalise_assessors=True),
    version="ilustrasi-2025 v2",
)
CANDIDATES = [
    CandidateInput(
        "kota-jambi",
        {"coverage_total_pct": known(D("61.5")), "coverage_growth_pp": known(2)},
        {"interview": {"ketua": D(5), "anggota": D(4)}},
    ),
    CandidateInput(
        "kab-tebo",
        {"coverage_total_pct": missing("missing:angkatan_kerja")},
        {"interview": {"ketua": D(3)}},
    ),
]


def exported(methodology=METHODOLOGY, cohort=CANDIDATES, stage=Stage.FINAL):
    ranking = rank(methodology, cohort, stage=stage)
    return json.loads(json.dumps(export_bundle(methodology, cohort, ranking)))


def test_export_bundle_holds_inputs_hash_and_outcome():
    # 61,5 ÷ 80 → 76,875 × 0,6 = 46,125; interview levels after assessor normalisation
    # 4,5 and 4 → 4,25 → 81,25 × 0,4 = 32,5.
    bundle = exported()

    assert (bundle["format"], bundle["ranked"], bundle["incomplete"]) == (
        1,
        [{"key": "kota-jambi", "rank": 1, "total": "78.625"}],
        [{"key": "kab-tebo", "reasons": ["missing:angkatan_kerja"]}],
    )


def test_load_inputs_gives_back_the_methodology_candidates_and_stage():
    bundle = exported(stage=Stage.DESK)

    methodology, cohort, stage = load_inputs(bundle["inputs"])

    assert (methodology, cohort, stage) == (
        METHODOLOGY,
        sorted(CANDIDATES, key=lambda c: c.key),
        Stage.DESK,
    )


def test_an_exported_bundle_verifies():
    assert verify_bundle(exported()) == []


def test_a_changed_total_and_hash_are_found():
    bundle = exported()
    bundle["ranked"][0]["total"] = "99"
    bundle["hash"] = "0" * 64

    problems = verify_bundle(bundle)

    assert problems == [
        f"hash: bundle {'0' * 64}, recomputed {exported()['hash']}",
        "ranked kota-jambi: bundle {'key': 'kota-jambi', 'rank': 1, 'total': '99'}, "
        "recomputed {'key': 'kota-jambi', 'rank': 1, 'total': '78.625'}",
    ]


def test_a_changed_input_no_longer_matches_the_hash_and_ranks():
    bundle = exported()
    bundle["inputs"]["candidates"][0]["values"]["coverage_total_pct"] = {
        "value": "10",
        "reasons": [],
    }

    problems = verify_bundle(bundle)

    assert [problem.split(":")[0] for problem in problems] == [
        "hash",
        "ranked kab-tebo",
        "incomplete kab-tebo",
    ]


@given(methodologies(), candidates())
def test_every_exported_bundle_verifies(methodology, cohort):
    assert verify_bundle(exported(methodology, cohort)) == []
