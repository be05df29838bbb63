"""A branch officer downloads the pre-filled template, fills it in, uploads it, fixes
the one error the check finds, saves it, follows the progress bar and sees the result.
"""

from pathlib import Path

import pytest
from django.conf import settings as django_settings
from openpyxl import load_workbook
from playwright.sync_api import Route

from participants import tasks
from participants.models import CoverageReport, ImportBatch
from tests.e2e.test_coverage_report import sign_in
from tests.factories import (
    BranchFactory,
    KanwilFactory,
    ProvinceFactory,
    RegencyFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)

YEAR = "2024"
# Kepulauan Anambas 2020 (domain guide §8) and a made-up Kota Batam.
FIGURES = {
    "21.05": {
        "angkatan_kerja": 18_749,
        "pekerja_formal": 7_000,
        "pekerja_informal": 11_749,
        "peserta_pu": 5_000,
        "peserta_bpu": 6_414,
    },
    "21.71": {
        "angkatan_kerja": 702_310,
        "pekerja_formal": 498_640,
        "pekerja_informal": 203_670,
        "peserta_pu": 401_220,
        "peserta_bpu": 38_910,
    },
}


@pytest.fixture
def branch():
    """KC Batam serving Kepulauan Anambas and Kota Batam."""
    kanwil = KanwilFactory(name="Kanwil Sumbarriau")
    province = ProvinceFactory(code="21", name="Kepulauan Riau", kanwil=kanwil)
    regencies = [
        RegencyFactory(
            province=province, code="21.05", name="Kabupaten Kepulauan Anambas"
        ),
        RegencyFactory(province=province, code="21.71", name="Kota Batam"),
    ]
    office = BranchFactory(name="KC Batam", kanwil=kanwil, regencies=regencies)
    UserFactory(
        username="petugas",
        first_name="Rina",
        last_name="Petugas",
        role="petugas_cabang",
        branch=office,
    )
    return office


def fill(template: Path, target: Path, **overrides: int) -> Path:
    """The downloaded workbook with FIGURES filled in (and `overrides` for 21.71)."""
    workbook = load_workbook(template)
    sheet = workbook["Data"]
    header = [cell.value for cell in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        code = row[header.index("kode_wilayah")].value
        for name, value in (
            FIGURES[code] | (overrides if code == "21.71" else {})
        ).items():
            row[header.index(name)].value = value
    workbook.save(target)
    return target


def upload(page, path: Path) -> None:
    page.locator("#id_kind_0").check()  # coverage reports
    page.locator("input[name=file]").set_input_files(str(path))
    page.locator("form[enctype='multipart/form-data'] button[type=submit]").click()
    page.wait_for_url("**/cakupan/unggah/*/")


def test_officer_uploads_a_prefilled_template(
    page, screenshot, branch, settings, monkeypatch, tmp_path, live_server
):
    settings.IMPORT_BACKGROUND_BYTES = 1  # every file goes through the jobs
    queued: list[dict] = []
    monkeypatch.setattr(
        tasks.task_commit_upload,
        "apply_async",
        lambda kwargs, **options: queued.append(kwargs),
    )
    # English: the messages are compared as written in the code.
    page.context.add_cookies(
        [
            {
                "name": django_settings.LANGUAGE_COOKIE_NAME,
                "value": "en",
                "url": live_server.url,
            }
        ]
    )
    sign_in(page, "petugas", "/cakupan/unggah/")

    page.locator("#prefilled_kind").select_option("reports")
    page.locator("#prefilled_year").select_option(YEAR)
    with page.expect_download() as download:
        page.locator("form[action$='/terisi/'] button[type=submit]").click()
    template = tmp_path / download.value.suggested_filename
    download.value.save_as(template)
    rows = load_workbook(template)["Data"].iter_rows(min_row=2, values_only=True)
    regions = [(code, name, year) for code, name, year, *_figures in rows]
    upload(page, fill(template, tmp_path / "cakupan-salah.xlsx", peserta_bpu=-38_910))
    problems = page.locator("table.problems tbody tr").all()
    problem = problems[0].locator("td").all_inner_texts()
    screenshot("upload-preview-error")

    page.locator("a[href$='/unggah/?kind=reports']").click()
    upload(page, fill(template, tmp_path / "cakupan.xlsx"))
    counts = page.locator(".upload-counts .stat__value").all_inner_texts()
    screenshot("upload-preview")

    # The save job is held back, so the page shows the progress bar; the status is
    # answered "half done" until the job has run.
    held = {"on": True}

    def status(route: Route) -> None:
        if held["on"]:
            route.fulfill(
                json={
                    "status": "committing",
                    "status_label": "Saving",
                    "progress": 50,
                    "done": False,
                }
            )
        else:
            route.continue_()

    page.route("**/status/", status)
    page.locator("form[action$='/simpan/'] button").click()
    page.wait_for_url("**/cakupan/unggah/*/")
    bar = page.locator("progress#upload-progress-bar")
    bar_visible = bar.is_visible()
    page.locator("[data-upload-text]", has_text="50 %").wait_for()
    screenshot("upload-progress")
    tasks.task_commit_upload(**queued[0])
    held["on"] = False
    page.locator(".upload-saved").wait_for()
    screenshot("upload-result")

    reports = CoverageReport.objects.order_by("regency_id")
    assert template.name == "coverage-template-regencies-2024.xlsx"
    assert regions == [
        ("21.05", "Kabupaten Kepulauan Anambas", 2024),
        ("21.71", "Kota Batam", 2024),
    ]
    assert (len(problems), problem) == (
        1,
        ["3", "peserta_bpu", "-38910", "cannot be negative."],
    )
    assert counts == ["2", "2", "0", "0"]
    assert bar_visible
    assert [(r.region_code, r.peserta_bpu) for r in reports] == [
        ("21.05", 6_414),
        ("21.71", 38_910),
    ]
    assert ImportBatch.objects.latest("pk").status == ImportBatch.Status.COMMITTED
    assert page.locator(".upload-saved").is_visible()
    assert page.locator(".user-menu .notice-count").inner_text() == "3"
