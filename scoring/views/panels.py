"""Panel pages: members and the conflict matrix for those who run the panel, and
the form where a member declares a conflict of interest."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.models import Candidate, ProvincialRound
from review.refusals import ReviewError
from scoring.conflicts import Exclusion
from scoring.forms import AssignmentForm, DeclarationForm, MemberForm, RoleForm
from scoring.models import Panel, PanelMember
from scoring.selectors import conflicts, seats
from scoring.services.panels import (
    add_member,
    assign_candidates,
    create_panel,
    declare_conflict,
    remove_member,
    set_role,
)


def _panel(request: HttpRequest, pk: int, permission: str) -> Panel:
    panel = get_object_or_404(
        Panel.objects.select_related("edition", "round__province", "scoring_closed_by"),
        pk=pk,
    )
    if not request.user.has_perm(permission, panel):
        raise PermissionDenied
    return panel


def _panel_page(
    request: HttpRequest, panel: Panel, form: MemberForm | None = None
) -> HttpResponse:
    may_change = request.user.has_perm("scoring.change_members", panel)
    if form is None and may_change:
        form = MemberForm(panel=panel)
    context = {
        "panel": panel,
        "matrix": conflicts(panel),
        "form": form,
        "may_change": may_change and not panel.is_scoring_closed,
        "may_assign": not panel.is_scoring_closed,
        "may_view_progress": request.user.has_perm("scoring.view_progress", panel),
        "roles": PanelMember.Role.choices,
    }
    status = 400 if form is not None and form.errors else 200
    return render(request, "scoring/panel_detail.html", context, status=status)


@login_required
def panel_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The panel's members, roles and affiliations, and its conflict matrix."""
    return _panel_page(request, _panel(request, pk, "scoring.manage_panel"))


@login_required
def round_panel(request: HttpRequest, year: int, province: str) -> HttpResponse:
    """A round's Tim 9: its page, or set up here by the committee (POST)."""
    round_ = get_object_or_404(
        ProvincialRound.objects.select_related("edition"),
        edition__award_year=year,
        province=province,
    )
    if not request.user.has_perm("scoring.create_panel", round_):
        raise PermissionDenied
    panel = Panel.objects.filter(round=round_).first()
    if panel is None and request.method == "POST":
        panel = create_panel(round_.edition, round=round_, by=request.user)
        messages.success(request, _("The Tim 9 was set up: add its members."))
    if panel is not None:
        return redirect("scoring:panel", panel.pk)
    return render(request, "scoring/round_panel.html", {"round": round_})


@login_required
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Seat an assessor on the panel."""
    panel = _panel(request, pk, "scoring.change_members")
    form = MemberForm(request.POST, panel=panel)
    if form.is_valid():
        try:
            add_member(
                panel,
                form.cleaned_data["user"],
                by=request.user,
                **form.member_fields(),
            )
            messages.success(request, _("The assessor now sits on the panel."))
            return redirect("scoring:panel", panel.pk)
        except ReviewError as refused:
            form.add_error(None, str(refused))
    return _panel_page(request, panel, form)


@login_required
@require_POST
def member_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a member a subset of the panel's candidates (none: all of them)."""
    member = get_object_or_404(PanelMember, pk=pk)
    panel = _panel(request, member.panel_id, "scoring.manage_panel")
    form = AssignmentForm(request.POST, panel=panel)
    try:
        if not form.is_valid():
            raise ReviewError(_("Some candidates are not scored by this panel."))
        assign_candidates(member, form.cleaned_data["candidates"], by=request.user)
        messages.success(request, _("The member's candidates were set."))
    except ReviewError as refused:
        messages.error(request, str(refused))
    return redirect("scoring:panel", panel.pk)


@login_required
@require_POST
def member_change(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a member another role, or take them off the panel (`remove`)."""
    member = get_object_or_404(PanelMember.objects.select_related("panel"), pk=pk)
    _panel(request, member.panel_id, "scoring.change_members")
    try:
        if "remove" in request.POST:
            remove_member(member, by=request.user)
            messages.success(request, _("The member left the panel."))
        else:
            form = RoleForm(request.POST)
            if not form.is_valid():
                raise ReviewError(_("Choose a role: chair, secretary or member."))
            set_role(member, form.cleaned_data["role"], by=request.user)
            messages.success(request, _("The member's role was changed."))
    except ReviewError as refused:
        messages.error(request, str(refused))
    return redirect("scoring:panel", member.panel_id)


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
