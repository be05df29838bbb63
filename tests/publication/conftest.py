"""Fixtures of the publication tests: a final provincial run of Jambi (15) with
four complete candidates, and its first release."""

from types import SimpleNamespace

import pytest

from publication.services.releases import publish
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
