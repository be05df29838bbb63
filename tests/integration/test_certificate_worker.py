"""A certificate batch on a real Celery worker through Redis: one task per
certificate on the `pdf` queue, the last one sending the zip."""

import io
import time
import zipfile

import pytest
from django.db import transaction

from publication.models import CertificateBatch
from publication.services import certificates
from tests.publication.conftest import winners  # noqa: F401 - the fixture

pytestmark = [pytest.mark.redis, pytest.mark.django_db(transaction=True)]

TIMEOUT = 120


def finished(batch: CertificateBatch) -> CertificateBatch:
    """The batch once the worker has finished it."""
    deadline = time.monotonic() + TIMEOUT
    while time.monotonic() < deadline:
        batch.refresh_from_db()
        if not batch.is_active:
            return batch
        time.sleep(0.2)
    raise AssertionError(f"batch {batch.pk} still {batch.status} after {TIMEOUT} s")


def test_a_batch_renders_and_zips_on_the_worker(celery_worker_redis, winners):  # noqa: F811
    admin = winners.world.users["admin"]

    with transaction.atomic():
        batch = certificates.start_batch(
            winners.edition, winners.world.prov_a, by=admin
        )
    batch = finished(batch)

    with batch.zip_file.open("rb") as file:
        names = zipfile.ZipFile(io.BytesIO(file.read())).namelist()
    assert (batch.status, batch.done, batch.failed) == ("done", 2, 0)
    assert names == ["PRT-2025-15-KAB-001.pdf", "PRT-2025-15-KAB-002.pdf"]
