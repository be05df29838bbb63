"""Ranking runs in Django's admin: a record of what was computed, read only (a run
is written once by `scoring.services.runs.compute_run` and never changed), and the
decisions taken from runs, read only too (`scoring.services.decisions.decide`)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scoring.models import Decision, RankingRun


@admin.register(RankingRun)
class RankingRunAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "edition",
        "category",
        "province",
        "stage",
        "methodology",
        "created_at",
    ]
    list_filter = ["edition", "stage", "tier"]
    search_fields = ["input_hash", "category__name", "province__name"]
    list_select_related = ["edition", "category", "province", "methodology"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Decision)
class DecisionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "run", "outcome", "place", "is_deviation", "decided_at"]
    list_filter = ["outcome", "is_deviation"]
    list_select_related = ["run", "candidate"]
    raw_id_fields = ["run", "candidate", "step"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
