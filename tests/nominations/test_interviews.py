"""Interview slots, scheduling and attendance (nominations.services.interviews). The
round is province 15's in the `world`; in person needs a place, online a link, hybrid
both; the head of region attends with at most two officials."""

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from nominations.models import Candidate, Interview, InterviewSlot
from nominations.services.interviews import create_slot, record_attendance, schedule
from review.workflow import ReviewError
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

S = Candidate.Status
Mode = InterviewSlot.Mode
NINE = datetime(2025, 9, 10, 9, 0, tzinfo=ZoneInfo("Asia/Jakarta"))
PLACE = "Ruang Rapat Kantor Gubernur Jambi"
LINK = "https://meet.example.org/paritrana-jambi"
NEEDS_PLACE = "An interview in person needs a place."
NEEDS_LINK = "An online interview needs a meeting link."
KEPALA_DINAS = {"name": "Budi Santoso", "position": "Kepala Disnakertrans"}
SEKDA = {"name": "Sri Wahyuni", "position": "Sekretaris Daerah"}
ASISTEN = {"name": "Andi Pratama", "position": "Asisten II"}


@pytest.fixture
def round_a(world):
    return ProvincialRoundFactory(edition=EditionFactory(), province=world.prov_a)


def _slot_fields(round_, **fields):
    return {
        "category": CategoryFactory(edition=round_.edition),
        "starts_at": NINE,
        "ends_at": NINE + timedelta(hours=1),
        **fields,
    }


def _interview(world, slot, **kwargs):
    candidate = CandidateFactory(
        category=slot.category, regency=world.reg_a1, status=S.SHORTLISTED
    )
    return Interview.objects.create(candidate=candidate, slot=slot, **kwargs)


# create_slot


@pytest.mark.parametrize(
    ("mode", "place", "link"),
    [
        (Mode.LURING, PLACE, ""),
        (Mode.DARING, "", LINK),
        (Mode.HYBRID, PLACE, LINK),
    ],
)
def test_create_slot_keeps_a_slot_with_what_its_mode_needs(
    world, round_a, mode, place, link
):
    fields = _slot_fields(round_a, mode=mode, place=place, meeting_link=link)

    slot = create_slot(round_a, by=world.users["panitia_a"], **fields)

    slot.refresh_from_db()
    assert (slot.round, slot.mode, slot.place, slot.meeting_link, slot.starts_at) == (
        round_a,
        mode,
        place,
        link,
        NINE,
    )


@pytest.mark.parametrize(
    ("mode", "place", "link", "problems"),
    [
        (Mode.LURING, "  ", LINK, {"place": [NEEDS_PLACE]}),
        (Mode.DARING, PLACE, "", {"meeting_link": [NEEDS_LINK]}),
        (Mode.HYBRID, PLACE, "", {"meeting_link": [NEEDS_LINK]}),
        (Mode.HYBRID, "", LINK, {"place": [NEEDS_PLACE]}),
        (Mode.HYBRID, "", "", {"place": [NEEDS_PLACE], "meeting_link": [NEEDS_LINK]}),
    ],
    ids=["luring", "daring", "hybrid-no-link", "hybrid-no-place", "hybrid-neither"],
)
def test_create_slot_refuses_a_slot_without_what_its_mode_needs(
    world, round_a, mode, place, link, problems
):
    fields = _slot_fields(round_a, mode=mode, place=place, meeting_link=link)

    with pytest.raises(ValidationError) as refused:
        create_slot(round_a, by=world.users["panitia_a"], **fields)

    assert (refused.value.message_dict, InterviewSlot.objects.count()) == (problems, 0)


def test_create_slot_refuses_a_category_of_another_edition(world, round_a):
    other = CategoryFactory(edition=EditionFactory(award_year=2024))
    fields = _slot_fields(round_a, category=other, mode=Mode.LURING, place=PLACE)

    with pytest.raises(ValidationError) as refused:
        create_slot(round_a, by=world.users["panitia_a"], **fields)

    assert (refused.value.message_dict, InterviewSlot.objects.count()) == (
        {"category": ["Choose a category of this edition."]},
        0,
    )


def test_create_slot_refuses_a_slot_ending_before_it_starts(world, round_a):
    fields = _slot_fields(
        round_a, mode=Mode.LURING, place=PLACE, ends_at=NINE - timedelta(hours=1)
    )

    with pytest.raises(ValidationError) as refused:
        create_slot(round_a, by=world.users["panitia_a"], **fields)

    assert (refused.value.messages, InterviewSlot.objects.count()) == (
        ["A slot must end after it starts."],
        0,
    )


@pytest.mark.parametrize("user_key", ["panitia_b", "petugas_a", "penilai"])
def test_create_slot_by_anyone_but_the_province_committee_is_denied(
    world, round_a, user_key
):
    fields = _slot_fields(round_a, mode=Mode.LURING, place=PLACE)

    with pytest.raises(PermissionDenied):
        create_slot(round_a, by=world.users[user_key], **fields)

    assert InterviewSlot.objects.count() == 0


# schedule


