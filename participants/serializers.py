"""Coverage reports in and out of the API.

Out: a report with its eight figures, its four tables and its derived figures. Derived
percentages and rupiah amounts are decimals written as strings with two places
("60.88"), so that no client loses precision to binary floats; null means an input is
missing.

In: only the form of the input is checked here — whole numbers, row keys that can name
a value, no unknown fields, no repeated rows. Whether the figures are right (signs,
sums, known sectors, desa of the region, …) is decided by `participants.validation`
through the services, exactly as for the entry forms.
"""

import re
from collections.abc import Iterator, Mapping
from typing import Any

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import extend_schema_field, inline_serializer
from rest_framework import serializers
from rest_framework.exceptions import ErrorDetail
from rest_framework.settings import api_settings

from participants.calculations import DerivedFigures
from participants.content import LINE_TABLES, TABLES, ReportContent
from participants.models import (
    ClaimLine,
    CoverageReport,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from participants.selectors import derived
from participants.validation import MAX_EXPLANATION, MAX_REASON
from regions.models import Province, Regency
from review.findings import Finding
from review.numbers import whole_number
from review.years import year_refusal

MAX_FIGURE = 2**63 - 1  # what the database column holds
KEY = re.compile(r"[a-z0-9_.]{1,30}")
LEVELS = [("province", gettext_lazy("Province")), ("regency", gettext_lazy("Kab/kota"))]


class StrictSerializer(serializers.Serializer):
    """Refuses fields it does not know, instead of silently ignoring them."""

    def to_internal_value(self, data: Any) -> Any:
        if isinstance(data, Mapping):
            known = {name for name, field in self.fields.items() if not field.read_only}
            unknown = sorted(str(name) for name in data if name not in known)
            if unknown:
                message = _("This field is not accepted here.")
                raise serializers.ValidationError(
                    {
                        name: [ErrorDetail(message, code="unknown_field")]
                        for name in unknown
                    }
                )
        return super().to_internal_value(data)


class LineSerializer(StrictSerializer):
    """A table row: its key fields are required in PATCH too, because a row is
    always given whole (DRF skips required fields of nested rows when partial)."""

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        missing = {
            name: [ErrorDetail(str(field.error_messages["required"]), "required")]
            for name, field in self.fields.items()
            if field.required and field.source not in attrs
        }
        if missing:
            raise serializers.ValidationError(missing)
        return attrs


class WholeNumberField(serializers.IntegerField):
    """An integer; as text only in the digits 0-9, the rule of the entry form and
    uploads (DRF's own field also takes ٣ and ３)."""

    def to_internal_value(self, data: Any) -> int:
        if isinstance(data, str) and not data.isascii():
            self.fail("invalid")
        return super().to_internal_value(data)


class KeyField(serializers.ChoiceField):
    """A row key, documented with its known values. Only its form is checked here;
    an unknown value is reported by the shared validation rules with the others."""

    def to_internal_value(self, data: Any) -> str:
        if not isinstance(data, str) or not KEY.fullmatch(data):
            self.fail("invalid_choice", input=data)
        return data


def _number(label: Any, **kwargs: Any) -> serializers.IntegerField:
    """A whole number or null; its sign and sums are the validation rules' business."""
    kwargs.setdefault("required", False)
    return WholeNumberField(
        label=label, allow_null=True, max_value=MAX_FIGURE, **kwargs
    )


def _verbose(model: Any, name: str) -> Any:
    return capfirst(model._meta.get_field(name).verbose_name)


class NonAsnLineSerializer(LineSerializer):
    category = KeyField(
        NonAsnLine.Category.choices, label=_verbose(NonAsnLine, "category")
    )
    eligible = _number(_verbose(NonAsnLine, "eligible"))
    protected = _number(_verbose(NonAsnLine, "protected"))


class VulnerableLineSerializer(LineSerializer):
    sector = KeyField(
        VulnerableWorkerLine.Sector.choices,
        label=_verbose(VulnerableWorkerLine, "sector"),
    )
    funding_source = KeyField(
        FundingSource.choices, label=_verbose(VulnerableWorkerLine, "funding_source")
    )
    workers = _number(_verbose(VulnerableWorkerLine, "workers"))
    months = _number(_verbose(VulnerableWorkerLine, "months"))
    rupiah = _number(_verbose(VulnerableWorkerLine, "rupiah"))


class VillageLineSerializer(LineSerializer):
    village = serializers.RegexField(
        r"^[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}$",
        source="village_id",
        label=gettext_lazy("Desa/kelurahan code"),
    )
    workers = _number(_verbose(VillageProtection, "workers"))
    funding_source = KeyField(
        FundingSource.choices, label=_verbose(VillageProtection, "funding_source")
    )


class ClaimLineSerializer(LineSerializer):
    programme = KeyField(
        ClaimLine.Programme.choices, label=_verbose(ClaimLine, "programme")
    )
    cases = _number(_verbose(ClaimLine, "cases"))
    rupiah = _number(_verbose(ClaimLine, "rupiah"))


LINE_SERIALIZERS = {
    "non_asn": NonAsnLineSerializer,
    "vulnerable": VulnerableLineSerializer,
    "villages": VillageLineSerializer,
    "claims": ClaimLineSerializer,
}
TABLE_FIELDS = tuple(table.related_name for table in LINE_TABLES)


def _lines(table: str, **kwargs: Any) -> Any:
    """A table as a list of rows (a ListSerializer, which the stubs cannot express)."""
    label = capfirst(TABLES[table].model._meta.verbose_name_plural)
    return LINE_SERIALIZERS[table](many=True, label=label, **kwargs)


class ReportBodySerializer(StrictSerializer):
    """Figures and tables as written; a table given replaces all its rows."""

    angkatan_kerja = _number(_verbose(CoverageReport, "angkatan_kerja"))
    pekerja_formal = _number(_verbose(CoverageReport, "pekerja_formal"))
    pekerja_informal = _number(_verbose(CoverageReport, "pekerja_informal"))
    peserta_pu = _number(_verbose(CoverageReport, "peserta_pu"))
    peserta_bpu = _number(_verbose(CoverageReport, "peserta_bpu"))
    peserta_jakon = _number(_verbose(CoverageReport, "peserta_jakon"))
    peserta_pmi = _number(_verbose(CoverageReport, "peserta_pmi"))
    pemberi_kerja = _number(_verbose(CoverageReport, "pemberi_kerja"))
    non_asn_lines = _lines("non_asn", required=False)
    vulnerable_lines = _lines("vulnerable", required=False)
    village_lines = _lines("villages", required=False)
    claim_lines = _lines("claims", required=False)
    warning_explanation = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_EXPLANATION,
        label=_verbose(CoverageReport, "warning_explanation"),
        help_text=gettext_lazy(
            "Why figures that raise a warning are right; needed before submitting. "
            "Left out: kept as it is."
        ),
    )

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        repeated = {}
        for table in LINE_TABLES:
            keys = [table.key_of(row) for row in attrs.get(table.related_name, [])]
            twice = sorted({key for key in keys if keys.count(key) > 1})
            if twice:
                message = _("Each row may appear once; repeated: %(keys)s.") % {
                    "keys": ", ".join(twice)
                }
                repeated[table.related_name] = [ErrorDetail(message, code="duplicate")]
        if repeated:
            raise serializers.ValidationError(repeated)
        return attrs

    def content(self, base: ReportContent | None = None) -> ReportContent:
        """The report's new content: what was given, over `base` for what was not."""
        data = self.validated_data
        figures = dict(base.figures) if base else {}
        figures.update({n: data[n] for n in CoverageReport.FIGURES if n in data})
        lines = dict(base.lines) if base else {}
        for table in LINE_TABLES:
            if table.related_name in data:
                lines[table.name] = {
                    table.key_of(row): {n: row.get(n) for n in table.value_fields}
                    for row in data[table.related_name]
                }
        return ReportContent(figures=figures, lines=lines)


