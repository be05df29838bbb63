"""Employers (badan usaha) and their yearly compliance figures, entered by branch staff
and reviewed with the same machinery as coverage reports."""

from decimal import Decimal

from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from nominations.models.editions import Scale, Sector
from regions.scoping import ScopedQuerySet
from review.models import ReviewedRecord, figure
from review.years import FIRST_YEAR, LAST_YEAR

PROGRAMMES = ("jkk", "jkm", "jht", "jp", "jkp")


class Employer(models.Model):
    """A business registered with BPJS Ketenagakerjaan, by its NPP."""

    npp = models.CharField(
        _("NPP"),
        max_length=20,
        unique=True,
        validators=[
            RegexValidator(r"^[0-9A-Z]{6,20}$", _("6 to 20 digits or capitals."))
        ],
        help_text=_("Nomor Pendaftaran Perusahaan, kept as text."),
    )
    name = models.CharField(_("name"), max_length=200)
    regency = models.ForeignKey(
        "regions.Regency",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        related_name="employers",
    )
    branch = models.ForeignKey(
        "regions.Branch",
        verbose_name=_("branch office"),
        on_delete=models.PROTECT,
        related_name="employers",
    )
    sector = models.CharField(_("sector"), max_length=20, choices=Sector.choices)
    scale = models.CharField(_("scale"), max_length=10, choices=Scale.choices)

    objects = ScopedQuerySet.as_manager()
    scope_lookups = {
        "province": "regency__province",
        "branch": "branch",
        "kanwil": "branch__kanwil",
    }

    class Meta:
        ordering = ["name", "npp"]
        verbose_name = _("employer")
        verbose_name_plural = _("employers")

    def __str__(self) -> str:
        return f"{self.name} ({self.npp})"


class EmployerComplianceQuerySet(ScopedQuerySet):
    def approved(self) -> "EmployerComplianceQuerySet":
        return self.filter(status="approved")


def percent(label: StrOrPromise) -> models.DecimalField:
    return models.DecimalField(
        label,
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(Decimal(100))],
    )


class EmployerCompliance(ReviewedRecord):
    """How well an employer protected its workers in one year."""

    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        related_name="compliance",
    )
    year = models.PositiveSmallIntegerField(
        _("year"),
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    employees = figure(_("employees"))
    registered_participants = figure(_("employees registered as participants"))
    jkk = models.BooleanField(_("JKK (work accident)"), default=False)
    jkm = models.BooleanField(_("JKM (death)"), default=False)
    jht = models.BooleanField(_("JHT (old-age savings)"), default=False)
    jp = models.BooleanField(_("JP (pension)"), default=False)
    jkp = models.BooleanField(_("JKP (job loss)"), default=False)
    months_paid_on_time = models.PositiveSmallIntegerField(
        _("months paid on time (of 12)"),
        null=True,
        blank=True,
        validators=[MaxValueValidator(12)],
    )
    wage_report_accuracy = percent(_("wages reported truthfully (%)"))
    digital_channel_use = percent(_("payments through digital channels (%)"))
    csr_vulnerable_protected = figure(_("vulnerable workers protected through CSR"))
    vendors_total = figure(_("vendors in the supply chain"))
    vendors_registered = figure(_("vendors registered with BPJS Ketenagakerjaan"))

    objects = EmployerComplianceQuerySet.as_manager()
    scope_lookups = {
        "province": "employer__regency__province",
        "branch": "employer__branch",
        "kanwil": "employer__branch__kanwil",
    }
    FIGURES = (
        "employees",
        "registered_participants",
        *PROGRAMMES,
        "months_paid_on_time",
        "wage_report_accuracy",
        "digital_channel_use",
        "csr_vulnerable_protected",
        "vendors_total",
        "vendors_registered",
    )

    class Meta:
        ordering = ["-year", "employer__name"]
        verbose_name = _("compliance record")
        verbose_name_plural = _("compliance records")
        constraints = [
            models.UniqueConstraint(
                fields=["employer", "year"], name="compliance_one_per_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.employer} {self.year}"

    def get_absolute_url(self) -> str:
        return reverse("nominations:compliance", args=[self.employer.npp, self.year])

    @property
    def programmes(self) -> list[str]:
        return [name for name in PROGRAMMES if getattr(self, name)]
