"""One delivery of a recompute job: take the job, compute the run (the stored one
when the inputs are unchanged), record the outcome and start the job queued behind
it. Only the task imports this module."""

import logging

from django.db import OperationalError
from django.utils.translation import gettext as _

from scoring.adapter import Scope
from scoring.methodology_json import DocumentError
from scoring.models import RecomputeJob
from scoring.services import jobs
from scoring.services.runs import NoMethodologyError, compute_run

logger = logging.getLogger(__name__)


def execute(job_id: int, *, holder: str) -> RecomputeJob:
    """Run the job if this delivery may take it; returns the job as it is after."""
    attempt = jobs.start(job_id, holder=holder)
    job = RecomputeJob.objects.select_related(
        "category__edition", "province", "requested_by"
    ).get(pk=job_id)
    if attempt is None:
        return job
    try:
        _compute(job, attempt)
    except OperationalError:
        # The database went away: the task retries and this delivery takes its own
        # job again; should the worker stop, the sweep queues it again.
        raise
    except (NoMethodologyError, DocumentError):
        jobs.fail(job_id, attempt, _("The category has no valid methodology."))
    except Exception as error:  # any other failure is shown on the job, not hidden
        logger.exception("Recompute job %s failed", job_id)
        jobs.fail(job_id, attempt, _("Unexpected error: %(error)s") % {"error": error})
    jobs.hand_over(job)
    job.refresh_from_db()
    return job


def _compute(job: RecomputeJob, attempt: int) -> None:
    scope = Scope(job.category.edition, job.category, job.province)
    known = set(
        job.category.ranking_runs.filter(province=job.province).values_list(
            "pk", flat=True
        )
    )
    run = compute_run(
        scope,
        job.stage,
        by=job.requested_by,
        progress=lambda percent: jobs.report_progress(job.pk, attempt, percent),
    )
    jobs.finish(job.pk, attempt, run, is_new=run.pk not in known)
