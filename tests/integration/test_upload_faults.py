"""Upload jobs under faults, with real `celery worker` subprocesses, Redis and
PostgreSQL: a worker killed -9 in the middle of a save, a broker that is stopped, and
a file that kills its worker every time. Each ends with the batch finished, every row
written exactly once (or none), and no request answering a server error."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.conf import settings
from django.db import connection
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext

from paritrana.celery import app as celery_app
from participants.importers import batches, jobs, problems
from participants.models import CoverageReport, ImportBatch
from review.models import AuditEntry
from tests import uploads

pytestmark = [
    pytest.mark.redis,
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("english"),
]

Status = ImportBatch.Status
JobState = ImportBatch.JobState
ROOT = Path(__file__).resolve().parents[2]
HEADER = ["kode_wilayah", "tahun", "angkatan_kerja", "pekerja_formal"]
ROWS = [["15.71", 2024, 18749, 7000], ["15.01", 2024, 10000, 4000]]
SAVED_ONCE = [("15.01", 2, 10000, 4000), ("15.71", 2, 18749, 7000)]
LEASE = 4
WAIT = 90


def csv_bytes() -> bytes:
    return uploads.csv_bytes(HEADER, *ROWS)


def written() -> tuple[list[tuple], int]:
    """Every report's code, version and figures, and how many values were audited."""
    reports = sorted(
        (r.region_code, r.version, r.angkatan_kerja, r.pekerja_formal)
        for r in CoverageReport.objects.all()
    )
    return reports, AuditEntry.objects.exclude(origin_id=None).count()


def wait_for(condition: Callable[[], Any], what: str, timeout: float = WAIT) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.3)
    raise AssertionError(f"timed out waiting for {what}")


def status_of(batch: ImportBatch) -> str:
    batch.refresh_from_db()
    return batch.status


def database_url() -> str:
    db = connection.settings_dict
    password = f":{db['PASSWORD']}" if db["PASSWORD"] else ""
    return (
        f"postgres://{db['USER']}{password}@{db['HOST'] or '127.0.0.1'}:"
        f"{db['PORT'] or 5432}/{db['NAME']}"
    )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class Processes:
    """Workers and Redis servers this test started, each in its own process group,
    stopped (only they) at the end."""

    def __init__(self, media: Path) -> None:
        self.media = media
        self.started: list[subprocess.Popen] = []

    def worker(self, broker: str, **env: str) -> subprocess.Popen:
        environment = os.environ | {
            "DJANGO_SETTINGS_MODULE": "paritrana.settings",
            "DEBUG": "1",
            "DATABASE_URL": database_url(),
            "REDIS_URL": broker,
            "MEDIA_ROOT": str(self.media),
            "VAR_DIR": str(self.media),
            "IMPORT_JOB_LEASE_SECONDS": str(LEASE),
            # The uploader's mail leaves at once, not held back for a digest, so
            # the queue is empty when a test looks at it.
            "NOTIFICATION_MAIL_DELAY_SECONDS": "0",
            "PYTHONPATH": str(ROOT),
            **env,
        }
        command = [sys.executable, "-m", "celery", "-A", "tests.integration.worker_app"]
        command += ["worker", "--pool=prefork", "--concurrency=1", "--loglevel=WARNING"]
        command += ["--without-mingle", "--without-gossip", "--without-heartbeat"]
        return self._start(command, environment)

    def redis(self, port: int) -> subprocess.Popen:
        command = ["redis-server", "--port", str(port), "--bind", "127.0.0.1"]
        server = self._start([*command, "--save", "", "--appendonly", "no"], None)
        client = redis.Redis(port=port)
        wait_for(lambda: _pings(client), "the private Redis server", 20)
        return server

    def _start(self, command: list[str], env: Any) -> subprocess.Popen:
        process = subprocess.Popen(
            command,
            cwd=ROOT,
            env=env,
            start_new_session=True,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        self.started.append(process)
        return process

    def stop(self, process: subprocess.Popen, how: int = signal.SIGTERM) -> None:
        if process.poll() is None:
            os.killpg(process.pid, how)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait(timeout=10)

    def stop_all(self) -> None:
        for process in reversed(self.started):
            self.stop(process, signal.SIGKILL)


def _pings(client: redis.Redis) -> bool:
    try:
        return bool(client.ping())
    except redis.RedisError:
        return False


def use_broker(url: str) -> None:
    """Send this test process's tasks to the broker at url."""
    celery_app.conf.update(task_always_eager=False, broker_url=url)
    # The connection pools were made for the former broker: make them again.
    celery_app._pool = None  # type: ignore[attr-defined]
    celery_app.amqp._producer_pool = None  # type: ignore[attr-defined]


@pytest.fixture
def processes(tmp_path: Path, settings: Any) -> Iterator[Processes]:
    """Files kept where the worker subprocesses find them; the processes stopped,
    this test's Redis db emptied and eager tasks back at the end."""
    settings.STORAGES = settings.STORAGES | {
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        }
    }
    settings.IMPORT_JOB_LEASE_SECONDS = LEASE
    started = Processes(tmp_path)
    try:
        yield started
    finally:
        started.stop_all()
        redis.Redis.from_url(settings.REDIS_URL).flushdb()
        use_broker(settings.REDIS_URL)
        celery_app.conf.update(task_always_eager=True)


