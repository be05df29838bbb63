import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from participants.content import ReportContent
from participants.models import CoverageReport
from participants.services import save_report
from participants.views import conflicts
from review.models import AuditEntry, ReviewStatus, StatusChange
from tests.factories import (
    ClaimLineFactory,
    CoverageReportFactory,
    NonAsnLineFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME


@pytest.fixture(autouse=True)
def english_pages(client, english):
    """Pages and messages in their English source text; Indonesian where a test
    sets the language cookie to "id"."""
    client.cookies[LANGUAGE] = "en"


YEAR_REFUSAL = (
    "Not a year figures can be entered for: choose a year from 2017 to "
    f"{timezone.localdate().year}."
)
APPROVED = ReviewStatus.APPROVED
SUBMITTED = ReviewStatus.SUBMITTED


def signed_in(client, world, key: str):
    if key != "anonymous":
        client.force_login(world.users[key])
    return client


def page(**values: str) -> dict[str, str]:
    """A posted entry page: empty tables and version 1, plus `values`."""
    data = {
        "version": "1",
        "reason": "",
        "warning_explanation": "",
        "vulnerable-TOTAL_FORMS": "0",
        "vulnerable-INITIAL_FORMS": "0",
        "villages-TOTAL_FORMS": "0",
        "villages-INITIAL_FORMS": "0",
    }
    data.update(values)
    return data


ANAMBAS_2020 = {
    "angkatan_kerja": "18.749",
    "pekerja_formal": "7.000",
    "pekerja_informal": "11.749",
    "peserta_pu": "5.000",
    "peserta_bpu": "6.414",
}


# List


def listed(response) -> list[tuple[str, int, str]]:
    return [(r.region_code, r.year, r.status) for r, _d in response.context["rows"]]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("anonymous", [("15.01", 2022, APPROVED), ("21.05", 2022, APPROVED)]),
        (
            "petugas_a",
            [
                ("15.01", 2023, "draft"),
                ("15.01", 2022, APPROVED),
                ("21.05", 2022, APPROVED),
            ],
        ),
        (
            "petugas_b",
            [
                ("21.05", 2023, "draft"),
                ("15.01", 2022, APPROVED),
                ("21.05", 2022, APPROVED),
            ],
        ),
    ],
)
def test_list_shows_own_area_and_approved_reports_elsewhere(
    client, world, key, expected
):
    for regency in (world.reg_a1, world.reg_b1):
        CoverageReportFactory(regency=regency, year=2023)
        CoverageReportFactory(regency=regency, year=2022, status=APPROVED)

    response = signed_in(client, world, key).get("/cakupan/?area=all")

    assert (response.status_code, listed(response)) == (200, expected)


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("?year=2022", [("15.71", 2022, "draft")]),
        ("?province=21", [("21.05", 2023, APPROVED)]),
        ("?status=approved", [("21.05", 2023, APPROVED)]),
        ("?q=kerinci", [("15.01", 2023, "draft")]),
        ("?q=1571", [("15.71", 2022, "draft")]),
        ("?q=Jambi", [("15", 2023, "draft"), ("15.71", 2022, "draft")]),
        ("?year=2019", []),
    ],
)
def test_list_filters_by_year_province_status_and_region(
    client, world, query, expected
):
    CoverageReportFactory(regency=world.reg_a1, year=2023)
    CoverageReportFactory(regency=world.reg_a2, year=2022)
    CoverageReportFactory(regency=None, province=world.prov_a, year=2023)
    CoverageReportFactory(regency=world.reg_b1, year=2023, status=APPROVED)
    client.force_login(world.users["admin"])

    response = client.get("/cakupan/" + query)

    rows = listed(response) if response.context["rows"] else []
    assert sorted(rows) == sorted(expected)


