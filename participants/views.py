"""Coverage report pages: list, detail with history, entry form, workflow actions.

Thin: forms parse, `participants.services` decides and stores, the templates show."""

from collections.abc import Callable, Iterable
from typing import Any

import rules
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.formats import number_format
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from participants import list_exports, selectors, services
from participants.calculations import (
    MINIMUM_MONTHLY_CONTRIBUTION,
    VILLAGE_TARGET,
    per_worker_month,
    percentage,
)
from participants.content import TABLES, ReportContent, label_for
from participants.forms import ReportFilterForm, ReportForms, StartReportForm
from participants.forms.lists import SORTS
from participants.models import (
    CoverageReport,
    CoverageReportQuerySet,
    FundingSource,
    VillageProtection,
)
from participants.validation import COVERAGE_JUMP_POINTS
from regions.models import Province, Regency, Village
from review import pages, workflow
from review.findings import Finding, warnings
from review.models import AuditEntry, ReviewStatus, StatusChange
from review.numbers import NUMBER_MAX, whole_number
from review.pages import author_name, perform_review_action
from review.rules import ACTIONS, may
from review.workflow import InvalidRecordError, ReviewError
from review.years import year_refusal

PAGE_SIZE = 50
TEXT_PATHS = frozenset({"warning_explanation"})


def _with_regions() -> CoverageReportQuerySet:
    return CoverageReport.objects.select_related("province", "regency")


def _visible_reports(user: Any) -> QuerySet[CoverageReport]:
    reports = _with_regions()
    if user.is_authenticated:
        return reports.visible_to(user)
    return reports.approved()


def report_list(request: HttpRequest) -> HttpResponse:
    start = _start_form(request)
    if start is not None and start.is_bound and start.is_valid():
        data = start.cleaned_data
        return redirect("participants:edit", data["year"], data["region"])
    filters = ReportFilterForm(request.GET, user=request.user)
    reports = filters.apply(_visible_reports(request.user))
    ids = reports.order_by(*filters.ordering()).values_list("pk", flat=True)
    page = Paginator(ids, PAGE_SIZE).get_page(request.GET.get("page"))
    reports_of_page = selectors.in_order(list(page), _with_regions())
    rows = [(report, selectors.derived(report)) for report in reports_of_page]
    context = {
        "filters": filters,
        "page": page,
        "rows": rows,
        "start": start,
        "sorting": _sorting(filters.sort_key),
    }
    return render(request, "participants/report_list.html", context)


EXPORTS = {
    "csv": (list_exports.as_csv, "text/csv; charset=utf-8"),
    "xlsx": (list_exports.as_xlsx, list_exports.XLSX_TYPE),
}


