"""Region permissions (accounts.rules) per role: an insider, an outsider of another
branch, province or Kanwil, and an anonymous visitor. Regions come from the `world`
fixture: area A is province 15 (Kanwil A), area B province 21 (Kanwil B)."""

import pytest

from accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("user_key", "region_key", "allowed"),
    [
        ("petugas_a", "reg_a1", True),
        ("petugas_a", "dist_a2", True),
        ("petugas_a", "vil_a1", True),
        ("petugas_a2", "reg_a1", True),
        ("petugas_a2", "reg_a2", False),
        ("petugas_b", "reg_a1", False),
        ("petugas_b", "vil_b1", True),
        ("verifikator_cabang_a", "reg_a1", False),
        ("panitia_a", "reg_a1", False),
        ("penilai", "reg_a1", False),
        ("no_role", "reg_a1", False),
        ("admin", "vil_b1", True),
        ("superuser", "vil_b1", True),
        ("anonymous", "reg_a1", False),
    ],
)
def test_enter_data_for_branch_officers_of_a_serving_branch(
    world, user_key, region_key, allowed
):
    user = world.users[user_key]

    result = user.has_perm("regions.enter_data", getattr(world, region_key))

    assert result is allowed


@pytest.mark.parametrize(
    ("user_key", "region_key", "allowed"),
    [
        ("verifikator_cabang_a", "reg_a2", True),
        ("verifikator_cabang_a", "vil_a1", True),
        ("verifikator_cabang_a", "reg_b1", False),
        ("verifikator_kanwil_a", "vil_a2", True),
        ("verifikator_kanwil_a", "prov_a", True),
        ("verifikator_kanwil_b", "vil_a2", False),
        ("verifikator_kanwil_b", "dist_b1", True),
        ("petugas_a", "reg_a1", False),
        ("panitia_a", "reg_a1", False),
        ("admin", "reg_a1", True),
        ("anonymous", "reg_a1", False),
    ],
)
def test_verify_data_for_verifiers_over_the_region(
    world, user_key, region_key, allowed
):
    user = world.users[user_key]

    result = user.has_perm("regions.verify_data", getattr(world, region_key))

    assert result is allowed


@pytest.mark.parametrize(
    ("user_key", "region_key", "allowed"),
    [
        ("panitia_a", "prov_a", True),
        ("panitia_a", "reg_a2", True),
        ("panitia_a", "prov_b", False),
        ("panitia_b", "prov_b", True),
        ("panitia_b", "vil_a1", False),
        ("verifikator_kanwil_a", "prov_a", False),
        ("petugas_a", "prov_a", False),
        ("penilai", "prov_a", False),
        ("admin", "prov_b", True),
        ("anonymous", "prov_a", False),
    ],
)
def test_run_provincial_round_for_the_committee_of_the_province(
    world, user_key, region_key, allowed
):
    user = world.users[user_key]

    result = user.has_perm("regions.run_provincial_round", getattr(world, region_key))

    assert result is allowed


@pytest.mark.parametrize(
    ("user_key", "allowed"),
    [
        ("admin", True),
        ("petugas_a", False),
        ("verifikator_kanwil_a", False),
        ("panitia_a", False),
        ("anonymous", False),
    ],
)
@pytest.mark.parametrize(
    "perm",
    ["regions.enter_data", "regions.verify_data", "regions.run_provincial_round"],
)
def test_region_permission_without_a_region_only_for_national_admin(
    world, user_key, allowed, perm
):
    user = world.users[user_key]

    result = user.has_perm(perm)

    assert result is allowed


def test_region_permission_is_refused_to_a_deactivated_officer(world):
    officer = world.users["petugas_a"]
    officer.is_active = False

    result = officer.has_perm("regions.enter_data", world.reg_a1)

    assert result is False


@pytest.mark.parametrize(
    ("user_key", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("penilai", True),
        ("panitia_a", True),
        ("petugas_a", True),
        ("verifikator_cabang_a", True),
        ("verifikator_kanwil_a", True),
        ("admin", True),
        ("superuser", True),
    ],
)
def test_use_api_tokens_for_users_with_a_role(world, user_key, allowed):
    user = world.users[user_key]

    assert user.has_perm("accounts.use_api_tokens") is allowed


def test_use_api_tokens_not_for_a_deactivated_user(world):
    user = world.users["petugas_a"]
    user.is_active = False

    assert user.has_perm("accounts.use_api_tokens") is False


@pytest.mark.parametrize(
    ("user_key", "allowed"),
    [("petugas_a", True), ("petugas_b", False), ("admin", False), ("anonymous", False)],
)
def test_revoke_api_token_only_the_owners(world, user_key, allowed):
    token, _key = issue_token(world.users["petugas_a"], name="x", days=30)
    user = world.users[user_key]

    assert user.has_perm("accounts.revoke_api_token", token) is allowed


def test_revoke_api_token_of_nothing_is_refused(world):
    assert world.users["petugas_a"].has_perm("accounts.revoke_api_token", None) is False
