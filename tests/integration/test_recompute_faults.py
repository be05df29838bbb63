"""Recompute jobs under faults, with real `celery worker` subprocesses, Redis and
PostgreSQL: a worker killed -9 in the middle of a job, and a broker that is stopped
when a job is asked for. Each ends with the job done and exactly one run."""

import signal
from pathlib import Path
from typing import Any

import pytest
from django.utils import translation

from scoring.adapter import Scope
from scoring.models import RankingRun, RecomputeJob
from scoring.services import jobs
from tests.integration import test_upload_faults
from tests.integration.test_upload_faults import (
    Processes,
    free_port,
    use_broker,
    wait_for,
)
from tests.scoring.rankings import kab_round

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

State = RecomputeJob.State
LEASE = 4
# Worker subprocesses and private Redis servers, stopped at the end of each test.
processes = test_upload_faults.processes


def state_of(job: RecomputeJob) -> str:
    job.refresh_from_db()
    return job.state


def test_a_worker_killed_mid_job_is_requeued_and_the_run_written_once(
    processes: Processes, world: Any, tmp_path: Path, settings: Any
) -> None:
    settings.RANKING_JOB_LEASE_SECONDS = LEASE
    use_broker(settings.REDIS_URL)
    r = kab_round(world.prov_a, size=2)
    flag = tmp_path / "computing"
    first = processes.worker(
        settings.REDIS_URL,
        PARITRANA_TEST_FAULT="hang-in-recompute",
        PARITRANA_TEST_FLAG=str(flag),
        RANKING_JOB_LEASE_SECONDS=str(LEASE),
    )
    job = jobs.request_recompute(
        Scope(r.edition, r.category, r.province), "desk", cause="manual", debounce=False
    )
    wait_for(flag.exists, "the job to start")

    processes.stop(first, signal.SIGKILL)
    stuck = state_of(job)
    wait_for(lambda: jobs.sweep(), "the sweep to find the stopped job", 30)
    processes.worker(settings.REDIS_URL, RANKING_JOB_LEASE_SECONDS=str(LEASE))
    wait_for(lambda: state_of(job) == State.DONE, "the job to finish")

    assert stuck == State.RUNNING
    assert (job.attempts, RankingRun.objects.count()) == (2, 1)


def test_a_stopped_broker_leaves_the_job_queued_until_it_is_back(
    processes: Processes, world: Any, settings: Any
) -> None:
    settings.RANKING_JOB_QUEUED_STALE_SECONDS = 0
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    use_broker(broker)  # nothing listens there yet
    r = kab_round(world.prov_a, size=2)

    job = jobs.request_recompute(
        Scope(r.edition, r.category, r.province), "desk", cause="manual", debounce=False
    )
    with translation.override("en"):
        waiting = (state_of(job), jobs.describe(job))
    processes.redis(port)
    processes.worker(broker)
    sent = wait_for(lambda: jobs.sweep(), "the sweep to send the job again", 30)
    wait_for(lambda: state_of(job) == State.DONE, "the job to finish")

    assert waiting[0] == State.QUEUED
    assert waiting[1].startswith("Queued")
    assert (sent, job.attempts, RankingRun.objects.count()) == (1, 1, 1)
