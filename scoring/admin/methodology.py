"""Methodologies in Django's admin, for inspection and repair by the national
admin. A frozen version (used by a ranking run) is read only here; editing it in
the portal makes a new version (`scoring.services.methodology.edit_methodology`)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scoring.models import Aspect, Criterion, Methodology, RubricLevel, TieBreak


def _frozen(obj: Any) -> bool:
    """Whether the object belongs to a frozen methodology."""
    if isinstance(obj, Methodology):
        return obj.is_frozen
    if isinstance(obj, Aspect):
        return obj.methodology.is_frozen
    if isinstance(obj, Criterion):
        return obj.aspect.methodology.is_frozen
    return False


class FrozenReadOnly:
    """Change and delete only while the methodology is not frozen."""

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_change_permission(request, obj)  # type: ignore[misc]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_delete_permission(request, obj)  # type: ignore[misc]


class FrozenInline(FrozenReadOnly):
    """An inline of a frozen parent takes no new rows either."""

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _frozen(obj) and super().has_add_permission(request, obj)  # type: ignore[misc]


class AspectInline(FrozenInline, admin.TabularInline):
    model = Aspect
    extra = 0
    show_change_link = True


class RubricLevelInline(FrozenInline, admin.TabularInline):
    model = RubricLevel
    extra = 0


class TieBreakInline(FrozenInline, admin.TabularInline):
    model = TieBreak
    extra = 0


@admin.register(Methodology)
class MethodologyAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = [
        "name",
        "category",
        "tier",
        "version",
        "is_illustrative",
        "frozen_at",
    ]
    list_filter = ["tier", "is_illustrative", "category__edition"]
    list_select_related = ["category"]
    readonly_fields = ["frozen_at", "created_at"]
    inlines = [AspectInline, TieBreakInline]


@admin.register(Criterion)
class CriterionAdmin(FrozenReadOnly, admin.ModelAdmin):
    list_display = ["code", "name", "aspect", "weight", "source", "is_independent"]
    list_select_related = ["aspect__methodology"]
    list_filter = ["source", "normalisation"]
    inlines = [RubricLevelInline]

    def formfield_for_foreignkey(
        self, db_field: Any, request: HttpRequest, **kwargs: Any
    ) -> Any:
        if db_field.name == "aspect":
            kwargs["queryset"] = Aspect.objects.filter(
                methodology__frozen_at__isnull=True
            ).select_related("methodology")
        return super().formfield_for_foreignkey(db_field, request, **kwargs)
