"""Interview slots of a provincial round, who is interviewed when, and who came."""

from datetime import date
from functools import partial
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.notifications import notify
from nominations.models import (
    MAX_REPRESENTATIVES,
    Candidate,
    Interview,
    InterviewSlot,
    ProvincialRound,
    Stage,
)
from nominations.services.editions import check_round_open
from regions.scoping import scopes_over
from review.workflow import ReviewError

Mode = InterviewSlot.Mode


def _may_run(round_: ProvincialRound, by: Any) -> None:
    if not by.has_perm("nominations.run_round", round_):
        raise PermissionDenied(_("You do not run this province's round."))
    check_round_open(round_.edition, round_.province_id)


class SlotOverlapError(ValidationError):
    """The slot overlaps others of the round: kept only once the committee
    confirms (two panels may interview at the same time)."""

    def __init__(self, others: list[InterviewSlot]):
        self.others = others
        super().__init__(
            _("This slot overlaps %(slots)s. Tick the confirmation to keep it anyway.")
            % {"slots": "; ".join(str(other) for other in others)}
        )


def interview_window(round_: ProvincialRound) -> tuple[date, date]:
    """The round's interview dates: its own, else the edition's interview stage,
    else the edition's whole period."""
    own = round_.stages.filter(kind=Stage.Kind.INTERVIEW).first()
    stage = own or round_.edition.stages.filter(kind=Stage.Kind.INTERVIEW).first()
    if stage is not None:
        return stage.starts_on, stage.ends_on
    return round_.edition.period_start, round_.edition.period_end


def _problems(round_: ProvincialRound, slot: InterviewSlot) -> dict[str, str]:
    """What the slot lacks for its mode, and whether it fits the round."""
    problems = {}
    if slot.mode in (Mode.LURING, Mode.HYBRID) and not slot.place.strip():
        problems["place"] = _("An interview in person needs a place.")
    if slot.mode in (Mode.DARING, Mode.HYBRID) and not slot.meeting_link:
        problems["meeting_link"] = _("An online interview needs a meeting link.")
    if slot.category.edition_id != round_.edition_id:
        problems["category"] = _("Choose a category of this edition.")
    first, last = interview_window(round_)
    day = timezone.localdate(slot.starts_at)
    if not first <= day <= last or timezone.localdate(slot.ends_at) != day:
        problems["day"] = _(
            "Interviews of this round take place from %(first)s to %(last)s: "
            "choose a day in that period."
        ) % {"first": date_format(first, "j M Y"), "last": date_format(last, "j M Y")}
    return problems


def _overlapping(slot: InterviewSlot) -> list[InterviewSlot]:
    return list(
        InterviewSlot.objects.active()
        .filter(
            round=slot.round, starts_at__lt=slot.ends_at, ends_at__gt=slot.starts_at
        )
        .exclude(pk=slot.pk)
        .select_related("category")
    )


def _check_slot(slot: InterviewSlot, *, overlap_confirmed: bool) -> None:
    slot.full_clean()
    problems = _problems(slot.round, slot)
    if problems:
        raise ValidationError(problems)
    others = _overlapping(slot)
    if others and not overlap_confirmed:
        raise SlotOverlapError(others)


def create_slot(
    round_: ProvincialRound,
    *,
    by: Any,
    overlap_confirmed: bool = False,
    **fields: Any,
) -> InterviewSlot:
    """Add an interview slot on a day of the round's interview stage: in person
    needs a place, online a meeting link, hybrid both; an overlap with another slot
    needs `overlap_confirmed`."""
    _may_run(round_, by)
    slot = InterviewSlot(round=round_, **fields)
    _check_slot(slot, overlap_confirmed=overlap_confirmed)
    slot.save()
    return slot


@transaction.atomic
def update_slot(
    slot: InterviewSlot,
    *,
    by: Any,
    overlap_confirmed: bool = False,
    **fields: Any,
) -> InterviewSlot:
    """Change a slot's time, mode, place or link (checked as when adding) and tell
    those following its scheduled candidates; returns the slot."""
    _may_change(slot, by)
    before = _when_and_where(slot)
    for name, value in fields.items():
        setattr(slot, name, value)
    _check_slot(slot, overlap_confirmed=overlap_confirmed)
    slot.save()
    if _when_and_where(slot) != before:
        _tell_candidates(slot, by=by, reason="")
    return slot


