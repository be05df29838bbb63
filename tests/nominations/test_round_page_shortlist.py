"""A round page's bulk shortlisting: ticked candidates, one POST, each checked by
the same rules as one at a time, with a result per candidate in words."""

import pytest
from django.conf import settings
from django.contrib.messages import get_messages

from nominations.models import Candidate
from review.models import ReviewStatus
from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    CoverageReportFactory,
    EditionFactory,
    ProvincialRoundFactory,
)

URL = "/nominasi/2025/provinsi/15/daftar-pendek/"


@pytest.fixture
def category(world):
    edition = EditionFactory(award_year=2025)
    ProvincialRoundFactory(edition=edition, province=world.prov_a)
    return CategoryFactory(edition=edition, name="Kabupaten/Kota")


@pytest.fixture
def committee(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    return client


def texts(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_shortlists_each_by_the_usual_rules(committee, world, category):
    ready = CandidateFactory(category=category, regency=world.reg_a2)
    waiting = CandidateFactory(category=category, regency=world.reg_a1)
    CoverageReportFactory(regency=world.reg_a2, year=2024, status=ReviewStatus.APPROVED)

    response = committee.post(URL, {"candidates": [ready.pk, waiting.pk]})

    statuses = [Candidate.objects.get(pk=c.pk).status for c in (ready, waiting)]
    assert (response.status_code, statuses, texts(response)) == (
        302,
        ["shortlisted", "candidate"],
        [
            "Shortlisted: Kota Jambi.",
            "Kabupaten Kerinci was not shortlisted: Kabupaten Kerinci has no "
            "approved data for 2024 yet; it can be shortlisted once the data is "
            "approved.",
        ],
    )


def test_nothing_ticked_says_so(committee, category):
    response = committee.post(URL, {})

    assert (response.status_code, texts(response)) == (
        302,
        ["Tick the candidates to shortlist."],
    )


@pytest.mark.parametrize(
    "value", ["abc", "1\x00", "9" * 30, "١٢", "-1", "999999"], ids=repr
)
def test_crafted_ids_are_refused_clearly(committee, category, value):
    response = committee.post(URL, {"candidates": [value]})

    assert response.status_code == 400


def test_candidates_of_another_province_are_refused(committee, world, category):
    other = CandidateFactory(category=category, regency=world.reg_b1)

    response = committee.post(URL, {"candidates": [other.pk]})

    assert (response.status_code, Candidate.objects.get(pk=other.pk).status) == (
        400,
        "candidate",
    )


def test_another_committee_may_not_shortlist(client, world, category):
    client.force_login(world.users["panitia_b"])

    response = client.post(URL, {"candidates": ["1"]})

    assert response.status_code == 404


def test_round_page_offers_a_box_only_to_candidates(committee, world, category):
    CandidateFactory(category=category, regency=world.reg_a2)
    CandidateFactory(category=category, regency=world.reg_a1, status="shortlisted")

    page = committee.get("/nominasi/2025/provinsi/15/").content.decode()

    assert (page.count('name="candidates"'), URL in page) == (1, True)


def test_round_page_offers_the_bulk_shortlist_only_when_one_can_be_picked(
    committee, world, category
):
    interviewed = CandidateFactory(category=category, regency=world.reg_a2)
    Candidate.objects.filter(pk=interviewed.pk).update(
        status=Candidate.Status.INTERVIEWED
    )
    before = committee.get("/nominasi/2025/provinsi/15/").content.decode()
    CandidateFactory(category=category, regency=world.reg_a1)

    after = committee.get("/nominasi/2025/provinsi/15/").content.decode()

    assert ("shortlist-form" in before, "shortlist-form" in after) == (False, True)
