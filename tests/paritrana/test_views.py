import pytest

pytestmark = pytest.mark.django_db


def test_health_reports_database_and_cache(client):
    response = client.get("/healthz/")

    assert (response.status_code, response.json()) == (
        200,
        {"status": "ok", "database": True, "cache": True},
    )
