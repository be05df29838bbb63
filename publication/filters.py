"""Query-parameter filters of the public releases; a bad value is a 400."""

import django_filters
from django.core.validators import RegexValidator
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participants.filters import IntegerFilter
from publication.models import Release

AREA = RegexValidator(
    r"^(?:[0-9]{2}|nasional)$",
    _("Enter a province code such as 15, or nasional for national results."),
)


class ReleaseFilter(django_filters.FilterSet):
    edition = IntegerFilter(field_name="edition__award_year", label=_("Award year"))
    category = IntegerFilter(field_name="category_id", label=_("Category id"))
    province = django_filters.CharFilter(
        method="filter_province",
        validators=[AREA],
        label=_("Province code, or nasional for national results"),
    )
    current = django_filters.BooleanFilter(
        method="filter_current",
        label=_("true: only the latest public release of each scope"),
    )

    class Meta:
        model = Release
        fields = ["edition", "category", "province", "current"]

    def filter_province(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if value == "nasional":
            return queryset.filter(province__isnull=True)
        return queryset.filter(province_id=value)

    def filter_current(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        later = Release.objects.public().filter(
            category=OuterRef("category"), number__gt=OuterRef("number")
        )
        national = later.filter(province__isnull=True)
        provincial = later.filter(province=OuterRef("province"))
        newest = (Q(province__isnull=True) & ~Exists(national)) | (
            Q(province__isnull=False) & ~Exists(provincial)
        )
        return queryset.filter(newest) if value else queryset.exclude(newest)
