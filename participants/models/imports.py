"""File uploads of coverage data: one `ImportBatch` per uploaded file, from validation
to commit (and perhaps revert). Every value a batch writes is audited with the batch."""

from typing import Any

from django.conf import settings
from django.db import models
from django.db.models.deletion import ProtectedError
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from review.models import AuditEntry, RecordLogQuerySet


class ImportBatch(models.Model):
    """An uploaded file of one kind, its checks, counts and fate."""

    class Kind(models.TextChoices):
        REPORTS = "reports", _("Coverage reports (one row per region and year)")
        NON_ASN = "non-asn", _("Non-ASN staff")
        VULNERABLE = "vulnerable", _("Vulnerable workers")
        VILLAGES = "villages", _("Village protection (one row per desa and year)")

    class Status(models.TextChoices):
        UPLOADED = "uploaded", _("Uploaded")
        VALIDATING = "validating", _("Checking")
        VALIDATED = "validated", _("Checked: ready to commit")
        REJECTED = "rejected", _("Rejected: the file has errors")
        COMMITTING = "committing", _("Saving")
        COMMITTED = "committed", _("Saved")
        FAILED = "failed", _("Failed")
        REVERTED = "reverted", _("Reverted")

    class JobState(models.TextChoices):
        """Where the background job of a checking or saving batch is."""

        NONE = "", _("No background job")
        QUEUED = "queued", _("Queued")
        WAITING = "waiting", _("Waiting for the job queue")
        RUNNING = "running", _("Running")

    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    status = models.CharField(
        _("status"), max_length=12, choices=Status.choices, default=Status.UPLOADED
    )
    file = models.FileField(_("file"), upload_to="imports/%Y/%m/")
    original_name = models.CharField(_("file name"), max_length=255)
    plan_file = models.FileField(
        _("checked changes"),
        upload_to="imports/plans/%Y/%m/",
        blank=True,
        help_text=_("What the check found the file would change; saving writes this."),
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="import_batches",
    )
    created_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    counts = models.JSONField(_("counts"), default=dict, blank=True)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    notes = models.JSONField(_("notes"), default=list, blank=True)
    checked_versions = models.JSONField(
        _("versions checked"),
        default=dict,
        blank=True,
        help_text=_("The version of each report the check found it would change."),
    )
    announced = models.CharField(
        _("outcome announced"), max_length=12, choices=Status.choices, blank=True
    )
    file_bytes = models.PositiveBigIntegerField(_("file size (bytes)"), default=0)
    files_removed_at = models.DateTimeField(
        _("files removed at"),
        null=True,
        blank=True,
        help_text=_(
            "When the stored file of an upload that was not saved was removed."
        ),
    )
    job_state = models.CharField(
        _("job"), max_length=8, choices=JobState.choices, blank=True
    )
    job_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("save requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    job_attempts = models.PositiveSmallIntegerField(
        _("job attempts"),
        default=0,
        help_text=_(
            "How many times the current job was started; also its fencing token."
        ),
    )
    job_holder = models.CharField(_("job held by"), max_length=255, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)
    lease_until = models.DateTimeField(_("job lease until"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("upload")
        verbose_name_plural = _("uploads")

    def __str__(self) -> str:
        return f"{self.original_name} ({self.get_kind_display()})"

    def get_absolute_url(self) -> str:
        return reverse("participants:upload", args=[self.pk])

    @property
    def audit_entries(self) -> RecordLogQuerySet:
        """The audit entries of the values this batch wrote (their origin)."""
        return AuditEntry.objects.from_origin(self)

    def delete(self, *args: Any, **kwargs: Any) -> tuple[int, dict[str, int]]:
        """Refused while audit entries name the batch as their origin: the history
        of what an upload changed outlives the upload."""
        if self.pk is not None and self.audit_entries.exists():
            raise ProtectedError(
                "The upload is the origin of audit entries.", set(self.audit_entries)
            )
        return super().delete(*args, **kwargs)
