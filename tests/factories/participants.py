"""factory_boy factories for coverage reports and their lines."""

import factory
from factory.django import DjangoModelFactory

from participants.models import (
    ClaimLine,
    CoverageReport,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from tests.factories.regions import DistrictFactory, RegencyFactory, VillageFactory


class CoverageReportFactory(DjangoModelFactory):
    """A kab/kota report with consistent figures (coverage 60 %); pass
    `regency=None, province=…` for a province's own report."""

    class Meta:
        model = CoverageReport

    regency = factory.SubFactory(RegencyFactory)
    province = factory.LazyAttribute(lambda o: o.regency.province)
    year = 2023
    angkatan_kerja = 10_000
    pekerja_formal = 4_000
    pekerja_informal = 6_000
    peserta_pu = 3_500
    peserta_bpu = 2_500
    peserta_jakon = None
    peserta_pmi = None
    pemberi_kerja = 120


class NonAsnLineFactory(DjangoModelFactory):
    class Meta:
        model = NonAsnLine

    report = factory.SubFactory(CoverageReportFactory)
    category = NonAsnLine.Category.GURU_HONORER
    eligible = 100
    protected = 80


class VulnerableWorkerLineFactory(DjangoModelFactory):
    class Meta:
        model = VulnerableWorkerLine

    report = factory.SubFactory(CoverageReportFactory)
    sector = VulnerableWorkerLine.Sector.PETANI
    funding_source = FundingSource.APBD
    workers = 100
    months = 12
    rupiah = 100 * 12 * 16_800


class VillageProtectionFactory(DjangoModelFactory):
    class Meta:
        model = VillageProtection

    report = factory.SubFactory(CoverageReportFactory)
    village = factory.SubFactory(
        VillageFactory,
        district=factory.SubFactory(
            DistrictFactory, regency=factory.SelfAttribute("...report.regency")
        ),
    )
    workers = 120
    funding_source = FundingSource.APBDES


class ClaimLineFactory(DjangoModelFactory):
    class Meta:
        model = ClaimLine

    report = factory.SubFactory(CoverageReportFactory)
    programme = ClaimLine.Programme.JKK
    cases = 3
    rupiah = 45_000_000
