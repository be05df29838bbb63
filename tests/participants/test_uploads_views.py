import io

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from participants.importers import batches
from participants.models import CoverageReport, ImportBatch
from review.models import AuditEntry, ReviewStatus
from review.workflow import ReviewError
from tests import uploads
from tests.factories import CoverageReportFactory

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME
Status = ImportBatch.Status

HEADER = (
    "kode_wilayah,tahun,angkatan_kerja,pekerja_formal,pekerja_informal,"
    "peserta_pu,peserta_bpu,pemberi_kerja"
)
KOTA_JAMBI = "15.71,2024,18749,7000,11749,5000,6414,80"
KERINCI = "15.01,2024,10000,4000,6000,3500,2500,120"  # as the factory's report


@pytest.fixture(autouse=True)
def english_pages(client, english):
    """Pages and messages in their English source text."""
    client.cookies[LANGUAGE] = "en"


def csv_text(*rows: str) -> bytes:
    """A CSV file of the rows as written, under the header."""
    return ("\n".join([HEADER, *rows]) + "\n").encode()


def csv_file(*rows: str, name: str = "cakupan.csv") -> SimpleUploadedFile:
    return uploads.csv_upload(csv_text(*rows), name)


def upload(client, *rows: str, kind: str = "reports", **options):
    return client.post(
        "/cakupan/unggah/", {"kind": kind, "file": csv_file(*rows)}, **options
    )


def signed_in(client, world, key: str = "petugas_a"):
    client.force_login(world.users[key])
    return world.users[key]


def stored_batch(user, *rows: str, name: str = "cakupan.csv") -> ImportBatch:
    """A checked batch of the given CSV rows, made through the services."""
    return uploads.checked_batch(user, csv_text(*rows), name)


def committed_batch(user, *rows: str) -> ImportBatch:
    return batches.commit_batch(stored_batch(user, *rows), by=user)


# Who may use the pages


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("petugas_a", 200),
        ("admin", 200),
        ("superuser", 200),
        ("verifikator_cabang_a", 403),
        ("panitia_a", 403),
        ("penilai", 403),
        ("no_role", 403),
    ],
)
def test_upload_page_is_for_branch_officers_and_national_admins(
    client, world, key, code
):
    signed_in(client, world, key)

    response = client.get("/cakupan/unggah/")

    assert response.status_code == code


def test_upload_page_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get("/cakupan/unggah/")

    assert response["Location"] == "/akun/masuk/?next=/cakupan/unggah/"


@pytest.mark.parametrize(
    ("key", "code"), [("petugas_a", 200), ("admin", 200), ("petugas_b", 404)]
)
def test_batch_page_is_for_its_uploader_and_national_admins(client, world, key, code):
    batch = stored_batch(world.users["petugas_a"], KOTA_JAMBI)
    signed_in(client, world, key)

    responses = [
        client.get(f"/cakupan/unggah/{batch.pk}/"),
        client.get(f"/cakupan/unggah/{batch.pk}/status/"),
    ]

    assert [response.status_code for response in responses] == [code, code]


def test_another_officer_cannot_commit_or_revert_a_batch(client, world):
    batch = stored_batch(world.users["petugas_a"], KOTA_JAMBI)
    signed_in(client, world, "petugas_a2")

    responses = [
        client.post(f"/cakupan/unggah/{batch.pk}/simpan/"),
        client.post(f"/cakupan/unggah/{batch.pk}/kembalikan/", {"confirm": "yes"}),
    ]

    assert [response.status_code for response in responses] == [404, 404]
    assert ImportBatch.objects.get().status == Status.VALIDATED


# Uploading and the preview


def test_small_valid_file_is_checked_at_once_and_shows_the_preview(client, world):
    signed_in(client, world)
    CoverageReportFactory(regency=world.reg_a1, year=2024)

    response = upload(client, KOTA_JAMBI, KERINCI)

    batch = ImportBatch.objects.get()
    page = client.get(response["Location"])
    assert response["Location"] == f"/cakupan/unggah/{batch.pk}/"
    assert (batch.status, batch.counts) == (
        Status.VALIDATED,
        {"rows": 2, "new": 1, "changed": 0, "unchanged": 1},
    )
    assert b"Save these changes" in page.content
    assert CoverageReport.objects.count() == 1


def test_preview_shows_counts_as_cards(client, world):
    user = signed_in(client, world)
    CoverageReportFactory(regency=world.reg_a1, year=2024)
    batch = stored_batch(user, KOTA_JAMBI, "15.01,2024,10000,4000,6000,3500,2400,120")

    response = client.get(f"/cakupan/unggah/{batch.pk}/")

    html = response.content.decode()
    values = [
        chunk.split("</span>")[0]
        for chunk in html.split('<span class="stat__value">')[1:]
    ]
    assert values == ["2", "1", "1", "0"]


