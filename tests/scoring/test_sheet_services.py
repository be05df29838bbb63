"""Score sheet services: opening, saving drafts through the kernel (audited,
stale saves refused), submitting complete sheets and reopening with a reason."""

import pytest
from django.core.exceptions import PermissionDenied

from nominations.models import Stage
from review.models import AuditEntry, ReviewStatus, StatusChange
from review.refusals import ReviewError
from review.workflow import InvalidRecordError, StaleEditError
from scoring.models import Criterion, ScoreSheet
from scoring.services.methodology import create_methodology
from scoring.services.sheets import (
    open_sheet,
    reopen_sheet,
    rubric_criteria,
    save_sheet,
    submit_sheet,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def rubric(panels, document):
    """The illustrative kab/kota methodology for a1's category: two rubric
    criteria (WAW.1, WAW.2) of five levels each."""
    create_methodology(
        document, category=panels.a1.category, tier=Stage.Tier.PROVINCIAL
    )
    return list(
        Criterion.objects.filter(source=Criterion.Source.RUBRIC).order_by("code")
    )


@pytest.fixture
def sheet(panels, rubric):
    return open_sheet(panels.member, panels.a1, by=panels.member.user)


def level(criterion, score):
    return criterion.levels.get(score=score).pk


def scores(sheet):
    return {
        (s.criterion.code, s.level.score if s.level else None, s.note)
        for s in sheet.scores.select_related("criterion", "level")
    }


def test_open_sheet_creates_a_draft_once(panels, sheet):
    again = open_sheet(panels.member, panels.a1, by=panels.member.user)

    assert (again.pk, again.status, again.version) == (
        sheet.pk,
        ReviewStatus.DRAFT,
        1,
    )


def test_open_sheet_refuses_a_conflicted_member(panels, rubric):
    with pytest.raises(PermissionDenied):
        open_sheet(panels.kerinci, panels.a1, by=panels.kerinci.user)


def test_the_secretary_cannot_open_a_sheet_for_a_conflicted_member(panels, rubric):
    with pytest.raises(ReviewError):
        open_sheet(panels.kerinci, panels.a1, by=panels.secretary.user)


def test_open_sheet_refuses_another_members_sheet(panels, rubric):
    with pytest.raises(PermissionDenied):
        open_sheet(panels.member, panels.a1, by=panels.declarer.user)


def test_rubric_criteria_are_the_current_methodologys(sheet, rubric):
    assert rubric_criteria(sheet) == rubric


def test_rubric_criteria_without_a_methodology_are_none(panels):
    sheet = ScoreSheet.objects.create(member=panels.member, candidate=panels.a2)

    assert rubric_criteria(sheet) == []


def test_save_sheet_keeps_a_partial_draft_and_audits_it(panels, sheet, rubric):
    waw1, waw2 = rubric

    entries = save_sheet(
        sheet,
        levels={waw1.pk: level(waw1, 3)},
        notes={waw2.pk: "  Belum ada anggaran  "},
        by=panels.member.user,
        expected_version=1,
    )

    assert (sheet.version, sheet.entered_by, sheet.is_keyed_for_member) == (
        2,
        panels.member.user,
        False,
    )
    assert scores(sheet) == {("WAW.1", 3, ""), ("WAW.2", None, "Belum ada anggaran")}
    assert sorted((e.field, e.old_value, e.new_value) for e in entries) == [
        ("WAW.1:level", "", "3"),
        ("WAW.2:note", "", "Belum ada anggaran"),
    ]


def test_save_sheet_changes_and_clears_levels_without_a_reason(panels, sheet, rubric):
    waw1, _ = rubric
    user = panels.member.user
    save_sheet(sheet, levels={waw1.pk: level(waw1, 3)}, by=user, expected_version=1)

    save_sheet(sheet, levels={waw1.pk: level(waw1, 5)}, by=user, expected_version=2)
    save_sheet(sheet, levels={waw1.pk: None}, by=user, expected_version=3)

    assert (scores(sheet), sheet.version) == ({("WAW.1", None, "")}, 4)


def test_save_sheet_refuses_a_stale_version(panels, sheet, rubric):
    waw1, _ = rubric
    user = panels.member.user
    save_sheet(sheet, levels={waw1.pk: level(waw1, 3)}, by=user, expected_version=1)

    with pytest.raises(StaleEditError) as refused:
        save_sheet(sheet, levels={waw1.pk: level(waw1, 4)}, by=user, expected_version=1)

    assert refused.value.current_version == 2
    assert scores(sheet) == {("WAW.1", 3, "")}


@pytest.mark.parametrize(
    ("which", "notes", "rule"),
    [
        ("level", {}, "level_of_other_criterion"),
        ("note", {"nul": "a\x00b"}, "nul"),
        ("note", {"long": "x" * 2001}, "too_long"),
    ],
)
def test_save_sheet_refuses_bad_values(panels, sheet, rubric, which, notes, rule):
    waw1, waw2 = rubric
    levels = {waw1.pk: level(waw2, 3)} if which == "level" else {}
    note = {waw1.pk: next(iter(notes.values()))} if notes else {}

    with pytest.raises(InvalidRecordError) as refused:
        save_sheet(
            sheet, levels=levels, notes=note, by=panels.member.user, expected_version=1
        )

    assert [f.rule for f in refused.value.findings] == [rule]
    assert scores(sheet) == set()


def test_save_sheet_refuses_an_unknown_criterion(panels, sheet):
    with pytest.raises(InvalidRecordError) as refused:
        save_sheet(sheet, levels={-1: None}, by=panels.member.user, expected_version=1)

    assert [f.rule for f in refused.value.findings] == ["unknown_criterion"]


def test_the_secretary_keys_in_a_paper_sheet_recorded_as_such(panels, rubric):
    secretary = panels.secretary.user
    waw1, _ = rubric
    sheet = open_sheet(panels.member, panels.a1, by=secretary)

    entries = save_sheet(
        sheet, levels={waw1.pk: level(waw1, 4)}, by=secretary, expected_version=1
    )

    assert (sheet.entered_by, sheet.updated_by, sheet.is_keyed_for_member) == (
        secretary,
        secretary,
        True,
    )
    assert [e.by for e in entries] == [secretary]


def test_submit_sheet_refuses_an_incomplete_sheet(panels, sheet, rubric):
    waw1, _ = rubric
    user = panels.member.user
    save_sheet(sheet, levels={waw1.pk: level(waw1, 3)}, by=user, expected_version=1)

    with pytest.raises(InvalidRecordError) as refused:
        submit_sheet(sheet, by=user, expected_version=2)

    assert [(f.path, f.rule) for f in refused.value.findings] == [
        ("WAW.2:level", "unscored")
    ]


def submitted(panels, sheet, rubric):
    waw1, waw2 = rubric
    user = panels.member.user
    save_sheet(
        sheet,
        levels={waw1.pk: level(waw1, 3), waw2.pk: level(waw2, 4)},
        by=user,
        expected_version=1,
    )
    return submit_sheet(sheet, by=user, expected_version=2)


def test_submit_sheet_locks_it(panels, sheet, rubric):
    sheet = submitted(panels, sheet, rubric)

    with pytest.raises(PermissionDenied):
        save_sheet(
            sheet, notes={rubric[0].pk: "x"}, by=panels.member.user, expected_version=3
        )
    assert (sheet.status, sheet.version) == (ReviewStatus.SUBMITTED, 3)


def test_submit_sheet_refuses_a_stale_version(panels, sheet, rubric):
    with pytest.raises(StaleEditError):
        submit_sheet(sheet, by=panels.member.user, expected_version=7)


def test_submit_sheet_refuses_another_member(panels, sheet):
    with pytest.raises(PermissionDenied):
        submit_sheet(sheet, by=panels.declarer.user, expected_version=1)


def test_the_chair_reopens_a_submitted_sheet_with_a_reason(panels, sheet, rubric):
    sheet = submitted(panels, sheet, rubric)
    chair = panels.chair.user

    reopen_sheet(sheet, by=chair, reason=" Salah input saat wawancara ")

    steps = [
        (s.from_status, s.to_status, s.by, s.reason)
        for s in StatusChange.objects.for_record(sheet)
    ]
    assert steps == [
        ("draft", "submitted", panels.member.user, ""),
        ("submitted", "returned", chair, "Salah input saat wawancara"),
    ]
    assert sheet.is_editable is True


def test_reopen_sheet_needs_a_reason(panels, sheet, rubric):
    sheet = submitted(panels, sheet, rubric)

    with pytest.raises(ReviewError):
        reopen_sheet(sheet, by=panels.chair.user, reason="  ")


@pytest.mark.parametrize("who", ["member", "secretary"])
def test_only_the_chair_reopens(panels, sheet, rubric, who):
    sheet = submitted(panels, sheet, rubric)

    with pytest.raises(PermissionDenied):
        reopen_sheet(sheet, by=getattr(panels, who).user, reason="Salah")


def test_a_draft_cannot_be_reopened(panels, sheet):
    with pytest.raises(ReviewError):
        reopen_sheet(sheet, by=panels.chair.user, reason="Salah")


def test_audit_entries_name_the_form_source(panels, sheet, rubric):
    save_sheet(
        sheet,
        notes={rubric[0].pk: "Catatan"},
        by=panels.member.user,
        expected_version=1,
        source=AuditEntry.Source.API,
    )

    sources = list(
        AuditEntry.objects.for_record(sheet).values_list("source", flat=True)
    )

    assert sources == ["api"]


def test_a_sheet_and_its_scores_read_as_member_candidate_and_level(
    panels, sheet, rubric
):
    waw1, waw2 = rubric
    save_sheet(
        sheet,
        levels={waw1.pk: level(waw1, 3)},
        notes={waw2.pk: "x"},
        by=panels.member.user,
        expected_version=1,
    )

    names = [str(s) for s in sheet.scores.order_by("criterion__code")]

    assert str(sheet) == f"{panels.member} — {panels.a1}"
    assert names == [
        f"{waw1}: {waw1.levels.get(score=3)}",
        f"{waw2}: —",
    ]
