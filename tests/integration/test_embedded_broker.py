"""The embedded default's jobs on a real Celery worker: the upload page hands a large
file to the embedded broker (kombu's filesystem transport, as `make run` uses without
Redis), and a worker consuming it checks and saves the file while the page waits."""

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile

from paritrana.celery import app as celery_app
from participants.models import CoverageReport, ImportBatch

pytestmark = [pytest.mark.worker, pytest.mark.django_db(transaction=True)]

Status = ImportBatch.Status
WAIT = 60
KOTA_JAMBI = (
    "kode_wilayah,tahun,angkatan_kerja,pekerja_formal,pekerja_informal,"
    "peserta_pu,peserta_bpu,pemberi_kerja\n"
    "15.71,2024,18749,7000,11749,5000,6414,80\n"
)


def use_broker(url: str, transport: str | None, options: dict[str, Any]) -> None:
    """Send this process's tasks to the broker at url."""
    celery_app.conf.update(
        broker_url=url, broker_transport=transport, broker_transport_options=options
    )
    # The connection pools were made for the former broker: make them again.
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def embedded_worker(tmp_path: Path) -> Iterator[Path]:
    """A real Celery worker thread consuming from a filesystem broker in tmp_path;
    yields the broker's queue folder."""
    from celery.contrib.testing import tasks  # noqa: F401 - registers the ping task
    from celery.contrib.testing.worker import start_worker

    queue, control = tmp_path / "queue", tmp_path / "control"
    queue.mkdir()
    control.mkdir()
    folders = {"data_folder_in": str(queue), "data_folder_out": str(queue)}
    use_broker(
        "filesystem://localhost/",
        "paritrana.broker:Transport",
        folders | {"control_folder": str(control), "polling_interval": 0.1},
    )
    celery_app.conf.update(task_always_eager=False)
    try:
        with start_worker(celery_app, pool="solo", perform_ping_check=True):
            yield queue
    finally:
        celery_app.conf.update(task_always_eager=True)
        use_broker(
            settings.CELERY_BROKER_URL,
            settings.CELERY_BROKER_TRANSPORT,
            settings.CELERY_BROKER_TRANSPORT_OPTIONS,
        )


def wait_for(condition: Callable[[], Any], what: str) -> Any:
    deadline = time.monotonic() + WAIT
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(batch: ImportBatch) -> str:
    batch.refresh_from_db()
    return batch.status


def test_upload_is_checked_and_saved_by_a_worker_of_the_embedded_broker(
    embedded_worker: Path, client: Any, world: Any, settings: Any
) -> None:
    settings.IMPORT_BACKGROUND_BYTES = 1
    user = world.users["petugas_a"]
    client.force_login(user)
    upload = SimpleUploadedFile("cakupan.csv", KOTA_JAMBI.encode())

    client.post("/cakupan/unggah/", {"kind": "reports", "file": upload})
    batch = ImportBatch.objects.get()
    wait_for(lambda: status_of(batch) == Status.VALIDATED, "the check")
    client.post(f"/cakupan/unggah/{batch.pk}/simpan/")
    wait_for(lambda: status_of(batch) == Status.COMMITTED, "the save")

    assert CoverageReport.objects.get().angkatan_kerja == 18_749
    assert (batch.job_attempts, batch.job_state) == (1, ImportBatch.JobState.NONE)
    assert list(user.notifications.values_list("message", flat=True)) == [
        "cakupan.csv: Disimpan",
        "cakupan.csv: Sudah diperiksa: siap disimpan",
    ]
    assert sorted(path.name for path in embedded_worker.iterdir()) == []
