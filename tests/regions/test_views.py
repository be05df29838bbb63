from types import SimpleNamespace

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import (
    BranchFactory,
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db


def test_province_list_counts_current_regions_of_each_level(client, world):
    RegencyFactory(kota=True, province=world.prov_b, is_active=False)

    response = client.get("/wilayah/")

    rows = [
        (
            p.code,
            p.kanwil.code,
            p.kabupaten_count,
            p.kota_count,
            p.district_count,
            p.village_count,
        )
        for p in response.context["provinces"]
    ]
    assert (response.status_code, rows) == (
        200,
        [("15", "sumbagsel", 1, 1, 2, 2), ("21", "sumbarriau", 1, 0, 1, 1)],
    )


def test_province_detail_lists_regencies_with_current_counts_and_branches(
    client, world
):
    VillageFactory(district=world.dist_a1, is_active=False)
    DistrictFactory(regency=world.reg_a1, is_active=False)

    response = client.get("/wilayah/15/")

    rows = [
        (
            r.code,
            r.district_count,
            r.village_count,
            [b.code for b in r.branches.all()],
        )
        for r in response.context["regencies"]
    ]
    assert (response.status_code, response.context["province"]) == (200, world.prov_a)
    assert rows == [
        ("15.01", 1, 1, ["kc-jambi", "kc-kerinci"]),
        ("15.71", 1, 1, ["kc-jambi"]),
    ]


def test_regency_detail_counts_current_desa_and_kelurahan(client, world):
    VillageFactory(district=world.dist_a1)
    VillageFactory(kelurahan=True, district=world.dist_a1)
    VillageFactory(kelurahan=True, district=world.dist_a1, is_active=False)

    response = client.get("/wilayah/15.01/")

    context = response.context
    rows = [(d.code, d.desa_count, d.kelurahan_count) for d in context["districts"]]
    assert (response.status_code, context["regency"]) == (200, world.reg_a1)
    assert (rows, context["desa_total"], context["kelurahan_total"]) == (
        [("15.01.01", 2, 1)],
        2,
        1,
    )
    assert list(context["branches"]) == [world.branch_a, world.branch_a2]


def test_district_detail_lists_current_villages(client, world):
    second = VillageFactory(kelurahan=True, district=world.dist_a1)
    VillageFactory(district=world.dist_a1, is_active=False)

    response = client.get("/wilayah/15.01.01/")

    assert (response.status_code, response.context["district"]) == (
        200,
        world.dist_a1,
    )
    assert list(response.context["villages"]) == [second, world.vil_a1]


def test_province_list_totals_the_current_regions(client, world):
    RegencyFactory(kota=True, province=world.prov_b, is_active=False)

    response = client.get("/wilayah/")

    assert response.context["totals"] == {
        "kabupaten": 2,
        "kota": 1,
        "district": 3,
        "village": 3,
    }


@pytest.mark.parametrize(
    "url", ["/wilayah/99/", "/wilayah/15.02/", "/wilayah/15.01.09/", "/wilayah/abc/"]
)
def test_region_page_for_unknown_code_is_not_found(client, world, url):
    response = client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("term", ["k", " j ", "1"])
def test_search_with_a_one_character_term_is_too_short(client, world, term):
    response = client.get("/wilayah/cari/", {"q": term})

    assert (response.status_code, response.context["too_short"]) == (200, True)
    assert "results" not in response.context


def test_search_without_a_term_shows_only_the_form(client, world):
    response = client.get("/wilayah/cari/")

    assert (response.context["term"], response.context["too_short"]) == ("", False)
    assert "results" not in response.context


def result_codes(response) -> dict[str, tuple[list[str], int]]:
    return {
        level: ([region.code for region in matches], total)
        for level, (matches, total) in response.context["results"].items()
    }


def test_search_by_name_finds_regions_of_every_level(client, world):
    response = client.get("/wilayah/cari/", {"q": "kota"})

    assert result_codes(response) == {
        "provinces": ([], 0),
        "regencies": (["15.71"], 1),
        "districts": (["15.71.01"], 1),
        "villages": ([], 0),
    }


@pytest.mark.parametrize("term", ["15.71", "1571"])
def test_search_by_code_prefix_with_or_without_dots(client, world, term):
    response = client.get("/wilayah/cari/", {"q": term})

    assert result_codes(response) == {
        "provinces": ([], 0),
        "regencies": (["15.71"], 1),
        "districts": (["15.71.01"], 1),
        "villages": (["15.71.01.1001"], 1),
    }


def test_search_shows_at_most_twenty_matches_per_level_with_the_total(client):
    RegencyFactory.create_batch(25, province=ProvinceFactory(code="33"))

    response = client.get("/wilayah/cari/", {"q": "33."})

    matches, total = response.context["results"]["regencies"]
    assert (len(matches), total) == (20, 25)


def test_my_regions_sends_anonymous_visitor_to_login(client):
    response = client.get("/wilayah/saya/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/wilayah/saya/",
    )


@pytest.mark.parametrize(
    ("user_key", "codes"),
    [
        ("petugas_a", ["15.01", "15.71"]),
        ("petugas_a2", ["15.01"]),
        ("verifikator_kanwil_b", ["21.05"]),
        ("panitia_a", ["15.01", "15.71"]),
        ("penilai", []),
    ],
)
def test_my_regions_lists_only_regencies_in_the_user_scope(
    client, world, user_key, codes
):
    client.force_login(world.users[user_key])

    response = client.get("/wilayah/saya/")

    assert response.status_code == 200
    assert [r.code for r in response.context["regencies"]] == codes


def test_language_switch_sets_the_language_cookie(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/wilayah/"})

    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert (response.status_code, response["Location"], cookie.value) == (
        302,
        "/wilayah/",
        "en",
    )


def page_queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def add_province(world) -> None:
    province = ProvinceFactory(kanwil=world.branch.kanwil)
    VillageFactory(district__regency__province=province)


def add_regency(world) -> None:
    regency = RegencyFactory(province=world.province)
    BranchFactory(regencies=[regency])
    VillageFactory(district__regency=regency)


def add_district(world) -> None:
    VillageFactory(district__regency=world.regency)


def add_village(world) -> None:
    VillageFactory(district=world.district)


def add_my_regency(world) -> None:
    world.branch.regencies.add(RegencyFactory(province=world.province))


PAGES = {
    "province list": ("/wilayah/", add_province),
    "province detail": ("/wilayah/15/", add_regency),
    "regency detail": ("/wilayah/15.01/", add_district),
    "district detail": ("/wilayah/15.01.01/", add_village),
    "my regions": ("/wilayah/saya/", add_my_regency),
}


@pytest.mark.parametrize(("url", "add_row"), PAGES.values(), ids=PAGES)
def test_list_page_query_count_does_not_grow_with_rows(
    client, django_assert_num_queries, url, add_row
):
    """The queries for one row (of a one-row-per-level world) suffice for three."""
    world = one_row_world()
    client.force_login(UserFactory(petugas=True, branch=world.branch))
    one_row = page_queries(client, url)
    add_row(world)
    add_row(world)

    with django_assert_num_queries(one_row):
        response = client.get(url)

    assert response.status_code == 200


def one_row_world() -> SimpleNamespace:
    """Province 15 (with a Kanwil), kab 15.01 served by a branch, kecamatan 15.01.01
    and desa 15.01.01.2001."""
    w = SimpleNamespace()
    w.branch = BranchFactory()
    w.province = ProvinceFactory(code="15", kanwil=w.branch.kanwil)
    w.regency = RegencyFactory(code="15.01", province=w.province)
    w.branch.regencies.add(w.regency)
    w.district = DistrictFactory(code="15.01.01", regency=w.regency)
    VillageFactory(code="15.01.01.2001", district=w.district)
    return w
