"""Region search: past the first 20 matches of a level, a link to the next ones."""

import pytest

from tests.factories import ProvinceFactory, RegencyFactory

pytestmark = pytest.mark.django_db

SEARCH = "/wilayah/cari/"


@pytest.fixture
def regencies():
    """45 kab/kota whose codes start with 33."""
    province = ProvinceFactory(code="33", name="Jawa Tengah")
    return RegencyFactory.create_batch(45, province=province)


def test_search_links_the_next_matches_of_a_level(client, regencies):
    response = client.get(SEARCH, {"q": "33."})

    pager = response.context["more"]["regencies"]
    assert (pager["first"], pager["last"], pager["total"]) == (1, 20, 45)
    assert pager["next_url"] == "/wilayah/cari/?q=33.&level=regencies&page=2"
    assert pager["next_url"].replace("&", "&amp;") in response.content.decode()


def test_search_next_page_shows_only_that_level_and_its_next_rows(client, regencies):
    response = client.get(SEARCH, {"q": "33.", "level": "regencies", "page": "2"})

    rows, total = response.context["results"]["regencies"]
    pager = response.context["more"]["regencies"]
    assert list(response.context["results"]) == ["regencies"]
    assert ([r.code for r in rows], total) == (
        sorted(r.code for r in regencies)[20:40],
        45,
    )
    assert (pager["first"], pager["last"]) == (21, 40)
    assert pager["previous_url"].endswith("level=regencies&page=1")


def test_search_last_page_has_no_more_link(client, regencies):
    response = client.get(SEARCH, {"q": "33.", "level": "regencies", "page": "3"})

    pager = response.context["more"]["regencies"]
    assert (pager["first"], pager["last"], pager["next_url"]) == (41, 45, "")


def test_search_with_few_matches_shows_no_more_link(client, world):
    response = client.get(SEARCH, {"q": "Jambi"})

    assert "level=" not in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"level": "users"},
        {"level": "regencies", "page": "0"},
        {"level": "regencies", "page": "-1"},
        {"level": "regencies", "page": "abc"},
        {"level": "regencies", "page": "٣"},
        {"level": "regencies", "page": "9" * 40},
        {"level": "regencies", "page": ""},
    ],
)
def test_search_refuses_a_crafted_level_or_page_with_a_400(client, world, query):
    response = client.get(SEARCH, {"q": "Jambi", **query})

    assert response.status_code == 400


def test_search_query_count_is_the_same_for_the_first_and_a_later_page(
    client, regencies, django_assert_max_num_queries
):
    with django_assert_max_num_queries(8):
        client.get(SEARCH, {"q": "33."})
    with django_assert_max_num_queries(2):
        client.get(SEARCH, {"q": "33.", "level": "regencies", "page": "2"})
