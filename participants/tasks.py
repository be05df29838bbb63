"""Background jobs for large uploads. Each takes the batch id, re-reads the batch and
is safe to run twice: a finished step is skipped, and a commit is one transaction that
also marks the batch committed, so a retried job never writes twice."""

from typing import Any

from celery import shared_task
from django.contrib.auth import get_user_model
from django.db import OperationalError

from participants.importers import batches
from participants.models import ImportBatch
from participants.workflow import ReviewError

Status = ImportBatch.Status
# Late acknowledgement: a job whose worker dies is delivered again, and a database
# that went away for a moment is retried with backoff.
retried = shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)


@retried
def task_check_upload(*, batch_id: int) -> str:
    """Check an uploaded file; returns the batch's status."""
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status in (Status.UPLOADED, Status.VALIDATING):
        batch = batches.check_batch(batch)
    _announce(batch)
    return batch.status


@retried
def task_commit_upload(*, batch_id: int, user_id: int) -> str:
    """Save a checked file; returns the batch's status."""
    batch = ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)
    if batch.status in (Status.VALIDATED, Status.COMMITTING):
        user: Any = get_user_model().objects.get(pk=user_id)
        try:
            batch = batches.commit_batch(batch, by=user)
        except ReviewError:  # commit_batch failed the batch with the reason
            batch.refresh_from_db()
    _announce(batch)
    return batch.status


FINISHED = (Status.VALIDATED, Status.REJECTED, Status.COMMITTED, Status.FAILED)


def _announce(batch: ImportBatch) -> None:
    """Tell the uploader how a job ended, once per outcome: also when the job is
    delivered again because its worker died between finishing and telling."""
    if batch.status in FINISHED and batch.announced != batch.status:
        batches.notify(batch)
        batch.announced = batch.status
        batch.save(update_fields=["announced"])
