"""Normalisation of a criterion's raw value to a score from 0 to 100.

Rounding rule: every score is rounded half-up to four decimal places (`SCORE_PLACES`);
rounding is monotone, so a better raw value never gets a lower score.
"""

from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

SCORE_PLACES = Decimal("0.0001")
HUNDRED = Decimal(100)
ZERO = Decimal(0)


class Normalisation(StrEnum):
    TARGET = "target"  # value ÷ target × 100, capped
    MIN_MAX = "min_max"  # position between the cohort's lowest and highest value
    PERCENTILE = "percentile"  # mid-rank percentile within the cohort
    RANGE = "range"  # position in a fixed range, e.g. a rubric's lowest..highest level


class Direction(StrEnum):
    HIGHER = "higher"  # higher is better
    LOWER = "lower"  # lower is better


DEFINITIONS: Mapping[Normalisation, str] = {
    Normalisation.TARGET: "score = value ÷ target × 100 (target ÷ value × 100 when "
    "lower is better), at most the cap (100 unless stated).",
    Normalisation.MIN_MAX: "score = (value − lowest) ÷ (highest − lowest) × 100 within "
    "the cohort ((highest − value) when lower is better); 100 for all when every "
    "value is equal.",
    Normalisation.PERCENTILE: "score = (candidates worse + ½ × candidates equal, "
    "itself included) ÷ cohort size × 100.",
    Normalisation.RANGE: "score = (value − low) ÷ (high − low) × 100 "
    "((high − value) when lower is better), kept within 0..100.",
}


@dataclass(frozen=True)
class Cohort:
    """The values a min–max or percentile score compares with, sorted once so that
    scoring a cohort of n takes n log n steps, not n²."""

    values: tuple[Decimal, ...]

    @classmethod
    def of(cls, values: Iterable[Decimal]) -> "Cohort":
        return cls(tuple(sorted(values)))

    def below(self, value: Decimal) -> int:
        return bisect_left(self.values, value)

    def above(self, value: Decimal) -> int:
        return len(self.values) - bisect_right(self.values, value)


def rounded(score: Decimal) -> Decimal:
    return score.quantize(SCORE_PLACES, ROUND_HALF_UP)


def clamp(score: Decimal, high: Decimal = HUNDRED) -> Decimal:
    return min(max(score, ZERO), high)


def target_with_cap(
    value: Decimal,
    *,
    target: Decimal,
    cap: Decimal = HUNDRED,
    direction: Direction = Direction.HIGHER,
) -> Decimal:
    """Reaching the target scores 100; beyond it counts up to the cap."""
    if direction is Direction.HIGHER:
        score = value / target * HUNDRED
    elif value <= 0:
        score = cap
    else:
        score = target / value * HUNDRED
    return rounded(clamp(score, cap))


def min_max(
    value: Decimal, cohort: Cohort, direction: Direction = Direction.HIGHER
) -> Decimal:
    """The value's place between the cohort's lowest (0) and highest (100)."""
    low, high = cohort.values[0], cohort.values[-1]
    if low == high:
        return rounded(HUNDRED)
    gap = value - low if direction is Direction.HIGHER else high - value
    return rounded(clamp(gap / (high - low) * HUNDRED))


def percentile_rank(
    value: Decimal, cohort: Cohort, direction: Direction = Direction.HIGHER
) -> Decimal:
    """Share of the cohort worse than the value, counting equal values half."""
    below, above = cohort.below(value), cohort.above(value)
    size = len(cohort.values)
    worse = below if direction is Direction.HIGHER else above
    equal = size - below - above
    return rounded((Decimal(worse) + Decimal(equal) / 2) / size * HUNDRED)


def fixed_range(
    value: Decimal,
    *,
    low: Decimal,
    high: Decimal,
    direction: Direction = Direction.HIGHER,
) -> Decimal:
    """The value's place between a fixed low (0) and high (100)."""
    gap = value - low if direction is Direction.HIGHER else high - value
    return rounded(clamp(gap / (high - low) * HUNDRED))


def normalise(
    value: Decimal,
    kind: Normalisation,
    *,
    cohort: Cohort,
    params: Mapping[str, Decimal],
    direction: Direction,
) -> Decimal:
    """One raw value's score by the criterion's normalisation."""
    if kind is Normalisation.TARGET:
        cap = params.get("cap", HUNDRED)
        return target_with_cap(
            value, target=params["target"], cap=cap, direction=direction
        )
    if kind is Normalisation.MIN_MAX:
        return min_max(value, cohort, direction)
    if kind is Normalisation.PERCENTILE:
        return percentile_rank(value, cohort, direction)
    return fixed_range(
        value, low=params["low"], high=params["high"], direction=direction
    )