@transaction.atomic
def cancel_slot(slot: InterviewSlot, *, by: Any, reason: str) -> InterviewSlot:
    """Take a slot out of the schedule and the calendar, with a reason; its
    candidates lose their interview (to be scheduled again) and those following
    them are told."""
    _may_change(slot, by)
    reason = reason.strip()
    if not reason:
        raise ReviewError(_("Say why the slot is cancelled."))
    interviews = slot.interviews.select_related("candidate")
    if interviews.exclude(head_attended=None).exists():
        raise ReviewError(_("Attendance was recorded for this slot: it took place."))
    _tell_candidates(slot, by=by, reason=reason)
    interviews.delete()
    slot.cancelled_at = timezone.now()
    slot.cancelled_by = by
    slot.cancel_reason = reason
    slot.save(update_fields=["cancelled_at", "cancelled_by", "cancel_reason"])
    return slot


def _may_change(slot: InterviewSlot, by: Any) -> None:
    _may_run(slot.round, by)
    if slot.is_cancelled:
        raise ReviewError(_("This slot was cancelled."))


def _when_and_where(slot: InterviewSlot) -> tuple[Any, ...]:
    return (slot.starts_at, slot.ends_at, slot.mode, slot.place, slot.meeting_link)


def _tell_candidates(slot: InterviewSlot, *, by: Any, reason: str) -> None:
    """Notify, for each candidate scheduled in the slot, the staff who follow it:
    the province's committee and the branch officers of its area."""
    for interview in slot.interviews.select_related("candidate"):
        candidate = interview.candidate
        text = partial(_slot_notice, slot, candidate.subject_name, reason)
        notify(_followers(candidate).exclude(pk=by.pk), text, url=slot_url(slot))


def _followers(candidate: Candidate) -> Any:
    roles = [User.Role.PANITIA_PROVINSI, User.Role.PETUGAS_CABANG]
    return User.objects.filter(role__in=roles, is_active=True).filter(
        scopes_over(candidate)
    )


def _slot_notice(slot: InterviewSlot, name: str, reason: str) -> str:
    """The notice of a changed or cancelled slot, in the language now active."""
    if reason:
        return _(
            "The interview of %(name)s (%(slot)s) was cancelled; the candidate will "
            "be given another slot. Reason: %(reason)s"
        ) % {"name": name, "slot": slot, "reason": reason}
    return _("The interview of %(name)s was moved: now %(slot)s, %(where)s.") % {
        "name": name,
        "slot": slot,
        "where": slot.place or slot.meeting_link,
    }


def slot_url(slot: InterviewSlot) -> str:
    return reverse(
        "nominations:slots",
        args=[slot.round.edition.award_year, slot.round.province_id],
    )


@transaction.atomic
def schedule(candidate: Candidate, slot: InterviewSlot, *, by: Any) -> Interview:
    """Give a shortlisted candidate of the slot's round and category its slot (or
    move it to another one)."""
    _may_run(slot.round, by)
    if (candidate.province_id, candidate.category_id) != (
        slot.round.province_id,
        slot.category_id,
    ):
        raise ReviewError(_("The slot is for another province or category."))
    if slot.is_cancelled:
        raise ReviewError(_("This slot was cancelled."))
    if candidate.status != Candidate.Status.SHORTLISTED:
        raise ReviewError(_("Only shortlisted candidates are interviewed."))
    interview, _created = Interview.objects.update_or_create(
        candidate=candidate, defaults={"slot": slot}
    )
    return interview


def record_attendance(
    interview: Interview,
    *,
    by: Any,
    head_attended: bool,
    representatives: list[dict[str, str]],
) -> Interview:
    """Whether the head of region came, and the officials (at most two) who
    represented the region."""
    _may_run(interview.slot.round, by)
    people = [
        {"name": p.get("name", "").strip(), "position": p.get("position", "").strip()}
        for p in representatives
        if p.get("name", "").strip()
    ]
    if len(people) > MAX_REPRESENTATIVES:
        raise ReviewError(
            _("At most %(count)s officials represent the region.")
            % {"count": MAX_REPRESENTATIVES}
        )
    interview.head_attended = head_attended
    interview.representatives = people
    interview.save(update_fields=["head_attended", "representatives"])
    return interview