def test_list_shows_coverage_of_each_report(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.cookies[LANGUAGE] = "id"

    response = client.get("/cakupan/")

    [(_report, derived)] = response.context["rows"]
    assert (str(derived.coverage_total_pct), "60,00 %" in response.text) == (
        "60.00",
        True,
    )


def test_list_offers_branch_staff_their_regions_to_start_a_report(client, world):
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()
    client.force_login(world.users["petugas_a"])

    response = client.get("/cakupan/")

    choices = response.context["start"].fields["region"].choices
    assert [[code for code, _l in group] for _g, group in choices] == [
        ["15"],
        ["15.01", "15.71"],
    ]


@pytest.mark.parametrize("key", ["admin", "superuser", "verifikator_cabang_a"])
def test_list_offers_no_start_form_to_those_without_a_branch_to_enter_for(
    client, world, key
):
    client.force_login(world.users[key])

    response = client.get("/cakupan/")

    assert response.context["start"] is None


def test_list_start_form_leads_to_the_entry_page(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.get("/cakupan/?start-year=2023&start-region=15.71")

    assert (response.status_code, response["Location"]) == (
        302,
        "/cakupan/2023/15.71/isi/",
    )


def test_list_start_form_refuses_regions_of_other_branches(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.get("/cakupan/?start-year=2023&start-region=21.05")

    assert (response.status_code, list(response.context["start"].errors)) == (
        200,
        ["region"],
    )


@pytest.mark.parametrize("key", ["anonymous", "petugas_a", "admin"])
def test_list_query_count_does_not_grow_with_rows(
    client, world, django_assert_num_queries, key
):
    """One query for the page, one for the count, whatever the number of rows."""
    signed_in(client, world, key)
    CoverageReportFactory(regency=world.reg_a1, year=2020, status=APPROVED)
    with CaptureQueriesContext(connection) as one_row:
        client.get("/cakupan/")
    for year in (2021, 2022):
        CoverageReportFactory(regency=world.reg_a1, year=year, status=APPROVED)

    with django_assert_num_queries(len(one_row)):
        response = client.get("/cakupan/")

    assert len(response.context["rows"]) == 3


# Detail


@pytest.mark.parametrize(
    ("key", "status", "code"),
    [
        ("anonymous", APPROVED, 200),
        ("anonymous", "draft", 404),
        ("anonymous", SUBMITTED, 404),
        ("petugas_a", "draft", 200),
        ("petugas_b", "draft", 404),
        ("petugas_b", APPROVED, 200),
        ("verifikator_cabang_a", SUBMITTED, 200),
        ("verifikator_kanwil_b", SUBMITTED, 404),
        ("penilai", "draft", 404),
        ("admin", "draft", 200),
    ],
)
def test_detail_is_visible_only_to_those_who_may_see_it(
    client, world, key, status, code
):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=status)

    response = signed_in(client, world, key).get("/cakupan/2023/15.01/")

    assert response.status_code == code


def test_detail_of_a_missing_report_is_not_found(client, world):
    client.force_login(world.users["admin"])

    assert client.get("/cakupan/2023/15.01/").status_code == 404


def test_detail_shows_steps_and_changes_whose_author_is_gone(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, status=ReviewStatus.APPROVED)
    StatusChange.objects.create(
        record=report, from_status="submitted", to_status="approved", by=None
    )
    AuditEntry.objects.create(
        record=report, field="peserta_pu", new_value="1", version=2, source="system"
    )

    response = client.get(report.get_absolute_url())

    assert response.status_code == 200


def test_detail_shows_figures_timeline_and_history(client, world):
    officer = world.users["petugas_a"]
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    content = ReportContent.of(report)
    content.figures["pemberi_kerja"] = 150
    save_report(report, content, by=officer, expected_version=1, reason="Recount")
    StatusChange.objects.create(
        record=report, from_status="draft", to_status="submitted", by=officer
    )
    client.force_login(officer)

    response = client.get("/cakupan/2023/15.01/")

    history = [
        (row["label"], row["old"], row["new"], row["entry"].reason)
        for row in response.context["history"]
    ]
    steps = [(s.from_status, s.to_status) for s in response.context["timeline"]]
    assert history == [("Registered employers", 120, 150, "Recount")]
    assert steps == [("draft", "submitted")]
    assert "60.00 %" in response.text


@pytest.mark.parametrize(
    ("key", "status", "actions"),
    [
        ("petugas_a", "draft", ["edit", "submit"]),
        ("petugas_a", SUBMITTED, []),
        ("verifikator_cabang_a", "draft", []),
        ("verifikator_cabang_a", SUBMITTED, ["approve", "return"]),
        ("verifikator_cabang_a", APPROVED, []),
        ("verifikator_kanwil_a", APPROVED, ["unapprove"]),
        ("superuser", APPROVED, ["unapprove"]),
        ("superuser", "draft", ["edit", "submit"]),
        ("anonymous", APPROVED, []),
    ],
)
def test_detail_offers_only_the_actions_the_user_may_take(
    client, world, key, status, actions
):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=status)

    response = signed_in(client, world, key).get("/cakupan/2023/15.01/")

    can = response.context["can"]
    assert [action for action, allowed in can.items() if allowed] == actions


def add_lines(report, count: int) -> None:
    categories = ["guru_honorer", "bpd", "lkd"]
    sectors = ["petani", "nelayan", "ojek"]
    programmes = ["jkk", "jkm", "beasiswa"]
    for n in range(count):
        NonAsnLineFactory(report=report, category=categories[n])
        VulnerableWorkerLineFactory(report=report, sector=sectors[n])
        VillageProtectionFactory(report=report)
        ClaimLineFactory(report=report, programme=programmes[n])


def test_detail_query_count_does_not_grow_with_table_rows(
    client, world, django_assert_num_queries
):
    officer = world.users["petugas_a"]
    client.force_login(officer)
    one = CoverageReportFactory(regency=world.reg_a1, year=2022)
    three = CoverageReportFactory(regency=world.reg_a1, year=2023)
    add_lines(one, 1)
    add_lines(three, 3)
    for report in (one, three):
        save_report(report, ReportContent.of(report), by=officer, expected_version=1)
    client.get("/cakupan/2022/15.01/")  # warms the per-process content type cache
    with CaptureQueriesContext(connection) as one_row:
        client.get("/cakupan/2022/15.01/")

    with django_assert_num_queries(len(one_row)):
        response = client.get("/cakupan/2023/15.01/")

    assert [len(rows) for rows in response.context["tables"].values()] == [3] * 4


# Entry form


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("petugas_a", 200),
        ("petugas_a2", 200),
        ("petugas_b", 403),
        ("verifikator_cabang_a", 403),
        ("verifikator_kanwil_a", 403),
        ("panitia_a", 403),
        ("admin", 200),
    ],
)
def test_entry_page_of_an_existing_report_only_for_its_branch(client, world, key, code):
    CoverageReportFactory(regency=world.reg_a1, year=2023)

    response = signed_in(client, world, key).get("/cakupan/2023/15.01/isi/")

    assert response.status_code == code


