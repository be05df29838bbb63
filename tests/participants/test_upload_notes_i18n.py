"""An upload's notes and the refusals of a whole file are kept as their rule and
values and read in the reader's language: the same batch in Indonesian and in
English, on the page and in the API; notes and refusals kept as text still show."""

from datetime import UTC, datetime

import pytest
from django.conf import settings
from django.db.models import F

from participants.importers import batches, jobs
from participants.models import CoverageReport, ImportBatch
from review.workflow import ReviewError
from tests import uploads
from tests.factories import CoverageReportFactory

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME
Status = ImportBatch.Status
NOTED = ([*uploads.REPORT_HEADER, "catatan"], [*uploads.report_row("15.71"), "x"])
SAVED_AT = datetime(2026, 12, 3, 2, 5, tzinfo=UTC)  # 09:05 in Jakarta


def read_on_page(client, batch, language: str) -> tuple[list[str], list[str]]:
    client.cookies[LANGUAGE] = language
    context = client.get(f"/cakupan/unggah/{batch.pk}/").context
    return [p["reason"] for p in context["problems"]], context["notes"]


def read_in_api(client, batch, language: str) -> tuple[list[str], list[str]]:
    client.cookies[LANGUAGE] = language
    body = client.get(f"/api/v1/uploads/{batch.pk}/").json()
    return [p["reason"] for p in body["problems"]], body["notes"]


READERS = [read_on_page, read_in_api]


@pytest.fixture
def uploader(client, world):
    client.force_login(world.users["petugas_a"])
    return world.users["petugas_a"]


@pytest.fixture
def noted(uploader) -> ImportBatch:
    """A file saved once, then uploaded again: every kind of note but a warning."""
    data = uploads.csv_bytes(*NOTED)
    first = batches.commit_batch(uploads.checked_batch(uploader, data), by=uploader)
    ImportBatch.objects.filter(pk=first.pk).update(finished_at=SAVED_AT)
    return uploads.checked_batch(uploader, data)


@pytest.mark.parametrize("read", READERS)
def test_upload_notes_read_in_each_language_only(client, uploader, noted, read):
    shown = (read(client, noted, "en")[1], read(client, noted, "id")[1])

    assert shown == (
        [
            "Column “catatan” is not used and was ignored.",
            "Nothing would change: every row matches what is stored.",
            f"The same file was saved before, on 3 Dec 2026, 09:05 by "
            f"{uploader.display_name}.",
        ],
        [
            "Kolom “catatan” tidak digunakan dan diabaikan.",
            "Tidak ada yang akan berubah: setiap baris sama dengan data yang "
            "tersimpan.",
            f"Berkas yang sama sudah pernah disimpan pada 3 Des 2026, 09:05 oleh "
            f"{uploader.display_name}.",
        ],
    )


def test_upload_notes_are_kept_as_rules_not_text(noted):
    kept = [note["rule"] for note in noted.notes]

    assert kept == ["column_ignored", "nothing_changes", "saved_before"]


def test_upload_warning_note_names_its_row_in_each_language(client, uploader):
    CoverageReportFactory(regency_id="15.71", year=2023)
    data = uploads.csv_bytes(
        uploads.REPORT_HEADER, uploads.report_row("15.71", peserta_pu=7_500)
    )
    batch = uploads.checked_batch(uploader, data)

    shown = (read_on_page(client, batch, "en")[1], read_in_api(client, batch, "id")[1])

    assert shown == (
        [
            "Row 2: PU participants (wage earners): coverage moves from 60.00 % "
            "last year to 100.00 % (more than 15 points); explain why."
        ],
        [
            "Baris 2: Peserta PU (penerima upah): cakupan berubah dari 60,00 % "
            "tahun lalu menjadi 100,00 % (lebih dari 15 poin); jelaskan alasannya."
        ],
    )


@pytest.mark.parametrize("read", READERS)
def test_whole_file_refusal_read_in_each_language_only(client, uploader, read):
    data = uploads.csv_bytes(uploads.REPORT_HEADER)
    batch = uploads.checked_batch(uploader, data)

    shown = (read(client, batch, "en")[0], read(client, batch, "id")[0])

    assert (batch.problems, shown) == (
        [{"row": 0, "column": "", "value": "", "rule": "no_data_rows", "params": {}}],
        (
            ["The file has a header row but no data rows."],
            ["Berkas memiliki baris judul, tetapi tidak ada baris data."],
        ),
    )


def test_whole_file_refusal_names_its_limits_in_each_language(client, uploader):
    data = uploads.csv_bytes(uploads.REPORT_HEADER, *[uploads.report_row("15.71")] * 3)
    batch = uploads.stored_batch(uploader, data)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(batches, "max_rows", lambda: 2)
        batches.check_batch(batch)

    shown = (read_on_page(client, batch, "en")[0], read_in_api(client, batch, "id")[0])

    assert (batch.problems[0]["params"], shown) == (
        {"count": 3, "limit": 2},
        (
            ["The file has 3 data rows; at most 2 can be uploaded."],
            [
                "Berkas memiliki 3 baris data; paling banyak 2 baris yang dapat "
                "diunggah."
            ],
        ),
    )


@pytest.mark.parametrize("read", READERS)
def test_job_given_up_read_in_each_language_only(client, uploader, read):
    batch = uploads.stored_batch(uploader, uploads.csv_bytes(*NOTED))
    ImportBatch.objects.filter(pk=batch.pk).update(
        status=Status.VALIDATING, job_attempts=2
    )
    batch.refresh_from_db()
    jobs.give_up(batch)
    batch.refresh_from_db()

    shown = (read(client, batch, "en")[0][0][:48], read(client, batch, "id")[0][0][:45])

    assert (batch.problems[0]["rule"], shown) == (
        "checking_given_up",
        (
            "Checking this file stopped the processing 2 time",
            "Pemeriksaan berkas ini membuat pemrosesan ter",
        ),
    )


def test_save_refused_after_a_change_is_kept_as_its_rule(client, uploader):
    report = CoverageReportFactory(regency_id="15.71", year=2024)
    data = uploads.csv_bytes(
        uploads.REPORT_HEADER, uploads.report_row("15.71", pemberi_kerja=121)
    )
    batch = uploads.checked_batch(uploader, data)
    CoverageReport.objects.filter(pk=report.pk).update(version=F("version") + 1)

    with pytest.raises(ReviewError):
        batches.commit_batch(batch, by=uploader)

    batch.refresh_from_db()
    assert (
        batch.status,
        batch.problems[0]["rule"],
        read_on_page(client, batch, "id")[0],
    ) == (
        Status.FAILED,
        "report_changed",
        ["15.71 2024 berubah setelah berkas diperiksa; periksa berkas kembali."],
    )


def test_upload_notes_kept_as_text_before_still_show(client, uploader, noted):
    noted.notes = ["Kolom “catatan” tidak digunakan dan diabaikan."]
    noted.save(update_fields=["notes"])

    shown = read_on_page(client, noted, "en")[1]

    assert shown == ["Kolom “catatan” tidak digunakan dan diabaikan."]
