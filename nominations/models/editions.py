"""Award editions, their category trees, stages, and the provincial rounds."""

from typing import Any

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from regions.scoping import ScopedQuerySet
from review.filenames import in_language
from review.models import Step
from review.years import FIRST_YEAR, LAST_YEAR


class SubjectType(models.TextChoices):
    """What a category's candidates are: a region level or a kind of business."""

    PROVINSI = "provinsi", _("Province")
    KAB_KOTA = "kab_kota", _("Regency/city")
    DESA = "desa", _("Village")
    BADAN_USAHA = "badan_usaha", _("Business")
    USAHA_KECIL_MIKRO = "ukm", _("Small and micro business")
    LAYANAN_PUBLIK = "layanan_publik", _("Public service")
    PERGURUAN_TINGGI = "perguruan_tinggi", _("University")


REGION_SUBJECTS = frozenset(
    {SubjectType.PROVINSI, SubjectType.KAB_KOTA, SubjectType.DESA}
)


class Scale(models.TextChoices):
    BESAR = "besar", _("Large")
    MENENGAH = "menengah", _("Medium")
    KECIL = "kecil", _("Small")
    MIKRO = "mikro", _("Micro")


class Sector(models.TextChoices):
    KEUANGAN = "keuangan", _("Finance")
    MANUFAKTUR = "manufaktur", _("Manufacturing")
    PERDAGANGAN_JASA = "perdagangan_jasa", _("Trade and services")
    PERTANIAN = "pertanian", _("Agriculture")
    PERTAMBANGAN = "pertambangan", _("Mining")
    KONSTRUKSI = "konstruksi", _("Construction")
    TRANSPORTASI = "transportasi", _("Transport")
    PENDIDIKAN = "pendidikan", _("Education")
    KESEHATAN = "kesehatan", _("Health")
    LAINNYA = "lainnya", _("Other")


