import pytest
from django.utils import timezone

from participants.completeness import (
    Grouping,
    GroupRow,
    Segment,
    Unit,
    expected_reports,
    filter_reports,
    group_rows,
    latest_year,
    startable_codes,
    total_row,
)
from tests.factories import (
    BranchFactory,
    CoverageReportFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
)

pytestmark = pytest.mark.django_db

YEAR = 2024


def report(world, code: str, status: str, *, year: int = YEAR):
    """A report of the region with that code (a province's own for a bare code)."""
    if "." in code:
        regency = next(r for r in regions(world) if r.code == code)
        return CoverageReportFactory(regency=regency, year=year, status=status)
    province = world.prov_a if code == "15" else world.prov_b
    return CoverageReportFactory(
        regency=None, province=province, year=year, status=status
    )


def regions(world):
    return [world.reg_a1, world.reg_a2, world.reg_b1]


@pytest.fixture
def mixed(world):
    """2024: 15 missing, 15.01 approved, 15.71 submitted, 21 returned, 21.05 draft;
    KC Kerinci reports for province 15. Noise: a 2023 report and an inactive kab."""
    world.prov_a.reporting_branch = world.branch_a2
    world.prov_a.save()
    report(world, "15.01", "approved")
    report(world, "15.71", "submitted")
    report(world, "21", "returned")
    report(world, "21.05", "draft")
    report(world, "15", "approved", year=2023)
    gone = RegencyFactory(code="15.02", province=world.prov_a, is_active=False)
    CoverageReportFactory(regency=gone, year=YEAR, status="approved")
    return world


def counts(approved=0, submitted=0, returned=0, draft=0, missing=0):
    return {
        "approved": approved,
        "submitted": submitted,
        "returned": returned,
        "draft": draft,
        "missing": missing,
    }


def table(rows: list[GroupRow]) -> list[tuple]:
    return [(row.unit.key if row.unit else None, row.counts) for row in rows]


def test_expected_reports_lists_every_current_region_with_its_state(mixed):
    items = expected_reports(mixed.users["admin"], YEAR)

    rows = [
        (i.code, i.level, i.state, i.kanwil.key, [b.key for b in i.branches])
        for i in items
    ]
    assert rows == [
        ("15", "province", "missing", "sumbagsel", ["kc-kerinci"]),
        ("15.01", "kabupaten", "approved", "sumbagsel", ["kc-jambi", "kc-kerinci"]),
        ("15.71", "kota", "submitted", "sumbagsel", ["kc-jambi"]),
        ("21", "province", "returned", "sumbarriau", []),
        ("21.05", "kabupaten", "draft", "sumbarriau", ["kc-anambas"]),
    ]


def test_expected_reports_of_a_year_without_reports_are_all_missing(mixed):
    items = expected_reports(mixed.users["admin"], 2019)

    assert [(i.code, i.state, i.report) for i in items] == [
        ("15", "missing", None),
        ("15.01", "missing", None),
        ("15.71", "missing", None),
        ("21", "missing", None),
        ("21.05", "missing", None),
    ]


@pytest.mark.parametrize(
    ("user_key", "codes"),
    [
        ("admin", ["15", "15.01", "15.71", "21", "21.05"]),
        ("superuser", ["15", "15.01", "15.71", "21", "21.05"]),
        ("petugas_a", ["15.01", "15.71"]),
        ("petugas_a2", ["15", "15.01"]),
        ("petugas_b", ["21.05"]),
        ("verifikator_cabang_a", ["15.01", "15.71"]),
        ("verifikator_kanwil_a", ["15", "15.01", "15.71"]),
        ("verifikator_kanwil_b", ["21", "21.05"]),
        ("panitia_a", ["15", "15.01", "15.71"]),
        ("penilai", []),
        ("no_role", []),
        ("anonymous", []),
    ],
)
def test_expected_reports_cover_the_user_area(mixed, user_key, codes):
    items = expected_reports(mixed.users[user_key], YEAR)

    assert [item.code for item in items] == codes


def test_expected_reports_list_only_the_own_branch_for_branch_staff(mixed):
    items = expected_reports(mixed.users["petugas_a2"], YEAR)

    assert [(i.code, [b.key for b in i.branches]) for i in items] == [
        ("15", ["kc-kerinci"]),
        ("15.01", ["kc-kerinci"]),
    ]


def test_group_rows_per_kanwil(mixed):
    items = expected_reports(mixed.users["admin"], YEAR)

    rows = group_rows(items, Grouping.KANWIL)

    assert table(rows) == [
        ("sumbagsel", counts(approved=1, submitted=1, missing=1)),
        ("sumbarriau", counts(returned=1, draft=1)),
    ]


def test_group_rows_per_branch_count_a_kab_under_each_serving_branch(mixed):
    items = expected_reports(mixed.users["admin"], YEAR)

    rows = group_rows(items, Grouping.BRANCH)

    assert table(rows) == [
        ("kc-anambas", counts(draft=1)),
        ("kc-jambi", counts(approved=1, submitted=1)),
        ("kc-kerinci", counts(approved=1, missing=1)),
        ("none", counts(returned=1)),
    ]


