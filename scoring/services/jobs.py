"""Recompute jobs that coalesce, never run twice at once and never stay stuck.

A trigger asks for the ranking of a scope and stage to be computed again. Triggers
within the debounce window join the job already waiting (one queued job per scope
and stage, held by a unique constraint), which the queue delivers when the window
closes; the recompute button skips the window. A job that starts while another of
its scope runs leaves the start to that job, which hands over when it ends (one
running job per scope and stage, the same constraint). Every start counts an
attempt, the fencing token of the job's writes: a late delivery whose attempt was
taken over writes nothing. The periodic sweep queues again a job whose worker
stopped (its lease ran out) and sends again a job the queue lost (a broker that was
down). Computing is idempotent besides: the same inputs return the same run.
"""

import logging
from datetime import datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from kombu.exceptions import OperationalError as BrokerError
from redis.exceptions import RedisError

from scoring import tasks
from scoring.adapter import Scope
from scoring.models import RankingRun, RecomputeJob
from scoring.models.jobs import scope_key

logger = logging.getLogger(__name__)
State = RecomputeJob.State
# What `apply_async()` raises when the broker cannot be reached.
QUEUE_ERRORS = (BrokerError, RedisError, ConnectionError, TimeoutError)


def debounce_seconds() -> int:
    return int(getattr(settings, "RANKING_RECOMPUTE_DEBOUNCE_SECONDS", 30))


def lease_seconds() -> int:
    return int(getattr(settings, "RANKING_JOB_LEASE_SECONDS", 300))


def max_attempts() -> int:
    return int(getattr(settings, "RANKING_JOB_MAX_ATTEMPTS", 3))


def queued_stale_seconds() -> int:
    return int(getattr(settings, "RANKING_JOB_QUEUED_STALE_SECONDS", 120))


def request_recompute(
    scope: Scope, stage: str, *, cause: str, by: Any = None, debounce: bool = True
) -> RecomputeJob:
    """Queue a recomputation of the scope at the stage, or join the one waiting;
    returns the queued job. With `debounce` the job starts when the window closes,
    without it (the button) at once."""
    key = scope_key(scope.category.pk, scope.province.pk if scope.province else None)
    delay = debounce_seconds() if debounce else 0
    with transaction.atomic():
        job = _queued(key, stage)
        if job is None:
            job = _create(scope, stage, cause=cause, by=by, delay=delay)
            send_later(job)
            return job
        _join(job, cause=cause, by=by, now=not debounce)
    if not debounce:
        send_later(job)
    return job


def _queued(key: str, stage: str) -> RecomputeJob | None:
    return (
        RecomputeJob.objects.select_for_update()
        .filter(scope_key=key, stage=stage, state=State.QUEUED)
        .first()
    )


def _create(
    scope: Scope, stage: str, *, cause: str, by: Any, delay: int
) -> RecomputeJob:
    """A new queued job; the one a concurrent trigger created a moment earlier when
    the unique constraint refuses a second."""
    job = RecomputeJob(
        category=scope.category,
        province=scope.province,
        stage=stage,
        causes=[cause],
        due_at=timezone.now() + timedelta(seconds=delay),
        requested_by=_user(by),
    )
    try:
        with transaction.atomic():
            job.save()
    except IntegrityError:
        return RecomputeJob.objects.select_for_update().get(
            scope_key=job.scope_key, stage=stage, state=State.QUEUED
        )
    return job


def _user(by: Any) -> Any:
    return by if by is not None and by.is_authenticated else None


def _join(job: RecomputeJob, *, cause: str, by: Any, now: bool) -> None:
    """Add a trigger to the waiting job (a button press also brings it forward)."""
    job.triggers += 1
    if cause not in job.causes:
        job.causes = [*job.causes, cause]
    fields = ["triggers", "causes"]
    if now:
        job.due_at = timezone.now()
        fields.append("due_at")
    if _user(by) is not None:
        job.requested_by = by
        fields.append("requested_by")
    job.save(update_fields=fields)


