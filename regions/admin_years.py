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


WRITTEN = "_as_written"


class YearsAsWrittenAdmin(admin.ModelAdmin):
    """A model admin whose year columns, and read-only year fields, read "2025"."""

    def get_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Django lists every read-only name after the form's fields: the written
        # forms added by `get_readonly_fields` come in only in place of their field.
        fields = [
            f
            for f in super().get_fields(request, obj)
            if not (isinstance(f, str) and f.endswith(WRITTEN))
        ]
        readonly = set(self.get_readonly_fields(request, obj))
        if obj is not None and not self.has_change_permission(request, obj):
            readonly.update(f for f in fields if isinstance(f, str))
        return [self._written(f) if f in readonly else f for f in fields]

    def _written(self, name: Any) -> Any:
        field = _year_field(self.model, name)
        return name if field is None else f"{name}{WRITTEN}"

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> Any:
        # Every year field's written form: the form leaves those names out.
        written = [
            f"{field.name}{WRITTEN}"
            for field in self.model._meta.fields
            if _year_field(self.model, field.name) is not None
        ]
        return [*super().get_readonly_fields(request, obj), *written]

    def __getattr__(self, name: str) -> Any:
        # "year_as_written": the read-only year field shown as written.
        if name.endswith(WRITTEN):
            field = _year_field(self.model, name.removesuffix(WRITTEN))
            if field is not None:
                return _as_written(field)
        raise AttributeError(name)

    def get_list_display(self, request: HttpRequest) -> list[Any]:
        columns: list[Any] = []
        for name in super().get_list_display(request):
            field = _year_field(self.model, name)
            columns.append(name if field is None else _as_written(field))
        return columns
