"""State changes of coverage reports: start, save (validated, audited, never over a
newer version), submit, approve, return and unapprove.

A report's values change on four paths, and each keeps the kernel's rules: the entry
form and the API save through `save_report` (the kernel's one save,
`review.saving.save_record`); an upload commits in bulk
(`participants.importers.writing`) after the same lock and version checks, with audit
rows built by the kernel's builder, and is reverted through `save_report`; the Django
admin shows reports read only, with a link to their page."""

from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from accounts.models import User
from participants.calculations import participants, percentage
from participants.content import TABLES, ReportContent
from participants.models import CoverageReport
from participants.validation import check_content
from regions.models import Province, Regency, Village
from regions.scoping import scopes_over
from review import workflow
from review.findings import Finding, errors, warnings
from review.models import AuditEntry, ReviewedRecord
from review.rules import permission_for
from review.saving import Edit, save_record
from review.workflow import InvalidRecordError, ReviewError
from review.years import year_refusal


def _require(user: Any, permission: str, report: CoverageReport) -> None:
    if not user.has_perm(permission, report):
        raise PermissionDenied(_("You may not do this with this report."))


def start_report(region_code: str, year: int, *, by: Any) -> CoverageReport:
    """The draft report of a region and year, created if there is none yet."""
    refusal = year_refusal(year)
    if refusal:
        raise ReviewError(refusal)
    regency = (
        Regency.objects.filter(code=region_code).first() if "." in region_code else None
    )
    province = (
        regency.province
        if regency
        else Province.objects.filter(code=region_code).first()
    )
    if province is None:
        raise ReviewError(
            _("There is no region with the code %(code)s.") % {"code": region_code}
        )
    # Checked first: an existing report is no way round the permission.
    if not by.has_perm("participants.start_report", regency or province):
        raise PermissionDenied(_("You may not enter data for this region."))
    existing = (
        CoverageReport.objects.for_region_code(region_code).filter(year=year).first()
    )
    if existing:
        return existing
    try:
        with transaction.atomic():
            return CoverageReport.objects.create(
                province=province, regency=regency, year=year, updated_by=by
            )
    except IntegrityError:  # started by someone else at the same moment
        return CoverageReport.objects.for_region_code(region_code).get(year=year)


def previous_coverage(report: CoverageReport) -> Decimal | None:
    """Total coverage of the same region a year earlier, if reported."""
    before = (
        CoverageReport.objects.for_region_code(report.region_code)
        .filter(year=report.year - 1)
        .values(
            "angkatan_kerja",
            "peserta_pu",
            "peserta_bpu",
            "peserta_jakon",
            "peserta_pmi",
        )
        .first()
    )
    if before is None:
        return None
    total = participants(
        before["peserta_pu"],
        before["peserta_bpu"],
        before["peserta_jakon"],
        before["peserta_pmi"],
    )
    return percentage(total, before["angkatan_kerja"])


def region_villages(report: CoverageReport) -> set[str]:
    """Codes of the desa/kelurahan in the report's region."""
    villages = Village.objects.all()
    if report.regency_id:
        villages = villages.filter(district__regency=report.regency_id)
    else:
        villages = villages.filter(district__regency__province=report.province_id)
    return set(villages.values_list("code", flat=True))


def review(report: CoverageReport, content: ReportContent) -> list[Finding]:
    """Every error and warning the content would raise for this report."""
    villages = region_villages(report) if content.rows("villages") else None
    return check_content(
        content, previous_coverage=previous_coverage(report), villages=villages
    )


class ReportEdit(Edit[CoverageReport]):
    """A coverage report's part of a save: its figures and table rows, the errors of
    its validation, and the explanation of warnings (audited, with no reason)."""

    permission = "participants.change_report"

    def __init__(self, content: ReportContent, explanation: str | None) -> None:
        self.content, self.explanation = content, explanation

    def old(self, record: CoverageReport) -> dict[str, Any]:
        return ReportContent.of(record).flat()

    def new(self, record: CoverageReport) -> dict[str, Any]:
        return self.content.flat()

    def check(self, record: CoverageReport, new: dict[str, Any]) -> list[Finding]:
        return errors(review(record, self.content))

    def apply(self, record: CoverageReport, new: dict[str, Any]) -> None:
        """Write figures and replace each table's rows with the content's."""
        for name in CoverageReport.FIGURES:
            setattr(record, name, self.content.figures.get(name))
        for table in TABLES.values():
            manager = getattr(record, table.related_name)
            manager.all().delete()
            table.model._default_manager.bulk_create(
                table.model(report=record, **table.key_values(key), **row)
                for key, row in self.content.rows(table.name).items()
            )

    def extra_changes(self, record: CoverageReport) -> dict[str, tuple[Any, Any]]:
        if self.explanation is None:
            return {}
        old = record.warning_explanation or None
        record.warning_explanation = self.explanation.strip()
        new = record.warning_explanation or None
        return {} if old == new else {"warning_explanation": (old, new)}


