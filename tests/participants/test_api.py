import pytest
from django.utils import timezone
from rest_framework.fields import DateTimeField
from rest_framework.test import APIClient

from accounts.tokens import issue_token
from participants import services
from participants.content import ReportContent
from participants.models import CoverageReport
from review.models import AuditEntry, ReviewStatus, StatusChange
from tests.factories import (
    ClaimLineFactory,
    CoverageReportFactory,
    NonAsnLineFactory,
    RegencyFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)

pytestmark = pytest.mark.django_db

URL = "/api/v1/coverage-reports/"
DRAFT = ReviewStatus.DRAFT
SUBMITTED = ReviewStatus.SUBMITTED
RETURNED = ReviewStatus.RETURNED
APPROVED = ReviewStatus.APPROVED
FIGURES = {
    "angkatan_kerja": 10_000,
    "pekerja_formal": 4_000,
    "pekerja_informal": 6_000,
    "peserta_pu": 3_500,
    "peserta_bpu": 2_500,
    "peserta_jakon": None,
    "peserta_pmi": None,
    "pemberi_kerja": 120,
}
LINES = {
    "non_asn_lines": [{"category": "guru_honorer", "eligible": 100, "protected": 80}],
    "vulnerable_lines": [
        {
            "sector": "petani",
            "funding_source": "apbd",
            "workers": 100,
            "months": 12,
            "rupiah": 20_160_000,
        }
    ],
    "village_lines": [
        {"village": "15.01.01.2001", "workers": 120, "funding_source": "apbdes"}
    ],
    "claim_lines": [{"programme": "jkk", "cases": 3, "rupiah": 45_000_000}],
}


@pytest.fixture
def api() -> APIClient:
    return APIClient()


def signed_in(api, world, key):
    if key != "anonymous":
        api.force_authenticate(world.users[key])
    return api


def detail(report, action=""):
    return f"{URL}{report.pk}/" + (f"{action}/" if action else "")


def rows(response) -> list[tuple[str, int, str]]:
    body = response.json()
    return [(row["region"], row["year"], row["status"]) for row in body["results"]]


def full_report(world, **kwargs):
    """Kerinci's report with one row in each table (village: Lempur Tengah)."""
    report = CoverageReportFactory(regency=world.reg_a1, **kwargs)
    NonAsnLineFactory(report=report)
    VulnerableWorkerLineFactory(report=report)
    VillageProtectionFactory(report=report, village=world.vil_a1)
    ClaimLineFactory(report=report)
    return report


def audit(report) -> list[tuple[str, str, str]]:
    entries = AuditEntry.objects.for_record(report).order_by("field")
    return [(entry.field, entry.old_value, entry.new_value) for entry in entries]


def provenance(report) -> set[tuple[str, int, int]]:
    entries = AuditEntry.objects.for_record(report)
    return {(entry.source, entry.by_id, entry.version) for entry in entries}


# Reading


def test_report_has_figures_tables_and_derived_figures(api, world):
    CoverageReportFactory(
        regency=world.reg_a1, year=2022, status=APPROVED, peserta_pu=3_000
    )
    report = full_report(world, year=2023, status=APPROVED, warning_explanation="Ok")

    response = api.get(detail(report))

    report.refresh_from_db()
    assert (response.status_code, response.json()) == (
        200,
        {
            "id": report.pk,
            "region": "15.01",
            "region_name": "Kabupaten Kerinci",
            "level": "regency",
            "province": "15",
            "year": 2023,
            "status": "approved",
            "version": 1,
            **FIGURES,
            **LINES,
            "warning_explanation": "",  # the public reads no branch notes
            "updated_at": DateTimeField().to_representation(report.updated_at),
            "participants_total": 6_000,
            "coverage_total_pct": "60.00",
            "coverage_pu_pct": "87.50",
            "coverage_bpu_pct": "41.67",
            "growth_pp": "5.00",
            "participant_growth_pct": "9.09",
            "non_asn_coverage_pct": "80.00",
            "desa_100_share_pct": "100.00",
            "rupiah_per_worker_month": "16800.00",
            "is_below_minimum": False,
        },
    )


