"""Query-parameter filters for the award API; a bad value is a 400, never a 500."""

import django_filters
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from nominations.models import Candidate, Category, Employer, Scale, Sector, SubjectType
from participants.filters import PROVINCE_CODE, IntegerFilter


def _award_year() -> IntegerFilter:
    return IntegerFilter(field_name="edition__award_year", label=_("Award year"))


class CategoryFilter(django_filters.FilterSet):
    edition = _award_year()
    subject_type = django_filters.ChoiceFilter(
        choices=SubjectType.choices, label=_("Subject type")
    )

    class Meta:
        model = Category
        fields = ["edition", "subject_type"]


class CandidateFilter(django_filters.FilterSet):
    edition = _award_year()
    category = IntegerFilter(field_name="category_id", label=_("Category id"))
    province = django_filters.CharFilter(
        field_name="province_id",
        validators=[PROVINCE_CODE],
        label=_("Province code of the round"),
    )
    status = django_filters.ChoiceFilter(
        choices=Candidate.Status.choices, label=_("Status")
    )

    class Meta:
        model = Candidate
        fields = ["edition", "category", "province", "status"]


class EmployerFilter(django_filters.FilterSet):
    search = django_filters.CharFilter(
        method="filter_search", max_length=100, label=_("Name fragment or NPP prefix")
    )
    province = django_filters.CharFilter(
        field_name="regency__province_id",
        validators=[PROVINCE_CODE],
        label=_("Province code"),
    )
    sector = django_filters.ChoiceFilter(choices=Sector.choices, label=_("Sector"))
    scale = django_filters.ChoiceFilter(choices=Scale.choices, label=_("Scale"))

    class Meta:
        model = Employer
        fields = ["search", "province", "sector", "scale"]

    def filter_search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        return queryset.filter(
            Q(name__icontains=value) | Q(npp__startswith=value.upper())
        )
