"""Input a hostile or careless client sends to the coverage API and pages: always a
4xx with a message naming what was refused, never a server error."""

import pytest
from django.utils import translation
from rest_framework.test import APIClient

from review.models import AuditEntry
from tests.factories import CoverageReportFactory, UserFactory
from tests.participants.test_api import URL, detail, full_report

pytestmark = pytest.mark.django_db

HOSTILE_DIGITS = ["²", "٣", "３", "१२", "1" * 5000]


@pytest.fixture
def api() -> APIClient:
    return APIClient()


@pytest.mark.parametrize("pk", ["%C2%B2", "%D9%A3", "%EF%BC%93", "1" * 5000, "-1"])
def test_report_lookup_with_foreign_digits_is_not_found(api, world, pk):
    report = full_report(world)

    anonymous = api.get(f"{URL}{pk}/")
    api.force_authenticate(world.users["admin"])
    admin = api.get(f"{URL}{pk}/")

    assert (anonymous.status_code, admin.status_code) == (404, 404)
    assert api.get(detail(report)).status_code == 200


@pytest.mark.parametrize("value", ["²", "1" * 4000, "٣٤", "\u202e²³"])
def test_report_page_renders_a_hostile_explanation_saved_by_api(
    api, client, world, value
):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])
    client.force_login(world.users["verifikator_kanwil_a"])

    saved = api.patch(
        detail(report), {"version": 1, "warning_explanation": value}, format="json"
    )
    page = client.get(f"/cakupan/{report.year}/{report.region_code}/")

    assert (saved.status_code, page.status_code) == (200, 200)
    assert value[:50] in page.content.decode()


def test_explanation_longer_than_the_forms_limit_is_refused_and_page_renders(
    api, client, world
):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])
    client.force_login(world.users["verifikator_kanwil_a"])

    saved = api.patch(
        detail(report), {"version": 1, "warning_explanation": "1" * 5000}, format="json"
    )
    page = client.get(f"/cakupan/{report.year}/{report.region_code}/")

    assert (saved.status_code, page.status_code) == (400, 200)


@pytest.mark.parametrize("value", [*HOSTILE_DIGITS, "\x01", "-" * 3000, "1e400", "NaN"])
def test_report_page_renders_any_stored_audit_value(client, world, value):
    report = CoverageReportFactory(regency=world.reg_a1)
    for field in ("peserta_pu", "warning_explanation", "claims:jkk:cases", "x:y:z"):
        AuditEntry.objects.create(
            record=report, field=field, old_value=value, new_value=value, version=1
        )
    client.force_login(world.users["admin"])

    page = client.get(f"/cakupan/{report.year}/{report.region_code}/")

    assert page.status_code == 200


@pytest.mark.parametrize(
    ("table", "row", "field", "words"),
    [
        ("claim_lines", {"cases": 0}, "programme", "Claims lines — row 1 — Programme"),
        (
            "village_lines",
            {"workers": 1, "funding_source": "apbdes"},
            "village",
            "row 1 — Desa/kelurahan code",
        ),
        (
            "vulnerable_lines",
            {"funding_source": "apbd", "workers": 1},
            "sector",
            "row 1 — Sector",
        ),
        (
            "vulnerable_lines",
            {"sector": "petani", "workers": 1},
            "funding_source",
            "row 1 — Funding source",
        ),
        ("non_asn_lines", {"eligible": 1}, "category", "row 1 — Category"),
    ],
)
def test_patch_with_a_row_missing_its_key_names_table_row_and_field(
    api, world, table, row, field, words
):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])
    body = {"version": 1, table: [row], "reason": "x"}

    response = api.patch(detail(report), body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    errors = response.json()["errors"]
    assert (response.status_code, [(e["field"], e["rule"]) for e in errors]) == (
        400,
        [(f"{table}.0.{field}", "required")],
    )
    assert words.lower() in errors[0]["message"].lower()


@pytest.mark.parametrize("action", ["submit", "return", "unapprove", "approve"])
def test_unknown_field_named_in_any_script_is_refused_by_name(api, world, action):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    body = {"²": 1, "reason": "x"} if action in ("return", "unapprove") else {"²": 1}

    response = api.post(detail(report, action), body, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, [(e["field"], e["rule"]) for e in errors]) == (
        400,
        [("²", "unknown_field")],
    )
    assert errors[0]["message"].startswith("²")


@pytest.mark.parametrize("name", ["²", "٣", "0", "1" * 5000])
def test_create_with_an_unknown_field_names_it(api, world, name):
    api.force_authenticate(world.users["petugas_a"])
    body = {"region": "15.01", "year": 2024, name: 1}

    response = api.post(URL, body, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, [e["field"] for e in errors]) == (400, [name])


@pytest.mark.parametrize("text", ["٣", "３", "²", "١٠٠٠", "1" * 5000])
def test_api_numbers_take_only_the_digits_0_to_9(api, world, text):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    response = api.patch(
        detail(report), {"version": 1, "peserta_pu": text, "reason": "x"}, format="json"
    )

    errors = response.json()["errors"]
    assert (response.status_code, [e["field"] for e in errors]) == (400, ["peserta_pu"])


@pytest.mark.parametrize("version", ["٣", "１", "²"])
def test_api_version_takes_only_the_digits_0_to_9(api, world, version):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    response = api.patch(detail(report), {"version": version}, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, [e["field"] for e in errors]) == (400, ["version"])


@pytest.mark.parametrize("year", ["٢٠٢٣", "２０２３", "²⁰²³"])
def test_list_filter_year_takes_only_the_digits_0_to_9(api, world, year):
    response = api.get(URL, {"year": year})

    assert response.status_code == 400


def test_deeply_nested_json_is_a_parse_error(api, world):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    response = api.generic(
        "PATCH", detail(report), "[" * 100_000, content_type="application/json"
    )

    assert response.status_code == 400


def test_reason_with_nul_is_refused_without_touching_the_report(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, status="submitted")
    client.force_login(UserFactory(verifikator_cabang=True, branch=world.branch_a))
    url = f"/cakupan/{report.year}/{report.region_code}/return/"

    with translation.override("en"):
        response = client.post(url, {"reason": "salah\x00"}, follow=True)

    report.refresh_from_db()
    assert (response.status_code, report.status) == (200, "submitted")
    assert "NUL" in response.content.decode()