@login_required
def report_list_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The list as the user sees it (filters, area, order) as CSV or XLSX."""
    if not request.user.has_perm("participants.export_report_list"):
        raise PermissionDenied
    filters = ReportFilterForm(request.GET, user=request.user)
    reports = filters.apply(_visible_reports(request.user))
    ids = list(reports.order_by(*filters.ordering()).values_list("pk", flat=True))
    write, content_type = EXPORTS[fmt]
    body = write(list_exports.rows(ids, _with_regions()))
    response = HttpResponse(body, content_type=content_type)
    name = _("coverage-reports")
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


def _sorting(current: str) -> dict[str, dict[str, str]]:
    """Per sortable column: the key its header links to and its `aria-sort`."""
    columns = {}
    for key in SORTS:
        state = {key: "ascending", f"-{key}": "descending"}.get(current, "none")
        columns[key] = {
            "link": f"-{key}" if current == key else key,
            "aria": state,
        }
    return columns


def _start_form(request: HttpRequest) -> StartReportForm | None:
    """The 'start a report' form, for branch staff only."""
    user: Any = request.user
    # The rule itself, not `user.has_perm`: a superuser holds every permission but
    # has no branch whose regions the form could offer.
    if not rules.has_perm("participants.enter_branch_reports", user):
        return None
    data = request.GET if "start-region" in request.GET else None
    return StartReportForm(data, user=user, prefix="start")


def _report_or_none(code: str, year: int) -> CoverageReport | None:
    """The report with everything its pages show, in a fixed number of queries."""
    villages = VillageProtection.objects.select_related("village__district")
    reports = (
        CoverageReport.objects.for_region_code(code)
        .filter(year=year)
        .select_related("province", "regency", "updated_by")
        .prefetch_related(
            "non_asn_lines",
            "vulnerable_lines",
            Prefetch("village_lines", queryset=villages),
            "claim_lines",
        )
    )
    return selectors.with_figures(reports).first()


def _visible_report(request: HttpRequest, year: str, code: str) -> CoverageReport:
    """The report, or 404 for anyone who may not see it (its existence included)."""
    report = _report_or_none(code, int(year))
    if report is None or not request.user.has_perm("participants.view_report", report):
        raise Http404(_("No such report."))
    return report


def report_detail(request: HttpRequest, year: str, code: str) -> HttpResponse:
    report = _visible_report(request, year, code)
    workings = _workings(request, report)
    context = {
        "report": report,
        "derived": selectors.derived(report),
        "tables": _tables(report),
        **workings,
        **_review_state(
            request, report, None if workings["is_public"] else workings["findings"]
        ),
        "action_urls": {
            action: reverse(
                "participants:action", args=[report.year, report.region_code, action]
            )
            for action in SERVICES
        },
        "minimum": MINIMUM_MONTHLY_CONTRIBUTION,
        "village_target": VILLAGE_TARGET,
    }
    return render(request, "participants/report_detail.html", context)


def _review_state(
    request: HttpRequest, report: CoverageReport, findings: list[Finding] | None
) -> dict[str, Any]:
    """What the user may do, why an action would be refused, and who may withdraw
    an approval. `findings`: the report's, when the page has them already."""
    can = {action: may(request.user, action, report) for action in ACTIONS}
    refusals = {
        action: services.refusal(report, action, findings=findings)
        for action in REFUSABLE
        if can[action]
    }
    approved = report.status == ReviewStatus.APPROVED
    shown = approved and request.user.is_authenticated
    unapprovers = services.who_may(report, "unapprove") if shown else []
    return {"can": can, "refusals": refusals, "unapprovers": unapprovers}


def _workings(request: HttpRequest, report: CoverageReport) -> dict[str, Any]:
    """Warnings, timeline and change history for the staff of the report's area;
    nothing for the public, who read the approved figures only."""
    if not request.user.has_perm("participants.view_report_history", report):
        return {"is_public": True, "findings": [], "timeline": [], "history": []}
    entries = AuditEntry.objects.for_record(report).select_related("by")
    findings = services.review(report, ReportContent.of(report))
    timeline = list(workflow.timeline(report))
    return {
        "is_public": False,
        "findings": findings,
        "timeline": timeline,
        "history": history_rows(entries.order_by("-at", "-pk")),
        "returned": _return_note(report, timeline, findings),
        "previous": _previous_figures(report),
    }


def _return_note(
    report: CoverageReport, timeline: list[StatusChange], findings: list[Finding]
) -> dict[str, Any] | None:
    """The last return of a returned report, with what to fix and where."""
    if report.status != ReviewStatus.RETURNED:
        return None
    steps = [step for step in timeline if step.to_status == ReviewStatus.RETURNED]
    step = max(steps, key=lambda s: (s.at, s.pk), default=None)
    edit = reverse("participants:edit", args=[report.year, report.region_code])
    fixes = [
        {
            "message": finding.message,
            "is_error": not finding.is_warning
            and finding.rule != services.EXPLANATION_REQUIRED,
            "url": edit + "#" + _section_of(finding.path),
        }
        for finding in services.submit_blockers(report, findings)
    ]
    return {"step": step, "fixes": fixes}


WORKFORCE = frozenset({"angkatan_kerja", "pekerja_formal", "pekerja_informal"})


def _section_of(path: str) -> str:
    """The entry form's section that holds a finding's value."""
    table = path.split(":")[0].split(".")[0]
    if table in TABLES:
        return "sec-" + table.replace("_", "-")
    if path in WORKFORCE:
        return "sec-workforce"
    if path in CoverageReport.FIGURES:
        return "sec-participants"
    return "sec-save"


