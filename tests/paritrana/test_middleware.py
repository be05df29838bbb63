import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_pages_default_to_indonesian_whatever_the_browser_asks(client):
    response = client.get("/healthz/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response.headers["Content-Language"] == "id"


def test_pages_follow_the_language_switch(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get("/healthz/")

    assert response.headers["Content-Language"] == "en"


def test_api_honours_accept_language(client):
    response = client.get("/api/v1/provinces/", HTTP_ACCEPT_LANGUAGE="en")

    assert response.headers["Content-Language"] == "en"


def test_unknown_language_cookie_falls_back_to_indonesian(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"

    response = client.get("/api/v1/provinces/")

    assert response.headers["Content-Language"] == "id"
