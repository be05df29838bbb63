"""Coverage reports in the Django admin, read only (`review.admin`)."""

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest

from participants.models import (
    ClaimLine,
    CoverageReport,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from review.admin import (
    AuditEntryInline,
    ReadOnlyRowsInline,
    ReviewedRecordAdmin,
    StatusChangeInline,
)


class NonAsnInline(ReadOnlyRowsInline):
    model = NonAsnLine


class VulnerableInline(ReadOnlyRowsInline):
    model = VulnerableWorkerLine


class VillageInline(ReadOnlyRowsInline):
    model = VillageProtection

    def get_queryset(self, request: HttpRequest) -> QuerySet[VillageProtection]:
        return super().get_queryset(request).select_related("village")


class ClaimInline(ReadOnlyRowsInline):
    model = ClaimLine


@admin.register(CoverageReport)
class CoverageReportAdmin(ReviewedRecordAdmin):
    """For inspection by the national admin, read only: figures, tables and status
    change on the report's page (forms, API, uploads), which validate, lock and
    audit every change."""

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
