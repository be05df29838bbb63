"""Pre-filled templates: small ones (a branch's) written during the request, large
ones (the national village template, some 84.000 desa) prepared by a background job
with its progress shown, then kept: the same data version gives the same file.

The job follows the upload jobs' rules (`participants.importers.jobs`, whose lease
and attempt settings it shares): it is handed to the queue after the transaction
commits, every start counts an attempt that fences the final write, the progress
reports renew its lease, and the periodic sweep sends again a job whose lease ran
out (worker gone, queue unreachable); after the allowed attempts it is failed.
"""

import hashlib
import logging
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import DatabaseError, transaction
from django.db.models import Count, Max, Q, Sum
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from participants import tasks
from participants.importers import jobs, templates
from participants.importers.kinds import KINDS, UploadKind
from participants.models import (
    CoverageReport,
    ImportBatch,
    PrefilledTemplate,
    VillageProtection,
)
from regions.models import Regency, Village
from review.models import ReviewStatus

logger = logging.getLogger(__name__)
Status = PrefilledTemplate.Status
ACTIVE = (Status.QUEUED, Status.RUNNING)
EDITABLE = (ReviewStatus.DRAFT, ReviewStatus.RETURNED)
LAYOUT = "2"  # raise when the file's layout changes: older files are not reused
GIVEN_UP = "given_up"  # the rule of a job given up, kept in `error`


def background_rows() -> int:
    """Templates with more rows than this are prepared in the background."""
    return int(getattr(settings, "PREFILLED_BACKGROUND_ROWS", 20_000))


def title(kind: UploadKind) -> str:
    return _("Paritrana Portal: %(kind)s") % {"kind": kind.title}


def prefilled_xlsx(
    kind: UploadKind, user: Any, year: int, progress: templates.Progress | None = None
) -> bytes:
    """The user's pre-filled XLSX template of the kind and year, locked rows marked."""
    return templates.xlsx_template(
        kind,
        templates.prefilled_rows(kind, user, year),
        title=f"{title(kind)} {year}",
        locks=templates.prefilled_locks(kind, user, year),
        progress=progress,
    )


def is_large(kind: UploadKind, user: Any) -> bool:
    """Whether the user's pre-filled template of the kind is too large for a request."""
    if kind.table != "villages":
        return False
    regencies = Regency.objects.for_user(user).active()
    villages = Village.objects.active().filter(district__regency__in=regencies)
    return villages.count() > background_rows()


def data_version(kind: UploadKind, year: int, user: Any) -> str:
    """A digest of what the user's village template of the year holds: the desa, the
    reports (figures, versions, locks) and their village rows."""
    regencies = Regency.objects.for_user(user).active()
    reports = CoverageReport.objects.filter(year=year, regency__in=regencies)
    figures = reports.aggregate(
        count=Count("pk"),
        versions=Sum("version"),
        latest=Max("updated_at"),
        locked=Count("pk", filter=~Q(status__in=EDITABLE)),
    )
    rows = VillageProtection.objects.filter(report__in=reports).aggregate(
        count=Count("pk"), workers=Sum("workers")
    )
    villages = Village.objects.active().filter(district__regency__in=regencies)
    text = repr((LAYOUT, kind.name, year, villages.count(), figures, rows))
    return hashlib.sha256(text.encode()).hexdigest()


def request(kind: UploadKind, year: int, *, by: Any) -> PrefilledTemplate:
    """The template of this data version: the one prepared or being prepared, or a
    new job queued (a failed one is queued again)."""
    key = {
        "kind": kind.name,
        "year": year,
        "scope": PrefilledTemplate.scope_for(by),
        "language": translation.get_language() or settings.LANGUAGE_CODE,
        "data_version": data_version(kind, year, by),
    }
    with transaction.atomic():
        template, created = PrefilledTemplate.objects.get_or_create(
            **key, defaults={"requested_by": by}
        )
        if created or template.status == Status.FAILED:
            queue(template, by=by)
    template.refresh_from_db()
    return template


def queue(template: PrefilledTemplate, *, by: Any = None) -> None:
    """Mark the template queued (its attempts counted anew when a user asks) and
    hand its job to the queue once the transaction commits."""
    fields: dict[str, Any] = {"status": Status.QUEUED, "lease_until": _lease_end()}
    if by is not None:
        fields |= {"attempts": 0, "error": "", "progress": 0, "requested_by": by}
    PrefilledTemplate.objects.filter(pk=template.pk).update(**fields)
    template_id = template.pk
    transaction.on_commit(lambda: send(template_id))


def _lease_end() -> Any:
    return timezone.now() + timedelta(seconds=jobs.lease_seconds())


def send(template_id: int) -> bool:
    """Hand the job to the queue; False when the queue cannot be reached (the
    sweep sends it again when its lease runs out)."""
    try:
        tasks.task_prepare_prefilled_template.apply_async(
            kwargs={"template_id": template_id}, ignore_result=True
        )
    except jobs.QUEUE_ERRORS as error:
        logger.warning("Template %s waits for the job queue: %s", template_id, error)
        return False
    return True