def test_a_worker_killed_mid_save_is_detected_and_the_save_written_once(
    processes: Processes, world: Any, tmp_path: Path
) -> None:
    user = world.users["petugas_a"]
    use_broker(settings.REDIS_URL)
    batch = batches.check_batch(
        batches.create_batch(csv_bytes(), "cakupan.csv", "reports", by=user)
    )
    flag = tmp_path / "writing"
    first = processes.worker(
        settings.REDIS_URL,
        PARITRANA_TEST_FAULT="hang-after-writing",
        PARITRANA_TEST_FLAG=str(flag),
    )
    batches.queue_commit(batch, by=user)
    wait_for(flag.exists, "the save to write its rows")

    processes.stop(first, signal.SIGKILL)
    stuck = (status_of(batch), batch.job_state, written())
    wait_for(lambda: jobs.sweep(), "the sweep to find the stopped save", 30)
    processes.worker(settings.REDIS_URL)
    wait_for(lambda: status_of(batch) == Status.COMMITTED, "the save to finish")

    assert stuck == (Status.COMMITTING, JobState.RUNNING, ([], 0))
    assert (batch.job_attempts, written()) == (2, (SAVED_ONCE, 4))


def test_a_stopped_broker_answers_no_error_and_the_jobs_run_once_it_is_back(
    processes: Processes, world: Any, client: Any, settings: Any
) -> None:
    settings.IMPORT_BACKGROUND_BYTES = 1
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"  # pages in English
    port = free_port()
    broker = f"redis://127.0.0.1:{port}/0"
    use_broker(broker)  # nothing listens there yet
    client.force_login(world.users["petugas_a"])

    upload = client.post(
        reverse("participants:uploads"),
        {"kind": "reports", "file": _file()},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    batch = ImportBatch.objects.get()
    page = client.get(batch.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    checking = (upload.status_code, status_of(batch), batch.job_state)
    server = processes.redis(port)
    worker = processes.worker(broker)
    queued_checks = jobs.sweep()
    wait_for(lambda: status_of(batch) == Status.VALIDATED, "the check")
    processes.stop(worker)
    processes.stop(server)

    save = client.post(reverse("participants:upload_commit", args=[batch.pk]))
    saving = (save.status_code, status_of(batch), batch.job_state, written())
    processes.redis(port)
    processes.worker(broker)
    queued_saves = jobs.sweep()
    wait_for(lambda: status_of(batch) == Status.COMMITTED, "the save")

    assert checking == (302, Status.UPLOADED, JobState.WAITING)
    assert "Waiting for the job queue, which cannot be reached" in page.text
    assert saving == (302, Status.COMMITTING, JobState.WAITING, ([], 0))
    assert (queued_checks, queued_saves, written()) == (1, 1, (SAVED_ONCE, 4))


def test_a_file_that_kills_its_worker_fails_after_the_allowed_attempts(
    processes: Processes, world: Any, settings: Any
) -> None:
    use_broker(settings.REDIS_URL)
    batch = batches.create_batch(
        csv_bytes(), "cakupan.csv", "reports", by=world.users["petugas_a"]
    )
    worker = processes.worker(
        settings.REDIS_URL,
        PARITRANA_TEST_FAULT="abort-on-check",
        IMPORT_JOB_MAX_ATTEMPTS="3",
    )

    batches.queue_check(batch)
    wait_for(lambda: status_of(batch) == Status.FAILED, "the batch to be failed")
    time.sleep(2)  # long enough for a redelivery, if there were one

    queue = redis.Redis.from_url(settings.REDIS_URL)
    batch.refresh_from_db()
    # The worker keeps the rule; the reason is worded when read (here in Bahasa
    # Indonesia).
    with translation.override("id"):
        shown = problems.reason(batch.problems[0])
        given_up = gettext(
            "Checking this file stopped the processing %(count)s times, so it was "
            "given up: nothing was saved. The file may be damaged or too complex: "
            "save it again as a new .xlsx or .csv file (or split it) and upload it."
        ) % {"count": 3}
    assert (batch.job_attempts, shown) == (3, given_up)
    assert (queue.llen("celery"), queue.hlen("unacked"), worker.poll()) == (0, 0, None)
    assert written() == ([], 0)


def _file() -> Any:
    return uploads.csv_upload(csv_bytes())
