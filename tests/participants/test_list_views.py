"""The report list page: own area first, sorting by column, "waiting since",
paging whose cost does not depend on the page number, and the CSV/XLSX export."""

import csv
import io
from datetime import timedelta

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from participants.models import CoverageReport
from review.models import ReviewStatus
from tests.factories import CoverageReportFactory

pytestmark = pytest.mark.django_db
APPROVED = ReviewStatus.APPROVED
SUBMITTED = ReviewStatus.SUBMITTED


@pytest.fixture(autouse=True)
def english_pages(client, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def listed(response) -> list[tuple[str, int]]:
    return [(r.region_code, r.year) for r, _d in response.context["rows"]]


@pytest.fixture
def two_areas(world):
    """Approved reports in branch A's and branch B's regions."""
    for regency in (world.reg_a1, world.reg_b1):
        CoverageReportFactory(regency=regency, year=2022, status=APPROVED)
    return world


@pytest.mark.parametrize("key", ["petugas_a", "verifikator_cabang_a"])
def test_list_starts_with_the_users_own_area(client, two_areas, key):
    client.force_login(two_areas.users[key])

    response = client.get("/cakupan/")

    assert (listed(response), "Show all regions" in response.text) == (
        [("15.01", 2022)],
        True,
    )


def test_list_switch_shows_all_regions(client, two_areas):
    client.force_login(two_areas.users["petugas_a"])

    response = client.get("/cakupan/?area=all")

    assert listed(response) == [("15.01", 2022), ("21.05", 2022)]


def test_list_of_the_national_admin_shows_everything(client, two_areas):
    client.force_login(two_areas.users["admin"])

    response = client.get("/cakupan/")

    assert listed(response) == [("15.01", 2022), ("21.05", 2022)]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("region", [("15.01", 2022), ("15.01", 2021), ("21.05", 2020)]),
        ("-region", [("21.05", 2020), ("15.01", 2022), ("15.01", 2021)]),
        ("year", [("21.05", 2020), ("15.01", 2021), ("15.01", 2022)]),
        ("-year", [("15.01", 2022), ("15.01", 2021), ("21.05", 2020)]),
    ],
)
def test_list_sorts_by_the_chosen_column(client, world, sort, expected):
    CoverageReportFactory(regency=world.reg_a1, year=2022, status=APPROVED)
    CoverageReportFactory(regency=world.reg_a1, year=2021, status=APPROVED)
    CoverageReportFactory(regency=world.reg_b1, year=2020, status=APPROVED)

    response = client.get(f"/cakupan/?sort={sort}")

    assert listed(response) == expected


def test_list_sort_header_links_the_other_way_and_says_so(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, status=APPROVED)

    response = client.get("/cakupan/?sort=year")

    assert (
        'aria-sort="ascending"' in response.text,
        "?sort=-year" in response.text,
    ) == (True, True)


@pytest.mark.parametrize(
    "sort",
    ["pk", "password", "year;drop", "-" * 5000, "٢٠٢٢", "region__name", "--year", ""],
)
def test_list_crafted_sort_falls_back_to_the_default_order(client, world, sort):
    CoverageReportFactory(regency=world.reg_a1, year=2021, status=APPROVED)
    CoverageReportFactory(regency=world.reg_a1, year=2022, status=APPROVED)

    response = client.get("/cakupan/", {"sort": sort, "area": sort, "page": sort})

    assert (response.status_code, listed(response)) == (
        200,
        [("15.01", 2022), ("15.01", 2021)],
    )


def test_list_waiting_since_puts_the_longest_waiting_first(client, world):
    older = CoverageReportFactory(regency=world.reg_a1, year=2022, status=SUBMITTED)
    CoverageReportFactory(regency=world.reg_a2, year=2022, status=SUBMITTED)
    CoverageReportFactory(regency=world.reg_a1, year=2021)
    CoverageReport.objects.filter(pk=older.pk).update(
        updated_at=timezone.now() - timedelta(days=3)
    )
    client.force_login(world.users["verifikator_cabang_a"])

    response = client.get("/cakupan/?sort=waiting")

    assert (listed(response), "3\xa0days" in response.text) == (
        [("15.01", 2022), ("15.71", 2022), ("15.01", 2021)],
        True,
    )


def test_list_last_page_reads_as_many_rows_as_the_first(client, world, settings):
    for year in range(2017, 2023):
        CoverageReportFactory(regency=world.reg_a1, year=year, status=APPROVED)
    with CaptureQueriesContext(connection) as first:
        client.get("/cakupan/")

    with CaptureQueriesContext(connection) as last:
        response = client.get("/cakupan/?page=2")

    assert (len(last), response.context["page"].number) == (len(first), 1)


@pytest.mark.parametrize("count", [1, 3])
def test_list_query_count_is_the_same_for_one_and_many_rows(
    client, world, django_assert_max_num_queries, count
):
    client.force_login(world.users["petugas_a"])
    for year in range(2022 - count, 2022):
        CoverageReportFactory(regency=world.reg_a1, year=year, status=SUBMITTED)

    with django_assert_max_num_queries(QUERIES_SIGNED_IN):
        response = client.get("/cakupan/?sort=waiting")

    assert len(response.context["rows"]) == count


QUERIES_SIGNED_IN = 13


# Export


def exported_csv(client, query: str = "") -> list[list[str]]:
    response = client.get("/cakupan/unduh.csv" + query)
    return list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))


def test_export_csv_holds_the_filtered_list_in_its_order(client, two_areas):
    CoverageReportFactory(regency=two_areas.reg_a1, year=2021, status=APPROVED)
    client.force_login(two_areas.users["petugas_a"])

    rows = exported_csv(client, "?sort=year")

    assert [row[1] + "/" + row[3] for row in rows] == [
        "Code/Year",
        "15.01/2021",
        "15.01/2022",
    ]


def test_export_csv_neutralises_formula_like_names(client, world):
    world.reg_a1.name = "=HYPERLINK(1)"
    world.reg_a1.save()
    CoverageReportFactory(regency=world.reg_a1, year=2021, status=APPROVED)
    client.force_login(world.users["admin"])

    rows = exported_csv(client)

    assert rows[1][0] == "'=HYPERLINK(1)"


def test_export_xlsx_follows_the_filters(client, two_areas):
    client.force_login(two_areas.users["admin"])

    response = client.get("/cakupan/unduh.xlsx?province=21")

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [row[1] for row in sheet.iter_rows(values_only=True)] == ["Code", "21.05"]


def test_export_is_refused_to_visitors(client, world):
    response = client.get("/cakupan/unduh.csv")

    assert response.status_code == 302


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("?year=99999999999999999999&sort=x", 200),
        ("?province=%D9%A2&area=%00", 400),
        ("?sort=year%00", 400),
    ],
)
@pytest.mark.parametrize("path", ["/cakupan/", "/cakupan/unduh.csv"])
def test_list_and_export_answer_crafted_input_without_a_server_error(
    client, world, path, query, status
):
    client.force_login(world.users["petugas_a"])

    response = client.get(path + query)

    assert response.status_code == status
