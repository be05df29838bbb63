"""Background jobs of uploads that never stay stuck.

A job is handed to the queue after the request's transaction commits; when the queue
cannot be reached the batch waits ("waiting for the queue") instead of the request
failing. A running job holds a lease on its batch, renewed by a heartbeat thread while
it works. Every start counts an attempt: the attempt number is the fencing token that
the final write checks under the batch's row lock, so a late run whose lease was taken
over writes nothing. After the allowed attempts the batch is failed and the message is
acknowledged, so a file that kills its worker is not delivered for ever. A periodic
sweep queues again what waits for the queue or whose worker stopped.
"""

import logging
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connections, transaction
from django.db.models import Case, Q, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from participants import tasks
from participants.importers.problems import FileProblem
from participants.models import ImportBatch

logger = logging.getLogger(__name__)
Status = ImportBatch.Status
JobState = ImportBatch.JobState
ACTIVE = (Status.UPLOADED, Status.VALIDATING, Status.COMMITTING)
CHECKING = (Status.UPLOADED, Status.VALIDATING)
SAVING = (Status.VALIDATED, Status.COMMITTING)
# What `delay()` raises when the broker cannot be reached.
QUEUE_ERRORS = (BrokerError, RedisError, ConnectionError, TimeoutError)


class StaleJobError(Exception):
    """A delivery whose attempt was taken over by a later one: it must not write."""


def lease_seconds() -> int:
    return int(getattr(settings, "IMPORT_JOB_LEASE_SECONDS", 120))


def max_attempts() -> int:
    return int(getattr(settings, "IMPORT_JOB_MAX_ATTEMPTS", 3))


def queued_stale_seconds() -> int:
    return int(getattr(settings, "IMPORT_JOB_QUEUED_STALE_SECONDS", 900))


def queue(batch: ImportBatch, *, by: Any = None, new_job: bool = True) -> None:
    """Mark the batch queued and hand its job to the queue once the transaction
    commits; a new job starts counting its attempts again."""
    fields: dict[str, Any] = {
        "job_state": JobState.QUEUED,
        "heartbeat_at": timezone.now(),
    }
    if new_job:
        fields["job_attempts"] = 0
    if by is not None:
        fields["job_user"] = by
    ImportBatch.objects.filter(pk=batch.pk).update(lease_until=None, **fields)
    batch_id = batch.pk
    transaction.on_commit(lambda: send(batch_id))


def send(batch_id: int) -> bool:
    """Hand the batch's job to the queue; returns False (and leaves the batch
    waiting for the sweep) when the queue cannot be reached."""
    batch = ImportBatch.objects.get(pk=batch_id)
    task: Any = tasks.task_check_upload
    kwargs: dict[str, int] = {"batch_id": batch_id}
    if batch.status == Status.COMMITTING:
        task = tasks.task_commit_upload
        kwargs["user_id"] = batch.job_user_id or batch.uploaded_by_id
    try:
        # No result is awaited: a result store that is down must not hold the request.
        task.apply_async(kwargs=kwargs, ignore_result=True)
    except QUEUE_ERRORS as error:
        logger.warning("Upload %s waits for the job queue: %s", batch_id, error)
        ImportBatch.objects.filter(pk=batch_id, job_state=JobState.QUEUED).update(
            job_state=JobState.WAITING
        )
        return False
    return True


def start(batch_id: int, *, holder: str, statuses: tuple[str, ...]) -> int | None:
    """Take the batch's job for this delivery and return its attempt number; None
    when there is nothing to do, another delivery holds a live lease, or the
    attempts are used up (the batch is then failed)."""
    now = timezone.now()
    with transaction.atomic():
        batch = ImportBatch.objects.select_for_update().get(pk=batch_id)
        if batch.status not in statuses or batch.files_removed_at:
            return None
        if _held_by_another(batch, holder, now):
            return None
        attempt = batch.job_attempts + 1
        if attempt > max_attempts():
            give_up(batch)
            return None
        ImportBatch.objects.filter(pk=batch_id).update(
            job_attempts=attempt,
            job_state=JobState.RUNNING,
            job_holder=holder[:255],
            heartbeat_at=now,
            lease_until=now + timedelta(seconds=lease_seconds()),
        )
    return attempt


