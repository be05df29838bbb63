"""Score sheet pages: the sheet beside the candidate's summary and verified
dossier, the background draft save (`static/js/score_sheet.js`) answering the new
version in JSON, submitting, the chair's reopening and the secretary keying in a
paper sheet for a member."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.models import Candidate, Verification
from review.models import ReviewStatus
from review.refusals import ReviewError
from review.workflow import InvalidRecordError, StaleEditError, timeline
from scoring.models import Criterion, PanelMember, ScoreSheet, SheetScore
from scoring.selectors import seats
from scoring.services.sheets import (
    SCORING_CLOSED,
    open_sheet,
    reopen_sheet,
    rubric_criteria,
    save_sheet,
    submit_sheet,
)
from scoring.transitions import SHEET


@login_required
def sheet_open(request: HttpRequest, pk: int) -> HttpResponse:
    """The assessor's own sheet for the candidate, opened on first visit."""
    candidate = get_object_or_404(Candidate, pk=pk)
    if not request.user.has_perm("scoring.score_candidate", candidate):
        raise PermissionDenied
    seat = next(
        (
            member
            for member, exclusion in seats(request.user, candidate)
            if exclusion is None and not member.panel.is_scoring_closed
        ),
        None,
    )
    if seat is None:
        messages.error(request, _("You do not sit on a panel scoring this candidate."))
        return redirect("home")
    sheet = open_sheet(seat, candidate, by=request.user)
    return redirect("scoring:sheet", sheet.pk)


@login_required
def sheet_for(request: HttpRequest, member: int, candidate: int) -> HttpResponse:
    """The secretary opens a member's sheet to key in a paper sheet."""
    seat = get_object_or_404(PanelMember.objects.select_related("panel"), pk=member)
    if not request.user.has_perm("scoring.enter_sheet_for", seat):
        closed = seat.panel.is_scoring_closed
        leads = request.user.has_perm("scoring.view_progress", seat.panel)
        raise PermissionDenied(SCORING_CLOSED if closed and leads else "")
    try:
        sheet = open_sheet(
            seat, get_object_or_404(Candidate, pk=candidate), by=request.user
        )
    except ReviewError as refused:
        messages.error(request, str(refused))
        return redirect("home")
    return redirect("scoring:sheet", sheet.pk)


