"""Reads over panels (scoring.selectors): a member's candidates with the reasons
others are left out, the conflict matrix, and their fixed query counts."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db import connection
from django.test.utils import CaptureQueriesContext

from nominations.models import Candidate
from scoring.conflicts import Exclusion
from scoring.models import Assignment, PanelMember
from scoring.selectors import (
    candidate_rows,
    candidates_for_member,
    conflicts,
    seats,
    worklist,
)
from tests.factories import CandidateFactory, CategoryFactory
from tests.factories.scoring import PanelMemberFactory

pytestmark = pytest.mark.django_db

E = Exclusion


def loaded(member):
    return PanelMember.objects.select_related("panel__round").get(pk=member.pk)


def reasons(panels, member):
    names = {getattr(panels, k).pk: k for k in vars(panels) if _is_candidate(panels, k)}
    return {names[r.candidate.pk]: r.exclusion for r in candidate_rows(loaded(member))}


def _is_candidate(panels, key):
    return isinstance(getattr(panels, key), Candidate)


def test_candidate_rows_give_each_reason_for_the_secretary(panels):
    rows = {
        key: reasons(panels, getattr(panels, key)) for key in ("kerinci", "employee")
    }

    assert rows == {
        "kerinci": {
            "a1": E.OWN_REGENCY,
            "a2": None,
            "desa_a1": E.OWN_REGENCY,
            "employer_a": None,
            "prov_a": None,
        },
        "employee": {
            "a1": None,
            "a2": None,
            "desa_a1": None,
            "employer_a": E.OWN_EMPLOYER,
            "prov_a": None,
        },
    }


def test_candidate_rows_of_the_national_jury(panels):
    rows = {
        key: reasons(panels, getattr(panels, key))
        for key in ("juror_jambi", "juror_kepri")
    }

    assert rows == {
        "juror_jambi": {"prov_a": E.OWN_PROVINCE, "b1": None},
        "juror_kepri": {"prov_a": None, "b1": E.OWN_REGENCY},
    }


def test_candidates_for_member_leave_out_declared_conflicts(panels):
    found = candidates_for_member(loaded(panels.declarer))

    assert found == [panels.a1, panels.desa_a1, panels.employer_a, panels.prov_a]


def test_a_subset_replaces_all_candidates(panels):
    member = panels.member
    Assignment.objects.create(
        member=member, candidate=panels.a2, assigned_by=panels.secretary.user
    )

    rows = reasons(panels, member)

    assert rows == {
        "a1": E.NOT_ASSIGNED,
        "a2": None,
        "desa_a1": E.NOT_ASSIGNED,
        "employer_a": E.NOT_ASSIGNED,
        "prov_a": E.NOT_ASSIGNED,
    }


def test_an_assigned_conflict_stays_excluded(panels):
    Assignment.objects.create(
        member=panels.kerinci, candidate=panels.a1, assigned_by=panels.secretary.user
    )

    found = candidates_for_member(loaded(panels.kerinci))

    assert found == []


def _add_shortlisted(panels, count):
    category = CategoryFactory(edition=panels.edition)
    for _ in range(count):
        CandidateFactory(
            category=category,
            regency__province=panels.world.prov_a,
            status=Candidate.Status.SHORTLISTED,
        )


@pytest.mark.parametrize("extra", [1, 3])
def test_candidates_for_member_runs_one_query(panels, extra):
    _add_shortlisted(panels, extra)
    member = loaded(panels.member)

    with CaptureQueriesContext(connection) as queries:
        found = candidates_for_member(member)
        names = [c.subject_name for c in found]

    assert (len(queries), len(names)) == (1, 5 + extra)


def test_conflicts_matrix_of_a_panel(panels):
    matrix = conflicts(panels.panel_a)

    cells = {
        (m.user_id, c.pk): cell.exclusion
        for m in matrix.members
        for c, cell in zip(matrix.candidates, matrix.row(m), strict=True)
        if cell.exclusion
    }
    assert cells == {
        (panels.kerinci.user_id, panels.a1.pk): E.OWN_REGENCY,
        (panels.kerinci.user_id, panels.desa_a1.pk): E.OWN_REGENCY,
        (panels.employee.user_id, panels.employer_a.pk): E.OWN_EMPLOYER,
        (panels.declarer.user_id, panels.a2.pk): E.DECLARED,
    }


def test_conflicts_matrix_shows_declaration_and_assignment(panels):
    Assignment.objects.create(
        member=panels.member, candidate=panels.a1, assigned_by=panels.secretary.user
    )

    matrix = conflicts(panels.panel_a)

    declared = matrix.cells[(panels.declarer.pk, panels.a2.pk)]
    assigned = matrix.cells[(panels.member.pk, panels.a1.pk)]
    unassigned = matrix.cells[(panels.member.pk, panels.a2.pk)]
    assert (declared.auto, declared.declaration.reason, declared.is_assigned) == (
        None,
        "Keluarga",
        False,
    )
    assert (assigned.is_assigned, assigned.exclusion) == (True, None)
    assert (unassigned.is_assigned, unassigned.exclusion) == (False, E.NOT_ASSIGNED)


@pytest.mark.parametrize("extra", [1, 3])
def test_conflicts_matrix_runs_a_fixed_number_of_queries(panels, extra):
    _add_shortlisted(panels, extra)
    panel = (
        type(panels.panel_a).objects.select_related("round").get(pk=panels.panel_a.pk)
    )

    with CaptureQueriesContext(connection) as queries:
        matrix = conflicts(panel)
        names = [m.user.display_name for m in matrix.members]
        names += [c.subject_name for c in matrix.candidates]

    assert (len(queries), len(names)) == (4, 6 + 5 + extra)


def test_seats_of_a_user_run_one_query(panels):
    user = panels.juror_jambi.user
    panels.panel_a.members.create(user=user, organisation="Kemnaker")

    with CaptureQueriesContext(connection) as queries:
        found = [(m.panel_id, e) for m, e in seats(user, panels.prov_a)]

    assert (len(queries), sorted(found)) == (
        1,
        sorted([(panels.panel_a.pk, None), (panels.jury.pk, E.OWN_PROVINCE)]),
    )


def test_seats_of_anonymous_are_none(panels):
    found = seats(AnonymousUser(), panels.a1)

    assert found == []


def test_conflicts_matrix_lists_the_chair_and_secretary_first(panels):
    matrix = conflicts(panels.panel_a)

    roles = [member.role for member in matrix.members]

    assert roles == ["chair", "secretary", "member", "member", "member", "member"]


def test_worklist_takes_a_conflict_on_one_seat_off_every_seat(panels):
    """A conflict is the person's, as the rule `scoring.score_candidate` says: a
    juror from Jambi sitting on Jambi's Tim 9 too does not get Jambi's province
    candidate on either list."""
    user = panels.member.user
    PanelMemberFactory(
        panel=panels.jury, user=user, province=panels.world.prov_a, organisation="X"
    )

    lists = {
        work.member.panel_id: [c.pk for c in (row.candidate for row in work.rows)]
        for work in worklist(user)
    }

    assert panels.prov_a.pk not in lists[panels.panel_a.pk]
    assert panels.prov_a.pk not in lists[panels.jury.pk]
    assert panels.a1.pk in lists[panels.panel_a.pk]
    assert not user.has_perm("scoring.score_candidate", panels.prov_a)
