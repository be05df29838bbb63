"""Check an uploaded table row by row and plan what committing it would change.

Every cell is parsed (codes as text, Indonesian numbers, known choices), every row is
checked against the same rules as the entry form (`participants.validation`), and the
rows are compared with what is stored, so the preview can say how many rows are new,
changed and unchanged. Nothing is written here.
"""

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _

from participants.calculations import participants, percentage
from participants.content import TABLES, ReportContent, Value, label_for
from participants.forms.fields import NegativeNumberError, parse_integer
from participants.importers.kinds import (
    CHOICE,
    CODE,
    NUMBER,
    VILLAGE,
    YEAR,
    Column,
    UploadKind,
    normalise,
)
from participants.importers.reading import Table
from participants.models import FIRST_YEAR, LAST_YEAR, CoverageReport
from participants.validation import Finding, check_figures, check_line
from regions.models import Province, Regency, Village

REGION_CODE = re.compile(r"\d{2}(\.\d{2})?")
VILLAGE_CODE = re.compile(r"\d{2}\.\d{2}\.\d{2}\.\d{4}")
MAX_PROBLEMS = 1000


@dataclass(frozen=True)
class Problem:
    """Why a row (0: the whole file) cannot be imported, with the column and value."""

    row: int
    column: str
    value: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "reason": self.reason,
        }


@dataclass
class ReportPlan:
    """What the upload changes in one report (created when `report` is None)."""

    region_code: str
    year: int
    report: CoverageReport | None
    changes: dict[str, tuple[Value, Value]] = field(default_factory=dict)
    rows: dict[str, dict[str, Value]] = field(default_factory=dict)  # changed lines

    @property
    def checked_version(self) -> int | None:
        return self.report.version if self.report else None


@dataclass
class Plan:
    """The outcome of checking: problems, notes, counts and the changes per report."""

    kind: UploadKind
    problems: list[Problem] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    reports: dict[tuple[str, int], ReportPlan] = field(default_factory=dict)
    counts: dict[str, int] = field(
        default_factory=lambda: {"rows": 0, "new": 0, "changed": 0, "unchanged": 0}
    )

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def add(self, row: int, column: Column | None, value: object, reason: str) -> None:
        if len(self.problems) < MAX_PROBLEMS:
            header = column.label_id if column else ""
            self.problems.append(
                Problem(row, header, "" if value is None else str(value), reason)
            )


@dataclass
class Row:
    """One parsed row: where it is in the file, its report, its key and values."""

    number: int
    region_code: str
    year: int
    key: str  # the table row key ("" for the report's own figures)
    values: dict[str, Value]


class Scope:
    """The regions a user may upload for, and the kab/kota of each desa."""

    def __init__(self, user: Any, kind: UploadKind) -> None:
        self.regencies = set(
            Regency.objects.for_user(user).values_list("code", flat=True)
        )
        provinces = Province.objects.all()
        if not user.is_national:
            provinces = provinces.filter(reporting_branch=user.branch_id or -1)
        self.provinces = set(provinces.values_list("code", flat=True))
        self.villages: dict[str, str] = {}
        if kind.name == "villages":
            villages = Village.objects.filter(district__regency__in=self.regencies)
            self.villages = dict(villages.values_list("code", "district__regency_id"))

    def allows(self, region_code: str) -> bool:
        return region_code in self.regencies or region_code in self.provinces


def check_table(table: Table, kind: UploadKind, *, user: Any) -> Plan:
    """Parse and check every row, then compare with what is stored."""
    plan = Plan(kind=kind, notes=list(table.notes))
    scope = Scope(user, kind)
    rows = list(_parse_rows(table, kind, scope, plan))
    plan.counts["rows"] = len(table.row_numbers)
    _find_duplicates(rows, kind, plan)
    existing = _existing_reports(rows)
    stored = {key: ReportContent.of(report).flat() for key, report in existing.items()}
    for row in rows:
        _plan_row(row, kind, plan, existing, stored)
    _check_report_figures(plan, kind, rows)
    return plan


