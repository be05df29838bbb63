"""Queryset scoping by a user's role: the regions (and later the data) a user may touch.

Each scoped model names, in `scope_lookups`, the lookup that reaches a province, a
branch and a Kanwil; `for_user` picks the one that matches the user's scope.
"""

from typing import Any, Self

from django.db import models


class ScopedQuerySet(models.QuerySet):
    """A queryset with `for_user(user)`: everything for national admins, the user's
    province, branch or Kanwil for scoped roles, nothing for anyone else."""

    def for_user(self, user: Any) -> Self:
        if not user.is_authenticated:
            return self.none()
        if user.is_national:
            return self.all()
        scope = user.region_scope
        if scope is None:
            return self.none()
        kind, value = scope
        lookup = self.model.scope_lookups[kind]
        # A subquery, not a join: a kab/kota served by two branches must not repeat.
        inside = self.model._default_manager.filter(**{lookup: value}).values("pk")
        return self.filter(pk__in=inside)
