"""Who may do what with coverage data: reports, uploads and the pages that follow
them. Area checks reuse queryset scoping."""

from typing import Any

import rules

from accounts.rules import (
    follows_an_area,
    is_branch_officer,
    is_national_admin,
    is_verifier,
)
from participants.models import CoverageReport
from regions.models import Province, Regency
from review.models import ReviewStatus
from review.rules import review_permissions


@rules.predicate
def report_in_scope(user: Any, report: CoverageReport | None) -> bool:
    # `for_user` scopes by role alone; a deactivated account has no area.
    if report is None or not user.is_authenticated or not user.is_active:
        return False
    return CoverageReport.objects.for_user(user).filter(pk=report.pk).exists()


@rules.predicate
def is_kanwil_verifier(user: Any) -> bool:
    """A verifier at a regional office: the level above the branch."""
    return bool(is_verifier(user) and user.kanwil_id)


def _status_is(status: str) -> Any:
    @rules.predicate(name=f"report_is_{status}")
    def predicate(user: Any, report: CoverageReport | None) -> bool:
        return bool(report and report.status == status)

    return predicate


@rules.predicate
def serves_region(user: Any, region: Province | Regency | None) -> bool:
    """A kab/kota the user's branch serves, or a province it reports for."""
    if isinstance(region, Regency):
        return Regency.objects.for_user(user).filter(pk=region.pk).exists()
    if isinstance(region, Province):
        return bool(user.branch_id and region.reporting_branch_id == user.branch_id)
    return False


@rules.predicate
def uploaded_it(user: Any, batch: Any) -> bool:
    return bool(
        batch is not None and user.is_authenticated and batch.uploaded_by_id == user.pk
    )


enters = is_national_admin | (is_branch_officer & report_in_scope)
verifies = is_national_admin | (is_verifier & report_in_scope)

REPORT_PERMISSIONS = review_permissions(
    CoverageReport,
    name="report",
    enters=enters,
    verifies=verifies,
    unapproves=is_national_admin | (is_kanwil_verifier & report_in_scope),
)
# Starting the report of a region (the object: a Province or a Regency).
rules.add_perm(
    "participants.start_report", is_national_admin | (is_branch_officer & serves_region)
)
# The "start a report" form on the list offers the regions of the user's branch.
rules.add_perm("participants.enter_branch_reports", is_branch_officer)
rules.add_perm(
    "participants.view_report",
    _status_is(ReviewStatus.APPROVED) | is_national_admin | report_in_scope,
)
# Who changed what and why (staff names, reasons, earlier figures, warnings): the
# staff of the report's area; everyone else reads the approved figures only.
rules.add_perm("participants.view_report_history", is_national_admin | report_in_scope)
# The completeness dashboard, and "Coverage data" in the menu: staff who follow an
# area's reports (everyone reads the approved reports on the list).
rules.add_perm("participants.follow_reports", follows_an_area)
# Bulk upload: branch officers (for their branch's regions) and the national admin.
rules.add_perm("participants.upload_coverage", is_national_admin | is_branch_officer)
# An upload batch: seen, saved, retried and reverted by its uploader and the
# national admin, who sees everyone's uploads.
rules.add_perm("participants.view_all_uploads", is_national_admin)
rules.add_perm("participants.view_upload", is_national_admin | uploaded_it)
rules.add_perm("participants.change_upload", is_national_admin | uploaded_it)

# Report list (sorting, own area first, export): staff who follow an area and the
# national admin download the list they see as CSV or XLSX.
rules.add_perm("participants.export_report_list", is_national_admin | follows_an_area)


# Upload templates: a pre-filled template prepared in the background is seen and
# downloaded by the uploaders whose regions it holds (every national admin shares
# the national one).
@rules.predicate
def holds_own_regions(user: Any, template: Any) -> bool:
    if template is None or not user.is_authenticated or not user.is_active:
        return False
    return bool(template.scope == template.scope_for(user))


rules.add_perm(
    "participants.view_prefilled_template",
    (is_national_admin | is_branch_officer) & holds_own_regions,
)
# Portal shell: the completeness dashboard in the menu, for those who check reports
# (branch and Kanwil verifiers) and the national admin.
rules.add_perm("participants.see_completeness_in_menu", is_national_admin | is_verifier)
