"""The pure ranking engine: indicators, normalisation, aggregation, ranking and the
input hash, on plain dataclasses and Decimals. No ORM, no database, no settings
(an import contract in pyproject.toml keeps Django out): the portal and
`verify_ranking` run the same code on the same inputs."""

from scoring.engine.aggregation import Aggregation, Method, RubricResult
from scoring.engine.bundle import export_bundle, load_inputs, verify_bundle
from scoring.engine.hashing import input_hash
from scoring.engine.indicators import (
    DEFINITIONS,
    DossierItem,
    EmployerYear,
    IndicatorValue,
    NonAsnLine,
    PreviousYear,
    RegionYear,
    VillageRow,
    VulnerableLine,
    employer_indicators,
    region_indicators,
)
from scoring.engine.methodology import (
    Criterion,
    Methodology,
    RubricLevel,
    Source,
    Stage,
    TieBreak,
)
from scoring.engine.normalisation import Direction, Normalisation
from scoring.engine.ranking import (
    CandidateInput,
    Line,
    LineStatus,
    Placed,
    Ranking,
    Unranked,
    rank,
)

__all__ = [
    "DEFINITIONS",
    "Aggregation",
    "CandidateInput",
    "Criterion",
    "Direction",
    "DossierItem",
    "EmployerYear",
    "IndicatorValue",
    "Line",
    "LineStatus",
    "Method",
    "Methodology",
    "NonAsnLine",
    "Normalisation",
    "Placed",
    "PreviousYear",
    "Ranking",
    "RegionYear",
    "RubricLevel",
    "RubricResult",
    "Source",
    "Stage",
    "TieBreak",
    "Unranked",
    "VillageRow",
    "VulnerableLine",
    "employer_indicators",
    "export_bundle",
    "input_hash",
    "load_inputs",
    "rank",
    "region_indicators",
    "verify_bundle",
]
