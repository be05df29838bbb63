"""The methodology as the engine sees it: plain criteria, tie-breaks and the rubric
aggregation. An adapter maps the stored methodology version onto these."""

from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import cached_property

from scoring.engine.aggregation import Aggregation
from scoring.engine.normalisation import Direction, Normalisation


class Source(StrEnum):
    INDICATOR = "indicator"  # computed from approved data
    RULE = "rule"  # a rule over verified dossier items (e.g. regulation level)
    RUBRIC = "rubric"  # the assessors' levels


class Stage(StrEnum):
    DESK = "desk"  # before the pleno: rubric criteria are pending, not counted
    FINAL = "final"  # after the interviews


@dataclass(frozen=True)
class RubricLevel:
    value: Decimal
    description: str = ""


@dataclass(frozen=True)
class Criterion:
    """One criterion. `indicator` names the candidate value an indicator or rule
    criterion reads; rubric criteria read the assessors' levels under `key`."""

    key: str
    weight: Decimal
    source: Source
    indicator: str = ""
    normalisation: Normalisation = Normalisation.MIN_MAX
    params: Mapping[str, Decimal] = field(default_factory=dict)
    direction: Direction = Direction.HIGHER
    independent: bool = False
    levels: tuple[RubricLevel, ...] = ()

    def __post_init__(self) -> None:
        if self.weight < 0:
            raise ValueError(f"{self.key}: negative weight")
        if self.source is Source.RUBRIC and not self.levels:
            raise ValueError(f"{self.key}: a rubric criterion needs levels")
        if self.source is not Source.RUBRIC and not self.indicator:
            raise ValueError(f"{self.key}: names no indicator")
        self._check_params()

    def _check_params(self) -> None:
        required: set[str] = set()
        if self.normalisation is Normalisation.TARGET:
            required = {"target"}
        elif self.normalisation is Normalisation.RANGE and self.source is not (
            Source.RUBRIC
        ):
            required = {"low", "high"}
        lacking = required - set(self.params)
        if lacking:
            raise ValueError(f"{self.key}: needs {', '.join(sorted(lacking))}")
        if self.params.get("target", 1) <= 0:
            raise ValueError(f"{self.key}: the target must be above 0")
        if self.normalisation is Normalisation.RANGE and self.high <= self.low:
            raise ValueError(f"{self.key}: the range is empty")

    @cached_property
    def low(self) -> Decimal:
        """The lower end of a range: the param, else the rubric's lowest level."""
        if "low" in self.params:
            return self.params["low"]
        return min(level.value for level in self.levels)

    @cached_property
    def high(self) -> Decimal:
        if "high" in self.params:
            return self.params["high"]
        return max(level.value for level in self.levels)

    @cached_property
    def resolved_params(self) -> Mapping[str, Decimal]:
        """The params, with a rubric's range taken from its levels."""
        if self.source is Source.RUBRIC:
            return {"low": self.low, "high": self.high, **self.params}
        return self.params

    def is_counted(self, stage: Stage) -> bool:
        """Whether the criterion adds to the total at this stage."""
        pending = stage is Stage.DESK and self.source is Source.RUBRIC
        return not (self.independent or pending)


@dataclass(frozen=True)
class TieBreak:
    """Breaks equal totals: `criterion` compares a criterion's normalised score,
    `indicator` a candidate value; the better one goes first."""

    by: str  # "criterion" or "indicator"
    key: str
    direction: Direction = Direction.HIGHER


@dataclass(frozen=True)
class Methodology:
    """Criteria in display order, the tie-break chain and the rubric aggregation."""

    criteria: tuple[Criterion, ...]
    tie_breaks: tuple[TieBreak, ...] = ()
    aggregation: Aggregation = field(default_factory=Aggregation)
    version: str = ""

    def __post_init__(self) -> None:
        keys = [criterion.key for criterion in self.criteria]
        if len(set(keys)) != len(keys):
            raise ValueError("criterion keys repeat")
        for tie_break in self.tie_breaks:
            if tie_break.by not in ("criterion", "indicator"):
                raise ValueError(f"unknown tie-break {tie_break.by}")
            if tie_break.by == "criterion" and tie_break.key not in keys:
                raise ValueError(f"tie-break on unknown criterion {tie_break.key}")

    def weight_sum(self, stage: Stage = Stage.FINAL) -> Decimal:
        """Sum of the weights that count at this stage (100 in a final ranking)."""
        counted = (c.weight for c in self.criteria if c.is_counted(stage))
        return sum(counted, Decimal(0))
