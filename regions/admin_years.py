"""Years in the Django admin written as years ("2025"): the admin writes integer
fields as numbers, with the Indonesian thousand separator ("2.025")."""

from collections.abc import Callable
from typing import Any

from django.contrib import admin
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.http import HttpRequest


def _year_field(model: type[models.Model], name: Any) -> models.Field | None:
    """The model's integer field of this name when it holds a year, else None."""
    if not isinstance(name, str) or "year" not in name:
        return None
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:  # a method or property, not a field
        return None
    return field if isinstance(field, models.IntegerField) else None


def _as_written(field: models.Field) -> Callable[[Any], str]:
    @admin.display(description=field.verbose_name, ordering=field.name)
    def column(obj: Any) -> str:
        value = getattr(obj, field.name)
        return "" if value is None else str(value)

    return column


class YearsAsWrittenAdmin(admin.ModelAdmin):
    """A model admin whose year columns read "2025"."""

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        columns: list[Any] = []
        for name in super().get_list_display(request):
            field = _year_field(self.model, name)
            columns.append(name if field is None else _as_written(field))
        return columns
