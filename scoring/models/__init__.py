"""Models of the scoring app: methodologies (aspects, criteria, rubric levels),
panels and their members, score sheets, ranking runs and the decisions taken
from them."""

from scoring.models.decisions import Decision
from scoring.models.methodology import (
    Aspect,
    Criterion,
    Indicator,
    Methodology,
    RubricLevel,
)
from scoring.models.panels import Assignment, Declaration, Panel, PanelMember
from scoring.models.runs import RankingRun, RankingRunError
from scoring.models.sheets import ScoreSheet, SheetScore

__all__ = [
    "Aspect",
    "Assignment",
    "Criterion",
    "Decision",
    "Declaration",
    "Indicator",
    "Methodology",
    "Panel",
    "PanelMember",
    "RankingRun",
    "RankingRunError",
    "RubricLevel",
    "ScoreSheet",
    "SheetScore",
]