def _held_by_another(batch: ImportBatch, holder: str, now: datetime) -> bool:
    """A live lease of another delivery (the same message delivered again after
    its worker was lost takes over its own lease)."""
    live = batch.lease_until is not None and batch.lease_until > now
    return batch.job_state == JobState.RUNNING and live and batch.job_holder != holder


def give_up(batch: ImportBatch) -> None:
    """Fail a batch whose job stopped too many times, saying what to do."""
    saving = batch.status == Status.COMMITTING
    rule = "saving_given_up" if saving else "checking_given_up"
    problems = [FileProblem(rule, count=batch.job_attempts).as_dict()]
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.FAILED,
        progress=100,
        problems=problems,
        finished_at=timezone.now(),
        job_state=JobState.NONE,
        lease_until=None,
    )


def ensure_current(
    batch_id: int, attempt: int | None, statuses: tuple[str, ...]
) -> None:
    """Raise StaleJobError unless this delivery still holds the batch; call it inside
    the transaction that writes, with the batch row locked."""
    if attempt is None:
        return
    locked = ImportBatch.objects.select_for_update().get(pk=batch_id)
    if locked.job_attempts != attempt or locked.status not in statuses:
        raise StaleJobError(f"upload {batch_id}: attempt {attempt} was taken over")


def release(batch_id: int, attempt: int) -> None:
    """Give the lease back when a delivery ends; a batch still unfinished (an error
    that Celery retries) stays queued. Best effort: the database may be gone."""
    try:
        ImportBatch.objects.filter(
            pk=batch_id, job_attempts=attempt, job_state=JobState.RUNNING
        ).update(
            job_state=Case(
                When(status__in=ACTIVE, then=Value(JobState.QUEUED)),
                default=Value(JobState.NONE),
            ),
            job_holder="",
            lease_until=None,
            heartbeat_at=timezone.now(),
        )
    except DatabaseError:
        logger.warning("Upload %s: the lease could not be given back", batch_id)


def renew(batch_id: int, attempt: int) -> None:
    """Extend the lease of a running job, unless its batch row is locked by the job's
    own saving transaction (the lock itself shows the job is alive)."""
    now = timezone.now()
    with transaction.atomic():
        held = ImportBatch.objects.select_for_update(skip_locked=True).filter(
            pk=batch_id, job_attempts=attempt, job_state=JobState.RUNNING
        )
        ImportBatch.objects.filter(
            pk__in=list(held.values_list("pk", flat=True))
        ).update(heartbeat_at=now, lease_until=now + timedelta(seconds=lease_seconds()))


@contextmanager
def heartbeat(batch_id: int, attempt: int) -> Iterator[None]:
    """Renew the lease from a thread while the body runs."""
    stop = threading.Event()
    thread = threading.Thread(target=_beat, args=(batch_id, attempt, stop), daemon=True)
    thread.start()
    try:
        yield
    finally:
        stop.set()
        thread.join()


def _beat(batch_id: int, attempt: int, stop: threading.Event) -> None:
    try:
        while not stop.wait(max(1.0, lease_seconds() / 4)):
            try:
                renew(batch_id, attempt)
            except DatabaseError:  # busy or gone for a moment: try at the next beat
                logger.warning("Upload %s: heartbeat missed", batch_id)
    finally:
        connections.close_all()


def run(
    batch_id: int,
    *,
    holder: str,
    statuses: tuple[str, ...],
    work: Callable[[int], object],
) -> ImportBatch:
    """Run one delivery of a batch's job under a lease; returns the batch as it is
    afterwards (unchanged when the delivery had nothing to do)."""
    attempt = start(batch_id, holder=holder, statuses=statuses)
    if attempt is not None:
        try:
            with heartbeat(batch_id, attempt):
                work(attempt)
        except StaleJobError:
            logger.warning("Upload %s: attempt %s was taken over", batch_id, attempt)
        finally:
            release(batch_id, attempt)
    return ImportBatch.objects.select_related("uploaded_by").get(pk=batch_id)


