"""Pre-filled templates too large to write during a request (the national village
template): one `PrefilledTemplate` per kind, year, scope, language and data version,
written by a background job and kept, so the same data gives the same file."""

from typing import Any

from django.conf import settings
from django.core.files.storage import Storage, storages
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from participants.models.imports import ImportBatch


def private_storage() -> Storage:
    """Templates hold figures not yet public: served only through the portal."""
    return storages["private"]


class PrefilledTemplate(models.Model):
    """A pre-filled template written in the background, and where its job is."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Preparing")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=12, choices=ImportBatch.Kind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    scope = models.CharField(
        _("scope"),
        max_length=40,
        help_text=_("Whose regions the template holds: 'all' or 'branch-<id>'."),
    )
    language = models.CharField(_("language"), max_length=8)
    data_version = models.CharField(_("data version"), max_length=64)
    status = models.CharField(
        _("status"), max_length=8, choices=Status.choices, default=Status.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to="templates/%Y/%m/", blank=True
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    attempts = models.PositiveSmallIntegerField(
        _("job attempts"),
        default=0,
        help_text=_("How many times the job was started; also its fencing token."),
    )
    lease_until = models.DateTimeField(_("job lease until"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("pre-filled template")
        verbose_name_plural = _("pre-filled templates")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "year", "scope", "language", "data_version"],
                name="prefilled_template_once_per_data_version",
            )
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.year} {self.scope} ({self.language})"

    def get_absolute_url(self) -> str:
        return reverse("participants:prefilled_job", args=[self.pk])

    @staticmethod
    def scope_for(user: Any) -> str:
        """Whose regions a user's pre-filled template holds: every national admin
        shares the national one, branch staff their branch's."""
        if user.is_national:
            return "all"
        return f"branch-{user.branch_id}" if user.branch_id else f"user-{user.pk}"