def test_group_rows_per_province_include_the_province_own_report(mixed):
    items = expected_reports(mixed.users["admin"], YEAR)

    rows = group_rows(items, Grouping.PROVINCE)

    assert table(rows) == [
        ("15", counts(approved=1, submitted=1, missing=1)),
        ("21", counts(returned=1, draft=1)),
    ]


def test_group_rows_put_regions_without_a_kanwil_last(mixed, english):
    ProvinceFactory(code="99", name="Aceh Baru", kanwil=None)
    zulu = KanwilFactory(code="zulu", name="A Kanwil")
    ProvinceFactory(code="98", name="Papua Baru", kanwil=zulu)
    items = expected_reports(mixed.users["admin"], YEAR)

    rows = group_rows(items, Grouping.KANWIL)

    assert [(row.unit.key, row.unit.name) for row in rows] == [
        ("zulu", "A Kanwil"),
        ("sumbagsel", "Kanwil Sumbagsel"),
        ("sumbarriau", "Kanwil Sumbarriau"),
        ("none", "No regional office"),
    ]


def test_total_row_counts_each_report_once(mixed):
    items = expected_reports(mixed.users["admin"], YEAR)

    total = total_row(items)

    assert (total.unit, total.counts, total.expected) == (
        None,
        counts(approved=1, submitted=1, returned=1, draft=1, missing=1),
        5,
    )


def test_group_row_segments_give_shares_of_the_non_empty_states(english):
    row = GroupRow(Unit("x", "X"), counts(approved=1, draft=2, missing=5))

    assert (row.segments, row.approved_percent) == (
        [
            Segment("approved", "Approved", 1, 12.5),
            Segment("draft", "Draft", 2, 25.0),
            Segment("missing", "Missing", 5, 62.5),
        ],
        12.5,
    )
    assert [segment.width for segment in row.segments] == [13, 25, 63]


def test_group_row_without_expected_reports_has_no_share():
    row = GroupRow(None, counts())

    assert (row.expected, row.approved_percent, row.segments) == (0, 0.0, [])


@pytest.mark.parametrize(
    ("filters", "codes"),
    [
        ({}, ["15", "15.01", "15.71", "21", "21.05"]),
        ({"state": "missing"}, ["15"]),
        ({"state": "approved"}, ["15.01"]),
        ({"kanwil": "sumbarriau"}, ["21", "21.05"]),
        ({"branch": "kc-kerinci"}, ["15", "15.01"]),
        ({"branch": "kc-jambi"}, ["15.01", "15.71"]),
        ({"branch": "none"}, ["21"]),
        ({"province": "15"}, ["15", "15.01", "15.71"]),
        ({"province": "15", "state": "submitted"}, ["15.71"]),
        ({"kanwil": "sumbagsel", "branch": "kc-anambas"}, []),
    ],
)
def test_filter_reports_keeps_what_matches_every_filter(mixed, filters, codes):
    items = expected_reports(mixed.users["admin"], YEAR)

    shown = filter_reports(items, **filters)

    assert [item.code for item in shown] == codes


def test_latest_year_is_the_newest_year_with_reports_in_the_area(mixed):
    report(mixed, "21.05", "draft", year=2025)

    years = [
        latest_year(mixed.users[key]) for key in ("admin", "petugas_a", "petugas_b")
    ]

    assert years == [2025, YEAR, 2025]


def test_latest_year_without_reports_is_the_current_year(world):
    year = latest_year(world.users["admin"])

    assert year == timezone.localdate().year


@pytest.mark.parametrize(
    ("user_key", "codes"),
    [
        ("admin", {"15"}),
        ("petugas_a2", {"15"}),
        ("petugas_a", set()),
        ("verifikator_kanwil_a", set()),
        ("panitia_a", set()),
    ],
)
def test_startable_codes_are_the_missing_reports_the_user_may_start(
    mixed, user_key, codes
):
    items = expected_reports(mixed.users[user_key], YEAR)

    assert startable_codes(mixed.users[user_key], items) == codes


@pytest.mark.parametrize(
    "user_key",
    ["admin", "petugas_a", "petugas_a2", "petugas_b", "verifikator_kanwil_a"],
)
def test_startable_codes_agree_with_start_report_for_every_region(world, user_key):
    """Nothing reported yet: the one answer per level must match each region's."""
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()
    user = world.users[user_key]
    items = expected_reports(user, YEAR)

    expected = {
        i.code
        for i in items
        if user.has_perm("participants.start_report", i.regency or i.province)
    }

    assert (startable_codes(user, items), len(items) > 0) == (expected, True)


def add_kanwil_with_regions(index: int) -> None:
    kanwil = KanwilFactory()
    province = ProvinceFactory(code=f"{50 + index}", kanwil=kanwil)
    regency = RegencyFactory(province=province)
    BranchFactory(kanwil=kanwil, regencies=[regency])
    CoverageReportFactory(regency=regency, year=YEAR, status="submitted")


def test_expected_reports_take_four_queries_however_many_regions(
    world, django_assert_num_queries
):
    add_kanwil_with_regions(1)
    user = world.users["admin"]
    with django_assert_num_queries(4):
        one = expected_reports(user, YEAR)
    add_kanwil_with_regions(2)
    add_kanwil_with_regions(3)

    with django_assert_num_queries(4):
        three = expected_reports(user, YEAR)

    assert (len(one), len(three)) == (7, 11)
