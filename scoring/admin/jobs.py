"""Recompute jobs in Django's admin, read only: what was asked, when, how often it
was started and how it ended (the jobs are written by `scoring.services.jobs`)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from scoring.models import RecomputeJob


@admin.register(RecomputeJob)
class RecomputeJobAdmin(admin.ModelAdmin):
    list_display = [
        "__str__",
        "category",
        "province",
        "stage",
        "state",
        "progress",
        "attempts",
        "triggers",
        "created_at",
        "finished_at",
    ]
    list_filter = ["state", "stage"]
    search_fields = ["category__name", "province__name", "error"]
    list_select_related = ["category", "province"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