class ReportCreateSerializer(ReportBodySerializer):
    """A new report: its region and year, and whatever figures are known."""

    region = serializers.RegexField(
        r"^[0-9]{2}(\.[0-9]{2})?$",
        label=gettext_lazy("Region code"),
        help_text=gettext_lazy("A province (15) or a kab/kota (15.01)."),
    )
    year = WholeNumberField(
        label=gettext_lazy("Year"),
        help_text=gettext_lazy("From 2017 to this year, as in the entry form."),
    )

    def validate_year(self, year: int) -> int:
        refusal = year_refusal(year)
        if refusal:
            raise serializers.ValidationError(refusal, code="year_out_of_range")
        return year

    def validate_region(self, code: str) -> str:
        model = Regency if "." in code else Province
        if not model.objects.filter(code=code).exists():
            raise serializers.ValidationError(
                _("No province or kab/kota has this code."), code="unknown_region"
            )
        return code


class ReportUpdateSerializer(ReportBodySerializer):
    """New content of a report. PUT gives every figure and table (null and [] for
    none); PATCH only what changes. Both name the version the client read."""

    version = WholeNumberField(
        min_value=1,
        label=gettext_lazy("Version"),
        help_text=gettext_lazy(
            "Required, in PATCH too: the version read before editing. A save over a "
            "newer version is refused with 409."
        ),
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=MAX_REASON,
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("Why saved figures change; required when they do."),
    )

    def get_fields(self) -> dict[str, serializers.Field]:
        fields = super().get_fields()
        for name in (*CoverageReport.FIGURES, *TABLE_FIELDS):
            fields[name].required = True
        return fields

    def validate(self, attrs: dict[str, Any]) -> dict[str, Any]:
        if "version" not in attrs:  # PATCH skips required fields; this one is not
            message = str(self.fields["version"].error_messages["required"])
            raise serializers.ValidationError(
                {"version": [ErrorDetail(message, code="required")]}
            )
        return super().validate(attrs)