def test_list_is_paginated_with_derived_figures_of_each_report(api, world):
    CoverageReportFactory(regency=world.reg_a1, status=APPROVED, year=2022)
    CoverageReportFactory(regency=world.reg_a1, status=APPROVED, peserta_pmi=500)

    response = api.get(URL, {"page_size": 1})

    body = response.json()
    assert (list(body), body["count"], body["next"], body["previous"]) == (
        ["count", "next", "previous", "results"],
        2,
        f"http://testserver{URL}?page=2&page_size=1",
        None,
    )
    assert [
        (row["year"], row["coverage_total_pct"], row["growth_pp"])
        for row in body["results"]
    ] == [(2023, "65.00", "5.00")]


def test_province_report_is_at_province_level(api, world):
    report = CoverageReportFactory(regency=None, province=world.prov_b, status=APPROVED)

    response = api.get(detail(report))

    body = response.json()
    assert [body[name] for name in ("region", "region_name", "level", "province")] == [
        "21",
        "Kepulauan Riau",
        "province",
        "21",
    ]


@pytest.fixture
def mixed(world):
    """Reports in every state: Kerinci draft, Kota Jambi submitted, Anambas draft
    (2023) and approved (2022), Jambi province returned."""
    return [
        CoverageReportFactory(regency=world.reg_a1, status=DRAFT),
        CoverageReportFactory(regency=world.reg_a2, status=SUBMITTED),
        CoverageReportFactory(regency=world.reg_b1, status=DRAFT),
        CoverageReportFactory(regency=world.reg_b1, status=APPROVED, year=2022),
        CoverageReportFactory(regency=None, province=world.prov_a, status=RETURNED),
    ]


@pytest.mark.parametrize(
    ("user", "expected"),
    [
        ("anonymous", [("21.05", 2022, "approved")]),
        ("no_role", [("21.05", 2022, "approved")]),
        ("penilai", [("21.05", 2022, "approved")]),
        (
            "petugas_a",
            [
                ("15.01", 2023, "draft"),
                ("15.71", 2023, "submitted"),
                ("21.05", 2022, "approved"),
            ],
        ),
        ("petugas_a2", [("15.01", 2023, "draft"), ("21.05", 2022, "approved")]),
        ("petugas_b", [("21.05", 2023, "draft"), ("21.05", 2022, "approved")]),
        (
            "verifikator_cabang_a",
            [
                ("15.01", 2023, "draft"),
                ("15.71", 2023, "submitted"),
                ("21.05", 2022, "approved"),
            ],
        ),
        (
            "verifikator_kanwil_a",
            [
                ("15", 2023, "returned"),
                ("15.01", 2023, "draft"),
                ("15.71", 2023, "submitted"),
                ("21.05", 2022, "approved"),
            ],
        ),
        (
            "panitia_a",
            [
                ("15", 2023, "returned"),
                ("15.01", 2023, "draft"),
                ("15.71", 2023, "submitted"),
                ("21.05", 2022, "approved"),
            ],
        ),
        (
            "admin",
            [
                ("15", 2023, "returned"),
                ("15.01", 2023, "draft"),
                ("15.71", 2023, "submitted"),
                ("21.05", 2023, "draft"),
                ("21.05", 2022, "approved"),
            ],
        ),
    ],
)
def test_list_shows_what_the_role_may_read(api, world, mixed, user, expected):
    signed_in(api, world, user)

    response = api.get(URL)

    assert (response.status_code, rows(response)) == (200, expected)


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("anonymous", 404),
        ("petugas_b", 404),
        ("verifikator_kanwil_b", 404),
        ("petugas_a", 200),
        ("verifikator_cabang_a", 200),
        ("admin", 200),
    ],
)
def test_draft_is_hidden_outside_its_area(api, world, mixed, user, status):
    signed_in(api, world, user)

    response = api.get(detail(mixed[0]))

    assert response.status_code == status


