"""Panels in Django's admin, for inspection and repair by the national admin;
committees and secretaries set panels up on the portal's pages, which check who may
and refuse changes once scoring is closed. Declared conflicts are a record of what
members said: read only here."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scoring.models import Assignment, Declaration, Panel, PanelMember, PanelStep


class PanelMemberInline(admin.TabularInline):
    model = PanelMember
    extra = 0
    fields = ["user", "role", "organisation", "regency", "province", "employer"]
    autocomplete_fields = ["user", "regency", "province", "employer"]


class PanelStepInline(admin.TabularInline):
    """Closings and reopenings of scoring: a log, read only."""

    model = PanelStep
    extra = 0
    fields = ["action", "from_status", "to_status", "by", "at", "reason"]
    readonly_fields = ["action", "from_status", "to_status", "by", "at", "reason"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Panel)
class PanelAdmin(admin.ModelAdmin):
    list_display = ["__str__", "edition", "is_scoring_closed", "scoring_closed_at"]
    list_filter = ["edition", "is_scoring_closed"]
    search_fields = ["round__province__name", "edition__name"]
    autocomplete_fields = ["edition", "round"]
    readonly_fields = ["scoring_closed_at", "scoring_closed_by"]
    inlines = [PanelMemberInline, PanelStepInline]


@admin.register(PanelMember)
class PanelMemberAdmin(admin.ModelAdmin):
    list_display = ["user", "panel", "role", "organisation"]
    list_filter = ["role", "panel__edition"]
    search_fields = ["user__username", "user__last_name", "organisation"]
    autocomplete_fields = ["panel", "user", "regency", "province", "employer"]


@admin.register(Assignment)
class AssignmentAdmin(admin.ModelAdmin):
    list_display = ["member", "candidate", "assigned_by", "assigned_at"]
    search_fields = ["member__user__username", "candidate__regency__name"]
    autocomplete_fields = ["member", "candidate", "assigned_by"]


@admin.register(Declaration)
class DeclarationAdmin(admin.ModelAdmin):
    list_display = ["member", "candidate", "declared_by", "declared_at"]
    search_fields = ["member__user__username", "candidate__regency__name", "reason"]
    readonly_fields = ["member", "candidate", "reason", "declared_by", "declared_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
