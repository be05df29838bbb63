"""The coverage entry form helps as people type: it says why a number is not read,
warns when more are protected than eligible, does not save on Enter, keeps its layout
when errors appear, fits a laptop and a phone, and counts desa as the saved report."""

from pathlib import Path

import pytest
from django.utils import translation

from participants import selectors
from participants.models import CoverageReport
from participants.views import _format_texts
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

SCREENSHOTS = Path(__file__).resolve().parents[2] / "var" / "screenshots"
FORM = "/cakupan/2020/21.05/isi/"
VILLAGES = 54


@pytest.fixture
def officer():
    """A branch officer of Kabupaten Kepulauan Anambas, which has 54 desa."""
    kanwil = KanwilFactory(name="Kanwil Sumbarriau")
    province = ProvinceFactory(code="21", name="Kepulauan Riau", kanwil=kanwil)
    anambas = RegencyFactory(
        province=province, code="21.05", name="Kabupaten Kepulauan Anambas"
    )
    district = DistrictFactory(regency=anambas, code="21.05.01", name="Siantan")
    for number in range(VILLAGES):
        VillageFactory(district=district, code=f"21.05.01.{2001 + number}")
    office = BranchFactory(name="KC Tanjungpinang", kanwil=kanwil, regencies=[anambas])
    return UserFactory(username="petugas", role="petugas_cabang", branch=office)


def shoot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def shoot_part(locator, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    locator.screenshot(path=str(SCREENSHOTS / f"{name}.png"))


def sign_in(page, goto: str = FORM) -> None:
    page.goto(f"/akun/masuk/?next={goto}")
    page.locator("input[name=username]").fill("petugas")
    page.locator("input[name=password]").fill(PASSWORD)
    page.locator("form button[type=submit]").last.click()
    page.wait_for_url(f"**{goto}")


def hint_of(page, name: str) -> str:
    return page.locator(f"[name='{name}'] ~ .live-hint").inner_text()


def texts() -> dict[str, str]:
    with translation.override("id"):
        return _format_texts()


def test_entry_form_says_why_a_number_is_not_read(page, officer):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page)

    shown = {}
    for typed in ("6,120", "6.120,5", "abc", "-5", "6.120"):
        page.locator("[name=angkatan_kerja]").fill(typed)
        shown[typed] = hint_of(page, "angkatan_kerja")
        if typed == "6,120":
            shoot_part(page.locator("#sec-workforce"), "report-form-hint-1366")

    words = texts()
    assert shown == {
        "6,120": words["decimals"],
        "6.120,5": words["decimals"],
        "abc": words["notNumber"],
        "-5": words["negative"],
        "6.120": "",
    }


def test_entry_form_warns_when_protected_above_eligible(page, officer):
    sign_in(page)
    eligible = "[name='non_asn-guru_honorer__eligible']"
    protected = "non_asn-guru_honorer__protected"

    page.locator(eligible).fill("10")
    page.locator(f"[name='{protected}']").fill("12")
    above = hint_of(page, protected)
    page.locator(f"[name='{protected}']").fill("8")
    within = hint_of(page, protected)

    assert (above, within) == (
        "Jumlah terlindungi melebihi jumlah yang memenuhi syarat.",
        "",
    )


def test_enter_in_a_number_box_does_not_save(page, officer):
    sign_in(page)
    page.evaluate("window.stillHere = true")

    page.locator("[name=angkatan_kerja]").fill("18.749")
    page.locator("[name=angkatan_kerja]").press("Enter")
    page.wait_for_timeout(500)

    assert page.evaluate("window.stillHere === true")
    assert CoverageReport.objects.count() == 0


def test_failed_save_moves_focus_to_the_error_summary(page, officer):
    sign_in(page)
    page.locator("[name=angkatan_kerja]").fill("abc")

    page.locator("#sec-save button[type=submit]").click()
    page.wait_for_load_state()
    page.set_viewport_size({"width": 1366, "height": 900})
    shoot(page, "report-form-refused-1366")

    assert page.evaluate("document.activeElement.id") == "error-summary"
    assert hint_of(page, "angkatan_kerja") == ""  # the server's message says it


