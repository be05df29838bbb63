"""Builders for ranking tests: a kab/kota round whose candidates have complete
approved data, and the illustrative kab/kota methodology for it."""

from types import SimpleNamespace
from typing import Any, cast

from nominations.models import (
    Category,
    Regulation,
    Stage,
    Verification,
    VerificationStep,
)
from regions.models import Province
from review.models import ReviewStatus
from scoring.services.methodology import create_methodology
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    RegencyFactory,
    UserFactory,
)
from tests.factories.participants import (
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)
from tests.scoring.conftest import shipped

APPROVED = ReviewStatus.APPROVED


def complete_report(regency: Any, year: int, **figures: Any) -> Any:
    """An approved report of the year with every table the kab/kota criteria read."""
    report = CoverageReportFactory(
        regency=regency, year=year, status=APPROVED, **figures
    )
    NonAsnLineFactory(report=report)
    VulnerableWorkerLineFactory(report=report)
    VillageProtectionFactory(report=report)
    return report


def verify(item: Any, by: Any) -> VerificationStep:
    """Log a verification step for the item, as the dossier service does."""
    field = "regulation" if isinstance(item, Regulation) else "innovation"
    step = VerificationStep.objects.create(
        **{field: item},
        action="verify",
        from_status=Verification.UNVERIFIED,
        to_status=Verification.VERIFIED,
        by=by,
    )
    type(item).objects.filter(pk=item.pk).update(verification=Verification.VERIFIED)
    return step


def complete_candidate(category: Any, province: Province, peserta_pu: int) -> Any:
    """A kab/kota candidate with approved reports of this and last year."""
    regency = RegencyFactory(province=province)
    year = category.edition.assessment_year
    complete_report(regency, year - 1, peserta_pu=3_000)
    report = complete_report(regency, year, peserta_pu=peserta_pu)
    candidate = CandidateFactory(category=category, regency=regency)
    return SimpleNamespace(candidate=candidate, report=report, regency=regency)


def kab_round(
    province: Province, size: int = 2, award_year: int = 2025
) -> SimpleNamespace:
    """An edition's kab/kota category, its provincial methodology and `size`
    complete candidates in the province's round."""
    edition = EditionFactory(award_year=award_year)
    category = cast(Category, CategoryFactory(edition=edition))
    methodology = create_methodology(
        shipped("kab_kota"), category=category, tier=Stage.Tier.PROVINCIAL
    )
    entries = [
        complete_candidate(category, province, 3_000 + 100 * n) for n in range(size)
    ]
    return SimpleNamespace(
        edition=edition,
        category=category,
        methodology=methodology,
        province=province,
        entries=entries,
        verifier=UserFactory(),
    )
