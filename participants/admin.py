from django.contrib import admin

from participants.models import (
    ClaimLine,
    CoverageReport,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from review.admin import AuditEntryInline, StatusChangeInline


class NonAsnInline(admin.TabularInline):
    model = NonAsnLine
    extra = 0


class VulnerableInline(admin.TabularInline):
    model = VulnerableWorkerLine
    extra = 0


class VillageInline(admin.TabularInline):
    model = VillageProtection
    extra = 0
    autocomplete_fields = ["village"]


class ClaimInline(admin.TabularInline):
    model = ClaimLine
    extra = 0


@admin.register(CoverageReport)
class CoverageReportAdmin(admin.ModelAdmin):
    """For inspection and repair by the national admin; branch staff use the portal's
    forms, which validate, lock and audit every change."""

    list_display = ["__str__", "year", "province", "regency", "status", "version"]
    list_filter = ["status", "year", "province"]
    search_fields = [
        "regency__name",
        "regency__code",
        "province__name",
        "province__code",
    ]
    list_select_related = ["province", "regency"]
    autocomplete_fields = ["province", "regency"]
    readonly_fields = ["status", "version", "updated_by", "created_at", "updated_at"]
    inlines = [
        NonAsnInline,
        VulnerableInline,
        VillageInline,
        ClaimInline,
        StatusChangeInline,
        AuditEntryInline,
    ]
