"""Recompute jobs: one background recomputation of the ranking of one scope (a
category in a province's round, or nationally) at one stage, from the trigger that
asked for it to the run it produced or the error that stopped it."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from scoring.models.runs import RankingRun


def scope_key(category_id: int, province_id: str | None) -> str:
    """One text per scope, so that a unique constraint also holds for the national
    scope (a NULL province would never collide)."""
    return f"{category_id}/{province_id or 'nasional'}"


class RecomputeJob(models.Model):
    """A queued, running or finished recomputation. At most one job of a scope and
    stage waits in the queue (later triggers join it) and at most one runs (a job
    that would start beside it waits its turn)."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Recomputing")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    class Cause(models.TextChoices):
        MANUAL = "manual", _("Recompute button")
        REPORT = "report", _("Coverage report approved or unapproved")
        COMPLIANCE = "compliance", _("Employer compliance approved or unapproved")
        VERIFICATION = "verification", _("Dossier item verified")
        SHEET = "sheet", _("Score sheet submitted or reopened")
        METHODOLOGY = "methodology", _("Methodology created or changed")
        RETRY = "retry", _("Retry after a stopped job")

    category = models.ForeignKey(
        "nominations.Category",
        verbose_name=_("category"),
        on_delete=models.CASCADE,
        related_name="recompute_jobs",
    )
    province = models.ForeignKey(
        "regions.Province",
        verbose_name=_("province"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="recompute_jobs",
        help_text=_("Empty for a national ranking."),
    )
    scope_key = models.CharField(_("scope"), max_length=40, editable=False)
    stage = models.CharField(_("stage"), max_length=5, choices=RankingRun.Stage.choices)
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.QUEUED
    )
    causes = models.JSONField(
        _("causes"),
        default=list,
        blank=True,
        help_text=_("What asked for this job; triggers that joined it add theirs."),
    )
    triggers = models.PositiveIntegerField(_("triggers joined"), default=1)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    due_at = models.DateTimeField(_("due at"))
    attempts = models.PositiveSmallIntegerField(
        _("attempts"),
        default=0,
        help_text=_("How many times the job was started; also its fencing token."),
    )
    holder = models.CharField(_("held by"), max_length=255, blank=True)
    lease_until = models.DateTimeField(_("lease until"), null=True, blank=True)
    run = models.ForeignKey(
        RankingRun,
        verbose_name=_("run"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    is_new_run = models.BooleanField(_("new run"), default=False)
    error = models.TextField(_("error"), blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("recompute job")
        verbose_name_plural = _("recompute jobs")
        indexes = [models.Index(fields=["state", "due_at"])]
        constraints = [
            models.UniqueConstraint(
                fields=["scope_key", "stage"],
                condition=Q(state="queued"),
                name="recompute_job_one_queued",
            ),
            models.UniqueConstraint(
                fields=["scope_key", "stage"],
                condition=Q(state="running"),
                name="recompute_job_one_running",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.scope_key} {self.stage} #{self.pk} ({self.state})"

    def save(self, *args: object, **kwargs: object) -> None:
        self.scope_key = scope_key(self.category_id, self.province_id)
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def get_absolute_url(self) -> str:
        return reverse("scoring:recompute_job", args=[self.pk])

    @property
    def cause_labels(self) -> list[str]:
        """The causes in words (an unknown one as it is stored)."""
        labels = dict(self.Cause.choices)
        return [str(labels.get(cause, cause)) for cause in self.causes]

    @property
    def is_active(self) -> bool:
        return self.state in (self.State.QUEUED, self.State.RUNNING)
