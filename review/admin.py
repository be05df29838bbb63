"""Read-only timelines of any reviewed record in the Django admin."""

from django.contrib.contenttypes.admin import GenericTabularInline

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
