"""Coverage data per region and year, and the review machinery it shares with other
reported data (employer compliance reuses `ReviewedRecord`, `StatusChange` and
`AuditEntry`)."""

from participants.models.coverage import (
    ClaimLine,
    CoverageReport,
    CoverageReportQuerySet,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from participants.models.imports import ImportBatch
from participants.models.templates import PrefilledTemplate
from review.models import (
    AuditEntry,
    RecordLog,
    RecordLogQuerySet,
    ReviewedRecord,
    ReviewStatus,
    StatusChange,
    figure,
)
from review.years import FIRST_YEAR, LAST_YEAR

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
    "PrefilledTemplate",
    "RecordLog",
    "RecordLogQuerySet",
    "ReviewStatus",
    "ReviewedRecord",
    "StatusChange",
    "VillageProtection",
    "VulnerableWorkerLine",
    "figure",
]