def test_approved_report_is_public(api, world, mixed):
    response = api.get(detail(mixed[3]))

    assert (response.status_code, response.json()["region"]) == (200, "21.05")


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({"region": "15.01"}, [("15.01", 2023, "draft")]),
        ({"region": "15"}, [("15", 2023, "returned")]),
        ({"region": "21.05", "year": "2022"}, [("21.05", 2022, "approved")]),
        (
            {"province": "15"},
            [
                ("15", 2023, "returned"),
                ("15.01", 2023, "draft"),
                ("15.71", 2023, "submitted"),
            ],
        ),
        ({"year": "2022"}, [("21.05", 2022, "approved")]),
        ({"status": "submitted"}, [("15.71", 2023, "submitted")]),
        ({"level": "province"}, [("15", 2023, "returned")]),
        (
            {"level": "regency", "province": "21", "status": "draft"},
            [("21.05", 2023, "draft")],
        ),
        ({"region": "31.71"}, []),
    ],
)
def test_list_filter_gives_matching_reports(api, world, mixed, params, expected):
    signed_in(api, world, "admin")

    response = api.get(URL, params)

    assert (response.status_code, rows(response)) == (200, expected)


@pytest.mark.parametrize(
    "params",
    [
        {"status": "xyz"},
        {"level": "kabupaten"},
        {"year": "abc"},
        {"year": "2023.5"},
        {"region": "1501"},
        {"region": "15.01.01"},
        {"province": "15.01"},
    ],
)
def test_list_refuses_an_invalid_filter_value(api, world, mixed, params):
    response = api.get(URL, params)

    assert response.status_code == 400


@pytest.mark.parametrize("pk", ["999", "abc", "99999999999999999999"])
def test_unknown_id_is_not_found(api, world, pk):
    response = api.get(f"{URL}{pk}/")

    assert response.status_code == 404


def test_not_found_answers_in_the_asked_language(api, world):
    indonesian = api.get(f"{URL}999/")
    english = api.get(f"{URL}999/", HTTP_ACCEPT_LANGUAGE="en")

    assert [indonesian.json(), english.json()] == [
        {"detail": "Data tidak ditemukan."},
        {"detail": "Not found."},
    ]


# Creating


def test_branch_officer_creates_report_through_the_api(api, world):
    petugas = world.users["petugas_a"]
    api.force_authenticate(petugas)

    response = api.post(
        URL, {"region": "15.01", "year": 2024, **FIGURES, **LINES}, format="json"
    )

    report = CoverageReport.objects.get()
    body = response.json()
    assert (response.status_code, body["id"], body["version"], body["status"]) == (
        201,
        report.pk,
        2,
        "draft",
    )
    assert {name: body[name] for name in [*FIGURES, *LINES]} == {**FIGURES, **LINES}
    assert audit(report) == [
        ("angkatan_kerja", "", "10000"),
        ("claims:jkk:cases", "", "3"),
        ("claims:jkk:rupiah", "", "45000000"),
        ("non_asn:guru_honorer:eligible", "", "100"),
        ("non_asn:guru_honorer:protected", "", "80"),
        ("pekerja_formal", "", "4000"),
        ("pekerja_informal", "", "6000"),
        ("pemberi_kerja", "", "120"),
        ("peserta_bpu", "", "2500"),
        ("peserta_pu", "", "3500"),
        ("villages:15.01.01.2001:funding_source", "", "apbdes"),
        ("villages:15.01.01.2001:workers", "", "120"),
        ("vulnerable:petani/apbd:months", "", "12"),
        ("vulnerable:petani/apbd:rupiah", "", "20160000"),
        ("vulnerable:petani/apbd:workers", "", "100"),
    ]
    assert provenance(report) == {("api", petugas.pk, 2)}


