"""Write a checked upload in one transaction, and take a committed one back.

Committing upserts on the natural key: a report's figures, or the rows of one of its
tables, are replaced by the file's; rows the file does not mention stay. Every changed
value gets an audit entry that points to the batch, and every written row points to it.
"""

from collections.abc import Iterable
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from participants.content import TABLES, ReportContent, Value
from participants.importers.checking import Plan, ReportPlan
from participants.models import AuditEntry, CoverageReport, ImportBatch
from participants.workflow import ReviewError

BATCH_SIZE = 2000


def commit_plan(batch: ImportBatch, plan: Plan, *, by: Any) -> dict[str, int]:
    """Write every change of a valid plan; return the counts. All or nothing."""
    changed = [p for p in plan.reports.values() if p.changes]
    with transaction.atomic():
        reports = _lock_or_create(changed, batch=batch, by=by)
        for report_plan in changed:
            report = reports[(report_plan.region_code, report_plan.year)]
            _apply(report, report_plan, plan, batch)
            report.version += 1
            report.updated_by = by
            report.import_batch = batch
        CoverageReport.objects.bulk_update(
            reports.values(),
            [*CoverageReport.FIGURES, "version", "updated_by", "import_batch"],
            batch_size=BATCH_SIZE,
        )
        _audit(changed, reports, batch=batch, by=by)
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
        report = locked[report_plan.report.pk]
        if report.version != report_plan.checked_version or not report.is_editable:
            raise ReviewError(
                _(
                    "%(region)s %(year)s changed after the file was checked; check "
                    "it again."
                )
                % {"region": report_plan.region_code, "year": report_plan.year}
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
        raise ReviewError(
            _("Someone started some of these reports meanwhile; check the file again.")
        ) from None
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


def _apply(
    report: CoverageReport, report_plan: ReportPlan, plan: Plan, batch: ImportBatch
) -> None:
    if not plan.kind.table:
        for name, (_old, new) in report_plan.changes.items():
            setattr(report, name, new)
        return
    table = TABLES[plan.kind.table]
    manager = table.model._default_manager
    keys = list(report_plan.rows)
    stale = [
        row.pk
        for row in manager.filter(report=report)
        if table.key_of({n: getattr(row, n) for n in table.key_fields})
        in report_plan.rows
    ]
    for start in range(0, len(stale), BATCH_SIZE):
        manager.filter(pk__in=stale[start : start + BATCH_SIZE]).delete()
    manager.bulk_create(
        (
            table.model(
                report=report,
                import_batch=batch,
                **table.key_values(key),
                **report_plan.rows[key],
            )
            for key in keys
        ),
        batch_size=BATCH_SIZE,
    )


def _audit(
    plans: list[ReportPlan],
    reports: dict[tuple[str, int], CoverageReport],
    *,
    batch: ImportBatch,
    by: Any,
) -> None:
    content_type = ContentType.objects.get_for_model(CoverageReport)
    reason = _("Upload of %(file)s") % {"file": batch.original_name}
    AuditEntry.objects.bulk_create(
        _entries(plans, reports, content_type, batch=batch, by=by, reason=reason),
        batch_size=BATCH_SIZE,
    )


def _entries(
    plans: list[ReportPlan],
    reports: dict[tuple[str, int], CoverageReport],
    content_type: ContentType,
    **common: Any,
) -> Iterable[AuditEntry]:
    now = timezone.now()
    for report_plan in plans:
        report = reports[(report_plan.region_code, report_plan.year)]
        for path, (old, new) in report_plan.changes.items():
            yield AuditEntry(
                content_type=content_type,
                object_id=report.pk,
                field=path,
                old_value=_text(old),
                new_value=_text(new),
                version=report.version,
                source=AuditEntry.Source.IMPORT,
                at=now,
                **common,
            )


def _text(value: Value) -> str:
    return "" if value is None else str(value)


def revert_batch(batch: ImportBatch, *, by: Any) -> int:
    """Put back the values a committed batch replaced, report by report through the
    ordinary save (validated and audited); return how many reports changed."""
    from participants.services import save_report

    entries = list(batch.audit_entries.order_by("-pk"))
    report_ids = {entry.object_id for entry in entries}
    reports = CoverageReport.objects.filter(pk__in=report_ids).prefetch_related(
        "non_asn_lines", "vulnerable_lines", "village_lines", "claim_lines"
    )
    locked = [r for r in reports if not r.is_editable]
    if locked:
        names = ", ".join(f"{r.region} {r.year}" for r in locked[:10])
        raise ReviewError(
            _("Some reports are already submitted or approved: %(names)s.")
            % {"names": names}
        )
    reason = _("Revert of the upload %(file)s") % {"file": batch.original_name}
    with transaction.atomic():
        for report in reports:
            values = ReportContent.of(report).flat()
            for entry in entries:
                if entry.object_id == report.pk:
                    values[entry.field] = _value(entry.field, entry.old_value)
            save_report(
                report,
                ReportContent.from_flat(values),
                by=by,
                expected_version=report.version,
                reason=reason,
                source=AuditEntry.Source.IMPORT,
            )
    return len(report_ids)


def _value(path: str, text: str) -> Value:
    """An audited value back in its type: funding sources are text, the rest numbers."""
    if not text:
        return None
    return text if path.endswith(":funding_source") else int(text)
