"""The life of an upload: store the file, check it, commit it, perhaps revert it.

Checking keeps its plan beside the batch, and saving writes that plan (the changes the
preview showed) after making sure, under row locks, that none of its reports changed
and that the uploader may still write them; a batch checked before plans were kept is
read and checked again. A job that runs twice, or is retried after a worker died,
finds the same answer, and a batch is marked committed in the same transaction as its
writes, so it is never written twice.
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from participants.importers import jobs
from participants.importers.checking import check_table, regions_refused
from participants.importers.kinds import KINDS
from participants.importers.plans import Plan, dump_plan, load_plan
from participants.importers.problems import (
    FileProblem,
    Kept,
    Note,
    SaveRefused,
    note,
)
from participants.importers.reading import read_table
from participants.importers.writing import commit_plan, revert_batch
from participants.models import ImportBatch
from review.workflow import ReviewError

Status = ImportBatch.Status


def max_bytes() -> int:
    return int(getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "IMPORT_MAX_ROWS", 100_000))


def create_batch(data: bytes, filename: str, kind: str, *, by: Any) -> ImportBatch:
    """Keep an uploaded file as a new batch (not yet checked)."""
    if len(data) > max_bytes():
        raise ReviewError(
            _("The file is larger than the limit of %(limit)s.")
            % {"limit": filesizeformat(max_bytes())}
        )
    batch = ImportBatch(
        kind=kind,
        original_name=filename[:255],
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=by,
        file_bytes=len(data),
    )
    batch.file.save(filename, ContentFile(data), save=False)
    batch.save()
    return batch


def plan_batch(batch: ImportBatch) -> Plan:
    """Read and check the stored file; raises FileProblem when it cannot be read."""
    with batch.file.open("rb") as handle:
        data = handle.read()
    kind = KINDS[ImportBatch.Kind(batch.kind)]
    table = read_table(data, batch.original_name, kind, max_rows=max_rows())
    return check_table(table, kind, user=batch.uploaded_by)


def check_batch(batch: ImportBatch, *, attempt: int | None = None) -> ImportBatch:
    """Check the file and keep the preview: counts, problems and notes. A job passes
    its attempt: the result is kept only while that attempt is the current one."""
    _set(batch, status=Status.VALIDATING, progress=10, heartbeat_at=timezone.now())
    try:
        plan = plan_batch(batch)
    except FileProblem as problem:
        return _finish_check(
            batch,
            attempt,
            status=Status.REJECTED,
            progress=100,
            problems=[problem.as_dict()],
        )
    notes = plan.notes + _repeat_notes(batch, plan)
    status = Status.VALIDATED if plan.is_valid else Status.REJECTED
    if plan.is_valid:
        batch.plan_file.save(f"{batch.pk}.json", ContentFile(dump_plan(plan)), False)
    return _finish_check(
        batch,
        attempt,
        plan_file=batch.plan_file.name,
        status=status,
        progress=100,
        checked_versions=checked_versions(plan),
        counts=plan.counts,
        problems=[problem.as_dict() for problem in plan.problems],
        notes=notes,
    )


def _finish_check(
    batch: ImportBatch, attempt: int | None, **fields: Any
) -> ImportBatch:
    """Keep a check's outcome, unless a later attempt took the job over."""
    with transaction.atomic():
        jobs.ensure_current(batch.pk, attempt, jobs.CHECKING)
        return _set(batch, **fields)


def checked_versions(plan: Plan) -> dict[str, int | None]:
    """The version of each report the plan changes (None: not started yet)."""
    return {
        f"{code}/{year}": report_plan.checked_version
        for (code, year), report_plan in plan.reports.items()
        if report_plan.changes
    }


