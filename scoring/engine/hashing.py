"""A canonical form of the ranking inputs and its SHA-256: the same inputs give the
same hash whatever the order of the candidates, of mapping keys or of the assessors,
and however a Decimal is written (`1.50` and `1.5` are one number)."""

import dataclasses
import hashlib
import json
from collections.abc import Mapping, Sequence
from decimal import Decimal
from enum import Enum
from functools import cache, lru_cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from scoring.engine.methodology import Methodology, Stage
    from scoring.engine.ranking import CandidateInput


@lru_cache(maxsize=65_536)
def number(value: Decimal) -> str:
    """A Decimal as plain digits without trailing zeros: 100, 1.5, -0.25. Cached:
    equal Decimals (`1.50`, `1.5`) share one entry and one form."""
    if value == 0:
        return "0"
    return format(value.normalize(), "f")


PLAIN = (str, int, bool, type(None))


def plain(value: Any) -> Any:
    """The value as JSON-ready lists, dicts, strings, numbers and nulls."""
    kind: Any = type(value)
    if kind is Decimal:
        return number(value)
    if kind in PLAIN:
        return value
    if kind is dict:
        return {str(key): plain(item) for key, item in value.items()}
    if kind is tuple or kind is list:
        return [plain(item) for item in value]
    names = field_names(kind)
    if names is not None:
        return {name: plain(getattr(value, name)) for name in names}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, Mapping):
        return {str(key): plain(item) for key, item in value.items()}
    if isinstance(value, Sequence):
        return [plain(item) for item in value]
    # A float or any other type has no one canonical form: refuse it.
    raise TypeError(f"no canonical form for {kind.__name__}")


@cache
def field_names(kind: Any) -> tuple[str, ...] | None:
    """The field names of a dataclass type; None for any other type."""
    if not dataclasses.is_dataclass(kind):
        return None
    return tuple(f.name for f in dataclasses.fields(kind))


def plain_candidate(candidate: "CandidateInput") -> dict[str, Any]:
    """`plain(candidate)` written out: the bulk of every hash, three times faster.
    A test holds it equal to `plain`."""
    return {
        "key": candidate.key,
        "values": {
            str(key): {
                "value": None if value.value is None else number(value.value),
                "reasons": list(value.reasons),
            }
            for key, value in candidate.values.items()
        },
        "sheets": {
            str(key): {str(who): number(level) for who, level in levels.items()}
            for key, levels in candidate.sheets.items()
        },
    }


def canonical_inputs(
    methodology: "Methodology", candidates: Sequence["CandidateInput"], stage: "Stage"
) -> dict[str, Any]:
    """Everything a ranking depends on, candidates ordered by key."""
    return {
        "stage": plain(stage),
        "methodology": plain(methodology),
        "candidates": [c.canonical for c in sorted(candidates, key=lambda c: c.key)],
    }


def canonical_json(data: Any) -> str:
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def input_hash(
    methodology: "Methodology", candidates: Sequence["CandidateInput"], stage: "Stage"
) -> str:
    """SHA-256 (hex) of the canonical JSON of the inputs. Written piece by piece
    from each candidate's own canonical JSON (kept on the candidate, so a national
    ranking reuses the provincial one's); a test holds the text equal to
    `canonical_json(canonical_inputs(...))`, whose keys sort in this order."""
    ordered = sorted(candidates, key=lambda c: c.key)
    text = "".join(
        (
            '{"candidates":[',
            ",".join(c.canonical_json for c in ordered),
            '],"methodology":',
            canonical_json(plain(methodology)),
            ',"stage":',
            canonical_json(plain(stage)),
            "}",
        )
    )
    return hashlib.sha256(text.encode()).hexdigest()
