"""Large pre-filled templates (the national village template) are prepared by a
background job, with eager Celery: progress page, download, reuse of the same data
version, and the lease, attempts and sweep that keep a job from staying stuck."""

import io
from datetime import timedelta

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from participants import tasks
from participants.importers import template_jobs
from participants.importers.kinds import KINDS
from participants.models import ImportBatch, PrefilledTemplate
from tests.factories import CoverageReportFactory, VillageProtectionFactory

pytestmark = pytest.mark.django_db
Status = PrefilledTemplate.Status
VILLAGES = KINDS[ImportBatch.Kind.VILLAGES]
ASK = "/cakupan/unggah/templat/terisi/"


@pytest.fixture(autouse=True)
def small_threshold(settings):
    """The national template of the test world (3 desa) counts as large; a branch's
    (2 desa) does not."""
    settings.PREFILLED_BACKGROUND_ROWS = 2


def _ask(client, capture, **params):
    with capture(execute=True):
        return client.get(ASK, {"kind": "villages", "year": "2024", **params})


def _job(response) -> PrefilledTemplate:
    return PrefilledTemplate.objects.get(pk=response["Location"].split("/")[-2])


def test_national_village_template_is_prepared_then_downloaded(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["admin"])

    response = _ask(client, django_capture_on_commit_callbacks)
    page = client.get(response["Location"])
    download = client.get(f"{response['Location']}unduh/")

    sheet = load_workbook(io.BytesIO(b"".join(download.streaming_content)))["Data"]
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert (response.status_code, _job(response).status) == (302, Status.READY)
    assert b"/unduh/" in page.content
    assert codes == ["15.01.01.2001", "15.71.01.1001", "21.05.01.2001"]
    assert download["Content-Disposition"] == (
        'attachment; filename="templat-cakupan-desa-2024.xlsx"'
    )


def test_same_data_version_reuses_the_file_and_new_data_makes_a_new_one(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["admin"])
    first = _job(_ask(client, django_capture_on_commit_callbacks))
    client.force_login(world.users["superuser"])  # another national admin
    again = _job(_ask(client, django_capture_on_commit_callbacks))
    report = CoverageReportFactory(regency=world.reg_a1, year=2024)
    VillageProtectionFactory(report=report, village=world.vil_a1, workers=5)

    changed = _job(_ask(client, django_capture_on_commit_callbacks))

    assert (again.pk, again.file.name) == (first.pk, first.file.name)
    assert list(PrefilledTemplate.objects.values_list("pk", flat=True)) == [changed.pk]
    assert changed.pk != first.pk
    assert not first.file.storage.exists(first.file.name)  # the older file is gone


def test_a_branch_template_stays_immediate(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["petugas_a"])

    response = _ask(client, django_capture_on_commit_callbacks)

    assert (response.status_code, PrefilledTemplate.objects.count()) == (200, 0)


def test_status_answers_for_the_progress_bar(
    client, world, settings, django_capture_on_commit_callbacks
):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["admin"])
    job = _job(_ask(client, django_capture_on_commit_callbacks))

    state = client.get(f"{ASK}{job.pk}/status/").json()

    assert state == {
        "status": "ready",
        "status_label": "Ready",
        "progress": 100,
        "done": True,
        "detail": "The file is ready.",
    }


def test_a_queued_template_page_refreshes_itself_without_script(client, world):
    job = _queued(world)
    client.force_login(world.users["admin"])

    page = client.get(f"{ASK}{job.pk}/")

    assert b'http-equiv="refresh"' in page.content
    assert b"upload-progress-bar" in page.content
    assert client.get(f"{ASK}{job.pk}/unduh/").status_code == 404


def test_another_scope_does_not_see_the_national_template(client, world):
    job = _queued(world)
    client.force_login(world.users["petugas_a"])

    answers = [
        client.get(f"{ASK}{job.pk}{end}").status_code for end in ("/", "/status/")
    ]

    assert answers == [404, 404]


@pytest.mark.parametrize(
    ("path", "status"),
    [
        (f"{ASK}99999999999999999999999/", 404),
        (f"{ASK}99999999999999999999999/status/", 404),
        (f"{ASK}0/unduh/", 404),
        (f"{ASK}?kind=villages%00&year=2024", 400),
        (f"{ASK}?kind=villages&year=%D9%A2%D9%A0%D9%A2%D9%A4", 404),
        (f"{ASK}?kind=villages&year=99999999999999999999999", 404),
        (f"{ASK}?year=2024", 404),
    ],
)
def test_crafted_requests_answer_a_client_error(client, world, path, status):
    client.force_login(world.users["admin"])

    assert client.get(path).status_code == status


def _queued(world, **fields) -> PrefilledTemplate:
    values = {
        "kind": "villages",
        "year": 2024,
        "scope": "all",
        "language": "en",
        "data_version": "v",
        "requested_by": world.users["admin"],
        "lease_until": timezone.now() + timedelta(minutes=2),
    }
    return PrefilledTemplate.objects.create(**values | fields)


def test_sweep_queues_again_a_job_whose_lease_ran_out(
    world, django_capture_on_commit_callbacks
):
    past = timezone.now() - timedelta(seconds=1)
    job = _queued(world, status=Status.RUNNING, attempts=1, lease_until=past)

    with django_capture_on_commit_callbacks(execute=True):
        swept = tasks.task_sweep_upload_jobs()

    job.refresh_from_db()
    assert (swept, job.status, job.attempts, job.progress) == (1, "ready", 2, 100)


def test_a_job_that_stopped_too_often_is_failed_with_a_reason(world, settings):
    settings.IMPORT_JOB_MAX_ATTEMPTS = 2
    past = timezone.now() - timedelta(seconds=1)
    job = _queued(world, status=Status.RUNNING, attempts=2, lease_until=past)

    done = template_jobs.build(job.pk)

    with translation.override("en"):
        reason = template_jobs.describe(done)
    assert (done.status, done.file.name, done.error) == (Status.FAILED, "", "given_up")
    assert reason.startswith("Preparing the file stopped 2 times")


def test_a_job_failure_kept_as_text_before_still_shows(world):
    job = _queued(world, status=Status.FAILED, error="Berkas gagal disiapkan.")

    with translation.override("en"):
        reason = template_jobs.describe(job)

    assert reason == "Berkas gagal disiapkan."


def test_a_delivery_under_another_live_lease_does_nothing(world):
    job = _queued(world, status=Status.RUNNING, attempts=1)

    done = template_jobs.build(job.pk)

    assert (done.status, done.attempts) == (Status.RUNNING, 1)


def test_a_late_attempt_writes_nothing(world):
    job = _queued(world, status=Status.RUNNING, attempts=3)

    template_jobs._finish(job.pk, 2, b"PK", "templat.xlsx")

    job.refresh_from_db()
    assert (job.status, job.file.name) == (Status.RUNNING, "")


def test_an_unreachable_queue_leaves_the_job_for_the_sweep(
    client, world, monkeypatch, django_capture_on_commit_callbacks
):
    def down(*args, **kwargs):
        raise ConnectionError("broker down")

    monkeypatch.setattr(tasks.task_prepare_prefilled_template, "apply_async", down)
    client.force_login(world.users["admin"])

    job = _job(_ask(client, django_capture_on_commit_callbacks))

    assert (job.status, job.attempts, job.lease_until is not None) == (
        Status.QUEUED,
        0,
        True,
    )