def test_commit_saves_the_reports_with_the_batch_in_their_history(client, world):
    user = signed_in(client, world)
    batch = stored_batch(user, KOTA_JAMBI)

    response = client.post(f"/cakupan/unggah/{batch.pk}/simpan/", follow=True)

    batch.refresh_from_db()
    report = CoverageReport.objects.get()
    entries = AuditEntry.objects.for_record(report)
    assert (batch.status, batch.counts["reports"]) == (Status.COMMITTED, 1)
    assert (report.region_code, report.angkatan_kerja) == ("15.71", 18_749)
    assert {entry.origin_id for entry in entries} == {batch.pk}
    assert list(response.context["messages"]) == []
    assert [r.region_code for r in response.context["reports"]] == ["15.71"]
    assert response.context["can_revert"] is True


def test_same_file_again_says_nothing_would_change(client, world):
    user = signed_in(client, world)
    committed_batch(user, KOTA_JAMBI)

    response = upload(client, KOTA_JAMBI, follow=True)

    batch = ImportBatch.objects.latest("pk")
    assert batch.counts == {"rows": 1, "new": 0, "changed": 0, "unchanged": 1}
    notes = response.context["notes"]
    assert notes[0] == "Nothing would change: every row matches what is stored."
    assert notes[1].startswith("The same file was saved before, on ")
    assert response.context["would_change"] is False
    assert b"Save these changes" not in response.content
    assert b"There is nothing to save" in response.content


def test_bad_file_shows_the_problems_and_saves_nothing(client, world):
    signed_in(client, world)

    response = upload(
        client,
        "15.71,2024,-5,7000,11749,5000,6414,80",
        "21.05,2024,1,1,0,0,0,0",
        follow=True,
    )

    assert ImportBatch.objects.get().status == Status.REJECTED
    assert response.context["problems"] == [
        {
            "row": 2,
            "column": "angkatan_kerja",
            "value": "-5",
            "reason": "cannot be negative.",
        },
        {
            "row": 3,
            "column": "kode_wilayah",
            "value": "21.05",
            "reason": "this region is outside your branch's area.",
        },
    ]
    assert b"Nothing was saved." in response.content
    assert b"/cakupan/unggah/?kind=reports" in response.content
    assert CoverageReport.objects.count() == 0
    assert AuditEntry.objects.count() == 0


def test_unreadable_file_is_a_problem_of_the_whole_file(client, world):
    signed_in(client, world)
    garbage = SimpleUploadedFile("cakupan.xlsx", b"not a workbook at all")

    response = client.post(
        "/cakupan/unggah/", {"kind": "reports", "file": garbage}, follow=True
    )

    problems = response.context["problems"]
    assert [(p["row"], p["column"]) for p in problems] == [(0, "")]
    assert b"whole file" in response.content


def test_oversized_file_is_a_form_error_and_nothing_is_stored(client, world, settings):
    settings.IMPORT_MAX_BYTES = 100
    signed_in(client, world)

    response = upload(client, KOTA_JAMBI, KERINCI, KOTA_JAMBI)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "file": ["The file is 226\xa0bytes; the limit is 100\xa0bytes."]
    }
    assert ImportBatch.objects.count() == 0


def test_empty_file_is_a_form_error(client, world):
    signed_in(client, world)
    empty = SimpleUploadedFile("cakupan.csv", b"")

    response = client.post("/cakupan/unggah/", {"kind": "reports", "file": empty})

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["file"]
    assert ImportBatch.objects.count() == 0


# Large files: the background jobs (eager in tests)


