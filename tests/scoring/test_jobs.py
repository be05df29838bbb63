"""Recompute jobs: triggers coalesce, one job runs per scope, the same inputs make no
second run, progress and outcome are recorded, and the sweep requeues stuck jobs."""

from datetime import timedelta
from unittest import mock

import pytest
from django.db import OperationalError
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from scoring import tasks
from scoring.adapter import Scope
from scoring.models import RankingRun, RecomputeJob
from scoring.services import jobs, recompute
from tests.factories import CategoryFactory, RegulationFactory, UserFactory
from tests.scoring.rankings import kab_round, verify

pytestmark = pytest.mark.django_db

State = RecomputeJob.State


@pytest.fixture
def round_(world):
    return kab_round(world.prov_a, size=2)


@pytest.fixture
def scope(round_):
    return Scope(round_.edition, round_.category, round_.province)


def queue(scope, cause="report", **options):
    return jobs.request_recompute(scope, "desk", cause=cause, **options)


def run_job(job, holder="worker-1"):
    return recompute.execute(job.pk, holder=holder)


def test_triggers_within_the_window_join_one_job(
    scope, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sent:
        first = queue(scope, "report")
        queue(scope, "verification")
        queue(scope, "report")

    job = RecomputeJob.objects.get()
    assert (job.pk, job.triggers, job.causes, len(sent)) == (
        first.pk,
        3,
        ["report", "verification"],
        1,
    )
    assert job.due_at > timezone.now() + timedelta(seconds=20)


def test_the_button_brings_the_waiting_job_forward(
    world, scope, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as sent:
        queue(scope)
        job = queue(scope, "manual", by=world.users["admin"], debounce=False)

    job.refresh_from_db()
    assert (RecomputeJob.objects.count(), len(sent)) == (1, 2)
    assert job.due_at <= timezone.now()
    assert job.requested_by == world.users["admin"]


def test_a_trigger_while_a_job_runs_queues_one_follow_up(scope):
    running = queue(scope)
    jobs.start(running.pk, holder="worker-1")

    follow = queue(scope)
    again = queue(scope)

    states = sorted(RecomputeJob.objects.values_list("pk", "state"))
    assert states == [(running.pk, State.RUNNING), (follow.pk, State.QUEUED)]
    assert again.pk == follow.pk


def test_a_follow_up_waits_for_the_running_job_then_starts(
    scope, django_capture_on_commit_callbacks
):
    running = queue(scope)
    jobs.start(running.pk, holder="worker-1")
    follow = queue(scope)

    refused = jobs.start(follow.pk, holder="worker-2")
    with django_capture_on_commit_callbacks(execute=True):
        run_job(running)

    follow.refresh_from_db()
    assert refused is None
    assert (follow.state, follow.is_new_run, RankingRun.objects.count()) == (
        State.DONE,
        False,
        1,
    )


def test_a_job_computes_a_run_and_records_its_outcome(
    scope, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        job = queue(scope)

    job.refresh_from_db()
    run = RankingRun.objects.get()
    assert (job.state, job.progress, job.run, job.is_new_run, job.attempts) == (
        State.DONE,
        100,
        run,
        True,
        1,
    )
    assert job.finished_at is not None


def test_the_same_inputs_make_no_second_run(scope):
    first = run_job(queue(scope))

    second = run_job(queue(scope))

    assert RankingRun.objects.count() == 1
    assert (second.run, second.is_new_run) == (first.run, False)


def test_changed_inputs_make_a_new_run(round_, scope):
    first = run_job(queue(scope))
    verify(RegulationFactory(candidate=round_.entries[0].candidate), round_.verifier)

    second = run_job(queue(scope))

    assert RankingRun.objects.count() == 2
    assert second.is_new_run
    assert second.run != first.run


def test_progress_moves_while_computing(scope):
    job = queue(scope)
    seen = []

    def record(job_id, attempt, percent):
        seen.append(percent)

    with mock.patch.object(jobs, "report_progress", side_effect=record):
        run_job(job)

    assert seen == [20, 60, 80]


def test_report_progress_keeps_the_bar_below_done(scope):
    job = queue(scope)
    attempt = jobs.start(job.pk, holder="worker-1")

    jobs.report_progress(job.pk, attempt, 150)

    job.refresh_from_db()
    assert job.progress == 99


def test_a_category_without_methodology_fails_with_the_reason(world):
    category = CategoryFactory()
    job = queue(Scope(category.edition, category, world.prov_a))

    job = run_job(job)

    assert (job.state, job.error) == (
        State.FAILED,
        "The category has no valid methodology.",
    )


def test_an_unexpected_error_fails_the_job_and_says_so(scope):
    job = queue(scope)

    with mock.patch.object(recompute, "compute_run", side_effect=RuntimeError("boom")):
        job = run_job(job)

    assert (job.state, job.error) == (State.FAILED, "Unexpected error: boom")


def test_a_database_error_is_left_to_the_task_retry(scope):
    job = queue(scope)

    with (
        mock.patch.object(recompute, "compute_run", side_effect=OperationalError),
        pytest.raises(OperationalError),
    ):
        run_job(job)

    job.refresh_from_db()
    assert (job.state, job.attempts) == (State.RUNNING, 1)


def test_a_finished_job_delivered_again_does_nothing(scope):
    job = run_job(queue(scope))

    again = run_job(job, holder="worker-2")

    assert (again.state, again.attempts, RankingRun.objects.count()) == (
        State.DONE,
        1,
        1,
    )


def test_a_delivery_past_the_allowed_attempts_fails_the_job(scope):
    job = queue(scope)
    RecomputeJob.objects.filter(pk=job.pk).update(attempts=3)

    assert jobs.start(job.pk, holder="worker-1") is None

    job.refresh_from_db()
    assert job.state == State.FAILED


def test_a_live_lease_refuses_another_delivery(scope):
    job = queue(scope)
    jobs.start(job.pk, holder="worker-1")

    assert jobs.start(job.pk, holder="worker-2") is None


def test_the_same_delivery_takes_its_own_job_again(scope):
    job = queue(scope)
    jobs.start(job.pk, holder="worker-1")

    assert jobs.start(job.pk, holder="worker-1") == 2


def test_a_delivery_taken_over_writes_nothing(scope):
    job = queue(scope)
    late = jobs.start(job.pk, holder="worker-1")
    RecomputeJob.objects.filter(pk=job.pk).update(lease_until=timezone.now())
    jobs.start(job.pk, holder="worker-2")

    jobs.fail(job.pk, late, "late")

    job.refresh_from_db()
    assert (job.state, job.attempts, job.error) == (State.RUNNING, 2, "")


def expire(job, attempts=1):
    RecomputeJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING,
        attempts=attempts,
        lease_until=timezone.now() - timedelta(seconds=1),
    )


def test_the_sweep_requeues_a_job_whose_worker_stopped(
    scope, django_capture_on_commit_callbacks
):
    job = queue(scope)
    expire(job)

    with django_capture_on_commit_callbacks(execute=True):
        sent = jobs.sweep()

    job.refresh_from_db()
    assert (sent, job.state, job.attempts, RankingRun.objects.count()) == (
        1,
        State.DONE,
        2,
        1,
    )


def test_the_sweep_fails_a_job_out_of_attempts(scope):
    job = queue(scope)
    expire(job, attempts=3)

    sent = jobs.sweep()

    job.refresh_from_db()
    assert (sent, job.state) == (0, State.FAILED)
    assert job.error.startswith("The recomputation stopped 3 times")


def test_the_sweep_resends_a_job_the_queue_lost(
    scope, django_capture_on_commit_callbacks
):
    job = queue(scope)
    RecomputeJob.objects.filter(pk=job.pk).update(
        due_at=timezone.now() - timedelta(minutes=10)
    )

    with django_capture_on_commit_callbacks(execute=True):
        sent = jobs.sweep()

    job.refresh_from_db()
    assert (sent, job.state) == (1, State.DONE)


def test_the_sweep_leaves_live_jobs_alone(scope):
    queue(scope)
    jobs.start(queue(scope, "sheet").pk, holder="worker-1")

    assert jobs.sweep() == 0


def test_the_sweep_closes_a_stopped_job_a_follow_up_replaces(
    scope, django_capture_on_commit_callbacks
):
    stopped = queue(scope)
    jobs.start(stopped.pk, holder="worker-1")
    follow = queue(scope)
    expire(stopped)

    with django_capture_on_commit_callbacks(execute=True):
        jobs.sweep()

    stopped.refresh_from_db()
    follow.refresh_from_db()
    assert (stopped.state, follow.state) == (State.FAILED, State.DONE)
    assert f"job #{follow.pk}" in stopped.error


def test_the_sweep_skips_a_job_locked_elsewhere(scope):
    job = queue(scope)
    expire(job)

    with mock.patch.object(jobs, "requeue", side_effect=OperationalError):
        assert jobs.sweep() == 0


def test_requeue_skips_a_job_no_longer_stuck(scope):
    job = queue(scope)

    assert jobs.requeue(job.pk) is False


def test_a_queue_that_cannot_be_reached_leaves_the_job_queued(scope):
    job = queue(scope)

    with mock.patch.object(
        tasks.task_recompute_rankings, "apply_async", side_effect=BrokerError
    ):
        sent = jobs.send(job.pk, job.due_at)

    job.refresh_from_db()
    assert (sent, job.state) == (False, State.QUEUED)


def test_a_concurrent_trigger_joins_the_job_created_a_moment_earlier(scope):
    first = queue(scope)

    with mock.patch.object(jobs, "_queued", return_value=None):
        second = queue(scope)

    assert second.pk == first.pk


def test_the_task_runs_a_job_and_returns_its_state(scope):
    job = queue(scope)

    state = tasks.task_recompute_rankings.delay(job_id=job.pk).get()

    assert state == State.DONE


def test_the_sweep_task_returns_how_many_it_sent(scope):
    expire(queue(scope))

    assert tasks.task_sweep_recompute_jobs.delay().get() == 1


def test_current_jobs_prefers_running_then_queued_then_latest(scope):
    done = run_job(queue(scope))
    final = jobs.request_recompute(scope, "final", cause="sheet")
    jobs.start(final.pk, holder="worker-1")
    jobs.request_recompute(scope, "final", cause="sheet")

    shown = {stage: job for stage, _label, job in jobs.current_jobs(scope)}

    assert (shown["desk"].pk, shown["final"].pk) == (done.pk, final.pk)


def test_describe_says_what_the_job_does(scope):
    job = queue(scope)
    queued = jobs.describe(job)
    jobs.start(job.pk, holder="worker-1")
    job.refresh_from_db()
    running = jobs.describe(job)
    expire(job)
    job.refresh_from_db()
    stopped = jobs.describe(job)

    assert queued.startswith("Queued: the recomputation starts at ")
    assert running == "Recomputing… 5 % (attempt 1 of 3)."
    assert stopped.startswith("The recomputation stopped before finishing.")


def test_describe_says_how_the_job_ended(scope):
    new = jobs.describe(run_job(queue(scope)))
    same = jobs.describe(run_job(queue(scope)))
    job = queue(scope)
    jobs.fail(job.pk, None, "Broken.")
    job.refresh_from_db()

    assert new == "Done: the inputs changed, so a new run was computed."
    assert same == "Done: the inputs are unchanged since the run shown, so no new run."
    assert jobs.describe(job) == "Failed: Broken. Try again."


def test_a_job_names_its_causes_in_words(scope):
    job = queue(scope, "sheet")
    job.causes = ["sheet", "unknown"]

    assert job.cause_labels == ["Score sheet submitted or reopened", "unknown"]
    assert str(job).endswith(f"desk #{job.pk} (queued)")


def test_the_admin_lists_jobs_read_only(client, scope):
    job = run_job(queue(scope))
    client.force_login(UserFactory(is_superuser=True, is_staff=True))

    listing = client.get("/admin/scoring/recomputejob/")
    page = client.get(f"/admin/scoring/recomputejob/{job.pk}/change/")
    add = client.get("/admin/scoring/recomputejob/add/")

    assert (listing.status_code, page.status_code, add.status_code) == (200, 200, 403)
    assert b'name="_save"' not in page.content
