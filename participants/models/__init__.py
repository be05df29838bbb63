"""Coverage data per region and year, and the review machinery it shares with other
reported data (employer compliance reuses `ReviewedRecord`, `StatusChange` and
`AuditEntry`)."""

from participants.models.coverage import (
    FIRST_YEAR,
    LAST_YEAR,
    ClaimLine,
    CoverageReport,
    CoverageReportQuerySet,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
    figure,
)
from participants.models.imports import ImportBatch
from participants.models.review import (
    AuditEntry,
    RecordLog,
    RecordLogQuerySet,
    ReviewedRecord,
    ReviewStatus,
    StatusChange,
)

__all__ = [
    "FIRST_YEAR",
    "LAST_YEAR",
    "AuditEntry",
    "ClaimLine",
    "CoverageReport",
    "CoverageReportQuerySet",
    "FundingSource",
    "ImportBatch",
    "NonAsnLine",
    "RecordLog",
    "RecordLogQuerySet",
    "ReviewStatus",
    "ReviewedRecord",
    "StatusChange",
    "VillageProtection",
    "VulnerableWorkerLine",
    "figure",
]
