"""Panels that score candidates: a provincial round's Tim 9 and an edition's national
jury, their members (assessors) with a role and an affiliation, explicit assignments
and declared conflicts of interest."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nominations.models import Stage
from review.models import Step

REASON_MAX_LENGTH = 1000


class Panel(models.Model):
    """Tim 9 of a provincial round (`round` set) or the national jury of an edition
    (`round` empty). Closing scoring freezes its membership."""

    edition = models.ForeignKey(
        "nominations.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="panels",
    )
    round = models.OneToOneField(
        "nominations.ProvincialRound",
        verbose_name=_("provincial round"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="panel",
        help_text=_("Empty for the national jury."),
    )

    class ScoringStatus(models.TextChoices):
        """Whether the panel's sheets may still change (`transitions.PANEL`)."""

        OPEN = "open", _("Open for scoring")
        CLOSED = "closed", _("Closed for scoring")

    is_scoring_closed = models.BooleanField(_("scoring closed"), default=False)
    scoring_closed_at = models.DateTimeField(
        _("scoring closed at"), null=True, blank=True
    )
    scoring_closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scoring closed by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["edition", "round__province_id"]
        verbose_name = _("panel")
        verbose_name_plural = _("panels")
        constraints = [
            models.UniqueConstraint(
                fields=["edition"],
                condition=Q(round__isnull=True),
                name="panel_one_national_jury",
                violation_error_message=_("The edition already has a national jury."),
            )
        ]

    def __str__(self) -> str:
        if self.round_id:
            return str(_("Tim 9 — %(round)s") % {"round": self.round})
        return str(_("National jury — %(edition)s") % {"edition": self.edition})

    def clean(self) -> None:
        """A provincial panel belongs to its round's edition."""
        if self.round_id and self.round.edition_id != self.edition_id:  # type: ignore[union-attr]
            raise ValidationError(
                {"round": _("The round must belong to the panel's edition.")}
            )

    @property
    def scoring_closed(self) -> bool:
        """Whether the panel's scoring is closed: its sheets are final (read by
        ranking runs that want only closed panels)."""
        return self.is_scoring_closed

    @property
    def scoring_status(self) -> str:
        """The panel's state in `scoring.transitions.PANEL`."""
        status = self.ScoringStatus
        return status.CLOSED if self.is_scoring_closed else status.OPEN

    def get_scoring_status_display(self) -> str:
        return str(self.ScoringStatus(self.scoring_status).label)

    @property
    def tier(self) -> str:
        """Provincial for a round's Tim 9, national for the jury."""
        return Stage.Tier.PROVINCIAL if self.round_id else Stage.Tier.NATIONAL

    @property
    def province_id(self) -> str | None:
        """The province whose round the panel scores (None for the national jury)."""
        return self.round.province_id if self.round_id else None  # type: ignore[union-attr]


class PanelMember(models.Model):
    """An assessor sitting on a panel, with a role and the affiliation that
    decides their conflicts of interest."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("Chair")
        SECRETARY = "secretary", _("Secretary")
        MEMBER = "member", _("Member")

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assessor"),
        on_delete=models.PROTECT,
        related_name="panel_seats",
        limit_choices_to={"role": "penilai"},
    )
    role = models.CharField(
        _("role"), max_length=10, choices=Role.choices, default=Role.MEMBER
    )
    organisation = models.CharField(
        _("organisation"),
        max_length=200,
        help_text=_("E.g. Disnakertrans Provinsi Jambi, APINDO, Universitas Jambi."),
    )
    regency = models.ForeignKey(
        "regions.Regency",
        verbose_name=_("regency/city"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The kab/kota the member works for, if any."),
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The province the member works in, if any."),
    )
    employer = models.ForeignKey(
        "nominations.Employer",
        verbose_name=_("employer"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("The employer the member works for, if any."),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        ordering = ["panel", "role", "user__last_name", "user__username"]
        verbose_name = _("panel member")
        verbose_name_plural = _("panel members")
        constraints = [
            models.UniqueConstraint(
                fields=["panel", "user"],
                name="panel_member_once",
                violation_error_message=_("The assessor already sits on this panel."),
            ),
            models.UniqueConstraint(
                fields=["panel"],
                condition=Q(role="chair"),
                name="panel_one_chair",
                violation_error_message=_("The panel already has a chair."),
            ),
            models.UniqueConstraint(
                fields=["panel"],
                condition=Q(role="secretary"),
                name="panel_one_secretary",
                violation_error_message=_("The panel already has a secretary."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user.display_name} ({self.get_role_display()})"

    @property
    def own_province_id(self) -> str | None:
        """The province given, or else the province of the kab/kota given."""
        if self.province_id:
            return str(self.province_id)
        return str(self.regency_id)[:2] if self.regency_id else None


class Assignment(models.Model):
    """A candidate the secretary gave a member explicitly. A member without any
    assignment scores every candidate of the panel."""

    member = models.ForeignKey(
        PanelMember,
        verbose_name=_("panel member"),
        on_delete=models.CASCADE,
        related_name="assignments",
    )
    candidate = models.ForeignKey(
        "nominations.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("assigned by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    assigned_at = models.DateTimeField(_("assigned at"), auto_now_add=True)

    class Meta:
        ordering = ["member", "candidate"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "candidate"], name="assignment_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} → {self.candidate}"


class Declaration(models.Model):
    """A conflict of interest a member declared for a candidate, with the reason,
    who recorded it and when."""

    member = models.ForeignKey(
        PanelMember,
        verbose_name=_("panel member"),
        on_delete=models.CASCADE,
        related_name="declarations",
    )
    candidate = models.ForeignKey(
        "nominations.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    reason = models.TextField(_("reason"), max_length=REASON_MAX_LENGTH)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("declared by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    declared_at = models.DateTimeField(_("declared at"), auto_now_add=True)

    class Meta:
        ordering = ["member", "candidate"]
        verbose_name = _("declared conflict")
        verbose_name_plural = _("declared conflicts")
        constraints = [
            models.UniqueConstraint(
                fields=["member", "candidate"], name="declaration_once"
            )
        ]

    def __str__(self) -> str:
        return f"{self.member} ≠ {self.candidate}"


class PanelStep(Step):
    """One closing or reopening of a panel's scoring: who, when, from, to, why."""

    panel = models.ForeignKey(
        Panel, verbose_name=_("panel"), on_delete=models.CASCADE, related_name="steps"
    )
    from_status = models.CharField(
        _("from"), max_length=10, choices=Panel.ScoringStatus.choices
    )
    to_status = models.CharField(
        _("to"), max_length=10, choices=Panel.ScoringStatus.choices
    )

    class Meta(Step.Meta):
        verbose_name = _("panel scoring step")
        verbose_name_plural = _("panel scoring steps")

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"
