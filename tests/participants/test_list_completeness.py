"""The completeness dashboard's region drill-down is paged."""

import pytest

from participants import dashboard
from tests.participants.test_dashboard import REGIONS, mixed  # noqa: F401

pytestmark = pytest.mark.django_db


def codes(response) -> list[str]:
    return [item.code for item in response.context["reports"]]


@pytest.mark.parametrize(
    ("page", "expected"),
    [("1", ["15", "15.01"]), ("2", ["15.71", "21"]), ("3", ["21.05"])],
)
def test_regions_are_paged(client, mixed, monkeypatch, page, expected):  # noqa: F811
    monkeypatch.setattr(dashboard, "REGIONS_PER_PAGE", 2)
    client.force_login(mixed.users["admin"])

    response = client.get(REGIONS, {"page": page})

    assert (codes(response), response.context["page"].paginator.count) == (
        expected,
        5,
    )


@pytest.mark.parametrize("page", ["9" * 400, "abc", "-1", "\u0662", ""])
def test_regions_crafted_page_shows_a_page_not_an_error(
    client,
    mixed,  # noqa: F811
    monkeypatch,
    page,
):
    monkeypatch.setattr(dashboard, "REGIONS_PER_PAGE", 2)
    client.force_login(mixed.users["admin"])

    response = client.get(REGIONS, {"page": page})

    assert response.status_code == 200


def test_regions_page_links_keep_the_filters(client, mixed, monkeypatch):  # noqa: F811
    monkeypatch.setattr(dashboard, "REGIONS_PER_PAGE", 1)
    client.force_login(mixed.users["admin"])

    response = client.get(REGIONS, {"kanwil": "sumbarriau"})

    assert "?kanwil=sumbarriau&amp;page=2" in response.text


def test_dashboard_table_no_longer_shares_the_dossier_widget_class(client, mixed):  # noqa: F811
    client.force_login(mixed.users["admin"])

    response = client.get("/cakupan/kelengkapan/", {"year": 2024})

    assert (
        '<table class="completeness-table">' in response.text,
        'class="completeness"' in response.text,
    ) == (True, False)
