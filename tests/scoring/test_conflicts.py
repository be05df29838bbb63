"""Conflict detection from affiliations, per tier (scoring.conflicts: pure)."""

from types import SimpleNamespace

import pytest

from nominations.models import Stage
from scoring.conflicts import Exclusion, auto_conflict, candidate_regency_id, exclusion

PROVINCIAL = Stage.Tier.PROVINCIAL
NATIONAL = Stage.Tier.NATIONAL


def member(regency=None, province=None, employer=None):
    own = province or (regency[:2] if regency else None)
    return SimpleNamespace(
        regency_id=regency, employer_id=employer, own_province_id=own
    )


def candidate(province="15", regency=None, village=None, employer=None):
    return SimpleNamespace(
        province_id=province,
        regency_id=regency,
        village_id=village,
        employer_id=employer,
    )


@pytest.mark.parametrize(
    ("subject", "expected"),
    [
        ({"regency": "15.01"}, "15.01"),
        ({"village": "15.01.01.2001"}, "15.01"),
        ({"employer": 7}, None),
        ({}, None),
    ],
)
def test_candidate_regency_id_of_each_subject(subject, expected):
    assert candidate_regency_id(candidate(**subject)) == expected


CASES = [
    # (member, candidate, provincial, national)
    (member(regency="15.01"), candidate(regency="15.01"), "own_regency", "own_regency"),
    (
        member(regency="15.01"),
        candidate(village="15.01.01.2001"),
        "own_regency",
        "own_regency",
    ),
    (member(regency="15.01"), candidate(regency="15.71"), None, "own_province"),
    (member(employer=7), candidate(employer=7), "own_employer", "own_employer"),
    (member(employer=7), candidate(employer=8), None, None),
    (member(province="15"), candidate(regency="15.71"), None, "own_province"),
    (member(province="15"), candidate(), None, "own_province"),
    (member(province="21"), candidate(regency="15.71"), None, None),
    (member(), candidate(regency="15.71"), None, None),
]


@pytest.mark.parametrize(("who", "subject", "provincial", "national"), CASES)
def test_auto_conflict_per_tier(who, subject, provincial, national):
    found = (
        auto_conflict(who, subject, tier=PROVINCIAL),
        auto_conflict(who, subject, tier=NATIONAL),
    )

    assert found == (provincial, national)


def test_exclusion_puts_found_conflict_before_declared_and_assignment():
    who, subject = member(regency="15.01"), candidate(regency="15.01")

    found = exclusion(who, subject, tier=PROVINCIAL, declared=True, assigned=False)

    assert found == Exclusion.OWN_REGENCY


@pytest.mark.parametrize(
    ("declared", "assigned", "expected"),
    [
        (True, True, Exclusion.DECLARED),
        (True, False, Exclusion.DECLARED),
        (False, False, Exclusion.NOT_ASSIGNED),
        (False, True, None),
    ],
)
def test_exclusion_of_declared_and_unassigned(declared, assigned, expected):
    found = exclusion(
        member(), candidate(), tier=NATIONAL, declared=declared, assigned=assigned
    )

    assert found == expected
