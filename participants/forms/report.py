"""The sections of the coverage report page. `ReportForms` turns a posted page into a
`ReportContent` (the services decide what is valid) and puts the services' findings
next to the inputs they concern."""

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any, cast

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from participants.content import TABLES, ReportContent, Row, field_of
from participants.models import (
    ClaimLine,
    CoverageReport,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from participants.validation import MAX_EXPLANATION, MAX_REASON
from regions.models import dotted_code
from review.findings import Finding
from review.numbers import SPACES, IndonesianIntegerField, with_blank


def _label(model: type, name: str) -> StrOrPromise:
    return capfirst(field_of(model, name).verbose_name)


WORKFORCE = ("angkatan_kerja", "pekerja_formal", "pekerja_informal")
PARTICIPANTS = ("peserta_pu", "peserta_bpu", "peserta_jakon", "peserta_pmi")
EMPLOYERS = ("pemberi_kerja",)


class FiguresForm(forms.Form):
    """The report's own figures and what goes with a save: the explanation of
    warnings, the reason for changing saved figures and the version the page shows."""

    warning_explanation = forms.CharField(
        label=_("Explanation of warnings"),
        required=False,
        max_length=MAX_EXPLANATION,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Why figures that raise a warning are nevertheless right. Needed before "
            "the report can be submitted."
        ),
    )
    reason = forms.CharField(
        label=_("Reason for the change"),
        required=False,
        max_length=MAX_REASON,
        help_text=_(
            "Needed when you change figures that were saved before, e.g. "
            "'BPS revised the labour force'."
        ),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name in CoverageReport.FIGURES:
            self.fields[name] = IndonesianIntegerField(
                label=_label(CoverageReport, name)
            )

    def section(self, names: tuple[str, ...]) -> list[forms.BoundField]:
        return [self[name] for name in names]

    def workforce(self) -> list[forms.BoundField]:
        return self.section(WORKFORCE)

    def participants(self) -> list[forms.BoundField]:
        return self.section(PARTICIPANTS)

    def employers(self) -> list[forms.BoundField]:
        return self.section(EMPLOYERS)


def _is_blank(values: Iterable[Any]) -> bool:
    return all(value in (None, "") for value in values)


@dataclass(frozen=True)
class FixedRow:
    """One row of a fixed table, for the template: key, label and its inputs."""

    key: str
    label: str
    fields: list[forms.BoundField]


class FixedRowsForm(forms.Form):
    """A table with one row per choice (non-ASN categories, claim programmes); the
    input of row `key` and value `name` is the field `<key>__<name>`."""

    table_name = ""
    row_choices: list[tuple[str, Any]] = []

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        table = TABLES[self.table_name]
        for key, row_label in self.row_choices:
            for name in table.value_fields:
                label = f"{row_label} — {field_of(table.model, name).verbose_name}"
                self.fields[f"{key}__{name}"] = IndonesianIntegerField(label=label)

    @classmethod
    def initial_from(cls, rows: dict[str, Row]) -> dict[str, Any]:
        return {
            f"{key}__{name}": value
            for key, row in rows.items()
            for name, value in row.items()
        }

    def rows(self) -> list[FixedRow]:
        names = TABLES[self.table_name].value_fields
        # A break opportunity after "/" lets "kecamatan/kelurahan" wrap on phones.
        return [
            FixedRow(
                key,
                str(label).replace("/", "/\u200b"),
                [self[f"{key}__{name}"] for name in names],
            )
            for key, label in self.row_choices
        ]

    def lines(self) -> dict[str, Row]:
        """Rows with at least one value; blank values are None."""
        names = TABLES[self.table_name].value_fields
        lines = {}
        for key, _label in self.row_choices:
            row = {name: self.cleaned_data.get(f"{key}__{name}") for name in names}
            if not _is_blank(row.values()):
                lines[key] = row
        return lines

    def field_for(self, key: str, name: str) -> str | None:
        field = f"{key}__{name}"
        return field if field in self.fields else None


class NonAsnForm(FixedRowsForm):
    table_name = "non_asn"
    row_choices = NonAsnLine.Category.choices


class ClaimsForm(FixedRowsForm):
    table_name = "claims"
    row_choices = ClaimLine.Programme.choices


class LineForm(forms.Form):
    """One row of a free table; a row left empty is skipped. Its key fields, and
    `required_fields`, must be filled in a row that has anything."""

    table_name = ""
    required_fields: tuple[str, ...] = ()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if self.is_blank():
            return cleaned
        for name in TABLES[self.table_name].key_fields + self.required_fields:
            field = name.removesuffix("_id")
            if cleaned.get(field) in (None, "") and field not in self.errors:
                self.add_error(field, self.required_message(field))
        return cleaned

    def required_message(self, field: str) -> str:
        return str(
            _("%(field)s: fill this in, or empty the whole row.")
            % {"field": capfirst(self.fields[field].label)}
        )

    def is_blank(self) -> bool:
        data = getattr(self, "cleaned_data", {})
        if self.errors:
            return False
        return _is_blank(data.get(name) for name in self.fields)

    def key(self) -> str:
        table = TABLES[self.table_name]
        values = {
            name: self.cleaned_data[name.removesuffix("_id")]
            for name in table.key_fields
        }
        return table.key_of(values)

    def row(self) -> Row:
        return {
            name: self.cleaned_data.get(name)
            for name in TABLES[self.table_name].value_fields
        }


class VulnerableLineForm(LineForm):
    """Vulnerable workers of one sector protected from one funding source."""

    table_name = "vulnerable"

    sector = forms.ChoiceField(
        label=_label(VulnerableWorkerLine, "sector"),
        choices=with_blank(VulnerableWorkerLine.Sector.choices),
        required=False,
    )
    funding_source = forms.ChoiceField(
        label=_label(VulnerableWorkerLine, "funding_source"),
        choices=with_blank(FundingSource.choices),
        required=False,
    )
    workers = IndonesianIntegerField(label=_label(VulnerableWorkerLine, "workers"))
    months = IndonesianIntegerField(label=_label(VulnerableWorkerLine, "months"))
    rupiah = IndonesianIntegerField(label=_label(VulnerableWorkerLine, "rupiah"))


class VillageLineForm(LineForm):
    """Vulnerable workers protected in one desa/kelurahan."""

    table_name = "villages"
    required_fields = ("funding_source",)

    village = forms.CharField(
        label=_("Desa/kelurahan code"),
        required=False,
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "spellcheck": "false", "class": "input-code"}
        ),
    )
    workers = IndonesianIntegerField(label=_label(VillageProtection, "workers"))
    funding_source = forms.ChoiceField(
        label=_label(VillageProtection, "funding_source"),
        choices=with_blank(FundingSource.choices),
        required=False,
    )

    def __init__(self, *args: Any, datalist: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if datalist:
            self.fields["village"].widget.attrs["list"] = datalist

    def clean_village(self) -> str:
        """Codes as Kemendagri writes them; bare digits get their dots."""
        return dotted_code(SPACES.sub("", self.cleaned_data["village"]))


class LineFormSet(forms.BaseFormSet):
    """Rows of a free table; two rows with the same key are refused."""

    def clean(self) -> None:
        if any(self.errors):
            return
        seen: dict[str, int] = {}
        for number, form in enumerate(self.forms, start=1):
            if form.is_blank():
                continue
            key = form.key()
            if key in seen:
                form.add_error(
                    None,
                    _("This row repeats row %(row)s; put the figures in one row.")
                    % {"row": seen[key]},
                )
            seen.setdefault(key, number)

    def lines(self) -> dict[str, Row]:
        return {form.key(): form.row() for form in self.filled()}

    def filled(self) -> Iterator[LineForm]:
        for form in self.forms:
            if not form.is_blank():
                yield form

    def form_for(self, key: str) -> LineForm | None:
        return next((form for form in self.filled() if form.key() == key), None)


VulnerableFormSet = cast(
    type[LineFormSet],
    forms.formset_factory(
        VulnerableLineForm, formset=LineFormSet, extra=2, max_num=200, validate_max=True
    ),
)
VillageFormSet = cast(
    type[LineFormSet],
    forms.formset_factory(
        VillageLineForm, formset=LineFormSet, extra=3, max_num=1000, validate_max=True
    ),
)


def _line_initial(table_name: str, rows: dict[str, Row]) -> list[dict[str, Any]]:
    table = TABLES[table_name]
    initial = []
    for key, row in rows.items():
        keys = {
            name.removesuffix("_id"): value
            for name, value in table.key_values(key).items()
        }
        initial.append({**keys, **row})
    return initial


class ReportForms:
    """Every form of the report page, bound together: figures, the four tables and
    the save fields. `content()` gives what was entered; `add_findings()` shows the
    services' verdict next to the inputs."""

    def __init__(
        self,
        data: Any = None,
        *,
        content: ReportContent | None = None,
        version: int = 1,
        explanation: str = "",
        village_list: str | None = None,
    ) -> None:
        content = content or ReportContent()
        self.figures = FiguresForm(
            data,
            initial={
                **content.figures,
                "version": version,
                "warning_explanation": explanation,
            },
        )
        self.non_asn = NonAsnForm(
            data,
            prefix="non_asn",
            initial=NonAsnForm.initial_from(content.rows("non_asn")),
        )
        self.vulnerable = VulnerableFormSet(
            data,
            prefix="vulnerable",
            initial=_line_initial("vulnerable", content.rows("vulnerable")),
        )
        self.villages = VillageFormSet(
            data,
            prefix="villages",
            initial=_line_initial("villages", content.rows("villages")),
            form_kwargs={"datalist": village_list},
        )
        self.claims = ClaimsForm(
            data,
            prefix="claims",
            initial=ClaimsForm.initial_from(content.rows("claims")),
        )
        self.top_errors: list[str] = []

    def all(self) -> list[Any]:
        return [self.figures, self.non_asn, self.vulnerable, self.villages, self.claims]

    def is_valid(self) -> bool:
        # Every form, not just up to the first invalid one: all errors show at once.
        results = [form.is_valid() for form in self.all()]
        return all(results)

    @property
    def version(self) -> int:
        return int(self.figures.cleaned_data["version"])

    @property
    def reason(self) -> str:
        return str(self.figures.cleaned_data.get("reason", ""))

    @property
    def explanation(self) -> str:
        return str(self.figures.cleaned_data.get("warning_explanation", ""))

    def content(self) -> ReportContent:
        """What the page holds, as the services take it; blank rows left out."""
        figures = {
            name: self.figures.cleaned_data.get(name) for name in CoverageReport.FIGURES
        }
        lines = {
            "non_asn": self.non_asn.lines(),
            "vulnerable": self.vulnerable.lines(),
            "villages": self.villages.lines(),
            "claims": self.claims.lines(),
        }
        return ReportContent(figures=figures, lines=lines)

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Each finding's message beside its input, or at the top if it has none."""
        for finding in findings:
            form, field = self._locate(finding)
            if form is None:
                self.top_errors.append(finding.message)
            else:
                form.add_error(field, finding.message)

    def _locate(self, finding: Finding) -> tuple[forms.Form | None, str | None]:
        if finding.rule == "reason_required":
            return self.figures, "reason"
        if finding.path in self.figures.fields:
            return self.figures, finding.path
        table, key, name = [*finding.path.split(":"), "", ""][:3]
        if table in ("non_asn", "claims"):
            fixed = self.non_asn if table == "non_asn" else self.claims
            field = fixed.field_for(key, name)
            return (fixed, field) if field else (None, None)
        if table in ("vulnerable", "villages"):
            formset = self.vulnerable if table == "vulnerable" else self.villages
            form = formset.form_for(key)
            if form is None:
                return None, None
            return form, _row_field(form, finding.rule, name)
        return None, None

    def error_summary(self) -> list[tuple[str, str]]:
        """(message, input id) of every error on the page, in page order."""
        summary = [(message, "") for message in self.top_errors]
        for form in self._forms():
            summary += [(str(error), "") for error in form.non_field_errors()]
            for field in form:
                summary += [(str(error), field.auto_id) for error in field.errors]
        return summary

    def _forms(self) -> Iterator[forms.Form]:
        for item in self.all():
            if isinstance(item, forms.BaseFormSet):
                yield from item.forms
            else:
                yield item

    def has_errors(self) -> bool:
        return bool(self.top_errors) or any(form.errors for form in self._forms())


def _row_field(form: forms.Form, rule: str, name: str) -> str | None:
    """The input of a free-table row that a finding is about."""
    if name in form.fields:
        return name
    if rule.startswith("unknown_") and rule.removeprefix("unknown_") in form.fields:
        return rule.removeprefix("unknown_")
    if "village" in form.fields:
        return "village"
    return None
