"""Ranking of one cohort of candidates by a methodology: totals, tie-breaks, shared
ranks, the candidates left out with their reasons, and an explanation per candidate.

Formula: total = Σ over the counted criteria of weight ÷ Σ counted weights × score,
where score is the criterion's normalised value (0–100). With ranked weights summing to
100 that is Σ weight × score ÷ 100, a total from 0 to 100.

Rounding rule: scores and contributions are rounded half-up to four decimal places;
the total is the exact sum of the rounded contributions, so every explanation adds up
to its total to the last digit. Independent criteria are shown but not counted; at
the desk stage rubric criteria are pending, not counted and not required.

The cohort of a min–max or percentile criterion is the ranked candidates: those
complete on every counted criterion.
"""

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property
from typing import Any, NamedTuple

from scoring.engine.aggregation import Aggregation, RubricResult, aggregate_criterion
from scoring.engine.hashing import canonical_json, input_hash, plain_candidate
from scoring.engine.indicators import IndicatorValue
from scoring.engine.methodology import Criterion, Methodology, Source, Stage, TieBreak
from scoring.engine.normalisation import Cohort, Direction, normalise, rounded

ZERO = Decimal(0)


@dataclass(frozen=True)
class CandidateInput:
    """A candidate as the engine sees it: its indicator and rule values by key, and
    its rubric levels by criterion key, then assessor key."""

    key: str
    values: Mapping[str, IndicatorValue] = field(default_factory=dict)
    sheets: Mapping[str, Mapping[str, Decimal]] = field(default_factory=dict)

    # Computed once per candidate: inputs are not changed once built, and a
    # candidate is hashed for its provincial and its national ranking, and again
    # for the bundle.
    @cached_property
    def canonical(self) -> dict[str, Any]:
        """The candidate's canonical form (`hashing.plain_candidate`)."""
        return plain_candidate(self)

    @cached_property
    def canonical_json(self) -> str:
        return canonical_json(self.canonical)


class LineStatus(StrEnum):
    COUNTED = "counted"
    INDEPENDENT = "independent"  # shown, not counted
    PENDING = "pending"  # a rubric criterion before the interviews


@dataclass(frozen=True)
class Line:
    """One criterion in a candidate's explanation."""

    criterion: str
    status: LineStatus
    raw: Decimal | None
    score: Decimal | None
    weight: Decimal
    weight_sum: Decimal
    contribution: Decimal
    rubric: RubricResult | None = None
    reasons: tuple[str, ...] = ()

    @property
    def is_counted(self) -> bool:
        return self.status is LineStatus.COUNTED

    @property
    def formula(self) -> str:
        """How the contribution came about, e.g. `60 ÷ 100 × 50.0000 = 30.0000`."""
        if not self.is_counted:
            return f"not counted ({self.status})"
        return f"{self.weight} ÷ {self.weight_sum} × {self.score} = {self.contribution}"


@dataclass(frozen=True)
class Placed:
    """A ranked candidate with its explanation."""

    key: str
    rank: int
    total: Decimal
    lines: tuple[Line, ...]

    @property
    def formula(self) -> str:
        counted = [str(line.contribution) for line in self.lines if line.is_counted]
        return f"{' + '.join(counted) or '0'} = {self.total}"


@dataclass(frozen=True)
class Unranked:
    """A candidate left out of the ranking, with why."""

    key: str
    reasons: tuple[str, ...]


@dataclass(frozen=True)
class Ranking:
    stage: Stage
    weight_sum: Decimal
    ranked: tuple[Placed, ...]
    incomplete: tuple[Unranked, ...]
    input_hash: str


class Raw(NamedTuple):
    """A criterion's raw value for one candidate, or why it has none. A named
    tuple: one is built per candidate and criterion, ten times faster than a
    frozen dataclass."""

    value: Decimal | None
    reasons: tuple[str, ...] = ()
    rubric: RubricResult | None = None


def _status(criterion: Criterion, stage: Stage) -> LineStatus:
    if criterion.independent:
        return LineStatus.INDEPENDENT
    if not criterion.is_counted(stage):
        return LineStatus.PENDING
    return LineStatus.COUNTED


def raw_values(
    methodology: Methodology, candidates: Sequence[CandidateInput]
) -> dict[str, dict[str, Raw]]:
    """Every candidate's raw value of every criterion, by candidate and criterion
    (criteria in the methodology's order)."""
    raws: dict[str, dict[str, Raw]] = {c.key: {} for c in candidates}
    for criterion in methodology.criteria:
        if criterion.source is Source.RUBRIC:
            found = _rubric_raws(criterion, candidates, methodology.aggregation)
        else:
            found = _indicator_raws(criterion, candidates)
        for candidate, raw in zip(candidates, found, strict=True):
            raws[candidate.key][criterion.key] = raw
    return raws


def _rubric_raws(
    criterion: Criterion,
    candidates: Sequence[CandidateInput],
    aggregation: Aggregation,
) -> list[Raw]:
    results = aggregate_criterion(
        {c.key: c.sheets.get(criterion.key, {}) for c in candidates},
        aggregation,
        low=criterion.low,
        high=criterion.high,
    )
    missing = Raw(None, (f"missing:rubric:{criterion.key}",))
    raws = []
    for candidate in candidates:
        result = results.get(candidate.key)
        if result is None:
            raws.append(missing)
        else:
            raws.append(Raw(result.counted(aggregation), (), result))
    return raws


def _indicator_raws(
    criterion: Criterion, candidates: Sequence[CandidateInput]
) -> list[Raw]:
    missing = Raw(None, (f"missing:{criterion.indicator}",))
    raws = []
    for candidate in candidates:
        value = candidate.values.get(criterion.indicator)
        raws.append(missing if value is None else Raw(value.value, value.reasons))
    return raws


