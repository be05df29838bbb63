"""The forms of the coverage list page: filters and "start a report"."""

from typing import Any

from django import forms
from django.db.models import Case, F, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import OrderBy
from django.utils.translation import gettext_lazy as _

from participants.models import CoverageReport
from regions.models import Province, Regency, dotted_code
from review.models import ReviewStatus
from review.numbers import with_blank
from review.years import report_years

AREAS = [("mine", _("My area")), ("all", _("All regions"))]
# The list's sortable columns and the fields they sort by; "-key" sorts the other
# way. The primary key last keeps paging stable.
SORTS: dict[str, tuple[str, ...]] = {
    "region": ("province_id", "regency_id"),
    "year": ("year",),
    "status": ("status",),
    "updated": ("updated_at",),
    "waiting": ("updated_at",),
}
DEFAULT_ORDER = (
    F("year").desc(),
    F("province_id").asc(),
    F("regency_id").asc(nulls_first=True),
    F("pk").asc(),
)


class ProvinceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class ReportFilterForm(forms.Form):
    """Filters of the report list, all optional."""

    q = forms.CharField(
        label=_("Region name or code"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)
    province = ProvinceChoiceField(
        Province.objects.order_by("code"),
        label=_("Province"),
        required=False,
        empty_label=_("All provinces"),
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=with_blank(ReviewStatus.choices, _("All statuses")),
    )

    def __init__(self, *args: Any, user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = [(str(year), str(year)) for year in report_years()]
        self.fields["year"].choices = with_blank(years, _("All years"))  # type: ignore[attr-defined]
        self.user = user
        if user is not None and user.is_authenticated and user.region_scope:
            self.fields["area"] = forms.ChoiceField(
                label=_("Area"), required=False, choices=AREAS
            )

    @property
    def shows_own_area(self) -> bool:
        """Users with an area see it first; "all" shows the rest of the country."""
        if "area" not in self.fields:
            return False
        return self.data.get("area") != "all"

    @property
    def sort_key(self) -> str:
        """A whitelisted sort key; anything else is the default order."""
        key = self.data.get("sort", "")
        return key if isinstance(key, str) and key.lstrip("-") in SORTS else ""

    def ordering(self) -> tuple[Any, ...]:
        """The order of the list: the chosen column's, or the default."""
        key = self.sort_key
        if not key:
            return DEFAULT_ORDER
        descending = key.startswith("-")
        fields = [
            F(name).desc(nulls_last=True)
            if descending
            else F(name).asc(nulls_first=True)
            for name in SORTS[key.lstrip("-")]
        ]
        if key.lstrip("-") == "waiting":  # submitted reports first: they wait
            fields.insert(0, _waiting_first())
        return (*fields, *DEFAULT_ORDER)

    def apply(self, reports: QuerySet[CoverageReport]) -> QuerySet[CoverageReport]:
        """The reports that match the valid filters."""
        if self.shows_own_area:
            reports = reports.for_user(self.user)  # type: ignore[attr-defined]
        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data.get("year"):
            reports = reports.filter(year=data["year"])
        if data.get("province"):
            reports = reports.filter(province=data["province"])
        if data.get("status"):
            reports = reports.filter(status=data["status"])
        if data.get("q", "").strip():
            reports = reports.filter(_region_match(data["q"].strip()))
        return reports


def _waiting_first() -> OrderBy:
    return Case(
        When(status=ReviewStatus.SUBMITTED, then=Value(0)),
        default=Value(1),
        output_field=IntegerField(),
    ).asc()


def _region_match(term: str) -> Q:
    """A kab/kota or province report whose region name or code matches the term."""
    code = dotted_code(term)
    province_report = Q(regency__isnull=True)
    return (
        Q(regency__name__icontains=term)
        | Q(regency__code__startswith=code)
        | (province_report & Q(province__name__icontains=term))
        | (province_report & Q(province__code__startswith=code))
    )


class StartReportForm(forms.Form):
    """Branch staff pick a year and one of their regions to enter a report."""

    year = forms.TypedChoiceField(label=_("Year"), coerce=int)
    region = forms.ChoiceField(label=_("Region"))

    def __init__(self, *args: Any, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = report_years()
        self.fields["year"].choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]
        self.fields["year"].initial = str(years[1] if len(years) > 1 else years[0])
        provinces = Province.objects.filter(reporting_branch=user.branch_id)
        regencies = Regency.objects.for_user(user).order_by("code")
        choices: list[tuple[Any, Any]] = []
        if provinces:
            province_choices = [(p.code, f"{p.code} {p.name}") for p in provinces]
            choices.append((_("Province"), province_choices))
        choices.append(
            (_("Kab/kota"), [(r.code, f"{r.code} {r.name}") for r in regencies])
        )
        self.fields["region"].choices = choices  # type: ignore[attr-defined]
