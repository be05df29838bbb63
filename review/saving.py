"""The one save of a reviewed record: lock → may change → editable → version →
validate → diff → reason → apply → bump → audit.

Every path that changes a reviewed record's values goes through `save_record`: the
entry forms, the API and the revert of an upload (coverage reports through
`participants.services.save_report`, employer compliance through
`nominations.services.compliance.save_compliance`). A record kind supplies only what
differs, as an `Edit`: its flat values before and after, its validation and how the
values are written. The bulk upload writer (`participants.importers.writing`) checks
versions and locks on its own, for speed, but builds its audit rows with
`review.audit.audit_rows` like every other save. The Django admin shows reviewed
records read only (`review.admin`), so it is no path at all.
"""

from typing import Any, Generic, TypeVar

from django.core.exceptions import PermissionDenied
from django.db import models, transaction
from django.utils.translation import gettext as _

from review.findings import Finding
from review.models import AuditEntry, ReviewedRecord
from review.workflow import (
    InvalidRecordError,
    check_version,
    diff,
    lock,
    noun,
    record_changes,
)

Record = TypeVar("Record", bound=ReviewedRecord)


class Edit(Generic[Record]):
    """What a save of one kind of reviewed record supplies; `save_record` does the
    rest. Values are flat: a path (a figure's name, or "table:key:column") → value,
    None for blank."""

    #: The permission to change the record's values (asked with the record).
    permission: str

    def old(self, record: Record) -> dict[str, Any]:
        """The stored values of the (locked) record."""
        raise NotImplementedError

    def new(self, record: Record) -> dict[str, Any]:
        """The values the record will hold after the save."""
        raise NotImplementedError

    def check(self, record: Record, new: dict[str, Any]) -> list[Finding]:
        """The errors that refuse the new values (warnings do not)."""
        raise NotImplementedError

    def apply(self, record: Record, new: dict[str, Any]) -> None:
        """Write the new values into the record and its rows (the kernel saves the
        record itself)."""
        raise NotImplementedError

    def needs_reason(self, path: str, old: Any, new: Any) -> bool:
        """Whether changing this value needs a reason: replacing a saved one does,
        filling a blank does not."""
        return old is not None

    def extra_changes(self, record: Record) -> dict[str, tuple[Any, Any]]:
        """Changes beside the values, audited but needing no reason (a report's
        explanation of warnings): written into the record by this call, returned
        as (old, new) by path. None by default."""
        return {}


@transaction.atomic
def save_record(
    record: Record,
    edit: Edit[Record],
    *,
    by: Any,
    expected_version: int,
    reason: str = "",
    source: str = AuditEntry.Source.FORM,
    origin: models.Model | None = None,
) -> list[AuditEntry]:
    """Validate and store an edit of a reviewed record; return the audit entries
    written. The caller's instance gets the saved values and version.

    Raises PermissionDenied when the user may not change the record or it is not
    editable (superusers pass `has_perm` whatever the status), StaleEditError when
    it changed since `expected_version`, InvalidRecordError on errors or when a
    saved value changes without a reason."""
    locked = lock(record)
    _require_editable(locked, edit.permission, by)
    check_version(locked, expected_version)
    new = edit.new(locked)
    changes = diff(edit.old(locked), new)
    findings = edit.check(locked, new)
    if not reason.strip() and any(
        edit.needs_reason(path, old, value) for path, (old, value) in changes.items()
    ):
        findings.append(
            Finding("", "reason_required", _("Say why saved figures change."))
        )
    if findings:
        raise InvalidRecordError(findings, locked)
    edit.apply(locked, new)
    changes = {**changes, **edit.extra_changes(locked)}
    if changes:
        locked.version += 1
    locked.updated_by = by
    locked.save()
    _copy_fields(locked, record)
    return record_changes(
        locked,
        changes,
        by=by,
        reason=reason.strip(),
        source=source,
        version=locked.version,
        origin=origin,
    )


def _require_editable(record: ReviewedRecord, permission: str, by: Any) -> None:
    if not by.has_perm(permission, record):
        raise PermissionDenied(
            _("You may not change this %(record)s.") % {"record": noun(record)}
        )
    if not record.is_editable:
        raise PermissionDenied(
            _("The %(record)s is locked while it is %(status)s.")
            % {"record": noun(record), "status": record.get_status_display()}
        )


def _copy_fields(source: models.Model, target: models.Model) -> None:
    """The saved row's values onto the caller's instance, without a query."""
    for field in source._meta.concrete_fields:
        setattr(target, field.attname, getattr(source, field.attname))
