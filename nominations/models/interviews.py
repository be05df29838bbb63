"""Interview slots of a provincial round and each candidate's interview."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from nominations.models.candidates import Candidate
from nominations.models.editions import Category, ProvincialRound

MAX_REPRESENTATIVES = 2  # the head of region attends with at most two officials


class InterviewSlotQuerySet(models.QuerySet):
    def active(self) -> "InterviewSlotQuerySet":
        """Slots not cancelled: the schedule and the calendar."""
        return self.filter(cancelled_at__isnull=True)


class InterviewSlot(models.Model):
    """A time for interviews in one category of a provincial round."""

    class Mode(models.TextChoices):
        LURING = "luring", _("In person (luring)")
        DARING = "daring", _("Online (daring)")
        HYBRID = "hybrid", _("Hybrid")

    round = models.ForeignKey(
        ProvincialRound,
        verbose_name=_("provincial round"),
        on_delete=models.CASCADE,
        related_name="slots",
    )
    category = models.ForeignKey(
        Category,
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    mode = models.CharField(_("mode"), max_length=8, choices=Mode.choices)
    place = models.CharField(_("place"), max_length=200, blank=True)
    meeting_link = models.URLField(_("meeting link"), blank=True)
    # A cancelled slot stays on record (who, when, why) but leaves the schedule.
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("cancelled by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = InterviewSlotQuerySet.as_manager()

    class Meta:
        ordering = ["round", "starts_at", "pk"]
        verbose_name = _("interview slot")
        verbose_name_plural = _("interview slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_at__gt=F("starts_at")),
                name="slot_ends_after_start",
                violation_error_message=_("A slot must end after it starts."),
            )
        ]

    def __str__(self) -> str:
        when = date_format(timezone.localtime(self.starts_at), "j M Y, H:i")
        return f"{self.category} · {when} WIB"

    @property
    def is_cancelled(self) -> bool:
        return self.cancelled_at is not None


class Interview(models.Model):
    """A candidate's interview: its slot, and who came."""

    candidate = models.OneToOneField(
        Candidate,
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="interview",
    )
    slot = models.ForeignKey(
        InterviewSlot,
        verbose_name=_("slot"),
        on_delete=models.PROTECT,
        related_name="interviews",
    )
    head_attended = models.BooleanField(
        _("head of region attended"), null=True, blank=True
    )
    representatives = models.JSONField(
        _("officials representing"),
        default=list,
        blank=True,
        help_text=_("At most two officials: name and position."),
    )

    class Meta:
        ordering = ["slot", "pk"]
        verbose_name = _("interview")
        verbose_name_plural = _("interviews")

    def __str__(self) -> str:
        return f"{self.candidate} @ {self.slot}"

    def clean(self) -> None:
        """A candidate is interviewed in a slot of its own round and category."""
        if not (self.candidate_id and self.slot_id):
            return
        slot, candidate = self.slot, self.candidate
        if (candidate.province_id, candidate.category_id) != (
            slot.round.province_id,
            slot.category_id,
        ):
            raise ValidationError(
                {"slot": _("The slot is for another province or category.")}
            )
