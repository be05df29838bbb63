"""Employers' yearly compliance figures: started, saved (validated, audited, never
over a newer version), submitted, approved or returned, with the review machinery of
coverage reports (`participants.workflow`)."""

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


@transaction.atomic
def save_compliance(
    record: EmployerCompliance,
    values: dict[str, Any],
    *,
    by: Any,
    expected_version: int,
    reason: str = "",
    source: str = AuditEntry.Source.FORM,
) -> list[AuditEntry]:
    """Validate and store new figures; return the audit entries written."""
    unknown = set(values) - set(EmployerCompliance.FIGURES)
    if unknown:
        raise ValueError(f"not compliance figures: {sorted(unknown)}")
    locked = workflow.lock(record)
    if not by.has_perm("nominations.change_compliance", locked):
        raise PermissionDenied(_("You may not change these figures."))
    if not locked.is_editable:  # superusers pass `has_perm` whatever the status
        raise PermissionDenied(
            _("The figures are locked while they are %(status)s.")
            % {"status": locked.get_status_display()}
        )
    workflow.check_version(locked, expected_version)
    new = {**values_of(locked), **values}
    findings = check_compliance(new)
    changes = workflow.diff(values_of(locked), new)
    if not reason.strip() and _replaces_saved(changes):
        findings.append(
            Finding("", "reason_required", _("Say why saved figures change."))
        )
    if findings:
        raise InvalidRecordError(findings, locked)
    for name, value in new.items():
        setattr(locked, name, value)
    if changes:
        locked.version += 1
    locked.updated_by = by
    locked.save()
    record.refresh_from_db()
    return workflow.record_changes(
        locked,
        changes,
        by=by,
        reason=reason.strip(),
        source=source,
        version=locked.version,
    )


def _replaces_saved(changes: dict[str, tuple[Any, Any]]) -> bool:
    """Whether a change overwrites a saved answer: a figure that was filled in, or a
    programme unticked (ticking one, like filling a blank, needs no reason)."""
    return any(
        old is not None and not (name in PROGRAMMES and old is False)
        for name, (old, _new) in changes.items()
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
