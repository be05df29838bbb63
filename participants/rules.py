"""Who may do what to a coverage report. Area checks reuse queryset scoping."""

from typing import Any

import rules

from accounts.rules import is_branch_officer, is_national_admin, is_verifier
from participants.models import CoverageReport
from review.models import ReviewStatus


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


@rules.predicate
def is_editable(user: Any, report: CoverageReport | None) -> bool:
    return bool(report and report.is_editable)


def _status_is(status: str) -> Any:
    @rules.predicate(name=f"report_is_{status}")
    def predicate(user: Any, report: CoverageReport | None) -> bool:
        return bool(report and report.status == status)

    return predicate


enters = is_national_admin | (is_branch_officer & report_in_scope)
verifies = is_national_admin | (is_verifier & report_in_scope)

rules.add_perm("participants.change_report", is_editable & enters)
rules.add_perm("participants.submit_report", is_editable & enters)
rules.add_perm(
    "participants.approve_report", _status_is(ReviewStatus.SUBMITTED) & verifies
)
rules.add_perm(
    "participants.return_report", _status_is(ReviewStatus.SUBMITTED) & verifies
)
rules.add_perm(
    "participants.unapprove_report",
    _status_is(ReviewStatus.APPROVED)
    & (is_national_admin | (is_kanwil_verifier & report_in_scope)),
)
rules.add_perm(
    "participants.view_report",
    _status_is(ReviewStatus.APPROVED) | is_national_admin | report_in_scope,
)
# Who changed what and why (staff names, reasons, earlier figures, warnings): the
# staff of the report's area; everyone else reads the approved figures only.
rules.add_perm("participants.view_report_history", is_national_admin | report_in_scope)
