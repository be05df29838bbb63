"""The menu of the portal shell: the completeness dashboard for those who check
reports, the public coverage figures for everyone."""

import pytest

pytestmark = pytest.mark.django_db

COMPLETENESS = "/cakupan/kelengkapan/"


def menu(client, world, user_key: str) -> list[str]:
    if user_key != "anonymous":
        client.force_login(world.users[user_key])
    return [item["url"] for item in client.get("/").context["nav_items"]]


@pytest.mark.parametrize(
    ("user_key", "linked"),
    [
        ("anonymous", False),
        ("penilai", False),
        ("panitia_a", False),
        ("petugas_a", False),
        ("verifikator_cabang_a", True),
        ("verifikator_kanwil_a", True),
        ("admin", True),
    ],
)
def test_menu_links_the_completeness_dashboard_for_verifiers_and_the_admin(
    client, world, user_key, linked
):
    urls = menu(client, world, user_key)

    assert (COMPLETENESS in urls) is linked


def test_menu_links_the_completeness_dashboard_to_a_page_they_may_open(client, world):
    client.force_login(world.users["verifikator_kanwil_a"])

    response = client.get(COMPLETENESS)

    assert response.status_code == 200


def test_public_menu_links_the_public_coverage_figures(client, world):
    urls = menu(client, world, "anonymous")

    assert "/cakupan/" in urls
    assert client.get("/cakupan/").status_code == 200
