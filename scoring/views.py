"""Panel pages: members and the conflict matrix for those who run the panel, and
the form where a member declares a conflict of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from nominations.models import Candidate
from review.refusals import ReviewError
from scoring.conflicts import Exclusion
from scoring.forms import DeclarationForm
from scoring.models import Panel
from scoring.selectors import conflicts, seats
from scoring.services.panels import declare_conflict


@login_required
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel's members, roles and affiliations, and its conflict matrix."""
    panel = get_object_or_404(
        Panel.objects.select_related("edition", "round__province"), pk=pk
    )
    if not request.user.has_perm("scoring.manage_panel", panel):
        raise PermissionDenied
    context = {"panel": panel, "matrix": conflicts(panel)}
    return render(request, "scoring/panel_detail.html", context)


@login_required
def conflict_declare(request: HttpRequest, pk: int) -> HttpResponse:
    """A member declares a conflict with a candidate of their panel, with a reason."""
    candidate = get_object_or_404(
        Candidate.objects.select_related("edition", "category"), pk=pk
    )
    if not request.user.has_perm("scoring.declare_conflict", candidate):
        raise PermissionDenied
    form = DeclarationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        # A declaration on any seat bars the person: a seat that has one comes
        # first, so that a second declaration is refused as such.
        open_seats = [
            member
            for member, exclusion in sorted(
                seats(request.user, candidate),
                key=lambda seat: seat[1] != Exclusion.DECLARED,
            )
            if not member.panel.is_scoring_closed
        ]
        try:
            if not open_seats:
                raise ReviewError(
                    _("You do not sit on a panel scoring this candidate.")
                )
            declare_conflict(
                open_seats[0],
                candidate,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
            messages.success(
                request,
                _("Your conflict was recorded: this candidate leaves your list."),
            )
            return redirect("home")
        except ReviewError as refused:
            form.add_error(None, str(refused))
    status = 400 if form.errors else 200
    context = {"candidate": candidate, "form": form}
    return render(request, "scoring/conflict_declare.html", context, status=status)
