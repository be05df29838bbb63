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


# Starting reports, uploads and the pages that follow reports


@pytest.mark.parametrize(
    ("region_key", "expected"),
    [
        ("reg_a1", NATIONAL | {"petugas_a", "petugas_a2"}),
        ("reg_a2", NATIONAL | {"petugas_a"}),
        ("reg_b1", NATIONAL | {"petugas_b"}),
        # Province 15 reports through KC Jambi (set below); 21 has no reporting branch.
        ("prov_a", NATIONAL | {"petugas_a"}),
        ("prov_b", NATIONAL),
    ],
)
def test_start_report_for_branch_officers_serving_the_region(
    world, users, region_key, expected
):
    world.prov_a.reporting_branch = world.branch_a
    world.prov_a.save()
    region = getattr(world, region_key)

    allowed = {
        key
        for key, user in users.items()
        if user.has_perm("participants.start_report", region)
    }

    assert allowed == expected


@pytest.mark.parametrize(
    ("perm", "expected"),
    [
        (
            "participants.upload_coverage",
            NATIONAL | {"petugas_a", "petugas_a2", "petugas_b"},
        ),
        (
            "participants.enter_branch_reports",
            {"superuser", "petugas_a", "petugas_a2", "petugas_b"},
        ),
        ("participants.view_all_uploads", NATIONAL),
        (
            "participants.follow_reports",
            NATIONAL
            | {
                "panitia_a",
                "panitia_b",
                "petugas_a",
                "petugas_a2",
                "petugas_b",
                "verifikator_cabang_a",
                "verifikator_cabang_b",
                "verifikator_kanwil_a",
                "verifikator_kanwil_b",
            },
        ),
    ],
)
def test_permissions_without_an_object_by_role(users, perm, expected):
    allowed = {key for key, user in users.items() if user.has_perm(perm)}

    assert allowed == expected


def test_an_upload_is_seen_and_changed_by_its_uploader_and_the_national_admin(
    world, users
):
    batch = SimpleNamespace(uploaded_by_id=world.users["petugas_a"].pk)

    allowed = {
        (key, perm)
        for key, user in users.items()
        for perm in ("view_upload", "change_upload")
        if user.has_perm(f"participants.{perm}", batch)
    }

    assert allowed == {
        (key, perm)
        for key in (*NATIONAL, "petugas_a")
        for perm in ("view_upload", "change_upload")
    }


def test_an_upload_whose_uploader_was_removed_is_no_anonymous_visitors(world):
    batch = SimpleNamespace(uploaded_by_id=None)

    assert world.users["anonymous"].has_perm("participants.view_upload", batch) is False
