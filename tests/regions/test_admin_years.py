"""Years in the Django admin read "2025", in lists and on read-only change pages."""

import pytest

from review.models import ReviewStatus
from tests.factories import CoverageReportFactory, UserFactory, ZoneFactory

pytestmark = pytest.mark.django_db


def test_read_only_report_page_writes_the_year_as_a_year(client):
    report = CoverageReportFactory(year=2025, status=ReviewStatus.APPROVED)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(
        f"/admin/participants/coveragereport/{report.pk}/change/",
        headers={"accept-language": "id"},
    )

    body = response.content.decode()
    assert (response.status_code, "2.025" in body, "2025" in body) == (200, False, True)


def test_read_only_report_page_shows_the_year_once(client):
    report = CoverageReportFactory(year=2025, status=ReviewStatus.APPROVED)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(f"/admin/participants/coveragereport/{report.pk}/change/")

    assert response.content.decode().count("field-year_as_written") == 1


def test_editable_zone_page_has_one_year_input_and_no_read_only_copy(client):
    zone = ZoneFactory(year=2025)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    response = client.get(f"/admin/regions/zone/{zone.pk}/change/")

    body = response.content.decode()
    assert (body.count('name="year"'), "as_written" in body) == (1, False)
