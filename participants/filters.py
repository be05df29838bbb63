"""Query-parameter filters for the coverage-report API; a bad value is a 400."""

from typing import Any

import django_filters
from django.core.validators import RegexValidator
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _

from participants.models import CoverageReport
from review.models import ReviewStatus
from review.numbers import WholeNumberField

REGION_CODE = RegexValidator(
    r"^[0-9]{2}(\.[0-9]{2})?$",
    _("Enter a province code (15) or a kab/kota code (15.01)."),
)
PROVINCE_CODE = RegexValidator(r"^[0-9]{2}$", _("Enter a province code such as 15."))


class IntegerFilter(django_filters.NumberFilter):
    """A whole number in the digits 0-9; `2023.5`, `abc` or `٢٠٢٣` is a 400
    (NumberFilter takes decimals, Django's IntegerField other scripts' digits)."""

    field_class = WholeNumberField


class CoverageReportFilter(django_filters.FilterSet):
    region = django_filters.CharFilter(
        method="filter_region",
        validators=[REGION_CODE],
        label=_("Region code: a province's own report (15) or a kab/kota (15.01)"),
    )
    year = IntegerFilter(field_name="year", label=_("Year"))
    province = django_filters.CharFilter(
        field_name="province_id",
        validators=[PROVINCE_CODE],
        label=_("Province code: the province's report and all its kab/kota reports"),
    )
    status = django_filters.ChoiceFilter(
        choices=ReviewStatus.choices, label=_("Review status")
    )
    level = django_filters.ChoiceFilter(
        method="filter_level",
        choices=[("province", _("Province")), ("regency", _("Kab/kota"))],
        label=_("Level"),
    )

    villages = django_filters.BooleanFilter(
        method="filter_villages",
        label=_(
            "true: lists carry each report's desa/kelurahan rows (village_lines); "
            "otherwise village_lines is null in lists, which keeps pages small"
        ),
    )

    class Meta:
        model = CoverageReport
        fields = ["region", "year", "province", "status", "level", "villages"]

    def filter_region(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.for_region_code(value)  # type: ignore[attr-defined]

    def filter_villages(self, queryset: QuerySet, name: str, value: bool) -> QuerySet:
        """Chooses what a list carries, not which reports: see `villages_asked`."""
        return queryset

    def filter_level(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.filter(regency__isnull=value == "province")


def villages_asked(query: Any) -> bool:
    """Whether a list request asks for the reports' village rows."""
    return query.get("villages") in ("true", "True", "1")
