from django.contrib import admin

from publication.models import Release


@admin.register(Release)
class ReleaseAdmin(admin.ModelAdmin):
    """Releases are read here; they are published from the ranking pages."""

    list_display = ("__str__", "number", "embargo_until", "published_at")
    list_filter = ("edition", "province")
    readonly_fields = [f.name for f in Release._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
