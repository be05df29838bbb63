"""Score sheets: one per panel member × candidate, a reviewed record of the kernel
(status, version, audit trail, timeline), with a rubric level and a note per
rubric criterion of the candidate's current methodology."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from review.models import ReviewedRecord

NOTE_MAX_LENGTH = 2000


class ScoreSheet(ReviewedRecord):
    """A member's scores for one candidate. `entered_by` is who keyed the last
    save: the member, or the panel's secretary keying in a paper sheet on the
    member's behalf (`is_keyed_for_member`)."""

    member = models.ForeignKey(
        "scoring.PanelMember",
        verbose_name=_("panel member"),
        on_delete=models.PROTECT,
        related_name="sheets",
    )
    candidate = models.ForeignKey(
        "nominations.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Who keyed the scores: the member, or the secretary on paper."),
    )

    class Meta:
        ordering = ["member", "candidate"]
        verbose_name = _("score sheet")
        verbose_name_plural = _("score sheets")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "candidate"], name="score_sheet_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} — {self.candidate}"

    def get_absolute_url(self) -> str:
        return reverse("scoring:sheet", args=[self.pk])

    @property
    def is_keyed_for_member(self) -> bool:
        """Keyed in by someone else (the secretary) on the member's behalf."""
        return bool(self.entered_by_id and self.entered_by_id != self.member.user_id)


class SheetScore(models.Model):
    """The level a sheet gives one rubric criterion (blank while drafting) and
    the member's note."""

    sheet = models.ForeignKey(
        ScoreSheet,
        verbose_name=_("score sheet"),
        on_delete=models.CASCADE,
        related_name="scores",
    )
    criterion = models.ForeignKey(
        "scoring.Criterion",
        verbose_name=_("criterion"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    level = models.ForeignKey(
        "scoring.RubricLevel",
        verbose_name=_("level"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    note = models.TextField(_("note"), blank=True, max_length=NOTE_MAX_LENGTH)

    class Meta:
        ordering = ["sheet", "criterion"]
        verbose_name = _("sheet score")
        verbose_name_plural = _("sheet scores")
        constraints = [
            models.UniqueConstraint(
                fields=["sheet", "criterion"], name="sheet_score_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.criterion}: {self.level or '—'}"
