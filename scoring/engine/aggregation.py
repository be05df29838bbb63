"""Aggregation of the assessors' rubric levels into one value per candidate and
criterion: mean (default), median or trimmed mean, optionally after a per-assessor
z-score normalisation that is rescaled to the rubric's range. Both results are kept
side by side; the methodology says which one counts.

Rounding rule: aggregated values are rounded half-up to four decimal places.
"""

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum
from functools import partial

from scoring.engine.normalisation import SCORE_PLACES, ZERO, rounded

# candidate key → assessor key → level given
Sheets = Mapping[str, Mapping[str, Decimal]]


class Method(StrEnum):
    MEAN = "mean"
    MEDIAN = "median"
    TRIMMED_MEAN = "trimmed_mean"


@dataclass(frozen=True)
class Aggregation:
    """How a rubric criterion's levels are combined. `trim` is the share of levels
    dropped at each end by the trimmed mean (0.2 of 9 assessors drops 1 each end)."""

    method: Method = Method.MEAN
    trim: Decimal = Decimal("0.2")
    normalise_assessors: bool = False


@dataclass(frozen=True)
class RubricResult:
    """One candidate's aggregated levels on one criterion: raw and normalised."""

    raw: Decimal
    adjusted: Decimal | None
    assessors: int

    def counted(self, aggregation: Aggregation) -> Decimal:
        """The value the ranking uses."""
        if aggregation.normalise_assessors and self.adjusted is not None:
            return self.adjusted
        return self.raw


def mean(values: Sequence[Decimal]) -> Decimal:
    return sum(values, Decimal(0)) / len(values)


def median(values: Sequence[Decimal]) -> Decimal:
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2


def trimmed_mean(values: Sequence[Decimal], trim: Decimal) -> Decimal:
    """The mean without the ⌊n × trim⌋ lowest and highest levels."""
    cut = int(len(values) * trim)
    ordered = sorted(values)
    return mean(ordered[cut : len(ordered) - cut] or ordered)


def aggregate(values: Sequence[Decimal], aggregation: Aggregation) -> Decimal:
    """The levels combined by the aggregation's method, rounded."""
    if aggregation.method is Method.MEDIAN:
        return rounded(median(values))
    if aggregation.method is Method.TRIMMED_MEAN:
        return rounded(trimmed_mean(values, aggregation.trim))
    return rounded(mean(values))


def spread(values: Sequence[Decimal]) -> tuple[Decimal, Decimal]:
    """Mean and population standard deviation."""
    centre = mean(values)
    # Few distinct levels: square each once, then add them up in the same order.
    squares = {value: (value - centre) ** 2 for value in set(values)}
    variance = mean([squares[value] for value in values])
    return centre, variance.sqrt()


def adjusted_levels(
    sheets: Sheets, low: Decimal, high: Decimal
) -> dict[str, dict[str, Decimal]]:
    """Each level as a z-score within its assessor's levels, rescaled to the mean of
    all levels and the assessors' typical (mean) spread, kept within low..high. This
    removes an assessor's severity or leniency and keeps the rubric's scale; an
    assessor who gave one level to everyone gets the overall mean."""
    scale = _scale(sheets, low, high)
    return {
        candidate: {assessor: scale[assessor, level] for assessor, level in row.items()}
        for candidate, row in sheets.items()
    }


def _scale(
    sheets: Sheets, low: Decimal, high: Decimal
) -> dict[tuple[str, Decimal], Decimal]:
    """The adjusted value of every (assessor, level) given: see `adjusted_levels`."""
    by_assessor: dict[str, list[Decimal]] = {}
    for levels in sheets.values():
        for assessor, level in levels.items():
            by_assessor.setdefault(assessor, []).append(level)
    own = {assessor: spread(levels) for assessor, levels in by_assessor.items()}
    overall_mean = mean([level for levels in by_assessor.values() for level in levels])
    typical_spread = mean([deviation for _, deviation in own.values()])
    # level ↦ overall mean + (level − assessor's mean) ÷ assessor's spread × typical
    # spread: one value per assessor and level, computed once.
    scale: dict[tuple[str, Decimal], Decimal] = {}
    for assessor, (centre, deviation) in own.items():
        factor = typical_spread / deviation if deviation else ZERO
        for level in set(by_assessor[assessor]):
            value = overall_mean + (level - centre) * factor
            scale[assessor, level] = min(max(value, low), high)
    return scale


def _rounded_mean(values: Sequence[Decimal]) -> Decimal:
    """`aggregate` for the mean, inlined: it runs for every candidate twice."""
    return (sum(values, ZERO) / len(values)).quantize(SCORE_PLACES, ROUND_HALF_UP)


def _combiner(aggregation: Aggregation) -> Callable[[Sequence[Decimal]], Decimal]:
    if aggregation.method is Method.MEAN:
        return _rounded_mean
    return partial(aggregate, aggregation=aggregation)


def aggregate_criterion(
    sheets: Sheets, aggregation: Aggregation, *, low: Decimal, high: Decimal
) -> dict[str, RubricResult]:
    """Every scored candidate's raw and (when asked) normalised aggregate."""
    scored = {key: levels for key, levels in sheets.items() if levels}
    combine = _combiner(aggregation)
    if not (aggregation.normalise_assessors and scored):
        return {
            key: RubricResult(combine(list(levels.values())), None, len(levels))
            for key, levels in scored.items()
        }
    # The adjusted levels straight from the scale, in each sheet's order: the
    # same sums as `adjusted_levels` without a dict per candidate.
    scale = _scale(scored, low, high)
    return {
        key: RubricResult(
            raw=combine(list(levels.values())),
            adjusted=combine([scale[pair] for pair in levels.items()]),
            assessors=len(levels),
        )
        for key, levels in scored.items()
    }
