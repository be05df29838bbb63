"""A release: a final ranking run made public, with its changelog entry, an optional
embargo and, for a correction, the release it supersedes and the reason."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ReleaseError(ValueError):
    """A release cannot be changed once written."""


class ReleaseQuerySet(models.QuerySet):
    def public(self, now: Any = None) -> "ReleaseQuerySet":
        """Releases whose embargo has passed (or that have none)."""
        now = now or timezone.now()
        return self.filter(Q(embargo_until__isnull=True) | Q(embargo_until__lte=now))

    def in_scope(self, category: Any, province: Any) -> "ReleaseQuerySet":
        """A scope's releases: a category in a province (None: national)."""
        return self.filter(category=category, province=province)


class Release(models.Model):
    """The n-th publication of a scope (edition × category × province, or national).
    Written once: `snapshot` holds everything the public pages show (names, ranks,
    totals, lines, methodology), so they never read the ranking tables."""

    run = models.ForeignKey(
        "scoring.RankingRun",
        verbose_name=_("ranking run"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    edition = models.ForeignKey(
        "nominations.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    category = models.ForeignKey(
        "nominations.Category",
        verbose_name=_("category"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="releases",
        help_text=_("Empty for national results."),
    )
    methodology = models.ForeignKey(
        "scoring.Methodology",
        verbose_name=_("methodology"),
        on_delete=models.PROTECT,
        related_name="releases",
    )
    number = models.PositiveSmallIntegerField(_("release number"))
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("supersedes"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="superseded_by",
    )
    changelog = models.TextField(_("changelog entry"), max_length=2000)
    correction_reason = models.TextField(
        _("reason for the correction"), blank=True, max_length=2000
    )
    embargo_until = models.DateTimeField(
        _("embargoed until"),
        null=True,
        blank=True,
        help_text=_("Public from this time (WIB); empty: public at once."),
    )
    snapshot = models.JSONField(_("snapshot"))
    is_demo = models.BooleanField(
        _("demo data"),
        default=False,
        help_text=_("Made up for the demonstration: every page showing it says so."),
    )
    published_at = models.DateTimeField(_("published at"), auto_now_add=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("published by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = ReleaseQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-pk"]
        verbose_name = _("release")
        verbose_name_plural = _("releases")
        constraints = [
            models.UniqueConstraint(
                fields=["category", "province", "number"],
                condition=Q(province__isnull=False),
                name="release_number_once_per_province",
            ),
            models.UniqueConstraint(
                fields=["category", "number"],
                condition=Q(province__isnull=True),
                name="release_number_once_nationally",
            ),
        ]

    def __str__(self) -> str:
        area = self.province_id or "nasional"
        return f"{self.category} {area} rilis {self.number}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        """Insert only: a release is a public record."""
        if self.pk is not None:
            raise ReleaseError("a release is never changed")
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("results:release", args=[self.pk])

    @property
    def area(self) -> str:
        """A province code or `nasional`, as in the ranking pages' addresses."""
        return str(self.province_id) if self.province_id else "nasional"

    def is_public(self, now: Any = None) -> bool:
        now = now or timezone.now()
        return self.embargo_until is None or self.embargo_until <= now

    def is_superseded(self, now: Any = None) -> bool:
        """A later release of the scope is public: this one is kept, marked."""
        later = getattr(self, "superseded_by", None)
        return later is not None and later.is_public(now)
