"""Employer compliance pages: the employers with their status of a year, a record's
figures with its timeline and history, the entry form, and the workflow actions.

Thin, like the coverage pages they follow (`participants.views`): the form parses,
`nominations.services.compliance` decides and stores, the templates show."""

from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Max, OuterRef, Subquery
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.forms.compliance import ComplianceForm, EmployerFilterForm
from nominations.forms.employers import EmployerForm
from nominations.models import PROGRAMMES, Employer, EmployerCompliance
from nominations.rules import COMPLIANCE_PERMISSIONS
from nominations.services.compliance import (
    PERMISSIONS,
    change_compliance_status,
    save_compliance,
    start_compliance,
)
from nominations.validation import PERCENTS, label
from participants.calculations import percentage
from participants.services import who_may
from review import pages, workflow
from review.findings import Finding
from review.models import AuditEntry, ReviewStatus
from review.numbers import whole_number
from review.pages import perform_review_action
from review.rules import ACTIONS, may
from review.years import year_refusal

PAGE_SIZE = 50
EDIT = COMPLIANCE_PERMISSIONS["edit"]


# List


@login_required
def employer_list(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    data = request.GET.copy()
    if not data.get("year"):  # shown as chosen, so the page says which year it is
        data["year"] = str(_default_year(user))
    filters = EmployerFilterForm(data)
    year = filters.chosen_year() or _default_year(user)
    employers = (
        Employer.objects.for_user(user)
        .filter(filters.search())
        .select_related("regency", "branch")
        .annotate(compliance_status=_status_in(year))
    )
    page = Paginator(employers, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "filters": filters,
        "year": year,
        "page": page,
        "rows": [_row(employer) for employer in page],
        "can_enter": user.has_perm("nominations.enter_compliance"),
        # Every listed employer is in the user's area: one answer for all rows.
        "can_add": user.has_perm("nominations.add_employer"),
    }
    return render(request, "nominations/employers/employer_list.html", context)


# The register


@login_required
def employer_add(request: HttpRequest) -> HttpResponse:
    """Add an employer to the register, inside the user's area."""
    if not request.user.has_perm("nominations.add_employer"):
        raise PermissionDenied
    form = EmployerForm(request.POST or None, user=request.user)
    return _employer_form(request, form, _("The employer was added."))


@login_required
def employer_edit(request: HttpRequest, npp: str) -> HttpResponse:
    """Change an employer of the user's area (its NPP stays)."""
    employer = Employer.objects.filter(npp=npp).first()
    if employer is None or not request.user.has_perm(
        "nominations.change_employer", employer
    ):
        raise Http404(_("No such employer."))
    form = EmployerForm(request.POST or None, instance=employer, user=request.user)
    return _employer_form(request, form, _("The employer was saved."))


def _employer_form(request: HttpRequest, form: EmployerForm, done: str) -> HttpResponse:
    if request.method == "POST" and form.is_valid():
        employer = form.save()
        messages.success(request, done)
        return redirect(f"{reverse('nominations:employers')}?q={employer.npp}")
    context = {"form": form, "employer": form.instance if form.instance.pk else None}
    status = 400 if form.errors else 200
    return render(
        request, "nominations/employers/employer_form.html", context, status=status
    )


def _default_year(user: Any) -> int:
    """The latest year with figures the user may see, else last year."""
    records = EmployerCompliance.objects.for_user(user)
    latest = records.aggregate(latest=Max("year"))["latest"]
    return int(latest or timezone.localdate().year - 1)


def _status_in(year: int) -> Subquery:
    """Each employer's review status in the year; None where nothing was entered."""
    records = EmployerCompliance.objects.filter(employer=OuterRef("pk"), year=year)
    return Subquery(records.values("status")[:1])


def _row(employer: Any) -> dict[str, Any]:
    status = employer.compliance_status
    return {
        "employer": employer,
        "status": status,
        "status_label": ReviewStatus(status).label if status else None,
    }


# Detail


def _record_or_none(npp: str, year: int) -> EmployerCompliance | None:
    return (
        EmployerCompliance.objects.filter(employer__npp=npp, year=year)
        .select_related("employer__regency__province", "employer__branch", "updated_by")
        .first()
    )


def _visible_record(request: HttpRequest, npp: str, year: int) -> EmployerCompliance:
    """The record, or 404 for anyone who may not see it (its existence included)."""
    record = _record_or_none(npp, year)
    if record is None or not request.user.has_perm(
        "nominations.view_compliance", record
    ):
        raise Http404(_("No such compliance record."))
    return record


@login_required
def compliance_detail(request: HttpRequest, npp: str, year: int) -> HttpResponse:
    record = _visible_record(request, npp, year)
    history = AuditEntry.objects.for_record(record).select_related("by")
    context = {
        "record": record,
        "employer": record.employer,
        "figures": _figure_rows(record),
        "programmes": [label(name) for name in record.programmes],
        "shares": _shares(record),
        "timeline": workflow.timeline(record),
        "history": compliance_history(history.order_by("-at", "-pk")),
        "can": {action: may(request.user, action, record) for action in ACTIONS},
        "action_urls": {
            action: reverse("nominations:compliance_action", args=[npp, year, action])
            for action in PERMISSIONS
        },
    }
    return render(request, "nominations/employers/compliance_detail.html", context)


def _figure_rows(record: EmployerCompliance) -> list[dict[str, Any]]:
    """Every figure but the programmes, labelled, percentages marked as such."""
    names = [name for name in EmployerCompliance.FIGURES if name not in PROGRAMMES]
    return [
        {
            "label": label(name),
            "value": getattr(record, name),
            "is_percent": name in PERCENTS,
        }
        for name in names
    ]


def _shares(record: EmployerCompliance) -> dict[str, Decimal | None]:
    return {
        "registered": percentage(record.registered_participants, record.employees),
        "vendors": percentage(record.vendors_registered, record.vendors_total),
    }


def compliance_history(entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
    """Audit entries as the pages show them (`review/_changes_table.html`): a
    label and readable values."""
    return [
        {
            "entry": entry,
            "label": label(entry.field)
            if entry.field in EmployerCompliance.FIGURES
            else entry.field,
            "old": _readable(entry.field, entry.old_value),
            "new": _readable(entry.field, entry.new_value),
        }
        for entry in entries
    ]


def _typed(path: str, text: str) -> Any:
    """A stored audit value as the figure's type: None, a bool, a Decimal, an int."""
    if text == "":
        return None
    if path in PROGRAMMES:
        return text == "True"
    if path in PERCENTS:
        return _decimal(text)
    number = whole_number(text, max_digits=19)
    return text if number is None else number


def _decimal(text: str) -> Decimal | str:
    """A stored percentage as a Decimal; text that is none, as written."""
    try:
        value = Decimal(text)
    except ArithmeticError:  # InvalidOperation
        return text
    return value if value.is_finite() else text


def _readable(path: str, text: str) -> Any:
    """Numbers as numbers (the template localises them), programmes as yes or no."""
    value = _typed(path, text)
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return value


# Entry form


@login_required
def compliance_edit(request: HttpRequest, npp: str, year: int) -> HttpResponse:
    user: Any = request.user
    employer = get_object_or_404(
        Employer.objects.for_user(user).select_related("regency", "branch"), npp=npp
    )
    record = _record_or_none(npp, year)
    refusal = year_refusal(year)
    if record is None and refusal:
        raise Http404(refusal)
    if record is not None and not record.is_editable:
        messages.info(request, _locked_message(record))
        return redirect(record)
    if record is None:
        allowed = user.has_perm("nominations.start_compliance", employer)
    else:
        allowed = user.has_perm(EDIT, record)
    if not allowed:
        raise PermissionDenied
    page = CompliancePage(request, employer, year, record)
    if request.method == "POST":
        return page.save()
    return page.show()


def _locked_message(record: EmployerCompliance) -> str:
    """Why the figures cannot be changed, and who can send them back."""
    action = "unapprove" if record.status == ReviewStatus.APPROVED else "return"
    who = who_may(record, action)
    status = record.get_status_display().lower()
    if not who:
        return _(
            "These figures are %(status)s, so they cannot be changed, and no one can "
            "send them back to the branch now."
        ) % {"status": status}
    return _(
        "These figures are %(status)s, so they cannot be changed. If figures must "
        "change, they can be sent back to the branch by: %(who)s."
    ) % {"status": status, "who": ", ".join(who)}


class CompliancePage(pages.EntryPage):
    """The entry form of one employer and year: shown, saved, or shown again with
    what went wrong (the kernel's entry page, with the compliance form)."""

    template = "nominations/employers/compliance_form.html"

    def __init__(
        self,
        request: HttpRequest,
        employer: Employer,
        year: int,
        record: EmployerCompliance | None,
    ) -> None:
        super().__init__(request)
        self.employer, self.year, self.record = employer, year, record

    def show(self) -> HttpResponse:
        return self.render(
            ComplianceForm(initial=ComplianceForm.initial_of(self.record))
        )

    def bind(self, data: Any) -> ComplianceForm:
        return ComplianceForm(data)

    def store(
        self, form: ComplianceForm
    ) -> tuple[EmployerCompliance, list[AuditEntry]]:
        by = self.request.user
        record = self.record or start_compliance(self.employer, self.year, by=by)
        entries = save_compliance(
            record,
            form.values(),
            by=by,
            expected_version=form.expected_version,
            reason=form.reason_given,
        )
        return record, entries

    def conflicts(
        self, form: ComplianceForm, changes: Iterable[AuditEntry]
    ) -> list[Finding]:
        return conflicts(form.values(), changes)

    def history(self, entries: Iterable[AuditEntry]) -> list[dict[str, Any]]:
        return compliance_history(entries)

    def announce(
        self, record: Any, form: ComplianceForm, entries: list[AuditEntry]
    ) -> None:
        messages.success(self.request, _saved_message(len(entries)))

    def render(
        self, form: ComplianceForm, /, *, status: int = 200, **extra: Any
    ) -> HttpResponse:
        record = self.record or EmployerCompliance(
            employer=self.employer, year=self.year
        )
        context = {
            "form": form,
            "record": record,
            "employer": self.employer,
            "year": self.year,
            "is_new": self.record is None,
            **extra,
        }
        return render(self.request, self.template, context, status=status)


def _saved_message(count: int) -> str:
    return _("The figures were saved (%(count)s values changed).") % {"count": count}


def conflicts(values: dict[str, Any], changes: Iterable[AuditEntry]) -> list[Finding]:
    """A note beside each figure that someone else changed and this page would set
    back to something else (`review.pages.conflicts`)."""
    return pages.conflicts(
        values,
        [entry for entry in changes if entry.field in values],
        label=label,
        typed=_typed,
    )


# Actions


@require_POST
@login_required
def compliance_action(
    request: HttpRequest, npp: str, year: int, action: str
) -> HttpResponse:
    if action not in PERMISSIONS:
        raise Http404(_("No such action."))
    record = _visible_record(request, npp, year)
    reason = request.POST.get("reason", "") if action in workflow.NEEDS_REASON else ""
    perform_review_action(
        request,
        lambda: change_compliance_status(
            record, action, by=request.user, reason=reason
        ),
        done=_done(action),
        refused=_refused(action),
    )
    return redirect(record)


def _done(action: str) -> str:
    return {
        "submit": _("The figures were submitted for approval."),
        "approve": _("The figures were approved."),
        "return": _("The figures were returned to the branch."),
        "unapprove": _(
            "The approval was withdrawn; the figures are back with the branch."
        ),
    }[action]


def _refused(action: str) -> str:
    return {
        "submit": _("The figures were not submitted:"),
        "approve": _("The figures were not approved:"),
        "return": _("The figures were not returned:"),
        "unapprove": _("The approval was not withdrawn:"),
    }[action]
