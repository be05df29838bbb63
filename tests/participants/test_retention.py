"""Files of uploads not saved (participants.importers.retention): removed after the
retention period with the batch row kept, and counted in a quota per user."""

from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone
from django.utils.formats import date_format

from participants import tasks
from participants.importers import batches, retention
from participants.models import ImportBatch
from review.workflow import ReviewError

pytestmark = pytest.mark.usefixtures("english")

Status = ImportBatch.Status
HEADER = "kode_wilayah,tahun,angkatan_kerja,pekerja_formal,pekerja_informal"
GOOD = "15.71,2024,18749,7000,11749"
BAD = "15.71,2024,banyak,7000,11749"


def kept(user, row: str = GOOD, *, days_ago: int = 0, **fields) -> ImportBatch:
    """A checked upload, its last step the given number of days ago."""
    data = f"{HEADER}\n{row}\n".encode()
    batch = batches.check_batch(
        batches.create_batch(data, "cakupan.csv", "reports", by=user)
    )
    when = timezone.now() - timedelta(days=days_ago)
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=when, **fields)
    batch.refresh_from_db()
    return batch


def files_of(batch: ImportBatch) -> list[bool]:
    return [
        bool(field.name) and field.storage.exists(field.name)
        for field in (batch.file, batch.plan_file)
    ]


def test_remove_old_files_removes_unsaved_uploads_past_the_retention(world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    user = world.users["petugas_a"]
    abandoned = kept(user, days_ago=31)
    rejected = kept(user, BAD, days_ago=31)
    failed = kept(user, days_ago=40, status=Status.FAILED)
    recent = kept(user, BAD, days_ago=29)

    removed = retention.remove_old_files()

    for batch in (abandoned, rejected, failed, recent):
        batch.refresh_from_db()
    assert removed == 3
    assert [files_of(b) for b in (abandoned, rejected, failed, recent)] == [
        [False, False],
        [False, False],
        [False, False],
        [True, False],
    ]
    assert [b.files_removed_at is not None for b in (abandoned, rejected, recent)] == [
        True,
        True,
        False,
    ]


def test_remove_old_files_keeps_saved_uploads_and_running_jobs(world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 1
    user = world.users["petugas_a"]
    saved = batches.commit_batch(kept(user), by=user)
    ImportBatch.objects.filter(pk=saved.pk).update(
        finished_at=timezone.now() - timedelta(days=5)
    )
    running = kept(user, days_ago=5, status=Status.COMMITTING)

    removed = retention.remove_old_files()

    assert (removed, files_of(saved), files_of(running)) == (
        0,
        [True, True],
        [True, True],
    )


def test_remove_old_files_counts_a_reverted_upload_from_its_revert(world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 10
    user = world.users["petugas_a"]
    reverted = batches.revert(batches.commit_batch(kept(user), by=user), by=user)
    ImportBatch.objects.filter(pk=reverted.pk).update(
        created_at=timezone.now() - timedelta(days=30),
        finished_at=timezone.now() - timedelta(days=9),
    )

    assert retention.remove_old_files() == 0
    assert retention.remove_old_files(timezone.now() + timedelta(days=2)) == 1


def test_task_remove_old_upload_files_keeps_the_batch_for_the_record(world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    batch = kept(world.users["petugas_a"], BAD, days_ago=31)

    removed = tasks.task_remove_old_upload_files.delay().get()

    batch.refresh_from_db()
    assert (removed, batch.status, batch.original_name, len(batch.sha256)) == (
        1,
        Status.REJECTED,
        "cakupan.csv",
        64,
    )


def test_saving_an_upload_whose_files_were_removed_is_refused(world, settings):
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    user = world.users["petugas_a"]
    batch = kept(user, days_ago=31)
    retention.remove_old_files()
    batch.refresh_from_db()

    with pytest.raises(ReviewError, match=r"This file was removed on .* because it"):
        batches.commit_batch(batch, by=user)


def test_the_page_of_an_upload_whose_files_were_removed_says_so(
    client, world, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    user = world.users["petugas_a"]
    batch = kept(user, days_ago=31)
    retention.remove_old_files()
    client.force_login(user)

    page = client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    save = client.post(f"/cakupan/unggah/{batch.pk}/simpan/", follow=True)

    assert page.status_code == 200
    assert "The stored file was removed on" in page.text
    assert "Save these changes" not in page.text
    assert "This file was removed on" in save.text


# quota


def test_check_quota_refuses_one_file_too_many_and_says_when_room_is_made(
    world, settings
):
    settings.IMPORT_QUOTA_FILES = 2
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    user = world.users["petugas_a"]
    kept(user, BAD, days_ago=10)
    kept(user)
    room = date_format(timezone.localtime() + timedelta(days=20), "DATE_FORMAT")

    with pytest.raises(ReviewError) as refused:
        retention.check_quota(user, 100)

    assert str(refused.value) == (
        "The file was not kept: you already have 2 uploaded files that were not "
        "saved, and the limit is 2. Files of uploads that were not saved are "
        "removed 30 days after their last step; you can upload again from "
        f"{room}, or ask the national admin."
    )


def test_check_quota_refuses_a_file_past_the_bytes_limit(world, settings):
    settings.IMPORT_QUOTA_BYTES = 1000
    user = world.users["petugas_a"]
    batch = kept(user)

    with pytest.raises(ReviewError, match=r"take \d+\xa0bytes, and with this file of"):
        retention.check_quota(user, 1001 - batch.file_bytes)
    retention.check_quota(user, 1000 - batch.file_bytes)


def test_check_quota_counts_neither_saved_nor_removed_files_nor_other_users(
    world, settings
):
    settings.IMPORT_QUOTA_FILES = 1
    settings.IMPORT_FILE_RETENTION_DAYS = 30
    user = world.users["petugas_a"]
    batches.commit_batch(kept(user), by=user)
    kept(user, BAD, days_ago=31)
    retention.remove_old_files()
    kept(world.users["petugas_b"], BAD)

    retention.check_quota(user, 100)  # no refusal


def test_upload_past_the_quota_is_refused_with_the_reason_and_kept_nowhere(
    client, world, settings
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    settings.IMPORT_QUOTA_FILES = 1
    user = world.users["petugas_a"]
    kept(user, BAD)
    client.force_login(user)
    upload = SimpleUploadedFile("cakupan.csv", f"{HEADER}\n{GOOD}\n".encode())

    response = client.post(
        "/cakupan/unggah/",
        {"kind": "reports", "file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 400
    assert "you already have 1 uploaded files that were not saved" in response.text
    assert ImportBatch.objects.count() == 1