class ReportReasonSerializer(StrictSerializer):
    reason = serializers.CharField(
        max_length=MAX_REASON,
        label=gettext_lazy("Reason"),
        help_text=gettext_lazy("What the branch has to fix, or why it is reopened."),
    )


class EmptySerializer(StrictSerializer):
    """No fields: the action needs nothing but the report."""


class DerivedFieldMixin:
    """A derived figure: read from what the report serializer derived for the report
    being represented (computed once per report), not from the model."""

    def get_attribute(self, instance: CoverageReport) -> Any:
        field: Any = self
        return getattr(field.parent.figures_of(instance), field.field_name)


class DerivedDecimalField(DerivedFieldMixin, serializers.DecimalField):
    def __init__(self, help_text: Any) -> None:
        super().__init__(
            max_digits=None,
            decimal_places=2,
            coerce_to_string=True,
            read_only=True,
            allow_null=True,
            help_text=help_text,
        )


class DerivedIntegerField(DerivedFieldMixin, serializers.IntegerField):
    pass


class DerivedBooleanField(DerivedFieldMixin, serializers.BooleanField):
    pass


class CoverageReportSerializer(serializers.ModelSerializer):
    """A coverage report with its tables and derived figures. Decimals are strings
    with two places ("60.88"); null means an input is missing."""

    region = serializers.CharField(source="region_code", read_only=True)
    region_name = serializers.CharField(source="region.name", read_only=True)
    level = serializers.SerializerMethodField()
    province = serializers.CharField(source="province_id", read_only=True)
    non_asn_lines = _lines("non_asn", read_only=True)
    vulnerable_lines = _lines("vulnerable", read_only=True)
    village_lines = _lines("villages", read_only=True)
    claim_lines = _lines("claims", read_only=True)
    participants_total = DerivedIntegerField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("PU + BPU, plus Jakon and PMI where reported."),
    )
    coverage_total_pct = DerivedDecimalField(
        gettext_lazy("Participants ÷ labour force × 100.")
    )
    coverage_pu_pct = DerivedDecimalField(gettext_lazy("PU ÷ formal workers × 100."))
    coverage_bpu_pct = DerivedDecimalField(
        gettext_lazy("BPU ÷ informal workers × 100.")
    )
    growth_pp = DerivedDecimalField(
        gettext_lazy("Total coverage minus last year's, in percentage points.")
    )
    participant_growth_pct = DerivedDecimalField(
        gettext_lazy("Relative change of participants against last year, in %.")
    )
    non_asn_coverage_pct = DerivedDecimalField(
        gettext_lazy("Protected ÷ eligible non-ASN staff × 100.")
    )
    desa_100_share_pct = DerivedDecimalField(
        gettext_lazy("Share of desa/kelurahan with at least 100 protected workers.")
    )
    rupiah_per_worker_month = DerivedDecimalField(
        gettext_lazy("Rupiah paid ÷ (workers × months) for vulnerable workers.")
    )
    is_below_minimum = DerivedBooleanField(
        read_only=True,
        allow_null=True,
        help_text=gettext_lazy("Rupiah per worker-month below the Rp16.800 minimum."),
    )

    class Meta:
        model = CoverageReport
        fields = [
            "id",
            "region",
            "region_name",
            "level",
            "province",
            "year",
            "status",
            "version",
            *CoverageReport.FIGURES,
            *TABLE_FIELDS,
            "warning_explanation",
            "updated_at",
            *DerivedFigures.__dataclass_fields__,
        ]
        read_only_fields = fields

    def to_representation(self, instance: CoverageReport) -> Any:
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is None or not request.user.is_authenticated:
            # The public reads approved figures only, not the branch's notes.
            data["warning_explanation"] = ""
        return data

    def figures_of(self, report: CoverageReport) -> DerivedFigures:
        """The report's derived figures; `report` is annotated by `with_figures`."""
        cached = getattr(self, "_figures", None)
        if cached is None or cached[0] is not report:
            self._figures = (report, derived(report))
        return self._figures[1]

    @extend_schema_field(serializers.ChoiceField(choices=LEVELS))
    def get_level(self, report: CoverageReport) -> str:
        return "province" if report.is_province_report else "regency"


