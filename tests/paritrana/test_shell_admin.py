"""The Django admin under the portal's name, with years written as years."""

import re

import pytest
from django.conf import settings

from tests.factories import CoverageReportFactory, EditionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(admin=True, is_staff=True, is_superuser=True))
    return client


def test_admin_is_headed_with_the_portals_name(admin_client):
    page = admin_client.get("/admin/").content.decode()

    assert "Django" not in re.search(r"<title>(.*?)</title>", page).group(1)
    assert 'id="site-name"' in page
    assert "Administrasi Django" not in page


def test_admin_header_is_the_portal_name_in_english(admin_client):
    admin_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    page = admin_client.get("/admin/").content.decode()

    assert "Paritrana Portal" in page
    assert "Django administration" not in page


def test_admin_report_list_writes_years_without_a_separator(admin_client):
    CoverageReportFactory(year=2025)

    page = admin_client.get("/admin/participants/coveragereport/").content.decode()

    assert ("2025" in page, "2.025" in page) == (True, False)


def test_admin_edition_list_writes_award_and_assessment_years_as_years(admin_client):
    EditionFactory(award_year=2025, assessment_year=2024)

    page = admin_client.get("/admin/nominations/edition/").content.decode()

    assert ("2025" in page, "2024" in page) == (True, True)
    assert ("2.025" in page, "2.024" in page) == (False, False)


def test_admin_year_column_still_sorts(admin_client):
    EditionFactory(award_year=2025, assessment_year=2024)

    response = admin_client.get("/admin/nominations/edition/?o=2")

    assert response.status_code == 200
