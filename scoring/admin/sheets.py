"""Score sheets in the Django admin: read only like every reviewed record, with
their scores, timeline and audit trail; they change on their portal page."""

from django.contrib import admin

from review.admin import (
    AuditEntryInline,
    ReadOnlyRowsInline,
    ReviewedRecordAdmin,
    StatusChangeInline,
)
from scoring.models import ScoreSheet, SheetScore


class SheetScoreInline(ReadOnlyRowsInline):
    model = SheetScore
    fields = readonly_fields = ("criterion", "level", "note")


@admin.register(ScoreSheet)
class ScoreSheetAdmin(ReviewedRecordAdmin):
    """Read only: levels, notes and status change on the sheet's page, through
    `scoring.services.sheets`."""

    list_display = ["member", "candidate", "status", "version", "entered_by"]
    list_filter = ["status"]
    list_select_related = ["member__user", "member__panel", "candidate"]
    readonly_fields = [
        "member",
        "candidate",
        "status",
        "version",
        "entered_by",
        "updated_by",
        "created_at",
        "updated_at",
    ]
    inlines = [SheetScoreInline, StatusChangeInline, AuditEntryInline]
