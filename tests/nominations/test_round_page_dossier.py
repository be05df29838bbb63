"""A round page's dossier column: candidates without dossier items read as not
started, not as failures."""

import pytest
from django.conf import settings

from tests.factories import (
    CandidateFactory,
    CategoryFactory,
    EditionFactory,
    ProvincialRoundFactory,
    RegulationFactory,
)


@pytest.fixture
def category(world):
    edition = EditionFactory(award_year=2025)
    ProvincialRoundFactory(edition=edition, province=world.prov_a)
    return CategoryFactory(edition=edition)


@pytest.fixture
def page(client, world, english):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    client.force_login(world.users["panitia_a"])
    return lambda: client.get("/nominasi/2025/provinsi/15/").content.decode()


def test_candidate_without_items_reads_no_dossier_items_yet(page, world, category):
    CandidateFactory(category=category, regency=world.reg_a2)

    html = page()

    assert ("No dossier items yet" in html, "regulations 0/0" in html) == (True, False)


def test_candidate_with_items_shows_its_progress(page, world, category):
    candidate = CandidateFactory(category=category, regency=world.reg_a2)
    RegulationFactory(candidate=candidate, verification="verified")

    html = page()

    assert ("No dossier items yet" in html, "regulations 1/1" in html) == (False, True)
