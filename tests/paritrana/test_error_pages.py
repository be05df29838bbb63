import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.http import Http404
from django.test import Client, override_settings
from django.urls import path

from paritrana.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def refuse(request):
    raise PermissionDenied("You may not approve reports of Kab. Kerinci.")


def refuse_silently(request):
    raise PermissionDenied


def missing(request):
    raise Http404("No such report.")


def suspicious(request):
    raise SuspiciousOperation("Tampered data")


def boom(request):
    raise RuntimeError(f"secret {settings.DATABASES['default']['NAME']}")


urlpatterns = [
    *portal_urlpatterns,
    path("uji/tolak/", refuse),
    path("uji/tolak-tanpa-alasan/", refuse_silently),
    path("uji/hilang/", missing),
    path("uji/curiga/", suspicious),
    path("uji/rusak/", boom),
]
handler400 = "paritrana.views.bad_request"
handler403 = "paritrana.views.permission_denied"
handler404 = "paritrana.views.page_not_found"
handler500 = "paritrana.views.server_error"


@pytest.fixture
def browser():
    return Client(raise_request_exception=False)


def in_english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@override_settings(DEBUG=False)
def test_forbidden_page_shows_the_refusals_own_message_in_the_portals_look(browser):
    response = in_english(browser).get("/uji/tolak/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "You may not approve reports of Kab. Kerinci." in page
    assert '<header class="site-header">' in page
    assert "<h1>Access refused</h1>" in page


@override_settings(DEBUG=False)
def test_forbidden_page_without_a_message_explains_in_indonesian(browser):
    response = browser.get("/uji/tolak-tanpa-alasan/")

    page = response.content.decode()
    assert (response.status_code, response["Content-Language"]) == (403, "id")
    assert '<html lang="id">' in page
    assert "403 Forbidden" not in page


@override_settings(DEBUG=False)
def test_error_pages_offer_the_previous_portal_page_and_home(browser):
    response = in_english(browser).get(
        "/uji/tolak/", HTTP_REFERER="http://testserver/wilayah/"
    )

    page = response.content.decode()
    assert '<a href="http://testserver/wilayah/">Back to the previous page</a>' in page
    assert '<a href="/">Go to the home page</a>' in page


@override_settings(DEBUG=False)
def test_error_pages_offer_no_way_back_to_another_site(browser):
    response = in_english(browser).get(
        "/uji/tolak/", HTTP_REFERER="https://evil.example/"
    )

    assert "evil.example" not in response.content.decode()


@override_settings(DEBUG=False)
def test_not_found_lists_no_url_patterns(browser):
    response = in_english(browser).get("/tidak-ada/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "<h1>Page not found</h1>" in page
    assert "URLconf" not in page
    assert "nominasi/" not in page.split('<main id="content"')[1].split("</main>")[0]


@override_settings(DEBUG=False)
def test_not_found_shows_the_portals_own_message(browser):
    response = in_english(browser).get("/uji/hilang/")

    assert "No such report." in response.content.decode()


@override_settings(DEBUG=False)
def test_not_found_hides_djangos_technical_message(browser, world):
    response = in_english(browser).get("/wilayah/99/")

    page = response.content.decode()
    assert response.status_code == 404
    assert "matches the given query" not in page


@override_settings(DEBUG=False)
def test_server_error_shows_no_technical_details(browser):
    response = in_english(browser).get("/uji/rusak/")

    page = response.content.decode()
    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in page
    for leak in ("Traceback", "RuntimeError", "secret", "DATABASES", "SECRET_KEY"):
        assert leak not in page


@override_settings(DEBUG=False)
def test_server_error_page_style_carries_the_policys_nonce(browser):
    response = browser.get("/uji/rusak/")

    nonce = response.content.decode().split('<style nonce="')[1].split('"')[0]
    assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]


@override_settings(DEBUG=False)
def test_server_error_page_renders_without_the_database(browser, monkeypatch):
    def no_database(*args, **kwargs):
        raise AssertionError("the 500 page touched the database")

    monkeypatch.setattr("django.db.backends.utils.CursorWrapper.execute", no_database)

    response = in_english(browser).get("/uji/rusak/")

    assert response.status_code == 500
    assert "<h1>Something went wrong</h1>" in response.content.decode()


@override_settings(DEBUG=False)
def test_bad_request_page_hides_the_exception(browser):
    response = in_english(browser).get("/uji/curiga/")

    page = response.content.decode()
    assert (response.status_code, "Tampered" in page) == (400, False)
    assert "<h1>Request not understood</h1>" in page


@override_settings(DEBUG=False)
def test_unknown_host_gets_the_bad_request_page_not_a_settings_hint(browser):
    response = in_english(browser).get("/", HTTP_HOST="evil.example")

    page = response.content.decode()
    assert response.status_code == 400
    assert "ALLOWED_HOSTS" not in page


@override_settings(DEBUG=False)
def test_expired_form_token_gets_the_portals_forbidden_page(world):
    client = in_english(Client(enforce_csrf_checks=True))
    client.force_login(UserFactory())

    response = client.post("/akun/keluar/")

    page = response.content.decode()
    assert response.status_code == 403
    assert "security check has expired" in page
    assert "CSRF" not in page
