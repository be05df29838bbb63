import re

import pytest
from rest_framework.test import APIClient

from regions.models import Province
from tests.factories import (
    BranchFactory,
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def codes(response) -> list[str]:
    return [row["code"] for row in response.json()["results"]]


def test_list_is_paginated_with_count_next_previous_results(api, world):
    response = api.get("/api/v1/regencies/", {"page_size": 2})

    body = response.json()
    assert list(body) == ["count", "next", "previous", "results"]
    assert (body["count"], body["next"], body["previous"]) == (
        3,
        "http://testserver/api/v1/regencies/?page=2&page_size=2",
        None,
    )


def test_province_list_shows_code_name_kanwil_and_status(api, world):
    response = api.get("/api/v1/provinces/")

    assert response.json()["results"] == [
        {
            "code": "15",
            "name": "Jambi",
            "kanwil": {"code": "sumbagsel", "name": "Kanwil Sumbagsel"},
            "is_active": True,
        },
        {
            "code": "21",
            "name": "Kepulauan Riau",
            "kanwil": {"code": "sumbarriau", "name": "Kanwil Sumbarriau"},
            "is_active": True,
        },
    ]


@pytest.mark.parametrize(
    ("url", "params", "expected"),
    [
        ("/api/v1/provinces/", {"kanwil": "sumbarriau"}, ["21"]),
        ("/api/v1/provinces/", {"search": "jam"}, ["15"]),
        ("/api/v1/regencies/", {"province": "15"}, ["15.01", "15.71"]),
        ("/api/v1/regencies/", {"kind": "kota"}, ["15.71"]),
        ("/api/v1/regencies/", {"kind": "kabupaten"}, ["15.01", "21.05"]),
        ("/api/v1/regencies/", {"search": "anambas"}, ["21.05"]),
        ("/api/v1/regencies/", {"search": "2105"}, ["21.05"]),
        ("/api/v1/regencies/", {"province": "15", "kind": "kota"}, ["15.71"]),
        ("/api/v1/districts/", {"regency": "15.71"}, ["15.71.01"]),
        ("/api/v1/districts/", {"province": "15"}, ["15.01.01", "15.71.01"]),
        ("/api/v1/districts/", {"search": "siantan"}, ["21.05.01"]),
        ("/api/v1/villages/", {"district": "21.05.01"}, ["21.05.01.2001"]),
        ("/api/v1/villages/", {"regency": "15.01"}, ["15.01.01.2001"]),
        ("/api/v1/villages/", {"province": "15"}, ["15.01.01.2001", "15.71.01.1001"]),
        ("/api/v1/villages/", {"kind": "kelurahan"}, ["15.71.01.1001"]),
        ("/api/v1/villages/", {"search": "15.01.01."}, ["15.01.01.2001"]),
        ("/api/v1/branches/", {"kanwil": "sumbagsel"}, ["kc-jambi", "kc-kerinci"]),
        ("/api/v1/branches/", {"regency": "15.01"}, ["kc-jambi", "kc-kerinci"]),
        ("/api/v1/branches/", {"province": "15"}, ["kc-jambi", "kc-kerinci"]),
        ("/api/v1/branches/", {"province": "21"}, ["kc-anambas"]),
        ("/api/v1/branches/", {"search": "anambas"}, ["kc-anambas"]),
    ],
)
def test_list_filter_gives_matching_codes(api, world, url, params, expected):
    response = api.get(url, params)

    assert (response.status_code, codes(response)) == (200, expected)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        (
            "/api/v1/regencies/21.05/",
            {
                "code": "21.05",
                "name": "Kabupaten Kepulauan Anambas",
                "kind": "kabupaten",
                "is_administrative": False,
                "province": "21",
                "is_active": True,
            },
        ),
        (
            "/api/v1/districts/15.71.01/",
            {
                "code": "15.71.01",
                "name": "Kota Baru",
                "regency": "15.71",
                "is_active": True,
            },
        ),
        (
            "/api/v1/branches/kc-jambi/",
            {
                "code": "kc-jambi",
                "name": "KC Jambi",
                "kanwil": {"code": "sumbagsel", "name": "Kanwil Sumbagsel"},
                "regencies": ["15.01", "15.71"],
                "is_demo": False,
            },
        ),
    ],
)
def test_detail_by_code(api, world, url, expected):
    response = api.get(url)

    assert (response.status_code, response.json()) == (200, expected)


def test_village_detail_by_code(api, world):
    response = api.get("/api/v1/villages/15.71.01.1001/")

    assert response.json() == {
        "code": "15.71.01.1001",
        "name": world.vil_a2.name,
        "kind": "kelurahan",
        "district": "15.71.01",
        "is_active": True,
    }


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/v1/provinces/99/", 404),
        ("/api/v1/regencies/15.02/", 404),
        ("/api/v1/regencies/1502/", 404),
        ("/api/v1/branches/kc-nowhere/", 404),
        ("/api/v1/regencies/?kind=xyz", 400),
        ("/api/v1/villages/?kind=xyz", 400),
        ("/api/v1/regencies/?province=151", 400),
        ("/api/v1/districts/?regency=15.01.01", 400),
        ("/api/v1/branches/?province=151", 400),
        ("/api/v1/regencies/?search=" + "x" * 101, 400),
        ("/api/v1/regencies/?page=abc", 404),
        ("/api/v1/regencies/?page=999", 404),
        ("/api/v1/regencies/?page=0", 404),
    ],
)
def test_invalid_request_is_a_client_error(api, world, url, status):
    response = api.get(url)

    assert response.status_code == status


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/provinces/"),
        ("put", "/api/v1/provinces/15/"),
        ("patch", "/api/v1/regencies/15.01/"),
        ("delete", "/api/v1/villages/15.01.01.2001/"),
        ("post", "/api/v1/branches/"),
        ("delete", "/api/v1/branches/kc-jambi/"),
    ],
)
def test_write_is_refused_to_anonymous(api, world, method, url):
    response = getattr(api, method)(url, {"code": "15", "name": "X"}, format="json")

    assert (response.status_code, response["WWW-Authenticate"]) == (
        401,
        'Bearer realm="api"',
    )
    assert list(Province.objects.values_list("code", "name")) == [
        ("15", "Jambi"),
        ("21", "Kepulauan Riau"),
    ]


