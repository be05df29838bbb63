"""Write a checked upload in one transaction, and take a committed one back.

Committing upserts on the natural key: a report's figures, or the rows of one of its
tables, are replaced by the file's; rows the file does not mention stay, and a row the
file leaves blank is removed. Every written row points to the batch. The audit trail
gets an entry per value the upload replaces (old → new), and per report and table one
entry for the rows it adds: their values are in the rows and the kept file, and any
later change to them is audited value by value. (The national village file adds
83.762 rows; auditing each of their 167.524 values separately took longer than the
rest of the commit together.)

This is the one save path of reviewed records outside the kernel's `save_record`,
for speed: it locks the touched reports and refuses any that changed since the check
or is no longer editable, as `save_record` would, and builds its audit rows with the
kernel's builder (`review.audit.audit_rows`). On PostgreSQL the rows and audit
entries are streamed with COPY; other databases use bulk_create. Reverting goes
through the ordinary save (`participants.services.save_report`), and only while no
report the batch touched has been changed since.
"""

import csv
import io
import itertools
from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.content import TABLES, ReportContent, Value
from participants.importers.checking import paused_gc
from participants.importers.plans import Plan, ReportPlan
from participants.importers.problems import SaveRefused
from participants.models import CoverageReport, ImportBatch
from review.audit import audit_rows
from review.models import AuditEntry
from review.workflow import ReviewError

BATCH_SIZE = 2000
STREAM_ROWS = 2000  # rows turned into CSV text at a time while COPY reads
STREAM_BYTES = 2**20  # what COPY asks for at a time
TEXT_TYPES = {"CharField", "TextField", "SlugField"}


def commit_plan(batch: ImportBatch, plan: Plan, *, by: Any) -> dict[str, int]:
    """Write every change of a valid plan; return the counts. All or nothing."""
    changed = [p for p in plan.reports.values() if p.changes]
    now = timezone.now()
    with paused_gc(), transaction.atomic():
        reports = _lock_or_create(changed, batch=batch, by=by)
        if plan.kind.table:
            _replace_lines(plan.kind.table, changed, reports, batch)
        for report_plan in changed:
            report = reports[(report_plan.region_code, report_plan.year)]
            if not plan.kind.table:
                for name, (_old, new) in report_plan.changes.items():
                    setattr(report, name, new)
            report.version += 1
            report.updated_by = by
            report.updated_at = now  # bulk updates skip auto_now
            report.import_batch = batch
        names = ["version", "updated_at", "updated_by", "import_batch"]
        _save_reports(list(reports.values()), [*CoverageReport.FIGURES, *names])
        _audit(changed, reports, table=plan.kind.table, batch=batch, by=by, at=now)
    return {**plan.counts, "reports": len(changed)}


def _lock_or_create(
    plans: list[ReportPlan], *, batch: ImportBatch, by: Any
) -> dict[tuple[str, int], CoverageReport]:
    """The touched reports, locked and unchanged since the check; new ones created."""
    ids = [p.report.pk for p in plans if p.report is not None]
    locked = {
        r.pk: r for r in CoverageReport.objects.select_for_update().filter(pk__in=ids)
    }
    reports = {}
    for report_plan in plans:
        key = (report_plan.region_code, report_plan.year)
        if report_plan.report is None:
            continue
        report = locked.get(report_plan.report.pk)
        if (
            report is None  # deleted meanwhile
            or (report.region_code, report.year) != key  # not the plan's report
            or report.version != report_plan.checked_version
            or not report.is_editable
        ):
            raise SaveRefused(
                "report_changed", region=report_plan.region_code, year=report_plan.year
            )
        reports[key] = report
    reports.update(_create_missing(plans, by=by, batch=batch))
    return reports


def _create_missing(
    plans: list[ReportPlan], *, by: Any, batch: ImportBatch
) -> dict[tuple[str, int], CoverageReport]:
    missing = [p for p in plans if p.report is None]
    if not missing:
        return {}
    new = [
        CoverageReport(
            province_id=p.region_code[:2],  # Kemendagri codes start with the province
            regency_id=p.region_code if "." in p.region_code else None,
            year=p.year,
            updated_by=by,
            import_batch=batch,
        )
        for p in missing
    ]
    try:
        with transaction.atomic():
            created = CoverageReport.objects.bulk_create(new, batch_size=BATCH_SIZE)
    except IntegrityError:
        raise SaveRefused("reports_started") from None
    if any(report.pk is None for report in created):  # databases without RETURNING
        return _reload(missing)
    return {(r.region_code, r.year): r for r in created}


def _reload(plans: list[ReportPlan]) -> dict[tuple[str, int], CoverageReport]:
    years = {p.year for p in plans}
    wanted = {(p.region_code, p.year) for p in plans}
    reports = CoverageReport.objects.filter(year__in=years)
    return {
        (r.region_code, r.year): r for r in reports if (r.region_code, r.year) in wanted
    }


