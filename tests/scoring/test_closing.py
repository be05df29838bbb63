"""Closing a panel's scoring and reopening it (scoring.services.closing): who
may, refusals, what is recorded, and what closing stops."""

import pytest
from django.core.exceptions import PermissionDenied

from review.models import ReviewStatus
from review.refusals import ReviewError
from review.workflow import InvalidRecordError
from scoring.models import Panel, PanelStep, ScoreSheet
from scoring.progress import progress
from scoring.services.closing import (
    IncompleteScoringError,
    close_scoring,
    reopen_scoring,
)
from scoring.services.sheets import open_sheet, reopen_sheet, save_sheet, submit_sheet

pytestmark = pytest.mark.django_db


def complete(panel):
    """Every sheet the panel needs, submitted."""
    for cell in progress(panel).missing:
        ScoreSheet.objects.update_or_create(
            member=cell.member,
            candidate=cell.candidate,
            defaults={"status": ReviewStatus.SUBMITTED},
        )


def steps(panel):
    return list(
        PanelStep.objects.filter(panel=panel).values_list(
            "action", "from_status", "to_status", "by", "reason"
        )
    )


def test_close_scoring_records_who_and_when(panels):
    complete(panels.panel_a)
    by = panels.secretary.user

    panel = close_scoring(panels.panel_a, by=by)

    stored = Panel.objects.get(pk=panel.pk)
    assert (stored.scoring_closed, stored.scoring_closed_by) == (True, by)
    assert stored.scoring_closed_at is not None
    assert panel.scoring_closed_at == stored.scoring_closed_at
    assert steps(panel) == [("close", "open", "closed", by.pk, "")]


def test_close_scoring_refuses_while_sheets_are_missing(panels):
    complete(panels.panel_a)
    ScoreSheet.objects.filter(member=panels.member, candidate=panels.a2).update(
        status=ReviewStatus.RETURNED
    )
    ScoreSheet.objects.filter(member=panels.chair, candidate=panels.a1).delete()

    with pytest.raises(IncompleteScoringError) as refused:
        close_scoring(panels.panel_a, by=panels.chair.user)

    missing = [(c.member, c.candidate) for c in refused.value.missing]
    assert missing == [(panels.chair, panels.a1), (panels.member, panels.a2)]
    assert str(refused.value) == (
        "Scoring cannot close: 2 score sheets are not submitted yet."
    )
    assert Panel.objects.get(pk=panels.panel_a.pk).is_scoring_closed is False


@pytest.mark.parametrize("who", ["member", "admin", "panitia_a", "other_panel"])
def test_close_scoring_refused_to_others_than_chair_and_secretary(panels, who):
    complete(panels.panel_a)

    with pytest.raises(PermissionDenied):
        close_scoring(panels.panel_a, by=panels.users[who])

    assert steps(panels.panel_a) == []


def test_close_scoring_refuses_a_closed_panel(panels):
    complete(panels.panel_a)
    close_scoring(panels.panel_a, by=panels.secretary.user)

    with pytest.raises(ReviewError, match="while the panel is Closed for scoring"):
        close_scoring(panels.panel_a, by=panels.secretary.user)


def test_reopen_scoring_by_the_chair_with_a_reason(panels):
    complete(panels.panel_a)
    close_scoring(panels.panel_a, by=panels.secretary.user)
    chair = panels.chair.user

    reopen_scoring(panels.panel_a, by=chair, reason="  Lembar Disnaker salah.  ")

    stored = Panel.objects.get(pk=panels.panel_a.pk)
    assert (stored.is_scoring_closed, stored.scoring_closed_at) == (False, None)
    assert steps(stored)[-1] == (
        "reopen",
        "closed",
        "open",
        chair.pk,
        "Lembar Disnaker salah.",
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [
        ("", "Say why scoring is reopened."),
        ("salah\x00", "NUL character"),
        ("x" * 1001, "under 1000 characters"),
    ],
)
def test_reopen_scoring_refuses_a_bad_reason(panels, reason, message):
    complete(panels.panel_a)
    close_scoring(panels.panel_a, by=panels.secretary.user)

    with pytest.raises(ReviewError, match=message):
        reopen_scoring(panels.panel_a, by=panels.chair.user, reason=reason)

    assert Panel.objects.get(pk=panels.panel_a.pk).is_scoring_closed is True


@pytest.mark.parametrize("who", ["secretary", "member", "admin", "panitia_a"])
def test_reopen_scoring_is_the_chairs(panels, who):
    complete(panels.panel_a)
    close_scoring(panels.panel_a, by=panels.secretary.user)

    with pytest.raises(PermissionDenied):
        reopen_scoring(panels.panel_a, by=panels.users[who], reason="Salah")


def test_reopen_scoring_refuses_an_open_panel(panels):
    with pytest.raises(ReviewError, match="while the panel is Open for scoring"):
        reopen_scoring(panels.panel_a, by=panels.chair.user, reason="Salah")


def test_closed_scoring_stops_every_sheet_change(panels):
    draft = open_sheet(panels.member, panels.a1, by=panels.member.user)
    complete(panels.panel_a)
    draft.refresh_from_db()
    close_scoring(panels.panel_a, by=panels.secretary.user)
    draft.refresh_from_db()
    secretary = panels.secretary.user

    calls = [
        lambda: save_sheet(draft, by=panels.member.user, expected_version=1),
        lambda: submit_sheet(draft, by=panels.member.user, expected_version=1),
        lambda: open_sheet(panels.member, panels.a2, by=secretary),
        lambda: reopen_sheet(draft, by=panels.chair.user, reason="Salah"),
    ]
    for call in calls:
        with pytest.raises((PermissionDenied, ReviewError)):
            call()


def test_closed_scoring_refuses_even_a_superuser(panels):
    complete(panels.panel_a)
    close_scoring(panels.panel_a, by=panels.secretary.user)
    submitted = ScoreSheet.objects.get(member=panels.member, candidate=panels.a1)
    draft = ScoreSheet.objects.get(member=panels.member, candidate=panels.a2)
    ScoreSheet.objects.filter(pk=draft.pk).update(status=ReviewStatus.DRAFT)
    superuser = panels.users["superuser"]

    with pytest.raises(InvalidRecordError) as saved:
        save_sheet(draft, by=superuser, expected_version=draft.version)
    with pytest.raises(ReviewError, match="Scoring of this panel is closed"):
        reopen_sheet(submitted, by=superuser, reason="Salah")

    assert [f.rule for f in saved.value.findings] == ["scoring_closed"]
