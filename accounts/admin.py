from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.translation import gettext_lazy as _

from accounts.models import User


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
    )
    add_fieldsets = (
        *BaseUserAdmin.add_fieldsets,
        (_("Role and area"), {"fields": ("role", "province", "branch", "kanwil")}),
    )