def test_failed_sign_in_moves_focus_to_the_error_summary(page, officer):
    page.goto("/akun/masuk/")
    page.locator("input[name=username]").fill("petugas")
    page.locator("input[name=password]").fill("wrong")

    page.locator("form button[type=submit]").last.click()
    page.wait_for_load_state()

    assert page.evaluate("document.activeElement.className") == "error-summary"


def test_errors_appearing_do_not_move_the_layout(page, officer):
    sign_in(page)
    section = page.locator("#sec-participants")
    cells = page.locator("[data-formset=vulnerable] thead th")
    before = (_top(section), _widths(cells))

    page.locator("[name=angkatan_kerja]").fill("abc")
    page.locator("[name=peserta_pu]").fill("9")
    page.locator("[name=angkatan_kerja]").fill("5")
    page.locator("[name=vulnerable-0-workers]").fill("6,5")
    after = (_top(section), _widths(cells))

    assert after == before


def _top(element) -> float:
    return element.evaluate("el => el.getBoundingClientRect().top + window.scrollY")


def _widths(cells) -> list[float]:
    return cells.evaluate_all(
        "cells => cells.map(c => c.getBoundingClientRect().width)"
    )


def test_vulnerable_table_fits_a_laptop_and_labels_worker_months(page, officer):
    page.set_viewport_size({"width": 1366, "height": 900})
    sign_in(page)

    page.locator("[name=vulnerable-0-sector]").select_option("pedagang_umkm")
    page.locator("[name=vulnerable-0-funding_source]").select_option("asn")
    typed = (("workers", "1.234.567"), ("months", "12"), ("rupiah", "123.456.789.012"))
    for name, value in typed:
        page.locator(f"[name=vulnerable-0-{name}]").fill(value)
    shoot(page, "report-form-1366")
    shoot_part(page.locator("#sec-vulnerable"), "report-form-vulnerable-1366")
    wrap = page.locator(".table-wrap:has([data-formset=vulnerable])")
    fits = wrap.evaluate("el => el.scrollWidth <= el.clientWidth")
    total = page.locator("[data-formset=vulnerable] tfoot td:nth-of-type(2)")

    assert fits
    assert total.inner_text().split() == ["14.814.804", "pekerja-bulan"]


def test_desa_share_on_the_form_is_the_saved_reports(page, officer):
    sign_in(page)
    page.locator("[name=villages-0-village]").fill("21.05.01.2001")
    page.locator("[name=villages-0-workers]").fill("120")
    page.locator("[name=villages-0-funding_source]").select_option(index=1)
    shown = page.locator("[data-out=villages-target]").inner_text()

    page.locator("#sec-save button[type=submit]").click()
    page.wait_for_url("**/cakupan/2020/21.05/")
    report = selectors.with_figures(CoverageReport.objects.all()).get()

    assert str(selectors.derived(report).desa_100_share_pct) == "1.85"
    assert shown == f"1,85 % · 1 dari {VILLAGES} desa/kelurahan"


def test_entry_tables_on_a_phone_keep_numbers_readable(page, officer):
    page.set_viewport_size({"width": 375, "height": 812})
    sign_in(page)
    page.locator("[name=vulnerable-0-workers]").fill("1.234.567")
    page.locator("[name=non_asn-bpd__eligible]").fill("6,5")
    page.locator("body").click(position={"x": 5, "y": 5})
    page.evaluate(
        "document.querySelectorAll('.table-wrap').forEach(w => { w.scrollLeft = 0; })"
    )
    shoot(page, "report-form-375")
    for section in ("non-asn", "vulnerable", "villages"):
        shoot_part(page.locator(f"#sec-{section}"), f"report-form-{section}-375")
    page.locator(".table-wrap:has([data-formset=vulnerable])").evaluate(
        "el => { el.scrollLeft = 200; }"
    )
    shoot_part(page.locator("#sec-vulnerable"), "report-form-vulnerable-375-scrolled")

    boxes = page.locator(
        ".entry-table td:not(.cell--months) > input.input-number"
    ).evaluate_all("inputs => inputs.map(i => i.getBoundingClientRect().width)")
    first = page.locator("[data-non-asn-row] th").first.evaluate(
        "th => getComputedStyle(th).position"
    )
    page_width = page.evaluate("document.documentElement.scrollWidth")

    assert min(boxes) >= 88
    assert first == "sticky"
    assert page_width <= 375