class Edition(models.Model):
    """One year's award: "Paritrana Award 2024", assessing the data of a year."""

    class Status(models.TextChoices):
        PREPARATION = "preparation", _("In preparation")
        RUNNING = "running", _("Running")
        CLOSED = "closed", _("Closed")

    name = models.CharField(_("name"), max_length=120)
    award_year = models.PositiveSmallIntegerField(
        _("award year"),
        unique=True,
        validators=[MinValueValidator(FIRST_YEAR), MaxValueValidator(LAST_YEAR)],
    )
    assessment_year = models.PositiveSmallIntegerField(
        _("assessment year"),
        validators=[MinValueValidator(FIRST_YEAR - 1), MaxValueValidator(LAST_YEAR)],
        help_text=_(
            "The year whose approved coverage and compliance data are assessed."
        ),
    )
    period_start = models.DateField(_("assessment period from"))
    period_end = models.DateField(_("assessment period to"))
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.PREPARATION
    )
    advance_limit = models.PositiveSmallIntegerField(
        _("candidates advancing per province and category"),
        default=3,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        ordering = ["-award_year"]
        verbose_name = _("edition")
        verbose_name_plural = _("editions")
        constraints = [
            models.CheckConstraint(
                condition=Q(period_end__gte=F("period_start")),
                name="edition_period_in_order",
                violation_error_message=_("The period must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("nominations:edition", args=[self.award_year])


class CategoryQuerySet(models.QuerySet):
    def open_to(self, province: Any) -> "CategoryQuerySet":
        """Categories a province's candidates may enter: those without a zone, and
        those of a zone the province belongs to."""
        return self.filter(
            Q(zone__isnull=True) | Q(zone__provinces=province)
        ).distinct()


class Category(models.Model):
    """A node of an edition's category tree: a subject type, then optionally a
    scale and a sector, then optionally a zone."""

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="categories",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent category"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
    )
    name = models.CharField(_("name"), max_length=120)
    name_en = models.CharField(
        _("name in English"),
        max_length=120,
        blank=True,
        help_text=_("Shown to readers who use the portal in English."),
    )
    subject_type = models.CharField(
        _("subject type"), max_length=20, choices=SubjectType.choices
    )
    scale = models.CharField(
        _("scale"), max_length=10, choices=Scale.choices, blank=True
    )
    sector = models.CharField(
        _("sector"), max_length=20, choices=Sector.choices, blank=True
    )
    zone = models.ForeignKey(
        "regions.Zone",
        verbose_name=_("zone"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["edition", "position", "pk"]
        verbose_name = _("category")
        verbose_name_plural = _("categories")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "parent", "name"], name="category_unique_name"
            )
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        """The name in the reader's language: English when the portal is read in
        English and an English name is set, the official name otherwise."""
        return in_language(self.name, self.name_en or self.name)

    @property
    def is_region_category(self) -> bool:
        return self.subject_type in REGION_SUBJECTS


class StageDates(models.Model):
    """From and to of one stage; subclasses name the stage (`kind`) and check that
    it ends after it starts."""

    starts_on = models.DateField(_("from"))
    ends_on = models.DateField(_("to"))

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return str(self.get_kind_display())  # type: ignore[attr-defined]


def dates_in_order(name: str) -> models.CheckConstraint:
    return models.CheckConstraint(
        condition=Q(ends_on__gte=F("starts_on")),
        name=name,
        violation_error_message=_("A stage must end after it starts."),
    )


class Stage(StageDates):
    """The dates of one step of an edition: provincial steps (defaults for every
    province's round) and national steps."""

    class Tier(models.TextChoices):
        PROVINCIAL = "provincial", _("Provincial")
        NATIONAL = "national", _("National")

    class Kind(models.TextChoices):
        DATA_COLLECTION = "data_collection", _("Data collection")
        SCORING = "scoring", _("Scoring")
        PLENO = "pleno", _("Plenary shortlist")
        INTERVIEW = "interview", _("Interview")
        DETERMINATION = "determination", _("Determination")
        VERIFICATION = "verification", _("National verification")
        NATIONAL_INTERVIEW = "national_interview", _("National interview")
        NATIONAL_DETERMINATION = "national_determination", _("National decree")
        CEREMONY = "ceremony", _("Ceremony")

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="stages",
    )
    kind = models.CharField(_("stage"), max_length=24, choices=Kind.choices)

    class Meta:
        ordering = ["edition", "starts_on", "pk"]
        verbose_name = _("stage")
        verbose_name_plural = _("stages")
        constraints = [
            models.UniqueConstraint(fields=["edition", "kind"], name="stage_once"),
            dates_in_order("stage_dates_in_order"),
        ]

    @property
    def tier(self) -> str:
        return TIER_OF[self.kind]


PROVINCIAL_KINDS = (
    Stage.Kind.DATA_COLLECTION,
    Stage.Kind.SCORING,
    Stage.Kind.PLENO,
    Stage.Kind.INTERVIEW,
    Stage.Kind.DETERMINATION,
)
NATIONAL_KINDS = (
    Stage.Kind.VERIFICATION,
    Stage.Kind.NATIONAL_INTERVIEW,
    Stage.Kind.NATIONAL_DETERMINATION,
    Stage.Kind.CEREMONY,
)
TIER_OF: dict[str, str] = {
    **dict.fromkeys(PROVINCIAL_KINDS, Stage.Tier.PROVINCIAL),
    **dict.fromkeys(NATIONAL_KINDS, Stage.Tier.NATIONAL),
}


class ProvincialRound(models.Model):
    """One province's round of an edition, run by its committee on its own dates."""

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("Not started")
        DATA_COLLECTION = "data_collection", _("Data collection")
        SCORING = "scoring", _("Scoring")
        PLENO = "pleno", _("Plenary shortlist")
        INTERVIEW = "interview", _("Interview")
        DETERMINATION = "determination", _("Determination")
        CLOSED = "closed", _("Closed")

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="rounds",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="award_rounds",
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.NOT_STARTED
    )

    objects = ScopedQuerySet.as_manager()
    scope_lookups: dict[str, Any] = {
        "province": "province",
        "branch": "province__regencies__branches",
        "kanwil": "province__kanwil",
    }

    class Meta:
        ordering = ["edition", "province_id"]
        verbose_name = _("provincial round")
        verbose_name_plural = _("provincial rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["edition", "province"], name="round_once_per_province"
            )
        ]

    def __str__(self) -> str:
        return f"{self.edition} — {self.province.name}"

    def get_absolute_url(self) -> str:
        return reverse(
            "nominations:round", args=[self.edition.award_year, self.province_id]
        )


class RoundStep(Step):
    """One change of a provincial round's stage: who, when, from, to, why."""

    round = models.ForeignKey(
        ProvincialRound,
        verbose_name=_("provincial round"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    from_status = models.CharField(
        _("from"), max_length=16, choices=ProvincialRound.Status.choices
    )
    to_status = models.CharField(
        _("to"), max_length=16, choices=ProvincialRound.Status.choices
    )

    class Meta(Step.Meta):
        verbose_name = _("round step")
        verbose_name_plural = _("round steps")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class RoundStage(StageDates):
    """A provincial round's own dates for one provincial stage."""

    round = models.ForeignKey(
        ProvincialRound,
        verbose_name=_("provincial round"),
        on_delete=models.CASCADE,
        related_name="stages",
    )
    kind = models.CharField(
        _("stage"),
        max_length=24,
        choices=[(k.value, k.label) for k in PROVINCIAL_KINDS],
    )

    class Meta:
        ordering = ["round", "starts_on", "pk"]
        verbose_name = _("round stage")
        verbose_name_plural = _("round stages")
        constraints = [
            models.UniqueConstraint(fields=["round", "kind"], name="round_stage_once"),
            dates_in_order("round_stage_dates_in_order"),
        ]
