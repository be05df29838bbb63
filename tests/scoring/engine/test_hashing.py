"""The canonical input hash (scoring.engine.hashing)."""

import hashlib
from decimal import Decimal
from types import MappingProxyType

import pytest

from scoring.engine.hashing import (
    canonical_inputs,
    canonical_json,
    input_hash,
    number,
    plain,
    plain_candidate,
)
from scoring.engine.indicators import known, missing
from scoring.engine.methodology import Criterion, Methodology, Source, Stage
from scoring.engine.ranking import CandidateInput

D = Decimal
METHODOLOGY = Methodology(
    (Criterion("a", D(100), Source.INDICATOR, indicator="a"),), version="v1"
)


def test_number_writes_a_decimal_one_way():
    result = [number(D(value)) for value in ("1.50", "100", "0.000", "-0", "1E+2")]

    assert result == ["1.5", "100", "0", "0", "100"]


def test_plain_turns_inputs_into_json_values():
    result = plain({"x": (D("2.0"), Stage.DESK, None, True, "t")})

    assert result == {"x": ["2", "desk", None, True, "t"]}


def test_plain_reads_other_mappings_and_sequences():
    result = plain(MappingProxyType({1: range(2)}))

    assert result == {"1": [0, 1]}


def test_plain_refuses_a_float():
    with pytest.raises(TypeError, match="no canonical form for float"):
        plain({"x": 0.1})


def test_plain_candidate_is_plain_written_out():
    candidate = CandidateInput(
        "a",
        {"x": known(D("1.50")), "y": missing("missing:z", "zero:w")},
        {"w": {"m1": D(3), "m2": D("4.0")}, "v": {}},
    )

    assert plain_candidate(candidate) == plain(candidate)


def test_canonical_inputs_order_candidates_by_key():
    candidates = [CandidateInput("b"), CandidateInput("a", {"a": known(D("1.0"))})]

    result = canonical_inputs(METHODOLOGY, candidates, Stage.FINAL)

    assert result["stage"] == "final"
    assert result["candidates"] == [
        {"key": "a", "values": {"a": {"value": "1", "reasons": []}}, "sheets": {}},
        {"key": "b", "values": {}, "sheets": {}},
    ]


def test_input_hash_is_a_sha256_that_depends_on_the_stage():
    candidates = [CandidateInput("a", {"a": known(D(1))})]

    final = input_hash(METHODOLOGY, candidates, Stage.FINAL)
    desk = input_hash(METHODOLOGY, candidates, Stage.DESK)

    assert (len(final), final == desk) == (64, False)


def test_input_hash_ignores_how_decimals_and_sheets_are_written():
    first = [CandidateInput("a", sheets={"w": {"x": D("3.0"), "y": D(4)}})]
    second = [CandidateInput("a", sheets={"w": {"y": D("4.00"), "x": D(3)}})]

    result = input_hash(METHODOLOGY, first, Stage.FINAL) == input_hash(
        METHODOLOGY, second, Stage.FINAL
    )

    assert result is True


def test_input_hash_is_the_sha256_of_the_canonical_json_of_the_inputs():
    candidates = [
        CandidateInput("b", {"ü": missing("missing:ü")}, {"w": {"m": D("2.50")}}),
        CandidateInput("a", {"a": known(D("1.0"))}),
    ]

    result = input_hash(METHODOLOGY, candidates, Stage.DESK)

    text = canonical_json(canonical_inputs(METHODOLOGY, candidates, Stage.DESK))
    assert result == hashlib.sha256(text.encode()).hexdigest()


def test_a_candidate_keeps_its_canonical_form_once_computed():
    candidate = CandidateInput("a", {"a": known(D("1.0"))})

    first = candidate.canonical_json

    assert (candidate.canonical_json is first, candidate.canonical) == (
        True,
        plain(candidate),
    )