def _replace_lines(
    table_name: str,
    plans: list[ReportPlan],
    reports: dict[tuple[str, int], CoverageReport],
    batch: ImportBatch,
) -> None:
    """Replace the table rows the plans change, in every report at once: delete
    the stored rows with those keys (one query to find them), then insert."""
    table = TABLES[table_name]
    manager = table.model._default_manager
    rows_of = {reports[(p.region_code, p.year)].pk: p.rows for p in plans if p.rows}
    stored = [p.report.pk for p in plans if p.report is not None and p.rows]
    stale = [
        pk
        for pk, report_id, *key in _keys(manager, stored, table.key_fields)
        if "/".join(map(str, key)) in rows_of[report_id]
    ]
    for start in range(0, len(stale), BATCH_SIZE):
        manager.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    lines = (
        (report_id, *key.split("/"), *values)
        for report_id, rows in rows_of.items()
        for key, row in rows.items()
        for values in ([row.get(name) for name in table.value_fields],)
        if values.count(None) < len(values)  # a blank row is removed, not written
    )
    names = ["report_id", *table.key_fields, *table.value_fields]
    _insert(table.model, names, lines, import_batch_id=batch.pk)


def _keys(manager: Any, report_ids: list[int], key_fields: tuple[str, ...]) -> list:
    """(pk, report id, *key) of the stored rows of these reports."""
    found: list = []
    for start in range(0, len(report_ids), BATCH_SIZE):
        chunk = report_ids[start : start + BATCH_SIZE]
        found += manager.filter(report__in=chunk).values_list(
            "pk", "report_id", *key_fields
        )
    return found


def _insert(
    model: type[Model], names: list[str], rows: Iterable[tuple], **same: Any
) -> None:
    """Insert rows given as tuples of the `names` columns, with the `same` values
    in every row: COPY on PostgreSQL (about ten times faster), else bulk_create."""
    if connection.vendor != "postgresql":
        model._default_manager.bulk_create(
            (model(**dict(zip(names, row, strict=True)), **same) for row in rows),
            batch_size=BATCH_SIZE,
        )
        return
    by_attname = {field.attname: field for field in model._meta.concrete_fields}
    fields = [by_attname[name] for name in [*names, *same]]
    # In COPY's CSV format an unquoted empty field is NULL: None is written so,
    # and FORCE_NOT_NULL keeps empty text as text where NULL is not allowed.
    texts = [
        connection.ops.quote_name(field.column)
        for field in fields
        if not field.null and field.get_internal_type() in TEXT_TYPES
    ]
    force = f", FORCE_NOT_NULL ({', '.join(texts)})" if texts else ""
    columns = ", ".join(connection.ops.quote_name(field.column) for field in fields)
    sql = (
        f"COPY {connection.ops.quote_name(model._meta.db_table)} ({columns}) "
        f"FROM STDIN WITH (FORMAT csv{force})"
    )
    with connection.cursor() as cursor:
        stream = _CsvStream(rows, list(same.values()))
        cursor.cursor.copy_expert(sql, stream, size=STREAM_BYTES)


class _CsvStream(io.TextIOBase):
    """Rows as CSV text, each followed by the `same` values, made only as fast as
    COPY reads them (so the database works while Python prepares more rows)."""

    def __init__(self, rows: Iterable[tuple], same: list[Any]) -> None:
        self._rows = iter(rows)
        self._same = tuple(_csv_text(value) for value in same)
        self._buffer = io.StringIO()
        self._writer = csv.writer(self._buffer, lineterminator="\n")
        self._pending = ""

    def readable(self) -> bool:
        return True

    def read(self, size: int | None = -1) -> str:
        if size is None or size < 0:
            return "".join(iter(lambda: self.read(STREAM_BYTES), ""))
        if not self._pending:
            self._pending = self._next_rows()
        text, self._pending = self._pending[:size], self._pending[size:]
        return text

    def _next_rows(self) -> str:
        same = self._same
        self._writer.writerows(
            row + same for row in itertools.islice(self._rows, STREAM_ROWS)
        )
        text = self._buffer.getvalue()
        self._buffer.seek(0)
        self._buffer.truncate()
        return text


def _csv_text(value: Any) -> str | None:
    """A value as COPY reads it (None stays None: an empty field, NULL)."""
    if value is None or isinstance(value, str):
        return value
    isoformat = getattr(value, "isoformat", None)
    return isoformat() if isoformat else str(value)


def _save_reports(reports: list[CoverageReport], names: list[str]) -> None:
    """Save these fields of the reports: one UPDATE from arrays on PostgreSQL (the
    CASE expressions of bulk_update take seconds for a few hundred reports)."""
    if connection.vendor != "postgresql":
        CoverageReport.objects.bulk_update(reports, names, batch_size=BATCH_SIZE)
        return
    if not reports:
        return
    meta = CoverageReport._meta
    by_name = {field.name: field for field in meta.concrete_fields}
    fields = [by_name[name] for name in ["id", *names]]
    quote = connection.ops.quote_name
    columns = [quote(field.column) for field in fields]
    arrays = ", ".join(f"%s::{field.db_type(connection)}[]" for field in fields)
    assignments = ", ".join(f"{column} = v.{column}" for column in columns[1:])
    # Names and types come from the model, quoted; every value is a parameter.
    sql = (
        f"UPDATE {quote(meta.db_table)} AS t SET {assignments} "  # noqa: S608
        f"FROM unnest({arrays}) AS v({', '.join(columns)}) "
        f"WHERE t.{columns[0]} = v.{columns[0]}"
    )
    values = [
        [getattr(report, field.attname) for report in reports] for field in fields
    ]
    with connection.cursor() as cursor:
        cursor.execute(sql, values)


