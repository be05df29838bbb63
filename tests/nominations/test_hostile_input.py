"""Input a hostile or careless client sends to the award pages and API: always a 4xx
with a message naming what was refused (or, for a page's convenience filter, the
value ignored), never a server error."""

import pytest
from django.conf import settings
from rest_framework.test import APIClient

from nominations.models import Edition
from review.models import AuditEntry
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    EmployerComplianceFactory,
    EmployerFactory,
    ProvincialRoundFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def award(world):
    edition = EditionFactory(award_year=2024)
    category = CategoryFactory(edition=edition, name="Kabupaten/Kota")
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)
    candidate = CandidateFactory(category=category, regency=world.reg_a2)
    return edition, round_, candidate


@pytest.fixture
def admin(client, world):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["admin"])
    return client


@pytest.mark.parametrize("pk", ["%C2%B2", "%D9%A3", "%EF%BC%91", "1" * 5000, "-1"])
def test_candidate_lookup_with_foreign_digits_is_not_found(world, award, pk):
    api = APIClient()

    anonymous = api.get(f"/api/v1/candidates/{pk}/")
    api.force_authenticate(world.users["admin"])
    admin = api.get(f"/api/v1/candidates/{pk}/")
    dossier = api.get(f"/api/v1/candidates/{pk}/dossier/")

    assert anonymous.status_code in (401, 403, 404)
    assert (admin.status_code, dossier.status_code) == (404, 404)


@pytest.mark.parametrize(
    "url",
    [
        "/nominasi/2024/provinsi/%00/jadwal.ics",
        "/nominasi/2024/provinsi/%00/",
        "/nominasi/2024/provinsi/15/?pemberi_kerja=%00",
        "/nominasi/2024/provinsi/15/?kategori=%00",
        "/nominasi/2024/provinsi/15/jadwal.ics?kunci=%00",
        "/nominasi/pemberi-kerja/%00/2023/",
        "/nominasi/pemberi-kerja/?q=%00",
    ],
)
def test_nul_in_path_or_query_is_refused_with_a_message(admin, award, url):
    response = admin.get(url)

    assert response.status_code == 400
    assert "NUL character" in response.text


@pytest.mark.parametrize("category", ["%C2%B2", "%D9%A3", "1" * 5000, "-1", "abc"])
def test_round_page_ignores_a_category_filter_it_cannot_read(admin, award, category):
    response = admin.get(f"/nominasi/2024/provinsi/15/?kategori={category}")

    assert response.status_code == 200
    assert len(response.context["rows"]) == 1


@pytest.mark.parametrize("year", ["٢٠٢٦", "２０２６", "²⁰²⁶", "1" * 5000, ""])
def test_copying_an_edition_refuses_a_year_in_foreign_digits(admin, award, year):
    response = admin.post("/nominasi/2024/salin/", {"award_year": year}, follow=True)

    assert response.status_code == 200
    assert "Give the award year of the new edition" in response.text
    assert list(Edition.objects.values_list("award_year", flat=True)) == [2024]


@pytest.mark.parametrize("value", ["²", "٣", "1" * 5000, "NaN", "Infinity", "1e999x"])
def test_compliance_page_renders_any_stored_audit_value(admin, world, value):
    employer = EmployerFactory(npp="12345678", regency=world.reg_a1)
    record = EmployerComplianceFactory(employer=employer, year=2024)
    for field in ("employees", "wage_report_accuracy", "jht", "unknown"):
        AuditEntry.objects.create(
            record=record, field=field, old_value=value, new_value=value, version=1
        )

    response = admin.get("/nominasi/pemberi-kerja/12345678/2024/")

    assert response.status_code == 200


def test_compliance_reason_with_nul_is_refused_without_a_change(admin, world):
    employer = EmployerFactory(npp="12345678", regency=world.reg_a1)
    record = EmployerComplianceFactory(employer=employer, year=2024, status="submitted")

    response = admin.post(
        "/nominasi/pemberi-kerja/12345678/2024/return/",
        {"reason": "salah\x00"},
        format="multipart",
        follow=True,
    )

    record.refresh_from_db()
    assert (response.status_code, record.status) == (200, "submitted")
    assert "NUL character" in response.text
