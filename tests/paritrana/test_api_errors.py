import pytest
from django.core.exceptions import RequestDataTooBig
from rest_framework.test import APIClient

from paritrana.api_errors import error_body, handle_api_exception
from tests.factories import BranchFactory

pytestmark = pytest.mark.django_db

REPORTS = "/api/v1/coverage-reports/"


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def test_malformed_json_is_a_400_with_errors_and_warnings(api, world):
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(
        REPORTS, "{bad", content_type="application/json", HTTP_ACCEPT_LANGUAGE="en"
    )

    body = response.json()
    message = (
        "The request body could not be read; check its quotes, commas and "
        "brackets. Nothing was changed."
    )
    assert (response.status_code, body["detail"], body["warnings"]) == (
        400,
        message,
        [],
    )
    assert [(row["field"], row["rule"]) for row in body["errors"]] == [
        ("", "parse_error")
    ]


def test_filter_error_is_a_400_naming_the_parameter(api, world):
    response = api.get("/api/v1/branches/", {"is_demo": "2"}, HTTP_ACCEPT_LANGUAGE="en")

    message = "is_demo: Select a valid choice. 2 is not one of the available choices."
    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": message,
            "errors": [
                {"field": "is_demo", "rule": "invalid_choice", "message": message}
            ],
            "warnings": [],
        },
    )


def test_several_errors_are_summed_up_and_listed(english):
    body = error_body({"year": ["Bad year."], "region": ["Bad region."]})

    assert body == {
        "detail": "The request was refused; correct the errors listed.",
        "errors": [
            {"field": "year", "rule": "invalid", "message": "year: Bad year."},
            {"field": "region", "rule": "invalid", "message": "region: Bad region."},
        ],
        "warnings": [],
    }


def test_a_body_in_shape_already_is_kept():
    body = {"detail": "x", "errors": [], "warnings": [], "id": 3}

    assert error_body(body) == body


def test_too_large_request_is_a_413_with_a_message(english):
    response = handle_api_exception(RequestDataTooBig("big"), {})

    assert (response.status_code, response.data) == (
        413,
        {
            "detail": "The request is larger than the portal accepts; send less "
            "data at once."
        },
    )


def test_too_large_form_body_is_a_413(api, world, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(
        REPORTS, "year=" + "9" * 500, content_type="application/x-www-form-urlencoded"
    )

    assert response.status_code == 413


@pytest.mark.parametrize(
    "path",
    [
        "/api/v1/categories/%C2%84/",
        "/api/v1/categories/1%0A2/",
        "/api/v1/provinces/%C2%B2%C2%B2/",
        "/api/v1/editions/%D9%A2%D9%A0%D9%A2%D9%A5/",
        "/api/v1/no-such-endpoint/",
        "/api/v1/regencies/15.01/extra/",
    ],
)
def test_unknown_address_under_api_is_a_json_404(api, world, path):
    response = api.get(path)

    assert (response.status_code, response.json()) == (
        404,
        {"detail": "Data tidak ditemukan."},
    )


@pytest.mark.parametrize("path", [f"{REPORTS}%C2%B2/", "/api/v1/candidates/%C2%B2/"])
def test_non_ascii_digit_id_is_not_found(api, world, path):
    api.force_authenticate(world.users["admin"])

    response = api.get(path)

    assert response.status_code == 404


def test_branch_with_a_dotted_code_is_found(api, world):
    BranchFactory(code="demo-15.71", kanwil=world.kanwil_a, regencies=[world.reg_a2])

    response = api.get("/api/v1/branches/demo-15.71/")

    assert (response.status_code, response.json()["code"]) == (200, "demo-15.71")


def test_api_address_without_slash_is_still_redirected(api, world):
    response = api.get("/api/v1/provinces")

    assert (response.status_code, response["Location"]) == (301, "/api/v1/provinces/")
