import io
import logging

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, SuspiciousOperation
from django.test import Client, override_settings
from django.urls import Resolver404, path

from paritrana.request_log import RefusalFilter
from paritrana.urls import urlpatterns as portal_urlpatterns
from tests.factories import UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls(__name__)]


def refuse(request):
    raise PermissionDenied("You may not approve reports of Kab. Kerinci.")


def suspicious(request):
    raise SuspiciousOperation("Tampered\ndata")


def boom(request):
    raise RuntimeError("broken")


urlpatterns = [
    *portal_urlpatterns,
    path("uji/tolak/", refuse),
    path("uji/curiga/", suspicious),
    path("uji/rusak/", boom),
]
handler400 = "paritrana.views.bad_request"
handler403 = "paritrana.views.permission_denied"
handler404 = "paritrana.views.page_not_found"
handler500 = "paritrana.views.server_error"


@pytest.fixture
def log_lines():
    """What the configured console handler writes, as a list of lines."""
    console = next(h for h in logging.getLogger().handlers if h.name == "console")
    stream = io.StringIO()
    previous = console.setStream(stream)
    yield lambda: stream.getvalue().splitlines()
    console.setStream(previous)


@override_settings(DEBUG=False)
def test_permission_refusal_is_one_line_with_method_path_status_user_reason(
    log_lines,
):
    user = UserFactory()
    client = Client()
    client.force_login(user)

    client.get("/uji/tolak/")

    [line] = log_lines()
    assert line.endswith(
        f"WARNING django.request GET /uji/tolak/ 403 user={user.pk} "
        'reason="You may not approve reports of Kab. Kerinci."'
    )


@override_settings(DEBUG=False)
def test_suspicious_request_is_one_line_not_a_traceback(log_lines):
    Client().post("/uji/curiga/")

    [line] = log_lines()
    assert line.endswith(
        "ERROR django.security.SuspiciousOperation POST /uji/curiga/ 400 user=- "
        'reason="Tampered\\ndata"'
    )


@override_settings(DEBUG=False)
def test_unknown_host_is_one_line(log_lines):
    Client().get("/", HTTP_HOST="evil.example")

    [line] = log_lines()
    assert " GET / 400 user=- reason=" in line


@override_settings(DEBUG=False)
def test_missing_page_is_one_line_without_the_url_list(log_lines):
    Client().get("/tidak%0Aada/")

    [line] = log_lines()
    assert line.endswith(
        "WARNING django.request GET /tidak%0Aada/ 404 user=- "
        'reason="Not Found: /tidak\\\\nada/"'
    )


@override_settings(DEBUG=False)
def test_refused_nul_is_one_line_with_control_characters_escaped(log_lines):
    Client().get("/tidak%00ada/")

    [line] = log_lines()
    assert line.endswith(
        "WARNING django.request GET /tidak%00ada/ 400 user=- "
        'reason="Bad Request: /tidak\\\\x00ada/"'
    )


def test_api_refusal_is_one_line_with_the_apis_message(log_lines):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    client.post("/api/v1/provinces/", {})

    [line] = log_lines()
    assert line.endswith(
        "WARNING django.request POST /api/v1/provinces/ 401 user=- "
        'reason="Authentication credentials were not provided."'
    )


@override_settings(DEBUG=False)
def test_csrf_refusal_is_one_line(log_lines):
    Client(enforce_csrf_checks=True).post("/akun/masuk/", {"username": "x"})

    [line] = log_lines()
    assert "WARNING django.security.csrf POST /akun/masuk/ 403 user=- reason=" in line


@override_settings(DEBUG=False)
def test_server_error_keeps_its_traceback_once(log_lines):
    Client(raise_request_exception=False).get("/uji/rusak/")

    lines = log_lines()
    assert lines[0].endswith("ERROR django.request Internal Server Error: /uji/rusak/")
    assert lines.count("Traceback (most recent call last):") == 1
    assert lines[-1] == "RuntimeError: broken"


def test_console_handler_is_the_only_handler_of_django_records():
    assert (
        logging.getLogger("django").handlers,
        settings.LOGGING["handlers"]["console"]["filters"],
    ) == ([], ["refusals"])


def refusal_record(request, exception=None, status=404) -> logging.LogRecord:
    """A django.request record of a refused request, as Django's handler makes it."""
    exc_info = (type(exception), exception, None) if exception else None
    record = logging.LogRecord(
        "django.request", logging.WARNING, __file__, 1, "Not Found", (), exc_info
    )
    record.request, record.status_code = request, status
    return record


def test_refusal_filter_names_a_missing_page_by_its_reason(rf):
    record = refusal_record(rf.get("/tidak-ada/"), Resolver404({"path": "tidak-ada/"}))

    RefusalFilter().filter(record)

    assert record.getMessage() == (
        'GET /tidak-ada/ 404 user=- reason="no page at this address"'
    )


def test_refusal_filter_drops_a_second_record_of_the_same_request(rf):
    request = rf.get("/tidak-ada/")
    first, second = refusal_record(request), refusal_record(request)

    kept = (RefusalFilter().filter(first), RefusalFilter().filter(second))

    assert kept == (True, False)


def test_refusal_filter_logs_no_user_when_the_user_cannot_be_read(rf):
    class BrokenUser:
        @property
        def is_authenticated(self):
            raise RuntimeError("session store down")

    request = rf.get("/tidak-ada/")
    request.user = BrokenUser()
    record = refusal_record(request)

    RefusalFilter().filter(record)

    assert record.getMessage() == 'GET /tidak-ada/ 404 user=- reason="Not Found"'
