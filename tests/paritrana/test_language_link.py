"""The language switch by plain link: sets the language cookie and goes back to
a page of this site, never elsewhere."""

import pytest
from django.conf import settings

pytestmark = pytest.mark.django_db


def test_link_sets_the_cookie_and_goes_back(client):
    response = client.get("/bahasa/en/", {"next": "/hasil/?tahun=2025"})

    assert response.status_code == 302
    assert response["Location"] == "/hasil/?tahun=2025"
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"


@pytest.mark.parametrize(
    "target",
    [
        "https://evil.example/",
        "//evil.example/",
        "/\\evil.example/",
        "javascript:alert(1)",
        "",
        "hasil/",
    ],
)
def test_link_never_leaves_the_site(client, target):
    response = client.get("/bahasa/id/", {"next": target})

    assert (response.status_code, response["Location"]) == (302, "/")


def test_a_nul_byte_in_next_is_refused(client):
    response = client.get("/bahasa/id/", {"next": "/hasil/\x00"})

    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("code", ["fr", "EN", "e\x00n", "x" * 500])
def test_unknown_language_is_404_and_sets_nothing(client, code):
    response = client.get(f"/bahasa/{code}/")

    assert response.status_code in (400, 404)
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_visitors_get_links_and_signed_in_users_the_form(client, world):
    visitor = client.get("/wilayah/").content.decode()
    client.force_login(world.users["petugas_a"])

    user = client.get("/wilayah/").content.decode()

    assert (
        "/bahasa/en/?next=/wilayah/" in visitor,
        "csrfmiddlewaretoken" in visitor,
    ) == (True, False)
    assert ("/bahasa/en/" in user, 'action="/i18n/setlang/"' in user) == (False, True)
