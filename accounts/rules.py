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


# Entering coverage data for a region: branch staff of a branch that serves it, and the
# national admin. Approving it: verifiers over it, and the national admin.
rules.add_perm(
    "regions.enter_data", is_national_admin | (is_branch_officer & region_in_scope)
)
rules.add_perm(
    "regions.verify_data", is_national_admin | (is_verifier & region_in_scope)
)
rules.add_perm(
    "regions.run_provincial_round",
    is_national_admin | (is_provincial_committee & region_in_scope),
)