def send_later(job: RecomputeJob) -> None:
    """Hand the job to the queue once the transaction commits."""
    job_id, due_at = job.pk, job.due_at
    transaction.on_commit(lambda: send(job_id, due_at))


def send(job_id: int, due_at: datetime) -> bool:
    """Hand the job to the queue, to start at `due_at`; False (the job waits for the
    sweep) when the queue cannot be reached."""
    countdown = max(0.0, (due_at - timezone.now()).total_seconds())
    try:
        # No result is awaited: the job row carries the outcome.
        tasks.task_recompute_rankings.apply_async(
            kwargs={"job_id": job_id}, countdown=countdown, ignore_result=True
        )
    except QUEUE_ERRORS as error:
        logger.warning("Recompute job %s waits for the job queue: %s", job_id, error)
        return False
    return True


def start(job_id: int, *, holder: str) -> int | None:
    """Take the job for this delivery and return its attempt number; None when it
    is finished, held by another live delivery, out of attempts (then failed), or
    when another job of its scope runs (which starts this one when it ends)."""
    now = timezone.now()
    with transaction.atomic():
        job = RecomputeJob.objects.select_for_update().get(pk=job_id)
        if not job.is_active or _held_by_another(job, holder, now):
            return None
        attempt = job.attempts + 1
        if attempt > max_attempts():
            _give_up(job)
            return None
        try:
            with transaction.atomic():
                RecomputeJob.objects.filter(pk=job_id).update(
                    state=State.RUNNING,
                    attempts=attempt,
                    holder=holder[:255],
                    progress=5,
                    started_at=now,
                    lease_until=now + timedelta(seconds=lease_seconds()),
                )
        except IntegrityError:
            logger.info("Recompute job %s waits for its scope's running job", job_id)
            return None
    return attempt


def _held_by_another(job: RecomputeJob, holder: str, now: datetime) -> bool:
    """A live lease of another delivery; the same message delivered again after its
    worker was lost takes over its own lease."""
    live = job.lease_until is not None and job.lease_until > now
    return job.state == State.RUNNING and live and job.holder != holder


def _give_up(job: RecomputeJob) -> None:
    """Fail a job whose worker stopped too many times, saying what to do."""
    error = _(
        "The recomputation stopped %(count)s times before finishing, so it was "
        "given up. Try again; if it stops again, tell the national admin."
    ) % {"count": job.attempts}
    _close(job.pk, None, state=State.FAILED, error=error)


def report_progress(job_id: int, attempt: int, percent: int) -> None:
    """Move the job's progress bar; a delivery taken over moves nothing."""
    RecomputeJob.objects.filter(
        pk=job_id, attempts=attempt, state=State.RUNNING
    ).update(progress=min(99, max(0, percent)))


def finish(job_id: int, attempt: int, run: RankingRun, *, is_new: bool) -> None:
    """Record the run the job produced (or found for the same inputs)."""
    _close(job_id, attempt, state=State.DONE, run=run, is_new_run=is_new)


def fail(job_id: int, attempt: int, error: str) -> None:
    """Record why the job could not compute the ranking."""
    _close(job_id, attempt, state=State.FAILED, error=error[:2000])


def _close(job_id: int, attempt: int | None, *, state: str, **fields: Any) -> None:
    jobs = RecomputeJob.objects.filter(pk=job_id)
    if attempt is not None:
        jobs = jobs.filter(attempts=attempt, state=State.RUNNING)
    jobs.update(
        state=state,
        progress=100,
        finished_at=timezone.now(),
        lease_until=None,
        holder="",
        **fields,
    )


def hand_over(job: RecomputeJob) -> bool:
    """Send the job waiting behind this one of the same scope and stage, which
    could not start while this one ran; False when there is none."""
    waiting = (
        RecomputeJob.objects.filter(
            scope_key=job.scope_key, stage=job.stage, state=State.QUEUED
        )
        .values_list("pk", "due_at")
        .first()
    )
    if waiting is None:
        return False
    return send(*waiting)


