"""Model-level checks the admin's forms run (nominations.models)."""

import pytest
from django.core.exceptions import ValidationError

from nominations.models import Candidate, Interview
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    InterviewSlotFactory,
    ProvincialRoundFactory,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


def test_candidate_clean_refuses_a_subject_of_another_province(world):
    category = CategoryFactory()
    candidate = Candidate(
        edition=category.edition,
        category=category,
        province=world.prov_a,
        regency=world.reg_b1,
    )

    with pytest.raises(ValidationError) as refused:
        candidate.clean()

    assert refused.value.message_dict == {
        "province": ["The candidate lies in another province."]
    }


def test_candidate_clean_refuses_an_edition_other_than_the_category_s(world):
    candidate = Candidate(
        edition=EditionFactory(award_year=2030),
        category=CategoryFactory(),
        province=world.prov_a,
        regency=world.reg_a1,
    )

    with pytest.raises(ValidationError) as refused:
        candidate.clean()

    assert list(refused.value.message_dict) == ["edition"]


def test_interview_clean_refuses_a_slot_of_another_province(world):
    candidate = CandidateFactory(regency=world.reg_a1)
    round_b = ProvincialRoundFactory(edition=candidate.edition, province=world.prov_b)
    slot = InterviewSlotFactory(round=round_b, category=candidate.category)

    with pytest.raises(ValidationError) as refused:
        Interview(candidate=candidate, slot=slot).clean()

    assert refused.value.message_dict == {
        "slot": ["The slot is for another province or category."]
    }
