import datetime
import re
from io import BytesIO

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from openpyxl import load_workbook

from tests.factories import (
    BranchFactory,
    CoverageReportFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2024
DASHBOARD = "/cakupan/kelengkapan/"
REGIONS = f"/cakupan/kelengkapan/{YEAR}/wilayah/"
EXPORT = f"/cakupan/kelengkapan/{YEAR}/xlsx/"


@pytest.fixture
def client_en(client):
    """A client that asked for English pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


@pytest.fixture
def mixed(world):
    """2024: 15 missing, 15.01 approved, 15.71 submitted, 21 returned, 21.05 draft;
    KC Kerinci reports for province 15; a 2023 report of 15.01."""
    world.prov_a.reporting_branch = world.branch_a2
    world.prov_a.save()
    for regency, status in [
        (world.reg_a1, "approved"),
        (world.reg_a2, "submitted"),
        (world.reg_b1, "draft"),
    ]:
        CoverageReportFactory(regency=regency, year=YEAR, status=status)
    CoverageReportFactory(
        regency=None, province=world.prov_b, year=YEAR, status="returned"
    )
    CoverageReportFactory(regency=world.reg_a1, year=2023, status="approved")
    return world


def counts(approved=0, submitted=0, returned=0, draft=0, missing=0):
    return {
        "approved": approved,
        "submitted": submitted,
        "returned": returned,
        "draft": draft,
        "missing": missing,
    }


def table(response) -> list[tuple]:
    """The group rows and the total row as (key, expected, counts)."""
    lines = [*response.context["rows"], response.context["total"]]
    return [
        (
            line["row"].unit.key if line["row"].unit else "total",
            line["row"].expected,
            line["row"].counts,
        )
        for line in lines
    ]


@pytest.mark.parametrize("url", [DASHBOARD, REGIONS, EXPORT])
def test_pages_send_anonymous_visitors_to_log_in(client, world, url):
    response = client.get(url)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/akun/masuk/?next={url}",
    )


@pytest.mark.parametrize("user_key", ["no_role", "penilai"])
@pytest.mark.parametrize("url", [DASHBOARD, REGIONS, EXPORT])
def test_pages_refuse_users_without_an_area(client, world, url, user_key):
    client.force_login(world.users[user_key])

    response = client.get(url)

    assert response.status_code == 403


def test_dashboard_counts_per_kanwil_for_the_national_admin(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(DASHBOARD, {"year": YEAR})

    assert response.status_code == 200
    assert table(response) == [
        ("sumbagsel", 3, counts(approved=1, submitted=1, missing=1)),
        ("sumbarriau", 2, counts(returned=1, draft=1)),
        ("total", 5, counts(approved=1, submitted=1, returned=1, draft=1, missing=1)),
    ]


def test_dashboard_counts_per_branch(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(DASHBOARD, {"year": YEAR, "group": "branch"})

    assert table(response) == [
        ("kc-anambas", 1, counts(draft=1)),
        ("kc-jambi", 2, counts(approved=1, submitted=1)),
        ("kc-kerinci", 2, counts(approved=1, missing=1)),
        ("none", 1, counts(returned=1)),
        ("total", 5, counts(approved=1, submitted=1, returned=1, draft=1, missing=1)),
    ]


def test_dashboard_counts_per_province(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(DASHBOARD, {"year": YEAR, "group": "province"})

    assert table(response) == [
        ("15", 3, counts(approved=1, submitted=1, missing=1)),
        ("21", 2, counts(returned=1, draft=1)),
        ("total", 5, counts(approved=1, submitted=1, returned=1, draft=1, missing=1)),
    ]


@pytest.mark.parametrize(
    ("user_key", "group", "rows"),
    [
        (
            "petugas_a",
            "branch",
            [("kc-jambi", 2, counts(approved=1, submitted=1))],
        ),
        (
            "petugas_a2",
            "branch",
            [("kc-kerinci", 2, counts(approved=1, missing=1))],
        ),
        (
            "verifikator_kanwil_b",
            "kanwil",
            [("sumbarriau", 2, counts(returned=1, draft=1))],
        ),
        (
            "panitia_a",
            "province",
            [("15", 3, counts(approved=1, submitted=1, missing=1))],
        ),
    ],
)
def test_dashboard_shows_scoped_users_their_own_area(
    client, mixed, user_key, group, rows
):
    client.force_login(mixed.users[user_key])

    response = client.get(DASHBOARD, {"year": YEAR, "group": group})

    assert table(response)[:-1] == rows


def test_dashboard_defaults_to_the_latest_year_with_reports(client, mixed):
    client.force_login(mixed.users["admin"])
    this_year = timezone.localdate().year

    response = client.get(DASHBOARD)

    form = response.context["form"]
    assert (response.context["year"], form["year"].value(), form["group"].value()) == (
        YEAR,
        "2024",
        "kanwil",
    )
    assert form.fields["year"].choices == [
        (str(year), str(year)) for year in range(this_year, 2016, -1)
    ]


@pytest.mark.parametrize("year", ["2016", "abc", "２０２３"])
def test_dashboard_falls_back_to_the_default_year_for_an_unknown_year(
    client, mixed, year
):
    client.force_login(mixed.users["admin"])

    response = client.get(DASHBOARD, {"year": year})

    assert response.context["year"] == YEAR


def test_dashboard_shows_an_earlier_year(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(DASHBOARD, {"year": "2023", "group": "province"})

    assert table(response) == [
        ("15", 3, counts(approved=1, missing=2)),
        ("21", 2, counts(missing=2)),
        ("total", 5, counts(approved=1, missing=4)),
    ]


def test_dashboard_narrows_to_a_kanwil_and_keeps_it_in_the_links(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(
        DASHBOARD, {"year": YEAR, "group": "province", "kanwil": "sumbarriau"}
    )

    line = response.context["rows"][0]
    assert table(response) == [
        ("21", 2, counts(returned=1, draft=1)),
        ("total", 2, counts(returned=1, draft=1)),
    ]
    assert [cell["url"] for cell in line["cells"]] == [
        f"{REGIONS}?state={state}&kanwil=sumbarriau&province=21"
        for state in ("approved", "submitted", "returned", "draft", "missing")
    ]
    assert (line["expected_url"], response.context["total"]["expected_url"]) == (
        f"{REGIONS}?kanwil=sumbarriau&province=21",
        f"{REGIONS}?kanwil=sumbarriau",
    )


def test_dashboard_ignores_an_unknown_filter_and_says_so(client_en, mixed):
    client_en.force_login(mixed.users["petugas_b"])

    response = client_en.get(DASHBOARD, {"year": YEAR, "kanwil": "sumbagsel"})

    errors = response.context["form"].errors.as_data()
    assert [row[0] for row in table(response)] == ["sumbarriau", "total"]
    assert {name: [e.code for e in found] for name, found in errors.items()} == {
        "kanwil": ["invalid_choice"]
    }
    assert (
        '<ul class="field__errors" id="id_kanwil_error"><li>Select a valid choice. '
        "sumbagsel is not one of the available choices.</li></ul>"
    ) in response.text


def test_dashboard_offers_only_the_areas_in_scope_as_filters(client_en, mixed):
    client_en.force_login(mixed.users["verifikator_kanwil_a"])

    response = client_en.get(DASHBOARD, {"year": YEAR})

    fields = response.context["form"].fields
    assert (fields["kanwil"].choices, fields["province"].choices) == (
        [("", "All"), ("sumbagsel", "Kanwil Sumbagsel")],
        [("", "All"), ("15", "Jambi")],
    )


def test_dashboard_bar_states_its_numbers_for_screen_readers(client_en, mixed):
    client_en.force_login(mixed.users["admin"])

    response = client_en.get(DASHBOARD, {"year": YEAR})

    labels = re.findall(r'class="bar" role="img" aria-label="([^"]*)"', response.text)
    assert labels == [
        "Approved: 1 (33.3 %); Submitted: 1 (33.3 %); Missing: 1 (33.3 %)",
        "Returned: 1 (50.0 %); Draft: 1 (50.0 %)",
        "Approved: 1 (20.0 %); Submitted: 1 (20.0 %); Returned: 1 (20.0 %); "
        "Draft: 1 (20.0 %); Missing: 1 (20.0 %)",
    ]


def test_dashboard_links_the_export_with_its_filters(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(
        DASHBOARD, {"year": YEAR, "group": "branch", "province": "15"}
    )

    assert response.context["export_url"] == f"{EXPORT}?group=branch&province=15"


def region_rows(response) -> list[tuple]:
    return [(item.code, item.state) for item in response.context["reports"]]


@pytest.mark.parametrize(
    ("query", "rows"),
    [
        (
            {},
            [
                ("15", "missing"),
                ("15.01", "approved"),
                ("15.71", "submitted"),
                ("21", "returned"),
                ("21.05", "draft"),
            ],
        ),
        ({"state": "missing"}, [("15", "missing")]),
        ({"kanwil": "sumbarriau"}, [("21", "returned"), ("21.05", "draft")]),
        ({"branch": "kc-kerinci"}, [("15", "missing"), ("15.01", "approved")]),
        ({"branch": "none"}, [("21", "returned")]),
        ({"province": "15", "state": "submitted"}, [("15.71", "submitted")]),
    ],
)
def test_regions_lists_the_regions_matching_the_filters(client, mixed, query, rows):
    client.force_login(mixed.users["admin"])

    response = client.get(REGIONS, query)

    assert (response.status_code, region_rows(response)) == (200, rows)


@pytest.mark.parametrize(
    ("user_key", "rows"),
    [
        ("petugas_a", [("15.01", "approved"), ("15.71", "submitted")]),
        ("verifikator_kanwil_b", [("21", "returned"), ("21.05", "draft")]),
    ],
)
def test_regions_lists_only_the_user_area(client, mixed, user_key, rows):
    client.force_login(mixed.users[user_key])

    response = client.get(REGIONS)

    assert region_rows(response) == rows


def action_links(response) -> list[str]:
    return re.findall(r'href="(/cakupan/2024/[^"]*)"', response.text)


def test_regions_link_reports_and_let_branch_staff_start_missing_ones(client, mixed):
    client.force_login(mixed.users["petugas_a2"])

    response = client.get(REGIONS)

    assert action_links(response) == ["/cakupan/2024/15/isi/", "/cakupan/2024/15.01/"]


def test_regions_offer_no_entry_to_a_verifier(client, mixed):
    client.force_login(mixed.users["verifikator_kanwil_a"])

    response = client.get(REGIONS)

    assert action_links(response) == ["/cakupan/2024/15.01/", "/cakupan/2024/15.71/"]


def test_regions_of_a_year_before_the_award_is_not_found(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get("/cakupan/kelengkapan/2016/wilayah/")

    assert response.status_code == 404


@pytest.fixture
def frozen(monkeypatch):
    """The clock stopped at 17 Aug 2025 14:05 WIB."""
    moment = datetime.datetime(2025, 8, 17, 7, 5, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: moment)
    return moment


def workbook(response):
    return load_workbook(BytesIO(response.content))


def sheet_rows(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def test_export_writes_the_group_table_with_a_title_and_total(client_en, frozen, mixed):
    client_en.force_login(mixed.users["admin"])

    response = client_en.get(EXPORT, {"group": "province"})

    summary = workbook(response)["Summary"]
    assert sheet_rows(summary) == [
        (
            "Completeness of coverage reports 2024, generated 17 Aug 2025 14:05 WIB",
            *[None] * 8,
        ),
        (
            "Province",
            "Code",
            "Expected",
            "Approved",
            "Submitted",
            "Returned",
            "Draft",
            "Missing",
            "% approved",
        ),
        ("Jambi", "15", 3, 1, 1, 0, 0, 1, 33.3),
        ("Kepulauan Riau", "21", 2, 0, 0, 1, 1, 0, 0),
        ("Total", None, 5, 1, 1, 1, 1, 1, 20),
    ]


def test_export_lists_every_region_in_scope_on_a_second_sheet(client_en, frozen, mixed):
    client_en.force_login(mixed.users["verifikator_kanwil_a"])

    response = client_en.get(EXPORT)

    regions = workbook(response)["Regions"]
    updated = datetime.datetime(2025, 8, 17, 14, 5)
    assert sheet_rows(regions)[1:] == [
        (
            "Code",
            "Region",
            "Level",
            "Province",
            "Kanwil",
            "Branch offices",
            "State",
            "Last update (WIB)",
        ),
        (
            "15",
            "Jambi",
            "Province",
            "Jambi",
            "Kanwil Sumbagsel",
            "KC Kerinci",
            "Missing",
            None,
        ),
        (
            "15.01",
            "Kabupaten Kerinci",
            "Regency",
            "Jambi",
            "Kanwil Sumbagsel",
            "KC Jambi, KC Kerinci",
            "Approved",
            updated,
        ),
        (
            "15.71",
            "Kota Jambi",
            "City",
            "Jambi",
            "Kanwil Sumbagsel",
            "KC Jambi",
            "Submitted",
            updated,
        ),
    ]


def test_export_is_an_attachment_with_bold_frozen_headers(client, mixed):
    client.force_login(mixed.users["admin"])

    response = client.get(EXPORT)

    book = workbook(response)
    sheets = [
        (sheet.freeze_panes, all(cell.font.b for cell in sheet[2]))
        for sheet in book.worksheets
    ]
    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        'attachment; filename="kelengkapan-cakupan-2024.xlsx"',
    )
    assert sheets == [("A3", True), ("A3", True)]


@pytest.mark.parametrize("name", ['=HYPERLINK("http://x","y")', "+1", "-1", "@SUM(A1)"])
def test_export_never_writes_a_formula(client, world, name):
    world.reg_b1.name = name
    world.reg_b1.save()
    client.force_login(world.users["petugas_b"])

    response = client.get(EXPORT)

    cell = workbook(response).worksheets[1]["B3"]
    assert (cell.value, cell.data_type) == (name, "s")


def page_queries(client, url: str, query: dict) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url, query)
    assert response.status_code == 200
    return len(queries)


def add_kanwil(index: int) -> None:
    """A Kanwil with a province, a kab/kota served by a branch, and reports."""
    kanwil = KanwilFactory()
    branch = BranchFactory(kanwil=kanwil)
    province = ProvinceFactory(
        code=f"{50 + index}", kanwil=kanwil, reporting_branch=branch
    )
    regency = RegencyFactory(province=province)
    branch.regencies.add(regency)
    CoverageReportFactory(regency=regency, year=YEAR, status="submitted")


@pytest.mark.parametrize(
    ("url", "query"),
    [
        (DASHBOARD, {}),
        (DASHBOARD, {"group": "branch"}),
        (DASHBOARD, {"group": "province"}),
        (REGIONS, {}),
        (EXPORT, {}),
    ],
)
def test_query_count_does_not_grow_with_groups(
    client, world, django_assert_num_queries, url, query
):
    """The queries for one Kanwil with its regions suffice for three."""
    client.force_login(world.users["admin"])
    add_kanwil(1)
    one = page_queries(client, url, query)
    add_kanwil(2)
    add_kanwil(3)

    with django_assert_num_queries(one):
        response = client.get(url, query)

    assert response.status_code == 200


def test_regions_query_count_does_not_grow_for_branch_staff(
    client, world, django_assert_num_queries
):
    """Branch staff get entry links: still a fixed number of queries."""
    user = world.users["petugas_a"]
    client.force_login(user)
    one = page_queries(client, REGIONS, {})
    for _index in range(2):
        user.branch.regencies.add(RegencyFactory(province=world.prov_a))

    with django_assert_num_queries(one):
        response = client.get(REGIONS)

    assert len(response.context["startable"]) == 4