def save_report(
    report: CoverageReport,
    content: ReportContent,
    *,
    by: Any,
    expected_version: int,
    reason: str = "",
    warning_explanation: str | None = None,
    source: str = AuditEntry.Source.FORM,
) -> list[AuditEntry]:
    """Validate and store new content through the kernel's one save
    (`review.saving.save_record`); return the audit entries written.

    Raises StaleEditError when the report changed since `expected_version`,
    InvalidRecordError on errors (or when a saved value changes without a reason),
    PermissionDenied when the user may not edit it."""
    return save_record(
        report,
        ReportEdit(content, warning_explanation),
        by=by,
        expected_version=expected_version,
        reason=reason,
        source=source,
    )


def _sync_instance(target: CoverageReport, source: CoverageReport) -> None:
    for name in (*CoverageReport.FIGURES, "version", "status", "warning_explanation"):
        setattr(target, name, getattr(source, name))


EXPLANATION_REQUIRED = "explanation_required"


def submit_blockers(
    report: CoverageReport, findings: list[Finding] | None = None
) -> list[Finding]:
    """What stops the report from being submitted: its errors, or its warnings while
    they are not explained (empty when it may go). `findings` saves a second check
    when the caller has them."""
    if findings is None:
        findings = review(report, ReportContent.of(report))
    if errors(findings):
        return errors(findings)
    if warnings(findings) and not report.warning_explanation.strip():
        explain = Finding(
            "warning_explanation",
            EXPLANATION_REQUIRED,
            _("Explain the warnings before submitting."),
        )
        return [*warnings(findings), explain]
    return []


def _approve_blocker(report: CoverageReport) -> str | None:
    if not (report.is_province_report and settings.COVERAGE_PROVINCE_AFTER_REGENCIES):
        return None
    missing = unapproved_regencies(report)
    if not missing:
        return None
    return _(
        "Approve every kab/kota report of %(year)s first; not yet approved: %(names)s."
    ) % {"year": report.year, "names": ", ".join(missing[:10])}


def _unapprove_blocker(report: CoverageReport) -> str | None:
    if not _province_report_approved(report):
        return None
    return _(
        "Unapprove the province's own report of %(year)s first: it was approved on "
        "the basis of this one."
    ) % {"year": report.year}


def refusal(
    report: CoverageReport, action: str, *, findings: list[Finding] | None = None
) -> str | None:
    """Why the report's own state refuses the action now (beyond its status and the
    user's permission), or None when nothing does. The page shows it beside a
    disabled button; the services refuse with it."""
    if action == "submit":
        blocking = submit_blockers(report, findings)
        if not blocking:
            return None
        if blocking[-1].rule == EXPLANATION_REQUIRED:
            return _("Explain the warnings of the report before submitting it.")
        return _("Correct the errors of the report before submitting it.")
    if action == "approve":
        return _approve_blocker(report)
    if action == "unapprove":
        return _unapprove_blocker(report)
    return None


def _refuse_if_blocked(report: CoverageReport, action: str) -> None:
    reason = refusal(report, action)
    if reason:
        raise ReviewError(reason)


def who_may(report: ReviewedRecord, action: str) -> list[str]:
    """The staff who may take the action on the report (or another reviewed record:
    an employer's compliance), as roles with their area ("Verifier Kanwil
    Sumbagsel", "National admin"), asked of the rules."""
    permission = permission_for(report, action)
    staff = (
        User.objects.filter(is_active=True, is_superuser=False)
        .filter(scopes_over(report) | Q(role=User.Role.ADMIN_NASIONAL))
        .select_related("province", "branch", "kanwil")
    )
    # The rules decide by role and area, so one user of each label answers for all
    # of them: the queries grow with the areas over the report, not with its staff.
    answers: dict[str, bool] = {}
    for user in sorted(staff, key=lambda user: (user.is_national, user.pk)):
        label = _role_in_area(user)
        if label not in answers:
            answers[label] = user.has_perm(permission, report)
    return [label for label, allowed in answers.items() if allowed]