def _previous_figures(report: CoverageReport) -> dict[str, Any] | None:
    """Last year's approved figures beside this year's, with the change."""
    before = services.previous_report(report)
    if before is None or before.status != ReviewStatus.APPROVED:
        return None
    rows = {}
    for name in CoverageReport.FIGURES:
        old, new = getattr(before, name), getattr(report, name)
        change = None if old is None or new is None else new - old
        rows[name] = {"value": old, "change": change}
    return {"year": before.year, "rows": rows}


def _tables(report: CoverageReport) -> dict[str, list[dict[str, Any]]]:
    """The four tables' rows with the per-row figures the page shows."""
    return {
        "non_asn": [
            {"line": line, "pct": percentage(line.protected, line.eligible)}
            for line in report.non_asn_lines.all()
        ],
        "vulnerable": [
            {"line": line, "rate": _rate(line.rupiah, line.workers, line.months)}
            for line in report.vulnerable_lines.all()
        ],
        "villages": [{"line": line} for line in report.village_lines.all()],
        "claims": [{"line": line} for line in report.claim_lines.all()],
    }


def _rate(rupiah: int | None, workers: int | None, months: int | None) -> Any:
    if workers is None or months is None:
        return None
    return per_worker_month(rupiah, workers * months)


def history_rows(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """Audit entries as the page shows them: a label and readable values."""
    return [
        {
            "entry": entry,
            "label": label_for(entry.field),
            "old": _readable(entry.field, entry.old_value),
            "new": _readable(entry.field, entry.new_value),
        }
        for entry in entries
    ]


def _readable(path: str, value: str) -> Any:
    """Numbers as numbers (the template localises them), funding sources by name;
    any other stored text as written, whatever it holds."""
    if path.endswith(":funding_source") and value in FundingSource.values:
        return FundingSource(value).label
    return _typed(path, value)


def _typed(path: str, value: str) -> Any:
    """A stored audit value as the page holds it: text for funding sources and
    explanations, numbers as int, blank as None."""
    if path in TEXT_PATHS or path.endswith(":funding_source"):
        return value or None
    number = whole_number(value, max_digits=19)
    return (value or None) if number is None else number


@login_required
def report_edit(request: HttpRequest, year: str, code: str) -> HttpResponse:
    province, regency = _region_or_404(code)
    report = _report_or_none(code, int(year))
    refusal = year_refusal(year)
    if report is None and refusal:
        raise Http404(refusal)
    user: Any = request.user
    if report is not None and not report.is_editable:
        if not user.has_perm("participants.view_report", report):
            raise PermissionDenied
        messages.info(request, _locked_message(report))
        return redirect(report)
    if report is None and not user.has_perm(
        "participants.start_report", regency or province
    ):
        raise PermissionDenied
    if report is not None and not user.has_perm("participants.change_report", report):
        raise PermissionDenied
    page = EntryPage(request, province, regency, int(year), report)
    if request.method == "POST":
        return page.save()
    return page.show()


def _region_or_404(code: str) -> tuple[Province, Regency | None]:
    if "." in code:
        regency = get_object_or_404(Regency.objects.select_related("province"), pk=code)
        return regency.province, regency
    return get_object_or_404(Province, pk=code), None


def _locked_message(report: CoverageReport) -> str:
    """Why the figures cannot be changed, and who can send the report back."""
    action = "unapprove" if report.status == ReviewStatus.APPROVED else "return"
    who = services.who_may(report, action)
    if not who:
        return _(
            "This report is %(status)s, so it cannot be changed, and no one can send "
            "it back to the branch now."
        ) % {"status": report.get_status_display().lower()}
    return _(
        "This report is %(status)s, so it cannot be changed. If figures must change, "
        "it can be sent back to the branch by: %(who)s."
    ) % {"status": report.get_status_display().lower(), "who": ", ".join(who)}


class EntryPage(pages.EntryPage):
    """The entry form of one region and year: shown, saved, or shown again with what
    went wrong (the kernel's entry page, with the report's forms)."""

    template = "participants/report_form.html"

    def __init__(
        self,
        request: HttpRequest,
        province: Province,
        regency: Regency | None,
        year: int,
        report: CoverageReport | None,
    ) -> None:
        super().__init__(request)
        self.province, self.regency, self.year = province, regency, year
        self.report = report
        self.code = str(regency.code if regency else province.code)
        # Kab/kota reports offer their desa in a datalist; province reports take codes.
        self.village_list = "village-options" if regency else None

    def show(self) -> HttpResponse:
        report = self.report
        if report is None:
            return self.render(ReportForms(village_list=self.village_list))
        content = ReportContent.of(report)
        forms = ReportForms(
            content=content,
            version=report.version,
            explanation=report.warning_explanation,
            village_list=self.village_list,
        )
        return self.render(forms, findings=services.review(report, content))

    def bind(self, data: Any) -> ReportForms:
        return ReportForms(data, village_list=self.village_list)

    def store(self, forms: ReportForms) -> tuple[CoverageReport, list[AuditEntry]]:
        report = self.report or services.start_report(
            self.code, self.year, by=self.request.user
        )
        entries = services.save_report(
            report,
            forms.content(),
            by=self.request.user,
            expected_version=forms.version,
            reason=forms.reason,
            warning_explanation=forms.explanation,
        )
        return report, entries

    def conflicts(
        self, forms: ReportForms, changes: Iterable[AuditEntry]
    ) -> list[Finding]:
        return conflicts(forms.content(), changes)

    def history(self, entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
        return history_rows(entries)

    def announce(
        self, report: Any, forms: ReportForms, entries: list[AuditEntry]
    ) -> None:
        messages.success(
            self.request,
            _("The report was saved (%(count)s values changed).")
            % {"count": len(entries)},
        )
        explained = bool(forms.explanation.strip())
        for finding in warnings(services.review(report, forms.content())):
            messages.warning(self.request, _warning_text(finding, explained=explained))

    def render(
        self,
        forms: ReportForms,
        /,
        *,
        status: int = 200,
        findings: list[Finding] | None = None,
        **extra: Any,
    ) -> HttpResponse:
        report = self.report or CoverageReport(
            province=self.province, regency=self.regency, year=self.year
        )
        villages = self._villages()
        context = {
            "forms": forms,
            "report": report,
            "is_new": self.report is None,
            "region": self.regency or self.province,
            "province": self.province,
            "year": self.year,
            "villages": villages,
            "villages_total": self._villages_total(villages),
            "number_max": NUMBER_MAX,
            "warnings": warnings(findings or []),
            "previous_coverage": services.previous_coverage(report),
            "minimum": MINIMUM_MONTHLY_CONTRIBUTION,
            "jump_points": COVERAGE_JUMP_POINTS,
            "village_target": VILLAGE_TARGET,
            "texts": _live_texts(),
            **extra,
        }
        return render(self.request, self.template, context, status=status)

    def _villages(self) -> QuerySet[Village] | None:
        """The desa/kelurahan a kab/kota report may name; none for a province's."""
        if self.regency is None:
            return None
        return (
            Village.objects.active()
            .filter(district__regency=self.regency)
            .select_related("district")
            .only("code", "name", "district__name")
        )

    def _villages_total(self, villages: QuerySet[Village] | None) -> int:
        """All desa/kelurahan of the region: the denominator of the saved report's
        desa share, so that the form shows the same figure."""
        if villages is not None:
            return len(villages)  # fills the cache the datalist reads
        return (
            Village.objects.active()
            .filter(district__regency__province=self.province)
            .count()
        )


def conflicts(content: ReportContent, changes: Iterable[AuditEntry]) -> list[Finding]:
    """A note beside each value that someone else changed and this page would set
    back to something else (`review.pages.conflicts`), and one per table to which an
    upload added rows."""
    return pages.conflicts(
        content.flat(),
        changes,
        label=label_for,
        typed=_typed,
        readable=_readable,
        note=_rows_added,
    )


def _rows_added(path: str, entry: AuditEntry) -> str | None:
    """An upload's entry for the rows it added: nothing on the page to compare."""
    if path not in TABLES:
        return None
    return _("%(table)s: %(who)s added %(count)s rows meanwhile.") % {
        "table": capfirst(TABLES[path].label()),
        "who": author_name(entry.by),
        "count": entry.new_value,
    }


def _live_texts() -> dict[str, str]:
    """Words the live totals script shows, in the active language."""
    return {
        "matches": _("matches the labour force"),
        "differs": _("differs from the labour force by %(n)s"),
        "above": _("Participants are more than the labour force."),
        "belowMinimum": _("below the minimum"),
        "jump": _("more than %(points)s points: explain why")
        % {"points": COVERAGE_JUMP_POINTS},
        "workers": _("%(n)s workers"),
        "reaching": _("%(pct)s · %(n)s of %(total)s desa/kelurahan"),
        "added": _("Row %(n)s added."),
        "protectedAbove": _("More protected than eligible."),
        **_format_texts(),
    }


def _format_texts() -> dict[str, str]:
    """Why a typed number is not read, shown beside its box as the user types."""
    example = {"example": number_format(1234567, force_grouping=True)}
    return {
        "notNumber": _("Digits only, e.g. %(example)s.") % example,
        "decimals": _("Whole numbers only, no decimals. Thousands as in %(example)s.")
        % example,
        "grouping": _("Separators go between groups of three digits: %(example)s.")
        % example,
        "negative": _("Cannot be negative."),
        "tooLarge": _("This number is too large."),
    }


def _warning_text(finding: Finding, *, explained: bool) -> str:
    """A warning after a save; it asks for an explanation only while there is none."""
    if explained:
        return _("Warning: %(message)s") % {"message": finding.message}
    return _("Warning: %(message)s Explain it before submitting.") % {
        "message": finding.message
    }


REFUSABLE = ("submit", "approve", "unapprove")
SERVICES: dict[str, Callable[..., CoverageReport]] = {
    "submit": services.submit_report,
    "approve": services.approve_report,
    "return": services.return_report,
    "unapprove": services.unapprove_report,
}


@require_POST
@login_required
def report_action(
    request: HttpRequest, year: str, code: str, action: str
) -> HttpResponse:
    report = _visible_report(request, year, code)
    options = {"reason": request.POST.get("reason", "")}
    if action not in workflow.NEEDS_REASON:
        options = {}
    perform_review_action(
        request,
        lambda: SERVICES[action](report, by=request.user, **options),
        done=_done(action),
        refused=_refused(action),
    )
    return redirect(report)


def _done(action: str) -> str:
    return {
        "submit": _("The report was submitted for approval."),
        "approve": _("The report was approved."),
        "return": _("The report was returned to the branch."),
        "unapprove": _(
            "The approval was withdrawn; the report is back with the branch."
        ),
    }[action]


def _refused(action: str) -> str:
    return {
        "submit": _("The report was not submitted:"),
        "approve": _("The report was not approved:"),
        "return": _("The report was not returned:"),
        "unapprove": _("The approval was not withdrawn:"),
    }[action]


def report_pdf(request: HttpRequest, year: str, code: str) -> HttpResponse:
    """The report printed as PDF, in the reader's language."""
    from participants.report_pdf import render_report_pdf

    report = _visible_report(request, year, code)
    content = render_report_pdf(report, _tables(report))
    name = _("coverage-report-%(code)s-%(year)s.pdf") % {
        "code": report.region_code,
        "year": report.year,
    }
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{name}"'
    return response


@require_POST
@login_required
def report_from_previous_year(
    request: HttpRequest, year: str, code: str
) -> HttpResponse:
    """Start the report of a region and year from the figures of the year before."""
    _region_or_404(code)
    try:
        report = services.start_from_previous_year(code, int(year), by=request.user)
    except InvalidRecordError as exc:
        messages.error(request, _previous_refused(exc))
        return redirect("participants:edit", year, code)
    except ReviewError as exc:
        messages.error(request, str(exc))
        return redirect("participants:edit", year, code)
    messages.success(
        request,
        _("The report was started from the %(year)s figures: check and update them.")
        % {"year": report.year - 1},
    )
    return redirect("participants:edit", year, code)


def _previous_refused(exc: InvalidRecordError) -> str:
    problems = "; ".join(finding.message for finding in exc.findings[:3])
    return _(
        "Last year's figures could not be copied, because they break this year's "
        "rules: %(problems)s"
    ) % {"problems": problems}