def test_create_needs_only_region_and_year(api, world):
    api.force_authenticate(world.users["admin"])

    response = api.post(URL, {"region": "21", "year": 2024}, format="json")

    body = response.json()
    assert (response.status_code, body["level"], body["version"]) == (
        201,
        "province",
        1,
    )
    assert (
        body["angkatan_kerja"],
        body["non_asn_lines"],
        body["is_below_minimum"],
    ) == (
        None,
        [],
        None,
    )


def test_create_with_broken_rule_is_400_and_saves_nothing(api, world):
    api.force_authenticate(world.users["petugas_a"])
    body = {"region": "15.01", "year": 2024, **FIGURES, "peserta_pu": 9_000}

    response = api.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (
        400,
        {
            "detail": "The coverage report has errors; nothing was saved.",
            "errors": [
                {
                    "field": "peserta_pu",
                    "rule": "participants_above_workforce",
                    "message": "PU participants (wage earners): participants "
                    "(11,500) cannot be more than the labour force (10,000).",
                }
            ],
            "warnings": [],
        },
    )
    assert (CoverageReport.objects.count(), AuditEntry.objects.count()) == (0, 0)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"pekerja_formal": -1}, [("pekerja_formal", "negative")]),
        (
            {
                "non_asn_lines": [
                    {"category": "guru_honorer", "eligible": 5, "protected": 9}
                ]
            },
            [("non_asn:guru_honorer:protected", "protected_above_eligible")],
        ),
        (
            {"vulnerable_lines": [{"sector": "astronot", "funding_source": "apbd"}]},
            [("vulnerable:astronot/apbd", "unknown_sector")],
        ),
        (
            {"village_lines": [{"village": "21.05.01.2001", "funding_source": "csr"}]},
            [("villages:21.05.01.2001", "village_outside_region")],
        ),
        ({"pekerja_formal": "banyak"}, [("pekerja_formal", "invalid")]),
        ({"pekerja_formal": 2**63}, [("pekerja_formal", "max_value")]),
        ({"status": "approved"}, [("status", "unknown_field")]),
        ({"year": 1999}, [("year", "year_out_of_range")]),
        ({"year": 2099}, [("year", "year_out_of_range")]),
        ({"region": "15.99"}, [("region", "unknown_region")]),
        ({"region": "Jambi"}, [("region", "invalid")]),
        (
            {"non_asn_lines": [{"category": "bpd"}, {"category": "bpd", "extra": 1}]},
            [("non_asn_lines.1.extra", "unknown_field")],
        ),
        (
            {"claim_lines": [{"programme": "jkk"}, {"programme": "jkk"}]},
            [("claim_lines", "duplicate")],
        ),
        (
            {"claim_lines": [{"programme": "jkk/jkm"}]},
            [("claim_lines.0.programme", "invalid_choice")],
        ),
        ({"claim_lines": {"programme": "jkk"}}, [("claim_lines", "not_a_list")]),
    ],
)
def test_create_refuses_invalid_input(api, world, change, expected):
    api.force_authenticate(world.users["petugas_a"])
    body = {"region": "15.01", "year": 2024, **FIGURES, **change}

    response = api.post(URL, body, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, [(e["field"], e["rule"]) for e in errors]) == (
        400,
        expected,
    )
    assert CoverageReport.objects.count() == 0


def test_input_error_names_the_field_in_the_message(api, world):
    api.force_authenticate(world.users["petugas_a"])
    body = {
        "region": "15.01",
        "year": 2024,
        "non_asn_lines": [{"category": "bpd", "eligible": "x"}],
    }

    response = api.post(URL, body, format="json", HTTP_ACCEPT_LANGUAGE="en")

    assert response.json()["errors"] == [
        {
            "field": "non_asn_lines.0.eligible",
            "rule": "invalid",
            "message": "Non-ASN lines — row 1 — Eligible: A valid integer is required.",
        }
    ]


