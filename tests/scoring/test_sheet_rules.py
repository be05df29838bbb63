"""Score sheet permissions for every role: each case lists exactly the users who
hold the permission (the `panels` fixture: Jambi's Tim 9 with its chair,
secretary, plain member, a member of Kab. Kerinci conflicted with a1, …)."""

import pytest

from review.models import ReviewStatus
from scoring.models import Panel, ScoreSheet

pytestmark = pytest.mark.django_db


def holders(panels, permission, obj):
    return {
        key
        for key, user in panels.users.items()
        if user.has_perm(f"scoring.{permission}", obj)
    }


@pytest.fixture
def sheet(panels):
    """The plain member's draft for a1."""
    return ScoreSheet.objects.create(member=panels.member, candidate=panels.a1)


def test_members_change_their_own_sheet_and_the_secretary_keys_it_in(panels, sheet):
    granted = holders(panels, "change_sheet", sheet)

    assert granted == {"superuser", "member", "secretary"}


def test_no_one_changes_a_conflicted_members_sheet(panels):
    sheet = ScoreSheet.objects.create(member=panels.kerinci, candidate=panels.a1)

    granted = holders(panels, "change_sheet", sheet)

    assert granted == {"superuser"}


def test_closed_scoring_stops_changes_keying_and_reopening(panels, sheet):
    Panel.objects.filter(pk=panels.panel_a.pk).update(is_scoring_closed=True)
    sheet = ScoreSheet.objects.get(pk=sheet.pk)

    found = {
        perm: holders(panels, perm, obj)
        for perm, obj in [
            ("change_sheet", sheet),
            ("reopen_sheet", sheet),
            ("enter_sheet_for", sheet.member),
        ]
    }

    assert found == {
        "change_sheet": {"superuser"},
        "reopen_sheet": {"superuser"},
        "enter_sheet_for": {"superuser"},
    }


def test_only_the_chair_reopens(panels, sheet):
    granted = holders(panels, "reopen_sheet", sheet)

    assert granted == {"superuser", "chair"}


def test_the_secretary_of_the_members_panel_keys_in_for_them(panels):
    found = {
        key: holders(panels, "enter_sheet_for", getattr(panels, key))
        for key in ("member", "chair", "other_panel", "juror_jambi")
    }

    assert found == {
        "member": {"superuser", "secretary"},
        "chair": {"superuser", "secretary"},
        "other_panel": {"superuser"},
        "juror_jambi": {"superuser"},
    }


def test_enter_sheet_for_nobody_is_refused(panels):
    granted = holders(panels, "enter_sheet_for", None)

    assert granted == {"superuser"}


def test_a_sheet_is_seen_by_its_member_the_panel_leads_and_the_national_admin(
    panels, sheet
):
    granted = holders(panels, "view_sheet", sheet)

    assert granted == {"superuser", "admin", "member", "chair", "secretary"}


def test_panel_scores_stay_hidden_until_the_member_submitted_their_own(panels, sheet):
    before = holders(panels, "view_panel_scores", panels.a1)
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ReviewStatus.SUBMITTED)

    after = holders(panels, "view_panel_scores", panels.a1)

    assert (before, after) == ({"superuser"}, {"superuser", "member"})


def test_a_submitted_sheet_for_another_candidate_shows_nothing(panels, sheet):
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ReviewStatus.SUBMITTED)

    granted = holders(panels, "view_panel_scores", panels.a2)

    assert granted == {"superuser"}


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("change_sheet", {"superuser"}),
        ("reopen_sheet", {"superuser"}),
        ("view_sheet", {"superuser", "admin"}),
        ("view_panel_scores", {"superuser"}),
    ],
)
def test_sheet_permissions_without_an_object(panels, perm, expected):
    granted = holders(panels, perm, None)

    assert granted == expected
