"""The forms of the coverage list page: filters and "start a report"."""

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from participants.models import CoverageReport
from regions.models import Province, Regency, dotted_code
from review.models import ReviewStatus
from review.numbers import with_blank
from review.years import report_years


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
            self.fields["mine"] = forms.BooleanField(
                label=_("Only my area"), required=False
            )

    def apply(self, reports: QuerySet[CoverageReport]) -> QuerySet[CoverageReport]:
        """The reports that match the valid filters."""
        if not self.is_valid():
            return reports
        data = self.cleaned_data
        if data.get("year"):
            reports = reports.filter(year=data["year"])
        if data.get("province"):
            reports = reports.filter(province=data["province"])
        if data.get("status"):
            reports = reports.filter(status=data["status"])
        if data.get("mine"):
            reports = reports.for_user(self.user)  # type: ignore[attr-defined]
        if data.get("q", "").strip():
            reports = reports.filter(_region_match(data["q"].strip()))
        return reports


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
