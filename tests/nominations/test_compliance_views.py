"""Employer compliance pages (nominations.views.employers): the list, a record's
detail, the entry form with its stale-save handling, and the workflow actions."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from nominations.forms.compliance import ComplianceForm
from nominations.models import EmployerCompliance
from nominations.services.compliance import save_compliance
from review.models import AuditEntry, ReviewStatus, StatusChange
from tests.factories import EmployerComplianceFactory, EmployerFactory

pytestmark = pytest.mark.django_db
LANGUAGE = settings.LANGUAGE_COOKIE_NAME
NPP = "12345678"
DETAIL = f"/nominasi/pemberi-kerja/{NPP}/2024/"
EDIT = DETAIL + "isi/"

DRAFT = ReviewStatus.DRAFT
SUBMITTED = ReviewStatus.SUBMITTED
RETURNED = ReviewStatus.RETURNED
APPROVED = ReviewStatus.APPROVED


@pytest.fixture(autouse=True)
def english_pages(client, english):
    """Pages and messages in their English source text; Indonesian where a test
    sets the language cookie to "id"."""
    client.cookies[LANGUAGE] = "en"


@pytest.fixture
def employer(world):
    """PT Maju Jaya in Kabupaten Kerinci, served by KC Jambi (area A)."""
    return EmployerFactory(
        npp=NPP, name="PT Maju Jaya", regency=world.reg_a1, branch=world.branch_a
    )


def signed_in(client, world, key: str):
    if key != "anonymous":
        client.force_login(world.users[key])
    return client


def page(**values: str) -> dict[str, str]:
    """A posted entry form: version 1 and no reason, plus `values`."""
    return {"version": "1", "reason": "", **values}


def messages_of(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


# List


def listed(response) -> list[tuple[str, str | None]]:
    return [(row["employer"].name, row["status"]) for row in response.context["rows"]]


@pytest.mark.parametrize(
    ("key", "expected"),
    [
        ("petugas_a", ["PT A"]),
        ("petugas_b", ["PT B"]),
        ("verifikator_kanwil_a", ["PT A", "PT A2"]),
        ("panitia_b", ["PT B"]),
        ("penilai", []),
        ("admin", ["PT A", "PT A2", "PT B"]),
    ],
)
def test_employer_list_shows_the_employers_of_the_users_area(
    client, world, key, expected
):
    EmployerFactory(name="PT A", regency=world.reg_a1, branch=world.branch_a)
    EmployerFactory(name="PT A2", regency=world.reg_a1, branch=world.branch_a2)
    EmployerFactory(name="PT B", regency=world.reg_b1, branch=world.branch_b)

    response = signed_in(client, world, key).get("/nominasi/pemberi-kerja/")

    names = [name for name, _status in listed(response)]
    assert (response.status_code, names) == (200, expected)


def test_employer_list_sends_anonymous_visitors_to_sign_in(client, world):
    response = client.get("/nominasi/pemberi-kerja/")

    assert (response.status_code, response["Location"]) == (
        302,
        "/akun/masuk/?next=/nominasi/pemberi-kerja/",
    )


def test_employer_list_shows_the_status_of_the_latest_year_with_figures(
    client, world, employer
):
    other = EmployerFactory(
        name="PT Zamrud", regency=world.reg_a1, branch=world.branch_a
    )
    EmployerComplianceFactory(employer=employer, year=2023, status=APPROVED)
    EmployerComplianceFactory(employer=employer, year=2024, status=SUBMITTED)
    EmployerComplianceFactory(employer=other, year=2023)
    client.force_login(world.users["petugas_a"])

    response = client.get("/nominasi/pemberi-kerja/")

    assert (response.context["year"], listed(response)) == (
        2024,
        [("PT Maju Jaya", SUBMITTED), ("PT Zamrud", None)],
    )


def test_employer_list_shows_the_year_asked_for(client, world, employer):
    EmployerComplianceFactory(employer=employer, year=2023, status=APPROVED)
    EmployerComplianceFactory(employer=employer, year=2024)
    client.force_login(world.users["petugas_a"])

    response = client.get("/nominasi/pemberi-kerja/?year=2023")

    assert listed(response) == [("PT Maju Jaya", APPROVED)]


def test_employer_list_without_figures_shows_last_year(client, world, employer):
    client.force_login(world.users["petugas_a"])

    response = client.get("/nominasi/pemberi-kerja/")

    assert (response.context["year"], listed(response)) == (
        timezone.localdate().year - 1,
        [("PT Maju Jaya", None)],
    )
    assert f'href="/nominasi/pemberi-kerja/{NPP}/' in response.text


@pytest.mark.parametrize(
    ("query", "expected"),
    [("?q=maju", ["PT Maju Jaya"]), ("?q=8800", ["PT Sentosa"]), ("?q=zzz", [])],
)
def test_employer_list_searches_names_and_npp(client, world, employer, query, expected):
    EmployerFactory(
        npp="99880011", name="PT Sentosa", regency=world.reg_a1, branch=world.branch_a
    )
    client.force_login(world.users["admin"])

    response = client.get("/nominasi/pemberi-kerja/" + query)

    assert [name for name, _status in listed(response)] == expected


@pytest.mark.parametrize("key", ["petugas_a", "admin"])
def test_employer_list_query_count_does_not_grow_with_rows(
    client, world, django_assert_num_queries, key
):
    signed_in(client, world, key)
    first = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    EmployerComplianceFactory(employer=first)
    with CaptureQueriesContext(connection) as one_row:
        client.get("/nominasi/pemberi-kerja/")
    for _n in range(2):
        more = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
        EmployerComplianceFactory(employer=more)

    with django_assert_num_queries(len(one_row)):
        response = client.get("/nominasi/pemberi-kerja/")

    assert len(response.context["rows"]) == 3


# Detail


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("petugas_a", 200),
        ("verifikator_cabang_a", 200),
        ("verifikator_kanwil_a", 200),
        ("panitia_a", 200),
        ("admin", 200),
        ("petugas_a2", 404),
        ("petugas_b", 404),
        ("verifikator_kanwil_b", 404),
        ("panitia_b", 404),
        ("penilai", 404),
        ("no_role", 404),
    ],
)
def test_detail_is_visible_only_inside_the_employers_area(
    client, world, employer, key, code
):
    EmployerComplianceFactory(employer=employer, year=2024)

    response = signed_in(client, world, key).get(DETAIL)

    assert response.status_code == code


def test_detail_of_missing_figures_is_not_found(client, world, employer):
    client.force_login(world.users["admin"])

    assert client.get(DETAIL).status_code == 404


def test_detail_shows_figures_programmes_timeline_and_history(client, world, employer):
    officer = world.users["petugas_a"]
    record = EmployerComplianceFactory(employer=employer, year=2024)
    save_compliance(
        record, {"employees": 520}, by=officer, expected_version=1, reason="Recount"
    )
    StatusChange.objects.create(
        record=record, from_status=DRAFT, to_status=SUBMITTED, by=officer
    )
    client.force_login(officer)

    response = client.get(DETAIL)

    history = [
        (row["label"], row["old"], row["new"], row["entry"].reason)
        for row in response.context["history"]
    ]
    steps = [(s.from_status, s.to_status) for s in response.context["timeline"]]
    assert response.context["programmes"] == [
        "JKK (work accident)",
        "JKM (death)",
        "JHT (old-age savings)",
        "JP (pension)",
    ]
    assert (history, steps) == (
        [("Employees", 500, 520, "Recount")],
        [(DRAFT, SUBMITTED)],
    )
    assert response.context["shares"] == {
        "registered": Decimal("92.31"),
        "vendors": Decimal("75.00"),
    }


def test_detail_shows_figures_the_indonesian_way(client, world, employer):
    EmployerComplianceFactory(
        employer=employer, employees=18_749, wage_report_accuracy=Decimal("95.50")
    )
    client.force_login(world.users["petugas_a"])
    client.cookies[LANGUAGE] = "id"

    response = client.get(DETAIL)

    cells = ('<td class="num">18.749</td>', '<td class="num">95,50 %</td>')
    assert [cell in response.text for cell in cells] == [True, True]


@pytest.mark.parametrize(
    ("key", "status", "actions"),
    [
        ("petugas_a", DRAFT, ["edit", "submit"]),
        ("petugas_a", RETURNED, ["edit", "submit"]),
        ("petugas_a", SUBMITTED, []),
        ("panitia_a", DRAFT, []),
        ("verifikator_cabang_a", DRAFT, []),
        ("verifikator_cabang_a", SUBMITTED, ["approve", "return"]),
        ("verifikator_cabang_a", APPROVED, []),
        ("verifikator_kanwil_a", APPROVED, ["unapprove"]),
        ("superuser", APPROVED, ["unapprove"]),
        ("superuser", DRAFT, ["edit", "submit"]),
    ],
)
def test_detail_offers_only_the_actions_the_user_may_take(
    client, world, employer, key, status, actions
):
    EmployerComplianceFactory(employer=employer, year=2024, status=status)

    response = signed_in(client, world, key).get(DETAIL)

    can = response.context["can"]
    assert [action for action, allowed in can.items() if allowed] == actions


# Entry form


@pytest.mark.parametrize(
    ("key", "code"),
    [
        ("petugas_a", 200),
        ("admin", 200),
        ("verifikator_cabang_a", 403),
        ("verifikator_kanwil_a", 403),
        ("panitia_a", 403),
        ("petugas_a2", 404),
        ("petugas_b", 404),
        ("penilai", 404),
    ],
)
def test_entry_page_of_saved_figures_only_for_the_employers_branch(
    client, world, employer, key, code
):
    EmployerComplianceFactory(employer=employer, year=2024)

    response = signed_in(client, world, key).get(EDIT)

    assert response.status_code == code


@pytest.mark.parametrize(
    ("key", "url", "code"),
    [
        ("petugas_a", EDIT, 200),
        ("admin", EDIT, 200),
        ("verifikator_cabang_a", EDIT, 403),
        ("panitia_a", EDIT, 403),
        ("petugas_b", EDIT, 404),
        ("penilai", EDIT, 404),
        ("petugas_a", f"/nominasi/pemberi-kerja/{NPP}/2016/isi/", 404),
        ("petugas_a", "/nominasi/pemberi-kerja/00000000/2024/isi/", 404),
    ],
)
def test_entry_page_of_new_figures_creates_nothing_on_get(
    client, world, employer, key, url, code
):
    response = signed_in(client, world, key).get(url)

    assert (response.status_code, EmployerCompliance.objects.count()) == (code, 0)


def test_entry_page_sends_anonymous_visitors_to_sign_in(client, world, employer):
    response = client.get(EDIT)

    assert (response.status_code, response["Location"]) == (
        302,
        f"/akun/masuk/?next={EDIT}",
    )


def test_entry_page_of_locked_figures_leads_back_to_them(client, world, employer):
    EmployerComplianceFactory(employer=employer, year=2024, status=SUBMITTED)
    client.force_login(world.users["petugas_a"])

    response = client.get(EDIT, follow=True)

    assert response.redirect_chain == [(DETAIL, 302)]
    assert messages_of(response) == [
        "These figures are submitted, so they cannot be changed. If figures must "
        "change, they can be sent back to the branch by: Verifier KC Jambi, "
        "Verifier Kanwil Sumbagsel, National admin."
    ]


def test_entry_page_shows_saved_figures_the_indonesian_way(client, world, employer):
    EmployerComplianceFactory(
        employer=employer, employees=18_749, wage_report_accuracy=Decimal("95.50")
    )
    client.force_login(world.users["petugas_a"])
    client.cookies[LANGUAGE] = "id"

    response = client.get(EDIT)

    form = response.context["form"]
    assert (form["employees"].value(), form["jkk"].value()) == (18_749, True)
    assert 'name="employees" value="18.749" inputmode="numeric"' in response.text
    assert 'name="wage_report_accuracy" value="95,50" inputmode="decimal"' in (
        response.text
    )


def test_first_save_starts_the_record_with_indonesian_numbers(client, world, employer):
    officer = world.users["petugas_a"]
    client.force_login(officer)
    data = page(
        employees="1.234",
        registered_participants="1.200",
        months_paid_on_time="12",
        wage_report_accuracy="95,5",
        digital_channel_use="80.25",
        vendors_total="40",
    )

    response = client.post(EDIT, data)

    record = EmployerCompliance.objects.get(employer=employer, year=2024)
    assert (response.status_code, response["Location"]) == (302, DETAIL)
    assert (
        record.employees,
        record.registered_participants,
        record.wage_report_accuracy,
        record.digital_channel_use,
        record.version,
        record.updated_by,
    ) == (1_234, 1_200, Decimal("95.50"), Decimal("80.25"), 2, officer)
    assert AuditEntry.objects.for_record(record).count() == 6


def test_save_changes_figures_with_the_reason(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024)
    client.force_login(world.users["petugas_a"])
    data = {
        name: str(value) for name, value in ComplianceForm.initial_of(record).items()
    }
    data.update(employees="510", jkp="on", reason="Payroll audit")

    response = client.post(EDIT, data, follow=True)

    entries = AuditEntry.objects.for_record(record).order_by("field")
    assert [(e.field, e.old_value, e.new_value, e.reason) for e in entries] == [
        ("employees", "500", "510", "Payroll audit"),
        ("jkp", "False", "True", "Payroll audit"),
    ]
    assert messages_of(response) == ["The figures were saved (2 values changed)."]


def test_save_of_a_saved_figure_without_a_reason_asks_for_one(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024)
    client.force_login(world.users["petugas_a"])

    response = client.post(EDIT, page(employees="510"))

    record.refresh_from_db()
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "reason": ["Say why saved figures change."]
    }
    assert (record.employees, record.version) == (500, 1)


def test_invalid_save_shows_the_finding_beside_the_field_and_saves_nothing(
    client, world, employer
):
    client.force_login(world.users["petugas_a"])
    data = page(
        employees="100", registered_participants="120", months_paid_on_time="13"
    )

    response = client.post(EDIT, data)

    assert response.status_code == 400
    assert response.context["form"].errors == {
        "registered_participants": [
            "Employees registered as participants: 120 cannot be more than "
            "employees (100)."
        ],
        "months_paid_on_time": ["Months paid on time (of 12): must be from 0 to 12."],
    }
    assert "must be from 0 to 12." in response.text
    assert (EmployerCompliance.objects.exists(), AuditEntry.objects.exists()) == (
        False,
        False,
    )


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("95,5", Decimal("95.5")),
        ("95.5", Decimal("95.5")),
        (" 100 ", Decimal(100)),
        ("80,25 %", Decimal("80.25")),
        ("", None),
    ],
)
def test_percent_input_takes_a_decimal_comma_or_dot(value, expected):
    form = ComplianceForm(page(wage_report_accuracy=value))

    assert (form.is_valid(), form.cleaned_data["wage_report_accuracy"]) == (
        True,
        expected,
    )


@pytest.mark.parametrize("value", ["95,555", "1.000,5", "abc", "9,5,1"])
def test_percent_input_refuses_what_is_not_a_percentage(value):
    form = ComplianceForm(page(wage_report_accuracy=value))

    assert (form.is_valid(), form.errors["wage_report_accuracy"]) == (
        False,
        [
            "Wages reported truthfully (%): enter a percentage such as 95,5 (at most "
            "two decimals)."
        ],
    )


def test_unparsable_number_is_refused_before_the_services(client, world, employer):
    client.force_login(world.users["petugas_a"])

    response = client.post(EDIT, page(employees="1,5"))

    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["employees"]
    assert EmployerCompliance.objects.exists() is False


def test_stale_save_is_refused_and_shows_the_other_change(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024)
    other = world.users["admin"]
    save_compliance(
        record, {"vendors_total": 45}, by=other, expected_version=1, reason="Audit"
    )
    client.force_login(world.users["petugas_a"])
    data = {
        name: str(value) for name, value in ComplianceForm.initial_of(record).items()
    }
    data.update(version="1", vendors_total="40", employees="510", reason="Mine")

    response = client.post(EDIT, data)

    record.refresh_from_db()
    changes = [
        (row["label"], row["old"], row["new"], row["entry"].by)
        for row in response.context["changes"]
    ]
    assert response.status_code == 409
    assert changes == [("Vendors in the supply chain", 40, 45, other)]
    assert response.context["form"].errors == {
        "vendors_total": [
            "Vendors in the supply chain: Sri changed this to 45 meanwhile; this "
            "page has 40. Check it before saving again."
        ]
    }
    assert response.context["form"]["version"].value() == "2"
    assert response.context["form"]["employees"].value() == "510"
    assert (record.employees, record.vendors_total, record.version) == (500, 45, 2)
    stale = "Someone else saved this compliance record after you opened it."
    assert stale in response.text


@pytest.mark.parametrize(
    ("key", "code"),
    [("verifikator_cabang_a", 403), ("panitia_a", 403), ("petugas_b", 404)],
)
def test_save_by_someone_who_may_not_edit_is_refused(
    client, world, employer, key, code
):
    record = EmployerComplianceFactory(employer=employer, year=2024)
    client.force_login(world.users[key])

    response = client.post(EDIT, page(employees="600", reason="x"))

    record.refresh_from_db()
    assert (response.status_code, record.employees) == (code, 500)


# Actions


def act(client, action: str, **data: str):
    return client.post(DETAIL + f"{action}/", data, follow=True)


def test_branch_officer_submits_a_draft(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024)
    client.force_login(world.users["petugas_a"])

    response = act(client, "submit")

    record.refresh_from_db()
    assert (record.status, messages_of(response)) == (
        SUBMITTED,
        ["The figures were submitted for approval."],
    )


def test_submit_of_figures_that_break_a_rule_is_refused(client, world, employer):
    record = EmployerComplianceFactory(
        employer=employer, year=2024, vendors_total=10, vendors_registered=12
    )
    client.force_login(world.users["petugas_a"])

    response = act(client, "submit")

    record.refresh_from_db()
    assert (record.status, messages_of(response)) == (
        DRAFT,
        [
            "The figures were not submitted:",
            "Vendors registered with BPJS Ketenagakerjaan: 12 cannot be more than "
            "vendors in the supply chain (10).",
        ],
    )


def test_verifier_approves_submitted_figures(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    response = act(client, "approve")

    record.refresh_from_db()
    assert (record.status, messages_of(response)) == (
        APPROVED,
        ["The figures were approved."],
    )


def test_return_requires_a_reason(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    refused = act(client, "return", reason="  ")
    record.refresh_from_db()
    status_after_refusal = record.status
    returned = act(client, "return", reason="JKP is missing")

    record.refresh_from_db()
    assert (status_after_refusal, messages_of(refused)) == (
        SUBMITTED,
        ["Give a reason, so that the branch knows what to fix."],
    )
    assert (record.status, messages_of(returned)) == (
        RETURNED,
        ["The figures were returned to the branch."],
    )


def test_kanwil_verifier_unapproves_with_a_reason(client, world, employer):
    record = EmployerComplianceFactory(employer=employer, year=2024, status=APPROVED)
    client.force_login(world.users["verifikator_kanwil_a"])

    act(client, "unapprove", reason="Headcount revised")

    record.refresh_from_db()
    [step] = StatusChange.objects.for_record(record)
    assert (record.status, step.reason) == (RETURNED, "Headcount revised")


@pytest.mark.parametrize(
    ("key", "action", "status", "code"),
    [
        ("verifikator_cabang_a", "unapprove", APPROVED, 403),
        ("petugas_a", "approve", SUBMITTED, 403),
        ("panitia_a", "submit", DRAFT, 403),
        ("petugas_b", "submit", DRAFT, 404),
        ("verifikator_cabang_b", "approve", SUBMITTED, 404),
        ("admin", "delete", DRAFT, 404),
    ],
)
def test_actions_are_refused_to_those_without_the_permission(
    client, world, employer, key, action, status, code
):
    record = EmployerComplianceFactory(employer=employer, year=2024, status=status)
    client.force_login(world.users[key])

    response = client.post(DETAIL + f"{action}/", {"reason": "x"})

    record.refresh_from_db()
    assert (response.status_code, record.status) == (code, status)


def test_actions_take_only_posts(client, world, employer):
    EmployerComplianceFactory(employer=employer, year=2024, status=SUBMITTED)
    client.force_login(world.users["verifikator_cabang_a"])

    assert client.get(DETAIL + "approve/").status_code == 405