def _column(
    criterion: Criterion,
    raws: Sequence[Raw],
    cohort: Cohort,
    weight_sum: Decimal,
    stage: Stage,
) -> list[Line]:
    """The lines of one criterion for a cohort, in the order of `raws`. A score and
    a contribution depend only on the raw value, so each distinct value is scored
    once (rubric means repeat a lot): the same figures, far fewer Decimal steps."""
    status = _status(criterion, stage)
    counted = status is LineStatus.COUNTED and bool(weight_sum)
    share = criterion.weight / weight_sum if counted else ZERO
    params = criterion.resolved_params
    scored: dict[object, tuple[Decimal | None, Decimal]] = {}
    lines = []
    for raw in raws:
        value = raw.value
        # A zero keeps its sign in the key: -0 and 0 are equal but written apart.
        key = value if value else (value, str(value))
        found = scored.get(key)
        if found is None:
            score = None
            if value is not None:
                score = normalise(
                    value,
                    criterion.normalisation,
                    cohort=cohort,
                    params=params,
                    direction=criterion.direction,
                )
            contribution = ZERO
            if counted and score is not None:
                contribution = rounded(share * score)
            found = scored[key] = (score, contribution)
        lines.append(
            Line(
                criterion.key,
                status,
                value,
                found[0],
                criterion.weight,
                weight_sum,
                found[1],
                raw.rubric,
                raw.reasons,
            )
        )
    return lines


def _cohort(raws: Sequence[Raw]) -> Cohort:
    return Cohort.of(raw.value for raw in raws if raw.value is not None)


def _missing_reasons(
    methodology: Methodology, raws: Mapping[str, Raw], stage: Stage
) -> tuple[str, ...]:
    reasons: list[str] = []
    for criterion in methodology.criteria:
        raw = raws[criterion.key]
        if criterion.is_counted(stage) and raw.value is None:
            reasons.extend(r for r in raw.reasons if r not in reasons)
    return tuple(reasons)


def _chain(methodology: Methodology, stage: Stage) -> tuple[TieBreak, ...]:
    """The tie-breaks that apply at the stage: a rubric criterion is pending in a
    desk ranking, so early score sheets do not order candidates before the pleno."""
    pending = {
        c.key
        for c in methodology.criteria
        if stage is Stage.DESK and c.source is Source.RUBRIC
    }
    return tuple(
        t
        for t in methodology.tie_breaks
        if not (t.by == "criterion" and t.key in pending)
    )


def _tie_value(
    tie_break: TieBreak, lines: Mapping[str, Line], candidate: CandidateInput
) -> tuple[int, Decimal]:
    """A sort key part: present values first, the better one first."""
    if tie_break.by == "criterion":
        value = lines[tie_break.key].score
    else:
        indicator = candidate.values.get(tie_break.key)
        value = indicator.value if indicator else None
    if value is None:
        return (1, ZERO)
    return (0, -value if tie_break.direction is Direction.HIGHER else value)


def rank(
    methodology: Methodology,
    candidates: Sequence[CandidateInput],
    *,
    stage: Stage = Stage.FINAL,
) -> Ranking:
    """Rank the candidates: complete ones by total and tie-breaks with shared ranks
    (1, 2, 2, 4), incomplete ones apart with their reasons."""
    keys = [candidate.key for candidate in candidates]
    if len(set(keys)) != len(keys):
        raise ValueError("candidate keys repeat")
    raws = raw_values(methodology, candidates)
    reasons = {key: _missing_reasons(methodology, raws[key], stage) for key in keys}
    complete = [c for c in candidates if not reasons[c.key]]
    weight_sum = methodology.weight_sum(stage)
    explained = _explain(methodology, complete, raws, stage)
    return Ranking(
        stage=stage,
        weight_sum=weight_sum,
        ranked=_placed(methodology, complete, explained, stage),
        incomplete=tuple(
            Unranked(key, reasons[key]) for key in sorted(keys) if reasons[key]
        ),
        input_hash=input_hash(methodology, candidates, stage),
    )


def _explain(
    methodology: Methodology,
    complete: Sequence[CandidateInput],
    raws: Mapping[str, Mapping[str, Raw]],
    stage: Stage,
) -> dict[str, dict[str, Line]]:
    """Every ranked candidate's explanation lines, by candidate and criterion."""
    weight_sum = methodology.weight_sum(stage)
    explained: dict[str, dict[str, Line]] = {c.key: {} for c in complete}
    for criterion in methodology.criteria:
        column = [raws[c.key][criterion.key] for c in complete]
        lines = _column(criterion, column, _cohort(column), weight_sum, stage)
        for c, line in zip(complete, lines, strict=True):
            explained[c.key][criterion.key] = line
    return explained


def _placed(
    methodology: Methodology,
    complete: Sequence[CandidateInput],
    explained: Mapping[str, Mapping[str, Line]],
    stage: Stage,
) -> tuple[Placed, ...]:
    """Ordered by total, then the tie-break chain; equal keys share a rank."""
    chain = _chain(methodology, stage)
    totals = {
        key: sum((line.contribution for line in lines.values()), ZERO)
        for key, lines in explained.items()
    }
    order = {
        c.key: (
            -totals[c.key],
            *(_tie_value(t, explained[c.key], c) for t in chain),
        )
        for c in complete
    }
    placed: list[Placed] = []
    for position, key in enumerate(sorted(order, key=lambda k: (order[k], k))):
        shares = placed and order[placed[-1].key] == order[key]
        place = placed[-1].rank if shares else position + 1
        lines = tuple(explained[key].values())
        placed.append(Placed(key, place, totals[key], lines))
    return tuple(placed)
