"""The national admin asks for the national village template: the page shows the
job's progress, turns into the download when the background job is done, and the
file is named in the reader's language."""

import pytest

from participants import tasks
from participants.importers import template_jobs
from participants.models import PrefilledTemplate
from tests.e2e.test_coverage_report import sign_in
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db(transaction=True)


def test_national_village_template_shows_progress_then_the_download(
    page, screenshot, world, settings, monkeypatch, live_server
):
    settings.PREFILLED_BACKGROUND_ROWS = 1
    queued: list[dict] = []
    monkeypatch.setattr(
        tasks.task_prepare_prefilled_template,
        "apply_async",
        lambda kwargs, **options: queued.append(kwargs),
    )
    UserFactory(username="nasional", admin=True)
    sign_in(page, "nasional", "/cakupan/unggah/")

    page.locator("#prefilled_kind").select_option("villages")
    page.locator("#prefilled_year").select_option("2024")
    page.locator("form[action$='/templat/terisi/'] button").click()
    page.wait_for_url("**/cakupan/unggah/templat/terisi/*/")
    bar_visible = page.locator("progress#upload-progress-bar").is_visible()
    screenshot("prefilled-template-progress")
    template_jobs.build(queued[0]["template_id"])
    link = page.locator("a[href$='/unduh/']")
    link.wait_for()
    screenshot("prefilled-template-ready")
    with page.expect_download() as download:
        link.click()

    assert bar_visible
    assert PrefilledTemplate.objects.get().status == "ready"
    assert download.value.suggested_filename == "templat-cakupan-desa-2024.xlsx"
