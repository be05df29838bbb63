"""Portal users: one role each, scoped to a province, a branch or a Kanwil where the
role requires it."""

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A portal user with a role and the area the role covers."""

    class Role(models.TextChoices):
        ADMIN_NASIONAL = "admin_nasional", _("National admin")
        PANITIA_PROVINSI = "panitia_provinsi", _("Provincial committee")
        PENILAI = "penilai", _("Assessor")
        PETUGAS_CABANG = "petugas_cabang", _("Branch officer")
        VERIFIKATOR = "verifikator", _("Verifier")

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, blank=True)
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For the provincial committee: the province it runs."),
    )
    branch = models.ForeignKey(
        "regions.Branch",
        verbose_name=_("branch office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For branch officers, and for verifiers who head a branch."),
    )
    kanwil = models.ForeignKey(
        "regions.Kanwil",
        verbose_name=_("regional office"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="users",
        help_text=_("For verifiers at a regional office (Kanwil)."),
    )
    language = models.CharField(
        _("language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default="id",
        help_text=_("The language of the e-mails the portal sends to this user."),
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        constraints = [
            models.CheckConstraint(
                name="user_scope_matches_role",
                condition=(
                    Q(
                        role="panitia_provinsi",
                        province__isnull=False,
                        branch__isnull=True,
                        kanwil__isnull=True,
                    )
                    | Q(
                        role="petugas_cabang",
                        branch__isnull=False,
                        province__isnull=True,
                        kanwil__isnull=True,
                    )
                    | (
                        Q(role="verifikator", province__isnull=True)
                        & (
                            Q(branch__isnull=False, kanwil__isnull=True)
                            | Q(branch__isnull=True, kanwil__isnull=False)
                        )
                    )
                    | Q(
                        role__in=["", "admin_nasional", "penilai"],
                        province__isnull=True,
                        branch__isnull=True,
                        kanwil__isnull=True,
                    )
                ),
                violation_error_message=_(
                    "A provincial committee needs a province, a branch officer a "
                    "branch, a verifier a branch or a regional office; other roles "
                    "have none."
                ),
            )
        ]

    @property
    def display_name(self) -> str:
        """The full name, or the username when no name is set."""
        return self.get_full_name() or self.username

    @property
    def is_national(self) -> bool:
        """National admins and superusers see and manage every region."""
        return self.is_superuser or self.role == self.Role.ADMIN_NASIONAL

    @property
    def region_scope(self) -> tuple[str, int | str] | None:
        """The area this user works in, as (kind, id), or None."""
        if self.role == self.Role.PANITIA_PROVINSI and self.province_id:
            return ("province", self.province_id)
        if self.role in (self.Role.PETUGAS_CABANG, self.Role.VERIFIKATOR):
            if self.branch_id:
                return ("branch", self.branch_id)
            if self.kanwil_id:
                return ("kanwil", self.kanwil_id)
        return None

    @property
    def scope_label(self) -> str:
        """The scope in words, for the header and the admin."""
        if self.province_id:
            return str(self.province.name)  # type: ignore[union-attr]
        if self.branch_id:
            return str(self.branch.name)  # type: ignore[union-attr]
        if self.kanwil_id:
            return str(self.kanwil)
        return ""


class Notification(models.Model):
    """A notice for one user, e.g. that a background upload finished or a report
    waits for review. `texts` holds the message in every portal language, so the
    page shows it in the reader's current language and the e-mail in the user's."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    message = models.CharField(_("message"), max_length=300)
    texts = models.JSONField(
        _("message per language"),
        default=dict,
        blank=True,
        help_text=_(
            "The message keyed by language code; the message above is the "
            "portal's default language."
        ),
    )
    url = models.CharField(_("link"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("e-mailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")

    def __str__(self) -> str:
        return self.message

    def text_in(self, language: str | None) -> str:
        """The message in this language, or the stored default."""
        return str(self.texts.get(language or "", self.message))

    @property
    def text(self) -> str:
        """The message in the language now active (the reader's)."""
        return self.text_in(translation.get_language())


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    """Filters for API tokens."""

    def usable(self) -> "ApiTokenQuerySet":
        """Tokens neither revoked nor expired, of active users."""
        return self.filter(
            revoked_at__isnull=True,
            expires_at__gt=timezone.now(),
            user__is_active=True,
        )


class ApiToken(models.Model):
    """A machine client's API token: only a SHA-256 digest of the secret is stored,
    with a short visible prefix to recognise it."""

    user = models.ForeignKey(
        User,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="api_tokens",
    )
    name = models.CharField(
        _("name"), max_length=100, help_text=_("What the token is for.")
    )
    prefix = models.CharField(_("prefix"), max_length=16, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires at"))
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_revoked(self) -> bool:
        """The user or an admin revoked the token."""
        return self.revoked_at is not None

    @property
    def is_expired(self) -> bool:
        """The token's expiry has passed."""
        return self.expires_at <= timezone.now()
