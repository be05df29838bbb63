"""Models of the scoring app: methodologies (aspects, criteria, rubric levels),
panels and their members, score sheets, ranking runs, the jobs that recompute them
and the decisions taken from them."""

from scoring.models.decisions import Decision
from scoring.models.jobs import RecomputeJob
from scoring.models.methodology import (
    Aspect,
    Criterion,
    Indicator,
    Methodology,
    RubricLevel,
    TieBreak,
)
from scoring.models.panels import (
    Assignment,
    Declaration,
    Panel,
    PanelMember,
    PanelStep,
)
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
    "PanelStep",
    "RankingRun",
    "RankingRunError",
    "RecomputeJob",
    "RubricLevel",
    "ScoreSheet",
    "SheetScore",
    "TieBreak",
]
