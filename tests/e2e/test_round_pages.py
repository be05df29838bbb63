"""The edition page at 1366 px lists every province with styled bars; the round page
shortlists ticked candidates in one go and reads empty dossiers as not started."""

from pathlib import Path

import pytest

from nominations.models import Candidate
from regions.models import Province
from review.models import ReviewStatus
from tests.e2e.test_coverage_report import sign_in
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    ProvinceFactory,
    ProvincialRoundFactory,
    RegencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)
SHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
WIDE = {"width": 1366, "height": 768}


@pytest.fixture
def award():
    """Edition 2025; Jambi's round with three kab/kota candidates (one with approved
    2024 data); six more provinces, two of them started; the national admin and
    Jambi's committee."""
    jambi = ProvinceFactory(code="15", name="Jambi")
    edition = EditionFactory(award_year=2025)
    category = CategoryFactory(
        edition=edition,
        name="Pemerintah Kabupaten/Kota",
        name_en="Regency/city government",
    )
    ProvincialRoundFactory(edition=edition, province=jambi)
    for code, name in [("15.71", "Kota Jambi"), ("15.04", "Kabupaten Batanghari")]:
        regency = RegencyFactory(province=jambi, code=code, name=name)
        CandidateFactory(category=category, regency=regency)
    CoverageReportFactory(regency_id="15.71", year=2024, status=ReviewStatus.APPROVED)
    CandidateFactory(
        category=category,
        regency=RegencyFactory(province=jambi, code="15.01", name="Kabupaten Kerinci"),
        status=Candidate.Status.SHORTLISTED,
    )
    for index, name in enumerate(["Kepulauan Bangka Belitung", "Nusa Tenggara Barat"]):
        ProvincialRoundFactory(
            edition=edition, province=ProvinceFactory(code=f"1{9 - index}", name=name)
        )
    for code, name in [("31", "DKI Jakarta"), ("64", "Kalimantan Timur")]:
        ProvinceFactory(code=code, name=name)
    UserFactory(username="admin-nasional", admin=True)
    UserFactory(username="panitia", panitia=True, province=jambi)
    return edition


def fits(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "e => e.scrollWidth <= e.clientWidth")


def test_edition_page_lists_every_province_and_fits(page, award):
    page.set_viewport_size(WIDE)
    sign_in(page, "admin-nasional", "/nominasi/2025/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "edition-1366.png"), full_page=True)

    bar = page.locator(".edition-progress progress").first.bounding_box()
    assert (
        page.locator(".edition-progress tbody tr").count(),
        page.locator(".edition-progress button[name=start]").count(),
        fits(page, ".table-wrap"),
        bar is not None and bar["width"] >= 60,
    ) == (Province.objects.count(), Province.objects.count() - 3, True, True)


def test_round_page_shortlists_ticked_candidates(page, award):
    page.set_viewport_size(WIDE)
    sign_in(page, "panitia", "/nominasi/2025/provinsi/15/")
    page.locator("input[name=candidates]").nth(0).check()
    page.locator("input[name=candidates]").nth(1).check()
    page.locator("#shortlist-form button[type=submit]").click()
    page.wait_for_url("**/provinsi/15/")
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "round-1366.png"), full_page=True)

    statuses = dict(Candidate.objects.values_list("regency__name", "status"))
    assert (statuses, fits(page, ".table-wrap")) == (
        {
            "Kota Jambi": "shortlisted",
            "Kabupaten Batanghari": "candidate",
            "Kabupaten Kerinci": "shortlisted",
        },
        True,
    )


def test_national_admin_edits_the_edition(page, award):
    page.set_viewport_size(WIDE)
    sign_in(page, "admin-nasional", "/nominasi/2025/ubah/")
    page.locator("input[name=name]").fill("Paritrana Award 2025 — revisi")
    page.locator("input[name=interview__from]").fill("2025-06-17")
    page.locator("input[name=interview__to]").fill("2025-06-01")
    page.locator("form button[type=submit]").last.click()
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / "edition-edit-1366.png"), full_page=True)
    page.locator("input[name=interview__to]").fill("2025-07-12")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/nominasi/2025/")

    award.refresh_from_db()
    assert award.name == "Paritrana Award 2025 — revisi"