@pytest.mark.parametrize(
    ("key", "url", "code"),
    [
        ("petugas_a", "/cakupan/2024/15.71/isi/", 200),
        ("petugas_a", "/cakupan/2024/21.05/isi/", 403),
        ("petugas_a", "/cakupan/2024/15/isi/", 403),
        ("petugas_b", "/cakupan/2024/21.05/isi/", 200),
        ("verifikator_cabang_b", "/cakupan/2024/21.05/isi/", 403),
        ("petugas_a", "/cakupan/2016/15.71/isi/", 404),
        ("petugas_a", "/cakupan/2024/15.99/isi/", 404),
    ],
)
def test_entry_page_of_a_new_report_for_those_who_may_start_it(
    client, world, key, url, code
):
    response = signed_in(client, world, key).get(url)

    assert response.status_code == code


def test_entry_page_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get("/cakupan/2024/15.71/isi/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/cakupan/2024/15.71/isi/",
    )


def test_entry_page_of_a_locked_report_leads_back_to_the_report(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=SUBMITTED)
    client.force_login(world.users["petugas_a"])

    response = client.get("/cakupan/2023/15.01/isi/", follow=True)

    assert response.redirect_chain == [("/cakupan/2023/15.01/", 302)]
    assert [str(m) for m in response.context["messages"]] == [
        "This report is submitted, so it cannot be changed. If figures must change, "
        "it can be sent back to the branch by: Verifier KC Jambi, Verifier Kanwil "
        "Sumbagsel, National admin."
    ]


