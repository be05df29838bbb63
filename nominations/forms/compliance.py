"""The forms of the employer pages: the list's filters and the compliance figures.

Numbers are typed the Indonesian way (1.234.567; percentages 95,5 or 95.5). The form
only parses: `nominations.services.compliance` decides what is valid, and its
findings are put back beside the inputs they concern."""

from collections.abc import Iterable
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from nominations.models import PROGRAMMES, EmployerCompliance
from nominations.validation import PERCENTS, label
from review.findings import Finding
from review.numbers import SPACES, IndonesianIntegerField, PercentField
from review.years import report_years

COUNTS = tuple(
    name
    for name in EmployerCompliance.FIGURES
    if name not in PROGRAMMES and name not in PERCENTS
)


def _field(name: str) -> forms.Field:
    """The input of one figure, labelled as the model names it."""
    if name in PROGRAMMES:
        return forms.BooleanField(label=label(name), required=False)
    if name in PERCENTS:
        return PercentField(label=label(name))
    return IndonesianIntegerField(label=label(name))


class ComplianceForm(forms.Form):
    """An employer's figures of one year, the reason for changing saved figures and
    the version the page shows."""

    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=500,
        help_text=_(
            "Needed when you change figures that were saved before, e.g. "
            "'the payroll audit corrected the headcount'."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in EmployerCompliance.FIGURES:
            self.fields[name] = _field(name)
        self.order_fields([*EmployerCompliance.FIGURES, "reason", "version"])

    @classmethod
    def initial_of(cls, record: EmployerCompliance | None) -> dict[str, Any]:
        """What the form starts with: the stored figures, or nothing for a new
        record (version 1)."""
        if record is None:
            return {"version": 1}
        figures = {name: getattr(record, name) for name in EmployerCompliance.FIGURES}
        return {**figures, "version": record.version}

    def section(self, names: Iterable[str]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def workforce(self) -> list[forms.BoundField]:
        return self.section(("employees", "registered_participants"))

    def programmes(self) -> list[forms.BoundField]:
        return self.section(PROGRAMMES)

    def payments(self) -> list[forms.BoundField]:
        return self.section(("months_paid_on_time", *PERCENTS))

    def supply_chain(self) -> list[forms.BoundField]:
        return self.section(
            ("csr_vulnerable_protected", "vendors_total", "vendors_registered")
        )

    # Not `version` and `reason`: templates reach the fields by those names.
    @property
    def expected_version(self) -> int:
        return int(self.cleaned_data["version"])

    @property
    def reason_given(self) -> str:
        return str(self.cleaned_data.get("reason", ""))

    def values(self) -> dict[str, Any]:
        """The figures as the service takes them: blanks are None, programmes
        True or False."""
        return {
            name: self.cleaned_data.get(name) for name in EmployerCompliance.FIGURES
        }

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Each finding beside its input; one without an input at the top."""
        for finding in findings:
            if finding.rule == "reason_required":
                self.add_error("reason", finding.message)
            elif finding.path in self.fields:
                self.add_error(finding.path, finding.message)
            else:
                self.add_error(None, finding.message)

    def error_summary(self) -> list[tuple[str, str]]:
        """(message, input id) of every error, in page order."""
        summary = [(str(error), "") for error in self.non_field_errors()]
        for field in self:
            summary += [(str(error), field.auto_id) for error in field.errors]
        return summary


class EmployerFilterForm(forms.Form):
    """The employer list's search and year; the year defaults to the latest year
    with figures."""

    q = forms.CharField(
        label=_("Employer name or NPP"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        years = [(str(year), str(year)) for year in report_years()]
        self.fields["year"].choices = years  # type: ignore[attr-defined]

    def chosen_year(self) -> int | None:
        """The year asked for; None when none, or one outside the choices, is."""
        self.is_valid()
        year = self.cleaned_data.get("year")
        return int(year) if year else None

    def search(self) -> Q:
        """Employers whose name or NPP contains the term; everything without one."""
        self.is_valid()  # the valid fields count even when another one is not
        term = str(self.cleaned_data.get("q") or "").strip()
        if not term:
            return Q()
        return Q(name__icontains=term) | Q(npp__icontains=SPACES.sub("", term))
