"""Adding candidates, a candidate's page, and the actions that move it."""

from typing import Any, TypeVar

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from nominations import selectors
from nominations.forms.rounds import (
    ActionForm,
    AddCandidatesForm,
    AttendanceForm,
    EvidenceForm,
    InnovationForm,
    RegulationForm,
    ScheduleForm,
    ShortlistForm,
    VerifyForm,
)
from nominations.models import (
    Candidate,
    Edition,
    Innovation,
    Regulation,
    VerificationStep,
)
from nominations.services.candidates import (
    add_candidates,
    has_approved_data,
    shortlist_candidates,
    take_action,
    why_nothing_added,
)
from nominations.transitions import CANDIDATE, VERDICTS, VERIFICATION
from nominations.views.editions import round_province
from participants.selectors import derived
from review.workflow import ReviewError


@login_required
@require_POST
def candidates_add(request: HttpRequest, year: int, province: str) -> HttpResponse:
    edition = get_object_or_404(Edition, award_year=year)
    region = round_province(request, province)
    if not request.user.has_perm("nominations.run_round", region):
        raise PermissionDenied
    form = AddCandidatesForm(request.POST, edition=edition, province=region)
    target = f"{edition.get_absolute_url()}provinsi/{region.code}/"
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(str(error) for error in errors))
        return redirect(target)
    data = form.cleaned_data
    chosen = bool(data["regencies"] or data["villages"] or data["employers"])
    try:
        added = add_candidates(
            data["category"],
            region,
            by=request.user,
            regencies=list(data["regencies"]) or None,
            villages=data["villages"] or None,
            employers=data["employers"] or None,
        )
    except ReviewError as refused:
        messages.error(request, str(refused))
        return redirect(target)
    if not added:
        messages.warning(request, why_nothing_added(data["category"], chosen=chosen))
        return redirect(f"{target}?kategori={data['category'].pk}")
    _report_missing_data(request, added, edition)
    messages.success(
        request,
        ngettext(
            "%(count)s candidate added.", "%(count)s candidates added.", len(added)
        )
        % {"count": len(added)},
    )
    return redirect(f"{target}?kategori={data['category'].pk}")


def _report_missing_data(
    request: HttpRequest, added: list[Candidate], edition: Edition
) -> None:
    """Say which new candidates cannot be shortlisted yet for want of approved data."""
    approved = selectors.approved_data(added, edition.assessment_year)
    missing = [c.subject_name for c in added if c.pk not in approved]
    if missing:
        messages.info(
            request,
            _(
                "No approved data for %(year)s yet for: %(names)s. They can be "
                "shortlisted once their data is approved."
            )
            % {"year": edition.assessment_year, "names": ", ".join(missing[:20])},
        )


@login_required
@require_POST
def candidates_shortlist(
    request: HttpRequest, year: int, province: str
) -> HttpResponse:
    """Shortlist the ticked candidates of a round, each by the usual rules."""
    edition = get_object_or_404(Edition, award_year=year)
    region = round_province(request, province)
    if not request.user.has_perm("nominations.run_round", region):
        raise PermissionDenied
    visible = Candidate.objects.for_user(request.user).in_round(edition, region.code)
    form = ShortlistForm(request.POST, candidates=visible)
    target = reverse("nominations:round", args=[edition.award_year, region.code])
    if not request.POST.getlist("candidates"):
        messages.error(request, _("Tick the candidates to shortlist."))
        return redirect(target)
    if not form.is_valid():
        return HttpResponseBadRequest(_("Choose candidates of this round only."))
    results = shortlist_candidates(
        list(
            form.cleaned_data["candidates"].select_related(
                "province", "regency", "village", "employer"
            )
        ),
        by=request.user,
    )
    _report_shortlist(request, results)
    return redirect(target)


