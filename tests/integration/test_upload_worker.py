"""Upload jobs on a real Celery worker through Redis: a stored file is checked and
committed in the background, and a job cut off in the middle of its commit is retried
by the broker and writes exactly once."""

from unittest import mock

import pytest
from django.db import OperationalError

from participants import tasks
from participants.content import ReportContent
from participants.importers import batches, writing
from participants.models import CoverageReport, ImportBatch
from review.models import AuditEntry
from tests import uploads
from tests.factories import CoverageReportFactory
from tests.uploads import FIGURES

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

Status = ImportBatch.Status
TIMEOUT = 60


def stored_batch(user) -> ImportBatch:
    """A kept file for one changed and one new report, not yet checked."""
    data = uploads.csv_bytes(
        uploads.REPORT_HEADER,
        uploads.report_row("15.71", pemberi_kerja=130),
        uploads.report_row("15.01"),
    )
    return uploads.stored_batch(user, data, "cakupan.csv")


def written() -> tuple:
    """Every report's version and values, and the audit entries of uploads."""
    reports = CoverageReport.objects.order_by("pk")
    return (
        [(r.region_code, r.version, ReportContent.of(r).flat()) for r in reports],
        sorted(
            (e.object_id, e.field, e.old_value, e.new_value)
            for e in AuditEntry.objects.exclude(origin_id=None)
        ),
    )


def expected(world) -> tuple:
    changed = CoverageReport.objects.get(regency=world.reg_a2)
    new = CoverageReport.objects.get(regency=world.reg_a1)
    return (
        [
            ("15.71", 2, FIGURES | {"pemberi_kerja": 130}),
            ("15.01", 2, FIGURES),
        ],
        sorted(
            [(changed.pk, "pemberi_kerja", "120", "130")]
            + [
                (new.pk, name, "", str(value))
                for name, value in FIGURES.items()
                if value is not None
            ]
        ),
    )


def run_check_and_commit(batch: ImportBatch, user) -> tuple[str, str]:
    checked = tasks.task_check_upload.delay(batch_id=batch.pk).get(timeout=TIMEOUT)
    committed = tasks.task_commit_upload.delay(batch_id=batch.pk, user_id=user.pk)
    return checked, committed.get(timeout=TIMEOUT)


def test_worker_checks_and_commits_a_stored_upload(celery_worker_redis, world):
    petugas = world.users["petugas_a"]
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = stored_batch(petugas)

    results = run_check_and_commit(batch, petugas)

    batch.refresh_from_db()
    assert (results, batch.status, written()) == (
        (Status.VALIDATED, Status.COMMITTED),
        Status.COMMITTED,
        expected(world),
    )


def test_worker_commit_enqueued_twice_writes_once(celery_worker_redis, world):
    petugas = world.users["petugas_a"]
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = stored_batch(petugas)
    run_check_and_commit(batch, petugas)

    again = tasks.task_commit_upload.delay(batch_id=batch.pk, user_id=petugas.pk)

    assert (again.get(timeout=TIMEOUT), written()) == (
        Status.COMMITTED,
        expected(world),
    )


def test_worker_retries_a_commit_cut_off_mid_transaction_and_writes_once(
    celery_worker_redis, world
):
    petugas = world.users["petugas_a"]
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = stored_batch(petugas)
    tasks.task_check_upload.delay(batch_id=batch.pk).get(timeout=TIMEOUT)
    attempts = []

    def dies_the_first_time(*args, **kwargs):
        """Write everything, then lose the database before the transaction ends."""
        counts = writing.commit_plan(*args, **kwargs)
        attempts.append(counts)
        if len(attempts) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        return counts

    with mock.patch.object(batches, "commit_plan", dies_the_first_time):
        job = tasks.task_commit_upload.delay(batch_id=batch.pk, user_id=petugas.pk)
        result = job.get(timeout=TIMEOUT)

    batch.refresh_from_db()
    assert (result, len(attempts), batch.status, written()) == (
        Status.COMMITTED,
        2,
        Status.COMMITTED,
        expected(world),
    )


def test_worker_retries_a_job_that_died_after_its_commit_and_writes_once(
    celery_worker_redis, world
):
    petugas = world.users["petugas_a"]
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = stored_batch(petugas)
    tasks.task_check_upload.delay(batch_id=batch.pk).get(timeout=TIMEOUT)
    real_notify = batches.notify
    notices = []

    def dies_the_first_time(batch: ImportBatch) -> None:
        """The commit is saved; then the job loses the database before telling."""
        notices.append(batch.status)
        if len(notices) == 1:
            raise OperationalError("server closed the connection unexpectedly")
        real_notify(batch)

    with mock.patch.object(batches, "notify", dies_the_first_time):
        job = tasks.task_commit_upload.delay(batch_id=batch.pk, user_id=petugas.pk)
        result = job.get(timeout=TIMEOUT)

    assert (result, written()) == (Status.COMMITTED, expected(world))