def _audit(
    plans: list[ReportPlan],
    reports: dict[tuple[str, int], CoverageReport],
    *,
    table: str | None,
    batch: ImportBatch,
    by: Any,
    at: datetime,
) -> None:
    """An audit entry per replaced value and, per report, one for the rows added;
    all point to the batch. Built by the kernel's builder, like every save's."""
    audit = audit_rows(
        CoverageReport,
        (
            (report.pk, report.version, path, old, new)
            for report_plan in plans
            for report in (reports[(report_plan.region_code, report_plan.year)],)
            for path, (old, new) in _audited(report_plan, table)
        ),
        by=by,
        reason=_("Upload of %(file)s") % {"file": batch.original_name},
        source=AuditEntry.Source.IMPORT,
        origin=batch,
    )
    _insert(AuditEntry, list(audit.names), audit.rows, **audit.same, at=at)


def _audited(
    report_plan: ReportPlan, table: str | None
) -> Iterator[tuple[str, tuple[Value, Value]]]:
    """The (path, (old, new)) pairs to audit: the table's name with the number of
    rows added, then every change outside those rows."""
    added = report_plan.added
    if not added:
        yield from report_plan.changes.items()
        return
    yield table, (None, len(added))  # type: ignore[misc]
    changes = report_plan.changes
    for key, values in report_plan.rows.items():
        if key not in added:
            for name in values:
                path = f"{table}:{key}:{name}"
                if path in changes:
                    yield path, changes[path]


def revert_batch(batch: ImportBatch, *, by: Any) -> int:
    """Put back what a committed batch replaced and take out the rows it added,
    report by report through the ordinary save (validated and audited); return how
    many reports changed. Refused when a report was changed after the upload."""
    from participants.services import save_report

    entries = list(batch.audit_entries.order_by("-pk"))
    report_ids = {entry.object_id for entry in entries}
    reports = CoverageReport.objects.filter(pk__in=report_ids).prefetch_related(
        "non_asn_lines", "vulnerable_lines", "village_lines", "claim_lines"
    )
    _refuse_revert(list(reports), entries)
    reason = _("Revert of the upload %(file)s") % {"file": batch.original_name}
    with transaction.atomic():
        for report in reports:
            mine = [entry for entry in entries if entry.object_id == report.pk]
            save_report(
                report,
                ReportContent.from_flat(_reverted(report, mine, batch)),
                by=by,
                expected_version=report.version,
                reason=reason,
                source=AuditEntry.Source.IMPORT,
            )
    return len(report_ids)


def _refuse_revert(reports: list[CoverageReport], entries: list[AuditEntry]) -> None:
    """Refuse when a report is locked, or was saved after the upload (its version
    is past the one the upload gave it): reverting would undo that later work."""
    locked = [r for r in reports if not r.is_editable]
    if locked:
        raise ReviewError(
            _("Some reports are already submitted or approved: %(names)s.")
            % {"names": _names(locked)}
        )
    left_at = {entry.object_id: entry.version for entry in entries}
    later = [r for r in reports if r.version != left_at[r.pk]]
    if later:
        raise ReviewError(
            _(
                "Some reports were changed after this upload, so it can no longer be "
                "reverted: %(names)s. Correct their figures in the report instead."
            )
            % {"names": _names(later)}
        )


def _names(reports: list[CoverageReport]) -> str:
    return ", ".join(f"{r.region} {r.year}" for r in reports[:10])


def _reverted(
    report: CoverageReport, entries: list[AuditEntry], batch: ImportBatch
) -> dict[str, Value]:
    """The report's values with the batch's replaced values put back and the rows
    it added (its rows with no audited change) left out."""
    values = ReportContent.of(report).flat()
    for entry in entries:
        if entry.field not in TABLES:
            values[entry.field] = _value(entry.field, entry.old_value)
            continue
        table = TABLES[entry.field]
        changed = {e.field.split(":")[1] for e in entries if ":" in e.field}
        for line in getattr(report, table.related_name).all():
            key = table.key_of({n: getattr(line, n) for n in table.key_fields})
            if line.import_batch_id == batch.pk and key not in changed:
                for name in table.value_fields:
                    values[f"{table.name}:{key}:{name}"] = None
    return values


def _value(path: str, text: str) -> Value:
    """An audited value back in its type: funding sources are text, the rest numbers."""
    if not text:
        return None
    return text if path.endswith(":funding_source") else int(text)
