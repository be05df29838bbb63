"""Changing and cancelling interview slots (nominations.services.interviews and the
slot pages): a moved or cancelled slot tells the staff who follow its scheduled
candidates (the province's committee and the branch officers of their area); a
cancelled slot leaves the schedule and the calendar."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from accounts.models import Notification
from nominations.models import Candidate, Interview, InterviewSlot
from nominations.services.interviews import cancel_slot, schedule, update_slot
from review.workflow import ReviewError
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

WIB = ZoneInfo("Asia/Jakarta")
NINE = datetime(2025, 9, 10, 9, 0, tzinfo=WIB)
SLOTS = "/nominasi/2025/provinsi/15/jadwal/"
REASON = "Ruang rapat dipakai acara gubernur."


@pytest.fixture
def slot(world):
    """Jambi's 2025 slot of 10 Sep 09:00 with Kabupaten Kerinci scheduled."""
    edition = EditionFactory(award_year=2025)
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)
    slot = InterviewSlotFactory(round=round_, category=CategoryFactory(edition=edition))
    candidate = CandidateFactory(
        category=slot.category,
        regency=world.reg_a1,
        status=Candidate.Status.SHORTLISTED,
    )
    Interview.objects.create(candidate=candidate, slot=slot)
    return slot


@pytest.fixture
def committee(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    return client


def _told():
    return sorted((n.user.username, n.texts["en"]) for n in Notification.objects.all())


def _users(world, *keys):
    return sorted(world.users[key].username for key in keys)


def _edit_form(slot, **changed):
    return {
        "category": slot.category_id,
        "day": "2025-09-10",
        "starts": "13:00",
        "ends": "14:00",
        "mode": "luring",
        "place": "Ruang Pola",
        **changed,
    }


def test_update_slot_tells_the_candidate_followers_of_a_new_time(world, slot):
    later = NINE + timedelta(hours=4)

    update_slot(
        slot,
        by=world.users["panitia_a"],
        starts_at=later,
        ends_at=later + timedelta(hours=1),
    )

    text = (
        f"The interview of Kabupaten Kerinci was moved: now {slot}, "
        "Ruang Rapat Kantor Gubernur."
    )
    # Both branches serving Kerinci; the committee made the change itself.
    assert _told() == [
        (name, text) for name in _users(world, "petugas_a", "petugas_a2")
    ]


def test_update_slot_without_a_change_of_time_or_place_tells_nobody(world, slot):
    update_slot(slot, by=world.users["admin"], category=slot.category)

    assert _told() == []


def test_cancel_slot_frees_its_candidates_and_tells_why(world, slot):
    cancel_slot(slot, by=world.users["admin"], reason=f"  {REASON} ")

    slot.refresh_from_db()
    text = (
        f"The interview of Kabupaten Kerinci ({slot}) was cancelled; the "
        f"candidate will be given another slot. Reason: {REASON}"
    )
    assert (
        slot.is_cancelled,
        slot.cancel_reason,
        slot.cancelled_by,
        Interview.objects.count(),
        _told(),
    ) == (
        True,
        REASON,
        world.users["admin"],
        0,
        [
            (name, text)
            for name in _users(world, "panitia_a", "petugas_a", "petugas_a2")
        ],
    )


def test_cancel_slot_needs_a_reason(world, slot):
    with pytest.raises(ReviewError, match="Say why the slot is cancelled"):
        cancel_slot(slot, by=world.users["panitia_a"], reason="  ")

    assert InterviewSlot.objects.active().count() == 1


def test_cancel_slot_refuses_a_slot_whose_attendance_was_recorded(world, slot):
    Interview.objects.update(head_attended=True)

    with pytest.raises(ReviewError, match="Attendance was recorded"):
        cancel_slot(slot, by=world.users["panitia_a"], reason=REASON)

    assert (InterviewSlot.objects.active().count(), _told()) == (1, [])


def test_schedule_refuses_a_cancelled_slot(world, slot):
    candidate = Interview.objects.get().candidate
    cancel_slot(slot, by=world.users["panitia_a"], reason=REASON)

    with pytest.raises(ReviewError, match="This slot was cancelled"):
        schedule(candidate, slot, by=world.users["panitia_a"])


def test_slot_edit_page_moves_the_slot(committee, slot):
    response = committee.post(f"{SLOTS}{slot.pk}/ubah/", _edit_form(slot))

    slot.refresh_from_db()
    assert (response.status_code, response["Location"], slot.starts_at) == (
        302,
        SLOTS,
        NINE + timedelta(hours=4),
    )


def test_slot_edit_page_answers_crafted_input_with_400(committee, slot):
    response = committee.post(
        f"{SLOTS}{slot.pk}/ubah/", _edit_form(slot, day="٢٠٢٥-٠٩-١٠\x00")
    )

    slot.refresh_from_db()
    assert (response.status_code, slot.starts_at) == (400, NINE)


def test_slot_cancel_page_without_a_reason_answers_400(committee, slot):
    response = committee.post(f"{SLOTS}{slot.pk}/batal/", {"reason": "\x00"})

    assert (response.status_code, InterviewSlot.objects.active().count()) == (
        400,
        1,
    )


def test_a_cancelled_slot_leaves_the_schedule_and_the_calendar(committee, slot):
    committee.post(f"{SLOTS}{slot.pk}/batal/", {"reason": REASON})

    page = committee.get(SLOTS)
    calendar = committee.get(f"{SLOTS[:-1]}.ics")

    assert (
        list(page.context["slots"]),
        b"BEGIN:VEVENT" in calendar.content,
        committee.get(f"{SLOTS}{slot.pk}/ubah/").status_code,
    ) == ([], False, 404)


def test_slot_edit_page_of_another_province_committee_is_refused(client, world, slot):
    client.force_login(world.users["panitia_b"])

    response = client.get(f"{SLOTS}{slot.pk}/ubah/")

    assert response.status_code in (403, 404)


@pytest.mark.parametrize("count", [1, 3])
def test_slot_list_queries_do_not_grow_with_slots(
    committee, world, slot, count, django_assert_max_num_queries
):
    for hour in range(1, count):
        InterviewSlotFactory(
            round=slot.round,
            category=slot.category,
            starts_at=NINE + timedelta(hours=hour),
        )

    with django_assert_max_num_queries(21):
        response = committee.get(SLOTS)

    assert len(response.context["slots"]) == count


def test_slot_edit_page_of_a_huge_slot_number_is_not_found(committee, slot):
    response = committee.get(f"{SLOTS}99999999999999999999999/ubah/")

    assert response.status_code == 404
