"""Last year's figures: shown beside this year's to the staff once approved, and a
new report started from them (copied into a draft, audited, refused when the report
exists)."""

import pytest
from django.conf import settings

from participants import services
from participants.models import CoverageReport
from review.models import AuditEntry, ReviewStatus
from review.workflow import ReviewError
from tests.factories import CoverageReportFactory, NonAsnLineFactory

pytestmark = pytest.mark.django_db
APPROVED = ReviewStatus.APPROVED
SUBMITTED = ReviewStatus.SUBMITTED
START = "/cakupan/2024/15.01/mulai-dari-tahun-lalu/"


@pytest.fixture(autouse=True)
def english_pages(client, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def test_verifier_sees_last_years_approved_figures_with_the_change(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, status=APPROVED)
    CoverageReportFactory(
        regency=world.reg_a1, year=2023, status=SUBMITTED, peserta_pu=3_600
    )
    client.force_login(world.users["verifikator_cabang_a"])

    response = client.get("/cakupan/2023/15.01/")

    html = response.content.decode()
    assert (
        response.context["previous"]["rows"]["peserta_pu"],
        "2022, approved" in html,
    ) == ({"value": 3_500, "change": 100}, True)


def test_last_years_figures_are_not_shown_until_approved(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2022, status=SUBMITTED)
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    response = client.get("/cakupan/2023/15.01/")

    assert response.context["previous"] is None


def test_start_from_previous_year_copies_figures_and_rows_audited(world):
    before = CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    NonAsnLineFactory(report=before, eligible=50, protected=40)
    officer = world.users["petugas_a"]

    report = services.start_from_previous_year("15.01", 2024, by=officer)

    copied = [(line.eligible, line.protected) for line in report.non_asn_lines.all()]
    audit = AuditEntry.objects.for_record(report)
    assert (
        report.status,
        [getattr(report, name) for name in CoverageReport.FIGURES],
        copied,
        audit.filter(field="peserta_pu").values_list("new_value", "reason").get(),
    ) == (
        ReviewStatus.DRAFT,
        [getattr(before, name) for name in CoverageReport.FIGURES],
        [(50, 40)],
        ("3500", "Started from the 2023 figures."),
    )


def test_start_from_previous_year_is_refused_when_the_report_exists(world):
    CoverageReportFactory(regency=world.reg_a1, year=2023)
    CoverageReportFactory(regency=world.reg_a1, year=2024, peserta_pu=1)

    with pytest.raises(ReviewError) as raised:
        services.start_from_previous_year("15.01", 2024, by=world.users["petugas_a"])

    assert str(raised.value) == (
        "The 2024 report exists already: open it to change its figures."
    )


def test_start_from_previous_year_without_last_years_report_creates_nothing(world):
    with pytest.raises(ReviewError):
        services.start_from_previous_year("15.01", 2024, by=world.users["petugas_a"])

    assert not CoverageReport.objects.filter(year=2024).exists()


def test_start_from_previous_year_page_leads_to_the_form(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.force_login(world.users["petugas_a"])

    response = client.post(START, follow=True)

    assert (
        response.redirect_chain,
        [str(m) for m in response.context["messages"]],
    ) == (
        [("/cakupan/2024/15.01/isi/", 302)],
        ["The report was started from the 2023 figures: check and update them."],
    )


def test_start_from_previous_year_is_forbidden_outside_the_branch(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.force_login(world.users["petugas_b"])

    response = client.post(START)

    assert (response.status_code, CoverageReport.objects.count()) == (403, 1)


@pytest.mark.parametrize(
    "path",
    [
        "/cakupan/2024/99.99/mulai-dari-tahun-lalu/",
        "/cakupan/9999/15.01/mulai-dari-tahun-lalu/",
    ],
)
def test_start_from_previous_year_answers_crafted_paths_without_error(
    client, world, path
):
    client.force_login(world.users["petugas_a"])

    response = client.post(path)

    assert response.status_code in (302, 404)


def test_entry_form_of_a_new_report_offers_last_years_figures(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.force_login(world.users["petugas_a"])

    html = client.get("/cakupan/2024/15.01/isi/").content.decode()

    assert f'action="{START}"' in html
