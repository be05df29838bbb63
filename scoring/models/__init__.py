"""Models of the scoring app: methodologies (aspects, criteria, rubric levels),
panels and their members, score sheets, ranking runs and the jobs that recompute
them."""

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
