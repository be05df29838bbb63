"""What only a browser shows on the report lists: the completeness table's columns
stand under their headers on a phone and a laptop, and the report list sorts by a
clicked column header."""

from pathlib import Path

import pytest

from review.models import ReviewStatus
from tests.factories import PASSWORD, CoverageReportFactory

pytestmark = pytest.mark.django_db(transaction=True)
SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"


def sign_in(page, username: str, goto: str) -> None:
    page.goto(f"/akun/masuk/?next={goto}")
    page.locator("input[name=username]").fill(username)
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{goto}")


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def misplaced_columns(page) -> list[int]:
    """Columns whose header does not stand over the first row's cell."""
    return page.evaluate(
        """() => {
          const table = document.querySelector("table.completeness-table");
          const heads = [...table.tHead.rows[0].cells];
          const cells = [...table.tBodies[0].rows[0].cells];
          return heads.map((head, index) => {
            const a = head.getBoundingClientRect();
            const b = cells[index].getBoundingClientRect();
            return Math.abs(a.left - b.left) < 1 && Math.abs(a.width - b.width) < 1
              ? -1 : index;
          }).filter((index) => index >= 0);
        }"""
    )


@pytest.mark.parametrize(("width", "height"), [(375, 812), (1280, 900)])
def test_completeness_columns_stand_under_their_headers(page, world, width, height):
    for regency in (world.reg_a1, world.reg_b1):
        CoverageReportFactory(regency=regency, year=2024, status=ReviewStatus.APPROVED)
    page.set_viewport_size({"width": width, "height": height})
    sign_in(page, world.users["admin"].username, "/cakupan/kelengkapan/?year=2024")

    shoot(page, f"completeness-{width}")

    assert misplaced_columns(page) == []


def test_report_list_sorts_by_a_clicked_header(page, world):
    for year in (2021, 2022):
        CoverageReportFactory(regency=world.reg_a1, year=year, status="approved")
    sign_in(page, world.users["petugas_a"].username, "/cakupan/")

    page.locator("thead a.sort-link").nth(1).click()
    page.wait_for_url("**sort=year**")
    shoot(page, "report-list-sorted")

    years = page.locator("tbody tr td.num:nth-of-type(2)").all_inner_texts()
    header = page.locator("thead th[aria-sort=ascending]").inner_text()
    assert (years, header.startswith("Tahun")) == (["2021", "2022"], True)


@pytest.mark.parametrize(
    ("name", "path"),
    [
        ("report-list", "/cakupan/?sort=waiting"),
        ("completeness-regions", "/cakupan/kelengkapan/2024/wilayah/"),
    ],
)
def test_lists_fit_a_phone_screen(page, world, name, path):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status="submitted")
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page, world.users["verifikator_cabang_a"].username, path)

    shoot(page, f"{name}-375")

    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375
