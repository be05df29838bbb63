"""Every API list is paged with a bounded page size, so that no response grows past
a few megabytes (paritrana.pagination)."""

import pytest
from rest_framework.test import APIClient

from participants.models import CoverageReport, VillageProtection
from regions.models import Village
from tests.factories import CoverageReportFactory, DistrictFactory

pytestmark = pytest.mark.django_db
LARGEST_KAB_KOTA = 852  # desa/kelurahan of Kabupaten Aceh Utara, the most of any
ENDPOINTS = [
    "provinces",
    "regencies",
    "districts",
    "villages",
    "branches",
    "coverage-reports",
    "editions",
    "categories",
    "candidates",
    "employers",
]


@pytest.fixture
def api(world):
    client = APIClient()
    client.force_authenticate(world.users["admin"])
    return client


def _villages(world, count):
    district = DistrictFactory(code="15.01.09", regency=world.reg_a1)
    Village.objects.bulk_create(
        Village(code=f"15.01.09.{2001 + n}", name=f"Desa {n}", district=district)
        for n in range(count)
    )
    return district.villages.all()


@pytest.mark.parametrize("endpoint", ENDPOINTS)
def test_every_list_answers_a_huge_page_size_with_its_bounded_page(
    api, world, endpoint
):
    _villages(world, 201)

    response = api.get(f"/api/v1/{endpoint}/", {"page_size": 100_000})

    limit = 50 if endpoint == "coverage-reports" else 200
    assert response.status_code == 200
    assert len(response.json()["results"]) <= limit


def test_villages_page_stops_at_200(api, world):
    _villages(world, 201)

    response = api.get("/api/v1/villages/", {"page_size": 500})

    assert (response.json()["count"], len(response.json()["results"])) == (204, 200)


def test_coverage_reports_page_stops_at_50(api, world):
    CoverageReport.objects.bulk_create(
        CoverageReport(province=world.prov_a, regency=world.reg_a1, year=year)
        for year in range(1960, 2011)
    )

    response = api.get("/api/v1/coverage-reports/", {"page_size": 500})

    assert (response.json()["count"], len(response.json()["results"])) == (51, 50)


def test_a_full_page_of_the_largest_reports_stays_under_5_mb(api, world):
    report = CoverageReportFactory(
        regency=world.reg_a1, status="approved", warning_explanation="é" * 4000
    )
    VillageProtection.objects.bulk_create(
        VillageProtection(
            report=report, village=village, funding_source="apbdes", workers=10**9
        )
        for village in _villages(world, LARGEST_KAB_KOTA)
    )

    response = api.get(f"/api/v1/coverage-reports/{report.pk}/")

    assert len(response.json()["village_lines"]) == LARGEST_KAB_KOTA
    assert len(response.content) * 50 < 5 * 1024 * 1024