def test_large_file_is_checked_and_saved_by_the_jobs(
    client, world, settings, django_capture_on_commit_callbacks, mailoutbox
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    user = signed_in(client, world)

    with django_capture_on_commit_callbacks(execute=True):
        response = upload(client, KOTA_JAMBI)
    batch = ImportBatch.objects.get()
    checked = batch.status
    with django_capture_on_commit_callbacks(execute=True):
        client.post(f"/cakupan/unggah/{batch.pk}/simpan/")

    batch.refresh_from_db()
    assert response["Location"] == f"/cakupan/unggah/{batch.pk}/"
    assert (checked, batch.status) == (Status.VALIDATED, Status.COMMITTED)
    assert CoverageReport.objects.get().angkatan_kerja == 18_749
    assert list(user.notifications.values_list("message", flat=True)) == [
        "cakupan.csv: Disimpan",
        "cakupan.csv: Sudah diperiksa: siap disimpan",
    ]
    assert len(mailoutbox) == 2


def test_large_file_shows_the_progress_bar_until_the_job_ran(client, world, settings):
    settings.IMPORT_BACKGROUND_BYTES = 1
    signed_in(client, world)
    upload(client, KOTA_JAMBI)  # the job waits for the commit that never comes
    batch = ImportBatch.objects.get()

    response = client.get(f"/cakupan/unggah/{batch.pk}/")

    assert batch.status == Status.UPLOADED
    assert response.context["running"] is True
    assert b"<progress" in response.content
    assert b'http-equiv="refresh"' in response.content
    assert b"js/upload_progress.js" in response.content


def test_a_second_commit_click_queues_the_job_once(
    client, world, settings, django_capture_on_commit_callbacks
):
    settings.IMPORT_BACKGROUND_BYTES = 1
    batch = stored_batch(signed_in(client, world), KOTA_JAMBI)

    with django_capture_on_commit_callbacks() as callbacks:
        client.post(f"/cakupan/unggah/{batch.pk}/simpan/")
        client.post(f"/cakupan/unggah/{batch.pk}/simpan/")

    batch.refresh_from_db()
    assert (batch.status, len(callbacks)) == (Status.COMMITTING, 1)


# Status as JSON


def test_status_tells_the_progress_bar_where_the_job_is(client, world):
    batch = stored_batch(signed_in(client, world), KOTA_JAMBI)
    running = ImportBatch.objects.create(
        kind="reports",
        uploaded_by=batch.uploaded_by,
        status=Status.VALIDATING,
        progress=10,
    )

    done = client.get(f"/cakupan/unggah/{batch.pk}/status/").json()
    busy = client.get(f"/cakupan/unggah/{running.pk}/status/").json()

    assert done == {
        "status": "validated",
        "status_label": "Checked: ready to commit",
        "progress": 100,
        "done": True,
        "detail": "",
    }
    assert busy == {
        "status": "validating",
        "status_label": "Checking",
        "progress": 10,
        "done": False,
        "detail": "Being processed; this page follows it by itself.",
    }


# Revert


def test_revert_puts_back_the_earlier_values(client, world):
    user = signed_in(client, world)
    CoverageReportFactory(regency=world.reg_a2, year=2024, angkatan_kerja=10_000)
    batch = committed_batch(user, KOTA_JAMBI)

    response = client.post(
        f"/cakupan/unggah/{batch.pk}/kembalikan/", {"confirm": "yes"}, follow=True
    )

    batch.refresh_from_db()
    assert batch.status == Status.REVERTED
    assert CoverageReport.objects.get().angkatan_kerja == 10_000
    assert [str(m) for m in response.context["messages"]] == [
        "The upload was reverted: the earlier values are back."
    ]
    assert b"This upload was reverted" in response.content


def test_revert_needs_the_confirmation(client, world):
    batch = committed_batch(signed_in(client, world), KOTA_JAMBI)

    client.post(f"/cakupan/unggah/{batch.pk}/kembalikan/")

    batch.refresh_from_db()
    assert batch.status == Status.COMMITTED


def test_revert_is_refused_once_a_report_is_submitted(client, world):
    batch = committed_batch(signed_in(client, world), KOTA_JAMBI)
    CoverageReport.objects.update(status=ReviewStatus.SUBMITTED)

    page = client.get(f"/cakupan/unggah/{batch.pk}/")
    response = client.post(
        f"/cakupan/unggah/{batch.pk}/kembalikan/", {"confirm": "yes"}, follow=True
    )

    assert page.context["can_revert"] is False
    assert b"can no longer be reverted" in page.content
    assert [str(m) for m in response.context["messages"]] == [
        "Some reports are already submitted or approved: 15.71 Kota Jambi 2024."
    ]
    assert ImportBatch.objects.get().status == Status.COMMITTED


# Recent uploads


def test_officers_see_their_own_uploads_and_admins_all(client, world):
    mine = stored_batch(world.users["petugas_a"], KOTA_JAMBI)
    stored_batch(world.users["petugas_a2"], KERINCI)
    signed_in(client, world, "petugas_a")

    own = client.get("/cakupan/unggah/").context["recent"]
    signed_in(client, world, "admin")
    every = client.get("/cakupan/unggah/").context["recent"]

    assert own == [(mine, "Coverage reports")]
    assert len(every) == 2


def test_recent_uploads_take_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    user = signed_in(client, world, "admin")
    stored_batch(user, KOTA_JAMBI)
    with CaptureQueriesContext(connection) as one_row:
        client.get("/cakupan/unggah/")
    stored_batch(world.users["petugas_a"], KERINCI)
    stored_batch(world.users["petugas_a2"], KERINCI)

    with django_assert_num_queries(len(one_row)):
        response = client.get("/cakupan/unggah/")

    assert len(response.context["recent"]) == 3


# Templates


def test_blank_csv_template_has_a_bom_and_the_indonesian_header(client, world):
    signed_in(client, world)

    response = client.get("/cakupan/unggah/templat/reports.csv")

    first_line = response.content.split(b"\r\n")[0]
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"] == (
        'attachment; filename="coverage-template-regencies.csv"'
    )
    assert (
        first_line
        == (
            "\ufeffkode_wilayah,nama_wilayah,tahun,angkatan_kerja,pekerja_formal,"
            "pekerja_informal,peserta_pu,peserta_bpu,peserta_jakon,peserta_pmi,"
            "pemberi_kerja"
        ).encode()
    )


