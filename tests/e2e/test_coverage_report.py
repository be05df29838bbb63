"""A branch officer enters, saves and submits a coverage report; a verifier of the
branch approves it."""

import pytest

from participants.models import CoverageReport
from review.models import ReviewStatus
from tests.factories import (
    PASSWORD,
    BranchFactory,
    DistrictFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

# Kepulauan Anambas 2020 (domain guide §8): 11.414 participants of 18.749 = 60,88 %.
FIGURES = {
    "angkatan_kerja": "18.749",
    "pekerja_formal": "7.000",
    "pekerja_informal": "11.749",
    "peserta_pu": "5.000",
    "peserta_bpu": "6.414",
}


@pytest.fixture
def branch():
    """KC Tanjungpinang serving Kabupaten Kepulauan Anambas (two desa)."""
    kanwil = KanwilFactory(name="Kanwil Sumbarriau")
    province = ProvinceFactory(code="21", name="Kepulauan Riau", kanwil=kanwil)
    anambas = RegencyFactory(
        province=province, code="21.05", name="Kabupaten Kepulauan Anambas"
    )
    district = DistrictFactory(regency=anambas, code="21.05.01", name="Siantan")
    for number in ("2001", "2002"):
        VillageFactory(district=district, code=f"21.05.01.{number}")
    office = BranchFactory(name="KC Tanjungpinang", kanwil=kanwil, regencies=[anambas])
    UserFactory(
        username="petugas",
        first_name="Rina",
        last_name="Petugas",
        role="petugas_cabang",
        branch=office,
    )
    UserFactory(
        username="verifikator",
        first_name="Budi",
        last_name="Verifikator",
        role="verifikator",
        branch=office,
    )
    return office


def sign_in(page, username: str, goto: str) -> None:
    page.goto(f"/akun/masuk/?next={goto}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{goto}")


def sign_out(page) -> None:
    page.locator(".user-menu button[type=submit]").click()
    page.wait_for_load_state()


def test_officer_enters_and_submits_and_verifier_approves(page, screenshot, branch):
    sign_in(page, "petugas", "/cakupan/")
    page.locator("[name=start-year]").select_option("2020")
    page.locator("[name=start-region]").select_option("21.05")
    page.locator("form:has([name=start-region]) button[type=submit]").click()
    page.wait_for_url("**/cakupan/2020/21.05/isi/")
    for name, value in FIGURES.items():
        page.locator(f"[name={name}]").press_sequentially(value)
    live_coverage = page.locator("[data-out=coverage]").inner_text()
    screenshot("coverage-form")
    page.locator("#sec-save button[type=submit]").click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    page.locator("form[action$='/submit/'] button").click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    sign_out(page)

    sign_in(page, "verifikator", "/cakupan/2020/21.05/")
    page.locator("form[action$='/approve/'] button").click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    screenshot("coverage-approved")

    report = CoverageReport.objects.get(regency="21.05", year=2020)
    steps = page.locator(".timeline__step").evaluate_all(
        "steps => steps.map(step => step.className.split('--')[1])"
    )
    assert live_coverage == "60,88 %"
    assert (report.status, report.angkatan_kerja, report.peserta_bpu) == (
        ReviewStatus.APPROVED,
        18_749,
        6_414,
    )
    assert page.locator(".page-header .badge--approved").is_visible()
    assert steps == ["submitted", "approved"]
    assert page.locator("form[action$='/approve/']").count() == 0
