import pytest

from paritrana.celery import app as celery_app

pytestmark = pytest.mark.redis


def test_worker_runs_task_through_redis(celery_worker_redis):
    result = celery_app.send_task("celery.ping")

    assert result.get(timeout=10) == "pong"