@pytest.mark.parametrize(
    ("user", "region", "status"),
    [
        ("anonymous", "15.01", 401),
        ("petugas_b", "15.01", 403),
        ("petugas_a2", "15.71", 403),
        ("petugas_a", "15", 403),  # KC Jambi does not report for the province
        ("verifikator_cabang_a", "15.01", 403),
        ("panitia_a", "15.01", 403),
        ("petugas_a", "15.01", 201),
        ("admin", "15.01", 201),
    ],
)
def test_create_is_for_branch_staff_of_the_region(api, world, user, region, status):
    signed_in(api, world, user)

    response = api.post(URL, {"region": region, "year": 2024}, format="json")

    assert (response.status_code, CoverageReport.objects.count()) == (
        status,
        1 if status == 201 else 0,
    )


def test_create_for_a_province_needs_its_reporting_branch(api, world):
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(URL, {"region": "15", "year": 2024}, format="json")

    assert (response.status_code, response.json()["level"]) == (201, "province")


def test_create_of_an_existing_report_is_a_conflict(api, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2024)
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(URL, {"region": "15.01", "year": 2024}, format="json")

    assert (
        response.status_code,
        response.json()["id"],
        response.json()["version"],
    ) == (
        409,
        report.pk,
        1,
    )


def test_create_over_a_hidden_report_is_refused(api, world):
    CoverageReportFactory(regency=world.reg_a1, year=2024)
    api.force_authenticate(world.users["petugas_b"])

    response = api.post(URL, {"region": "15.01", "year": 2024}, format="json")

    assert response.status_code == 403


# Updating


def test_put_replaces_content_and_audits_it(api, world):
    report = full_report(world)
    petugas = world.users["petugas_a"]
    api.force_authenticate(petugas)
    body = {
        **FIGURES,
        **LINES,
        "peserta_pu": 3_600,
        "claim_lines": [],
        "version": 1,
        "reason": "Data BPJS terbaru",
    }

    response = api.put(detail(report), body, format="json")

    assert (response.status_code, response.json()["version"]) == (200, 2)
    assert (response.json()["claim_lines"], response.json()["peserta_pu"]) == (
        [],
        3_600,
    )
    assert audit(report) == [
        ("claims:jkk:cases", "3", ""),
        ("claims:jkk:rupiah", "45000000", ""),
        ("peserta_pu", "3500", "3600"),
    ]
    assert provenance(report) == {("api", petugas.pk, 2)}
    assert set(AuditEntry.objects.values_list("reason", flat=True)) == {
        "Data BPJS terbaru"
    }


def test_put_needs_every_figure_and_table(api, world):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    response = api.put(detail(report), {"version": 1, "peserta_pu": 1}, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, sorted(e["field"] for e in errors)) == (
        400,
        sorted(
            [name for name in FIGURES if name != "peserta_pu"]
            + ["claim_lines", "non_asn_lines", "village_lines", "vulnerable_lines"]
        ),
    )
    assert {e["rule"] for e in errors} == {"required"}


def test_patch_changes_only_what_is_given(api, world):
    report = full_report(world)
    before = ReportContent.of(report).flat()
    api.force_authenticate(world.users["petugas_a"])
    body = {"version": 1, "peserta_bpu": 2_000, "reason": "Koreksi"}

    response = api.patch(detail(report), body, format="json")

    assert response.status_code == 200
    after = ReportContent.of(CoverageReport.objects.get()).flat()
    assert after == {**before, "peserta_bpu": 2_000}
    assert audit(report) == [("peserta_bpu", "2500", "2000")]


def test_patch_replaces_a_table_when_given(api, world):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])
    rows = [{"category": "bpd", "eligible": 10, "protected": 10}]
    body = {"version": 1, "non_asn_lines": rows, "reason": "Kategori salah"}

    response = api.patch(detail(report), body, format="json")

    assert (response.status_code, response.json()["non_asn_lines"]) == (200, rows)
    assert response.json()["vulnerable_lines"] == LINES["vulnerable_lines"]


