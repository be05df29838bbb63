"""The report API's list: village rows only when asked for, and paging whose cost
does not depend on the page number."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from review.models import ReviewStatus
from tests.factories import CoverageReportFactory, VillageProtectionFactory

pytestmark = pytest.mark.django_db
URL = "/api/v1/coverage-reports/"
APPROVED = ReviewStatus.APPROVED


@pytest.fixture
def reports(world):
    """Approved Kerinci reports 2017–2022, each with one village row."""
    made = [
        CoverageReportFactory(regency=world.reg_a1, year=year, status=APPROVED)
        for year in range(2017, 2023)
    ]
    for report in made:
        VillageProtectionFactory(report=report)
    return made


def test_list_leaves_village_rows_out_unless_asked(reports):
    results = APIClient().get(URL).json()["results"]

    assert [row["village_lines"] for row in results] == [None] * 6


@pytest.mark.parametrize("value", ["true", "1"])
def test_list_carries_village_rows_when_asked(reports, value):
    results = APIClient().get(URL, {"villages": value}).json()["results"]

    assert [len(row["village_lines"]) for row in results] == [1] * 6


def test_single_report_still_carries_its_village_rows(reports):
    row = APIClient().get(f"{URL}{reports[0].pk}/").json()

    assert len(row["village_lines"]) == 1


@pytest.mark.parametrize("value", ["maybe", "\u0661", "9" * 400])
def test_list_with_a_crafted_villages_value_leaves_them_out(reports, value):
    response = APIClient().get(URL, {"villages": value})

    assert (response.status_code, response.json()["results"][0]["village_lines"]) == (
        200,
        None,
    )


def test_list_pages_keep_the_order_and_cost_the_same(reports):
    api = APIClient()
    with CaptureQueriesContext(connection) as first_queries:
        first = api.get(URL, {"page_size": 2}).json()

    with CaptureQueriesContext(connection) as last_queries:
        last = api.get(URL, {"page_size": 2, "page": 3}).json()

    assert (
        [row["year"] for row in first["results"] + last["results"]],
        len(last_queries),
    ) == ([2022, 2021, 2018, 2017], len(first_queries))


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_without_villages_is_fixed(
    world, django_assert_num_queries, count
):
    for year in range(2022 - count, 2022):
        CoverageReportFactory(regency=world.reg_a1, year=year, status=APPROVED)

    with django_assert_num_queries(6):
        response = APIClient().get(URL)

    assert len(response.json()["results"]) == count


def test_schema_documents_the_villages_parameter(client):
    schema = client.get("/api/schema/?format=json").json()

    parameters = schema["paths"][URL]["get"]["parameters"]
    assert [p["schema"]["type"] for p in parameters if p["name"] == "villages"] == [
        "boolean"
    ]
