import pytest
from django.conf import settings

from paritrana.celery import app as celery_app


@pytest.fixture(scope="module")
def celery_worker_redis():
    """A real Celery worker thread consuming from this machine's Redis."""
    if not settings.REDIS_URL:
        pytest.skip("needs REDIS_URL: a real Redis broker and Celery worker")
    from celery.contrib.testing import tasks  # noqa: F401 - registers the ping task
    from celery.contrib.testing.worker import start_worker

    celery_app.conf.update(
        task_always_eager=False,
        broker_url=settings.REDIS_URL,
        result_backend=settings.REDIS_URL,
    )
    with start_worker(celery_app, perform_ping_check=True, pool="solo") as worker:
        yield worker
    celery_app.conf.update(task_always_eager=True)
