"""The admin shows coverage reports read only: it cannot bypass the kernel's save."""

import re

import pytest
from django.test import Client
from django.urls import reverse

from participants.models import CoverageReport
from review.models import AuditEntry, ReviewStatus
from tests.factories import CoverageReportFactory, NonAsnLineFactory, UserFactory

pytestmark = pytest.mark.django_db

INLINES = ("non_asn_lines", "vulnerable_lines", "village_lines", "claim_lines")
ROWS = tuple(f"{prefix}-0-" for prefix in INLINES)  # inputs of a row, if any


@pytest.fixture
def staff(client) -> Client:
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.fixture
def report(world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2025)
    NonAsnLineFactory(report=report)
    return report


def change_url(report: CoverageReport) -> str:
    return reverse("admin:participants_coveragereport_change", args=[report.pk])


def test_report_change_page_shows_every_figure_read_only(staff, report):
    response = staff.get(change_url(report))

    shown = response.context["adminform"].readonly_fields
    html = response.content.decode()
    assert response.status_code == 200
    assert [name for name in CoverageReport.FIGURES if name not in shown] == []
    assert [name for name in CoverageReport.FIGURES if f'name="{name}"' in html] == []


def test_report_change_page_shows_table_rows_read_only(staff, report):
    response = staff.get(change_url(report))

    html = response.content.decode()
    inputs = re.findall(r'<(?:input|select|textarea)\b[^>]*name="([^"]+)"', html)
    assert [
        name
        for name in inputs
        if name.startswith(ROWS) and not name.endswith(("-id", "-report"))
    ] == []
    assert "Guru honorer" in html


def test_report_change_page_links_to_the_portal_page(staff, report):
    response = staff.get(change_url(report))

    link = f'<a href="{report.get_absolute_url()}">{report}</a>'
    assert response.content.decode().count(link) == 1


def test_report_post_in_the_admin_changes_no_figure_status_or_version(staff, report):
    data = {
        "province": report.province_id,
        "regency": report.regency_id,
        "year": report.year,
        "angkatan_kerja": 99,
        "status": ReviewStatus.APPROVED,
    }

    response = staff.post(change_url(report), data)

    report.refresh_from_db()
    assert (response.status_code, report.angkatan_kerja, report.status) == (
        403,
        10_000,
        ReviewStatus.DRAFT,
    )
    assert (report.version, AuditEntry.objects.count()) == (1, 0)


def test_reports_are_not_started_in_the_admin(staff, world):
    response = staff.post(
        reverse("admin:participants_coveragereport_add"),
        {"province": world.prov_a.pk, "year": 2025, "angkatan_kerja": 5},
    )

    assert (response.status_code, CoverageReport.objects.count()) == (403, 0)


def delete_url(report: CoverageReport) -> str:
    return reverse("admin:participants_coveragereport_delete", args=[report.pk])


def test_a_report_with_history_is_not_deleted_in_the_admin(staff, world):
    """Deleting would take its timeline and audit trail with it."""
    report = CoverageReportFactory(regency=world.reg_a1, year=2025)
    AuditEntry.objects.create(
        record=report, field="angkatan_kerja", new_value="5", version=2, source="form"
    )

    response = staff.post(delete_url(report), {"post": "yes"})

    assert response.status_code == 403
    assert CoverageReport.objects.filter(pk=report.pk).exists()
    assert AuditEntry.objects.count() == 1


def test_a_report_without_history_can_be_deleted_in_the_admin(staff, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2025)

    response = staff.post(delete_url(report), {"post": "yes"})

    assert response.status_code == 302
    assert not CoverageReport.objects.filter(pk=report.pk).exists()


def test_the_report_list_offers_no_bulk_delete(staff, report):
    response = staff.get(reverse("admin:participants_coveragereport_changelist"))

    assert response.status_code == 200
    assert "delete_selected" not in response.text
