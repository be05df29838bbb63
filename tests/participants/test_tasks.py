"""Background jobs of large uploads (participants.tasks), run eagerly: each is safe to
run twice, skips a finished step, is retried after a database error and never
writes twice."""

from unittest import mock

import pytest
from celery.exceptions import Retry
from django.db import OperationalError

from accounts.models import Notification
from participants import services, tasks
from participants.content import ReportContent
from participants.importers import batches, writing
from participants.models import CoverageReport, ImportBatch
from review.models import AuditEntry
from tests.factories import CoverageReportFactory
from tests.uploads import FIGURES, FILENAME, REPORT_HEADER, csv_bytes, report_row
from tests.uploads import stored_batch as kept_batch

pytestmark = pytest.mark.usefixtures("english")

Status = ImportBatch.Status


def stored_batch(user, *rows: list[object]) -> ImportBatch:
    """An uploaded file, kept but not yet checked (as the upload page leaves it)."""
    return kept_batch(user, csv_bytes(REPORT_HEADER, *rows))


def checked_batch(world, *rows: list[object]) -> ImportBatch:
    batch = stored_batch(world.users["petugas_a"], *rows)
    tasks.task_check_upload.delay(batch_id=batch.pk)
    batch.refresh_from_db()
    return batch


def commit(batch: ImportBatch, world) -> str:
    user_id = world.users["petugas_a"].pk
    return tasks.task_commit_upload.delay(batch_id=batch.pk, user_id=user_id).get()


def state(batch: ImportBatch) -> tuple:
    """The batch's outcome and everything written: reports, audit, notices."""
    batch.refresh_from_db()
    reports = CoverageReport.objects.order_by("pk")
    return (
        batch.status,
        batch.counts,
        batch.problems,
        [(r.region_code, r.version, ReportContent.of(r).flat()) for r in reports],
        AuditEntry.objects.count(),
        Notification.objects.count(),
    )


# checking


def test_task_check_upload_checks_the_file_and_tells_the_uploader(world):
    batch = stored_batch(world.users["petugas_a"], report_row("15.71"))

    result = tasks.task_check_upload.delay(batch_id=batch.pk).get()

    assert (result, state(batch)) == (
        Status.VALIDATED,
        (
            Status.VALIDATED,
            {"rows": 1, "new": 1, "changed": 0, "unchanged": 0},
            [],
            [],
            0,
            1,
        ),
    )


def test_task_check_upload_twice_gives_the_same_result(world):
    batch = stored_batch(world.users["petugas_a"], report_row("99.99"))
    first = tasks.task_check_upload.delay(batch_id=batch.pk).get()
    after_first = state(batch)

    second = tasks.task_check_upload.delay(batch_id=batch.pk).get()

    assert (second, state(batch)) == (first, after_first)


def test_task_check_upload_skips_a_committed_batch(world):
    batch = checked_batch(world, report_row("15.71"))
    commit(batch, world)
    before = state(batch)

    result = tasks.task_check_upload.delay(batch_id=batch.pk).get()

    assert (result, state(batch)) == (Status.COMMITTED, before)


def test_task_check_upload_finishes_a_check_that_was_cut_off(world):
    batch = stored_batch(world.users["petugas_a"], report_row("15.71"))
    batch.status = Status.VALIDATING
    batch.save()

    result = tasks.task_check_upload.delay(batch_id=batch.pk).get()

    assert result == Status.VALIDATED


# committing


def test_task_commit_upload_writes_the_file_and_tells_the_uploader(world):
    batch = checked_batch(world, report_row("15.71"), report_row("15.01"))

    result = commit(batch, world)

    assert (result, state(batch)) == (
        Status.COMMITTED,
        (
            Status.COMMITTED,
            {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "reports": 2},
            [],
            [("15.71", 2, FIGURES), ("15.01", 2, FIGURES)],
            12,
            2,
        ),
    )


def test_task_commit_upload_twice_writes_once(world):
    batch = checked_batch(world, report_row("15.71"), report_row("15.01"))
    first = commit(batch, world)
    after_first = state(batch)

    second = commit(batch, world)

    assert (second, state(batch)) == (first, after_first)


