from django.contrib import admin

from regions.admin_years import YearsAsWrittenAdmin
from regions.models import (
    Branch,
    District,
    Kanwil,
    Province,
    Regency,
    RegionDataLoad,
    Village,
    Zone,
)


@admin.register(Kanwil)
class KanwilAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name", "code"]


@admin.register(Province)
class ProvinceAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kanwil", "reporting_branch", "is_active"]
    list_filter = ["kanwil", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["kanwil"]
    autocomplete_fields = ["kanwil", "reporting_branch"]


@admin.register(Regency)
class RegencyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "province", "is_active"]
    list_filter = ["kind", "is_administrative", "is_active", "province"]
    search_fields = ["code", "name"]
    list_select_related = ["province"]
    autocomplete_fields = ["province"]


@admin.register(District)
class DistrictAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "regency", "is_active"]
    list_filter = ["is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["regency"]
    autocomplete_fields = ["regency"]


@admin.register(Village)
class VillageAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "district", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["code", "name"]
    list_select_related = ["district"]
    autocomplete_fields = ["district"]
    show_full_result_count = False


@admin.register(Branch)
class BranchAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kanwil", "is_demo"]
    list_filter = ["kanwil", "is_demo"]
    search_fields = ["name", "code"]
    list_select_related = ["kanwil"]
    autocomplete_fields = ["kanwil", "regencies"]


@admin.register(Zone)
class ZoneAdmin(YearsAsWrittenAdmin):
    list_display = ["name", "year"]
    list_filter = ["year"]
    search_fields = ["name"]
    autocomplete_fields = ["provinces"]


@admin.register(RegionDataLoad)
class RegionDataLoadAdmin(admin.ModelAdmin):
    list_display = ["source", "version", "loaded_at", "checksum"]
    readonly_fields = ["source", "version", "checksum", "counts", "loaded_at"]

    def has_add_permission(self, request: object) -> bool:
        return False
