"""A panel's scoring progress (member × candidate), closing its scoring when
every sheet is in, and the chair reopening it with a reason."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from review.refusals import ReviewError
from scoring.models import Panel
from scoring.progress import SheetState, progress
from scoring.services.closing import (
    IncompleteScoringError,
    close_scoring,
    reopen_scoring,
)
from scoring.transitions import PANEL


def _panel(request: HttpRequest, pk: int, permission: str) -> Panel:
    panel = get_object_or_404(
        Panel.objects.select_related(
            "edition", "round__province", "round__edition", "scoring_closed_by"
        ),
        pk=pk,
    )
    if not request.user.has_perm(permission, panel):
        raise PermissionDenied
    return panel


def _page(
    request: HttpRequest, panel: Panel, *, error: str = "", status: int = 200
) -> HttpResponse:
    user = request.user
    found = progress(panel)
    may_key = bool(found.members) and user.has_perm(
        "scoring.enter_sheet_for", found.members[0]
    )
    context = {
        "panel": panel,
        "progress": found,
        "total": found.total,
        "states": SheetState,
        "may_key": may_key,
        "may_close": PANEL.allows("close", panel.scoring_status)
        and user.has_perm("scoring.close_scoring", panel),
        "may_reopen": PANEL.allows("reopen", panel.scoring_status)
        and user.has_perm("scoring.reopen_scoring", panel),
        "steps": panel.steps.select_related("by"),
        "error": error,
    }
    return render(request, "scoring/panel_progress.html", context, status=status)


@login_required
def panel_progress(request: HttpRequest, pk: int) -> HttpResponse:
    """Who has scored what, what is missing and the conflicts, for the panel."""
    return _page(request, _panel(request, pk, "scoring.view_progress"))


@login_required
@require_POST
def scoring_close(request: HttpRequest, pk: int) -> HttpResponse:
    """Close the panel's scoring; refused with what is missing while incomplete."""
    panel = _panel(request, pk, "scoring.close_scoring")
    try:
        close_scoring(panel, by=request.user)
    except IncompleteScoringError as incomplete:
        return _page(request, panel, error=str(incomplete), status=409)
    except ReviewError as refused:
        return _page(request, panel, error=str(refused), status=409)
    messages.success(request, _("Scoring is closed: the sheets are final."))
    return redirect("scoring:panel_progress", panel.pk)


@login_required
@require_POST
def scoring_reopen(request: HttpRequest, pk: int) -> HttpResponse:
    """The chair reopens the panel's scoring with a reason."""
    panel = _panel(request, pk, "scoring.reopen_scoring")
    try:
        reopen_scoring(panel, by=request.user, reason=request.POST.get("reason", ""))
    except ReviewError as refused:
        return _page(request, panel, error=str(refused), status=400)
    messages.success(request, _("Scoring is open again."))
    return redirect("scoring:panel_progress", panel.pk)