def _parse_rows(
    table: Table, kind: UploadKind, scope: Scope, plan: Plan
) -> Iterable[Row]:
    names = list(table.frame.columns)
    for number, cells in zip(
        table.row_numbers, table.frame.itertuples(index=False), strict=True
    ):
        values = dict(zip(names, cells, strict=True))
        parsed = _parse_cells(values, kind, number, plan)
        if parsed is None:
            continue
        region_code = _region_of(parsed, kind, number, scope, plan)
        if region_code is None:
            continue
        key = "/".join(str(parsed[name]) for name in kind.key[2:]) if kind.table else ""
        if kind.name == "villages":
            key = str(parsed["village"])
        figures = {name: parsed.get(name) for name in _value_columns(kind)}
        yield Row(number, region_code, int(parsed["year"]), key, figures)


def _value_columns(kind: UploadKind) -> list[str]:
    return [
        c.name
        for c in kind.columns
        if c.kind == NUMBER or (c.kind == CHOICE and c.name not in kind.key)
    ]


def _parse_cells(
    values: dict[str, str], kind: UploadKind, number: int, plan: Plan
) -> dict | None:
    """Typed values of one row, or None after noting each unusable cell."""
    parsed: dict[str, Value] = {}
    ok = True
    for column in kind.columns:
        if column.name not in values:
            continue
        text = values[column.name]
        try:
            parsed[column.name] = _parse_cell(column, text)
        except ValueError as error:
            plan.add(number, column, text, str(error))
            ok = False
    return parsed if ok else None


def _parse_cell(column: Column, text: str) -> Value:
    if column.kind in (CODE, VILLAGE):
        pattern = VILLAGE_CODE if column.kind == VILLAGE else REGION_CODE
        if not pattern.fullmatch(text):
            raise ValueError(
                _("not a Kemendagri code such as %(example)s.")
                % {"example": "15.71" if column.kind == CODE else "64.01.01.2001"}
            )
        return text
    if column.kind == YEAR:
        if not text.isdigit() or not FIRST_YEAR <= int(text) <= LAST_YEAR:
            raise ValueError(
                _("not a year from %(first)s to %(last)s.")
                % {"first": FIRST_YEAR, "last": LAST_YEAR}
            )
        return int(text)
    if column.kind == NUMBER:
        return _parse_number(text)
    if column.kind == CHOICE:
        return _parse_choice(column, text)
    return text


def _parse_number(text: str) -> int | None:
    if not text:
        return None
    try:
        return parse_integer(text)
    except NegativeNumberError:
        raise ValueError(_("cannot be negative.")) from None
    except ValueError:
        raise ValueError(_("not a whole number such as 1.234.567.")) from None


def _parse_choice(column: Column, text: str) -> str:
    if not text:
        raise ValueError(_("is required."))
    lookup = column.choice_lookup()
    value = lookup.get(normalise(text))
    if value is None:
        allowed = ", ".join(sorted(set(lookup.values())))
        raise ValueError(_("is not one of: %(choices)s.") % {"choices": allowed})
    return value


def _region_of(
    parsed: dict, kind: UploadKind, number: int, scope: Scope, plan: Plan
) -> str | None:
    """The report's region code, if the uploader may write it."""
    if kind.name == "villages":
        code = str(parsed["village"])
        region = scope.villages.get(code)
        if region is None:
            column = kind.column("village")
            known = Village.objects.filter(code=code).exists()
            reason = (
                _("this desa is outside your branch's area.")
                if known
                else _("there is no desa with this code.")
            )
            plan.add(number, column, code, reason)
        return region
    code = str(parsed["region"])
    if scope.allows(code):
        return code
    known = (
        Regency.objects.filter(code=code).exists()
        or Province.objects.filter(code=code).exists()
    )
    reason = (
        _("this region is outside your branch's area.")
        if known
        else _("there is no region with this code.")
    )
    plan.add(number, kind.column("region"), code, reason)
    return None


def _find_duplicates(rows: list[Row], kind: UploadKind, plan: Plan) -> None:
    first: dict[tuple, int] = {}
    for row in rows:
        identity = (row.region_code, row.year, row.key)
        if identity in first:
            reason = _(
                "the same %(what)s appears again: rows %(first)s and %(again)s."
            ) % {
                "what": _("desa and year")
                if kind.name == "villages"
                else _("region, year and line")
                if kind.table
                else _("region and year"),
                "first": first[identity],
                "again": row.number,
            }
            plan.add(
                row.number,
                kind.columns[0],
                row.region_code if kind.name != "villages" else row.key,
                reason,
            )
        else:
            first[identity] = row.number