def _report_shortlist(
    request: HttpRequest, results: list[tuple[Candidate, str | None]]
) -> None:
    done = [c.subject_name for c, refused in results if refused is None]
    if done:
        messages.success(
            request,
            _("Shortlisted: %(names)s.") % {"names": ", ".join(done)},
        )
    for candidate, refused in results:
        if refused is not None:
            messages.error(
                request,
                _("%(name)s was not shortlisted: %(reason)s")
                % {"name": candidate.subject_name, "reason": refused},
            )


def visible_candidate(request: HttpRequest, pk: int) -> Candidate:
    """The candidate, if the user may see it (404 otherwise, so that ids of other
    provinces reveal nothing)."""
    candidate = (
        Candidate.objects.select_related(
            "edition", "category", "province", "regency", "village", "employer"
        )
        .filter(pk=pk)
        .first()
    )
    if candidate is None or not request.user.has_perm(
        "nominations.view_candidate", candidate
    ):
        raise Http404(_("No such candidate."))
    return candidate


@login_required
def candidate_detail(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    return render(
        request, "nominations/candidate_detail.html", _context(request, candidate)
    )


DossierItem = TypeVar("DossierItem", Regulation, Innovation)
VERDICT_ACTIONS = frozenset(VERDICTS.values())
_history = Prefetch(
    "verification_steps", queryset=VerificationStep.objects.select_related("by")
)


def _context(
    request: HttpRequest, candidate: Candidate, **forms: Any
) -> dict[str, Any]:
    user = request.user
    annotated = selectors.with_dossier_counts(Candidate.objects.filter(pk=candidate.pk))
    may_run = user.has_perm("nominations.run_round", candidate)
    actions = [
        t
        for t in CANDIDATE.allowed(candidate.status)
        if user.has_perm(t.permission, candidate)
    ]
    interview = getattr(candidate, "interview", None)
    report = selectors.approved_report(candidate)
    return {
        "candidate": candidate,
        "report": report,
        "figures": derived(report) if report else None,
        "steps": candidate.steps.select_related("by"),
        "actions": actions,
        "action_form": ActionForm(),
        # A region candidate's approved data is the report just read.
        "has_data": report is not None
        if not candidate.employer_id
        else has_approved_data(candidate),
        "completeness": selectors.completeness(
            annotated.select_related("category").get()
        ),
        "regulations": _with_verdicts(
            candidate.regulations.select_related("verified_by").prefetch_related(
                _history
            )
        ),
        "innovations": _with_verdicts(
            candidate.innovations.select_related("verified_by").prefetch_related(
                "evidence", _history
            )
        ),
        "may_edit": user.has_perm("nominations.edit_dossier", candidate),
        "may_verify": user.has_perm("nominations.verify_dossier", candidate),
        "interview": interview,
        "regulation_form": forms.get("regulation_form") or RegulationForm(),
        "innovation_form": forms.get("innovation_form") or InnovationForm(),
        "evidence_form": EvidenceForm(),
        "verify_form": VerifyForm(),
        "schedule_form": ScheduleForm(
            candidate=candidate,
            initial={"slot": interview.slot_id if interview else None},
        ),
        "attendance_form": AttendanceForm(),
        "may_run": may_run,
    }


def _with_verdicts(items: QuerySet[DossierItem]) -> list[DossierItem]:
    """The items, each with the verdicts its verification allows (`verdicts`: the
    verifier's transitions of `VERIFICATION` from its state), for the verify form."""
    listed = list(items)
    for item in listed:
        allowed = VERIFICATION.allowed(item.verification)
        item.verdicts = [  # type: ignore[attr-defined]
            t for t in allowed if t.name in VERDICT_ACTIONS
        ]
    return listed


@login_required
@require_POST
def candidate_action(request: HttpRequest, pk: int) -> HttpResponse:
    candidate = visible_candidate(request, pk)
    form = ActionForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            take_action(
                candidate,
                data["action"],
                by=request.user,
                reason=data["reason"],
                rank=data["rank"],
                title=data["title"],
            )
            messages.success(request, _("Saved."))
        except ReviewError as refused:
            messages.error(request, str(refused))
    return redirect(candidate)
