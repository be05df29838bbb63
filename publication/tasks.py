"""Background jobs of publication: rendering certificates and zipping a batch.
Each takes ids, re-reads and is safe to run twice (a certificate already counted
in its batch is skipped, an unchanged one keeps its PDF). Tasks are leaves: they
import the domain inside their bodies. Both are routed to the `pdf` queue
(settings CELERY_TASK_ROUTES), so that a worker of their own can recycle its
processes (`--max-tasks-per-child`) as WeasyPrint grows in memory."""

from typing import Any

from celery import shared_task
from django.db import OperationalError


@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def task_render_certificate(self: Any, *, batch_id: int, certificate_id: int) -> bool:
    """Render one certificate of a batch; returns whether it was counted now."""
    from publication.services import certificates

    return certificates.render_in_batch(batch_id, certificate_id)


@shared_task(
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
    ignore_result=True,
)
def task_zip_certificates(*, batch_id: int) -> str:
    """Zip a finished batch's PDFs; returns the batch's status."""
    from publication.services import certificates

    return certificates.zip_batch(batch_id)


@shared_task(ignore_result=True)
def task_sweep_certificate_batches() -> int:
    """Send again the work of batches whose worker stopped or whose tasks the queue
    lost; returns how many batches."""
    from publication.services import certificates

    return certificates.sweep()
