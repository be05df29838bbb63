"""Queryset scoping by a user's role: the regions (and later the data) a user may touch.

Each scoped model names, in `scope_lookups`, how it reaches a province, a branch and a
Kanwil: a lookup string, or a function of the id that returns a `Q` when one lookup is
not enough. `for_user` picks the one that matches the user's scope; `scopes_over` reads
the same lookups the other way round: which users' areas contain a given record.
"""

from collections.abc import Callable
from typing import Any, Self

from django.db import models
from django.db.models import Exists, OuterRef, Q

ScopeLookup = str | Callable[[Any], Q]


class ScopedQuerySet(models.QuerySet):
    """A queryset with `for_user(user)`: everything for national admins, the user's
    province, branch or Kanwil for scoped roles, nothing for anyone else."""

    def for_user(self, user: Any) -> Self:
        if not user.is_authenticated or not user.is_active:
            return self.none()
        if user.is_national:
            return self.all()
        scope = user.region_scope
        if scope is None:
            return self.none()
        kind, value = scope
        lookup: ScopeLookup = self.model.scope_lookups[kind]
        condition = lookup(value) if callable(lookup) else Q(**{lookup: value})
        # A subquery, not a join: a kab/kota served by two branches must not repeat.
        inside = self.model._default_manager.filter(condition).values("pk")
        return self.filter(pk__in=inside)


# The user field holding each kind of scope (see `accounts.User.region_scope`).
SCOPE_FIELDS = {"province": "province", "branch": "branch", "kanwil": "kanwil"}


def scopes_over(record: models.Model) -> Q:
    """A filter on users: those whose province, branch or Kanwil contains the record
    (the inverse of `for_user`). Combine it with a role; one query whatever the
    number of users."""
    model: Any = type(record)
    covered = Q()
    for kind, field in SCOPE_FIELDS.items():
        lookup: ScopeLookup = model.scope_lookups[kind]
        area = OuterRef(field)
        condition = lookup(area) if callable(lookup) else Q(**{lookup: area})
        inside = model._default_manager.filter(condition, pk=record.pk)
        covered |= Q(**{f"{field}__isnull": False}) & Q(Exists(inside))
    return covered
