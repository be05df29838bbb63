"""Decisions taken from a final ranking run: juara 1–3 of a province, national
finalists and winners. Each row links the run, the candidate, the outcome and
place given, the rank the run computed, the reason when the committee deviated
from the computed order, and the candidate step (`nominations.CandidateStep`) the
decision made, so the candidate's history leads back to the run it was based on
(nominations may not import scoring, so the link lives here)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Decision(models.Model):
    """One candidate's outcome decided from a ranking run; written once."""

    class Outcome(models.TextChoices):
        PROVINCIAL_WINNER = "provincial_winner", _("Provincial winner")
        NATIONAL_FINALIST = "national_finalist", _("National finalist")
        NATIONAL_WINNER = "national_winner", _("National winner")

    run = models.ForeignKey(
        "scoring.RankingRun",
        verbose_name=_("ranking run"),
        on_delete=models.PROTECT,
        related_name="decisions",
    )
    candidate = models.ForeignKey(
        "nominations.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="ranking_decisions",
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=Outcome.choices)
    place = models.PositiveSmallIntegerField(_("place given"))
    computed_rank = models.PositiveSmallIntegerField(
        _("rank in the run"), null=True, blank=True
    )
    is_deviation = models.BooleanField(_("deviates from the computed order"))
    deviation_reason = models.TextField(_("reason for deviating"), blank=True)
    step = models.OneToOneField(
        "nominations.CandidateStep",
        verbose_name=_("candidate step"),
        on_delete=models.PROTECT,
        related_name="decision",
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("decided by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    decided_at = models.DateTimeField(_("decided at"), auto_now_add=True)

    class Meta:
        ordering = ["run", "outcome", "place"]
        verbose_name = _("ranking decision")
        verbose_name_plural = _("ranking decisions")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "outcome", "candidate"],
                name="decision_once_per_candidate",
            ),
            models.UniqueConstraint(
                fields=["run", "outcome", "place"], name="decision_place_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_outcome_display()} {self.place}: {self.candidate_id}"
