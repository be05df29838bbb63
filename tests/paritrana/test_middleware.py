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


# NUL characters: refused before any view or query sees them

NUL_REFUSED = (
    "The request was refused: %s contains a NUL character (code 0), which the "
    "portal does not accept. Remove it and try again."
)


@pytest.mark.parametrize(
    "url",
    ["/wilayah/cari/?q=%00", "/wilayah/%00/", "/cakupan/?page=1%00", "/x%00y/"],
)
def test_nul_in_the_address_is_refused_with_a_page_saying_so(client, url):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    response = client.get(url)

    assert response.status_code == 400
    assert NUL_REFUSED % "the address" in response.content.decode()


def test_nul_in_an_api_address_is_refused_as_json(client):
    response = client.get("/api/v1/branches/%00/", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (
        400,
        {"detail": NUL_REFUSED % "the address"},
    )


def test_nul_in_a_header_is_refused(client):
    response = client.get("/api/v1/provinces/", HTTP_AUTHORIZATION="Token a\x00b")

    assert response.status_code == 400


def test_nul_in_a_cookie_is_refused_before_the_session_is_read(client):
    client.cookies[settings.SESSION_COOKIE_NAME] = "\x00" * 32

    response = client.get("/akun/")

    assert response.status_code == 400


def test_nul_in_a_form_field_is_refused(client):
    form = "application/x-www-form-urlencoded"

    response = client.post("/akun/masuk/", "username=a%00&pw=b", content_type=form)

    assert response.status_code == 400


def test_refusal_page_is_in_the_chosen_language(client):
    response = client.get("/wilayah/cari/?q=%00")

    assert (response.status_code, response.headers["Content-Language"]) == (400, "id")
    assert '<html lang="id">' in response.content.decode()


def test_requests_without_nul_pass(client):
    response = client.get("/wilayah/cari/?q=Jambi%20%C2%B2")

    assert response.status_code == 200
