"""Permissions of accounts.rules per role: API tokens, and the menu entry of staff
with an area. Users come from the `world` fixture."""

import pytest

from accounts.tokens import issue_token

pytestmark = pytest.mark.django_db


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


@pytest.mark.parametrize(
    ("user_key", "allowed"),
    [
        ("anonymous", False),
        ("no_role", False),
        ("penilai", False),
        ("panitia_a", True),
        ("petugas_a", True),
        ("verifikator_cabang_a", True),
        ("verifikator_kanwil_a", True),
        ("admin", False),
    ],
)
def test_view_own_regions_for_staff_with_an_area(world, user_key, allowed):
    user = world.users[user_key]

    assert user.has_perm("regions.view_own_regions") is allowed


def test_view_own_regions_not_for_a_deactivated_officer(world):
    officer = world.users["petugas_a"]
    officer.is_active = False

    assert officer.has_perm("regions.view_own_regions") is False
