"""The interview pages (nominations.views.interviews): a slot the service refuses
keeps the committee on the form with the reason; attendance is recorded from the
candidate's page, and a schedule or attendance that cannot be saved says why."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from nominations.models import Candidate, Interview, InterviewSlot, ProvincialRound
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
)

SLOTS = "/nominasi/2025/provinsi/15/jadwal/"
CLOSED = (
    "This province's round is closed: its candidates, dossiers and interviews in "
    "Paritrana Award 2025 cannot be changed any more. The national admin can reopen "
    "the round, giving a reason."
)


@pytest.fixture
def award(world, client, english):
    """Edition 2025 with a kab/kota category and Jambi's round; Jambi's committee
    signed in, reading English pages."""
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    edition = EditionFactory(award_year=2025)
    category = CategoryFactory(edition=edition, name="Kabupaten/Kota")
    round_ = ProvincialRoundFactory(edition=edition, province=world.prov_a)
    return category, round_


def slot_form(category, **changed) -> dict:
    return {
        "category": category.pk,
        "day": "2025-09-10",
        "starts": "09:00",
        "ends": "10:00",
        "mode": "luring",
        "place": "Ruang Rapat Kantor Gubernur",
        **changed,
    }


def shortlisted(world, category):
    return CandidateFactory(
        category=category, regency=world.reg_a1, status=Candidate.Status.SHORTLISTED
    )


def interview_page(client, candidate, data: dict) -> list[str]:
    """Post to the candidate's interview form; the messages shown after it."""
    response = client.post(f"/nominasi/kandidat/{candidate.pk}/wawancara/", data)

    assert response.status_code == 302
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_slot_page_shows_a_missing_place_beside_its_field(client, award):
    category, _round = award

    response = client.post(SLOTS, slot_form(category, place=""))

    assert (
        response.status_code,
        response.context["form"].errors,
        InterviewSlot.objects.count(),
    ) == (400, {"place": ["An interview in person needs a place."]}, 0)


def test_slot_page_of_a_closed_round_says_it_is_closed(client, award):
    category, round_ = award
    ProvincialRound.objects.filter(pk=round_.pk).update(
        status=ProvincialRound.Status.CLOSED
    )

    response = client.post(SLOTS, slot_form(category))

    assert (
        response.status_code,
        response.context["form"].errors,
        InterviewSlot.objects.count(),
    ) == (400, {"__all__": [CLOSED]}, 0)


def test_candidate_page_records_who_attended(client, world, award):
    category, round_ = award
    candidate = shortlisted(world, category)
    slot = InterviewSlotFactory(round=round_, category=category)
    Interview.objects.create(candidate=candidate, slot=slot)

    shown = interview_page(
        client,
        candidate,
        {"head_attended": "no", "name_1": " Budi Santoso ", "position_1": "Sekda"},
    )

    interview = Interview.objects.get()
    assert (shown, interview.head_attended, interview.representatives) == (
        ["The attendance was saved."],
        False,
        [{"name": "Budi Santoso", "position": "Sekda"}],
    )


def test_attendance_before_a_schedule_is_refused(client, world, award):
    category, _round = award
    candidate = shortlisted(world, category)

    shown = interview_page(client, candidate, {"head_attended": "yes"})

    assert (shown, Interview.objects.count()) == (
        ["Schedule the interview first, then say who attended."],
        0,
    )


def test_scheduling_without_a_slot_is_refused(client, world, award):
    category, _round = award
    candidate = shortlisted(world, category)

    shown = interview_page(client, candidate, {"slot": ""})

    assert (shown, Interview.objects.count()) == (["Choose an interview slot."], 0)
