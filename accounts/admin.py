from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from accounts import tokens
from accounts.models import ApiToken, User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "province", "branch", "kanwil"]
    list_filter = ["role", "is_active", "is_staff"]
    list_select_related = ["province", "branch", "kanwil"]
    search_fields = ["username", "first_name", "last_name", "email"]
    autocomplete_fields = ["province", "branch", "kanwil"]
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        (_("Role and area"), {"fields": ("role", "province", "branch", "kanwil")}),
        (_("Notifications"), {"fields": ("language",)}),
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and area"), {"fields": ("role", "province", "branch", "kanwil")}),
    )


TOKEN_FIELDS = (
    "name",
    "user",
    "prefix",
    "created_at",
    "expires_at",
    "last_used_at",
    "revoked_at",
)


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    """Tokens are seen and revoked here, never created: the secret is not stored."""

    list_display = TOKEN_FIELDS
    list_filter = [("revoked_at", admin.EmptyFieldListFilter)]
    list_select_related = ["user"]
    search_fields = ["name", "prefix", "user__username"]
    fields = TOKEN_FIELDS
    readonly_fields = TOKEN_FIELDS
    actions = ["revoke"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    @admin.action(description=_("Revoke the selected tokens"), permissions=["delete"])
    def revoke(self, request: HttpRequest, queryset: QuerySet[ApiToken]) -> None:
        for token in queryset.filter(revoked_at__isnull=True):
            tokens.revoke_token(token)
        self.message_user(request, _("The selected tokens no longer work."))
