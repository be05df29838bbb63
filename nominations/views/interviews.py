"""A provincial round's interview schedule, its calendar file, and a candidate's
interview (slot and attendance)."""

from collections.abc import Callable
from functools import partial
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from nominations.calendar import calendar_key, opens, slots_calendar
from nominations.forms.rounds import (
    AttendanceForm,
    CancelSlotForm,
    ScheduleForm,
    SlotForm,
)
from nominations.models import Edition, InterviewSlot, ProvincialRound
from nominations.services import interviews
from nominations.services.interviews import SlotOverlapError
from nominations.views.candidates import visible_candidate
from nominations.views.editions import round_province
from review.filenames import in_language
from review.workflow import ReviewError


def _slots(round_: ProvincialRound) -> QuerySet[InterviewSlot]:
    return (
        InterviewSlot.objects.active()
        .filter(round=round_)
        .select_related("category")
        .prefetch_related(
            "interviews__candidate__regency",
            "interviews__candidate__employer",
            "interviews__candidate__village",
            "interviews__candidate__province",
        )
    )


def _round(request: HttpRequest, year: int, province: str) -> ProvincialRound:
    edition = get_object_or_404(Edition, award_year=year)
    region = round_province(request, province)
    return get_object_or_404(
        ProvincialRound.objects.select_related("edition", "province"),
        edition=edition,
        province=region,
    )


def _save_slot(request: HttpRequest, form: SlotForm, save: Callable[..., Any]) -> bool:
    """Save through the service; its refusals go to the form. Whether it saved."""
    if not form.is_valid():
        return False
    try:
        save(
            by=request.user,
            overlap_confirmed=form.overlap_confirmed(),
            **form.slot_fields(),
        )
        return True
    except SlotOverlapError as overlap:
        form.offer_overlap()
        form.add_error(None, overlap.messages)
    except ValidationError as refused:
        for field, errors in refused.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    except ReviewError as refused:
        form.add_error(None, str(refused))
    return False


@login_required
def slot_list(request: HttpRequest, year: int, province: str) -> HttpResponse:
    """The schedule; the committee adds slots here."""
    round_ = _round(request, year, province)
    form = SlotForm(
        request.POST or None, edition=round_.edition, province=round_.province
    )
    if request.method == "POST":
        save = partial(interviews.create_slot, round_)
        if _save_slot(request, form, save):
            messages.success(request, _("The interview slot was added."))
            return redirect(request.path)
    first, last = interviews.interview_window(round_)
    context = {
        "edition": round_.edition,
        "province": round_.province,
        "round": round_,
        "slots": _slots(round_),
        "form": form,
        "may_run": request.user.has_perm("nominations.run_round", round_),
        "calendar_key": calendar_key(round_),
        "window": (first, last),
    }
    status = 400 if form.errors else 200
    return render(request, "nominations/slot_list.html", context, status=status)


def _runs_slot(request: HttpRequest, year: int, province: str, pk: int) -> Any:
    round_ = _round(request, year, province)
    if not request.user.has_perm("nominations.run_round", round_):
        raise PermissionDenied
    return get_object_or_404(
        InterviewSlot.objects.active().select_related("category", "round__edition"),
        pk=pk,
        round=round_,
    )


@login_required
def slot_edit(request: HttpRequest, year: int, province: str, pk: int) -> HttpResponse:
    """Change a slot, or cancel it with a reason."""
    slot = _runs_slot(request, year, province, pk)
    round_ = slot.round
    form = SlotForm(
        request.POST or None,
        edition=round_.edition,
        province=round_.province,
        slot=slot,
    )
    save = partial(interviews.update_slot, slot)
    if request.method == "POST" and _save_slot(request, form, save):
        messages.success(request, _("The interview slot was changed."))
        return redirect(interviews.slot_url(slot))
    context = {
        "slot": slot,
        "round": round_,
        "form": form,
        "cancel_form": CancelSlotForm(),
    }
    status = 400 if form.errors else 200
    return render(request, "nominations/slot_form.html", context, status=status)


@login_required
@require_POST
def slot_cancel(
    request: HttpRequest, year: int, province: str, pk: int
) -> HttpResponse:
    """Cancel a slot with a reason (400 without one)."""
    slot = _runs_slot(request, year, province, pk)
    form = CancelSlotForm(request.POST)
    if form.is_valid():
        try:
            interviews.cancel_slot(slot, by=request.user, **form.cleaned_data)
            messages.success(request, _("The interview slot was cancelled."))
            return redirect(interviews.slot_url(slot))
        except ReviewError as refused:
            form.add_error(None, str(refused))
    context = {
        "slot": slot,
        "round": slot.round,
        "form": SlotForm(
            edition=slot.round.edition, province=slot.round.province, slot=slot
        ),
        "cancel_form": form,
    }
    return render(request, "nominations/slot_form.html", context, status=400)


def slots_ics(request: HttpRequest, year: int, province: str) -> HttpResponse:
    """The round's schedule as an .ics file: for those who may follow the round,
    or for a calendar program holding the round's calendar key."""
    edition = get_object_or_404(Edition, award_year=year)
    round_ = get_object_or_404(ProvincialRound, edition=edition, province=province)
    if not opens(round_, request.GET.get("kunci", "")):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        round_province(request, province)
    name = _("Paritrana interviews %(province)s %(year)s") % {
        "province": round_.province.name,
        "year": year,
    }
    response = HttpResponse(
        slots_calendar(_slots(round_), name=name),
        content_type="text/calendar; charset=utf-8",
    )
    stem = in_language("wawancara", "interviews")
    response["Content-Disposition"] = (
        f'attachment; filename="{stem}-{province}-{year}.ics"'
    )
    return response


@login_required
@require_POST
def candidate_interview(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the candidate a slot, or record who attended its interview."""
    candidate = visible_candidate(request, pk)
    if not request.user.has_perm("nominations.run_round", candidate):
        raise PermissionDenied
    try:
        if "slot" in request.POST:
            _schedule(request, candidate)
        else:
            _attendance(request, candidate)
    except (ReviewError, PermissionDenied) as refused:
        messages.error(request, str(refused) or _("You may not do this."))
    return redirect(candidate)


def _schedule(request: HttpRequest, candidate: object) -> None:
    form = ScheduleForm(request.POST, candidate=candidate)
    if not form.is_valid():
        raise ReviewError(_("Choose an interview slot."))
    interviews.schedule(candidate, form.cleaned_data["slot"], by=request.user)  # type: ignore[arg-type]
    messages.success(request, _("The interview was scheduled."))


def _attendance(request: HttpRequest, candidate: object) -> None:
    interview = getattr(candidate, "interview", None)
    form = AttendanceForm(request.POST)
    if interview is None or not form.is_valid():
        raise ReviewError(_("Schedule the interview first, then say who attended."))
    interviews.record_attendance(
        interview,
        by=request.user,
        head_attended=form.cleaned_data["head_attended"],
        representatives=form.representatives(),
    )
    messages.success(request, _("The attendance was saved."))
