"""Editions and provincial rounds: the list, an edition's national overview and a
province's committee dashboard."""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations import selectors
from nominations.forms.rounds import (
    AddCandidatesForm,
    EditionForm,
    EditionStagesForm,
    RoundDatesForm,
)
from nominations.models import Candidate, Edition, ProvincialRound
from nominations.services.editions import (
    copy_edition,
    set_round_dates,
    set_round_status,
    start_round,
    update_edition,
)
from regions.models import Province
from review.numbers import whole_number
from review.workflow import ReviewError


def _edition(year: int) -> Edition:
    return get_object_or_404(Edition, award_year=year)


@login_required
def edition_list(request: HttpRequest) -> HttpResponse:
    if not request.user.has_perm("nominations.view_editions"):
        raise PermissionDenied
    editions = Edition.objects.all()
    return render(request, "nominations/edition_list.html", {"editions": editions})


@login_required
def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    """The edition's categories and stages; the provinces' progress for the
    national secretariat, the user's own provinces for everyone else."""
    user: Any = request.user
    if not user.has_perm("nominations.view_editions"):
        raise PermissionDenied
    edition = _edition(year)
    provinces = Province.objects.for_user(user).order_by("code")
    context = {
        "edition": edition,
        "categories": edition.categories.select_related("zone", "parent"),
        "stages": edition.stages.all(),
        "progress": province_rows(user, edition, provinces),
        "can_copy": user.has_perm("nominations.manage_editions"),
        "can_change": user.has_perm("nominations.change_edition"),
    }
    return render(request, "nominations/edition_detail.html", context)


EMPTY_PROGRESS = dict.fromkeys(
    ("candidates", "shortlisted", "interviews", "winners", "advanced"), 0
)


def province_rows(user: Any, edition: Edition, provinces: Any) -> list[dict]:
    """Every province the user follows, with its round's progress; provinces that
    have not started are listed too, with whether the user may start them."""
    progress = {row["province_id"]: row for row in selectors.national_progress(edition)}
    rows = []
    for province in provinces:
        row = progress.get(province.code) or {**EMPTY_PROGRESS, "round": None}
        rows.append(
            {
                **row,
                "province": province,
                "province_id": province.code,
                "may_start": row["round"] is None
                and user.has_perm("nominations.run_round", province),
            }
        )
    return rows


@login_required
@require_POST
def edition_copy(request: HttpRequest, year: int) -> HttpResponse:
    edition = _edition(year)
    try:
        target = whole_number(request.POST.get("award_year", ""), max_digits=4)
        if target is None:
            raise ValueError
        copy = copy_edition(edition, award_year=target, by=request.user)
    except ValueError:
        messages.error(
            request,
            _("Give the award year of the new edition in four digits, e.g. 2026."),
        )
        return redirect(edition)
    except ReviewError as refused:
        messages.error(request, str(refused))
        return redirect(edition)
    messages.success(request, _("%(name)s was set up.") % {"name": copy.name})
    lost = selectors.zones_not_copied(edition, copy)
    if lost:
        messages.warning(
            request,
            _(
                "%(year)s has no zones of these names yet, so these categories have "
                "no zone: %(names)s. Create the zones, then set them in the admin."
            )
            % {"year": target, "names": ", ".join(lost)},
        )
    return redirect(copy)


@login_required
def edition_edit(request: HttpRequest, year: int) -> HttpResponse:
    """The national admin changes an edition's name, years, status, limit and
    stage dates."""
    if not request.user.has_perm("nominations.change_edition"):
        raise PermissionDenied
    edition = _edition(year)
    data = request.POST if request.method == "POST" else None
    form = EditionForm(data, instance=edition)
    stages = EditionStagesForm(data, edition=edition)
    if data is not None and form.is_valid() and stages.is_valid():
        update_edition(
            form.save(commit=False),
            changed=form.changed_data,
            stage_dates=stages.dates(),
            by=request.user,
        )
        messages.success(request, _("The edition was saved."))
        return redirect(edition)
    context = {"edition": _edition(year), "form": form, "stages": stages}
    status = 400 if data is not None else 200
    return render(request, "nominations/edition_edit.html", context, status=status)


def round_province(request: HttpRequest, province: str) -> Province:
    """The province, if the user may follow its round (404 otherwise)."""
    found = Province.objects.filter(code=province).first()
    if found is None or not request.user.has_perm("nominations.view_round", found):
        raise Http404(_("No such provincial round."))
    return found


@login_required
def round_detail(request: HttpRequest, year: int, province: str) -> HttpResponse:
    """The committee's dashboard: candidates per category with their data,
    dossier completeness and interview slot; adding candidates; the stages."""
    edition = _edition(year)
    region = round_province(request, province)
    if request.method == "POST":
        return _change_round_status(request, edition, region)
    round_ = ProvincialRound.objects.filter(edition=edition, province=region).first()
    category = request.GET.get("kategori", "")
    employer_search = request.GET.get("pemberi_kerja", "")
    visible = Candidate.objects.for_user(request.user).in_round(edition, region.code)
    rows = selectors.round_candidates(visible, edition, category=whole_number(category))
    may_run = request.user.has_perm("nominations.run_round", region)
    context = {
        "edition": edition,
        "province": region,
        "round": round_,
        "rows": rows,
        "category": category,
        "may_run": may_run,
        # The bulk shortlist only when a listed candidate can still be shortlisted.
        "may_pick": may_run
        and any(r["candidate"].status == Candidate.Status.CANDIDATE for r in rows),
        "add_form": AddCandidatesForm(
            edition=edition, province=region, employer_search=employer_search
        )
        if may_run
        else None,
        "employer_search": employer_search,
        "statuses": ProvincialRound.Status.choices,
        "may_change_status": bool(
            round_ and request.user.has_perm("nominations.change_round_status", round_)
        ),
        "round_steps": round_.steps.select_related("by") if round_ else [],
        "dates_form": RoundDatesForm(round_=round_) if may_run and round_ else None,
    }
    return render(request, "nominations/round_detail.html", context)


def _change_round_status(
    request: HttpRequest, edition: Edition, province: Province
) -> HttpResponse:
    """Start the round, set its own stage dates, or move it to another stage."""
    try:
        if "start" in request.POST:
            return redirect(start_round(edition, province, by=request.user))
        round_ = get_object_or_404(ProvincialRound, edition=edition, province=province)
        if "dates" in request.POST:
            _save_dates(request, round_)
        else:
            set_round_status(
                round_,
                request.POST.get("status", ""),
                by=request.user,
                reason=request.POST.get("reason", ""),
            )
        messages.success(request, _("Saved."))
    except ReviewError as refused:
        messages.error(request, str(refused))
    return redirect("nominations:round", edition.award_year, province.code)


def _save_dates(request: HttpRequest, round_: ProvincialRound) -> None:
    form = RoundDatesForm(request.POST, round_=round_)
    if not form.is_valid():
        raise ReviewError(" ".join(form.problems()))
    set_round_dates(round_, form.dates(), by=request.user)
