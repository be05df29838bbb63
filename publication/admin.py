from django.contrib import admin

from publication.models import Certificate, Release, Signatory


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


@admin.register(Signatory)
class SignatoryAdmin(admin.ModelAdmin):
    """Signatories are also edited on each round's certificate page."""

    list_display = ("name", "position", "edition", "province", "order")
    list_filter = ("edition", "province")


@admin.register(Certificate)
class CertificateAdmin(admin.ModelAdmin):
    """Certificates are read here; issued by batches and revoked on the round's
    page, with a reason."""

    list_display = ("number", "code", "title", "status", "edition", "province")
    list_filter = ("edition", "status", "province")
    search_fields = ("number", "code")
    readonly_fields = [f.name for f in Certificate._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