def test_blank_xlsx_template_opens_with_openpyxl(client, world):
    signed_in(client, world)

    response = client.get("/cakupan/unggah/templat/villages.xlsx")

    workbook = load_workbook(io.BytesIO(response.content), read_only=True)
    header = next(workbook["Data"].iter_rows(max_row=1, values_only=True))
    assert workbook.sheetnames == ["Data", "Petunjuk - Notes"]
    assert header == (
        "kode_desa",
        "nama_desa",
        "tahun",
        "pekerja_terlindungi",
        "sumber_dana",
    )


def test_prefilled_template_holds_only_the_users_regions(client, world):
    signed_in(client, world)
    CoverageReportFactory(regency=world.reg_a2, year=2024, angkatan_kerja=12_345)

    response = client.get(
        "/cakupan/unggah/templat/terisi/", {"kind": "reports", "year": "2024"}
    )

    rows = load_workbook(io.BytesIO(response.content))["Data"]
    values = [row[:4] for row in rows.iter_rows(min_row=2, values_only=True)]
    assert response["Content-Disposition"] == (
        'attachment; filename="coverage-template-regencies-2024.xlsx"'
    )
    assert values == [
        ("15.01", "Kabupaten Kerinci", 2024, None),
        ("15.71", "Kota Jambi", 2024, 12_345),
    ]


def test_templates_are_for_uploaders_only(client, world):
    signed_in(client, world, "verifikator_cabang_a")

    responses = [
        client.get("/cakupan/unggah/templat/reports.csv"),
        client.get(
            "/cakupan/unggah/templat/terisi/", {"kind": "reports", "year": "2024"}
        ),
    ]

    assert [response.status_code for response in responses] == [403, 403]


def test_prefilled_template_needs_a_known_kind_and_year(client, world):
    signed_in(client, world)

    response = client.get(
        "/cakupan/unggah/templat/terisi/", {"kind": "nope", "year": "1900"}
    )

    assert response.status_code == 404


# Navigation


def test_upload_is_in_the_menu_of_branch_officers_only(client, world):
    signed_in(client, world, "petugas_a")
    officer = client.get("/cakupan/unggah/").context["nav_items"]
    signed_in(client, world, "verifikator_cabang_a")
    verifier = client.get("/cakupan/").context["nav_items"]

    assert [item["label"] for item in officer if item["active"]] == ["Unggah"]
    assert "Upload" not in [item["label"] for item in verifier]


def test_commit_refused_by_a_race_fails_the_batch_and_says_why(
    client, world, monkeypatch
):
    """A report changed between the check and the save (a race): the batch must not
    stay "saving" for ever."""
    batch = stored_batch(signed_in(client, world), KOTA_JAMBI)

    def refuse(*args, **kwargs):
        raise ReviewError("15.71 2024 changed after the file was checked.")

    monkeypatch.setattr(batches, "commit_plan", refuse)

    response = client.post(f"/cakupan/unggah/{batch.pk}/simpan/", follow=True)

    batch.refresh_from_db()
    assert batch.status == Status.FAILED
    assert [str(m) for m in response.context["messages"]] == [
        "15.71 2024 changed after the file was checked."
    ]
    assert response.context["problems"][0]["reason"] == (
        "15.71 2024 changed after the file was checked."
    )
    assert CoverageReport.objects.count() == 0


def test_batch_page_takes_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    user = signed_in(client, world)
    one = committed_batch(user, KOTA_JAMBI)
    three = committed_batch(
        user,
        "15.71,2023,18749,7000,11749,5000,6414,80",
        KERINCI,
        "15.01,2023,1,1,0,0,0,0",
    )
    with CaptureQueriesContext(connection) as one_report:
        client.get(f"/cakupan/unggah/{one.pk}/")

    with django_assert_num_queries(len(one_report)):
        response = client.get(f"/cakupan/unggah/{three.pk}/")

    assert len(response.context["reports"]) == 3