def test_task_commit_upload_skips_a_committed_batch(world):
    batch = checked_batch(world, report_row("15.71"))
    batches.commit_batch(batch, by=world.users["petugas_a"])
    before = state(batch)

    with mock.patch.object(batches, "commit_batch") as commit_batch:
        result = commit(batch, world)

    assert (result, commit_batch.call_count, state(batch)[:5]) == (
        Status.COMMITTED,
        0,
        before[:5],
    )


def test_task_commit_upload_leaves_an_unchecked_batch_alone(world):
    batch = stored_batch(world.users["petugas_a"], report_row("15.71"))

    result = commit(batch, world)

    assert (result, state(batch)) == (
        Status.UPLOADED,
        (Status.UPLOADED, {}, [], [], 0, 0),
    )


def test_task_commit_upload_finishes_a_commit_that_was_cut_off(world):
    batch = checked_batch(world, report_row("15.71"))
    ImportBatch.objects.filter(pk=batch.pk).update(status=Status.COMMITTING)

    result = commit(batch, world)

    assert (result, CoverageReport.objects.count()) == (Status.COMMITTED, 1)


def dies_after_writing(*args, **kwargs):
    """commit_plan that writes, then loses the database before the commit ends."""
    writing.commit_plan(*args, **kwargs)
    raise OperationalError("server closed the connection unexpectedly")


def cut_off(batch: ImportBatch, world) -> None:
    """Run the commit job until the database goes away in the middle of it."""
    with (
        mock.patch.object(batches, "commit_plan", dies_after_writing),
        pytest.raises(Retry),
    ):
        commit(batch, world)


def test_task_commit_upload_cut_off_mid_commit_writes_nothing_and_retries(world):
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = checked_batch(world, report_row("15.71", pemberi_kerja=130))
    before = state(batch)[3:]

    cut_off(batch, world)

    assert (state(batch)[0], state(batch)[3:]) == (Status.COMMITTING, before)


def test_task_commit_upload_run_again_after_being_cut_off_writes_once(world):
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = checked_batch(
        world, report_row("15.71", pemberi_kerja=130), report_row("15.01")
    )
    cut_off(batch, world)

    result = commit(batch, world)

    assert (result, state(batch)) == (
        Status.COMMITTED,
        (
            Status.COMMITTED,
            {"rows": 2, "new": 1, "changed": 1, "unchanged": 0, "reports": 2},
            [],
            [
                ("15.71", 2, FIGURES | {"pemberi_kerja": 130}),
                ("15.01", 2, FIGURES),
            ],
            7,
            2,
        ),
    )


def test_task_commit_upload_redelivered_after_the_save_still_tells_the_uploader(
    world,
):
    batch = checked_batch(world, report_row("15.71"))
    batches.commit_batch(batch, by=world.users["petugas_a"])  # then the worker died
    Notification.objects.all().delete()

    commit(batch, world)

    assert [n.texts["en"] for n in Notification.objects.all()] == [f"{FILENAME}: Saved"]


def test_task_commit_upload_of_a_stale_file_fails_the_batch_and_says_so(world):
    report = CoverageReportFactory(regency=world.reg_a2, year=2024)
    batch = checked_batch(world, report_row("15.71", pemberi_kerja=130))
    content = ReportContent.of(report)
    content.figures["pemberi_kerja"] = 125
    services.save_report(
        report, content, by=world.users["petugas_a"], expected_version=1, reason="x"
    )

    result = commit(batch, world)

    batch.refresh_from_db()
    assert (result, batch.status, Notification.objects.count()) == (
        Status.FAILED,
        Status.FAILED,
        2,
    )


# the periodic jobs


def test_beat_schedule_names_registered_tasks_that_expire_before_the_next_run():
    from paritrana.celery import app

    app.loader.import_default_modules()  # as a worker does when it starts
    schedule = app.conf.beat_schedule

    assert {entry["task"] for entry in schedule.values()} == {
        "participants.tasks.task_sweep_upload_jobs",
        "participants.tasks.task_remove_old_upload_files",
        "scoring.tasks.task_sweep_recompute_jobs",
        "publication.tasks.task_sweep_certificate_batches",
    }
    assert all(entry["task"] in app.tasks for entry in schedule.values())
    assert all(
        entry["options"]["expires"] <= entry["schedule"] for entry in schedule.values()
    )