def test_schedule_gives_a_shortlisted_candidate_its_slot(world, round_a):
    slot = InterviewSlotFactory(round=round_a)
    candidate = CandidateFactory(
        category=slot.category, regency=world.reg_a1, status=S.SHORTLISTED
    )

    interview = schedule(candidate, slot, by=world.users["panitia_a"])

    assert list(Interview.objects.values_list("pk", "candidate", "slot")) == [
        (interview.pk, candidate.pk, slot.pk)
    ]


def test_schedule_again_moves_the_candidate_to_the_new_slot(world, round_a):
    first = InterviewSlotFactory(round=round_a)
    later = InterviewSlotFactory(
        round=round_a, category=first.category, starts_at=NINE + timedelta(hours=2)
    )
    candidate = CandidateFactory(
        category=first.category, regency=world.reg_a1, status=S.SHORTLISTED
    )
    schedule(candidate, first, by=world.users["panitia_a"])

    schedule(candidate, later, by=world.users["panitia_a"])

    assert list(Interview.objects.values_list("candidate", "slot")) == [
        (candidate.pk, later.pk)
    ]


@pytest.mark.parametrize(
    "status", [S.CANDIDATE, S.RETURNED, S.INTERVIEWED, S.NOT_SELECTED]
)
def test_schedule_refuses_a_candidate_not_shortlisted(world, round_a, status):
    slot = InterviewSlotFactory(round=round_a)
    candidate = CandidateFactory(
        category=slot.category, regency=world.reg_a1, status=status
    )

    with pytest.raises(ReviewError) as refused:
        schedule(candidate, slot, by=world.users["panitia_a"])

    assert (str(refused.value), Interview.objects.count()) == (
        "Only shortlisted candidates are interviewed.",
        0,
    )


@pytest.mark.parametrize("other", ["province", "category"])
def test_schedule_refuses_a_candidate_of_another_round_or_category(
    world, round_a, other
):
    slot = InterviewSlotFactory(round=round_a)
    candidate = CandidateFactory(
        category=slot.category
        if other == "province"
        else CategoryFactory(edition=round_a.edition),
        regency=world.reg_b1 if other == "province" else world.reg_a1,
        status=S.SHORTLISTED,
    )

    with pytest.raises(ReviewError) as refused:
        schedule(candidate, slot, by=world.users["admin"])

    assert (str(refused.value), Interview.objects.count()) == (
        "The slot is for another province or category.",
        0,
    )


@pytest.mark.parametrize("user_key", ["panitia_b", "verifikator_kanwil_a", "penilai"])
def test_schedule_by_anyone_but_the_province_committee_is_denied(
    world, round_a, user_key
):
    slot = InterviewSlotFactory(round=round_a)
    candidate = CandidateFactory(
        category=slot.category, regency=world.reg_a1, status=S.SHORTLISTED
    )

    with pytest.raises(PermissionDenied):
        schedule(candidate, slot, by=world.users[user_key])

    assert Interview.objects.count() == 0


# record_attendance


@pytest.mark.parametrize(
    ("head_attended", "representatives"),
    [(True, []), (True, [SEKDA]), (False, [SEKDA, KEPALA_DINAS])],
)
def test_record_attendance_keeps_the_head_and_at_most_two_officials(
    world, round_a, head_attended, representatives
):
    interview = _interview(world, InterviewSlotFactory(round=round_a))

    record_attendance(
        interview,
        by=world.users["panitia_a"],
        head_attended=head_attended,
        representatives=representatives,
    )

    interview.refresh_from_db()
    assert (interview.head_attended, interview.representatives) == (
        head_attended,
        representatives,
    )


def test_record_attendance_refuses_three_officials(world, round_a):
    interview = _interview(world, InterviewSlotFactory(round=round_a))

    with pytest.raises(ReviewError) as refused:
        record_attendance(
            interview,
            by=world.users["panitia_a"],
            head_attended=False,
            representatives=[SEKDA, KEPALA_DINAS, ASISTEN],
        )

    interview.refresh_from_db()
    assert (str(refused.value), interview.head_attended, interview.representatives) == (
        "At most 2 officials represent the region.",
        None,
        [],
    )


def test_record_attendance_drops_blank_rows_and_spaces(world, round_a):
    interview = _interview(world, InterviewSlotFactory(round=round_a))

    record_attendance(
        interview,
        by=world.users["panitia_a"],
        head_attended=True,
        representatives=[
            {"name": " Sri Wahyuni ", "position": " Sekretaris Daerah"},
            {"name": "  ", "position": "Asisten II"},
            {"name": "Budi Santoso"},
        ],
    )

    interview.refresh_from_db()
    assert interview.representatives == [
        SEKDA,
        {"name": "Budi Santoso", "position": ""},
    ]


@pytest.mark.parametrize("user_key", ["panitia_b", "petugas_a", "penilai"])
def test_record_attendance_by_anyone_but_the_province_committee_is_denied(
    world, round_a, user_key
):
    interview = _interview(world, InterviewSlotFactory(round=round_a))

    with pytest.raises(PermissionDenied):
        record_attendance(
            interview,
            by=world.users[user_key],
            head_attended=True,
            representatives=[SEKDA],
        )

    interview.refresh_from_db()
    assert (interview.head_attended, interview.representatives) == (None, [])
