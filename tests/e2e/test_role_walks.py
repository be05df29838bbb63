"""Each signed-in role walks its main path through the portal, following the menu
and the links on the pages as a user would, in Bahasa Indonesia. Every page on the
way is checked at a laptop width (1.366 px) and a phone width (390 px): no page
scrolls sideways, and a screenshot of each is saved under tests/e2e/artifacts/
(role-<role>-<step>-<width>.png) to be looked at."""

import pytest
from playwright.sync_api import expect

from participants.models import CoverageReport
from review.models import ReviewStatus
from tests.e2e.test_coverage_report import FIGURES, branch, sign_in, sign_out
from tests.e2e.test_scoring_journey import jambi
from tests.factories import (
    CoverageReportFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

__all__ = ["branch", "jambi"]

LAPTOP = {"width": 1366, "height": 900}
PHONE = {"width": 390, "height": 844}


def look(page, screenshot, name: str) -> None:
    """Check the page at both widths and keep a screenshot of each."""
    for label, size in (("1366", LAPTOP), ("390", PHONE)):
        page.set_viewport_size(size)
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{name} scrolls sideways by {overflow} px at {label}"
        screenshot(f"role-{name}-{label}")
    page.set_viewport_size(LAPTOP)


def menu(page, label: str) -> None:
    """Follow an entry of the main menu (opening it first on a narrow screen)."""
    toggle = page.locator("[aria-controls=site-menu]")
    if toggle.count() and toggle.is_visible():
        toggle.click()
    page.locator("nav.site-nav").get_by_role("link", name=label, exact=True).click()
    page.wait_for_load_state()


def test_branch_officer_enters_a_report_and_finds_the_upload(page, screenshot, branch):
    page.set_viewport_size(LAPTOP)
    sign_in(page, "petugas", "/")
    look(page, screenshot, "petugas-1-home")
    menu(page, "Data cakupan")
    look(page, screenshot, "petugas-2-reports")
    page.locator("[name=start-year]").select_option("2020")
    page.locator("[name=start-region]").select_option("21.05")
    page.locator("form:has([name=start-region]) button[type=submit]").click()
    page.wait_for_url("**/cakupan/2020/21.05/isi/")
    for name, value in FIGURES.items():
        page.locator(f"[name={name}]").fill(value)
    look(page, screenshot, "petugas-3-form")
    page.locator("#sec-save button[type=submit]").click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    look(page, screenshot, "petugas-4-report")
    menu(page, "Unggah")
    look(page, screenshot, "petugas-5-upload")
    sign_out(page)

    report = CoverageReport.objects.get(year=2020, regency="21.05")
    assert (report.status, report.angkatan_kerja) == (ReviewStatus.DRAFT, 18_749)


def test_branch_verifier_approves_a_submitted_report(page, screenshot, branch):
    regency = branch.regencies.get()
    CoverageReportFactory(regency=regency, year=2020, status=ReviewStatus.SUBMITTED)
    page.set_viewport_size(LAPTOP)
    sign_in(page, "verifikator", "/")
    look(page, screenshot, "verifikator-1-home")
    page.locator("a[href$='/cakupan/2020/21.05/']").first.click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    look(page, screenshot, "verifikator-2-report")
    page.locator("form[action$='/approve/'] button").click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    expect(page.locator(".message--success")).to_be_visible()
    look(page, screenshot, "verifikator-3-approved")
    menu(page, "Kelengkapan")
    look(page, screenshot, "verifikator-4-completeness")
    sign_out(page)

    report = CoverageReport.objects.get(year=2020, regency="21.05")
    assert report.status == ReviewStatus.APPROVED


def test_kanwil_verifier_follows_completeness(page, screenshot, branch):
    regency = branch.regencies.get()
    CoverageReportFactory(regency=regency, year=2020, status=ReviewStatus.APPROVED)
    UserFactory(username="kanwil", role="verifikator", kanwil=branch.kanwil)
    page.set_viewport_size(LAPTOP)
    sign_in(page, "kanwil", "/")
    look(page, screenshot, "kanwil-1-home")
    menu(page, "Kelengkapan")
    look(page, screenshot, "kanwil-2-completeness")
    page.goto("/cakupan/2020/21.05/")
    look(page, screenshot, "kanwil-3-approved-report")
    sign_out(page)


def test_national_admin_follows_the_award(page, screenshot, jambi):
    page.set_viewport_size(LAPTOP)
    sign_in(page, "admin", "/")
    look(page, screenshot, "admin-1-home")
    menu(page, "Penghargaan")
    look(page, screenshot, "admin-2-editions")
    page.locator("a[href$='/nominasi/2025/']").first.click()
    page.wait_for_url("**/nominasi/2025/")
    look(page, screenshot, "admin-3-edition")
    page.goto("/nominasi/2025/provinsi/15/")
    look(page, screenshot, "admin-4-round")
    menu(page, "Kelengkapan")
    look(page, screenshot, "admin-5-completeness")
    menu(page, "Publikasi")
    look(page, screenshot, "admin-6-releases")
    sign_out(page)


def test_committee_follows_its_round(page, screenshot, jambi):
    page.set_viewport_size(LAPTOP)
    sign_in(page, "panitia", "/")
    look(page, screenshot, "panitia-1-home")
    page.goto("/nominasi/2025/provinsi/15/")
    look(page, screenshot, "panitia-2-round")
    page.get_by_role("link", name="Kota Jambi").first.click()
    page.wait_for_load_state()
    look(page, screenshot, "panitia-3-candidate")
    page.goto("/nominasi/2025/provinsi/15/jadwal/")
    look(page, screenshot, "panitia-4-schedule")
    sign_out(page)


def test_assessor_opens_a_score_sheet(page, screenshot, jambi):
    # The sheet's autosave has tests of its own; here the page is only looked at.
    page.route("**/simpan/", lambda route: route.abort())
    page.set_viewport_size(LAPTOP)
    sign_in(page, "penilai", "/")
    look(page, screenshot, "penilai-1-home")
    page.locator("a[href*='/lembar/']").first.click()
    page.wait_for_url("**/penilaian/lembar/*/")
    look(page, screenshot, "penilai-2-sheet")
    sign_out(page)
