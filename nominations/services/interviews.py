"""Interview slots of a provincial round, who is interviewed when, and who came."""

from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from nominations.models import (
    MAX_REPRESENTATIVES,
    Candidate,
    Interview,
    InterviewSlot,
    ProvincialRound,
)
from nominations.services.editions import check_round_open
from review.workflow import ReviewError

Mode = InterviewSlot.Mode


def _may_run(round_: ProvincialRound, by: Any) -> None:
    if not by.has_perm("nominations.run_round", round_):
        raise PermissionDenied(_("You do not run this province's round."))
    check_round_open(round_.edition, round_.province_id)


def create_slot(round_: ProvincialRound, *, by: Any, **fields: Any) -> InterviewSlot:
    """Add an interview slot: in person needs a place, online a meeting link,
    hybrid both."""
    _may_run(round_, by)
    slot = InterviewSlot(round=round_, **fields)
    slot.full_clean()
    problems = {}
    if slot.mode in (Mode.LURING, Mode.HYBRID) and not slot.place.strip():
        problems["place"] = _("An interview in person needs a place.")
    if slot.mode in (Mode.DARING, Mode.HYBRID) and not slot.meeting_link:
        problems["meeting_link"] = _("An online interview needs a meeting link.")
    if slot.category.edition_id != round_.edition_id:
        problems["category"] = _("Choose a category of this edition.")
    if problems:
        raise ValidationError(problems)
    slot.save()
    return slot


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
