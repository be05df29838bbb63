"""Interview slots against the round's interview dates and against each other
(nominations.services.interviews.create_slot and the schedule page): a day outside
the interview stage is refused naming the allowed dates; an overlap is kept only
once the committee confirms it."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError

from nominations.models import InterviewSlot, RoundStage, Stage
from nominations.services.interviews import SlotOverlapError, create_slot
from tests.factories import (
    CategoryFactory,
    EditionFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

WIB = ZoneInfo("Asia/Jakarta")
SLOTS = "/nominasi/2024/provinsi/15/jadwal/"
OUTSIDE = (
    "Interviews of this round take place from 17 Jun 2024 to 12 Jul 2024: "
    "choose a day in that period."
)


@pytest.fixture
def round_2024(world):
    """The 2024 round of Jambi, its interview stage 17 Jun–12 Jul 2024."""
    edition = EditionFactory(award_year=2024)
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)
    RoundStage.objects.create(
        round=round_,
        kind=Stage.Kind.INTERVIEW,
        starts_on=date(2024, 6, 17),
        ends_on=date(2024, 7, 12),
    )
    return round_


@pytest.fixture
def committee(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    return client


def _fields(round_, day, hour=9, **fields):
    starts = datetime(day.year, day.month, day.day, hour, 0, tzinfo=WIB)
    return {
        "category": CategoryFactory(edition=round_.edition),
        "starts_at": starts,
        "ends_at": starts + timedelta(hours=1),
        "mode": InterviewSlot.Mode.LURING,
        "place": "Ruang Pola",
        **fields,
    }


def _form(category, day="2024-06-20", **changed):
    return {
        "category": str(category.pk),
        "day": day,
        "starts": "09:00",
        "ends": "10:00",
        "mode": "luring",
        "place": "Ruang Pola",
        **changed,
    }


def test_create_slot_refuses_a_day_outside_the_interview_stage(world, round_2024):
    fields = _fields(round_2024, date(2027, 3, 10))

    with pytest.raises(ValidationError) as refused:
        create_slot(round_2024, by=world.users["panitia_a"], **fields)

    assert (refused.value.message_dict, InterviewSlot.objects.count()) == (
        {"day": [OUTSIDE]},
        0,
    )


@pytest.mark.parametrize("day", [date(2024, 6, 17), date(2024, 7, 12)])
def test_create_slot_keeps_the_first_and_last_day_of_the_stage(world, round_2024, day):
    slot = create_slot(
        round_2024, by=world.users["panitia_a"], **_fields(round_2024, day)
    )

    assert slot.starts_at.astimezone(WIB).date() == day


def test_create_slot_uses_the_edition_interview_stage_without_round_dates(world):
    edition = EditionFactory(award_year=2024)
    Stage.objects.create(
        edition=edition,
        kind=Stage.Kind.INTERVIEW,
        starts_on=date(2024, 8, 1),
        ends_on=date(2024, 8, 2),
    )
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)

    with pytest.raises(ValidationError) as refused:
        create_slot(
            round_, by=world.users["panitia_a"], **_fields(round_, date(2024, 8, 3))
        )

    assert refused.value.message_dict["day"] == [
        "Interviews of this round take place from 1 Aug 2024 to 2 Aug 2024: "
        "choose a day in that period."
    ]


def test_create_slot_asks_to_confirm_an_overlap(world, round_2024):
    other = InterviewSlotFactory(
        round=round_2024, starts_at=datetime(2024, 6, 20, 9, 30, tzinfo=WIB)
    )
    fields = _fields(round_2024, date(2024, 6, 20))

    with pytest.raises(SlotOverlapError) as refused:
        create_slot(round_2024, by=world.users["panitia_a"], **fields)

    assert (refused.value.others, InterviewSlot.objects.count()) == ([other], 1)


def test_create_slot_keeps_a_confirmed_overlap(world, round_2024):
    InterviewSlotFactory(
        round=round_2024, starts_at=datetime(2024, 6, 20, 9, 30, tzinfo=WIB)
    )
    fields = _fields(round_2024, date(2024, 6, 20))

    create_slot(
        round_2024, by=world.users["panitia_a"], overlap_confirmed=True, **fields
    )

    assert InterviewSlot.objects.count() == 2


def test_create_slot_ignores_cancelled_and_adjacent_slots(world, round_2024):
    InterviewSlotFactory(
        round=round_2024,
        starts_at=datetime(2024, 6, 20, 9, 0, tzinfo=WIB),
        cancelled_at=datetime(2024, 6, 1, tzinfo=WIB),
    )
    InterviewSlotFactory(
        round=round_2024, starts_at=datetime(2024, 6, 20, 10, 0, tzinfo=WIB)
    )

    create_slot(
        round_2024,
        by=world.users["panitia_a"],
        **_fields(round_2024, date(2024, 6, 20)),
    )

    assert InterviewSlot.objects.count() == 3


def test_slot_page_refuses_10_march_2027_for_the_2024_round(committee, round_2024):
    category = CategoryFactory(edition=round_2024.edition)

    response = committee.post(SLOTS, _form(category, day="2027-03-10"))

    assert (
        response.status_code,
        response.context["form"].errors,
        InterviewSlot.objects.count(),
    ) == (400, {"day": [OUTSIDE]}, 0)


def test_slot_page_names_the_interview_dates(committee, round_2024):
    response = committee.get(SLOTS)

    assert (
        "Interviews of this round take place from 17 Jun 2024 to 12 Jul 2024."
        in response.content.decode()
    )


def test_slot_page_offers_a_confirmation_on_an_overlap(committee, round_2024):
    category = CategoryFactory(edition=round_2024.edition)
    InterviewSlotFactory(
        round=round_2024, starts_at=datetime(2024, 6, 20, 9, 30, tzinfo=WIB)
    )

    refused = committee.post(SLOTS, _form(category))
    kept = committee.post(SLOTS, _form(category, overlap_confirmed="on"))

    assert (
        refused.status_code,
        "overlap_confirmed" in refused.context["form"].fields,
        kept.status_code,
        InterviewSlot.objects.count(),
    ) == (400, True, 302, 2)


@pytest.mark.parametrize(
    "changed",
    [
        {"day": "2024-06-2\x000"},
        {"day": "٢٠٢٤-٠٦-٢٠"},
        {"day": "99999-06-20"},
        {"starts": "99:99"},
        {"ends": "١٠:٠٠"},
        {"place": "Ruang\x00Pola"},
        {"mode": "teleport"},
    ],
)
def test_slot_page_answers_crafted_input_with_400(committee, round_2024, changed):
    category = CategoryFactory(edition=round_2024.edition)

    response = committee.post(SLOTS, _form(category, **changed))

    assert (response.status_code, InterviewSlot.objects.count()) == (400, 0)


def test_slot_page_answers_a_huge_category_with_400(committee, round_2024):
    data = {**_form(CategoryFactory(edition=round_2024.edition))}
    data["category"] = "999999999999999999999"

    response = committee.post(SLOTS, data)

    assert (response.status_code, InterviewSlot.objects.count()) == (400, 0)


def test_slot_page_answers_missing_keys_with_400(committee, round_2024):
    response = committee.post(SLOTS, {"mode": "luring"})

    assert (response.status_code, InterviewSlot.objects.count()) == (400, 0)
