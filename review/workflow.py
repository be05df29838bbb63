"""Review machinery for any `ReviewedRecord`: status changes with a timeline,
optimistic locking against stale saves, and the audit trail of changed values.

Coverage reports use it through `participants.services`, employer compliance through
`nominations.services.compliance`. Refusals name the record by its own verbose name
("this report", "this compliance record"), never a fixed word.
"""

from collections.abc import Iterable, Mapping
from typing import Any, TypeVar

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from review import notices, signals
from review.audit import audit_rows
from review.findings import Finding
from review.models import AuditEntry, ReviewedRecord, ReviewStatus, StatusChange
from review.refusals import ReviewError, noun
from review.transitions import Machine, Transition

Record = TypeVar("Record", bound=ReviewedRecord)

S = ReviewStatus
# The review of reported data, in the kernel's one shape (`review.transitions`).
# Permissions are the record's own (`participants.submit_report`,
# `nominations.submit_compliance`, …), so the table names none.
REVIEW = Machine(
    [
        Transition("submit", frozenset({S.DRAFT, S.RETURNED}), S.SUBMITTED),
        Transition("approve", frozenset({S.SUBMITTED}), S.APPROVED),
        Transition("return", frozenset({S.SUBMITTED}), S.RETURNED, needs_reason=True),
        Transition("unapprove", frozenset({S.APPROVED}), S.RETURNED, needs_reason=True),
    ],
    reason_required=gettext_lazy(
        "Give a reason, so that the branch knows what to fix."
    ),
)
NEEDS_REASON = frozenset(t.name for t in REVIEW if t.needs_reason)


class StaleEditError(ReviewError):
    """Someone saved the record after the page was loaded."""

    def __init__(
        self, current_version: int, changes: list[AuditEntry], *, name: str = ""
    ) -> None:
        super().__init__(
            _(
                "Someone else saved this %(record)s after you opened it. Your changes "
                "were not saved: review their changes below and enter yours again."
            )
            % {"record": name or _("record")}
        )
        self.current_version = current_version
        self.changes = changes


class InvalidRecordError(ReviewError):
    """The content breaks validation rules; nothing was saved."""

    def __init__(
        self, findings: list[Finding], record: models.Model | None = None
    ) -> None:
        super().__init__(
            _("The %(record)s has errors; nothing was saved.")
            % {"record": noun(record) if record is not None else _("record")}
        )
        self.findings = findings


def lock(record: Record) -> Record:
    """The record re-read with a row lock, for the rest of the transaction."""
    return type(record)._default_manager.select_for_update().get(pk=record.pk)


def check_version(locked: ReviewedRecord, expected_version: int) -> None:
    """Refuse a save based on an older version, showing what changed since."""
    if locked.version == expected_version:
        return
    changes = list(
        AuditEntry.objects.for_record(locked)
        .filter(version__gt=expected_version)
        .select_related("by")
    )
    raise StaleEditError(locked.version, changes, name=noun(locked))


def check_transition(record: ReviewedRecord, action: str) -> None:
    """Refuse an action the record's status does not allow."""
    REVIEW.check(record, action)


def change_status(record: Record, action: str, *, by: Any, reason: str = "") -> Record:
    """Move a locked record along the workflow, record the step and have it
    announced once the transaction commits, and send `signals.status_changed`;
    returns the record."""
    to_status = REVIEW.check(record, action, reason=reason).target
    StatusChange.objects.create(
        record=record,
        from_status=record.status,
        to_status=to_status,
        by=by,
        reason=reason.strip(),
    )
    record.status = to_status
    record.updated_by = by
    record.save(update_fields=["status", "updated_by", "updated_at"])
    notices.announce(record, action, by=by, reason=reason.strip())
    signals.status_changed.send_robust(
        sender=type(record), record=record, action=action, by=by
    )
    return record


def diff(old: Mapping[str, Any], new: Mapping[str, Any]) -> dict[str, tuple[Any, Any]]:
    """Paths whose value differs, as (old, new); a path missing on one side is None."""
    paths = sorted(set(old) | set(new))
    return {p: (old.get(p), new.get(p)) for p in paths if old.get(p) != new.get(p)}


def record_changes(
    record: models.Model,
    changes: Mapping[str, tuple[Any, Any]],
    *,
    by: Any,
    reason: str,
    source: str,
    version: int,
    origin: models.Model | None = None,
) -> list[AuditEntry]:
    """Write one audit entry per changed value (built by `review.audit.audit_rows`,
    as the bulk upload writer builds its own)."""
    rows = audit_rows(
        type(record),
        ((record.pk, version, path, old, new) for path, (old, new) in changes.items()),
        by=by,
        reason=reason,
        source=source,
        origin=origin,
    )
    return AuditEntry.objects.bulk_create(rows.entries())


def timeline(record: models.Model) -> Iterable[StatusChange]:
    return StatusChange.objects.for_record(record).select_related("by")