def test_patch_without_version_is_refused(api, world):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    response = api.patch(detail(report), {"peserta_pu": 1}, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, [(e["field"], e["rule"]) for e in errors]) == (
        400,
        [("version", "required")],
    )


def test_changing_saved_figures_needs_a_reason(api, world):
    report = full_report(world)
    api.force_authenticate(world.users["petugas_a"])

    response = api.patch(detail(report), {"version": 1, "peserta_pu": 1}, format="json")

    errors = response.json()["errors"]
    assert (response.status_code, [(e["field"], e["rule"]) for e in errors]) == (
        400,
        [("", "reason_required")],
    )
    assert CoverageReport.objects.get().peserta_pu == 3_500


def test_save_from_a_stale_version_is_409_with_the_other_changes(api, world):
    report = full_report(world)
    other = world.users["admin"]
    content = ReportContent.of(report)
    content.figures["peserta_pu"] = 3_000
    services.save_report(
        report, content, by=other, expected_version=1, reason="Koreksi"
    )
    api.force_authenticate(world.users["petugas_a"])

    response = api.patch(
        detail(report),
        {"version": 1, "peserta_pu": 3_700, "reason": "Data baru"},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    entry = AuditEntry.objects.get()
    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "Someone else saved this coverage report after you opened it. "
            "Your changes were not saved: review their changes below and enter "
            "yours again.",
            "current_version": 2,
            "changes": [
                {
                    "field": "peserta_pu",
                    "label": "PU participants (wage earners)",
                    "old": "3500",
                    "new": "3000",
                    "by": other.get_full_name(),
                    "at": DateTimeField().to_representation(entry.at),
                }
            ],
        },
    )
    assert (CoverageReport.objects.get().peserta_pu, AuditEntry.objects.count()) == (
        3_000,
        1,
    )


@pytest.mark.parametrize(
    ("user", "status"),
    [
        ("anonymous", 401),
        ("petugas_b", 404),
        ("verifikator_kanwil_b", 404),
        ("verifikator_cabang_a", 403),
        ("panitia_a", 403),
        ("petugas_a2", 200),
        ("admin", 200),
    ],
)
def test_update_is_for_branch_staff_of_the_region(api, world, user, status):
    report = CoverageReportFactory(regency=world.reg_a1, angkatan_kerja=None)
    signed_in(api, world, user)

    response = api.patch(
        detail(report), {"version": 1, "angkatan_kerja": 10_000}, format="json"
    )

    report.refresh_from_db()
    assert (response.status_code, report.angkatan_kerja) == (
        status,
        10_000 if status == 200 else None,
    )


def test_approved_report_is_locked(api, world):
    report = CoverageReportFactory(regency=world.reg_b1, status=APPROVED)
    api.force_authenticate(world.users["petugas_b"])

    response = api.patch(
        detail(report), {"version": 1, "pemberi_kerja": 1, "reason": "x"}, format="json"
    )

    assert (response.status_code, CoverageReport.objects.get().pemberi_kerja) == (
        403,
        120,
    )


def test_delete_is_not_allowed(api, world):
    report = CoverageReportFactory(regency=world.reg_a1)
    api.force_authenticate(world.users["admin"])

    response = api.delete(detail(report))

    assert (response.status_code, CoverageReport.objects.count()) == (405, 1)


# Workflow actions


def test_branch_submits_and_verifier_approves(api, world):
    report = full_report(world)

    submitted = signed_in(APIClient(), world, "petugas_a").post(
        detail(report, "submit")
    )
    approved = signed_in(api, world, "verifikator_cabang_a").post(
        detail(report, "approve")
    )

    assert [
        (submitted.status_code, submitted.json()["status"]),
        (approved.status_code, approved.json()["status"]),
    ] == [(200, "submitted"), (200, "approved")]
    assert list(
        StatusChange.objects.for_record(report).values_list(
            "from_status", "to_status", "by"
        )
    ) == [
        ("draft", "submitted", world.users["petugas_a"].pk),
        ("submitted", "approved", world.users["verifikator_cabang_a"].pk),
    ]