def stale(now: datetime | None = None) -> Q:
    """Batches whose job needs queueing again: waiting for the queue, running with
    an expired lease, queued long ago and never started, or cut off without a job."""
    now = now or timezone.now()
    lease_ago = now - timedelta(seconds=lease_seconds())
    queued_ago = now - timedelta(seconds=queued_stale_seconds())
    return Q(status__in=ACTIVE, files_removed_at=None) & (
        Q(job_state=JobState.WAITING)
        | Q(job_state=JobState.RUNNING, lease_until__lt=now)
        | Q(job_state=JobState.QUEUED, heartbeat_at__lt=queued_ago)
        | Q(job_state=JobState.NONE, heartbeat_at__lt=lease_ago)
        | Q(job_state=JobState.NONE, heartbeat_at=None, created_at__lt=lease_ago)
    )


def is_stale(batch: ImportBatch) -> bool:
    return ImportBatch.objects.filter(stale(), pk=batch.pk).exists()


def sweep() -> int:
    """Queue again every job that waits for the queue or whose worker stopped;
    returns how many were queued."""
    queued = 0
    for batch_id in ImportBatch.objects.filter(stale()).values_list("pk", flat=True):
        try:
            queued += requeue(batch_id)
        except DatabaseError:  # a job is writing it right now: next sweep
            logger.warning("Upload %s: busy, left for the next sweep", batch_id)
    return queued


def requeue(batch_id: int, *, by: Any = None) -> bool:
    """Queue a stale job again (its attempts keep counting), unless its batch row
    is locked by a job that is still saving or it is no longer stale."""
    with transaction.atomic():
        found = list(
            ImportBatch.objects.select_for_update(skip_locked=True)
            .filter(stale(), pk=batch_id)
            .values_list("pk", flat=True)
        )
        if not found:
            return False
        batch = ImportBatch.objects.get(pk=batch_id)
        queue(batch, by=by, new_job=False)
    return True


def describe(batch: ImportBatch) -> str:
    """What the batch's background job is doing, in a sentence for its page."""
    if batch.status not in ACTIVE:
        return ""
    if is_stale(batch) and batch.job_state != JobState.WAITING:
        return _(
            "The job stopped before finishing. It will be queued again automatically "
            "within a few minutes; you can also try again now."
        )
    return _DESCRIPTIONS[batch.job_state](batch)


def _describe_waiting(batch: ImportBatch) -> str:
    return _(
        "Waiting for the job queue, which cannot be reached at the moment. The job "
        "will start automatically when the queue is back; you do not need to upload "
        "the file again."
    )


def _describe_queued(batch: ImportBatch) -> str:
    if batch.job_attempts:
        return _(
            "The previous attempt stopped before finishing; the job was queued "
            "again (attempt %(next)s of %(max)s)."
        ) % {"next": batch.job_attempts + 1, "max": max_attempts()}
    return _("Queued: the job will start as soon as a worker is free.")


def _describe_running(batch: ImportBatch) -> str:
    seen = batch.heartbeat_at or batch.created_at
    return _(
        "Running (attempt %(attempt)s of %(max)s); last sign of life at %(time)s WIB."
    ) % {
        "attempt": batch.job_attempts,
        "max": max_attempts(),
        "time": date_format(timezone.localtime(seen), "H:i:s"),
    }


def _describe_none(batch: ImportBatch) -> str:
    return _("Being processed; this page follows it by itself.")


_DESCRIPTIONS: dict[str, Callable[[ImportBatch], str]] = {
    JobState.NONE: _describe_none,
    JobState.WAITING: _describe_waiting,
    JobState.QUEUED: _describe_queued,
    JobState.RUNNING: _describe_running,
}