class ReportFindingSerializer(serializers.Serializer):
    field = serializers.CharField(
        help_text=gettext_lazy(
            "Where: a value path of the shared rules (peserta_pu, "
            "non_asn:guru_honorer:protected, vulnerable:petani/apbd:rupiah) or a "
            "request field (non_asn_lines.0.eligible); empty for the whole report."
        )
    )
    rule = serializers.CharField()
    message = serializers.CharField()


# Shapes of error answers, for the schema (a field named `errors` or `label` would
# shadow a Serializer or Field attribute in a class body).
REPORT_ERRORS = inline_serializer(
    "ReportErrors",
    {
        "detail": serializers.CharField(),
        "errors": ReportFindingSerializer(many=True),
        "warnings": ReportFindingSerializer(many=True),
    },
)
CONFLICT = inline_serializer(
    "ReportConflict",
    {
        "detail": serializers.CharField(),
        "current_version": serializers.IntegerField(
            required=False,
            help_text=gettext_lazy("PUT, PATCH: the version saved by someone else."),
        ),
        "changes": inline_serializer(
            "ReportChange",
            {
                "field": serializers.CharField(),
                "label": serializers.CharField(),
                "old": serializers.CharField(allow_blank=True),
                "new": serializers.CharField(allow_blank=True),
                "by": serializers.CharField(allow_blank=True),
                "at": serializers.DateTimeField(),
            },
            many=True,
            required=False,
            help_text=gettext_lazy("PUT, PATCH: what they changed since your version."),
        ),
        "id": serializers.IntegerField(
            required=False,
            help_text=gettext_lazy("POST: the report that exists already."),
        ),
        "version": serializers.IntegerField(
            required=False, help_text=gettext_lazy("POST: its current version.")
        ),
    },
)


class ReportMessageSerializer(serializers.Serializer):
    detail = serializers.CharField()


def finding_rows(findings: list[Finding]) -> list[dict[str, str]]:
    return [{"field": f.path, "rule": f.rule, "message": f.message} for f in findings]


def input_findings(
    serializer: serializers.Serializer, errors: Any
) -> list[dict[str, str]]:
    """DRF's nested input errors as flat findings named by request path."""
    rows = []
    for path, error in _flatten(errors, ()):
        label = _label(serializer, path)
        message = str(error)
        if label:
            message = _("%(field)s: %(problem)s") % {"field": label, "problem": error}
        rule = str(error.code or "invalid")
        rows.append({"field": ".".join(path), "rule": rule, "message": message})
    return rows


def _flatten(
    detail: Any, path: tuple[str, ...]
) -> Iterator[tuple[tuple[str, ...], ErrorDetail]]:
    if isinstance(detail, Mapping):
        for key, value in detail.items():
            inner = (
                path if key == api_settings.NON_FIELD_ERRORS_KEY else (*path, str(key))
            )
            yield from _flatten(value, inner)
    elif isinstance(detail, list):
        for index, item in enumerate(detail):
            if isinstance(item, Mapping | list):
                yield from _flatten(item, (*path, str(index)))
            else:
                yield path, item
    else:
        yield path, detail


def _label(serializer: Any, path: tuple[str, ...]) -> str:
    """'Non-ASN lines — row 1 — Eligible' for non_asn_lines.0.eligible; a name no
    field has (any text a client sent) as written."""
    parts, node = [], serializer
    for name in path:
        row = whole_number(name)
        if row is not None and hasattr(node, "child"):
            parts.append(_("row %(number)s") % {"number": row + 1})
            continue
        fields = getattr(getattr(node, "child", node), "fields", {})
        node = fields.get(name)
        parts.append(str(node.label) if node is not None and node.label else name)
    return " — ".join(parts)
