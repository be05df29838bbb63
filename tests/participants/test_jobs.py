"""Upload jobs that never stay stuck (participants.importers.jobs), with eager Celery:
a job that cannot be queued waits and the sweep queues it, a stopped job is queued
again once its lease expired, a late run cannot write after a later one took over,
and a file that stops the processing too often fails its batch."""

import time
from datetime import timedelta
from unittest import mock

import pytest
from django.utils import timezone
from kombu.exceptions import OperationalError as BrokerError

from accounts.models import Notification
from participants import tasks
from participants.importers import batches, jobs
from participants.importers.problems import shown
from participants.models import CoverageReport, ImportBatch
from tests import uploads

pytestmark = pytest.mark.usefixtures("english")

Status = ImportBatch.Status
JobState = ImportBatch.JobState
HEADER = [
    "kode_wilayah",
    "tahun",
    "angkatan_kerja",
    "pekerja_formal",
    "pekerja_informal",
    "peserta_pu",
    "peserta_bpu",
    "pemberi_kerja",
]
KOTA_JAMBI = ["15.71", 2024, 18749, 7000, 11749, 5000, 6414, 80]
KERINCI = ["15.01", 2024, 10000, 4000, 6000, 3500, 2500, 120]
QUEUE_DOWN = BrokerError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")


def stored_batch(user) -> ImportBatch:
    """A kept file of two new reports, not yet checked."""
    return uploads.stored_batch(
        user, uploads.csv_bytes(HEADER, KOTA_JAMBI, KERINCI), "cakupan.csv"
    )


def checked_batch(user) -> ImportBatch:
    return uploads.checked_batch(
        user, uploads.csv_bytes(HEADER, KOTA_JAMBI, KERINCI), "cakupan.csv"
    )


def set_job(batch: ImportBatch, **fields) -> ImportBatch:
    ImportBatch.objects.filter(pk=batch.pk).update(**fields)
    batch.refresh_from_db()
    return batch


def stopped_save(user, *, attempts: int = 1) -> ImportBatch:
    """A save whose worker was killed: running, its lease expired a minute ago."""
    batch = checked_batch(user)
    ago = timezone.now() - timedelta(minutes=1)
    return set_job(
        batch,
        status=Status.COMMITTING,
        progress=50,
        job_state=JobState.RUNNING,
        job_attempts=attempts,
        job_holder="dead-worker",
        job_user=user,
        heartbeat_at=ago - timedelta(minutes=2),
        lease_until=ago,
    )


def written() -> list[tuple]:
    return sorted(
        (r.region_code, r.version, r.angkatan_kerja)
        for r in CoverageReport.objects.all()
    )


SAVED_ONCE = [("15.01", 2, 10000), ("15.71", 2, 18749)]


# the domain decides what runs in the background, and enqueues it itself


def test_start_check_of_a_small_file_checks_it_now_without_a_job(world):
    batch = stored_batch(world.users["petugas_a"])

    with mock.patch.object(tasks.task_check_upload, "apply_async") as enqueue:
        batch = batches.start_check(batch)

    assert (batch.status, enqueue.call_count) == (Status.VALIDATED, 0)


