"""The entry form's help: live texts in the page's language, the desa count the
live share divides by, warnings that stop asking once explained, and hostile input
answered with a 400."""

import pytest
from django.conf import settings
from django.utils import translation

from participants.views import _format_texts
from tests.factories import CoverageReportFactory, VillageFactory

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME

BELOW_MINIMUM = {
    "version": "1",
    "reason": "Figures of the new BPS survey",
    "vulnerable-TOTAL_FORMS": "1",
    "vulnerable-INITIAL_FORMS": "0",
    "vulnerable-0-sector": "petani",
    "vulnerable-0-funding_source": "apbd",
    "vulnerable-0-workers": "100",
    "vulnerable-0-months": "12",
    "vulnerable-0-rupiah": "1.000.000",
    "villages-TOTAL_FORMS": "0",
    "villages-INITIAL_FORMS": "0",
}


@pytest.fixture(autouse=True)
def english_pages(client, english):
    client.cookies[LANGUAGE] = "en"


def test_format_texts_give_the_example_in_the_pages_language():
    with translation.override("en"):
        english = _format_texts()["notNumber"]

    assert english == "Digits only, e.g. 1,234,567."


def test_entry_page_divides_the_desa_share_by_the_regions_desa(client, world):
    VillageFactory(code="15.01.01.2002", district=world.dist_a1)
    client.force_login(world.users["petugas_a"])

    response = client.get("/cakupan/2023/15.01/isi/")

    assert response.context["villages_total"] == 2
    assert 'data-villages-total="2"' in response.content.decode()


def test_entry_page_of_a_province_divides_by_the_provinces_desa(client, world):
    client.force_login(world.users["admin"])

    response = client.get("/cakupan/2023/15/isi/")

    assert response.context["villages_total"] == 2  # 15.01.01.2001, 15.71.01.1001


def test_saved_warning_stops_asking_once_explained(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users["petugas_a"])
    data = {**BELOW_MINIMUM, "warning_explanation": "A one-off district grant."}

    response = client.post("/cakupan/2023/15.01/isi/", data, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages[1:] == [
        "Warning: Vulnerable-worker lines — Farmers — APBD — rupiah paid: "
        "Rp1,000,000 is less than 100 workers × 12 months × Rp16.800 = "
        "Rp20,160,000; explain why."
    ]


@pytest.mark.parametrize(
    "typed", ["12\x00", "١٢", "9" * 60, "1" + "0" * 16, "6.120,5", "-5", "\u2212"]
)
def test_entry_page_answers_hostile_numbers_with_a_400(client, world, typed):
    client.force_login(world.users["petugas_a"])
    data = {**BELOW_MINIMUM, "angkatan_kerja": typed}

    response = client.post("/cakupan/2023/15.01/isi/", data)

    assert response.status_code == 400


@pytest.mark.parametrize("missing", ["version", "vulnerable-TOTAL_FORMS"])
def test_entry_page_answers_missing_keys_with_a_400(client, world, missing):
    client.force_login(world.users["petugas_a"])
    data = {k: v for k, v in BELOW_MINIMUM.items() if k != missing}

    response = client.post("/cakupan/2023/15.01/isi/", data)

    assert response.status_code == 400


def test_refused_save_puts_the_focus_on_the_error_summary(client, world):
    client.force_login(world.users["petugas_a"])
    data = {**BELOW_MINIMUM, "angkatan_kerja": "abc"}

    response = client.post("/cakupan/2023/15.01/isi/", data)

    assert 'tabindex="-1" id="error-summary" autofocus' in response.content.decode()
