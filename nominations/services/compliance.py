"""Employers' yearly compliance figures: started, saved (validated, audited, never
over a newer version), submitted, approved or returned, with the review kernel
(`review`).

The figures change on one path, the entry form, which saves through
`save_compliance` (the kernel's one save, `review.saving.save_record`); the Django
admin shows compliance records read only, with a link to their page."""

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from nominations.models import PROGRAMMES, Employer, EmployerCompliance
from nominations.rules import COMPLIANCE_PERMISSIONS
from nominations.validation import check_compliance
from review import workflow
from review.findings import Finding
from review.models import AuditEntry
from review.saving import Edit, save_record
from review.workflow import InvalidRecordError, ReviewError
from review.years import year_refusal

# The workflow steps and the permission each needs (editing is `save_compliance`).
PERMISSIONS = {
    action: permission
    for action, permission in COMPLIANCE_PERMISSIONS.items()
    if action != "edit"
}


def values_of(record: EmployerCompliance) -> dict[str, Any]:
    """The record's figures by name."""
    return {name: getattr(record, name) for name in EmployerCompliance.FIGURES}


def start_compliance(employer: Employer, year: int, *, by: Any) -> EmployerCompliance:
    """The employer's record of the year, created as a draft if there is none."""
    refusal = year_refusal(year)
    if refusal:
        raise ReviewError(refusal)
    if not by.has_perm("nominations.start_compliance", employer):
        raise PermissionDenied(_("You may not enter data for this employer."))
    # get_or_create reads the row again when a parallel request created it first.
    record, _created = EmployerCompliance.objects.get_or_create(
        employer=employer, year=year, defaults={"updated_by": by}
    )
    return record


class ComplianceEdit(Edit[EmployerCompliance]):
    """A compliance record's part of a save: the figures given (the others stay),
    their validation, and which changes need a reason."""

    permission = "nominations.change_compliance"

    def __init__(self, values: dict[str, Any]) -> None:
        unknown = set(values) - set(EmployerCompliance.FIGURES)
        if unknown:
            raise ValueError(f"not compliance figures: {sorted(unknown)}")
        self.values = values

    def old(self, record: EmployerCompliance) -> dict[str, Any]:
        return values_of(record)

    def new(self, record: EmployerCompliance) -> dict[str, Any]:
        return {**values_of(record), **self.values}

    def check(self, record: EmployerCompliance, new: dict[str, Any]) -> list[Finding]:
        return check_compliance(new)

    def apply(self, record: EmployerCompliance, new: dict[str, Any]) -> None:
        for name, value in new.items():
            setattr(record, name, value)

    def needs_reason(self, path: str, old: Any, new: Any) -> bool:
        """A figure that was filled in, or a programme unticked (ticking one, like
        filling a blank, needs no reason)."""
        return old is not None and not (path in PROGRAMMES and old is False)


def save_compliance(
    record: EmployerCompliance,
    values: dict[str, Any],
    *,
    by: Any,
    expected_version: int,
    reason: str = "",
    source: str = AuditEntry.Source.FORM,
) -> list[AuditEntry]:
    """Validate and store new figures through the kernel's one save
    (`review.saving.save_record`); return the audit entries written."""
    return save_record(
        record,
        ComplianceEdit(values),
        by=by,
        expected_version=expected_version,
        reason=reason,
        source=source,
    )


@transaction.atomic
def change_compliance_status(
    record: EmployerCompliance, action: str, *, by: Any, reason: str = ""
) -> EmployerCompliance:
    """Submit, approve, return or unapprove; submitting needs figures without
    errors."""
    locked = workflow.lock(record)
    workflow.check_transition(locked, action)
    if not by.has_perm(PERMISSIONS[action], locked):
        raise PermissionDenied(_("You may not do this with these figures."))
    if action == "submit":
        findings = check_compliance(values_of(locked))
        if findings:
            raise InvalidRecordError(findings, locked)
    workflow.change_status(locked, action, by=by, reason=reason)
    record.refresh_from_db()
    return record
