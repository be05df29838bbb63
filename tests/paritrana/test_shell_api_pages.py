"""The API documentation and the browsable API lead back to the portal and switch
language."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/api/docs/", "/api/v1/"])
def test_api_pages_link_back_to_the_portal_and_to_each_language(client, path):
    page = client.get(path, HTTP_ACCEPT="text/html").content.decode()

    assert 'href="/"' in page
    assert f'href="/bahasa/en/?next={path}"' in page
    assert f'href="/bahasa/id/?next={path}"' in page


def test_api_documentation_title_is_in_the_readers_language(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/api/docs/").content.decode()

    assert "<title>API documentation · Paritrana Portal</title>" in page


def test_browsable_api_is_headed_with_the_portals_name(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = client.get("/api/v1/", HTTP_ACCEPT="text/html").content.decode()

    assert "Paritrana Portal API</title>" in page
    assert "Django REST framework" not in page.split("<body")[1].split("</nav")[0]
