"""What saving a checked upload would change, value by value: region, year, field,
old and new value; for the preview page, its CSV download and the API.

Read from the plan the check kept beside the batch (`plans.dump_plan`), so the list
is exactly what saving writes; a batch without a kept plan lists nothing.
"""

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice
from typing import Any

from django.utils.translation import gettext as _

from participants.content import Value, label_for
from participants.importers import batches
from participants.importers.kinds import CHOICE, UploadKind
from participants.importers.templates import neutralise
from participants.models import ImportBatch
from regions.models import Province, Regency


@dataclass(frozen=True)
class Change:
    """One value saving would change (old None: nothing stored yet)."""

    region_code: str
    region_name: str
    year: int
    path: str
    field: str
    old: Value
    new: Value

    def as_dict(self) -> dict[str, Any]:
        return {
            "region": self.region_code,
            "region_name": self.region_name,
            "year": self.year,
            "path": self.path,
            "field": self.field,
            "old": self.old,
            "new": self.new,
        }


def planned_changes(batch: ImportBatch, *, limit: int | None = None) -> list[Change]:
    """The values saving the batch would change (the first `limit`), in file
    order; empty unless the batch passed its check and its plan is kept."""
    if batch.status != ImportBatch.Status.VALIDATED or batch.files_removed_at:
        return []
    plan = batches.kept_plan(batch)
    if plan is None:
        return []
    # Stop at the limit: a national file plans hundreds of thousands of values.
    found = list(
        islice(
            (
                (report_plan.region_code, report_plan.year, path, old, new)
                for report_plan in plan.reports.values()
                for path, (old, new) in report_plan.changes.items()
            ),
            limit,
        )
    )
    names = _region_names({code for code, *_rest in found})
    kind = plan.kind
    return [
        Change(
            code,
            names.get(code, ""),
            year,
            path,
            label_for(path),
            _shown(kind, path, old),
            _shown(kind, path, new),
        )
        for code, year, path, old, new in found
    ]


def _region_names(codes: set[str]) -> dict[str, str]:
    """The name of each region code (two queries)."""
    names = dict(Province.objects.filter(code__in=codes).values_list("code", "name"))
    names.update(Regency.objects.filter(code__in=codes).values_list("code", "name"))
    return names


def _shown(kind: UploadKind, path: str, value: Value) -> Value:
    """A choice by its label; anything else as kept."""
    name = path.rsplit(":", 1)[-1]
    column = next((c for c in kind.columns if c.name == name), None)
    if value is None or column is None or column.kind != CHOICE or not column.choices:
        return value
    return str(dict(column.choices.choices).get(str(value), value))


def changes_csv(changes: Iterable[Change]) -> bytes:
    """The changes as CSV for a spreadsheet: UTF-8 with a BOM, text that a
    spreadsheet would read as a formula defused, numbers as plain digits."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(
        [
            _("Region code"),
            _("Region"),
            _("Year"),
            _("Field"),
            _("Stored value"),
            _("New value"),
        ]
    )
    for change in changes:
        writer.writerow(
            [
                neutralise(change.region_code),
                neutralise(change.region_name),
                change.year,
                neutralise(change.field),
                _cell(change.old),
                _cell(change.new),
            ]
        )
    return "\ufeff".encode() + out.getvalue().encode()


def _cell(value: Value) -> Any:
    if value is None:
        return ""
    if isinstance(value, int):
        return value
    return neutralise(str(value))


def changes_filename(batch: ImportBatch) -> str:
    """'changes-upload-12.csv' (in the reader's language): upload 12's changes."""
    return _("changes-upload-%(number)s.csv") % {"number": batch.pk}
