"""Request bodies over the largest upload are refused before anything reads them
(paritrana.request_limits)."""

import io

import pytest
from django.conf import settings as django_settings
from django.test import override_settings
from rest_framework.test import APIClient

from paritrana.request_limits import max_request_bytes
from participants.models import CoverageReport

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]
LIMITS = {
    "IMPORT_MAX_BYTES": 1000,
    "EVIDENCE_MAX_BYTES": 500,
    "REQUEST_OVERHEAD_BYTES": 100,
}


@pytest.fixture
def api_client():
    return APIClient(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture(autouse=True)
def english_pages(client):
    client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = "en"


class UnreadableBody(io.RawIOBase):
    """A request body that fails the test if anything reads it."""

    def readable(self):
        return True

    def read(self, *args):
        raise AssertionError("the body was read")

    readline = readinto = read


def _post(client, path, length, **headers):
    return client.generic(
        "POST",
        path,
        b"",
        content_type="application/json",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": UnreadableBody()},
        **headers,
    )


@override_settings(**LIMITS)
def test_max_request_bytes_is_the_largest_upload_plus_the_overhead():
    assert max_request_bytes() == 1100


@override_settings(**LIMITS)
@pytest.mark.parametrize(
    "path", ["/api/v1/coverage-reports/", "/unggah/", "/nominasi/inovasi/1/bukti/"]
)
@pytest.mark.parametrize("length", [1101, 10**12, "9" * 5000])
def test_a_body_declared_over_the_limit_is_refused_unread(client, world, path, length):
    client.force_login(world.users["petugas_a"])

    response = _post(client, path, length)

    assert (response.status_code, CoverageReport.objects.count()) == (413, 0)


@override_settings(**LIMITS)
def test_the_api_answers_413_as_json_with_the_limit(api_client, world):
    response = _post(api_client, "/api/v1/coverage-reports/", 10**12)

    assert (response.status_code, response.json()) == (
        413,
        {
            "detail": "The request is too large: at most 1.1\xa0KB can be sent at "
            "once (data files up to 1000\xa0bytes, evidence files up to 500\xa0"
            "bytes). Make the file smaller or split it, then try again."
        },
    )


@override_settings(**LIMITS)
def test_a_page_answers_413_with_the_portal_page(client, world):
    client.force_login(world.users["petugas_a"])

    response = _post(client, "/cakupan/", 5000)

    assert response.status_code == 413
    assert "The request is too large" in response.text
    assert response["Connection"] == "close"


def test_a_chunked_body_without_a_length_is_refused_unread(client, world):
    response = client.generic(
        "POST",
        "/api/v1/coverage-reports/",
        b"",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": UnreadableBody()},
    )

    assert response.status_code == 411
    assert "without its length" in response.json()["detail"]


@override_settings(**LIMITS)
def test_a_body_within_the_limit_reaches_the_view(api_client, world):
    api_client.force_authenticate(world.users["petugas_a"])

    response = api_client.post(
        "/api/v1/coverage-reports/", {"region": "15.01", "year": 2024}, format="json"
    )

    assert response.status_code == 201


def test_django_bounds_form_data_held_in_memory(settings):
    assert (
        settings.DATA_UPLOAD_MAX_MEMORY_SIZE,
        settings.FILE_UPLOAD_MAX_MEMORY_SIZE,
    ) == (2_621_440, 2_621_440)
