"""Coverage reports per region and year, and their four tables."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.scoping import ScopedQuerySet
from review.models import ReviewedRecord, ReviewStatus, figure
from review.years import FIRST_YEAR, LAST_YEAR


def written_by_batch() -> models.ForeignKey:
    """The upload that last wrote this row, if any."""
    return models.ForeignKey(
        "participants.ImportBatch",
        verbose_name=_("last upload"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )


def _branch_scope(branch_id: Any) -> Q:
    """A branch reports for the kab/kota it serves and a province it reports for."""
    return Q(regency__branches=branch_id) | Q(
        regency__isnull=True, province__reporting_branch=branch_id
    )


class CoverageReportQuerySet(ScopedQuerySet):
    def approved(self) -> "CoverageReportQuerySet":
        return self.filter(status=ReviewStatus.APPROVED)

    def visible_to(self, user: Any) -> "CoverageReportQuerySet":
        """Everything in the user's area, and approved reports everywhere."""
        return self.filter(
            Q(pk__in=self.for_user(user).values("pk")) | Q(status=ReviewStatus.APPROVED)
        )

    def for_region_code(self, code: str) -> "CoverageReportQuerySet":
        if "." in code:
            return self.filter(regency_id=code)
        return self.filter(province_id=code, regency__isnull=True)


class CoverageReport(ReviewedRecord):
    """Coverage of one province or kab/kota in one year, as the branch reports it."""

    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="coverage_reports",
    )
    regency = models.ForeignKey(
        "regions.Regency",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="coverage_reports",
        help_text=_("Empty for the province's own report."),
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    angkatan_kerja = figure(_("labour force (angkatan kerja)"))
    pekerja_formal = figure(_("formal workers"))
    pekerja_informal = figure(_("informal workers"))
    peserta_pu = figure(_("PU participants (wage earners)"))
    peserta_bpu = figure(_("BPU participants (non-wage earners)"))
    peserta_jakon = figure(_("Jakon participants (construction)"))
    peserta_pmi = figure(_("PMI participants (migrant workers)"))
    pemberi_kerja = figure(_("registered employers"))
    import_batch = written_by_batch()

    objects = CoverageReportQuerySet.as_manager()

    scope_lookups = {
        "province": "province",
        "branch": _branch_scope,
        "kanwil": "province__kanwil",
    }
    FIGURES = (
        "angkatan_kerja",
        "pekerja_formal",
        "pekerja_informal",
        "peserta_pu",
        "peserta_bpu",
        "peserta_jakon",
        "peserta_pmi",
        "pemberi_kerja",
    )

    class Meta:
        ordering = ["-year", "province_id", "regency_id"]
        verbose_name = _("coverage report")
        verbose_name_plural = _("coverage reports")
        constraints = [
            models.UniqueConstraint(
                fields=["regency", "year"],
                condition=Q(regency__isnull=False),
                name="coverage_one_per_regency_year",
            ),
            models.UniqueConstraint(
                fields=["province", "year"],
                condition=Q(regency__isnull=True),
                name="coverage_one_per_province_year",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.region} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("participants:report", args=[self.year, self.region_code])

    @property
    def region(self) -> Any:
        """The kab/kota, or the province for a province's own report."""
        return self.regency if self.regency_id else self.province

    @property
    def region_code(self) -> str:
        return str(self.regency_id or self.province_id)

    @property
    def is_province_report(self) -> bool:
        return self.regency_id is None


class NonAsnLine(models.Model):
    """Non-ASN staff of one category: how many are eligible and how many protected."""

    class Category(models.TextChoices):
        HONORER_PEMDA = "honorer_pemda", _("Honorer Pemda")
        GURU_HONORER = "guru_honorer", _("Guru honorer")
        PENYELENGGARA_PEMILU = "penyelenggara_pemilu", _("Penyelenggara Pemilu")
        PERANGKAT_DESA = "perangkat_desa", _("Perangkat desa")
        BPD = "bpd", _("BPD")
        LKD = "lkd", _("LKD")
        BUMDES = "bumdes", _("BUMDes")
        RT_RW = "rt_rw", _("RT/RW")
        PERANGKAT_KECAMATAN = "perangkat_kecamatan", _("Perangkat kecamatan/kelurahan")

    report = models.ForeignKey(
        CoverageReport, on_delete=models.CASCADE, related_name="non_asn_lines"
    )
    category = models.CharField(_("category"), max_length=30, choices=Category.choices)
    eligible = figure(_("eligible"))
    protected = figure(_("protected"))

    import_batch = written_by_batch()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("non-ASN line")
        verbose_name_plural = _("non-ASN lines")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "category"], name="non_asn_one_per_category"
            )
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return self.category


