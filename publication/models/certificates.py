"""Certificates (piagam) of provincial and national winners, who signs them per
edition and round, and the batches that render them."""

from datetime import datetime
from typing import Any

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Without 0/O, 1/I/L: a code read off paper is typed back without doubt.
CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CODE_LENGTH = 8


def private_storage() -> Any:
    """PDFs and zips are served only by views that check permission."""
    from django.core.files.storage import storages

    return storages["private"]


class Signatory(models.Model):
    """A person who signs the certificates of an edition's round: a province's, or
    the national round when the province is empty."""

    edition = models.ForeignKey(
        "nominations.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="signatories",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for the national round."),
    )
    name = models.CharField(_("name"), max_length=120)
    position = models.CharField(_("position"), max_length=160)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["edition", "province", "order", "pk"]
        verbose_name = _("signatory")
        verbose_name_plural = _("signatories")

    def __str__(self) -> str:
        return f"{self.name} ({self.position})"


class Certificate(models.Model):
    """One winner's certificate in one round. Its number and code never change; the
    PDF is rendered again only when what it prints changed (`content_hash`)."""

    class Status(models.TextChoices):
        ISSUED = "issued", _("Issued")
        REVOKED = "revoked", _("Revoked")

    edition = models.ForeignKey(
        "nominations.Edition",
        verbose_name=_("edition"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    candidate = models.ForeignKey(
        "nominations.Candidate",
        verbose_name=_("candidate"),
        on_delete=models.PROTECT,
        related_name="certificates",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a national award."),
    )
    title = models.CharField(_("title"), max_length=200)
    place = models.PositiveSmallIntegerField(_("place"), null=True, blank=True)
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    code = models.CharField(_("verification code"), max_length=CODE_LENGTH, unique=True)
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.ISSUED
    )
    revoked_reason = models.TextField(_("reason for revoking"), blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("revoked by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    pdf = models.FileField(
        _("PDF"), upload_to="certificates/", storage=private_storage, blank=True
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["edition", "province", "place", "number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        constraints = [
            models.UniqueConstraint(
                fields=["candidate", "province"],
                condition=Q(province__isnull=False),
                name="certificate_once_per_province_round",
            ),
            models.UniqueConstraint(
                fields=["candidate"],
                condition=Q(province__isnull=True),
                name="certificate_once_nationally",
            ),
        ]

    def __str__(self) -> str:
        return self.number

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.code])

    @property
    def is_revoked(self) -> bool:
        return self.status == self.Status.REVOKED

    @property
    def area(self) -> str:
        return str(self.province_id) if self.province_id else "nasional"


class CertificateBatch(models.Model):
    """Rendering every certificate of a round: one task per certificate, then one
    that zips them. `pending` lists the certificates still to render; a running
    batch renews `lease_until` at every step, so the sweep finds one whose worker
    stopped."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    edition = models.ForeignKey(
        "nominations.Edition",
        verbose_name=_("edition"),
        on_delete=models.CASCADE,
        related_name="certificate_batches",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.QUEUED
    )
    total = models.PositiveIntegerField(_("certificates"), default=0)
    done = models.PositiveIntegerField(_("rendered"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    pending = models.JSONField(_("still to render"), default=list, blank=True)
    zip_file = models.FileField(
        _("zip file"),
        upload_to="certificates/zip/",
        storage=private_storage,
        blank=True,
    )
    error = models.TextField(_("error"), blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("certificate batch")
        verbose_name_plural = _("certificate batches")

    def __str__(self) -> str:
        return f"{self.edition} {self.area} #{self.pk}"

    def get_absolute_url(self) -> str:
        return reverse("certificates:batch", args=[self.pk])

    @property
    def area(self) -> str:
        return str(self.province_id) if self.province_id else "nasional"

    @property
    def is_active(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)

    @property
    def progress(self) -> int:
        """Percent of certificates rendered or failed."""
        if not self.total:
            return 100 if not self.is_active else 0
        return min(100, (self.done + self.failed) * 100 // self.total)

    def lease_expired(self, now: datetime) -> bool:
        return self.lease_until is not None and self.lease_until < now
