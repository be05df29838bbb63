"""Scoring: methodologies (aspects, criteria, rubric levels)."""

from scoring.models.methodology import (
    Aspect,
    Criterion,
    Indicator,
    Methodology,
    RubricLevel,
)

__all__ = ["Aspect", "Criterion", "Indicator", "Methodology", "RubricLevel"]
