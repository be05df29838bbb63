"""The home page: the public overview for visitors; for a signed-in user, panels of
their role saying what to do next.

A role's home is a list of panels, each a template and its context. `PANELS` says
which panels each role gets, so another app's worklist (e.g. an assessor's score
sheets) is one more builder in that table."""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from accounts.models import User
from nominations import worklists as award
from nominations.models import EmployerCompliance
from participants import worklists
from participants.completeness import (
    MISSING,
    STATE_LABELS,
    STATES,
    expected_reports,
    latest_year,
    startable_codes,
    total_row,
)
from participants.models import CoverageReport
from publication import selectors as results
from regions import selectors as region_selectors
from review.models import ReviewStatus
from scoring import selectors as scoring_selectors

Role = User.Role
# A branch officer's reports, the ones needing work first.
WORK_ORDER = (
    ReviewStatus.RETURNED,
    ReviewStatus.DRAFT,
    MISSING,
    ReviewStatus.SUBMITTED,
    ReviewStatus.APPROVED,
)


@dataclass(frozen=True)
class Panel:
    """One block of a role's home: a heading, a template and what it shows."""

    title: StrOrPromise
    template: str
    context: dict[str, Any] = field(default_factory=dict)


def home(request: HttpRequest) -> HttpResponse:
    """The role's panels when signed in with a role that has some; else the
    public overview."""
    panels = panels_for(request.user)
    if panels:
        context = {"panels": panels, "role": _role_label(request.user)}
        return render(request, "paritrana/home.html", context)
    public: dict[str, Any] = {
        "totals": region_selectors.national_totals(),
        "results": results.latest_national(),
    }
    return render(request, "home.html", public)


def panels_for(user: Any) -> list[Panel]:
    """The panels of the user's role, in page order (none for visitors)."""
    if not user.is_authenticated:
        return []
    role = Role.ADMIN_NASIONAL if user.is_national else user.role
    return [build(user) for build in PANELS.get(role, ())]


def _role_label(user: Any) -> StrOrPromise:
    return Role.ADMIN_NASIONAL.label if user.is_national else user.get_role_display()


def branch_reports(user: Any) -> Panel:
    """This year's expected reports of the officer's regions: state and what each
    still lacks, those needing work first."""
    year = latest_year(user)
    expected = expected_reports(user, year)
    open_ids = [i.report.pk for i in expected if i.report and i.report.is_editable]
    blanks = worklists.blank_figures(open_ids)
    reasons = worklists.return_reasons(
        i.report.pk
        for i in expected
        if i.report and i.report.status == ReviewStatus.RETURNED
    )
    startable = startable_codes(user, expected)
    rows = [
        {
            "item": item,
            "blank": blanks.get(item.report.pk, []) if item.report else [],
            "reason": reasons.get(item.report.pk, "") if item.report else "",
            "may_start": item.code in startable,
        }
        for item in sorted(expected, key=lambda i: WORK_ORDER.index(i.state))
    ]
    context = {"year": year, "rows": rows, "summary": _summary(expected)}
    return Panel(_("Your reports"), "paritrana/panels/branch_reports.html", context)


def review_queue(user: Any) -> Panel:
    """The coverage reports and employer compliance waiting for this verifier,
    oldest first, with the days they have waited."""
    today = timezone.localdate()
    queues = (
        worklists.review_queue(
            CoverageReport.objects.for_user(user).select_related("province", "regency")
        ),
        worklists.review_queue(
            EmployerCompliance.objects.for_user(user).select_related("employer")
        ),
    )
    rows = sorted(
        (
            {
                "record": record,
                "kind": record._meta.verbose_name,
                "submitted_at": record.submitted_at,  # type: ignore[attr-defined]
                "days": (today - timezone.localdate(record.submitted_at)).days,  # type: ignore[attr-defined]
            }
            for queue in queues
            for record in queue
        ),
        key=lambda row: (row["submitted_at"], str(row["kind"])),
    )
    return Panel(
        _("Waiting for your review"),
        "paritrana/panels/review_queue.html",
        {"rows": rows},
    )


def committee_round(user: Any) -> Panel:
    """The committee's round of the current edition: stage, dates, next action."""
    context = {"current": award.committee_round(user.province_id)}
    return Panel(
        _("Your award round"), "paritrana/panels/committee_round.html", context
    )


def assessor_sheets(user: Any) -> Panel:
    """The assessor's candidates per panel, with interview times and the state
    of each score sheet."""
    panels = scoring_selectors.worklist(user)
    # The chair and secretary follow their panel's progress from here.
    leads = {
        work.member.panel_id
        for work in panels
        if user.has_perm("scoring.view_progress", work.member.panel)
    }
    context = {"panels": panels, "leads": leads}
    return Panel(
        _("Your candidates to score"), "paritrana/panels/assessor_sheets.html", context
    )


def national_progress(user: Any) -> Panel:
    """National completeness of the year's reports and the editions' rounds."""
    year = latest_year(user)
    context = {
        "year": year,
        "summary": _summary(expected_reports(user, year)),
        "editions": award.edition_rows(),
    }
    return Panel(
        _("National progress"), "paritrana/panels/national_progress.html", context
    )


def _summary(expected: list[Any]) -> dict[str, Any]:
    """Counts per state (in bar order, with labels) and the share approved."""
    total = total_row(expected)
    return {
        "expected": total.expected,
        "approved_percent": total.approved_percent,
        "states": [
            {"state": state, "label": STATE_LABELS[state], "count": total.counts[state]}
            for state in STATES
        ],
    }


PANELS: dict[str, tuple[Callable[[Any], Panel], ...]] = {
    Role.PETUGAS_CABANG: (branch_reports,),
    Role.VERIFIKATOR: (review_queue,),
    Role.PANITIA_PROVINSI: (committee_round,),
    Role.PENILAI: (assessor_sheets,),
    Role.ADMIN_NASIONAL: (national_progress,),
}
