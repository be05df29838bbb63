"""A ranking as a self-contained bundle (inputs, methodology, hash, ranks) and its
verification from the bundle alone: what `manage.py verify_ranking BUNDLE` runs."""

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from scoring.engine.aggregation import Aggregation, Method
from scoring.engine.hashing import canonical_inputs, number
from scoring.engine.indicators import IndicatorValue
from scoring.engine.methodology import (
    Criterion,
    Methodology,
    RubricLevel,
    Source,
    Stage,
    TieBreak,
)
from scoring.engine.normalisation import Direction, Normalisation
from scoring.engine.ranking import CandidateInput, Ranking, rank

FORMAT = 1


def export_bundle(
    methodology: Methodology,
    candidates: Sequence[CandidateInput],
    ranking: Ranking,
) -> dict[str, Any]:
    """The ranking's inputs, hash and outcome as JSON-ready data."""
    return {
        "format": FORMAT,
        "inputs": canonical_inputs(methodology, candidates, ranking.stage),
        "hash": ranking.input_hash,
        "ranked": [
            {"key": p.key, "rank": p.rank, "total": number(p.total)}
            for p in ranking.ranked
        ],
        "incomplete": [
            {"key": u.key, "reasons": list(u.reasons)} for u in ranking.incomplete
        ],
    }


def _numbers(data: Mapping[str, str]) -> dict[str, Decimal]:
    return {key: Decimal(value) for key, value in data.items()}


def _criterion(data: Mapping[str, Any]) -> Criterion:
    return Criterion(
        key=data["key"],
        weight=Decimal(data["weight"]),
        source=Source(data["source"]),
        indicator=data["indicator"],
        normalisation=Normalisation(data["normalisation"]),
        params=_numbers(data["params"]),
        direction=Direction(data["direction"]),
        independent=data["independent"],
        levels=tuple(
            RubricLevel(Decimal(level["value"]), level["description"])
            for level in data["levels"]
        ),
    )


def _methodology(data: Mapping[str, Any]) -> Methodology:
    aggregation = data["aggregation"]
    return Methodology(
        criteria=tuple(_criterion(criterion) for criterion in data["criteria"]),
        tie_breaks=tuple(
            TieBreak(t["by"], t["key"], Direction(t["direction"]))
            for t in data["tie_breaks"]
        ),
        aggregation=Aggregation(
            method=Method(aggregation["method"]),
            trim=Decimal(aggregation["trim"]),
            normalise_assessors=aggregation["normalise_assessors"],
        ),
        version=data["version"],
    )


def _candidate(data: Mapping[str, Any]) -> CandidateInput:
    values = {
        key: IndicatorValue(
            None if value["value"] is None else Decimal(value["value"]),
            tuple(value["reasons"]),
        )
        for key, value in data["values"].items()
    }
    sheets = {key: _numbers(levels) for key, levels in data["sheets"].items()}
    return CandidateInput(data["key"], values, sheets)


def load_inputs(
    inputs: Mapping[str, Any],
) -> tuple[Methodology, list[CandidateInput], Stage]:
    """The methodology, candidates and stage of a bundle's canonical inputs."""
    return (
        _methodology(inputs["methodology"]),
        [_candidate(candidate) for candidate in inputs["candidates"]],
        Stage(inputs["stage"]),
    )


def verify_bundle(bundle: Mapping[str, Any]) -> list[str]:
    """Recompute the ranking from the bundle alone; the differences found, as plain
    English lines (none: every rank, total and the hash match)."""
    methodology, candidates, stage = load_inputs(bundle["inputs"])
    ranking = rank(methodology, candidates, stage=stage)
    again = export_bundle(methodology, candidates, ranking)
    problems = []
    if again["hash"] != bundle["hash"]:
        problems.append(f"hash: bundle {bundle['hash']}, recomputed {again['hash']}")
    for part in ("ranked", "incomplete"):
        problems.extend(_differences(part, bundle[part], again[part]))
    return problems


def _differences(
    part: str, stated: Sequence[Mapping[str, Any]], recomputed: Sequence[Mapping]
) -> list[str]:
    """One line per candidate whose entry differs, in key order."""
    before = {entry["key"]: entry for entry in stated}
    after = {entry["key"]: entry for entry in recomputed}
    return [
        f"{part} {key}: bundle {before.get(key)}, recomputed {after.get(key)}"
        for key in sorted(before.keys() | after.keys())
        if before.get(key) != after.get(key)
    ]
