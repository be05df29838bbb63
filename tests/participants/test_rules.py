"""Coverage report permissions (participants.rules) for every role, in and out of
scope, in every status. Regions come from the `world` fixture: area A is province 15
(Kanwil A; 15.01 served by KC Jambi and KC Kerinci, 15.71 by KC Jambi), area B is
province 21 (Kanwil B; 21.05 served by KC Anambas)."""

from types import SimpleNamespace

import pytest

from review.models import ReviewStatus
from tests.factories import CoverageReportFactory, UserFactory

pytestmark = pytest.mark.django_db

PERMS = ("change", "submit", "approve", "return", "unapprove", "view")
STATUSES = tuple(ReviewStatus.values)
# In which statuses each permission can be granted at all.
GRANTED_IN = {
    "change": {ReviewStatus.DRAFT, ReviewStatus.RETURNED},
    "submit": {ReviewStatus.DRAFT, ReviewStatus.RETURNED},
    "approve": {ReviewStatus.SUBMITTED},
    "return": {ReviewStatus.SUBMITTED},
    "unapprove": {ReviewStatus.APPROVED},
    "view": set(STATUSES),
}
NATIONAL = {"admin", "superuser"}
# Who may act on a report of each region, by kind of action.
SCOPES = {
    "reg_a1": SimpleNamespace(
        enters=NATIONAL | {"petugas_a", "petugas_a2"},
        verifies=NATIONAL | {"verifikator_cabang_a", "verifikator_kanwil_a"},
        unapproves=NATIONAL | {"verifikator_kanwil_a"},
        sees=NATIONAL
        | {
            "petugas_a",
            "petugas_a2",
            "verifikator_cabang_a",
            "verifikator_kanwil_a",
            "panitia_a",
        },
    ),
    "reg_a2": SimpleNamespace(
        enters=NATIONAL | {"petugas_a"},
        verifies=NATIONAL | {"verifikator_cabang_a", "verifikator_kanwil_a"},
        unapproves=NATIONAL | {"verifikator_kanwil_a"},
        sees=NATIONAL
        | {"petugas_a", "verifikator_cabang_a", "verifikator_kanwil_a", "panitia_a"},
    ),
    "reg_b1": SimpleNamespace(
        enters=NATIONAL | {"petugas_b"},
        verifies=NATIONAL | {"verifikator_cabang_b", "verifikator_kanwil_b"},
        unapproves=NATIONAL | {"verifikator_kanwil_b"},
        sees=NATIONAL
        | {"petugas_b", "verifikator_cabang_b", "verifikator_kanwil_b", "panitia_b"},
    ),
    # Province 15's own report, entered by its reporting branch KC Jambi.
    "prov_a": SimpleNamespace(
        enters=NATIONAL | {"petugas_a"},
        verifies=NATIONAL | {"verifikator_cabang_a", "verifikator_kanwil_a"},
        unapproves=NATIONAL | {"verifikator_kanwil_a"},
        sees=NATIONAL
        | {"petugas_a", "verifikator_cabang_a", "verifikator_kanwil_a", "panitia_a"},
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


def _report(world, region_key, status):
    if region_key.startswith("prov"):
        province = getattr(world, region_key)
        province.reporting_branch = world.branch_a
        province.save()
        return CoverageReportFactory(regency=None, province=province, status=status)
    return CoverageReportFactory(regency=getattr(world, region_key), status=status)


def _expected(region_key, perm, status, everyone):
    if status not in GRANTED_IN[perm]:
        # Django grants an active superuser every permission without asking the
        # rules; the services check the status themselves.
        return {"superuser"}
    scope = SCOPES[region_key]
    if perm == "view":
        return everyone if status == ReviewStatus.APPROVED else scope.sees
    if perm in ("change", "submit"):
        return scope.enters
    if perm in ("approve", "return"):
        return scope.verifies
    return scope.unapproves


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("perm", PERMS)
@pytest.mark.parametrize("region_key", list(SCOPES))
def test_report_permission_by_role_scope_and_status(
    world, users, region_key, perm, status
):
    report = _report(world, region_key, status)

    allowed = {
        key
        for key, user in users.items()
        if user.has_perm(f"participants.{perm}_report", report)
    }

    assert allowed == _expected(region_key, perm, status, set(users))


def test_province_report_without_reporting_branch_is_entered_nationally(world):
    report = CoverageReportFactory(regency=None, province=world.prov_a)

    allowed = {
        key
        for key, user in world.users.items()
        if user.has_perm("participants.change_report", report)
    }

    assert allowed == NATIONAL


def test_province_report_of_another_reporting_branch_is_out_of_scope(world):
    world.prov_a.reporting_branch = world.branch_a2
    world.prov_a.save()
    report = CoverageReportFactory(regency=None, province=world.prov_a)

    allowed = {
        key
        for key in ("petugas_a", "petugas_a2", "verifikator_cabang_a")
        if world.users[key].has_perm("participants.change_report", report)
    }

    assert allowed == {"petugas_a2"}


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        ("view", NATIONAL),
        # The other permissions depend on the report's status: none without one.
        *[(perm, {"superuser"}) for perm in PERMS if perm != "view"],
    ],
)
def test_report_permission_without_a_report(world, perm, expected):
    allowed = {
        key
        for key, user in world.users.items()
        if user.has_perm(f"participants.{perm}_report")
    }

    assert allowed == expected
