"""The coverage report page in the browser: a returned report shows its reason and
what to fix at the top and a disabled submit button with the reason; a verifier
reads last year's approved figures beside the submitted ones."""

import shutil
from pathlib import Path

import pytest

from review.models import ReviewStatus, StatusChange
from tests.e2e.test_coverage_report import branch, sign_in  # noqa: F401
from tests.factories import CoverageReportFactory
from tests.factories.accounts import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path("var/screenshots")


def keep(path: Path) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / path.name)


def test_officer_sees_the_return_reason_and_a_disabled_submit(
    page,
    screenshot,
    branch,  # noqa: F811
):
    anambas = branch.regencies.get()
    CoverageReportFactory(regency=anambas, year=2022, peserta_pu=1_000)
    report = CoverageReportFactory(
        regency=anambas, year=2023, status=ReviewStatus.RETURNED
    )
    StatusChange.objects.create(
        record=report,
        from_status=ReviewStatus.SUBMITTED,
        to_status=ReviewStatus.RETURNED,
        by=UserFactory(username="budi2", role="verifikator", branch=branch),
        reason="Kenaikan peserta PU perlu dijelaskan.",
    )

    sign_in(page, "petugas", "/cakupan/2023/21.05/")

    returned = page.locator("section[aria-labelledby=returned-title]")
    submit = page.locator("form[action$='/submit/'] button")
    assert (
        "Kenaikan peserta PU perlu dijelaskan." in returned.inner_text(),
        returned.locator("a[href*='/isi/#sec-']").count() > 0,
        submit.is_disabled(),
    ) == (True, True, True)
    keep(screenshot("report-returned-officer"))


def test_verifier_sees_last_years_approved_figures(page, screenshot, branch):  # noqa: F811
    anambas = branch.regencies.get()
    CoverageReportFactory(regency=anambas, year=2022, status=ReviewStatus.APPROVED)
    CoverageReportFactory(
        regency=anambas, year=2023, status=ReviewStatus.SUBMITTED, peserta_pu=3_600
    )

    sign_in(page, "verifikator", "/cakupan/2023/21.05/")

    row = page.locator("table.figures tr", has=page.locator("td")).nth(3)
    cells = row.locator("td").all_inner_texts()
    assert cells == ["3.600", "3.500", "+100"]
    keep(screenshot("report-previous-year-verifier"))


def test_officer_starts_a_report_from_last_years_figures(page, screenshot, branch):  # noqa: F811
    anambas = branch.regencies.get()
    CoverageReportFactory(regency=anambas, year=2022, status=ReviewStatus.APPROVED)

    sign_in(page, "petugas", "/cakupan/2023/21.05/isi/")
    keep(screenshot("report-new-from-last-year"))
    page.locator("form[action$='/mulai-dari-tahun-lalu/'] button").click()
    page.wait_for_load_state()

    assert (
        page.url.endswith("/cakupan/2023/21.05/isi/"),
        page.locator("[name=peserta_pu]").input_value(),
    ) == (True, "3.500")
    keep(screenshot("report-started-from-last-year"))
