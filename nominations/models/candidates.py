"""Candidates of a category in an edition, and every step they take."""

from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from nominations.models.editions import Category, Edition
from nominations.models.employers import Employer
from regions.scoping import ScopedQuerySet
from review.models import Step


def _branch_scope(branch_id: Any) -> Q:
    """Branch staff and branch verifiers follow the candidates of what they serve."""
    return (
        Q(regency__branches=branch_id)
        | Q(village__district__regency__branches=branch_id)
        | Q(employer__branch=branch_id)
        | Q(regency__isnull=True, village__isnull=True, employer__isnull=True)
        & Q(province__reporting_branch=branch_id)
    )


class CandidateQuerySet(ScopedQuerySet):
    def in_round(self, edition: Edition, province_id: str) -> "CandidateQuerySet":
        return self.filter(edition=edition, province_id=province_id)


class Candidate(models.Model):
    """A region or employer competing in one category: provincially, then perhaps
    nationally. Its status moves only through `nominations.transitions`."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        RETURNED = "returned", _("Returned for more information")
        SHORTLISTED = "shortlisted", _("Shortlisted")
        INTERVIEWED = "interviewed", _("Interviewed")
        NOT_SELECTED = "not_selected", _("Not selected")
        PROVINCIAL_WINNER = "provincial_winner", _("Provincial winner")
        ADVANCED = "advanced", _("Advanced to national")
        NATIONAL_FINALIST = "national_finalist", _("National finalist")
        NATIONAL_WINNER = "national_winner", _("National winner")

    edition = models.ForeignKey(
        Edition,
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="candidates",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        related_name="candidates",
        help_text=_("The provincial round the candidate competes in."),
    )
    regency = models.ForeignKey(
        "regions.Regency",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidates",
    )
    village = models.ForeignKey(
        "regions.Village",
        verbose_name=_("village"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    employer = models.ForeignKey(
        Employer,
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="candidacies",
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=Status.choices,
        default=Status.CANDIDATE,
        db_index=True,
    )
    provincial_rank = models.PositiveSmallIntegerField(
        _("provincial rank (juara)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(3)],
    )
    national_title = models.CharField(_("national title"), max_length=120, blank=True)
    created_at = models.DateTimeField(_("added at"), auto_now_add=True)

    objects = CandidateQuerySet.as_manager()
    scope_lookups = {
        "province": "province",
        "branch": _branch_scope,
        "kanwil": "province__kanwil",
    }

    class Meta:
        ordering = ["edition", "category", "province_id", "regency_id", "pk"]
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(regency__isnull=True, village__isnull=True)
                    | Q(regency__isnull=True, employer__isnull=True)
                    | Q(village__isnull=True, employer__isnull=True)
                ),
                name="candidate_one_subject",
            ),
            models.UniqueConstraint(
                fields=["category", "regency"],
                condition=Q(regency__isnull=False),
                name="candidate_regency_once",
            ),
            models.UniqueConstraint(
                fields=["category", "village"],
                condition=Q(village__isnull=False),
                name="candidate_village_once",
            ),
            models.UniqueConstraint(
                fields=["category", "employer"],
                condition=Q(employer__isnull=False),
                name="candidate_employer_once",
            ),
            models.UniqueConstraint(
                fields=["category", "province"],
                condition=Q(
                    regency__isnull=True, village__isnull=True, employer__isnull=True
                ),
                name="candidate_province_once",
            ),
            models.UniqueConstraint(
                fields=["category", "province", "provincial_rank"],
                condition=Q(provincial_rank__isnull=False),
                name="candidate_rank_once",
                violation_error_message=_("Another candidate holds this rank."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject_name} — {self.category}"

    def get_absolute_url(self) -> str:
        return reverse("nominations:candidate", args=[self.pk])

    def clean(self) -> None:
        """The edition is the category's, and the subject lies in the province."""
        problems = {}
        if self.category_id and self.edition_id != self.category.edition_id:
            problems["edition"] = _("The edition must be the category's edition.")
        if self.province_id and not self.region_code.startswith(self.province_id):
            problems["province"] = _("The candidate lies in another province.")
        if problems:
            raise ValidationError(problems)

    @property
    def subject_name(self) -> str:
        """The region or employer's name."""
        if self.employer_id:
            return str(self.employer.name)  # type: ignore[union-attr]
        if self.village_id:
            return str(self.village.name)  # type: ignore[union-attr]
        if self.regency_id:
            return str(self.regency.name)  # type: ignore[union-attr]
        return str(self.province.name)

    @property
    def region_code(self) -> str:
        """The Kemendagri code of the candidate's own region (its kab/kota for an
        employer), whose approved coverage data it is judged on."""
        if self.employer_id:
            return str(self.employer.regency_id)  # type: ignore[union-attr]
        return str(self.village_id or self.regency_id or self.province_id)


class CandidateStep(Step):
    """One transition of a candidate: who, when, why."""

    candidate = models.ForeignKey(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="steps",
    )
    from_status = models.CharField(
        _("from"), max_length=20, choices=Candidate.Status.choices, blank=True
    )
    to_status = models.CharField(
        _("to"), max_length=20, choices=Candidate.Status.choices
    )

    class Meta(Step.Meta):
        verbose_name = _("candidate step")
        verbose_name_plural = _("candidate steps")

    def __str__(self) -> str:
        return f"{self.from_status or '—'} → {self.to_status}"
