"""Audit entries built one way for every save: the ordinary save of a reviewed
record (`review.workflow.record_changes`) creates them from `audit_rows`, the bulk
upload writer streams the same rows to the database with COPY."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import models

from review.models import AuditEntry

#: The columns of an audit entry that differ between the values one save changes.
CHANGE_COLUMNS = ("object_id", "version", "field", "old_value", "new_value")


@dataclass(frozen=True)
class AuditRows:
    """Audit entries as columns, for bulk_create or COPY alike: each of `rows` holds
    the values of `names` (CHANGE_COLUMNS), and every row shares `same`."""

    names: tuple[str, ...]
    rows: Iterator[tuple[Any, ...]]
    same: dict[str, Any]

    def entries(self) -> list[AuditEntry]:
        return [
            AuditEntry(**dict(zip(self.names, row, strict=True)), **self.same)
            for row in self.rows
        ]


def audit_rows(
    record_type: type[models.Model],
    changes: Iterable[tuple[int, int, str, Any, Any]],
    *,
    by: Any,
    reason: str,
    source: str,
    origin: models.Model | None = None,
) -> AuditRows:
    """The audit entries of changed values, given as (record id, version, path,
    old, new): values stored as text, blank for None."""
    rows = (
        (pk, version, path, _text(old), _text(new))
        for pk, version, path, old, new in changes
    )
    same = {
        "content_type_id": ContentType.objects.get_for_model(record_type).pk,
        "by_id": by.pk if by is not None else None,
        "reason": reason,
        "source": str(source),
        "origin_type_id": (
            ContentType.objects.get_for_model(origin).pk if origin else None
        ),
        "origin_id": origin.pk if origin else None,
    }
    return AuditRows(CHANGE_COLUMNS, rows, same)


def _text(value: Any) -> str:
    return "" if value is None else str(value)