@pytest.mark.parametrize(
    ("user", "action", "status"),
    [
        ("petugas_a", "approve", 403),
        ("petugas_a", "return", 403),
        ("verifikator_cabang_b", "approve", 404),
        ("anonymous", "approve", 401),
        ("verifikator_kanwil_a", "approve", 200),
        ("admin", "return", 200),
    ],
)
def test_review_actions_need_the_role(api, world, user, action, status):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    signed_in(api, world, user)
    body = {"reason": "Cek"} if action == "return" else {}

    response = api.post(detail(report, action), body, format="json")

    assert response.status_code == status


def test_return_needs_a_reason(api, world):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    api.force_authenticate(world.users["verifikator_cabang_a"])

    response = api.post(
        detail(report, "return"),
        {"reason": "  "},
        format="json",
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert (response.status_code, response.json()["errors"]) == (
        400,
        [
            {
                "field": "reason",
                "rule": "blank",
                "message": "Reason: This field may not be blank.",
            }
        ],
    )
    assert CoverageReport.objects.get().status == SUBMITTED


def test_return_with_reason_sends_report_back(api, world):
    report = CoverageReportFactory(regency=world.reg_a1, status=SUBMITTED)
    api.force_authenticate(world.users["verifikator_cabang_a"])

    response = api.post(
        detail(report, "return"), {"reason": "BPU tidak cocok"}, format="json"
    )

    change = StatusChange.objects.get()
    assert (response.json()["status"], change.reason) == ("returned", "BPU tidak cocok")


@pytest.mark.parametrize(
    ("user", "status"),
    [("verifikator_cabang_a", 403), ("verifikator_kanwil_a", 200), ("admin", 200)],
)
def test_only_a_higher_level_unapproves(api, world, user, status):
    report = CoverageReportFactory(regency=world.reg_a1, status=APPROVED)
    signed_in(api, world, user)

    response = api.post(
        detail(report, "unapprove"), {"reason": "Salah input"}, format="json"
    )

    report.refresh_from_db()
    assert (response.status_code, report.status) == (
        status,
        RETURNED if status == 200 else APPROVED,
    )


def test_province_approval_waits_for_its_regencies(api, world):
    report = CoverageReportFactory(
        regency=None, province=world.prov_a, status=SUBMITTED
    )
    api.force_authenticate(world.users["admin"])

    response = api.post(detail(report, "approve"), HTTP_ACCEPT_LANGUAGE="en")

    assert (response.status_code, response.json()) == (
        409,
        {
            "detail": "Approve every kab/kota report of 2023 first; not yet "
            "approved: Kabupaten Kerinci, Kota Jambi."
        },
    )


def test_submit_with_unexplained_warning_lists_it(api, world):
    report = CoverageReportFactory(regency=world.reg_a1)
    VulnerableWorkerLineFactory(report=report, rupiah=1_000)
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(detail(report, "submit"))

    body = response.json()
    assert (
        response.status_code,
        [(e["field"], e["rule"]) for e in body["errors"]],
        [(w["field"], w["rule"]) for w in body["warnings"]],
    ) == (
        400,
        [("warning_explanation", "explanation_required")],
        [("vulnerable:petani/apbd:rupiah", "below_minimum")],
    )
    assert CoverageReport.objects.get().status == DRAFT


def test_action_refuses_a_body_it_does_not_use(api, world):
    report = CoverageReportFactory(regency=world.reg_a1)
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(detail(report, "submit"), {"status": "approved"}, format="json")

    assert (response.status_code, CoverageReport.objects.get().status) == (400, DRAFT)


# Machine clients, cost, schema


def test_machine_client_creates_and_updates_with_a_token(world):
    petugas = world.users["petugas_a"]
    client = APIClient()
    _token, key = issue_token(petugas, name="Sistem cabang", days=30)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {key}")

    created = client.post(
        URL, {"region": "15.71", "year": 2024, **FIGURES}, format="json"
    )
    updated = client.patch(
        f"{URL}{created.json()['id']}/",
        {"version": 2, "pemberi_kerja": 130, "reason": "Data Disnaker"},
        format="json",
    )

    assert (created.status_code, updated.status_code, updated.json()["version"]) == (
        201,
        200,
        3,
    )
    report = CoverageReport.objects.get()
    assert provenance(report) == {("api", petugas.pk, 2), ("api", petugas.pk, 3)}


def test_bad_token_is_refused(world):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token nope")

    response = client.post(URL, {"region": "15.71", "year": 2024}, format="json")

    assert (
        response.status_code,
        response["WWW-Authenticate"],
        CoverageReport.objects.count(),
    ) == (401, 'Bearer realm="api"', 0)


def make_reports(n: int) -> None:
    for regency in RegencyFactory.create_batch(n):
        report = CoverageReportFactory(regency=regency, status=APPROVED)
        NonAsnLineFactory(report=report)
        VulnerableWorkerLineFactory(report=report)
        VillageProtectionFactory(report=report)
        ClaimLineFactory(report=report)


@pytest.mark.parametrize("n", [1, 3])
def test_list_query_count_does_not_grow_with_reports(
    api, db, django_assert_num_queries, n
):
    make_reports(n)

    with django_assert_num_queries(7):
        response = api.get(URL + "?villages=true")

    assert [len(row["village_lines"]) for row in response.json()["results"]] == [1] * n


def test_schema_describes_the_coverage_endpoints(api):
    response = api.get("/api/schema/", {"format": "json"})

    paths = sorted(p for p in response.json()["paths"] if "coverage" in p)
    assert (response.status_code, paths) == (
        200,
        [
            "/api/v1/coverage-reports/",
            "/api/v1/coverage-reports/{id}/",
            "/api/v1/coverage-reports/{id}/approve/",
            "/api/v1/coverage-reports/{id}/return/",
            "/api/v1/coverage-reports/{id}/submit/",
            "/api/v1/coverage-reports/{id}/unapprove/",
        ],
    )


@pytest.mark.parametrize("year", [2016, 2099, timezone.localdate().year + 1])
def test_create_refuses_a_year_the_entry_form_cannot_open(api, world, year):
    api.force_authenticate(world.users["petugas_a"])

    response = api.post(
        URL, {"region": "15.01", "year": year}, format="json", HTTP_ACCEPT_LANGUAGE="en"
    )

    # The field's label, then the rule's message.
    messages = [e["message"].partition(": ")[2] for e in response.json()["errors"]]
    assert (response.status_code, messages, CoverageReport.objects.count()) == (
        400,
        [
            "Not a year figures can be entered for: choose a year from 2017 to "
            f"{timezone.localdate().year}."
        ],
        0,
    )


def test_anonymous_list_and_detail_carry_no_branch_notes(api, world):
    report = CoverageReportFactory(
        regency=world.reg_a1,
        status=ReviewStatus.APPROVED,
        warning_explanation="Data Disnaker terlambat.",
    )

    listed = api.get(URL).json()["results"]
    detail = api.get(f"{URL}{report.pk}/").json()

    assert [r["warning_explanation"] for r in listed] == [""]
    assert detail["warning_explanation"] == ""


def test_signed_in_staff_read_the_branch_notes(api, world):
    report = CoverageReportFactory(
        regency=world.reg_a1,
        status=ReviewStatus.APPROVED,
        warning_explanation="Data Disnaker terlambat.",
    )
    api.force_authenticate(world.users["petugas_a"])

    detail = api.get(f"{URL}{report.pk}/").json()

    assert detail["warning_explanation"] == "Data Disnaker terlambat."