def _sheet(request: HttpRequest, pk: int) -> ScoreSheet:
    sheet = get_object_or_404(
        ScoreSheet.objects.select_related(
            "member__panel__round", "member__user", "candidate__category", "entered_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm("scoring.view_sheet", sheet):
        raise PermissionDenied
    return sheet


def parse_values(
    data: QueryDict, criteria: list[Criterion]
) -> tuple[dict[int, int | None], dict[int, str]]:
    """Levels and notes posted as `level-<criterion id>` (a level id or blank)
    and `note-<criterion id>`; criteria not posted keep their values."""
    levels: dict[int, int | None] = {}
    notes: dict[int, str] = {}
    for criterion in criteria:
        level = data.get(f"level-{criterion.pk}")
        if level is not None:
            levels[criterion.pk] = int(level) if level.isdigit() else None
        note = data.get(f"note-{criterion.pk}")
        if note is not None:
            notes[criterion.pk] = note
    return levels, notes


def _version(data: QueryDict) -> int | None:
    version = data.get("version", "")
    return int(version) if version.isdigit() else None


@login_required
def sheet_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The sheet: saved (and, with `submit`, submitted) by the normal form."""
    sheet = _sheet(request, pk)
    criteria = rubric_criteria(sheet)
    if request.method != "POST":
        return _page(request, sheet, criteria)
    if sheet.member.panel.is_scoring_closed:
        return _page(request, sheet, criteria, error=str(SCORING_CLOSED), status=403)
    levels, notes = parse_values(request.POST, criteria)
    version = _version(request.POST)
    if version is None:
        return _page(request, sheet, criteria, error=_("Reload the page."), status=400)
    try:
        save_sheet(
            sheet, levels=levels, notes=notes, by=request.user, expected_version=version
        )
        if "submit" in request.POST:
            submit_sheet(sheet, by=request.user, expected_version=sheet.version)
            messages.success(request, _("The score sheet was submitted."))
        else:
            messages.success(request, _("The draft was saved."))
    except StaleEditError as stale:
        return _page(request, sheet, criteria, error=str(stale), status=409)
    except InvalidRecordError as invalid:
        findings = [f.message for f in invalid.findings]
        return _page(request, sheet, criteria, findings=findings, status=400)
    return redirect("scoring:sheet", sheet.pk)


@login_required
@require_POST
def sheet_autosave(request: HttpRequest, pk: int) -> JsonResponse:
    """Save a draft in the background; answers the new version, or 409 with the
    current one when the page is stale."""
    sheet = _sheet(request, pk)
    if sheet.member.panel.is_scoring_closed:
        return JsonResponse({"error": str(SCORING_CLOSED)}, status=403)
    levels, notes = parse_values(request.POST, rubric_criteria(sheet))
    version = _version(request.POST)
    if version is None:
        return JsonResponse({"error": _("Reload the page.")}, status=400)
    try:
        save_sheet(
            sheet, levels=levels, notes=notes, by=request.user, expected_version=version
        )
    except PermissionDenied as denied:
        return JsonResponse({"error": str(denied)}, status=403)
    except StaleEditError as stale:
        body = {"error": str(stale), "version": stale.current_version}
        return JsonResponse(body, status=409)
    except InvalidRecordError as invalid:
        errors = [f.message for f in invalid.findings]
        return JsonResponse({"error": str(invalid), "findings": errors}, status=400)
    return JsonResponse({"version": sheet.version, "saved": True})


@login_required
@require_POST
def sheet_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair reopens a submitted sheet with a reason."""
    sheet = _sheet(request, pk)
    if not request.user.has_perm("scoring.reopen_sheet", sheet):
        closed = sheet.member.panel.is_scoring_closed
        raise PermissionDenied(SCORING_CLOSED if closed else "")
    try:
        reopen_sheet(sheet, by=request.user, reason=request.POST.get("reason", ""))
        messages.success(request, _("The score sheet was reopened."))
    except ReviewError as refused:
        messages.error(request, str(refused))
    return redirect("scoring:sheet", sheet.pk)


def _page(
    request: HttpRequest,
    sheet: ScoreSheet,
    criteria: list[Criterion],
    *,
    error: str = "",
    findings: list[str] | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    stored = {s.criterion_id: s for s in sheet.scores.all()}
    may_change = sheet.is_editable and user.has_perm("scoring.change_sheet", sheet)
    context: dict[str, Any] = {
        "sheet": sheet,
        "candidate": sheet.candidate,
        "rows": [(c, stored.get(c.pk)) for c in criteria],
        "may_change": may_change,
        "may_reopen": SHEET.allows("reopen", sheet.status)
        and user.has_perm("scoring.reopen_sheet", sheet),
        "may_view_candidate": user.has_perm(
            "nominations.view_candidate", sheet.candidate
        ),
        "regulations": sheet.candidate.regulations.filter(
            verification=Verification.VERIFIED
        ),
        "innovations": sheet.candidate.innovations.filter(
            verification=Verification.VERIFIED
        ).prefetch_related("evidence"),
        "others": _other_sheets(user, sheet),
        "steps": timeline(sheet),
        "error": error,
        "findings": findings or [],
    }
    return render(request, "scoring/sheet_detail.html", context, status=status)


def _other_sheets(user: Any, sheet: ScoreSheet) -> list[ScoreSheet] | None:
    """The panel's other submitted sheets for the candidate, or None while they
    stay hidden from the user."""
    if not user.has_perm("scoring.view_panel_scores", sheet.candidate):
        return None
    return list(
        ScoreSheet.objects.filter(
            member__panel_id=sheet.member.panel_id,
            candidate_id=sheet.candidate_id,
            status=ReviewStatus.SUBMITTED,
        )
        .exclude(pk=sheet.pk)
        .select_related("member__user")
        .prefetch_related(
            Prefetch(
                "scores",
                queryset=SheetScore.objects.select_related("criterion", "level"),
            )
        )
    )
