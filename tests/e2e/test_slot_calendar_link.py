"""The committee's interview schedule: the calendar link is copied with a button;
without JavaScript the button stays hidden and the link is selectable text. The
schedule is also shown with a slot to change and the employer form to a branch
officer (screenshots)."""

from datetime import date
from pathlib import Path

import pytest

from nominations.models import RoundStage, Stage
from tests.e2e.test_coverage_report import sign_in
from tests.factories import (
    BranchFactory,
    CategoryFactory,
    EditionFactory,
    InterviewSlotFactory,
    ProvinceFactory,
    ProvincialRoundFactory,
    RegencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

SCREENSHOTS = Path("var/screenshots")
SCHEDULE = "/nominasi/2025/provinsi/15/jadwal/"


@pytest.fixture
def jambi():
    """Jambi's 2025 round (interviews 1–30 Sep 2025) with one slot; its committee
    and a branch officer of KC Jambi."""
    province = ProvinceFactory(code="15", name="Jambi")
    kota = RegencyFactory(province=province, code="15.71", name="Kota Jambi")
    edition = EditionFactory(award_year=2025)
    round_ = ProvincialRoundFactory(edition=edition, province=province)
    RoundStage.objects.create(
        round=round_,
        kind=Stage.Kind.INTERVIEW,
        starts_on=date(2025, 9, 1),
        ends_on=date(2025, 9, 30),
    )
    category = CategoryFactory(edition=edition, name="Pemerintah Kabupaten/Kota")
    InterviewSlotFactory(round=round_, category=category)
    UserFactory(username="panitia", role="panitia_provinsi", province=province)
    branch = BranchFactory(code="kc-jambi", name="KC Jambi", regencies=[kota])
    UserFactory(username="petugas", role="petugas_cabang", branch=branch)
    return round_


def _shot(page, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def test_copy_button_copies_the_calendar_link(page, jambi):
    page.context.grant_permissions(["clipboard-read", "clipboard-write"])
    sign_in(page, "panitia", SCHEDULE)
    link = page.locator("#calendar-link").input_value()

    page.get_by_role("button", name="Salin tautan").click()
    page.locator("#calendar-link-status").filter(has_text="disalin").wait_for()
    _shot(page, "interviews-schedule")

    assert page.evaluate("navigator.clipboard.readText()") == link
    assert "?kunci=" in link


def test_without_javascript_the_link_is_text_and_no_button_shows(
    browser, live_server, jambi
):
    context = browser.new_context(
        base_url=live_server.url, locale="id-ID", java_script_enabled=False
    )
    page = context.new_page()
    sign_in(page, "panitia", SCHEDULE)

    hidden = page.locator("button[data-copy-target]").is_hidden()
    value = page.locator("#calendar-link").input_value()
    context.close()

    assert (hidden, value.startswith(live_server.url)) == (True, True)


def test_slot_change_page_and_employer_form_render(page, jambi):
    sign_in(page, "panitia", SCHEDULE)
    page.locator("a[href$='/ubah/']").first.click()
    page.wait_for_url("**/ubah/")
    _shot(page, "interviews-slot-change")
    page.context.clear_cookies()
    sign_in(page, "petugas", "/nominasi/pemberi-kerja/")
    _shot(page, "employers-empty-list")
    page.locator("a[href$='/baru/']").first.click()
    page.locator("input[name=npp]").fill("12345678")
    page.locator("input[name=name]").fill("PT Angso Duo")
    page.locator("select[name=regency]").select_option(value="15.71")
    page.locator("select[name=sector]").select_option("manufaktur")
    page.locator("select[name=scale]").select_option("besar")
    page.locator("form.field-grid button[type=submit]").click()
    page.wait_for_url("**/pemberi-kerja/?q=12345678")
    _shot(page, "employers-added")

    assert page.locator("td.code").first.inner_text().startswith("12345678")