def test_entry_page_offers_only_the_villages_of_its_regency(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.get("/cakupan/2024/15.01/isi/")

    codes = [village.code for village in response.context["villages"]]
    assert codes == ["15.01.01.2001"]
    assert 'list="village-options"' in response.text


def test_entry_page_of_a_province_report_has_no_village_list(client, world):
    client.force_login(world.users["admin"])

    response = client.get("/cakupan/2024/15/isi/")

    assert (response.context["villages"], "<datalist" in response.text) == (
        None,
        False,
    )


def test_entry_page_shows_saved_figures_the_indonesian_way(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, angkatan_kerja=18_749)
    client.force_login(world.users["petugas_a"])
    client.cookies[LANGUAGE] = "id"

    response = client.get("/cakupan/2023/15.01/isi/")

    assert 'name="angkatan_kerja" value="18.749" inputmode="numeric"' in response.text


def test_first_save_starts_the_report_and_writes_the_audit_trail(client, world):
    officer = world.users["petugas_a"]
    client.force_login(officer)

    response = client.post("/cakupan/2020/15.71/isi/", page(**ANAMBAS_2020))

    report = CoverageReport.objects.get(regency=world.reg_a2, year=2020)
    entries = AuditEntry.objects.for_record(report).order_by("field")
    assert (response.status_code, response["Location"]) == (
        302,
        "/cakupan/2020/15.71/",
    )
    assert (report.angkatan_kerja, report.peserta_bpu, report.version) == (
        18_749,
        6_414,
        2,
    )
    assert [(e.field, e.old_value, e.new_value, e.by) for e in entries] == [
        ("angkatan_kerja", "", "18749", officer),
        ("pekerja_formal", "", "7000", officer),
        ("pekerja_informal", "", "11749", officer),
        ("peserta_bpu", "", "6414", officer),
        ("peserta_pu", "", "5000", officer),
    ]


def test_save_changes_figures_with_the_reason(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users["petugas_a"])
    data = page(
        angkatan_kerja="10.000",
        pekerja_formal="4.000",
        pekerja_informal="6.000",
        peserta_pu="3.600",
        peserta_bpu="2.500",
        pemberi_kerja="120",
        reason="Late registrations",
    )

    response = client.post("/cakupan/2023/15.01/isi/", data, follow=True)

    entries = AuditEntry.objects.for_record(report)
    assert [(e.field, e.old_value, e.new_value, e.reason) for e in entries] == [
        ("peserta_pu", "3500", "3600", "Late registrations")
    ]
    assert [str(m) for m in response.context["messages"]] == [
        "The report was saved (1 values changed)."
    ]


def test_save_lists_warnings_in_the_messages(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users["petugas_a"])
    data = page(
        **{
            "vulnerable-TOTAL_FORMS": "1",
            "vulnerable-0-sector": "petani",
            "vulnerable-0-funding_source": "apbd",
            "vulnerable-0-workers": "100",
            "vulnerable-0-months": "12",
            "vulnerable-0-rupiah": "1.000.000",
        }
    )
    data.update(reason="Figures of the new BPS survey")

    response = client.post("/cakupan/2023/15.01/isi/", data, follow=True)

    messages = [str(m) for m in response.context["messages"]]
    assert messages[1:] == [
        "Warning: Vulnerable-worker lines — Farmers — APBD — rupiah paid: "
        "Rp1,000,000 is less than 100 workers × 12 months × Rp16.800 = "
        "Rp20,160,000; explain why. Explain it before submitting."
    ]


def test_invalid_save_shows_the_message_beside_the_field_and_saves_nothing(
    client, world
):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users["petugas_a"])
    data = page(
        **{
            "non_asn-bpd__eligible": "10",
            "non_asn-bpd__protected": "12",
        }
    )

    response = client.post("/cakupan/2023/15.01/isi/", data)

    report.refresh_from_db()
    message = (
        "Non-ASN lines — BPD — protected: protected (12) cannot be more than "
        "eligible (10)."
    )
    assert response.status_code == 400
    assert response.context["forms"].non_asn.errors["bpd__protected"] == [message]
    assert message in response.text
    assert (report.version, report.non_asn_lines.count()) == (1, 0)
    assert AuditEntry.objects.count() == 0


def test_unparsable_number_is_refused_before_the_services(client, world):
    client.force_login(world.users["petugas_a"])

    response = client.post("/cakupan/2020/15.71/isi/", page(angkatan_kerja="1,5"))

    assert response.status_code == 400
    assert response.context["forms"].figures.errors["angkatan_kerja"] == [
        "Angkatan kerja: masukkan bilangan bulat, misalnya 1.234.567 (titik "
        "sebagai pemisah ribuan, tanpa desimal)."
    ]
    assert CoverageReport.objects.exists() is False


