"""Scoring permissions (scoring.rules) for every role: each case lists exactly the
users who hold the permission on the object (the `panels` fixture: Jambi's Tim 9,
Kepri's Tim 9 and the national jury)."""

import pytest

from scoring.models import Panel

pytestmark = pytest.mark.django_db

NATIONAL = {"admin", "superuser"}
PANEL_A = {"chair", "secretary", "member", "kerinci", "employee", "declarer"}
MATRIX = [
    ("create_panel", "round_a", NATIONAL | {"panitia_a"}),
    ("create_panel", None, NATIONAL),
    ("view_panel", "panel_a", NATIONAL | {"panitia_a"} | PANEL_A),
    ("view_panel", "panel_b", NATIONAL | {"panitia_b", "other_panel"}),
    ("view_panel", "jury", NATIONAL | {"juror_jambi", "juror_kepri"}),
    ("change_members", "panel_a", NATIONAL | {"panitia_a"}),
    ("change_members", "jury", NATIONAL),
    ("manage_panel", "panel_a", NATIONAL | {"panitia_a", "chair", "secretary"}),
    ("manage_panel", "panel_b", NATIONAL | {"panitia_b"}),
    ("manage_panel", "jury", NATIONAL),
    ("manage_panel", None, NATIONAL),
]
# Who sees (and, while scoring is open, scores) each candidate as an assessor:
# the members of its panels without a conflict with it.
ASSESSES = {
    "a1": {"superuser"} | PANEL_A - {"kerinci"},
    "a2": {"superuser"} | PANEL_A - {"declarer"},
    "desa_a1": {"superuser"} | PANEL_A - {"kerinci"},
    "employer_a": {"superuser"} | PANEL_A - {"employee"},
    "prov_a": {"superuser", "juror_kepri"} | PANEL_A,
    "b1": {"superuser", "other_panel", "juror_jambi"},
    "not_shortlisted": {"superuser"},
    None: {"superuser"},
}
DECLARES = {
    "a1": {"superuser"} | PANEL_A,
    "prov_a": {"superuser", "juror_jambi", "juror_kepri"} | PANEL_A,
    "b1": {"superuser", "other_panel", "juror_jambi", "juror_kepri"},
    "not_shortlisted": {"superuser"},
    None: {"superuser"},
}


def holders(panels, permission, obj):
    return {
        key
        for key, user in panels.users.items()
        if user.has_perm(f"scoring.{permission}", obj)
    }


def record(panels, key):
    return getattr(panels, key) if key else None


@pytest.mark.parametrize(
    ("perm", "key", "expected"), MATRIX, ids=[f"{p}-{k}" for p, k, _ in MATRIX]
)
def test_panel_permission_matrix(panels, perm, key, expected):
    granted = holders(panels, perm, record(panels, key))

    assert granted == expected


@pytest.mark.parametrize("perm", ["view_candidate_as_assessor", "score_candidate"])
@pytest.mark.parametrize("key", list(ASSESSES))
def test_assessors_reach_candidates_without_conflict(panels, perm, key):
    granted = holders(panels, perm, record(panels, key))

    assert granted == ASSESSES[key]


@pytest.mark.parametrize("key", list(DECLARES))
def test_members_declare_conflicts_with_their_panels_candidates(panels, key):
    granted = holders(panels, "declare_conflict", record(panels, key))

    assert granted == DECLARES[key]


def test_closed_scoring_keeps_sight_but_stops_scoring_and_declaring(panels):
    Panel.objects.filter(pk=panels.panel_a.pk).update(is_scoring_closed=True)

    found = {
        perm: holders(panels, perm, panels.a1)
        for perm in (
            "view_candidate_as_assessor",
            "score_candidate",
            "declare_conflict",
        )
    }

    assert found == {
        "view_candidate_as_assessor": ASSESSES["a1"],
        "score_candidate": {"superuser"},
        "declare_conflict": {"superuser"},
    }


def test_a_conflict_on_one_seat_bars_the_person_on_every_seat(panels):
    """The Jambi juror also sits on Jambi's Tim 9: their own province bars them from
    the province's candidacy there too."""
    juror = panels.juror_jambi.user
    panels.panel_a.members.create(user=juror, organisation="Kemnaker")

    granted = juror.has_perm("scoring.view_candidate_as_assessor", panels.prov_a)

    assert granted is False


def test_deactivated_assessor_reaches_nothing(panels):
    user = panels.member.user
    user.is_active = False
    user.save()

    granted = user.has_perm("scoring.view_candidate_as_assessor", panels.a1)

    assert granted is False
