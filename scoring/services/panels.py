"""Setting up panels: creating them, seating assessors with a role and an
affiliation, assigning subsets of candidates and recording declared conflicts.
Membership changes stop once the panel's scoring is closed."""

from collections.abc import Iterable
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from nominations.models import Candidate, Edition, Employer, ProvincialRound
from regions.models import Province, Regency
from review.refusals import ReviewError, clean_text
from scoring.models import Assignment, Declaration, Panel, PanelMember
from scoring.models.panels import REASON_MAX_LENGTH
from scoring.selectors import panel_candidates

ORGANISATION_MAX_LENGTH = 200


def create_panel(
    edition: Edition, *, by: Any, round: ProvincialRound | None = None
) -> Panel:
    """Create a round's Tim 9 (or, without a round, the edition's national jury)."""
    if not by.has_perm("scoring.create_panel", round):
        raise PermissionDenied(_("You may not set up this panel."))
    if round is not None and round.edition_id != edition.pk:
        raise ReviewError(_("The round belongs to another edition."))
    if Panel.objects.filter(edition=edition, round=round).exists():
        raise ReviewError(_("This panel exists already."))
    try:
        with transaction.atomic():
            return Panel.objects.create(edition=edition, round=round)
    except IntegrityError:
        raise ReviewError(_("This panel exists already.")) from None


def _check_members_open(panel: Panel, by: Any) -> None:
    if not by.has_perm("scoring.change_members", panel):
        raise PermissionDenied(_("You may not change this panel's members."))
    if panel.is_scoring_closed:
        raise ReviewError(_("Scoring is closed: the panel can no longer change."))


def _check_affiliation(
    regency: Regency | None, province: Province | None, employer: Employer | None
) -> None:
    if (
        regency is not None
        and province is not None
        and regency.province_id != province.pk
    ):
        raise ReviewError(_("The regency/city lies in another province."))
    del employer  # any employer may be a member's own


@transaction.atomic
def add_member(
    panel: Panel,
    user: User,
    *,
    by: Any,
    organisation: str,
    role: str = PanelMember.Role.MEMBER,
    regency: Regency | None = None,
    province: Province | None = None,
    employer: Employer | None = None,
) -> PanelMember:
    """Seat an assessor on the panel with a role and affiliation; a new chair or
    secretary takes the role over from the one before, who stays a member."""
    panel = (
        Panel.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=panel.pk)
    )
    _check_members_open(panel, by)
    if not (user.is_active and user.role == User.Role.PENILAI):
        raise ReviewError(_("Only active assessors sit on a panel."))
    organisation = clean_text(
        organisation, field=_("organisation"), limit=ORGANISATION_MAX_LENGTH
    )
    _check_affiliation(regency, province, employer)
    if panel.members.filter(user=user).exists():
        raise ReviewError(_("The assessor already sits on this panel."))
    _free_role(panel, role)
    try:
        with transaction.atomic():
            return PanelMember.objects.create(
                panel=panel,
                user=user,
                role=role,
                organisation=organisation,
                regency=regency,
                province=province,
                employer=employer,
            )
    except IntegrityError:
        raise ReviewError(
            _("Someone changed the panel meanwhile; try again.")
        ) from None


def _free_role(panel: Panel, role: str) -> None:
    """The chair and the secretary are one each: whoever holds the role becomes a
    member."""
    if role not in PanelMember.Role.values:
        raise ReviewError(_("Choose a role: chair, secretary or member."))
    if role != PanelMember.Role.MEMBER:
        panel.members.filter(role=role).update(role=PanelMember.Role.MEMBER)


@transaction.atomic
def set_role(member: PanelMember, role: str, *, by: Any) -> PanelMember:
    """Give the member a role; the chair or secretary before becomes a member."""
    panel = Panel.objects.select_for_update().get(pk=member.panel_id)
    _check_members_open(panel, by)
    _free_role(panel, role)
    member.role = role
    member.save(update_fields=["role"])
    return member


@transaction.atomic
def remove_member(member: PanelMember, *, by: Any) -> None:
    """Take the member off the panel, with their assignments and declarations."""
    panel = Panel.objects.select_for_update().get(pk=member.panel_id)
    _check_members_open(panel, by)
    member.delete()


@transaction.atomic
def assign_candidates(
    member: PanelMember, candidates: Iterable[Candidate], *, by: Any
) -> list[Assignment]:
    """Give the member exactly these candidates to score; none gives them back
    every candidate of the panel. Returns the assignments now in force."""
    panel = (
        Panel.objects.select_for_update(of=("self",))
        .select_related("round")
        .get(pk=member.panel_id)
    )
    if not by.has_perm("scoring.manage_panel", panel):
        raise PermissionDenied(_("You may not assign this panel's candidates."))
    if panel.is_scoring_closed:
        raise ReviewError(_("Scoring is closed: the panel can no longer change."))
    chosen = {c.pk for c in candidates}
    known = set(
        panel_candidates(panel).filter(pk__in=chosen).values_list("pk", flat=True)
    )
    if chosen - known:
        raise ReviewError(_("Some candidates are not scored by this panel."))
    member.assignments.all().delete()
    return Assignment.objects.bulk_create(
        Assignment(member=member, candidate_id=pk, assigned_by=by)
        for pk in sorted(chosen)
    )


@transaction.atomic
def declare_conflict(
    member: PanelMember, candidate: Candidate, *, by: Any, reason: str
) -> Declaration:
    """Record the member's own declaration of a conflict with the candidate, with
    the reason; from then on the member neither sees nor scores it."""
    if member.user_id != by.pk:
        raise PermissionDenied(_("Only the member declares their own conflicts."))
    panel = Panel.objects.select_related("round").get(pk=member.panel_id)
    if panel.is_scoring_closed:
        raise ReviewError(_("Scoring is closed: the panel can no longer change."))
    if not by.has_perm("scoring.declare_conflict", candidate):
        raise PermissionDenied(_("Only the member declares their own conflicts."))
    if not panel_candidates(panel).filter(pk=candidate.pk).exists():
        raise ReviewError(_("This panel does not score this candidate."))
    reason = clean_text(reason, field=_("reason"), limit=REASON_MAX_LENGTH)
    if member.declarations.filter(candidate=candidate).exists():
        raise ReviewError(_("You declared this conflict already."))
    try:
        with transaction.atomic():
            return Declaration.objects.create(
                member=member, candidate=candidate, reason=reason, declared_by=by
            )
    except IntegrityError:
        raise ReviewError(_("You declared this conflict already.")) from None
