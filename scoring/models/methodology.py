"""A scoring methodology per category and tier: aspects, their criteria, and the
levels of rubric criteria. A frozen methodology (used by a ranking run) never
changes: editing it makes a new version."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nominations.models import Category, Edition, Stage


class Indicator(models.TextChoices):
    """The keys of the values the ranking engine computes from approved data and
    verified dossier items (`scoring.calculations`)."""

    COVERAGE_TOTAL = "coverage_total", _("Coverage, total (%)")
    COVERAGE_PU = "coverage_pu", _("Coverage, wage earners (%)")
    COVERAGE_BPU = "coverage_bpu", _("Coverage, non-wage earners (%)")
    COVERAGE_GROWTH_PP = "coverage_growth_pp", _("Coverage growth (percentage points)")
    NON_ASN_COVERAGE = "non_asn_coverage", _("Non-ASN government workers covered (%)")
    VULNERABLE_PROTECTION = "vulnerable_protection", _("Vulnerable workers protected")
    VILLAGES_100_SHARE = (
        "villages_100_share",
        _("Villages with at least 100 protected (%)"),
    )
    RUPIAH_PER_WORKER = "rupiah_per_worker", _("Rupiah per protected worker")
    REGULATION_LEVEL = "regulation_level", _("Regulation level")
    VERIFIED_INNOVATIONS = "verified_innovations", _("Verified innovations")
    REGISTERED_SHARE = "registered_share", _("Employees registered (%)")
    PROGRAMMES = "programmes", _("Programmes joined (of 5)")
    PAID_ON_TIME = "paid_on_time", _("Months paid on time (of 12)")
    WAGE_REPORT_ACCURACY = "wage_report_accuracy", _("Wages reported truthfully (%)")
    DIGITAL_CHANNEL_USE = (
        "digital_channel_use",
        _("Payments through digital channels (%)"),
    )
    CSR_VULNERABLE = (
        "csr_vulnerable_protected",
        _("Vulnerable workers protected through CSR"),
    )
    VENDORS_REGISTERED_SHARE = (
        "vendors_registered_share",
        _("Supply-chain vendors registered (%)"),
    )


class MethodologyQuerySet(models.QuerySet):
    def for_edition(self, edition: Edition) -> "MethodologyQuerySet":
        return self.filter(category__edition=edition)

    def current(self, category: Category, tier: str) -> "Methodology | None":
        """The latest version for the category and tier, frozen or not."""
        return self.filter(category=category, tier=tier).order_by("-version").first()


TRIM_DEFAULT = Decimal("0.20")
TRIM_LIMIT = Decimal("0.5")


class Methodology(models.Model):
    """One version of the way candidates of a category are scored at one tier."""

    class Aggregation(models.TextChoices):
        """How the assessors' levels on a rubric criterion become one value
        (`scoring.engine.aggregation.Method`)."""

        MEAN = "mean", _("Mean")
        MEDIAN = "median", _("Median")
        TRIMMED_MEAN = "trimmed_mean", _("Trimmed mean")

    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="methodologies",
    )
    tier = models.CharField(_("tier"), max_length=10, choices=Stage.Tier.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    name = models.CharField(_("name"), max_length=160)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_(
            "An example modelled on earlier editions, not the official weights."
        ),
    )
    aggregation = models.CharField(
        _("aggregation of rubric levels"),
        max_length=12,
        choices=Aggregation.choices,
        default=Aggregation.MEAN,
    )
    trim = models.DecimalField(
        _("trimmed share"),
        max_digits=3,
        decimal_places=2,
        default=TRIM_DEFAULT,
        validators=[
            MinValueValidator(Decimal(0)),
            MaxValueValidator(TRIM_LIMIT - Decimal("0.01")),
        ],
        help_text=_(
            "The trimmed mean drops this share of the levels at each end "
            "(0.20 of 9 assessors drops one at each end); from 0 to under 0.5."
        ),
    )
    normalise_assessors = models.BooleanField(
        _("per-assessor normalisation"),
        default=False,
        help_text=_(
            "Rescale each assessor's levels (z-score within their own levels) to "
            "remove severity or leniency; the raw result is shown beside it."
        ),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    frozen_at = models.DateTimeField(
        _("frozen"),
        null=True,
        blank=True,
        help_text=_("Set when a ranking run uses it; a frozen version never changes."),
    )

    objects = MethodologyQuerySet.as_manager()

    class Meta:
        ordering = ["category__position", "category", "tier", "-version"]
        verbose_name = _("methodology")
        verbose_name_plural = _("methodologies")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "tier", "version"], name="methodology_version_once"
            ),
            models.CheckConstraint(
                condition=models.Q(trim__gte=0, trim__lt=TRIM_LIMIT),
                name="methodology_trim_below_half",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} v{self.version}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:methodology", args=[self.pk])

    @property
    def is_frozen(self) -> bool:
        return self.frozen_at is not None

    @property
    def edition(self) -> Edition:
        return self.category.edition

    @property
    def aggregation_text(self) -> str:
        """The aggregation in plain words: "Median", "Trimmed mean 20 %"."""
        if self.aggregation != self.Aggregation.TRIMMED_MEAN:
            return str(self.get_aggregation_display())
        share = format((self.trim * 100).normalize(), "f")
        return _("Trimmed mean %(share)s %%") % {"share": share}


class Aspect(models.Model):
    """A group of criteria, e.g. "Regulasi" or "Cakupan kepesertaan"."""

    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("methodology"),
        on_delete=models.CASCADE,
        related_name="aspects",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=160)
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["methodology", "position", "pk"]
        verbose_name = _("aspect")
        verbose_name_plural = _("aspects")
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "code"], name="aspect_code_once"
            )
        ]

    def __str__(self) -> str:
        return self.name


WEIGHT_MAX = Decimal(100)


class Criterion(models.Model):
    """One scored criterion: where its value comes from, how it is normalised to
    0–100, and its weight in the total."""

    class Source(models.TextChoices):
        INDICATOR = "indicator", _("Indicator from approved data")
        RULE = "rule", _("Rule over verified dossier items")
        RUBRIC = "rubric", _("Assessor rubric")

    class Normalisation(models.TextChoices):
        TARGET_CAP = "target_cap", _("Share of a target, capped")
        MIN_MAX = "min_max", _("Min–max within the cohort")
        PERCENTILE = "percentile", _("Percentile rank within the cohort")
        RUBRIC_SCALE = "rubric_scale", _("Level over the highest level")

    class Direction(models.TextChoices):
        HIGHER = "higher", _("Higher is better")
        LOWER = "lower", _("Lower is better")

    aspect = models.ForeignKey(
        Aspect,
        verbose_name=_("aspect"),
        on_delete=models.CASCADE,
        related_name="criteria",
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=2000)
    weight = models.DecimalField(
        _("weight"),
        max_digits=5,
        decimal_places=2,
        validators=[MinValueValidator(Decimal(0)), MaxValueValidator(WEIGHT_MAX)],
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    indicator = models.CharField(
        _("indicator"), max_length=40, choices=Indicator.choices, blank=True
    )
    normalisation = models.CharField(
        _("normalisation"), max_length=14, choices=Normalisation.choices
    )
    target = models.DecimalField(
        _("target"), max_digits=16, decimal_places=4, null=True, blank=True
    )
    cap = models.DecimalField(
        _("cap"),
        max_digits=5,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("The highest normalised score a target criterion gives (≤ 100)."),
    )
    direction = models.CharField(
        _("direction"),
        max_length=6,
        choices=Direction.choices,
        default=Direction.HIGHER,
    )
    is_independent = models.BooleanField(
        _("independent"),
        default=False,
        help_text=_("Shown beside the ranking but not counted in the total."),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["aspect", "position", "pk"]
        verbose_name = _("criterion")
        verbose_name_plural = _("criteria")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class RubricLevel(models.Model):
    """One level of a rubric criterion: the score and what earns it."""

    criterion = models.ForeignKey(
        Criterion,
        verbose_name=_("criterion"),
        on_delete=models.CASCADE,
        related_name="levels",
    )
    score = models.PositiveSmallIntegerField(
        _("score"), validators=[MaxValueValidator(100)]
    )
    description = models.CharField(_("description"), max_length=500)

    class Meta:
        ordering = ["criterion", "score"]
        verbose_name = _("rubric level")
        verbose_name_plural = _("rubric levels")
        constraints = [
            models.UniqueConstraint(
                fields=["criterion", "score"], name="rubric_level_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.score}: {self.description}"


class TieBreak(models.Model):
    """One link of the chain that orders candidates with equal totals: a
    criterion's normalised score or an indicator's value, the better one first.
    Candidates equal on the whole chain share a rank."""

    class By(models.TextChoices):
        CRITERION = "criterion", _("Criterion score")
        INDICATOR = "indicator", _("Indicator value")

    methodology = models.ForeignKey(
        Methodology,
        verbose_name=_("methodology"),
        on_delete=models.CASCADE,
        related_name="tie_breaks",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    by = models.CharField(_("compare"), max_length=10, choices=By.choices)
    # A criterion code of the same methodology (criteria are rewritten on every
    # edit, so a code outlives a foreign key) or an `Indicator` value.
    key = models.CharField(_("criterion or indicator"), max_length=40)
    direction = models.CharField(
        _("direction"),
        max_length=6,
        choices=Criterion.Direction.choices,
        default=Criterion.Direction.HIGHER,
    )

    class Meta:
        ordering = ["methodology", "position", "pk"]
        verbose_name = _("tie-break")
        verbose_name_plural = _("tie-breaks")
        constraints = [
            models.UniqueConstraint(
                fields=["methodology", "by", "key"], name="tie_break_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.position}. {self.by} {self.key} ({self.direction})"

    def clean(self) -> None:
        """The key names a criterion of the methodology or a known indicator (the
        admin's form; documents are checked by `scoring.methodology_json`)."""
        if self.by == self.By.INDICATOR and self.key not in Indicator.values:
            raise ValidationError({"key": _("This is not a known indicator.")})
        if (
            self.by == self.By.CRITERION
            and not Criterion.objects.filter(
                aspect__methodology_id=self.methodology_id, code=self.key
            ).exists()
        ):
            raise ValidationError({"key": _("The methodology has no such criterion.")})