def _role_in_area(user: Any) -> str:
    role = str(user.get_role_display())
    if user.is_national or not user.region_scope:
        return role
    return f"{role} {user.scope_label}"


@transaction.atomic
def submit_report(report: CoverageReport, *, by: Any) -> CoverageReport:
    """Send a report for approval: no errors, and every warning explained."""
    locked = workflow.lock(report)
    workflow.check_transition(locked, "submit")
    _require(by, "participants.submit_report", locked)
    blocking = submit_blockers(locked)
    if blocking:
        raise InvalidRecordError(blocking, locked)
    workflow.change_status(locked, "submit", by=by)
    _sync_instance(report, locked)
    return report


def unapproved_regencies(report: CoverageReport) -> list[str]:
    """Kab/kota of the province whose report of that year is not approved yet."""
    approved = CoverageReport.objects.approved().filter(
        year=report.year, regency__province=report.province_id
    )
    regencies = Regency.objects.active().filter(province=report.province_id)
    return list(
        regencies.exclude(pk__in=approved.values("regency")).values_list(
            "name", flat=True
        )
    )


@transaction.atomic
def approve_report(report: CoverageReport, *, by: Any) -> CoverageReport:
    """Approve and lock a submitted report. A province's own report waits until all
    its kab/kota reports of the year are approved (setting
    COVERAGE_PROVINCE_AFTER_REGENCIES)."""
    locked = workflow.lock(report)
    workflow.check_transition(locked, "approve")
    _require(by, "participants.approve_report", locked)
    _refuse_if_blocked(locked, "approve")
    workflow.change_status(locked, "approve", by=by)
    _sync_instance(report, locked)
    return report


@transaction.atomic
def return_report(report: CoverageReport, *, by: Any, reason: str) -> CoverageReport:
    """Send a submitted report back to the branch with a reason."""
    locked = workflow.lock(report)
    workflow.check_transition(locked, "return")
    _require(by, "participants.return_report", locked)
    workflow.change_status(locked, "return", by=by, reason=reason)
    _sync_instance(report, locked)
    return report


def _province_report_approved(report: CoverageReport) -> bool:
    """Whether a kab/kota report's province has an approved own report that year."""
    if report.is_province_report:
        return False
    province_reports = CoverageReport.objects.for_region_code(report.province_id)
    return province_reports.approved().filter(year=report.year).exists()


@transaction.atomic
def unapprove_report(report: CoverageReport, *, by: Any, reason: str) -> CoverageReport:
    """Reopen an approved report (Kanwil verifier or national admin), with a reason."""
    locked = workflow.lock(report)
    workflow.check_transition(locked, "unapprove")
    _require(by, "participants.unapprove_report", locked)
    _refuse_if_blocked(locked, "unapprove")
    workflow.change_status(locked, "unapprove", by=by, reason=reason)
    _sync_instance(report, locked)
    return report


def previous_report(report: CoverageReport) -> CoverageReport | None:
    """The same region's report of the year before, if there is one."""
    reports = CoverageReport.objects.for_region_code(report.region_code)
    return reports.filter(year=report.year - 1).first()


@transaction.atomic
def start_from_previous_year(region_code: str, year: int, *, by: Any) -> CoverageReport:
    """A new draft of the region and year holding the figures and rows of the year
    before, every value audited; refused when the report exists already or there is
    no report of the year before."""
    reports = CoverageReport.objects.for_region_code(region_code)
    existed = reports.filter(year=year).exists()
    report = start_report(region_code, year, by=by)  # checks the permission
    if existed:
        raise ReviewError(
            _("The %(year)s report exists already: open it to change its figures.")
            % {"year": year}
        )
    before = previous_report(report)
    if before is None:
        raise ReviewError(
            _("There is no %(year)s report of this region to start from.")
            % {"year": year - 1}
        )
    reason = _("Started from the %(year)s figures.") % {"year": before.year}
    save_report(
        report,
        ReportContent.of(before),
        by=by,
        expected_version=report.version,
        reason=reason,
    )
    return report
