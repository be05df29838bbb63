import pytest
from django.conf import settings
from django.test import override_settings

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


def policy_of(response):
    return dict(
        part.strip().split(" ", 1)
        for part in response["Content-Security-Policy"].split(";")
    )


def test_html_pages_get_the_content_security_policy(client):
    response = client.get("/akun/masuk/")

    policy = policy_of(response)
    assert (policy["default-src"], policy["script-src"], policy["object-src"]) == (
        "'self'",
        "'self'",
        "'none'",
    )
    assert "unsafe-inline" not in response["Content-Security-Policy"]


def test_api_json_gets_a_policy_that_allows_nothing(client):
    response = client.get("/api/v1/provinces/")

    assert (response["Content-Type"], policy_of(response)) == (
        "application/json",
        {"default-src": "'none'", "frame-ancestors": "'none'"},
    )


@override_settings(
    LANGUAGE_COOKIE_SECURE=True,
    LANGUAGE_COOKIE_SAMESITE="Lax",
    LANGUAGE_COOKIE_HTTPONLY=True,
)
def test_language_switch_sets_its_cookie_secure_and_same_site(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (cookie.value, cookie["secure"], cookie["samesite"], cookie["httponly"]) == (
        "en",
        True,
        "Lax",
        True,
    )


def test_only_drfs_browsable_api_may_use_inline_styles(client):
    api_page = client.get("/api/v1/provinces/", HTTP_ACCEPT="text/html")
    portal_page = client.get("/wilayah/")

    assert (
        policy_of(api_page)["style-src"],
        policy_of(api_page)["script-src"],
        policy_of(portal_page)["style-src"],
    ) == ("'self' 'unsafe-inline'", "'self'", "'self'")


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

    message = NUL_REFUSED % "the address"
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": message,
            "errors": [{"field": "", "rule": "invalid", "message": message}],
            "warnings": [],
        },
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
