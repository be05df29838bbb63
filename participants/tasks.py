"""Background jobs for large uploads. Each takes the batch id, re-reads the batch and
is safe to run twice: a finished step is skipped, a delivery holds a lease on its batch
and writes only while its attempt is the current one, and a commit is one transaction
that also marks the batch committed, so a retried job never writes twice. Tasks are
leaves: they import the domain inside their bodies."""

from contextlib import suppress
from typing import Any

from celery import shared_task
from django.db import OperationalError

# Late acknowledgement: a job whose worker dies is delivered again (at most
# IMPORT_JOB_MAX_ATTEMPTS starts in all), and a database that went away for a moment
# is retried with backoff.
retried = shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)


@retried
def task_check_upload(self: Any, *, batch_id: int) -> str:
    """Check an uploaded file; returns the batch's status."""
    from participants.importers import batches, jobs

    def work(attempt: int) -> None:
        batch = batches.ImportBatch.objects.select_related("uploaded_by").get(
            pk=batch_id
        )
        batches.check_batch(batch, attempt=attempt)

    batch = jobs.run(
        batch_id, holder=self.request.id or "", statuses=jobs.CHECKING, work=work
    )
    _announce(batch)
    return batch.status


@retried
def task_commit_upload(self: Any, *, batch_id: int, user_id: int) -> str:
    """Save a checked file; returns the batch's status."""
    from django.contrib.auth import get_user_model

    from participants.importers import batches, jobs
    from review.workflow import ReviewError

    def work(attempt: int) -> None:
        batch = batches.ImportBatch.objects.select_related("uploaded_by").get(
            pk=batch_id
        )
        user: Any = get_user_model().objects.get(pk=user_id)
        # A ReviewError: commit_batch failed the batch with the reason.
        with suppress(ReviewError):
            batches.commit_batch(batch, by=user, attempt=attempt)

    batch = jobs.run(
        batch_id, holder=self.request.id or "", statuses=jobs.SAVING, work=work
    )
    _announce(batch)
    return batch.status


@shared_task(ignore_result=True)
def task_sweep_upload_jobs() -> int:
    """Queue again the upload and pre-filled template jobs that wait for the queue
    or whose worker stopped; returns how many."""
    from participants.importers import jobs, template_jobs

    return jobs.sweep() + template_jobs.sweep()


@shared_task(ignore_result=True)
def task_remove_old_upload_files() -> int:
    """Remove the kept files of uploads not saved, after the retention period;
    returns how many uploads lost their files."""
    from participants.importers import retention

    return retention.remove_old_files()


def _announce(batch: Any) -> None:
    """Tell the uploader how a job ended, once per outcome: also when the job is
    delivered again because its worker died between finishing and telling."""
    from participants.importers import batches

    finished = (
        batches.Status.VALIDATED,
        batches.Status.REJECTED,
        batches.Status.COMMITTED,
        batches.Status.FAILED,
    )
    if batch.status in finished and batch.announced != batch.status:
        batches.notify(batch)
        batch.announced = batch.status
        batch.save(update_fields=["announced"])


@retried
def task_prepare_prefilled_template(self: Any, *, template_id: int) -> str:
    """Write a large pre-filled template (the national village one); returns its
    status."""
    from participants.importers import template_jobs

    return template_jobs.build(template_id).status
