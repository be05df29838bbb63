"""factory_boy factories for editions, employers, candidates and their files."""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from nominations.models import (
    Aspect,
    Candidate,
    Category,
    Edition,
    Employer,
    EmployerCompliance,
    Innovation,
    InterviewSlot,
    ProvincialRound,
    Regulation,
    Scale,
    Sector,
    SubjectType,
)
from participants.models import FundingSource
from tests.factories.regions import BranchFactory, ProvinceFactory, RegencyFactory


class EditionFactory(DjangoModelFactory):
    """A new edition on every call (award years are unique). Records that must share
    one are given it: `CategoryFactory(edition=e)`,
    `CandidateFactory(category__edition=e)`."""

    class Meta:
        model = Edition

    name = factory.LazyAttribute(lambda o: f"Paritrana Award {o.award_year}")
    award_year = 2025
    assessment_year = factory.LazyAttribute(lambda o: o.award_year - 1)
    period_start = factory.LazyAttribute(lambda o: date(o.award_year, 3, 1))
    period_end = factory.LazyAttribute(lambda o: date(o.award_year, 11, 30))
    status = Edition.Status.RUNNING


class CategoryFactory(DjangoModelFactory):
    class Meta:
        model = Category

    edition = factory.SubFactory(EditionFactory)
    name = factory.Sequence(lambda n: f"Kategori {n}")
    subject_type = SubjectType.KAB_KOTA


class ProvincialRoundFactory(DjangoModelFactory):
    class Meta:
        model = ProvincialRound

    edition = factory.SubFactory(EditionFactory)
    province = factory.SubFactory(ProvinceFactory)


class EmployerFactory(DjangoModelFactory):
    class Meta:
        model = Employer

    npp = factory.Sequence(lambda n: f"{10000000 + n}")
    name = factory.Sequence(lambda n: f"PT Contoh {n}")
    regency = factory.SubFactory(RegencyFactory)
    branch = factory.SubFactory(BranchFactory)
    sector = Sector.MANUFAKTUR
    scale = Scale.BESAR


class EmployerComplianceFactory(DjangoModelFactory):
    class Meta:
        model = EmployerCompliance

    employer = factory.SubFactory(EmployerFactory)
    year = 2024
    employees = 500
    registered_participants = 480
    jkk = True
    jkm = True
    jht = True
    jp = True
    jkp = False
    months_paid_on_time = 12
    wage_report_accuracy = Decimal("95.00")
    digital_channel_use = Decimal("80.00")
    csr_vulnerable_protected = 120
    vendors_total = 40
    vendors_registered = 30


class CandidateFactory(DjangoModelFactory):
    """A kab/kota candidate by default; pass `province`, `village` or `employer`
    (with a matching category) for the others."""

    class Meta:
        model = Candidate

    category = factory.SubFactory(CategoryFactory)
    edition = factory.SelfAttribute("category.edition")
    regency = factory.SubFactory(RegencyFactory)
    province = factory.LazyAttribute(
        lambda o: o.regency.province if o.regency else o.employer.regency.province
    )


class RegulationFactory(DjangoModelFactory):
    class Meta:
        model = Regulation

    candidate = factory.SubFactory(CandidateFactory)
    aspect = Aspect.REGULASI
    kind = Regulation.Kind.PERDA
    number = factory.Sequence(lambda n: f"{n + 1}/2024")
    issued_on = date(2024, 2, 1)
    title = "Perlindungan Jaminan Sosial Ketenagakerjaan"
    file = factory.django.FileField(filename="perda.pdf", data=b"%PDF-1.4 perda")
    original_name = "perda.pdf"
    content_type = "application/pdf"


class InnovationFactory(DjangoModelFactory):
    class Meta:
        model = Innovation

    candidate = factory.SubFactory(CandidateFactory)
    aspect = Aspect.INOVASI
    name = "Sikamseang"
    description = "Satu ASN menjadi orang tua asuh satu pekerja informal."
    started_on = date(2023, 1, 1)
    beneficiaries = 4_839
    budget = 975_540_000
    funding_source = FundingSource.APBD


class InterviewSlotFactory(DjangoModelFactory):
    class Meta:
        model = InterviewSlot

    round = factory.SubFactory(ProvincialRoundFactory)
    category = factory.SubFactory(
        CategoryFactory, edition=factory.SelfAttribute("..round.edition")
    )
    starts_at = factory.LazyFunction(
        lambda: datetime(2025, 9, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
    )
    ends_at = factory.LazyAttribute(lambda o: o.starts_at + timedelta(hours=1))
    mode = InterviewSlot.Mode.LURING
    place = "Ruang Rapat Kantor Gubernur"
