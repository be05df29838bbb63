"""Query-parameter filters for the region API; a bad value is a 400, never a 500."""

from typing import Any

import django_filters
from django.db import models
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from regions.models import Branch, District, Province, Regency, Village


class StrictBooleanFilter(django_filters.TypedChoiceFilter):
    """`true` or `false`; anything else is a 400 (django-filter ignores it)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [("true", "true"), ("false", "false")])
        kwargs.setdefault("coerce", lambda value: value == "true")
        super().__init__(*args, **kwargs)


class SearchFilterSet(django_filters.FilterSet):
    FILTER_DEFAULTS = {
        **django_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
    }

    search = django_filters.CharFilter(
        method="filter_search", max_length=100, label=_("Name fragment or code prefix")
    )

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)  # type: ignore[attr-defined]


class ProvinceFilter(SearchFilterSet):
    kanwil = django_filters.CharFilter(field_name="kanwil__code")

    class Meta:
        model = Province
        fields = ["kanwil", "is_active"]


class RegencyFilter(SearchFilterSet):
    province = django_filters.CharFilter(field_name="province_id", max_length=2)
    kind = django_filters.ChoiceFilter(choices=Regency.Kind.choices)

    class Meta:
        model = Regency
        fields = ["province", "kind", "is_administrative", "is_active"]


class DistrictFilter(SearchFilterSet):
    regency = django_filters.CharFilter(field_name="regency_id", max_length=5)
    province = django_filters.CharFilter(
        field_name="regency__province_id", max_length=2
    )

    class Meta:
        model = District
        fields = ["regency", "province", "is_active"]


class VillageFilter(SearchFilterSet):
    district = django_filters.CharFilter(field_name="district_id", max_length=8)
    regency = django_filters.CharFilter(field_name="district__regency_id", max_length=5)
    province = django_filters.CharFilter(
        field_name="district__regency__province_id", max_length=2
    )
    kind = django_filters.ChoiceFilter(choices=Village.Kind.choices)

    class Meta:
        model = Village
        fields = ["district", "regency", "province", "kind", "is_active"]


class BranchFilter(SearchFilterSet):
    kanwil = django_filters.CharFilter(field_name="kanwil__code")
    regency = django_filters.CharFilter(method="filter_regency", max_length=5)
    province = django_filters.CharFilter(method="filter_province", max_length=2)

    class Meta:
        model = Branch
        fields = ["kanwil", "regency", "province", "is_demo"]

    def filter_regency(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(
            pk__in=Branch.objects.filter(regencies=value).values("pk")
        )

    def filter_province(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        inside = Branch.objects.filter(regencies__province=value).values("pk")
        return queryset.filter(pk__in=inside)
