"""The review machinery shared by reported data: statuses, the reviewed-record base,
the timeline of status changes and the audit trail of changed values.

Coverage reports (`participants`) and employer compliance (`nominations`) are reviewed
records today; an assessor's score sheet and a ranking run are next. Each log row
points at its record through a generic relation, and an audit entry at its origin (an
upload batch today) the same way, so this app knows none of the apps that use it."""

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise


def figure(label: StrOrPromise, help_text: str = "") -> models.PositiveBigIntegerField:
    """A count or rupiah amount; blank means not reported (never a silent zero)."""
    return models.PositiveBigIntegerField(
        label, null=True, blank=True, help_text=help_text
    )


class ReviewStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")


class ReviewedRecord(models.Model):
    """Data that branch staff enter and verifiers approve: draft → submitted →
    approved, or returned with a reason. `version` rises with every save so that a
    save from a stale page is refused instead of overwriting."""

    status = models.CharField(
        _("status"),
        max_length=10,
        choices=ReviewStatus.choices,
        default=ReviewStatus.DRAFT,
        db_index=True,
    )
    version = models.PositiveIntegerField(_("version"), default=1)
    warning_explanation = models.TextField(
        _("explanation of warnings"),
        blank=True,
        help_text=_("Why figures that raise a warning are nevertheless right."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status_changes = GenericRelation("review.StatusChange")
    audit_entries = GenericRelation("review.AuditEntry")

    class Meta:
        abstract = True

    @property
    def is_editable(self) -> bool:
        """Only drafts and returned records take new figures."""
        return self.status in (ReviewStatus.DRAFT, ReviewStatus.RETURNED)


class RecordLogQuerySet(models.QuerySet):
    def for_record(self, record: models.Model) -> "RecordLogQuerySet":
        content_type = ContentType.objects.get_for_model(record)
        return self.filter(content_type=content_type, object_id=record.pk)

    def from_origin(self, origin: models.Model) -> "RecordLogQuerySet":
        """The audit entries a batch (or another origin) produced."""
        content_type = ContentType.objects.get_for_model(origin)
        return self.filter(origin_type=content_type, origin_id=origin.pk)


class RecordLog(models.Model):
    """Who did something to which reviewed record, when and why."""

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    record = GenericForeignKey("content_type", "object_id")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    reason = models.TextField(_("reason"), blank=True)

    objects = RecordLogQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["at", "pk"]
        indexes = [models.Index(fields=["content_type", "object_id"])]


class Step(models.Model):
    """One logged move of a state machine (`review.transitions`): the action, who,
    when and why. A subclass adds the record it moves (a foreign key) and
    `from_status`/`to_status` with the machine's choices, so that every log reads
    alike (`templates/review/_steps.html`). Rows are written only by the services
    that take the moves and never changed, so other records may point at one (a
    ranking run at the verification verdicts it used). The review's own log is
    `StatusChange`, with the same fields but the action."""

    action = models.CharField(_("action"), max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]


class StatusChange(RecordLog):
    """One step of the review workflow (`review.workflow.REVIEW`), for the
    timeline."""

    from_status = models.CharField(
        _("from"), max_length=10, choices=ReviewStatus.choices
    )
    to_status = models.CharField(_("to"), max_length=10, choices=ReviewStatus.choices)

    class Meta(RecordLog.Meta):
        verbose_name = _("status change")
        verbose_name_plural = _("status changes")
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="statuschange_record"
            )
        ]

    def __str__(self) -> str:
        return f"{self.from_status} → {self.to_status}"


class AuditEntry(RecordLog):
    """One figure changed: old → new, with the version the change produced and where
    it came from (a form, the API, a file import)."""

    class Source(models.TextChoices):
        FORM = "form", _("Form")
        API = "api", _("API")
        IMPORT = "import", _("File upload")
        ADMIN = "admin", _("Administration")
        SYSTEM = "system", _("System")

    field = models.CharField(_("figure"), max_length=120)
    old_value = models.TextField(_("old value"), blank=True)
    new_value = models.TextField(_("new value"), blank=True)
    origin_type = models.ForeignKey(
        ContentType,
        verbose_name=_("origin type"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    origin_id = models.PositiveBigIntegerField(_("origin id"), null=True, blank=True)
    origin = GenericForeignKey("origin_type", "origin_id")
    version = models.PositiveIntegerField(_("version"))
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)

    class Meta(RecordLog.Meta):
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit entries")
        indexes = [
            models.Index(
                fields=["content_type", "object_id"], name="auditentry_record"
            ),
            models.Index(fields=["origin_type", "origin_id"], name="auditentry_origin"),
        ]

    def __str__(self) -> str:
        return f"{self.field}: {self.old_value} → {self.new_value}"
