"""Models of the scoring app: methodologies (aspects, criteria, rubric levels),
panels and their members, score sheets."""

from scoring.models.methodology import (
    Aspect,
    Criterion,
    Indicator,
    Methodology,
    RubricLevel,
)
from scoring.models.panels import Assignment, Declaration, Panel, PanelMember
from scoring.models.sheets import ScoreSheet, SheetScore

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
    "ScoreSheet",
    "SheetScore",
]
