"""Panel constraints (scoring.models): one national jury per edition, a user once
per panel, at most one chair and one secretary."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from scoring.models import Assignment, Declaration, PanelMember
from tests.factories import EditionFactory, ProvincialRoundFactory
from tests.factories.scoring import PanelFactory, PanelMemberFactory

pytestmark = pytest.mark.django_db

R = PanelMember.Role


def test_one_national_jury_per_edition():
    edition = EditionFactory()
    PanelFactory(round=None, edition=edition)

    with pytest.raises(IntegrityError):
        PanelFactory(round=None, edition=edition)


def test_one_panel_per_round():
    panel = PanelFactory()

    with pytest.raises(IntegrityError):
        PanelFactory(round=panel.round)


def test_panel_clean_refuses_another_editions_round(english):
    panel = PanelFactory.build(
        round=ProvincialRoundFactory(), edition=EditionFactory(award_year=2030)
    )

    with pytest.raises(ValidationError, match="panel's edition"):
        panel.clean()


def test_panel_str_names_its_round():
    panel = PanelFactory()

    assert (str(panel), panel.province_id) == (
        f"Tim 9 — {panel.round}",
        panel.round.province_id,
    )


@pytest.mark.parametrize("role", [R.CHAIR, R.SECRETARY])
def test_one_chair_and_one_secretary_per_panel(role):
    first = PanelMemberFactory(role=role)

    with pytest.raises(IntegrityError):
        PanelMemberFactory(panel=first.panel, role=role)


def test_many_plain_members_per_panel():
    first = PanelMemberFactory()

    second = PanelMemberFactory(panel=first.panel)

    assert (first.panel.members.count(), second.role) == (2, R.MEMBER)


def test_a_user_sits_once_per_panel():
    first = PanelMemberFactory()

    with pytest.raises(IntegrityError):
        PanelMemberFactory(panel=first.panel, user=first.user)


def test_member_own_province_from_province_or_regency(world):
    from_regency = PanelMemberFactory.build(regency=world.reg_b1)
    none = PanelMemberFactory.build()

    assert (from_regency.own_province_id, none.own_province_id) == ("21", None)


def test_member_assignment_and_declaration_names(panels):
    assignment = Assignment.objects.create(
        member=panels.member, candidate=panels.a1, assigned_by=panels.secretary.user
    )
    declaration = Declaration.objects.get(member=panels.declarer)

    assert (str(panels.member), str(assignment), str(declaration)) == (
        f"{panels.member.user.display_name} (Member)",
        f"{panels.member} → {panels.a1}",
        f"{panels.declarer} ≠ {panels.a2}",
    )
