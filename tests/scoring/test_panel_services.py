"""Setting up panels (scoring.services.panels): who may, and every refusal."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError

from review.refusals import ReviewError
from scoring.models import Declaration, Panel, PanelMember
from scoring.services.panels import (
    add_member,
    assign_candidates,
    create_panel,
    declare_conflict,
    remove_member,
    set_role,
)
from tests.factories import EditionFactory, ProvincialRoundFactory, UserFactory

pytestmark = pytest.mark.django_db

R = PanelMember.Role


@pytest.fixture
def assessor(db):
    return UserFactory(penilai=True)


def roles(panel):
    return dict(panel.members.values_list("user__username", "role"))


def test_create_panel_by_the_committee_of_the_round(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)

    panel = create_panel(round_.edition, round=round_, by=world.users["panitia_a"])

    assert (panel.round, panel.edition, panel.tier) == (
        round_,
        round_.edition,
        "provincial",
    )


def test_create_national_jury_by_the_national_admin(world):
    edition = EditionFactory()

    panel = create_panel(edition, by=world.users["admin"])

    assert (panel.round, panel.tier, str(panel)) == (
        None,
        "national",
        f"National jury — {edition}",
    )


@pytest.mark.parametrize("who", ["panitia_b", "penilai", "anonymous"])
def test_create_panel_refused_to_others(world, who):
    round_ = ProvincialRoundFactory(province=world.prov_a)

    with pytest.raises(PermissionDenied):
        create_panel(round_.edition, round=round_, by=world.users[who])


def test_create_panel_refuses_a_second_and_another_editions_round(world):
    round_ = ProvincialRoundFactory(province=world.prov_a)
    create_panel(round_.edition, round=round_, by=world.users["admin"])

    with pytest.raises(ReviewError, match="exists already"):
        create_panel(round_.edition, round=round_, by=world.users["admin"])
    with pytest.raises(ReviewError, match="another edition"):
        create_panel(
            EditionFactory(award_year=2026), round=round_, by=world.users["admin"]
        )


def test_add_member_seats_an_assessor_with_affiliation(panels, assessor):
    w = panels.world

    member = add_member(
        panels.panel_a,
        assessor,
        by=w.users["panitia_a"],
        organisation="  Disnakertrans Kota Jambi ",
        regency=w.reg_a2,
        province=w.prov_a,
    )

    assert (member.organisation, member.role, member.own_province_id) == (
        "Disnakertrans Kota Jambi",
        R.MEMBER,
        "15",
    )


def test_a_new_chair_takes_over_and_the_former_stays_a_member(panels, assessor):
    add_member(
        panels.panel_a,
        assessor,
        by=panels.users["admin"],
        organisation="Setda",
        role=R.CHAIR,
    )

    found = roles(panels.panel_a)

    assert (found[assessor.username], found[panels.chair.user.username]) == (
        R.CHAIR,
        R.MEMBER,
    )


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"organisation": " "}, "Fill in"),
        ({"organisation": "APINDO\x00"}, "not allowed"),
        ({"organisation": "x" * 201}, "at most 200"),
        ({"organisation": "APINDO", "role": "ketua"}, "Choose a role"),
    ],
)
def test_add_member_refuses_bad_input(panels, assessor, english, fields, message):
    with pytest.raises(ReviewError, match=message):
        add_member(panels.panel_a, assessor, by=panels.users["admin"], **fields)


def test_add_member_refuses_a_regency_outside_the_province(panels, assessor, english):
    w = panels.world

    with pytest.raises(ReviewError, match="another province"):
        add_member(
            panels.panel_a,
            assessor,
            by=w.users["admin"],
            organisation="Pemkab",
            regency=w.reg_b1,
            province=w.prov_a,
        )


@pytest.mark.parametrize("who", ["panitia_a", "no_role"])
def test_add_member_refuses_users_who_are_not_assessors(panels, english, who):
    with pytest.raises(ReviewError, match="Only active assessors"):
        add_member(
            panels.panel_a,
            panels.users[who],
            by=panels.users["admin"],
            organisation="Setda",
        )


def test_add_member_refuses_a_second_seat(panels, english):
    with pytest.raises(ReviewError, match="already sits"):
        add_member(
            panels.panel_a,
            panels.member.user,
            by=panels.users["admin"],
            organisation="Setda",
        )


@pytest.mark.parametrize("who", ["panitia_b", "secretary", "chair", "penilai"])
def test_membership_changes_refused_to_others(panels, assessor, who):
    by = panels.users[who]

    with pytest.raises(PermissionDenied):
        add_member(panels.panel_a, assessor, by=by, organisation="Setda")
    with pytest.raises(PermissionDenied):
        remove_member(panels.member, by=by)
    with pytest.raises(PermissionDenied):
        set_role(panels.member, R.CHAIR, by=by)


def test_closed_scoring_freezes_the_panel(panels, assessor, english):
    Panel.objects.filter(pk=panels.panel_a.pk).update(is_scoring_closed=True)
    by = panels.users["admin"]

    calls = [
        lambda: add_member(panels.panel_a, assessor, by=by, organisation="Setda"),
        lambda: remove_member(panels.member, by=by),
        lambda: set_role(panels.member, R.CHAIR, by=by),
        lambda: assign_candidates(panels.member, [panels.a1], by=by),
        lambda: declare_conflict(
            panels.member, panels.a1, by=panels.member.user, reason="Keluarga"
        ),
    ]
    for call in calls:
        with pytest.raises(ReviewError, match="Scoring is closed"):
            call()


def test_set_role_hands_the_secretary_role_over(panels):
    set_role(panels.member, R.SECRETARY, by=panels.users["panitia_a"])

    found = roles(panels.panel_a)

    assert (
        found[panels.member.user.username],
        found[panels.secretary.user.username],
    ) == (
        R.SECRETARY,
        R.MEMBER,
    )


def test_remove_member_takes_declarations_along(panels):
    remove_member(panels.declarer, by=panels.users["admin"])

    assert (
        PanelMember.objects.filter(pk=panels.declarer.pk).exists(),
        Declaration.objects.filter(member_id=panels.declarer.pk).exists(),
    ) == (False, False)


def test_secretary_assigns_a_subset_and_clears_it(panels):
    by = panels.secretary.user

    first = assign_candidates(panels.member, [panels.a2, panels.a1], by=by)
    cleared = assign_candidates(panels.member, [], by=by)

    assert ([a.candidate_id for a in first], cleared) == (
        sorted([panels.a1.pk, panels.a2.pk]),
        [],
    )


def test_assign_refuses_candidates_of_another_panel(panels, english):
    with pytest.raises(ReviewError, match="not scored by this panel"):
        assign_candidates(panels.member, [panels.b1], by=panels.secretary.user)
    with pytest.raises(ReviewError, match="not scored by this panel"):
        assign_candidates(
            panels.member, [panels.not_shortlisted], by=panels.secretary.user
        )


def test_assign_refused_to_a_plain_member(panels):
    with pytest.raises(PermissionDenied):
        assign_candidates(panels.member, [panels.a1], by=panels.member.user)


def test_declare_conflict_records_who_and_why(panels):
    member = panels.member

    found = declare_conflict(
        member, panels.a1, by=member.user, reason=" Saudara kandung "
    )

    assert (found.reason, found.declared_by, found.declared_at is not None) == (
        "Saudara kandung",
        member.user,
        True,
    )


@pytest.mark.parametrize(
    ("reason", "message"),
    [("", "Fill in"), ("a\x00b", "not allowed"), ("x" * 1001, "at most 1000")],
)
def test_declare_conflict_refuses_bad_reasons(panels, english, reason, message):
    member = panels.member

    with pytest.raises(ReviewError, match=message):
        declare_conflict(member, panels.a1, by=member.user, reason=reason)


def test_declare_conflict_refuses_twice(panels, english):
    member = panels.declarer

    with pytest.raises(ReviewError, match="already"):
        declare_conflict(member, panels.a2, by=member.user, reason="Lagi")


def test_declare_conflict_only_for_oneself_and_the_panels_candidates(panels, english):
    member = panels.member

    with pytest.raises(PermissionDenied):
        declare_conflict(member, panels.a1, by=panels.secretary.user, reason="Keluarga")
    with pytest.raises(PermissionDenied):
        declare_conflict(member, panels.b1, by=member.user, reason="Keluarga")


def test_declare_conflict_refuses_a_candidate_of_another_seat(panels, english):
    """The Jambi juror also sits on Jambi's Tim 9; as a juror, a Tim 9 candidate
    that never advanced is not theirs to declare."""
    juror = panels.juror_jambi
    panels.panel_a.members.create(user=juror.user, organisation="Kemnaker")

    with pytest.raises(ReviewError, match="does not score"):
        declare_conflict(juror, panels.a1, by=juror.user, reason="Keluarga")


def test_panel_is_open_after_creation(world):
    panel = create_panel(EditionFactory(), by=world.users["admin"])

    assert Panel.objects.get(pk=panel.pk).is_scoring_closed is False


def _collide(*args, **kwargs):
    raise IntegrityError("duplicate key")


def test_create_panel_race_is_refused_as_existing(world, english, monkeypatch):
    monkeypatch.setattr(Panel.objects, "create", _collide)

    with pytest.raises(ReviewError, match="exists already"):
        create_panel(EditionFactory(), by=world.users["admin"])


def test_add_member_race_is_refused(panels, assessor, english, monkeypatch):
    monkeypatch.setattr(PanelMember.objects, "create", _collide)

    with pytest.raises(ReviewError, match="changed the panel meanwhile"):
        add_member(panels.panel_a, assessor, by=panels.users["admin"], organisation="X")


def test_declare_conflict_race_is_refused(panels, english, monkeypatch):
    monkeypatch.setattr(Declaration.objects, "create", _collide)
    member = panels.member

    with pytest.raises(ReviewError, match="declared this conflict already"):
        declare_conflict(member, panels.a1, by=member.user, reason="Keluarga")