def stuck(now: datetime | None = None) -> Q:
    """Jobs that need sending again: running with an expired lease (the worker
    stopped), or queued and due long ago (the queue lost or never got them)."""
    now = now or timezone.now()
    queued_ago = now - timedelta(seconds=queued_stale_seconds())
    return Q(state=State.RUNNING, lease_until__lt=now) | Q(
        state=State.QUEUED, due_at__lt=queued_ago
    )


def sweep() -> int:
    """Queue again every stuck job; returns how many were sent."""
    sent = 0
    for job_id in RecomputeJob.objects.filter(stuck()).values_list("pk", flat=True):
        try:
            sent += requeue(job_id)
        except DatabaseError:  # a job is writing it right now: next sweep
            logger.warning("Recompute job %s: busy, left for the next sweep", job_id)
    return sent


def requeue(job_id: int) -> bool:
    """Send a stuck job again (its attempts keep counting). A stopped job behind
    which another is already queued ends failed, naming the one that takes over."""
    with transaction.atomic():
        job = (
            RecomputeJob.objects.select_for_update(skip_locked=True)
            .filter(stuck(), pk=job_id)
            .first()
        )
        if job is None:
            return False
        if job.state == State.RUNNING and not _back_in_queue(job):
            return False
        job.due_at = timezone.now()
        job.save(update_fields=["due_at"])
        send_later(job)
    return True


def _back_in_queue(job: RecomputeJob) -> bool:
    """Put a stopped job back in the queue, or close it when it is out of attempts
    or another job of its scope waits already (which computes the same)."""
    if job.attempts >= max_attempts():
        _give_up(job)
        return False
    try:
        with transaction.atomic():
            RecomputeJob.objects.filter(pk=job.pk).update(
                state=State.QUEUED, holder="", lease_until=None
            )
    except IntegrityError:
        follower = RecomputeJob.objects.get(
            scope_key=job.scope_key, stage=job.stage, state=State.QUEUED
        )
        error = _(
            "The recomputation stopped before finishing; job #%(job)s, queued after "
            "it, computes the same ranking."
        ) % {"job": follower.pk}
        _close(job.pk, None, state=State.FAILED, error=error)
        send_later(follower)
        return False
    return True


def current_jobs(scope: Scope) -> list[tuple[str, str, RecomputeJob | None]]:
    """Per stage of the scope (value, label, job): the job running, else the one
    queued, else the latest finished, else None (one query)."""
    key = scope_key(scope.category.pk, scope.province.pk if scope.province else None)
    order: dict[str, int] = {State.RUNNING: 0, State.QUEUED: 1}
    shown: dict[str, RecomputeJob] = {}
    # Not the runs themselves: their bundles are large, the page links them by id.
    for job in RecomputeJob.objects.filter(scope_key=key).order_by("-pk")[:20]:
        held = shown.get(job.stage)
        if held is None or order.get(job.state, 2) < order.get(held.state, 2):
            shown[job.stage] = job
    return [
        (value, str(label), shown.get(value))
        for value, label in RankingRun.Stage.choices
    ]


def describe(job: RecomputeJob) -> str:
    """What the job is doing or how it ended, in a sentence for its page."""
    if job.state == State.QUEUED:
        return _("Queued: the recomputation starts at %(time)s WIB.") % {
            "time": _time(max(job.due_at, timezone.now()))
        }
    if job.state == State.RUNNING:
        if job.lease_until is not None and job.lease_until < timezone.now():
            return _(
                "The recomputation stopped before finishing. It will be queued again "
                "automatically within a few minutes."
            )
        return _("Recomputing… %(progress)s %% (attempt %(attempt)s of %(max)s).") % {
            "progress": job.progress,
            "attempt": job.attempts,
            "max": max_attempts(),
        }
    if job.state == State.FAILED:
        return _("Failed: %(error)s Try again.") % {"error": job.error}
    if job.is_new_run:
        return _("Done: the inputs changed, so a new run was computed.")
    return _("Done: the inputs are unchanged since the run shown, so no new run.")


def _time(moment: datetime) -> str:
    return date_format(timezone.localtime(moment), "H:i:s")