def start(template_id: int) -> int | None:
    """Take the job for this delivery and return its attempt number; None when it
    is done, runs under another live lease, or used up its attempts (then failed)."""
    now = timezone.now()
    with transaction.atomic():
        template = PrefilledTemplate.objects.select_for_update().get(pk=template_id)
        if template.status not in ACTIVE:
            return None
        live = template.lease_until is not None and template.lease_until > now
        if template.status == Status.RUNNING and live:
            return None
        attempt = template.attempts + 1
        if attempt > jobs.max_attempts():
            _fail(template_id)
            return None
        PrefilledTemplate.objects.filter(pk=template_id).update(
            status=Status.RUNNING, attempts=attempt, lease_until=_lease_end()
        )
    return attempt


def _fail(template_id: int) -> None:
    """Give the job up, keeping the reason's rule (worded when shown)."""
    PrefilledTemplate.objects.filter(pk=template_id).update(
        status=Status.FAILED,
        error=GIVEN_UP,
        lease_until=None,
        finished_at=timezone.now(),
    )


def _failure(template: PrefilledTemplate) -> str:
    """Why the job failed, in the active language (a reason kept as text, as is)."""
    if template.error != GIVEN_UP:
        return template.error
    return _(
        "Preparing the file stopped %(count)s times, so it was given up. Ask for the "
        "template again; if this happens again, tell the national admin."
    ) % {"count": template.attempts}


def build(template_id: int) -> PrefilledTemplate:
    """Write the template's file for one delivery of its job; returns the template
    as it is afterwards."""
    attempt = start(template_id)
    if attempt is not None:
        template = PrefilledTemplate.objects.select_related("requested_by").get(
            pk=template_id
        )
        kind = KINDS[ImportBatch.Kind(template.kind)]

        def progress(done: int, total: int) -> None:
            _report(template_id, attempt, 5 + 90 * done // max(total, 1))

        _report(template_id, attempt, 5)
        with translation.override(template.language):
            data = prefilled_xlsx(kind, template.requested_by, template.year, progress)
            name = templates.template_filename(kind, "xlsx", template.year)
        _finish(template_id, attempt, data, name)
    return PrefilledTemplate.objects.get(pk=template_id)


def _report(template_id: int, attempt: int, percent: int) -> None:
    """Show the progress and renew the lease, while this delivery holds the job."""
    PrefilledTemplate.objects.filter(
        pk=template_id, attempts=attempt, status=Status.RUNNING
    ).update(progress=min(percent, 99), lease_until=_lease_end())


def _finish(template_id: int, attempt: int, data: bytes, name: str) -> None:
    """Keep the file, unless a later attempt took the job over."""
    with transaction.atomic():
        template = PrefilledTemplate.objects.select_for_update().get(pk=template_id)
        if template.attempts != attempt or template.status != Status.RUNNING:
            logger.warning(
                "Template %s: attempt %s was taken over", template_id, attempt
            )
            return
        template.file.save(name, ContentFile(data), save=False)
        template.status, template.progress = Status.READY, 100
        template.lease_until, template.finished_at = None, timezone.now()
        template.save()
        _remove_older(template)


def _remove_older(template: PrefilledTemplate) -> None:
    """Remove the finished templates of earlier data versions: a new version
    replaces them for good."""
    older = PrefilledTemplate.objects.filter(
        kind=template.kind,
        year=template.year,
        scope=template.scope,
        language=template.language,
        status__in=(Status.READY, Status.FAILED),
    ).exclude(pk=template.pk)
    for earlier in older:
        if earlier.file:
            earlier.file.delete(save=False)
        earlier.delete()


def sweep() -> int:
    """Queue again every job whose lease ran out; returns how many."""
    stale = PrefilledTemplate.objects.filter(
        status__in=ACTIVE, lease_until__lt=timezone.now()
    )
    queued = 0
    for template_id in stale.values_list("pk", flat=True):
        try:
            queued += _requeue(template_id)
        except DatabaseError:  # being written right now: next sweep
            logger.warning("Template %s: busy, left for the next sweep", template_id)
    return queued


def _requeue(template_id: int) -> bool:
    with transaction.atomic():
        template = (
            PrefilledTemplate.objects.select_for_update(skip_locked=True)
            .filter(pk=template_id, status__in=ACTIVE, lease_until__lt=timezone.now())
            .first()
        )
        if template is None:
            return False
        queue(template)
    return True


def describe(template: PrefilledTemplate) -> str:
    """Where the job is, in a sentence for its page."""
    if template.status == Status.FAILED:
        return _failure(template)
    if template.status == Status.READY:
        return _("The file is ready.")
    if template.lease_until is not None and template.lease_until < timezone.now():
        return _(
            "The job stopped before finishing. It will be queued again automatically "
            "within a few minutes."
        )
    if template.status == Status.QUEUED:
        return _("Queued: the file will be prepared as soon as a worker is free.")
    return _("Preparing the file (attempt %(attempt)s of %(max)s).") % {
        "attempt": template.attempts,
        "max": jobs.max_attempts(),
    }
