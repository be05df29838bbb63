"""factory_boy factories, one module per app (`tests.factories.<app>`).

Every factory creates a new row: none reuses an existing one behind the test's back.
A test that needs two records to share a parent passes that parent explicitly.
Importing from `tests.factories` keeps working for every factory.
"""

from tests.factories.accounts import PASSWORD, UserFactory
from tests.factories.nominations import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    InnovationFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
    RegulationFactory,
)
from tests.factories.participants import (
    ClaimLineFactory,
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)
from tests.factories.regions import (
    BranchFactory,
    DistrictFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
    VillageFactory,
    ZoneFactory,
)

__all__ = [
    "PASSWORD",
    "BranchFactory",
    "CandidateFactory",
    "CategoryFactory",
    "ClaimLineFactory",
    "CoverageReportFactory",
    "DistrictFactory",
    "EditionFactory",
    "EmployerComplianceFactory",
    "EmployerFactory",
    "InnovationFactory",
    "InterviewSlotFactory",
    "KanwilFactory",
    "NonAsnLineFactory",
    "ProvinceFactory",
    "ProvincialRoundFactory",
    "RegencyFactory",
    "RegulationFactory",
    "UserFactory",
    "VillageFactory",
    "VillageProtectionFactory",
    "VulnerableWorkerLineFactory",
    "ZoneFactory",
]
