"""Fixtures of the publication tests: a final provincial run of Jambi (15) with
four complete candidates, and its first release; winners with certificates to
make."""

from types import SimpleNamespace
from typing import cast

import pytest

from nominations.models import Candidate, Edition
from publication.models import Signatory
from publication.services.releases import publish
from tests.factories import CandidateFactory, CategoryFactory, EditionFactory
from tests.scoring.final_rankings import final_round, final_run


@pytest.fixture
def jambi_round(world) -> SimpleNamespace:
    """Four complete kab/kota candidates in Jambi's round and their final run."""
    r = final_round(world.prov_a)
    r.run = final_run(r, world.prov_a)
    r.world = world
    return r


@pytest.fixture
def release(jambi_round):
    """Jambi's run published by the national admin, public at once."""
    return publish(
        jambi_round.run,
        by=jambi_round.world.users["admin"],
        changelog="Hasil awal babak provinsi.",
    )


@pytest.fixture
def winners(world) -> SimpleNamespace:
    """Jambi's round of 2025 with juara 1 (Kerinci) and juara 2 (Kota Jambi) of a
    kab/kota category, a national winner from Kepulauan Riau, and one signatory
    of Jambi's round."""
    edition = EditionFactory(award_year=2025, name="Paritrana Award 2025")
    category = CategoryFactory(edition=edition, name="Kabupaten/Kota")
    first = CandidateFactory(
        category=category,
        regency=world.reg_a1,
        status=Candidate.Status.PROVINCIAL_WINNER,
        provincial_rank=1,
    )
    second = CandidateFactory(
        category=category,
        regency=world.reg_a2,
        status=Candidate.Status.ADVANCED,
        provincial_rank=2,
    )
    national = CandidateFactory(
        category=category,
        regency=world.reg_b1,
        status=Candidate.Status.NATIONAL_WINNER,
        national_title="Juara 1 Nasional",
    )
    Signatory.objects.create(
        edition=cast(Edition, edition),
        province=world.prov_a,
        name="Dr. Al Haris",
        position="Gubernur",
    )
    return SimpleNamespace(
        world=world,
        edition=edition,
        category=category,
        first=first,
        second=second,
        national=national,
    )
