"""Reviewed records in the Django admin: read only, with a link to their portal
page, and their timelines and audit trails as read-only inlines."""

from typing import Any

from django.contrib import admin
from django.contrib.contenttypes.admin import GenericTabularInline
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from regions.admin_years import YearsAsWrittenAdmin
from review.models import AuditEntry, StatusChange


class ReadOnlyLogInline(GenericTabularInline):
    extra = 0
    can_delete = False
    ct_fk_field = "object_id"

    def has_add_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False


class StatusChangeInline(ReadOnlyLogInline):
    model = StatusChange
    fields = readonly_fields = ("at", "by", "from_status", "to_status", "reason")


class AuditEntryInline(ReadOnlyLogInline):
    model = AuditEntry
    fields = readonly_fields = (
        "at",
        "by",
        "field",
        "old_value",
        "new_value",
        "reason",
        "source",
        "version",
    )


class ReviewedRecordAdmin(YearsAsWrittenAdmin):
    """A reviewed record in the admin, read only, with a link to its portal page.

    Its values change on that page (or through the API or an upload), whose save
    validates, bumps the version and audits (`review.saving`); its status moves only
    through the workflow, which logs every step on the timeline. An admin edit would
    do none of that, so the admin neither changes nor starts records. It deletes
    only a record without history (no saved value, no workflow step), such as one
    started by mistake: deleting takes the record's timeline and audit trail with
    it, and nothing of the history is to be lost."""

    actions = None  # no bulk delete, which would not look at each record's history

    def get_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        fields = [f for f in super().get_fields(request, obj) if f != "portal_page"]
        return ["portal_page", *fields]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[Any]:
        return ["portal_page", *super().get_readonly_fields(request, obj)]

    @admin.display(description=_("portal page"))
    def portal_page(self, obj: Any) -> str:
        return format_html(
            '<a href="{}">{}</a> — {}',
            obj.get_absolute_url(),
            obj,
            _(
                "values and status change there, validated, with the version "
                "raised and every change in the history"
            ),
        )

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        if obj is None or not super().has_delete_permission(request, obj):
            return False
        return not (obj.status_changes.exists() or obj.audit_entries.exists())


class ReadOnlyRowsInline(admin.TabularInline):
    """The rows of a reviewed record's table, shown read only like the record."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
