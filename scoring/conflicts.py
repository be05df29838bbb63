"""Why a panel member may not score a candidate: conflicts of interest found from
the member's affiliation, declared conflicts and explicit assignments. Pure: it
reads ids of rows already loaded and runs no query."""

from typing import Any

from django.db import models
from django.utils.translation import gettext_lazy as _

from nominations.models import Stage


class Exclusion(models.TextChoices):
    """The reason a member does not see or score a candidate."""

    OWN_REGENCY = "own_regency", _("Own regency/city")
    OWN_EMPLOYER = "own_employer", _("Own employer")
    OWN_PROVINCE = "own_province", _("Own province")
    DECLARED = "declared", _("Declared conflict")
    NOT_ASSIGNED = "not_assigned", _("Not assigned")


CONFLICTS = frozenset(
    {
        Exclusion.OWN_REGENCY,
        Exclusion.OWN_EMPLOYER,
        Exclusion.OWN_PROVINCE,
        Exclusion.DECLARED,
    }
)


def candidate_regency_id(candidate: Any) -> str | None:
    """The kab/kota a candidate is or lies in (a desa's kab/kota, from its code);
    None for a province and for an employer, whose conflict is the employer."""
    if candidate.regency_id:
        return str(candidate.regency_id)
    if candidate.village_id:
        return str(candidate.village_id)[:5]
    return None


def auto_conflict(member: Any, candidate: Any, *, tier: str) -> Exclusion | None:
    """The conflict the member's affiliation gives with the candidate: their own
    kab/kota or employer; at the national tier also their own province."""
    if member.regency_id and member.regency_id == candidate_regency_id(candidate):
        return Exclusion.OWN_REGENCY
    if member.employer_id and member.employer_id == candidate.employer_id:
        return Exclusion.OWN_EMPLOYER
    province = member.own_province_id
    if tier == Stage.Tier.NATIONAL and province and province == candidate.province_id:
        return Exclusion.OWN_PROVINCE
    return None


def exclusion(
    member: Any, candidate: Any, *, tier: str, declared: bool, assigned: bool
) -> Exclusion | None:
    """Why the member does not score the candidate, or None when they do.
    `assigned` is True when the candidate is theirs to score (every candidate of
    the panel when the secretary gave them no subset)."""
    found = auto_conflict(member, candidate, tier=tier)
    if found:
        return found
    if declared:
        return Exclusion.DECLARED
    return None if assigned else Exclusion.NOT_ASSIGNED