@pytest.mark.parametrize(
    ("method", "url"),
    [
        ("post", "/api/v1/provinces/"),
        ("put", "/api/v1/provinces/15/"),
        ("delete", "/api/v1/branches/kc-jambi/"),
    ],
)
def test_write_is_not_allowed_even_for_national_admin(api, world, method, url):
    api.force_authenticate(world.users["admin"])

    response = getattr(api, method)(url, {"code": "15", "name": "X"}, format="json")

    assert response.status_code == 405


def test_schema_describes_every_endpoint(api):
    response = api.get("/api/schema/", {"format": "json"})

    assert response.status_code == 200
    assert sorted(response.json()["paths"]) == [
        "/api/v1/branches/",
        "/api/v1/branches/{code}/",
        "/api/v1/candidates/",
        "/api/v1/candidates/{id}/",
        "/api/v1/candidates/{id}/dossier/",
        "/api/v1/categories/",
        "/api/v1/categories/{id}/",
        "/api/v1/coverage-reports/",
        "/api/v1/coverage-reports/{id}/",
        "/api/v1/coverage-reports/{id}/approve/",
        "/api/v1/coverage-reports/{id}/return/",
        "/api/v1/coverage-reports/{id}/submit/",
        "/api/v1/coverage-reports/{id}/unapprove/",
        "/api/v1/districts/",
        "/api/v1/districts/{code}/",
        "/api/v1/editions/",
        "/api/v1/editions/{award_year}/",
        "/api/v1/employers/",
        "/api/v1/employers/{npp}/",
        "/api/v1/provinces/",
        "/api/v1/provinces/{code}/",
        "/api/v1/public-candidates/{id}/",
        "/api/v1/regencies/",
        "/api/v1/regencies/{code}/",
        "/api/v1/releases/",
        "/api/v1/releases/{id}/",
        "/api/v1/releases/{id}/ranking/",
        "/api/v1/score-sheets/",
        "/api/v1/score-sheets/{id}/",
        "/api/v1/score-sheets/{id}/submit/",
        "/api/v1/uploads/",
        "/api/v1/uploads/{id}/",
        "/api/v1/uploads/{id}/confirm/",
        "/api/v1/villages/",
        "/api/v1/villages/{code}/",
    ]


def test_docs_load_swagger_from_local_static_files(api):
    response = api.get("/api/docs/")

    html = response.content.decode()
    local = re.findall(r'(?:src|href)="(/static/[^"]+)"', html)
    remote = re.findall(r"https?://[^\s\"'<>]+", html)
    assert response.status_code == 200
    sidecar = "/static/drf_spectacular_sidecar/swagger-ui-dist/"
    assert sorted(local) == [
        sidecar + "favicon-32x32.png",
        sidecar + "swagger-ui-bundle.js",
        sidecar + "swagger-ui-standalone-preset.js",
        sidecar + "swagger-ui.css",
    ]
    assert remote == []


def make_provinces(n: int) -> None:
    ProvinceFactory.create_batch(n, kanwil=BranchFactory().kanwil)


def make_regencies(n: int) -> None:
    RegencyFactory.create_batch(n, province=ProvinceFactory())


def make_districts(n: int) -> None:
    DistrictFactory.create_batch(n, regency=RegencyFactory())


def make_villages(n: int) -> None:
    VillageFactory.create_batch(n, district=DistrictFactory())


def make_branches(n: int) -> None:
    regencies = RegencyFactory.create_batch(2, province=ProvinceFactory())
    BranchFactory.create_batch(n, regencies=regencies)


LISTS = {
    "/api/v1/provinces/": (make_provinces, 2),
    "/api/v1/regencies/": (make_regencies, 2),
    "/api/v1/districts/": (make_districts, 2),
    "/api/v1/villages/": (make_villages, 2),
    "/api/v1/branches/": (make_branches, 3),
}


@pytest.mark.parametrize("rows", [1, 3])
@pytest.mark.parametrize("url", LISTS)
def test_list_endpoint_query_count_does_not_grow_with_rows(
    api, django_assert_num_queries, url, rows
):
    make_rows, queries = LISTS[url]
    make_rows(rows)

    with django_assert_num_queries(queries):
        response = api.get(url)

    assert response.json()["count"] == rows


def test_list_for_signed_in_user_answers_too(api, world):
    api.force_authenticate(UserFactory(petugas=True))

    response = api.get("/api/v1/provinces/")

    assert codes(response) == ["15", "21"]


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/provinces/?is_active=maybe",
        "/api/v1/regencies/?is_administrative=2",
        "/api/v1/branches/?is_demo=yes",
    ],
)
def test_list_rejects_a_boolean_filter_that_is_not_true_or_false(client, db, url):
    response = client.get(url)

    assert response.status_code == 400


def test_list_filters_on_is_active_false(client, db):
    ProvinceFactory(code="11", is_active=True)
    ProvinceFactory(code="12", is_active=False)

    response = client.get("/api/v1/provinces/?is_active=false")

    assert [row["code"] for row in response.json()["results"]] == ["12"]
