"""Permission predicates (django-rules). Object checks reuse queryset scoping, so a
rule and the list a user sees can never disagree."""

from typing import Any

import rules

from accounts.models import User


def _has_role(role: str) -> Any:
    @rules.predicate(name=f"has_role_{role}")
    def predicate(user: Any) -> bool:
        return bool(user.is_active and user.role == role)

    return predicate


# `is_active` as in Django's ModelBackend: a deactivated account has no permissions
# (AnonymousUser.is_active is False too).
@rules.predicate
def is_national_admin(user: Any) -> bool:
    return bool(user.is_active and user.is_national)


is_provincial_committee = _has_role(User.Role.PANITIA_PROVINSI)
is_assessor = _has_role(User.Role.PENILAI)
is_branch_officer = _has_role(User.Role.PETUGAS_CABANG)
is_verifier = _has_role(User.Role.VERIFIKATOR)


@rules.predicate
def region_in_scope(user: Any, region: Any) -> bool:
    """The region (province, kab/kota, kecamatan, desa) is inside the user's area."""
    if region is None or not user.is_authenticated:
        return False
    return type(region).objects.for_user(user).filter(pk=region.pk).exists()


@rules.predicate
def has_an_area(user: Any) -> bool:
    """Staff of a province, branch or Kanwil (not the national admin)."""
    return bool(user.is_active and user.region_scope)


@rules.predicate
def follows_an_area(user: Any) -> bool:
    """Staff with an area, and the national admin: they follow its reports and its
    award rounds."""
    return bool(user.is_active and (user.region_scope or user.is_national))


# "My regions" is in the menu of staff with an area (others read an empty list, or
# for the national admin every region, under Regions).
rules.add_perm("regions.view_own_regions", has_an_area)


@rules.predicate
def has_a_role(user: Any) -> bool:
    """Portal staff with a role (and superusers); plain accounts have no API use."""
    return bool(user.is_active and (user.role or user.is_superuser))


@rules.predicate
def owns_token(user: Any, token: Any) -> bool:
    return bool(token is not None and token.user_id == user.pk)


# API tokens for machine clients: every user with a role issues and revokes their own.
rules.add_perm("accounts.use_api_tokens", has_a_role)
rules.add_perm("accounts.revoke_api_token", has_a_role & owns_token)