def _existing_reports(rows: list[Row]) -> dict[tuple[str, int], CoverageReport]:
    """The stored reports the rows belong to, with their tables (fixed query count)."""
    wanted = {(row.region_code, row.year) for row in rows}
    if not wanted:
        return {}
    years = {year for _code, year in wanted}
    codes = {code for code, _year in wanted}
    reports = (
        CoverageReport.objects.filter(year__in=years)
        .filter(Q(regency__in=codes) | Q(regency__isnull=True, province__in=codes))
        .prefetch_related(
            "non_asn_lines", "vulnerable_lines", "village_lines", "claim_lines"
        )
    )
    found = {(report.region_code, report.year): report for report in reports}
    return {key: report for key, report in found.items() if key in wanted}


def _plan_row(
    row: Row, kind: UploadKind, plan: Plan, existing: dict, stored_values: dict
) -> None:
    report = existing.get((row.region_code, row.year))
    if report is not None and not report.is_editable:
        column = kind.columns[0]
        reason = _("the report of %(year)s is %(status)s and locked.") % {
            "year": row.year,
            "status": report.get_status_display(),
        }
        plan.add(
            row.number,
            column,
            row.region_code if kind.name != "villages" else row.key,
            reason,
        )
        return
    if kind.table:
        for finding in check_line(kind.table, row.key, row.values):
            _record_finding(plan, row, kind, finding)
    stored = stored_values.get((row.region_code, row.year), {})
    new_values = _row_paths(row, kind)
    changes = {
        path: (stored.get(path), value)
        for path, value in new_values.items()
        if stored.get(path) != value
    }
    is_new = not any(stored.get(path) is not None for path in new_values)
    plan.counts["new" if is_new else "changed" if changes else "unchanged"] += 1
    report_plan = plan.reports.setdefault(
        (row.region_code, row.year), ReportPlan(row.region_code, row.year, report)
    )
    report_plan.changes.update(changes)
    if changes and kind.table:
        report_plan.rows[row.key] = dict(row.values)


def _row_paths(row: Row, kind: UploadKind) -> dict[str, Value]:
    if not kind.table:
        return dict(row.values)
    return {
        f"{kind.table}:{row.key}:{name}": value for name, value in row.values.items()
    }


def _record_finding(plan: Plan, row: Row, kind: UploadKind, finding: Finding) -> None:
    name = finding.path.rsplit(":", 1)[-1] if ":" in finding.path else finding.path
    column = next((c for c in kind.columns if c.name == name), kind.columns[0])
    value = row.values.get(name)
    if finding.is_warning:
        plan.notes.append(
            _("Row %(row)s: %(message)s")
            % {"row": row.number, "message": finding.message}
        )
    else:
        plan.add(row.number, column, value, finding.message)


def _check_report_figures(plan: Plan, kind: UploadKind, rows: list[Row]) -> None:
    """The rules that span a report's figures, on the figures after the upload."""
    if kind.table:
        return
    previous = _previous_coverage(set(plan.reports))
    numbers = {(row.region_code, row.year): row.number for row in rows}
    for key, report_plan in plan.reports.items():
        stored = (
            ReportContent.of(report_plan.report).figures if report_plan.report else {}
        )
        figures = {
            **stored,
            **{path: new for path, (_old, new) in report_plan.changes.items()},
        }
        for finding in check_figures(figures, previous_coverage=previous.get(key)):
            row = Row(numbers[key], key[0], key[1], "", figures)
            _record_finding(plan, row, kind, finding)


def _previous_coverage(
    keys: set[tuple[str, int]],
) -> dict[tuple[str, int], Decimal | None]:
    """Last year's total coverage of each (region, year), in one query."""
    if not keys:
        return {}
    years = {year - 1 for _code, year in keys}
    reports = CoverageReport.objects.filter(year__in=years)
    result: dict[tuple[str, int], Decimal | None] = {}
    for report in reports:
        key = (report.region_code, report.year + 1)
        if key in keys:
            total = participants(
                report.peserta_pu,
                report.peserta_bpu,
                report.peserta_jakon,
                report.peserta_pmi,
            )
            result[key] = percentage(total, report.angkatan_kerja)
    return result


def describe(path: str) -> str:
    """A person's name for a changed value, for the preview."""
    return label_for(path)


__all__ = ["TABLES", "Plan", "Problem", "ReportPlan", "check_table", "describe"]
