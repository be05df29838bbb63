"""The committee of a province starts its round, adds every kab/kota as candidates,
adds an interview slot, shortlists a kab/kota with approved data and schedules its
interview."""

import pytest

from nominations.models import Candidate
from review.models import ReviewStatus
from tests.e2e.test_coverage_report import sign_in
from tests.factories import (
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def jambi():
    """Edition 2025 (assessing 2024); Jambi with two kab/kota, Kota Jambi's 2024
    data approved; the province's committee."""
    province = ProvinceFactory(code="15", name="Jambi")
    kota = RegencyFactory(province=province, code="15.71", name="Kota Jambi")
    RegencyFactory(province=province, code="15.04", name="Kabupaten Batanghari")
    CoverageReportFactory(regency=kota, year=2024, status=ReviewStatus.APPROVED)
    edition = EditionFactory(award_year=2025)
    CategoryFactory(edition=edition, name="Pemerintah Kabupaten/Kota")
    UserFactory(username="panitia", role="panitia_provinsi", province=province)
    return edition


def test_committee_builds_a_shortlist_and_schedules_an_interview(
    page, screenshot, jambi
):
    sign_in(page, "panitia", "/nominasi/2025/provinsi/15/")
    page.locator("button[name=start]").click()
    page.locator("select[name=category]").select_option(
        label="Pemerintah Kabupaten/Kota"
    )
    page.locator("form[action$='/tambah/'] button[type=submit]").click()
    page.wait_for_url("**/provinsi/15/?kategori=*")
    page.goto("/nominasi/2025/provinsi/15/jadwal/")
    page.locator("select[name=category]").select_option(
        label="Pemerintah Kabupaten/Kota"
    )
    page.locator("input[name=day]").fill("2025-09-10")
    page.locator("input[name=starts]").fill("09:00")
    page.locator("input[name=ends]").fill("11:00")
    page.locator("select[name=mode]").select_option("luring")
    page.locator("input[name=place]").fill("Ruang Pola Kantor Gubernur Jambi")
    page.locator("form.field-grid button[type=submit]").click()
    page.goto("/nominasi/2025/provinsi/15/")
    page.get_by_role("link", name="Kota Jambi").first.click()
    page.locator("input[name=action][value=shortlist] ~ button").click()
    page.locator("select[name=slot]").select_option(index=1)
    page.locator("form[action$='/wawancara/'] button[type=submit]").click()
    page.wait_for_load_state()
    screenshot("candidate-scheduled")
    page.goto("/nominasi/2025/provinsi/15/")
    screenshot("round-shortlist")

    kota = Candidate.objects.get(regency="15.71")
    assert (kota.status, kota.interview.slot.place) == (
        Candidate.Status.SHORTLISTED,
        "Ruang Pola Kantor Gubernur Jambi",
    )
    assert Candidate.objects.get(regency="15.04").status == Candidate.Status.CANDIDATE
    assert page.locator("tbody tr").count() == 2
