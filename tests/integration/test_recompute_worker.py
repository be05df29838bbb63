"""Recompute jobs on a real Celery worker through Redis: triggers within the
debounce window make one job and one run, and the same inputs asked again make a
job that finds the stored run instead of writing a second one."""

import time

import pytest

from scoring.adapter import Scope
from scoring.models import RankingRun, RecomputeJob
from scoring.services import jobs
from tests.scoring.rankings import kab_round

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TIMEOUT = 60


def finished(job: RecomputeJob) -> RecomputeJob:
    """The job once the worker has finished it."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        job.refresh_from_db()
        if not job.is_active:
            return job
        time.sleep(0.2)
    raise AssertionError(f"job {job.pk} still {job.state} after {TIMEOUT} s")


def test_triggers_coalesce_into_one_run_on_the_worker(
    celery_worker_redis, world, settings
):
    settings.RANKING_RECOMPUTE_DEBOUNCE_SECONDS = 1
    r = kab_round(world.prov_a, size=2)
    scope = Scope(r.edition, r.category, r.province)

    queued = [
        jobs.request_recompute(scope, "desk", cause=cause)
        for cause in ("report", "verification", "report")
    ]
    job = finished(queued[0])

    assert {q.pk for q in queued} == {job.pk}
    assert (job.state, job.triggers, job.is_new_run) == (
        RecomputeJob.State.DONE,
        3,
        True,
    )
    assert RankingRun.objects.count() == 1


def test_the_same_inputs_make_no_second_run_on_the_worker(celery_worker_redis, world):
    r = kab_round(world.prov_a, size=2)
    scope = Scope(r.edition, r.category, r.province)
    first = finished(
        jobs.request_recompute(scope, "desk", cause="manual", debounce=False)
    )

    again = finished(
        jobs.request_recompute(scope, "desk", cause="manual", debounce=False)
    )

    assert (again.run_id, again.is_new_run) == (first.run_id, False)
    assert RankingRun.objects.count() == 1
