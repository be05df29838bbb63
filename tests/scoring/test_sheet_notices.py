"""Notices of score sheet steps (scoring.notices): a submitted sheet tells the
panel's secretary, a reopened sheet tells its member."""

import pytest

from accounts.models import Notification
from review import notices
from review.models import ReviewStatus
from scoring.models import ScoreSheet
from scoring.notices import sheet_steps_text, sheets_home
from scoring.services.sheets import reopen_sheet, submit_sheet

pytestmark = pytest.mark.django_db


def told():
    """Each notice as (recipient, text in English, link)."""
    return sorted(
        (n.user.username, n.texts["en"], n.url)
        for n in Notification.objects.select_related("user")
    )


@pytest.fixture
def sheet(panels):
    return ScoreSheet.objects.create(member=panels.member, candidate=panels.a1)


def test_a_submitted_sheet_tells_the_secretary(
    panels, sheet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_sheet(sheet, by=panels.member.user, expected_version=1)

    name = panels.member.user.display_name
    assert told() == [
        (
            panels.secretary.user.username,
            f"The score sheet of {name} for {panels.a1.subject_name} was submitted "
            f"by {name}.",
            f"/penilaian/lembar/{sheet.pk}/",
        )
    ]


def test_a_sheet_keyed_in_by_the_secretary_tells_nobody(
    panels, sheet, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        submit_sheet(sheet, by=panels.secretary.user, expected_version=1)

    assert told() == []


def test_a_reopened_sheet_tells_its_member_with_the_reason(
    panels, sheet, django_capture_on_commit_callbacks
):
    ScoreSheet.objects.filter(pk=sheet.pk).update(status=ReviewStatus.SUBMITTED)
    sheet.refresh_from_db()

    with django_capture_on_commit_callbacks(execute=True):
        reopen_sheet(sheet, by=panels.chair.user, reason="Nilai K1 tertukar")

    chair = panels.chair.user.display_name
    assert told() == [
        (
            panels.member.user.username,
            f"Your score sheet for {panels.a1.subject_name} was reopened by {chair}. "
            "Reason: Nilai K1 tertukar",
            f"/penilaian/lembar/{sheet.pk}/",
        )
    ]


def test_grouped_sheet_steps_read_as_one_notice(panels):
    sheets = [
        ScoreSheet(member=panels.member, candidate=c) for c in (panels.a1, panels.a2)
    ]
    by = panels.member.user
    steps = [notices.Step(s, "submit", by, "") for s in sheets]

    texts = [
        sheet_steps_text(steps),
        sheet_steps_text([notices.Step(s, "reopen", by, "") for s in sheets[:1]]),
    ]

    assert texts == [
        f"2 score sheets were submitted by {by.display_name}.",
        f"1 of your score sheets was reopened by {by.display_name}.",
    ]


def test_sheets_home_links_the_assessors_home():
    assert sheets_home("submitted") == "/"
