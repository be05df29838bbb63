import pytest

from paritrana.celery import app as celery_app

pytestmark = pytest.mark.redis


def test_worker_runs_task_through_redis(celery_worker_redis):
    result = celery_app.send_task("celery.ping")

    assert result.get(timeout=10) == "pong"


def test_health_reports_database_and_cache(client, db):
    response = client.get("/healthz/")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": True, "cache": True},
    )