class FundingSource(models.TextChoices):
    APBD = "apbd", _("APBD")
    APBDES = "apbdes", _("APBDes")
    CSR = "csr", _("CSR")
    ASN = "asn", _("ASN sponsorship")


class VulnerableWorkerLine(models.Model):
    """Vulnerable workers (pekerja rentan) of one sector protected from one funding
    source: how many, for how many months, for how many rupiah."""

    class Sector(models.TextChoices):
        KEAGAMAAN = "keagamaan", _("Religious workers")
        PEKERJA_SOSIAL = "pekerja_sosial", _("Social workers")
        PEDAGANG_UMKM = "pedagang_umkm", _("Traders and MSMEs")
        NELAYAN = "nelayan", _("Fishers")
        PETANI = "petani", _("Farmers")
        OJEK = "ojek", _("Ojek drivers")
        GURU_HONORER = "guru_honorer", _("Honorary teachers")
        RT_RW = "rt_rw", _("RT/RW")
        LAINNYA = "lainnya", _("Other")

    report = models.ForeignKey(
        CoverageReport, on_delete=models.CASCADE, related_name="vulnerable_lines"
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )
    workers = figure(_("workers protected"))
    months = models.PositiveSmallIntegerField(
        _("months covered"), null=True, blank=True, validators=[MaxValueValidator(12)]
    )
    rupiah = figure(_("rupiah paid"))

    import_batch = written_by_batch()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("vulnerable-worker line")
        verbose_name_plural = _("vulnerable-worker lines")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "sector", "funding_source"],
                name="vulnerable_one_per_sector_source",
            )
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return f"{self.sector}/{self.funding_source}"


class VillageProtection(models.Model):
    """Vulnerable workers protected in one desa/kelurahan in the report's year."""

    report = models.ForeignKey(
        CoverageReport, on_delete=models.CASCADE, related_name="village_lines"
    )
    village = models.ForeignKey(
        "regions.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    workers = figure(_("workers protected"))
    funding_source = models.CharField(
        _("funding source"), max_length=10, choices=FundingSource.choices
    )

    import_batch = written_by_batch()

    class Meta:
        ordering = ["village_id"]
        verbose_name = _("village protection")
        verbose_name_plural = _("village protection")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "village"], name="village_one_per_report"
            )
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return str(self.village_id)


class ClaimLine(models.Model):
    """Claims paid in the region under one programme."""

    class Programme(models.TextChoices):
        JKK = "jkk", _("JKK (work accident)")
        JKM = "jkm", _("JKM (death)")
        BEASISWA = "beasiswa", _("Scholarship")

    report = models.ForeignKey(
        CoverageReport, on_delete=models.CASCADE, related_name="claim_lines"
    )
    programme = models.CharField(
        _("programme"), max_length=10, choices=Programme.choices
    )
    cases = figure(_("cases"))
    rupiah = figure(_("rupiah paid"))

    import_batch = written_by_batch()

    class Meta:
        ordering = ["pk"]
        verbose_name = _("claims line")
        verbose_name_plural = _("claims lines")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "programme"], name="claims_one_per_programme"
            )
        ]

    def __str__(self) -> str:
        return self.key

    @property
    def key(self) -> str:
        return self.programme
