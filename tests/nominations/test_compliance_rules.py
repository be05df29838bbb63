"""Employer compliance permissions (nominations.rules) for every role, in and out of
scope, in every status. An employer belongs to one branch: area A is province 15
(Kanwil A; KC Jambi and KC Kerinci), area B is province 21 (Kanwil B; KC Anambas)."""

from types import SimpleNamespace

import pytest

from review.models import ReviewStatus
from tests.factories import EmployerComplianceFactory, EmployerFactory, UserFactory

pytestmark = pytest.mark.django_db

PERMS = ("view", "change", "submit", "approve", "return", "unapprove")
STATUSES = tuple(ReviewStatus.values)
# In which statuses each permission can be granted at all.
GRANTED_IN = {
    "view": set(STATUSES),
    "change": {ReviewStatus.DRAFT, ReviewStatus.RETURNED},
    "submit": {ReviewStatus.DRAFT, ReviewStatus.RETURNED},
    "approve": {ReviewStatus.SUBMITTED},
    "return": {ReviewStatus.SUBMITTED},
    "unapprove": {ReviewStatus.APPROVED},
}
NATIONAL = {"admin", "superuser"}
# Who may do what with the figures of an employer of each branch.
SCOPES = {
    "branch_a": SimpleNamespace(
        regency="reg_a1",
        enters=NATIONAL | {"petugas_a"},
        verifies=NATIONAL | {"verifikator_cabang_a", "verifikator_kanwil_a"},
        unapproves=NATIONAL | {"verifikator_kanwil_a"},
        sees=NATIONAL
        | {"petugas_a", "verifikator_cabang_a", "verifikator_kanwil_a", "panitia_a"},
    ),
    # KC Kerinci serves Kerinci too, but an employer is its own branch's alone.
    "branch_a2": SimpleNamespace(
        regency="reg_a1",
        enters=NATIONAL | {"petugas_a2"},
        verifies=NATIONAL | {"verifikator_kanwil_a"},
        unapproves=NATIONAL | {"verifikator_kanwil_a"},
        sees=NATIONAL | {"petugas_a2", "verifikator_kanwil_a", "panitia_a"},
    ),
    "branch_b": SimpleNamespace(
        regency="reg_b1",
        enters=NATIONAL | {"petugas_b"},
        verifies=NATIONAL | {"verifikator_cabang_b", "verifikator_kanwil_b"},
        unapproves=NATIONAL | {"verifikator_kanwil_b"},
        sees=NATIONAL
        | {"petugas_b", "verifikator_cabang_b", "verifikator_kanwil_b", "panitia_b"},
    ),
}


@pytest.fixture
def users(world):
    """Every user of the world, plus two deactivated insiders of area A."""
    return {
        **world.users,
        "petugas_a_inactive": UserFactory(
            petugas=True, branch=world.branch_a, is_active=False
        ),
        "verifikator_kanwil_a_inactive": UserFactory(
            verifikator_kanwil=True, kanwil=world.kanwil_a, is_active=False
        ),
    }


def _record(world, branch_key, status):
    employer = EmployerFactory(
        branch=getattr(world, branch_key),
        regency=getattr(world, SCOPES[branch_key].regency),
    )
    return EmployerComplianceFactory(employer=employer, status=status)


def _expected(branch_key, perm, status):
    if status not in GRANTED_IN[perm]:
        # Django grants an active superuser every permission without asking the
        # rules; the services check the status themselves.
        return {"superuser"}
    scope = SCOPES[branch_key]
    if perm == "view":
        return scope.sees
    if perm in ("change", "submit"):
        return scope.enters
    if perm in ("approve", "return"):
        return scope.verifies
    return scope.unapproves


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("perm", PERMS)
@pytest.mark.parametrize("branch_key", list(SCOPES))
def test_compliance_permission_by_role_scope_and_status(
    world, users, branch_key, perm, status
):
    record = _record(world, branch_key, status)

    allowed = {
        key
        for key, user in users.items()
        if user.has_perm(f"nominations.{perm}_compliance", record)
    }

    assert allowed == _expected(branch_key, perm, status)


def test_enter_compliance_is_for_branch_officers_and_the_national_admin(world, users):
    allowed = {
        key
        for key, user in users.items()
        if user.has_perm("nominations.enter_compliance")
    }

    assert allowed == NATIONAL | {"petugas_a", "petugas_a2", "petugas_b"}


def test_view_compliance_of_an_employer_follows_its_branch(world, users):
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)

    allowed = {
        key
        for key, user in users.items()
        if user.has_perm("nominations.view_compliance", employer)
    }

    assert allowed == SCOPES["branch_a"].sees


def test_start_compliance_of_an_employer_for_those_who_enter_its_figures(world, users):
    employer = EmployerFactory(regency=world.reg_a1, branch=world.branch_a)

    allowed = {
        key
        for key, user in users.items()
        if user.has_perm("nominations.start_compliance", employer)
    }

    assert allowed == SCOPES["branch_a"].enters


def test_deactivated_officer_holds_no_compliance_permission(world, users):
    officer = users["petugas_a_inactive"]
    record = _record(world, "branch_a", ReviewStatus.DRAFT)

    held = [
        perm
        for perm in PERMS
        if officer.has_perm(f"nominations.{perm}_compliance", record)
    ]

    assert (held, officer.has_perm("nominations.enter_compliance")) == ([], False)