def test_invalid_first_save_leaves_no_empty_report_behind(client, world):
    client.force_login(world.users["petugas_a"])
    data = page(angkatan_kerja="100", peserta_pu="90", peserta_bpu="20")

    response = client.post("/cakupan/2020/15.71/isi/", data)

    assert (response.status_code, CoverageReport.objects.exists()) == (400, False)


def test_stale_save_is_refused_and_shows_the_other_change(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    other = world.users["admin"]
    content = ReportContent.of(report)
    content.figures["pemberi_kerja"] = 130
    save_report(report, content, by=other, expected_version=1, reason="Audit")
    client.force_login(world.users["petugas_a"])
    data = page(angkatan_kerja="10.000", peserta_pu="3.000", reason="Mine")

    response = client.post("/cakupan/2023/15.01/isi/", data)

    report.refresh_from_db()
    changes = [
        (row["label"], row["old"], row["new"], row["entry"].by)
        for row in response.context["changes"]
    ]
    assert response.status_code == 409
    assert changes == [("Registered employers", 120, 130, other)]
    assert response.context["forms"].figures.errors == {
        "pemberi_kerja": [
            "Registered employers: Sri changed this to 130 meanwhile; this page has "
            "(empty). Check it before saving again."
        ]
    }
    assert response.context["forms"].figures["version"].value() == "2"
    assert response.context["forms"].figures["peserta_pu"].value() == "3.000"
    assert (report.peserta_pu, report.version) == (3_500, 2)
    stale = "Someone else saved this coverage report after you opened it."
    assert stale in response.text


@pytest.mark.parametrize("key", ["verifikator_cabang_a", "petugas_b", "panitia_a"])
def test_save_by_someone_who_may_not_edit_is_forbidden(client, world, key):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users[key])

    response = client.post("/cakupan/2023/15.01/isi/", page(peserta_pu="1"))

    report.refresh_from_db()
    assert (response.status_code, report.peserta_pu) == (403, 3_500)


# Actions


