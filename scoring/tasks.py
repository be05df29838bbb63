"""Background jobs of rankings. Each takes a job id, re-reads the job and is safe to
run twice: a finished job is skipped, a running one is held by a lease, and the
same inputs return the run already stored. Tasks are leaves: they import the domain
inside their bodies."""

from typing import Any

from celery import shared_task
from django.db import OperationalError


# Late acknowledgement: a job whose worker dies is delivered again (at most
# RANKING_JOB_MAX_ATTEMPTS starts), and a database that went away for a moment is
# retried with backoff.
@shared_task(
    bind=True,
    acks_late=True,
    reject_on_worker_lost=True,
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=5,
)
def task_recompute_rankings(self: Any, *, job_id: int) -> str:
    """Recompute the ranking of a job's scope and stage; returns the job's state."""
    from scoring.services import recompute

    return recompute.execute(job_id, holder=self.request.id or "").state


@shared_task(ignore_result=True)
def task_sweep_recompute_jobs() -> int:
    """Queue again the recompute jobs whose worker stopped or that the queue lost;
    returns how many."""
    from scoring.services import jobs

    return jobs.sweep()
