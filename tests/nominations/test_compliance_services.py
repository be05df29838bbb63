"""State changes of employer compliance figures (nominations.services.compliance):
starting, saving with validation and audit, and the review workflow."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from nominations.models import EmployerCompliance
from nominations.services.compliance import (
    change_compliance_status,
    save_compliance,
    start_compliance,
    values_of,
)
from review import workflow
from review.models import AuditEntry, ReviewStatus
from review.workflow import InvalidRecordError, ReviewError, StaleEditError
from tests.factories import EmployerComplianceFactory, EmployerFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

DRAFT = ReviewStatus.DRAFT
SUBMITTED = ReviewStatus.SUBMITTED
RETURNED = ReviewStatus.RETURNED
APPROVED = ReviewStatus.APPROVED
BLANK = {
    **dict.fromkeys(EmployerCompliance.FIGURES),
    **dict.fromkeys(("jkk", "jkm", "jht", "jp", "jkp"), False),
}


@pytest.fixture
def employer(world):
    """PT Contoh in Kabupaten Kerinci, served by KC Jambi (area A)."""
    return EmployerFactory(regency=world.reg_a1, branch=world.branch_a)


@pytest.fixture
def record(employer):
    """The 2024 figures as the factory fills them, a draft at version 1."""
    return EmployerComplianceFactory(employer=employer, year=2024)


def _rules(error: InvalidRecordError) -> list[tuple[str, str]]:
    return [(finding.path, finding.rule) for finding in error.findings]


def _audit(record):
    return [
        (e.field, e.old_value, e.new_value, e.by, e.reason, e.source, e.version)
        for e in AuditEntry.objects.for_record(record).order_by("field")
    ]


def _steps(record):
    return [
        (s.from_status, s.to_status, s.by, s.reason) for s in workflow.timeline(record)
    ]


# start_compliance


def test_start_compliance_creates_a_blank_draft(world, employer):
    officer = world.users["petugas_a"]

    record = start_compliance(employer, 2024, by=officer)

    assert (record.status, record.version, record.updated_by) == (DRAFT, 1, officer)
    assert values_of(record) == BLANK


def test_start_compliance_returns_the_existing_record(world, record):
    again = start_compliance(record.employer, 2024, by=world.users["petugas_a"])

    assert (again, EmployerCompliance.objects.count()) == (record, 1)


@pytest.mark.parametrize(
    "key",
    ["petugas_a2", "petugas_b", "verifikator_cabang_a", "panitia_a", "penilai"],
)
def test_start_compliance_refuses_users_who_do_not_enter_the_employer(
    world, employer, key
):
    with pytest.raises(PermissionDenied):
        start_compliance(employer, 2024, by=world.users[key])

    assert EmployerCompliance.objects.count() == 0


def test_start_compliance_refuses_a_year_before_the_award(world, employer):
    with pytest.raises(ReviewError) as refused:
        start_compliance(employer, 2016, by=world.users["petugas_a"])

    assert str(refused.value) == (
        "Not a year figures can be entered for: choose a year from 2017 to "
        f"{timezone.localdate().year}."
    )


# save_compliance: validation


@pytest.mark.parametrize(
    ("values", "expected"),
    [
        (
            {"employees": 100, "registered_participants": 120},
            [("registered_participants", "above_total")],
        ),
        ({"months_paid_on_time": 13}, [("months_paid_on_time", "range")]),
        ({"wage_report_accuracy": Decimal(101)}, [("wage_report_accuracy", "range")]),
        ({"digital_channel_use": Decimal(-1)}, [("digital_channel_use", "range")]),
        (
            {"vendors_total": 10, "vendors_registered": 11},
            [("vendors_registered", "above_total")],
        ),
    ],
)
def test_save_compliance_refuses_figures_that_break_a_rule(
    world, employer, values, expected
):
    record = start_compliance(employer, 2024, by=world.users["petugas_a"])

    with pytest.raises(InvalidRecordError) as caught:
        save_compliance(record, values, by=world.users["petugas_a"], expected_version=1)

    record.refresh_from_db()
    assert _rules(caught.value) == expected
    assert (values_of(record), record.version) == (BLANK, 1)


def test_save_compliance_says_what_is_wrong_in_words(world, employer):
    record = start_compliance(employer, 2024, by=world.users["petugas_a"])
    values = {"employees": 1_000, "registered_participants": 1_200}

    with pytest.raises(InvalidRecordError) as caught:
        save_compliance(record, values, by=world.users["petugas_a"], expected_version=1)

    assert [finding.message for finding in caught.value.findings] == [
        "Employees registered as participants: 1,200 cannot be more than "
        "employees (1,000)."
    ]


def test_save_compliance_needs_a_reason_to_change_a_saved_figure(world, record):
    with pytest.raises(InvalidRecordError) as caught:
        save_compliance(
            record, {"employees": 510}, by=world.users["petugas_a"], expected_version=1
        )

    record.refresh_from_db()
    assert _rules(caught.value) == [("", "reason_required")]
    assert (record.employees, record.version) == (500, 1)


def test_save_compliance_fills_blank_figures_without_a_reason(world, employer):
    record = start_compliance(employer, 2024, by=world.users["petugas_a"])

    save_compliance(
        record,
        {"employees": 500, "registered_participants": 480},
        by=world.users["petugas_a"],
        expected_version=1,
    )

    assert (record.employees, record.registered_participants, record.version) == (
        500,
        480,
        2,
    )


def test_save_compliance_ticks_programmes_of_a_new_record_without_a_reason(
    world, employer
):
    record = start_compliance(employer, 2024, by=world.users["petugas_a"])

    save_compliance(
        record,
        {"employees": 500, "jkk": True},
        by=world.users["petugas_a"],
        expected_version=1,
    )

    assert (record.employees, record.jkk) == (500, True)


# save_compliance: audit and versions


def test_save_compliance_audits_each_changed_value(world, record):
    officer = world.users["petugas_a"]
    values = {
        **values_of(record),
        "employees": 520,
        "jkp": True,
        "wage_report_accuracy": Decimal("97.5"),
    }

    entries = save_compliance(
        record, values, by=officer, expected_version=1, reason=" Payroll audit "
    )

    assert len(entries) == 3
    assert _audit(record) == [
        ("employees", "500", "520", officer, "Payroll audit", "form", 2),
        ("jkp", "False", "True", officer, "Payroll audit", "form", 2),
        ("wage_report_accuracy", "95.00", "97.5", officer, "Payroll audit", "form", 2),
    ]


def test_save_compliance_without_changes_keeps_the_version(world, record):
    entries = save_compliance(
        record, values_of(record), by=world.users["petugas_a"], expected_version=1
    )

    record.refresh_from_db()
    assert (entries, record.version) == ([], 1)


def test_save_compliance_refuses_a_stale_version_and_writes_nothing(world, record):
    admin, officer = world.users["admin"], world.users["petugas_a"]
    save_compliance(
        record, {"employees": 510}, by=admin, expected_version=1, reason="Audit"
    )

    with pytest.raises(StaleEditError) as caught:
        save_compliance(
            record, {"employees": 530}, by=officer, expected_version=1, reason="Mine"
        )

    record.refresh_from_db()
    changes = [(e.field, e.old_value, e.new_value, e.by) for e in caught.value.changes]
    assert (caught.value.current_version, changes) == (
        2,
        [("employees", "500", "510", admin)],
    )
    assert (record.employees, record.version, AuditEntry.objects.count()) == (
        510,
        2,
        1,
    )


@pytest.mark.parametrize(
    "key", ["petugas_a2", "petugas_b", "verifikator_cabang_a", "panitia_a"]
)
def test_save_compliance_refuses_users_who_may_not_change_it(world, record, key):
    with pytest.raises(PermissionDenied):
        save_compliance(
            record, {"employees": 600}, by=world.users[key], expected_version=1
        )

    record.refresh_from_db()
    assert record.employees == 500


@pytest.mark.parametrize("status", [SUBMITTED, APPROVED])
def test_save_compliance_refuses_locked_figures(world, employer, status):
    record = EmployerComplianceFactory(employer=employer, status=status)

    with pytest.raises(PermissionDenied):
        save_compliance(
            record,
            {"employees": 600},
            by=world.users["petugas_a"],
            expected_version=1,
            reason="x",
        )


def test_save_compliance_refuses_approved_figures_even_to_a_superuser(world, employer):
    record = EmployerComplianceFactory(employer=employer, status=APPROVED)

    with pytest.raises(PermissionDenied):
        save_compliance(
            record,
            {"employees": 600},
            by=world.users["superuser"],
            expected_version=1,
            reason="x",
        )


def test_save_compliance_takes_only_figures(world, record):
    with pytest.raises((InvalidRecordError, KeyError, ValueError)):
        save_compliance(
            record,
            {"status": APPROVED},
            by=world.users["petugas_a"],
            expected_version=1,
            reason="x",
        )


# change_compliance_status


def test_submit_then_approve_locks_the_figures(world, record):
    officer, verifier = world.users["petugas_a"], world.users["verifikator_cabang_a"]

    change_compliance_status(record, "submit", by=officer)
    change_compliance_status(record, "approve", by=verifier)

    assert (record.status, record.is_editable) == (APPROVED, False)
    assert _steps(record) == [
        (DRAFT, SUBMITTED, officer, ""),
        (SUBMITTED, APPROVED, verifier, ""),
    ]
    assert officer.has_perm("nominations.change_compliance", record) is False


def test_submit_refuses_figures_that_break_a_rule(world, employer):
    record = EmployerComplianceFactory(
        employer=employer, employees=10, registered_participants=20
    )

    with pytest.raises(InvalidRecordError) as caught:
        change_compliance_status(record, "submit", by=world.users["petugas_a"])

    record.refresh_from_db()
    assert (_rules(caught.value), record.status) == (
        [("registered_participants", "above_total")],
        DRAFT,
    )


def test_return_needs_a_reason(world, employer):
    record = EmployerComplianceFactory(employer=employer, status=SUBMITTED)
    verifier = world.users["verifikator_cabang_a"]

    with pytest.raises(ReviewError, match="Give a reason"):
        change_compliance_status(record, "return", by=verifier, reason="  ")
    change_compliance_status(record, "return", by=verifier, reason="JKP missing")

    assert (record.status, _steps(record)) == (
        RETURNED,
        [(SUBMITTED, RETURNED, verifier, "JKP missing")],
    )


def test_approve_refuses_a_draft(world, record):
    with pytest.raises(ReviewError, match="This cannot be done while"):
        change_compliance_status(
            record, "approve", by=world.users["verifikator_cabang_a"]
        )


@pytest.mark.parametrize(
    ("key", "allowed"),
    [
        ("verifikator_kanwil_a", True),
        ("admin", True),
        ("verifikator_cabang_a", False),
        ("verifikator_kanwil_b", False),
        ("petugas_a", False),
    ],
)
def test_unapprove_only_by_the_kanwil_verifier_or_the_national_admin(
    world, employer, key, allowed
):
    record = EmployerComplianceFactory(employer=employer, status=APPROVED)

    if allowed:
        change_compliance_status(record, "unapprove", by=world.users[key], reason="x")
    else:
        with pytest.raises(PermissionDenied):
            change_compliance_status(
                record, "unapprove", by=world.users[key], reason="x"
            )

    record.refresh_from_db()
    assert record.status == (RETURNED if allowed else APPROVED)