def act(client, action: str, **data: str):
    return client.post(f"/cakupan/2023/15.01/{action}/", data, follow=True)


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_branch_officer_submits_a_draft(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    client.force_login(world.users["petugas_a"])

    response = act(client, "submit")

    report.refresh_from_db()
    assert (report.status, messages_of(response)) == (
        SUBMITTED,
        ["The report was submitted for approval."],
    )


def test_submit_with_an_unexplained_warning_is_refused(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    VulnerableWorkerLineFactory(report=report, rupiah=1)
    client.force_login(world.users["petugas_a"])

    response = act(client, "submit")

    report.refresh_from_db()
    assert report.status == "draft"
    assert messages_of(response)[0] == "The report was not submitted:"
    assert messages_of(response)[-1] == ("Explain the warnings before submitting.")


def test_verifier_approves_a_submitted_report(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    response = act(client, "approve")

    report.refresh_from_db()
    assert (report.status, messages_of(response)) == (
        APPROVED,
        ["The report was approved."],
    )


def test_return_requires_a_reason(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    refused = act(client, "return", reason="  ")
    report.refresh_from_db()
    status_after_refusal = report.status
    returned = act(client, "return", reason="PU figure is last year's")

    report.refresh_from_db()
    assert (status_after_refusal, messages_of(refused)) == (
        SUBMITTED,
        ["Give a reason, so that the branch knows what to fix."],
    )
    assert (report.status, messages_of(returned)) == (
        ReviewStatus.RETURNED,
        ["The report was returned to the branch."],
    )


def test_kanwil_verifier_unapproves_with_a_reason(client, world):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=APPROVED)
    client.force_login(world.users["verifikator_kanwil_a"])

    act(client, "unapprove", reason="Workforce figure revised by BPS")

    report.refresh_from_db()
    [step] = StatusChange.objects.for_record(report)
    assert (report.status, step.reason) == (
        ReviewStatus.RETURNED,
        "Workforce figure revised by BPS",
    )


@pytest.mark.parametrize(
    ("key", "action", "status", "code"),
    [
        ("verifikator_cabang_a", "unapprove", APPROVED, 403),
        ("petugas_a", "approve", SUBMITTED, 403),
        ("petugas_b", "submit", "draft", 404),
        ("verifikator_cabang_b", "approve", SUBMITTED, 404),
    ],
)
def test_actions_are_refused_to_those_without_the_permission(
    client, world, key, action, status, code
):
    report = CoverageReportFactory(regency=world.reg_a1, year=2023, status=status)
    client.force_login(world.users[key])

    response = client.post(f"/cakupan/2023/15.01/{action}/", {"reason": "x"})

    report.refresh_from_db()
    assert (response.status_code, report.status) == (code, status)


def test_actions_take_only_posts(client, world):
    CoverageReportFactory(regency=world.reg_a1, year=2023, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    assert client.get("/cakupan/2023/15.01/approve/").status_code == 405


def test_detail_history_shows_the_rows_an_upload_added(client, world):
    officer = world.users["petugas_a"]
    report = CoverageReportFactory(regency=world.reg_a1, year=2023)
    AuditEntry.objects.create(
        record=report, field="villages", new_value="163", version=2, source="import"
    )
    client.force_login(officer)

    response = client.get("/cakupan/2023/15.01/")

    history = [(r["label"], r["old"], r["new"]) for r in response.context["history"]]
    assert history == [("Village protection: rows added", None, 163)]


def test_conflicts_name_the_rows_an_upload_added_meanwhile(world):
    entry = AuditEntry(field="villages", new_value="163", by=world.users["admin"])

    [note] = conflicts(ReportContent(), [entry])

    assert note.message == "Village protection: Sri added 163 rows meanwhile."


@pytest.mark.parametrize("year", [2016, 2099, timezone.localdate().year + 1])
def test_entry_page_refuses_a_year_outside_the_year_rule(client, world, year):
    client.force_login(world.users["petugas_a"])

    response = client.get(f"/cakupan/{year}/15.01/isi/")

    assert (response.status_code, response.context["reason"]) == (404, YEAR_REFUSAL)
    assert CoverageReport.objects.count() == 0


# The public report page: approved figures only


def _approved_with_workings(world):
    """An approved report of 15.01 that was returned once, with named staff, their
    reasons and an earlier figure."""
    officer = world.users["petugas_a"]
    officer.first_name, officer.last_name = "Siti", "Rahma"
    officer.save()
    verifier = world.users["verifikator_kanwil_a"]
    verifier.first_name, verifier.last_name = "Budi", "Santoso"
    verifier.save()
    report = CoverageReportFactory(
        regency=world.reg_a1,
        year=2020,
        status=APPROVED,
        updated_by=officer,
        warning_explanation="Data Disnaker terlambat.",
    )
    StatusChange.objects.create(
        record=report,
        from_status="approved",
        to_status="returned",
        by=verifier,
        reason="Angka PU tertukar dengan BPU.",
    )
    AuditEntry.objects.create(
        record=report,
        field="peserta_pu",
        old_value="98765",
        new_value=str(report.peserta_pu),
        version=2,
        by=officer,
        reason="Dibetulkan setelah dikembalikan.",
    )
    return report


PRIVATE = [
    "Siti Rahma",
    "Budi Santoso",
    "Angka PU tertukar dengan BPU.",
    "Dibetulkan setelah dikembalikan.",
    "98,765",
    "Data Disnaker terlambat.",
]


@pytest.mark.parametrize("key", ["anonymous", "petugas_b", "verifikator_kanwil_b"])
def test_detail_shows_the_public_approved_figures_only(client, world, key):
    report = _approved_with_workings(world)

    response = signed_in(client, world, key).get("/cakupan/2020/15.01/")

    shown = [text for text in PRIVATE if text in response.text]
    context = response.context
    assert (response.status_code, shown) == (200, [])
    assert (context["history"], context["timeline"], context["findings"]) == (
        [],
        [],
        [],
    )
    assert f"{report.peserta_pu:,}" in response.text


@pytest.mark.parametrize("key", ["petugas_a", "verifikator_kanwil_a", "admin"])
def test_detail_shows_staff_of_the_area_everything(client, world, key):
    _approved_with_workings(world)

    response = signed_in(client, world, key).get("/cakupan/2020/15.01/")

    shown = [text for text in PRIVATE if text in response.text]
    assert (response.status_code, shown) == (200, PRIVATE)
