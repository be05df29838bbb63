"""Models of the scoring app: methodologies (aspects, criteria, rubric levels),
panels and their members."""

from scoring.models.methodology import (
    Aspect,
    Criterion,
    Indicator,
    Methodology,
    RubricLevel,
)
from scoring.models.panels import Assignment, Declaration, Panel, PanelMember

__all__ = [
    "Aspect",
    "Assignment",
    "Criterion",
    "Declaration",
    "Indicator",
    "Methodology",
    "Panel",
    "PanelMember",
    "RubricLevel",
]
