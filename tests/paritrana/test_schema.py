import re

import pytest
from openapi_spec_validator import validate
from rest_framework.test import APIClient

pytestmark = pytest.mark.django_db


@pytest.fixture
def spec() -> dict:
    return APIClient().get("/api/schema/", {"format": "json"}).json()


def statuses(spec: dict, path: str, method: str) -> list[str]:
    return list(spec["paths"][path][method]["responses"])


def test_schema_is_valid_openapi_3(spec):
    validate(spec)

    assert spec["openapi"].startswith("3.")


def test_docs_page_is_served_without_a_cdn(client):
    response = client.get("/api/docs/")

    body = response.content.decode()
    assert (response.status_code, "swagger-ui" in body, "cdn." in body) == (
        200,
        True,
        False,
    )


@pytest.mark.parametrize(
    ("path", "method", "expected"),
    # Every operation is throttled per client (429 with Retry-After).
    [
        (
            "/api/v1/provinces/",
            "get",
            ["200", "400", "401", "403", "404", "414", "429"],
        ),
        (
            "/api/v1/provinces/{code}/",
            "get",
            ["200", "401", "403", "404", "414", "429"],
        ),
        (
            "/api/v1/candidates/{id}/dossier/",
            "get",
            ["200", "401", "403", "404", "414", "429"],
        ),
        (
            "/api/v1/coverage-reports/",
            "post",
            ["201", "400", "401", "403", "404", "409", "411", "413", "415", "429"],
        ),
        (
            "/api/v1/coverage-reports/{id}/",
            "patch",
            [
                "200",
                "400",
                "401",
                "403",
                "404",
                "409",
                "411",
                "413",
                "414",
                "415",
                "429",
            ],
        ),
    ],
)
def test_every_error_status_is_documented(spec, path, method, expected):
    assert statuses(spec, path, method) == expected


def test_every_400_documents_errors_and_warnings(spec):
    refs = {
        operation["responses"]["400"]["content"]["application/json"]["schema"]["$ref"]
        for item in spec["paths"].values()
        for operation in item.values()
        if "400" in operation["responses"]
    }

    for ref in refs:
        component = spec["components"]["schemas"][ref.rsplit("/", 1)[1]]
        assert component["required"] == ["detail", "errors", "warnings"]


def test_conflict_documents_what_each_409_carries(spec):
    conflict = spec["components"]["schemas"]["ReportConflict"]

    assert (conflict["required"], sorted(conflict["properties"])) == (
        ["detail"],
        ["changes", "current_version", "detail", "id", "version"],
    )


@pytest.mark.parametrize("component", ["Category", "CategoryNode"])
def test_blank_scale_is_documented(spec, component):
    scale = spec["components"]["schemas"][component]["properties"]["scale"]

    assert scale["oneOf"] == [
        {"$ref": "#/components/schemas/ScaleEnum"},
        {"$ref": "#/components/schemas/BlankEnum"},
    ]


def test_branch_code_pattern_admits_dotted_demo_codes(spec):
    pattern = spec["components"]["schemas"]["Branch"]["properties"]["code"]["pattern"]
    parameter = spec["paths"]["/api/v1/branches/{code}/"]["get"]["parameters"][0]

    assert [
        bool(re.fullmatch(pattern.strip("^$"), code))
        for code in ("demo-11.05", "kc-jambi", "kc jambi", "kc/jambi")
    ] == [True, True, False, False]
    assert parameter["schema"]["pattern"] == pattern
