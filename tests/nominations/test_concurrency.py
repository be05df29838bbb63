"""The advance limit holds when two committee members advance at the same moment
(nominations.services.candidates on PostgreSQL, whose row locks make them wait)."""

import threading

import pytest
from django.db import connection

from nominations.models import Candidate
from nominations.services.candidates import take_action
from review.workflow import ReviewError
from tests.factories import CandidateFactory, CategoryFactory, EditionFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def _advance_in_thread(pk, user, barrier, outcomes):
    try:
        candidate = Candidate.objects.get(pk=pk)
        barrier.wait(timeout=10)
        take_action(candidate, "advance", by=user)
        outcomes[pk] = "advanced"
    except ReviewError:
        outcomes[pk] = "refused"
    except Exception as error:  # shown by the assertion instead of lost in a thread
        outcomes[pk] = repr(error)
    finally:
        connection.close()


def test_two_simultaneous_advances_do_not_exceed_the_limit(world):
    category = CategoryFactory(edition=EditionFactory(advance_limit=1))
    winners = [
        CandidateFactory(category=category, regency=regency, status="provincial_winner")
        for regency in (world.reg_a1, world.reg_a2)
    ]
    barrier = threading.Barrier(len(winners))
    outcomes = {}
    threads = [
        threading.Thread(
            target=_advance_in_thread,
            args=(c.pk, world.users["panitia_a"], barrier, outcomes),
        )
        for c in winners
    ]

    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    advanced = Candidate.objects.filter(status="advanced").count()
    assert (sorted(outcomes.values()), advanced) == (["advanced", "refused"], 1)