def _repeat_notes(batch: ImportBatch, plan: Plan) -> list[Note]:
    notes = []
    if plan.counts["rows"] and plan.counts["unchanged"] == plan.counts["rows"]:
        notes.append(note("nothing_changes"))
    earlier = (
        ImportBatch.objects.filter(sha256=batch.sha256, status=Status.COMMITTED)
        .exclude(pk=batch.pk)
        .select_related("uploaded_by")
        .first()
    )
    if earlier:
        saved_at = earlier.finished_at or earlier.created_at
        user = earlier.uploaded_by.display_name
        notes.append(note("saved_before", date=saved_at.isoformat(), user=user))
    return notes


def commit_batch(
    batch: ImportBatch, *, by: Any, attempt: int | None = None
) -> ImportBatch:
    """Write a checked batch, all or nothing; safe to call again. A job passes its
    attempt: it writes only while that attempt is the current one (StaleJobError)."""
    if batch.status == Status.COMMITTED:
        return batch
    _may_save(batch, by)
    if not _claim(batch, by):
        if batch.status == Status.COMMITTED:  # saved by another request meanwhile
            return batch
        raise ReviewError(_("Only a file that passed the check can be saved."))
    plan = kept_plan(batch) or plan_batch(batch)
    if not plan.is_valid:
        return _reject(batch, plan)
    try:
        _check_still_valid(batch, plan)
        with transaction.atomic():
            # A second click waits here for the first save, then finds it done.
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            if locked.status == Status.COMMITTED:
                return locked
            jobs.ensure_current(batch.pk, attempt, (Status.COMMITTING,))
            counts = commit_plan(batch, plan, by=by)
            return _set(
                batch,
                status=Status.COMMITTED,
                progress=100,
                counts=counts,
                finished_at=timezone.now(),
            )
    except ReviewError as refused:  # something changed since the check
        again = plan_batch(batch)  # say exactly what, if it breaks a rule now
        if not again.is_valid:
            return _reject(batch, again)
        fail(batch, refused)  # never left "saving" for ever
        raise


def _may_save(batch: ImportBatch, by: Any) -> None:
    """Refuse anyone but the uploader and the national admin, and a removed file."""
    if not by.has_perm("participants.change_upload", batch):
        raise PermissionDenied(
            _("Only the uploader or the national admin can save this file.")
        )
    if batch.files_removed_at:
        raise ReviewError(
            _(
                "This file was removed on %(date)s because it was not saved in time; "
                "upload it again to save it."
            )
            % {
                "date": date_format(
                    timezone.localtime(batch.files_removed_at), "DATE_FORMAT"
                )
            }
        )


def _claim(batch: ImportBatch, by: Any) -> bool:
    """Mark a checked batch as being saved, unless another request has already
    saved it (or it is not checked); the batch is re-read either way."""
    claimed = ImportBatch.objects.filter(
        pk=batch.pk,
        status__in=(Status.VALIDATED, Status.COMMITTING),
        files_removed_at=None,
    ).update(
        status=Status.COMMITTING, progress=50, job_user=by, heartbeat_at=timezone.now()
    )
    batch.refresh_from_db()
    return bool(claimed)


def _reject(batch: ImportBatch, plan: Plan) -> ImportBatch:
    problems = [problem.as_dict() for problem in plan.problems]
    return _set(batch, status=Status.REJECTED, progress=100, problems=problems)


def kept_plan(batch: ImportBatch) -> Plan | None:
    """The plan the check kept, if it kept one in the current format."""
    if not batch.plan_file:
        return None
    try:
        with batch.plan_file.open("rb") as handle:
            return load_plan(handle.read(), KINDS[ImportBatch.Kind(batch.kind)])
    except (OSError, ValueError, KeyError, TypeError):  # lost or damaged: check again
        return None


def _check_still_valid(batch: ImportBatch, plan: Plan) -> None:
    """Refuse a plan whose reports or uploader's rights changed since the check
    (the writing re-reads each report's version under a row lock as well)."""
    if checked_versions(plan) != batch.checked_versions:
        raise SaveRefused("reports_changed")
    refused = regions_refused(batch.uploaded_by, {code for code, _ in plan.reports})
    if refused:
        raise SaveRefused(
            "uploader_refused",
            user=batch.uploaded_by.display_name,
            codes=", ".join(refused[:10]),
        )