def test_start_check_of_a_large_file_enqueues_its_job_after_the_commit(
    world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    batch = stored_batch(world.users["petugas_a"])

    with (
        mock.patch.object(tasks.task_check_upload, "apply_async") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        batches.start_check(batch)

    batch.refresh_from_db()
    assert (batch.status, batch.job_state, enqueue.call_args.kwargs) == (
        Status.UPLOADED,
        JobState.QUEUED,
        {"kwargs": {"batch_id": batch.pk}, "ignore_result": True},
    )


def test_save_of_a_small_file_writes_it_now(world):
    user = world.users["petugas_a"]
    batch = checked_batch(user)

    with mock.patch.object(tasks.task_commit_upload, "apply_async") as enqueue:
        batch = batches.save(batch, by=user)

    assert (batch.status, enqueue.call_count, written()) == (
        Status.COMMITTED,
        0,
        SAVED_ONCE,
    )


def test_save_of_a_large_file_enqueues_its_job_and_writes_nothing_yet(
    world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    user = world.users["petugas_a"]
    batch = checked_batch(user)

    with (
        mock.patch.object(tasks.task_commit_upload, "apply_async") as enqueue,
        django_capture_on_commit_callbacks(execute=True),
    ):
        batches.save(batch, by=user)

    batch.refresh_from_db()
    assert (batch.status, enqueue.call_args.kwargs, written()) == (
        Status.COMMITTING,
        {"kwargs": {"batch_id": batch.pk, "user_id": user.pk}, "ignore_result": True},
        [],
    )


# the queue cannot be reached


def test_send_leaves_the_batch_waiting_when_the_queue_is_down(world):
    batch = stored_batch(world.users["petugas_a"])
    set_job(batch, job_state=JobState.QUEUED)

    with mock.patch.object(
        tasks.task_check_upload, "apply_async", side_effect=QUEUE_DOWN
    ):
        sent = jobs.send(batch.pk)

    batch.refresh_from_db()
    assert (sent, batch.status, batch.job_state) == (
        False,
        Status.UPLOADED,
        JobState.WAITING,
    )


def test_queue_commit_with_the_queue_down_leaves_the_save_waiting(
    world, django_capture_on_commit_callbacks
):
    user = world.users["petugas_a"]
    batch = checked_batch(user)

    with (
        mock.patch.object(
            tasks.task_commit_upload, "apply_async", side_effect=QUEUE_DOWN
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        batches.queue_commit(batch, by=user)

    batch.refresh_from_db()
    assert (batch.status, batch.job_state, written()) == (
        Status.COMMITTING,
        JobState.WAITING,
        [],
    )


def test_sweep_queues_a_waiting_save_once_the_queue_is_back(
    world, django_capture_on_commit_callbacks
):
    user = world.users["petugas_a"]
    batch = set_job(
        checked_batch(user),
        status=Status.COMMITTING,
        job_state=JobState.WAITING,
        job_user=user,
    )

    with django_capture_on_commit_callbacks(execute=True):
        queued = jobs.sweep()

    batch.refresh_from_db()
    assert (queued, batch.status, batch.job_state, written()) == (
        1,
        Status.COMMITTED,
        JobState.NONE,
        SAVED_ONCE,
    )


# a job whose worker stopped


def test_sweep_queues_again_a_save_whose_lease_expired_and_it_writes_once(
    world, django_capture_on_commit_callbacks
):
    batch = stopped_save(world.users["petugas_a"])

    with django_capture_on_commit_callbacks(execute=True):
        queued = jobs.sweep()

    batch.refresh_from_db()
    assert (queued, batch.status, batch.job_attempts, written()) == (
        1,
        Status.COMMITTED,
        2,
        SAVED_ONCE,
    )


def test_sweep_leaves_a_job_with_a_live_lease_alone(world):
    batch = stopped_save(world.users["petugas_a"])
    set_job(batch, lease_until=timezone.now() + timedelta(minutes=1))

    queued = jobs.sweep()

    batch.refresh_from_db()
    assert (queued, batch.status, batch.job_holder) == (
        0,
        Status.COMMITTING,
        "dead-worker",
    )


def test_sweep_queues_again_a_job_queued_long_ago_and_never_started(
    world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_QUEUED_STALE_SECONDS = 600
    batch = stored_batch(world.users["petugas_a"])
    long_ago = timezone.now() - timedelta(minutes=11)
    set_job(batch, job_state=JobState.QUEUED, heartbeat_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        queued = jobs.sweep()

    batch.refresh_from_db()
    assert (queued, batch.status) == (1, Status.VALIDATED)


def test_sweep_leaves_a_job_queued_a_moment_ago_alone(world):
    batch = stored_batch(world.users["petugas_a"])
    set_job(batch, job_state=JobState.QUEUED, heartbeat_at=timezone.now())

    assert jobs.sweep() == 0


def test_sweep_queues_a_check_cut_off_without_a_job(
    world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_JOB_LEASE_SECONDS = 60
    batch = stored_batch(world.users["petugas_a"])
    long_ago = timezone.now() - timedelta(minutes=2)
    set_job(batch, status=Status.VALIDATING, heartbeat_at=long_ago)

    with django_capture_on_commit_callbacks(execute=True):
        queued = jobs.sweep()

    batch.refresh_from_db()
    assert (queued, batch.status) == (1, Status.VALIDATED)


# leases and attempts


def test_start_refuses_while_another_delivery_holds_a_live_lease(world):
    batch = stopped_save(world.users["petugas_a"])
    set_job(batch, lease_until=timezone.now() + timedelta(minutes=1))

    attempt = jobs.start(batch.pk, holder="second", statuses=jobs.SAVING)

    batch.refresh_from_db()
    assert (attempt, batch.job_attempts, batch.job_holder) == (None, 1, "dead-worker")


def test_start_of_the_same_message_delivered_again_takes_its_lease_over(world):
    batch = stopped_save(world.users["petugas_a"])
    set_job(batch, lease_until=timezone.now() + timedelta(minutes=1))

    attempt = jobs.start(batch.pk, holder="dead-worker", statuses=jobs.SAVING)

    assert attempt == 2


def test_start_after_the_last_attempt_fails_the_batch_and_says_why(world, settings):
    settings.IMPORT_JOB_MAX_ATTEMPTS = 3
    batch = stopped_save(world.users["petugas_a"], attempts=3)

    attempt = jobs.start(batch.pk, holder="fourth", statuses=jobs.SAVING)

    batch.refresh_from_db()
    assert (attempt, batch.status, batch.job_state, shown(batch.problems)) == (
        None,
        Status.FAILED,
        JobState.NONE,
        [
            {
                "row": 0,
                "column": "",
                "value": "",
                "reason": "Saving this file stopped the processing 3 times, so it "
                "was given up: nothing was saved. Upload the file again; if this "
                "happens again, send it to the national admin.",
            }
        ],
    )


def test_task_check_upload_of_a_file_that_stopped_it_too_often_fails_and_tells(
    world, settings
):
    settings.IMPORT_JOB_MAX_ATTEMPTS = 2
    batch = set_job(
        stored_batch(world.users["petugas_a"]),
        status=Status.VALIDATING,
        job_state=JobState.RUNNING,
        job_attempts=2,
        lease_until=timezone.now() - timedelta(seconds=1),
    )

    result = tasks.task_check_upload.delay(batch_id=batch.pk).get()

    batch.refresh_from_db()
    assert (
        result,
        shown(batch.problems)[0]["reason"][:48],
        Notification.objects.count(),
    ) == (
        Status.FAILED,
        "Checking this file stopped the processing 2 time",
        1,
    )


def test_a_late_first_run_cannot_save_after_a_second_took_over(world):
    user = world.users["petugas_a"]
    batch = stopped_save(user)  # attempt 1 stopped answering
    second = jobs.start(batch.pk, holder="second", statuses=jobs.SAVING)

    with pytest.raises(jobs.StaleJobError):
        batches.commit_batch(batch, by=user, attempt=1)
    late = written()
    batches.commit_batch(batch, by=user, attempt=second)

    assert (second, late, written()) == (2, [], SAVED_ONCE)


def test_a_late_check_cannot_keep_its_result_after_a_later_one_took_over(world):
    batch = set_job(
        stored_batch(world.users["petugas_a"]),
        job_state=JobState.RUNNING,
        job_attempts=2,
    )

    with pytest.raises(jobs.StaleJobError):
        batches.check_batch(batch, attempt=1)

    batch.refresh_from_db()
    assert (batch.status, batch.counts) == (Status.VALIDATING, {})


def test_renew_extends_the_lease_of_the_current_attempt_only(world, settings):
    settings.IMPORT_JOB_LEASE_SECONDS = 120
    batch = stopped_save(world.users["petugas_a"], attempts=2)
    before = batch.lease_until

    jobs.renew(batch.pk, 1)
    stale = ImportBatch.objects.get(pk=batch.pk).lease_until
    jobs.renew(batch.pk, 2)

    batch.refresh_from_db()
    assert stale == before
    assert batch.lease_until > timezone.now() + timedelta(seconds=110)


def test_a_job_that_ends_gives_its_lease_back(world):
    batch = stored_batch(world.users["petugas_a"])

    tasks.task_check_upload.delay(batch_id=batch.pk)

    batch.refresh_from_db()
    assert (batch.status, batch.job_state, batch.job_attempts, batch.lease_until) == (
        Status.VALIDATED,
        JobState.NONE,
        1,
        None,
    )


# a second click


def test_a_second_save_click_queues_again_a_save_whose_job_stopped(
    world, django_capture_on_commit_callbacks
):
    user = world.users["petugas_a"]
    batch = stopped_save(user)

    with django_capture_on_commit_callbacks(execute=True):
        batches.queue_commit(batch, by=user)

    batch.refresh_from_db()
    assert (batch.status, written()) == (Status.COMMITTED, SAVED_ONCE)


def test_a_second_save_click_on_a_running_save_queues_nothing(
    world, django_capture_on_commit_callbacks
):
    user = world.users["petugas_a"]
    batch = stopped_save(user)
    set_job(batch, lease_until=timezone.now() + timedelta(minutes=1))

    with django_capture_on_commit_callbacks() as callbacks:
        batches.queue_commit(batch, by=user)

    assert (len(callbacks), written()) == (0, [])


def test_retry_by_another_user_is_refused(world):
    batch = stopped_save(world.users["petugas_a"])

    with pytest.raises(batches.PermissionDenied):
        batches.retry_job(batch, by=world.users["petugas_b"])


def test_a_saved_batch_is_never_queued_again(world):
    user = world.users["petugas_a"]
    batch = batches.commit_batch(checked_batch(user), by=user)
    set_job(batch, job_state=JobState.WAITING)

    assert (jobs.sweep(), jobs.describe(batch)) == (0, "")


# what the page says


@pytest.mark.parametrize(
    ("fields", "text"),
    [
        ({"job_state": "waiting"}, "Waiting for the job queue, which cannot be"),
        ({"job_state": "queued"}, "Queued: the job will start as soon as a worker"),
        (
            {"job_state": "queued", "job_attempts": 1},
            "The previous attempt stopped before finishing; the job was queued "
            "again (attempt 2 of 3).",
        ),
        ({"job_state": "running", "job_attempts": 1}, "Running (attempt 1 of 3); l"),
    ],
)
def test_describe_says_where_the_job_is(world, settings, fields, text):
    settings.IMPORT_JOB_MAX_ATTEMPTS = 3
    now = timezone.now()
    batch = set_job(
        stored_batch(world.users["petugas_a"]),
        heartbeat_at=now,
        lease_until=now + timedelta(minutes=1),
        **fields,
    )

    assert jobs.describe(batch)[: len(text)] == text


def test_describe_offers_a_retry_for_a_stopped_job(world):
    batch = stopped_save(world.users["petugas_a"])

    assert jobs.describe(batch) == (
        "The job stopped before finishing. It will be queued again automatically "
        "within a few minutes; you can also try again now."
    )


def test_task_sweep_upload_jobs_queues_the_stopped_jobs(
    world, django_capture_on_commit_callbacks
):
    stopped_save(world.users["petugas_a"])

    with django_capture_on_commit_callbacks(execute=True):
        queued = tasks.task_sweep_upload_jobs.delay().get()

    assert (queued, written()) == (1, SAVED_ONCE)


# through the upload pages


def csv_upload(*rows: list[object]):
    return uploads.csv_upload(uploads.csv_bytes(HEADER, *rows))


def test_upload_with_the_queue_down_answers_a_redirect_and_the_page_explains(
    client, world, settings, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    settings.IMPORT_BACKGROUND_BYTES = 1
    client.force_login(world.users["petugas_a"])

    with (
        mock.patch.object(
            tasks.task_check_upload, "apply_async", side_effect=QUEUE_DOWN
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(
            "/cakupan/unggah/",
            {"kind": "reports", "file": csv_upload(KOTA_JAMBI)},
            HTTP_ACCEPT_LANGUAGE="en",
        )
    batch = ImportBatch.objects.get()
    page = client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, batch.status, batch.job_state) == (
        302,
        Status.UPLOADED,
        JobState.WAITING,
    )
    assert "Waiting for the job queue, which cannot be reached" in page.text


def test_save_with_the_queue_down_answers_a_redirect_and_writes_nothing(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    user = world.users["petugas_a"]
    client.force_login(user)
    batch = checked_batch(user)

    with (
        mock.patch.object(
            tasks.task_commit_upload, "apply_async", side_effect=QUEUE_DOWN
        ),
        django_capture_on_commit_callbacks(execute=True),
    ):
        response = client.post(f"/cakupan/unggah/{batch.pk}/simpan/")

    batch.refresh_from_db()
    assert (response.status_code, batch.status, batch.job_state, written()) == (
        302,
        Status.COMMITTING,
        JobState.WAITING,
        [],
    )


def test_the_page_of_a_stopped_job_offers_a_retry_that_queues_it_again(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    user = world.users["petugas_a"]
    client.force_login(user)
    batch = stopped_save(user)
    page = client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/cakupan/unggah/{batch.pk}/ulangi/")

    batch.refresh_from_db()
    assert f'action="/cakupan/unggah/{batch.pk}/ulangi/"' in page.text
    assert (response.status_code, batch.status, written()) == (
        302,
        Status.COMMITTED,
        SAVED_ONCE,
    )


def test_retry_of_a_running_job_changes_nothing(client, world):
    user = world.users["petugas_a"]
    client.force_login(user)
    batch = stopped_save(user)
    set_job(batch, lease_until=timezone.now() + timedelta(minutes=1))

    response = client.post(f"/cakupan/unggah/{batch.pk}/ulangi/")

    batch.refresh_from_db()
    assert (response.status_code, batch.job_holder, written()) == (
        302,
        "dead-worker",
        [],
    )


def test_retry_of_another_user_s_upload_is_not_found(client, world):
    batch = stopped_save(world.users["petugas_a"])
    client.force_login(world.users["petugas_b"])

    response = client.post(f"/cakupan/unggah/{batch.pk}/ulangi/")

    assert response.status_code == 404


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_heartbeat_renews_the_lease_while_the_job_works(world, settings):
    settings.IMPORT_JOB_LEASE_SECONDS = 4  # a beat every second
    batch = stored_batch(world.users["petugas_a"])
    attempt = jobs.start(batch.pk, holder="worker", statuses=jobs.CHECKING)
    first = ImportBatch.objects.get(pk=batch.pk).lease_until

    with jobs.heartbeat(batch.pk, attempt):
        time.sleep(2.5)

    batch.refresh_from_db()
    assert batch.lease_until - first >= timedelta(seconds=1)


@pytest.mark.django_db(transaction=True)  # on_commit runs within the request
def test_retry_while_the_queue_is_still_down_says_so(client, world, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    user = world.users["petugas_a"]
    client.force_login(user)
    batch = set_job(
        checked_batch(user), status=Status.COMMITTING, job_state=JobState.WAITING
    )

    with mock.patch.object(
        tasks.task_commit_upload, "apply_async", side_effect=QUEUE_DOWN
    ):
        response = client.post(
            f"/cakupan/unggah/{batch.pk}/ulangi/",
            follow=True,
            HTTP_ACCEPT_LANGUAGE="en",
        )

    batch.refresh_from_db()
    assert batch.job_state == JobState.WAITING
    assert "The job queue still cannot be reached" in response.text
