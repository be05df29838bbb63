"""A visitor browses the regions and switches language; a branch officer signs in."""

import pytest

from regions.demo import create_kanwil
from tests.factories import (
    BranchFactory,
    DistrictFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kepri():
    """Kepulauan Riau with Anambas (three desa) and Batam, served by two branches."""
    province = ProvinceFactory(code="21", name="Kepulauan Riau")
    create_kanwil()
    anambas = RegencyFactory(
        province=province, code="21.05", name="Kabupaten Kepulauan Anambas"
    )
    batam = RegencyFactory(province=province, code="21.71", name="Kota Batam")
    district = DistrictFactory(regency=anambas, code="21.05.01", name="Siantan")
    for number in ("2001", "2002", "2003"):
        VillageFactory(district=district, code=f"21.05.01.{number}")
    tanjungpinang = BranchFactory(name="KC Tanjungpinang", regencies=[anambas])
    BranchFactory(name="KC Batam", regencies=[batam])
    return tanjungpinang


def test_visitor_browses_to_a_regency_and_switches_to_english(page, screenshot, kepri):
    page.goto("/wilayah/")
    page.get_by_role("link", name="Kepulauan Riau").click()
    page.get_by_role("link", name="Kabupaten Kepulauan Anambas").click()
    screenshot("regency-id")
    indonesian = page.locator("html").get_attribute("lang")

    page.get_by_role("link", name="English").click()
    screenshot("regency-en")

    assert (indonesian, page.locator("html").get_attribute("lang")) == ("id", "en")
    assert page.url.endswith("/wilayah/21.05/")
    assert page.get_by_text("KC Tanjungpinang").first.is_visible()


def test_branch_officer_sees_only_the_branch_regions(page, screenshot, kepri):
    UserFactory(username="petugas", role="petugas_cabang", branch=kepri)

    page.goto("/akun/masuk/?next=/wilayah/saya/")
    page.locator("input[name=username]").fill("petugas")
    page.locator("input[name=password]").fill("rahasia-paritrana-9")
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url("**/wilayah/saya/")
    screenshot("my-regions")

    content = page.locator("main").inner_text()
    assert ("Kepulauan Anambas" in content, "Batam" in content) == (True, False)
