"""factory_boy factories for regions, offices, users, coverage data and nominations.

Region codes follow the Kemendagri patterns: a province `PP`, a kab/kota `PP.KK`
(kabupaten 01–69, kota 71–99), a kecamatan `PP.KK.CC`, a desa `PP.KK.CC.2DDD` and a
kelurahan `PP.KK.CC.1DDD`. Sequences wrap so codes stay valid however long the run,
and stay out of the low numbers the fixtures spell out (provinces 15, 21, 31, 99;
kab/kota 01–09 and 71–79; kecamatan 01–09; desa 1001–1099 and 2001–2099), so a
generated code never collides with a fixture's in the same test.
"""

from datetime import date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from factory.django import DjangoModelFactory

from accounts.models import User
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
from participants.models import (
    ClaimLine,
    CoverageReport,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from regions.models import Branch, District, Kanwil, Province, Regency, Village, Zone

PASSWORD = "rahasia-paritrana-9"


class KanwilFactory(DjangoModelFactory):
    class Meta:
        model = Kanwil

    code = factory.Sequence(lambda n: f"kanwil-{n}")
    name = factory.Sequence(lambda n: f"Kanwil {n}")


class ProvinceFactory(DjangoModelFactory):
    class Meta:
        model = Province

    code = factory.Sequence(lambda n: f"{40 + n % 59:02d}")
    name = factory.Sequence(lambda n: f"Provinsi {n}")
    kanwil = None


class RegencyFactory(DjangoModelFactory):
    class Meta:
        model = Regency

    class Params:
        kota = factory.Trait(
            code=factory.LazyAttributeSequence(
                lambda o, n: f"{o.province.code}.{80 + n % 20:02d}"
            ),
            name=factory.Sequence(lambda n: f"Kota {n}"),
        )

    province = factory.SubFactory(ProvinceFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.province.code}.{10 + n % 60:02d}"
    )
    name = factory.Sequence(lambda n: f"Kabupaten {n}")
    kind = factory.LazyAttribute(lambda o: Regency.kind_for_code(o.code))


class DistrictFactory(DjangoModelFactory):
    class Meta:
        model = District

    regency = factory.SubFactory(RegencyFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.regency.code}.{10 + n % 90:02d}"
    )
    name = factory.Sequence(lambda n: f"Kecamatan {n}")


class VillageFactory(DjangoModelFactory):
    class Meta:
        model = Village

    class Params:
        kelurahan = factory.Trait(
            code=factory.LazyAttributeSequence(
                lambda o, n: f"{o.district.code}.1{100 + n % 900:03d}"
            ),
            name=factory.Sequence(lambda n: f"Kelurahan {n}"),
        )

    district = factory.SubFactory(DistrictFactory)
    code = factory.LazyAttributeSequence(
        lambda o, n: f"{o.district.code}.2{100 + n % 900:03d}"
    )
    name = factory.Sequence(lambda n: f"Desa {n}")
    kind = factory.LazyAttribute(lambda o: Village.kind_for_code(o.code))


class BranchFactory(DjangoModelFactory):
    """A branch office; `BranchFactory(regencies=[...])` sets the kab/kota served."""

    class Meta:
        model = Branch
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"kc-{n}")
    name = factory.Sequence(lambda n: f"KC {n}")
    kanwil = factory.SubFactory(KanwilFactory)

    @factory.post_generation
    def regencies(self, create: bool, extracted: list[Regency] | None, **kwargs):
        if create and extracted:
            self.regencies.set(extracted)


class ZoneFactory(DjangoModelFactory):
    """A zone; `ZoneFactory(provinces=[...])` sets its provinces."""

    class Meta:
        model = Zone
        skip_postgeneration_save = True

    name = factory.Sequence(lambda n: f"Zona {n}")
    year = 2025

    @factory.post_generation
    def provinces(self, create: bool, extracted: list[Province] | None, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)


class UserFactory(DjangoModelFactory):
    """A user without a role; traits give each role with the scope it requires:
    `admin`, `panitia` (province), `penilai`, `petugas` (branch),
    `verifikator_cabang` (branch) and `verifikator_kanwil` (Kanwil)."""

    class Meta:
        model = User
        skip_postgeneration_save = True

    class Params:
        admin = factory.Trait(role=User.Role.ADMIN_NASIONAL)
        panitia = factory.Trait(
            role=User.Role.PANITIA_PROVINSI,
            province=factory.SubFactory(ProvinceFactory),
        )
        penilai = factory.Trait(role=User.Role.PENILAI)
        petugas = factory.Trait(
            role=User.Role.PETUGAS_CABANG, branch=factory.SubFactory(BranchFactory)
        )
        verifikator_cabang = factory.Trait(
            role=User.Role.VERIFIKATOR, branch=factory.SubFactory(BranchFactory)
        )
        verifikator_kanwil = factory.Trait(
            role=User.Role.VERIFIKATOR, kanwil=factory.SubFactory(KanwilFactory)
        )

    username = factory.Sequence(lambda n: f"pengguna{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.org")
    first_name = "Sri"
    role = ""
    province = None
    branch = None
    kanwil = None
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save(update_fields=["password"])


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


# nominations


class EditionFactory(DjangoModelFactory):
    class Meta:
        model = Edition
        django_get_or_create = ("award_year",)

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
        django_get_or_create = ("edition", "province")

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
