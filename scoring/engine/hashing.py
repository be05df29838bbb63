"""A canonical form of the ranking inputs and its SHA-256: the same inputs give the
same hash whatever the order of the candidates, of mapping keys or of the assessors,
and however a Decimal is written (`1.50` and `1.5` are one number)."""

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoring.engine.methodology import Methodology, Stage
    from scoring.engine.ranking import CandidateInput


def number(value: Decimal) -> str:
    """A Decimal as plain digits without trailing zeros: 100, 1.5, -0.25."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


def plain(value: Any) -> Any:
    """The value as JSON-ready lists, dicts, strings, numbers and nulls."""
    if isinstance(value, Decimal):
        return number(value)
    if isinstance(value, Enum):
        return value.value
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {
            f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)
        }
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Sequence) and not isinstance(value, str):
        return [plain(item) for item in value]
    return value


def canonical_inputs(
    methodology: "Methodology", candidates: Sequence["CandidateInput"], stage: "Stage"
) -> dict[str, Any]:
    """Everything a ranking depends on, candidates ordered by key."""
    return {
        "stage": plain(stage),
        "methodology": plain(methodology),
        "candidates": [plain(c) for c in sorted(candidates, key=lambda c: c.key)],
    }


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def input_hash(
    methodology: "Methodology", candidates: Sequence["CandidateInput"], stage: "Stage"
) -> str:
    """SHA-256 (hex) of the canonical JSON of the inputs."""
    text = canonical_json(canonical_inputs(methodology, candidates, stage))
    return hashlib.sha256(text.encode()).hexdigest()
