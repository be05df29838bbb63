"""A panel's scoring progress (scoring.progress): each cell's state, conflicts
with their reasons (also those of another seat), tallies, what is missing."""

import pytest

from review.models import ReviewStatus
from scoring.models import Assignment, PanelMember, ScoreSheet
from scoring.progress import SheetState, Tally, progress
from tests.factories import CandidateFactory, ProvincialRoundFactory
from tests.factories.scoring import PanelFactory, PanelMemberFactory

pytestmark = pytest.mark.django_db

St = SheetState
R = ReviewStatus


def sheet(member, candidate, status=R.DRAFT):
    return ScoreSheet.objects.create(member=member, candidate=candidate, status=status)


def states(found, member):
    return {cell.candidate.pk: cell.state for cell in found.row(member)}


def test_progress_gives_each_sheet_state(panels):
    sheet(panels.member, panels.a1, R.SUBMITTED)
    sheet(panels.member, panels.a2, R.DRAFT)
    sheet(panels.member, panels.desa_a1, R.RETURNED)

    found = progress(panels.panel_a)

    assert states(found, panels.member) == {
        panels.a1.pk: St.SUBMITTED,
        panels.a2.pk: St.DRAFT,
        panels.desa_a1.pk: St.REOPENED,
        panels.employer_a.pk: St.NOT_STARTED,
        panels.prov_a.pk: St.NOT_STARTED,
    }


def test_progress_shows_conflicts_with_their_reason(panels):
    found = progress(panels.panel_a)

    reasons = {
        (c.member.pk, c.candidate.pk): (c.state, c.reason)
        for c in found.cells.values()
        if c.state == St.CONFLICT
    }

    assert reasons == {
        (panels.kerinci.pk, panels.a1.pk): (St.CONFLICT, "Own regency/city"),
        (panels.kerinci.pk, panels.desa_a1.pk): (St.CONFLICT, "Own regency/city"),
        (panels.employee.pk, panels.employer_a.pk): (St.CONFLICT, "Own employer"),
        (panels.declarer.pk, panels.a2.pk): (St.CONFLICT, "Declared: Keluarga"),
    }


def test_progress_leaves_unassigned_candidates_out_of_the_count(panels):
    Assignment.objects.create(
        member=panels.member, candidate=panels.a1, assigned_by=panels.secretary.user
    )

    found = progress(panels.panel_a)

    assert states(found, panels.member) == {
        panels.a1.pk: St.NOT_STARTED,
        panels.a2.pk: St.NOT_ASSIGNED,
        panels.desa_a1.pk: St.NOT_ASSIGNED,
        panels.employer_a.pk: St.NOT_ASSIGNED,
        panels.prov_a.pk: St.NOT_ASSIGNED,
    }
    assert Tally.of(found.row(panels.member)) == Tally(0, 1)


def test_progress_marks_a_conflict_found_on_another_seat(panels):
    """The Jambi juror also sits on Jambi's Tim 9: the jury's own-province
    conflict with the advanced provincial candidate bars them here too."""
    juror = panels.juror_jambi
    seat = PanelMember.objects.create(
        panel=panels.panel_a, user=juror.user, organisation="Kemnaker"
    )

    cell = progress(panels.panel_a).cells[(seat.pk, panels.prov_a.pk)]

    assert (cell.state, cell.reason) == (
        St.CONFLICT,
        f"Own province, on {panels.jury}",
    )


def test_progress_marks_a_conflict_declared_on_another_seat(panels):
    juror = panels.juror_kepri
    seat = PanelMember.objects.create(
        panel=panels.panel_a, user=juror.user, organisation="Pemkab Anambas"
    )
    juror.declarations.create(
        candidate=panels.prov_a, reason="Saudara", declared_by=juror.user
    )

    cell = progress(panels.panel_a).cells[(seat.pk, panels.prov_a.pk)]

    assert (cell.state, cell.reason) == (
        St.CONFLICT,
        f"Declared conflict, on {panels.jury}",
    )


def test_progress_scores_a_candidate_another_seat_has_no_conflict_with(panels):
    juror = panels.juror_kepri
    seat = PanelMember.objects.create(
        panel=panels.panel_a, user=juror.user, organisation="Pemkab Anambas"
    )

    cell = progress(panels.panel_a).cells[(seat.pk, panels.prov_a.pk)]

    assert (cell.state, cell.reason) == (St.NOT_STARTED, "")


def test_progress_counts_per_member_candidate_and_in_total(panels):
    sheet(panels.member, panels.a1, R.SUBMITTED)
    sheet(panels.chair, panels.a1, R.SUBMITTED)

    found = progress(panels.panel_a)

    member_tally = next(t for m, _c, t in found.rows if m == panels.member)
    a1_tally = dict(found.columns)[panels.a1]
    assert (member_tally, a1_tally, found.total) == (
        Tally(1, 5),
        Tally(2, 5),
        Tally(2, 26),
    )
    assert (found.total.percent, found.total.is_complete) == (7, False)


def test_progress_lists_what_is_missing_per_member(panels):
    Assignment.objects.create(
        member=panels.member, candidate=panels.a1, assigned_by=panels.secretary.user
    )
    for seat in (panels.chair, panels.secretary, panels.kerinci):
        seat.delete()
    panels.employee.delete()
    panels.declarer.delete()

    found = progress(panels.panel_a)

    assert [
        (m, [(c.candidate, c.state) for c in cells])
        for m, cells in found.missing_by_member
    ] == [(panels.member, [(panels.a1, St.NOT_STARTED)])]


def test_tally_of_nothing_required_is_complete():
    assert (Tally(0, 0).percent, Tally(0, 0).is_complete) == (100, True)


def grown_panel(size):
    """A Tim 9 of `size` members (one of them also on another round's panel)
    and `size` shortlisted candidates, each member with a sheet for each."""
    round_ = ProvincialRoundFactory()
    panel = PanelFactory(round=round_)
    other = PanelFactory(round=ProvincialRoundFactory(edition=round_.edition))
    members = [PanelMemberFactory(panel=panel) for _ in range(size)]
    PanelMemberFactory(panel=other, user=members[0].user)
    for _ in range(size):
        candidate = CandidateFactory(
            category__edition=round_.edition,
            regency__province=round_.province,
            status="shortlisted",
        )
        for member in members:
            sheet(member, candidate, R.SUBMITTED)
    return panel


@pytest.mark.parametrize("size", [1, 3])
def test_progress_runs_a_fixed_number_of_queries(size, django_assert_num_queries):
    panel = grown_panel(size)

    with django_assert_num_queries(7):
        found = progress(panel)
        [(m.user.display_name, cells) for m, cells, _t in found.rows]

    assert found.total == Tally(size * size, size * size)
