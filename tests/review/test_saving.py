"""The one save of reviewed records (review.saving) and the audit rows every save
builds (review.audit), shown with the smallest edit a record kind can supply."""

from typing import Any

import pytest
from django.core.exceptions import PermissionDenied

from nominations.models import EmployerCompliance
from review.audit import CHANGE_COLUMNS, audit_rows
from review.findings import Finding
from review.models import AuditEntry, ReviewStatus
from review.saving import Edit, save_record
from review.workflow import InvalidRecordError, StaleEditError
from tests.factories import EmployerComplianceFactory, EmployerFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


class Employees(Edit[EmployerCompliance]):
    """Only the number of employees, refused with the given findings."""

    permission = "nominations.change_compliance"

    def __init__(self, employees: int | None, *refusals: Finding) -> None:
        self.employees, self.refusals = employees, list(refusals)

    def old(self, record: EmployerCompliance) -> dict[str, Any]:
        return {"employees": record.employees}

    def new(self, record: EmployerCompliance) -> dict[str, Any]:
        return {"employees": self.employees}

    def check(self, record: EmployerCompliance, new: dict[str, Any]) -> list[Finding]:
        return self.refusals

    def apply(self, record: EmployerCompliance, new: dict[str, Any]) -> None:
        record.employees = new["employees"]


@pytest.fixture
def record(world):
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)
    return EmployerComplianceFactory(employer=employer, year=2024, employees=500)


def _stored(record: EmployerCompliance) -> tuple[int | None, int, int]:
    record.refresh_from_db()
    return record.employees, record.version, AuditEntry.objects.count()


def test_save_record_applies_raises_the_version_and_audits_with_the_origin(
    world, record
):
    officer = world.users["petugas_a"]

    entries = save_record(
        record,
        Employees(510),
        by=officer,
        expected_version=1,
        reason="Recount",
        source=AuditEntry.Source.API,
        origin=record.employer,
    )

    assert (record.employees, record.version, record.updated_by) == (510, 2, officer)
    assert [
        (e.field, e.old_value, e.new_value, e.by, e.reason, e.source, e.version)
        for e in entries
    ] == [("employees", "500", "510", officer, "Recount", "api", 2)]
    assert AuditEntry.objects.get().origin == record.employer


def test_save_record_without_changes_keeps_the_version_and_audits_nothing(
    world, record
):
    entries = save_record(
        record, Employees(500), by=world.users["petugas_a"], expected_version=1
    )

    assert (entries, _stored(record)) == ([], (500, 1, 0))


def test_save_record_needs_a_reason_to_replace_a_saved_value(world, record):
    with pytest.raises(InvalidRecordError) as raised:
        save_record(
            record, Employees(510), by=world.users["petugas_a"], expected_version=1
        )

    assert [f.rule for f in raised.value.findings] == ["reason_required"]
    assert _stored(record) == (500, 1, 0)


def test_save_record_refuses_the_edits_findings_and_writes_nothing(world, record):
    broken = Finding("employees", "too_many", "Too many.")

    with pytest.raises(InvalidRecordError) as raised:
        save_record(
            record,
            Employees(510, broken),
            by=world.users["petugas_a"],
            expected_version=1,
            reason="Recount",
        )

    assert (raised.value.findings, str(raised.value)) == (
        [broken],
        "The compliance record has errors; nothing was saved.",
    )
    assert _stored(record) == (500, 1, 0)


def test_save_record_refuses_a_stale_version(world, record):
    with pytest.raises(StaleEditError):
        save_record(
            record, Employees(510), by=world.users["petugas_a"], expected_version=2
        )

    assert _stored(record) == (500, 1, 0)


def test_save_record_refusals_name_the_record(world, record):
    with pytest.raises(PermissionDenied) as stranger:
        save_record(
            record, Employees(510), by=world.users["petugas_b"], expected_version=1
        )
    record.status = ReviewStatus.SUBMITTED
    record.save()
    superuser = UserFactory(is_superuser=True)  # holds every permission
    with pytest.raises(PermissionDenied) as locked:
        save_record(record, Employees(510), by=superuser, expected_version=1)

    assert (str(stranger.value), str(locked.value)) == (
        "You may not change this compliance record.",
        "The compliance record is locked while it is Submitted.",
    )


def test_audit_rows_give_the_columns_of_each_change_and_those_they_share(world, record):
    officer = world.users["petugas_a"]

    rows = audit_rows(
        EmployerCompliance,
        [(record.pk, 3, "employees", 500, None), (record.pk, 3, "jkp", False, True)],
        by=officer,
        reason="Recount",
        source=AuditEntry.Source.IMPORT,
        origin=record.employer,
    )

    assert (rows.names, list(rows.rows)) == (
        CHANGE_COLUMNS,
        [
            (record.pk, 3, "employees", "500", ""),
            (record.pk, 3, "jkp", "False", "True"),
        ],
    )
    assert {
        name: rows.same[name] for name in ("by_id", "reason", "source", "origin_id")
    } == {
        "by_id": officer.pk,
        "reason": "Recount",
        "source": "import",
        "origin_id": record.employer.pk,
    }
