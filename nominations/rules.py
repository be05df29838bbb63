"""Who may do what in the award's workflow. Area checks reuse queryset scoping, so a
rule and the list a user sees can never disagree."""

from typing import Any

import rules

from accounts.rules import (
    follows_an_area,
    is_branch_officer,
    is_national_admin,
    is_provincial_committee,
    is_verifier,
    region_in_scope,
)
from nominations.models import (
    Candidate,
    Employer,
    EmployerCompliance,
    ProvincialRound,
)
from participants.rules import is_kanwil_verifier
from review.rules import review_permissions


def _province_of(obj: Any) -> str | None:
    """A Province, or anything with a province (a round, a candidate)."""
    if obj is None:
        return None
    return getattr(obj, "province_id", None) or getattr(obj, "code", None)


@rules.predicate
def committee_of(user: Any, obj: Any) -> bool:
    """The user is the committee of the province the object belongs to."""
    province = _province_of(obj)
    return bool(
        province and is_provincial_committee(user) and user.province_id == province
    )


@rules.predicate
def candidate_in_scope(user: Any, candidate: Candidate | None) -> bool:
    if candidate is None:
        return False
    return Candidate.objects.for_user(user).filter(pk=candidate.pk).exists()


@rules.predicate
def employer_in_scope(user: Any, obj: Any) -> bool:
    """An employer, or a compliance record, inside the user's area."""
    if obj is None:
        return False
    if isinstance(obj, EmployerCompliance):
        return EmployerCompliance.objects.for_user(user).filter(pk=obj.pk).exists()
    return Employer.objects.for_user(user).filter(pk=obj.pk).exists()


@rules.predicate
def round_is_closed(user: Any, round_: ProvincialRound | None) -> bool:
    return bool(round_ is not None and round_.status == ProvincialRound.Status.CLOSED)


runs_round = is_national_admin | committee_of
# The award's editions and rounds: staff who follow an area, and the national
# admin; a round only in the user's own area (the object: its province).
rules.add_perm("nominations.view_editions", follows_an_area)
rules.add_perm("nominations.view_round", follows_an_area & region_in_scope)
rules.add_perm("nominations.manage_editions", is_national_admin)
rules.add_perm("nominations.run_round", runs_round)
rules.add_perm("nominations.run_national_round", is_national_admin)
# A committee moves its own round on and closes it; only the national admin reopens.
rules.add_perm(
    "nominations.change_round_status",
    is_national_admin | (committee_of & ~round_is_closed),
)
rules.add_perm("nominations.view_candidate", is_national_admin | candidate_in_scope)
rules.add_perm("nominations.edit_dossier", runs_round)
rules.add_perm(
    "nominations.verify_dossier", is_national_admin | (is_verifier & candidate_in_scope)
)

enters = is_national_admin | (is_branch_officer & employer_in_scope)
verifies = is_national_admin | (is_verifier & employer_in_scope)
rules.add_perm("nominations.view_compliance", is_national_admin | employer_in_scope)
rules.add_perm("nominations.enter_compliance", is_national_admin | is_branch_officer)
# Starting an employer's record of a year (the object: the employer).
rules.add_perm("nominations.start_compliance", enters)
COMPLIANCE_PERMISSIONS = review_permissions(
    EmployerCompliance,
    name="compliance",
    enters=enters,
    verifies=verifies,
    unapproves=is_national_admin | (is_kanwil_verifier & employer_in_scope),
)
# "Employers" in the menu: those who enter and review compliance figures (every
# signed-in user reads the employers of their area).
rules.add_perm(
    "nominations.follow_compliance", is_national_admin | is_branch_officer | is_verifier
)

# Rounds and editions in the portal: the national admin changes an edition (its
# fields and stage dates) as the admin site let it before.
rules.add_perm("nominations.change_edition", is_national_admin)

# Employers (the register of businesses by NPP): the national admin anywhere, a
# branch officer for the kab/kota the branch serves (the employers it follows).
rules.add_perm("nominations.add_employer", is_national_admin | is_branch_officer)
rules.add_perm(
    "nominations.change_employer",
    is_national_admin | (is_branch_officer & employer_in_scope),
)
