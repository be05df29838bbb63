"""Adding candidates on a round page says why nothing was added, and which new
candidates lack approved data."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    ProvincialRoundFactory,
)

URL = "/nominasi/2025/provinsi/15/tambah/"


@pytest.fixture
def category(world):
    edition = EditionFactory(award_year=2025)
    ProvincialRoundFactory(edition=edition, province=world.prov_a)
    return CategoryFactory(edition=edition)


@pytest.fixture
def committee(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    return client


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_all_kab_kota_already_candidates_says_so(committee, world, category):
    for regency in (world.reg_a1, world.reg_a2):
        CandidateFactory(category=category, regency=regency)

    response = committee.post(URL, {"category": category.pk})

    assert texts(response) == [
        "Nothing was added: all kab/kota of the province are already candidates "
        "of this category."
    ]


def test_chosen_kab_kota_already_candidate_says_so(committee, world, category):
    CandidateFactory(category=category, regency=world.reg_a2)

    response = committee.post(
        URL, {"category": category.pk, "regencies": [world.reg_a2.pk]}
    )

    assert texts(response) == [
        "Nothing was added: all the chosen subjects are already candidates of "
        "this category."
    ]


def test_added_without_approved_data_are_named(committee, world, category):
    response = committee.post(
        URL, {"category": category.pk, "regencies": [world.reg_a2.pk]}
    )

    assert texts(response) == [
        "No approved data for 2024 yet for: Kota Jambi. They can be shortlisted "
        "once their data is approved.",
        "1 candidate added.",
    ]