def start_check(batch: ImportBatch) -> ImportBatch:
    """Check a kept file: now when it is small, else in a background job; returns
    the batch (checked, or queued)."""
    if runs_in_background(batch):
        queue_check(batch)
        return batch
    return check_batch(batch)


def save(batch: ImportBatch, *, by: Any) -> ImportBatch:
    """Save a checked file: now when it is small (a ReviewError says why not), else
    in a background job; returns the batch (saved, rejected again, or queued)."""
    if runs_in_background(batch):
        queue_commit(batch, by=by)
        return batch
    return commit_batch(batch, by=by)


def queue_commit(batch: ImportBatch, *, by: Any) -> None:
    """Claim a checked batch for saving and hand it to a background job, once; a
    second click on a save whose job stopped queues it again."""
    if batch.status == Status.COMMITTED:
        return
    _may_save(batch, by)
    if batch.status == Status.COMMITTING:
        jobs.requeue(batch.pk, by=by)  # nothing when the job is alive
        return
    if batch.status != Status.VALIDATED:
        raise ReviewError(_("Only a file that passed the check can be saved."))
    claimed = ImportBatch.objects.filter(
        pk=batch.pk, status=Status.VALIDATED, files_removed_at=None
    ).update(status=Status.COMMITTING, progress=0)
    if claimed:
        jobs.queue(batch, by=by)


def queue_check(batch: ImportBatch) -> None:
    """Hand a kept file to a background job that checks it."""
    jobs.queue(batch)


def retry_job(batch: ImportBatch, *, by: Any) -> bool:
    """Queue again a job that stopped or waits for the queue; False when it is
    still running (nothing to do)."""
    _may_save(batch, by)
    return jobs.requeue(batch.pk, by=by if batch.status == Status.COMMITTING else None)


def background_bytes() -> int:
    """Files larger than this are checked and saved in background jobs."""
    return int(getattr(settings, "IMPORT_BACKGROUND_BYTES", 100 * 1024))


def runs_in_background(batch: ImportBatch) -> bool:
    """Whether checking and saving this batch are background jobs (a large file)."""
    size = batch.file_bytes or (0 if batch.files_removed_at else batch.file.size)
    return size > background_bytes()


def revert(batch: ImportBatch, *, by: Any) -> ImportBatch:
    """Take back a committed batch while the reports it touched are still open."""
    if not by.has_perm("participants.change_upload", batch):
        raise PermissionDenied(
            _("Only the uploader or the national admin can revert this file.")
        )
    if batch.status != Status.COMMITTED:
        raise ReviewError(_("Only a saved file can be reverted."))
    with transaction.atomic():
        revert_batch(batch, by=by)
        return _set(batch, status=Status.REVERTED, finished_at=timezone.now())


def notify(batch: ImportBatch) -> None:
    """Tell the uploader a job finished: a notice in the portal and an e-mail."""
    from accounts.notifications import notify_user

    def message() -> str:
        return _("%(file)s: %(status)s") % {
            "file": batch.original_name,
            "status": batch.get_status_display(),
        }

    notify_user(batch.uploaded_by, message, url=batch.get_absolute_url())


def fail(batch: ImportBatch, reason: ReviewError) -> ImportBatch:
    """Record that a job could not finish (the batch can be checked again)."""
    if isinstance(reason, Kept):
        problems = [reason.as_dict()]
    else:  # a refusal without a rule: its text in the active language
        problems = [{"row": 0, "column": "", "value": "", "reason": str(reason)}]
    # Never over a save that another request finished meanwhile.
    ImportBatch.objects.filter(pk=batch.pk).exclude(status=Status.COMMITTED).update(
        status=Status.FAILED, progress=100, problems=problems
    )
    batch.refresh_from_db()
    return batch


def _set(batch: ImportBatch, **fields: Any) -> ImportBatch:
    for name, value in fields.items():
        setattr(batch, name, value)
    batch.save(update_fields=list(fields))
    return batch
