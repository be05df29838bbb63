"""Check an uploaded table row by row and plan what committing it would change.

Every cell is parsed (codes as text, Indonesian numbers, known choices), every row is
checked against the same rules as the entry form (`participants.validation`), and the
rows are compared with what is stored, so the preview can say how many rows are new,
changed and unchanged. Nothing is written here.

The national village file has 83.762 rows and is checked twice (for the preview, and
again when it is saved), so the work per row is kept small: cells are parsed column by
column with each distinct spelling parsed once, unknown codes are looked up together,
and what is stored is read in one query per upload, not per report.
"""

import gc
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import numpy as np
import pandas as pd
from django.db.models import Model, Q

from participants.calculations import participants, percentage
from participants.content import TABLES, Value, label_for
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
from participants.importers.plans import (
    MAX_PROBLEMS,
    Plan,
    Problem,
    ReportPlan,
    kept_note,
)
from participants.importers.reading import Table
from participants.models import CoverageReport
from participants.validation import check_figures, check_line
from regions.models import Province, Regency, Village
from review.findings import Finding
from review.numbers import NegativeNumberError, NumberTooLargeError, parse_integer
from review.years import report_years, year_refusal

REGION_CODE = re.compile(r"[0-9]{2}(\.[0-9]{2})?")
VILLAGE_CODE = re.compile(r"[0-9]{2}\.[0-9]{2}\.[0-9]{2}\.[0-9]{4}")
LOOKUP_CHUNK = 500  # codes per query (SQLite allows 999 parameters)


@dataclass(slots=True)
class Row:
    """One parsed row: where it is in the file, its report, its key and values."""

    number: int
    region_code: str
    year: int
    key: str  # the table row key ("" for the report's own figures)
    values: dict[str, Value]


class Scope:
    """The regions a user may upload for, and (if asked) the kab/kota of each desa."""

    def __init__(self, user: Any, *, villages: bool = False) -> None:
        self.regencies = set(
            Regency.objects.for_user(user).values_list("code", flat=True)
        )
        provinces = Province.objects.all()
        if not user.is_national:
            provinces = provinces.filter(reporting_branch=user.branch_id or -1)
        self.provinces = set(provinces.values_list("code", flat=True))
        self.villages: dict[str, str] = {}
        if villages:
            rows = Village.objects.filter(district__regency__in=self.regencies)
            self.villages = dict(rows.values_list("code", "district__regency_id"))

    def allows(self, region_code: str) -> bool:
        return region_code in self.regencies or region_code in self.provinces


def regions_refused(user: Any, region_codes: set[str]) -> list[str]:
    """The region codes among these that the user may not (or no longer) upload
    for, e.g. after moving to another branch between the check and the save."""
    if not user.has_perm("participants.upload_coverage"):
        return sorted(region_codes)
    scope = Scope(user)
    return sorted(code for code in region_codes if not scope.allows(code))


def check_table(table: Table, kind: UploadKind, *, user: Any) -> Plan:
    """Parse and check every row, then compare with what is stored."""
    with paused_gc():
        plan = Plan(kind=kind, notes=list(table.notes))
        if not user.has_perm("participants.upload_coverage"):
            plan.add(0, None, "", "not_allowed")
            return plan
        scope = Scope(user, villages=kind.name == "villages")
        plan.counts["rows"] = len(table.row_numbers)
        table = _without_blank_lines(table, kind, plan)
        rows = _parse_rows(table, kind, scope, plan)
        _find_duplicates(rows, kind, plan)
        existing = _existing_reports(rows)
        stored = _stored_values(existing, kind)
        _plan_rows(rows, kind, plan, existing, stored)
        _check_report_figures(plan, kind, rows, stored)
    return plan


def _without_blank_lines(table: Table, kind: UploadKind, plan: Plan) -> Table:
    """The table without the rows that hold a region and year only (the empty
    lines of a pre-filled template): they say nothing, so they change nothing."""
    if not kind.table or kind.name == "villages":  # a desa row names its desa
        return table
    others = [name for name in table.frame.columns if name not in ("region", "year")]
    blank = (table.frame[others] == "").all(axis=1).to_numpy()
    if not blank.any():
        return table
    plan.counts["unchanged"] += int(blank.sum())
    kept = table.frame[~blank].reset_index(drop=True)
    numbers = [
        n for n, empty in zip(table.row_numbers, blank, strict=True) if not empty
    ]
    return Table(kept, numbers, table.notes)


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause Python's cycle collector: checking and writing a national file make
    hundreds of thousands of small dicts and tuples (none in a cycle), and the
    collector's repeated passes over them cost a sixth of the time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _parse_rows(table: Table, kind: UploadKind, scope: Scope, plan: Plan) -> list[Row]:
    """The rows whose cells all parse and whose region the uploader may write; a
    problem for each other row, in row order (cells first, then the region)."""
    errors: dict[int, list[tuple[Column, object, Refusal]]] = {}
    parsed = {
        column.name: _parse_column(
            column, table.frame[column.name], errors, blank=column.name not in kind.key
        )
        for column in kind.columns
        if column.name in table.frame.columns
    }
    count = len(table.row_numbers)
    codes = parsed["village" if kind.name == "villages" else "region"]
    regions = _regions(codes, kind, scope, errors)
    refused = _refusals(codes, regions, kind, errors)
    names = [name for name in _value_columns(kind) if name in parsed]
    values = zip(*(parsed[name] for name in names), strict=True)
    rows = []
    for position, (number, region, year, key, cells) in enumerate(
        zip(
            table.row_numbers,
            regions,
            parsed["year"],
            _row_keys(kind, parsed, count),
            values,
            strict=True,
        )
    ):
        if region is not None:
            figures = dict(zip(names, cells, strict=True))
            rows.append(Row(number, region, year, key, figures))
        elif position in errors:
            for column, text, (rule, params) in errors[position]:
                plan.add(number, column, text, rule, **params)
        elif position in refused:  # the others are past MAX_PROBLEMS anyway
            plan.add(number, *refused[position])
    return rows


def _row_keys(kind: UploadKind, parsed: dict[str, list[Any]], count: int) -> list[str]:
    """The table row key of each row ("" for the report's own figures)."""
    if kind.name == "villages":
        return [str(code) for code in parsed["village"]]
    if not kind.table:
        return [""] * count
    parts = zip(*(parsed[name] for name in kind.key[2:]), strict=True)
    return ["/".join(map(str, key_parts)) for key_parts in parts]


def _parse_column(
    column: Column, cells: pd.Series, errors: dict[int, list], *, blank: bool
) -> list[Any]:
    """Each cell of a column parsed by `_parse_cell`, which sees every distinct
    spelling once; the unusable cells are noted in `errors` by row position. A
    blank choice is None where `blank` allows it (a value, not part of the key)."""
    positions, spellings = pd.factorize(cells, use_na_sentinel=False)
    outcomes = [
        (None, None)
        if blank and column.kind == CHOICE and not text
        else _outcome(column, text)
        for text in spellings.tolist()
    ]
    values = np.empty(len(outcomes), dtype=object)
    values[:] = [value for value, _reason in outcomes]
    bad = [index for index, (_value, reason) in enumerate(outcomes) if reason]
    if bad:
        for position in np.flatnonzero(np.isin(positions, bad)).tolist():
            text = spellings[positions[position]]
            errors.setdefault(position, []).append(
                (column, text, outcomes[positions[position]][1])
            )
    return values[positions].tolist()


Refusal = tuple[str, dict[str, Any]]  # a rule of `problems.MESSAGES`, its values


class CellError(ValueError):
    """A cell that cannot be used: the rule it breaks and the values it names."""

    def __init__(self, rule: str, **params: Any) -> None:
        super().__init__(rule)
        self.refusal: Refusal = (rule, params)


def _outcome(column: Column, text: Any) -> tuple[Value, Refusal | None]:
    """The cell's value, or why it cannot be used. Only this module's own reasons
    are shown: any other failure reads as "cannot be read", never as Python's."""
    try:
        return _parse_cell(column, text), None
    except CellError as error:
        return None, error.refusal
    except (ValueError, TypeError, ArithmeticError):
        return None, ("unreadable", {})


def _regions(
    codes: list, kind: UploadKind, scope: Scope, errors: dict[int, list]
) -> list[str | None]:
    """The report's region code of each row whose cells parse, if the uploader may
    write it; None for the other rows."""
    if kind.name == "villages":
        regions = [scope.villages.get(code) for code in codes]
    else:
        regions = [code if scope.allows(code) else None for code in codes]
    for position in errors:
        regions[position] = None
    return regions


def _refusals(
    codes: list, regions: list, kind: UploadKind, errors: dict[int, list]
) -> dict[int, tuple[Column, str, str]]:
    """Why each row with usable cells but no region is refused. Only the first
    MAX_PROBLEMS of them can be shown, so only their codes are looked up, together
    (never a query per row)."""
    positions = [
        position
        for position, region in enumerate(regions)
        if region is None and position not in errors
    ][:MAX_PROBLEMS]
    wanted = {str(codes[position]) for position in positions}
    if kind.name == "villages":
        column = kind.column("village")
        known = _existing_codes(Village, wanted)
        outside, unknown = ("desa_outside", "desa_unknown")
    else:
        column = kind.column("region")
        known = _existing_codes(Regency, wanted) | _existing_codes(Province, wanted)
        outside, unknown = ("region_outside", "region_unknown")
    refusals = {}
    for position in positions:
        code = str(codes[position])
        refusals[position] = (column, code, outside if code in known else unknown)
    return refusals


def _existing_codes(model: type[Model], codes: set[str]) -> set[str]:
    found: set[str] = set()
    ordered = sorted(codes)
    for start in range(0, len(ordered), LOOKUP_CHUNK):
        chunk = ordered[start : start + LOOKUP_CHUNK]
        found.update(
            model._default_manager.filter(code__in=chunk).values_list("code", flat=True)
        )
    return found


def _value_columns(kind: UploadKind) -> list[str]:
    return [
        c.name
        for c in kind.columns
        if c.kind == NUMBER or (c.kind == CHOICE and c.name not in kind.key)
    ]


def _parse_cell(column: Column, text: str) -> Value:
    if column.kind in (CODE, VILLAGE):
        pattern = VILLAGE_CODE if column.kind == VILLAGE else REGION_CODE
        if not pattern.fullmatch(text):
            example = "15.71" if column.kind == CODE else "64.01.01.2001"
            raise CellError("not_code", example=example)
        return text
    if column.kind == YEAR:
        if year_refusal(text):
            years = report_years()
            raise CellError("not_year", first=years[-1], last=years[0])
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
        raise CellError("cell_negative") from None
    except NumberTooLargeError:
        raise CellError("cell_too_long") from None
    except ValueError:
        raise CellError("not_number") from None


def _parse_choice(column: Column, text: str) -> str:
    if not text:
        raise CellError("required")
    lookup = column.choice_lookup()
    value = lookup.get(normalise(text))
    if value is None:
        allowed = ", ".join(sorted(set(lookup.values())))
        raise CellError("not_choice", choices=allowed)
    return value


def _find_duplicates(rows: list[Row], kind: UploadKind, plan: Plan) -> None:
    if len({(row.region_code, row.year, row.key) for row in rows}) == len(rows):
        return
    first: dict[tuple, int] = {}
    for row in rows:
        identity = (row.region_code, row.year, row.key)
        if identity in first:
            plan.add(
                row.number,
                kind.columns[0],
                row.region_code if kind.name != "villages" else row.key,
                "duplicate",
                what="village"
                if kind.name == "villages"
                else "line"
                if kind.table
                else "region",
                first=first[identity],
                again=row.number,
            )
        else:
            first[identity] = row.number


def _existing_reports(rows: list[Row]) -> dict[tuple[str, int], CoverageReport]:
    """The stored reports the rows belong to (one query)."""
    wanted = {(row.region_code, row.year) for row in rows}
    if not wanted:
        return {}
    years = {year for _code, year in wanted}
    codes = {code for code, _year in wanted}
    reports = CoverageReport.objects.filter(year__in=years).filter(
        Q(regency__in=codes) | Q(regency__isnull=True, province__in=codes)
    )
    found = {(report.region_code, report.year): report for report in reports}
    return {key: report for key, report in found.items() if key in wanted}


Stored = dict[tuple[str, int], dict[str, dict[str, Value]]]


def _stored_values(
    existing: dict[tuple[str, int], CoverageReport], kind: UploadKind
) -> Stored:
    """What the rows would replace, per report and row key ("" for the report's
    figures); rows whose values are all blank count as absent, as in
    `ReportContent.flat()`. One query for a table, none for figures."""
    if not kind.table:
        return {
            key: {"": {name: getattr(report, name) for name in CoverageReport.FIGURES}}
            for key, report in existing.items()
        }
    stored: Stored = {key: {} for key in existing}
    if not existing:
        return stored
    table = TABLES[kind.table]
    report_keys = {report.pk: key for key, report in existing.items()}
    width, names = len(table.key_fields), table.value_fields
    lines = table.model._default_manager.filter(report__in=report_keys).values_list(
        "report_id", *table.key_fields, *names
    )
    for line in lines:
        values = line[1 + width :]
        if values.count(None) == len(values):
            continue
        key = "/".join(map(str, line[1 : 1 + width]))
        stored[report_keys[line[0]]][key] = dict(zip(names, values, strict=True))
    return stored


def _plan_rows(
    rows: list[Row], kind: UploadKind, plan: Plan, existing: dict, stored: Stored
) -> None:
    """Check each row with the shared rules and compare it with what is stored.
    A report's rows usually follow one another: its lookups are made once."""
    last_key: tuple[str, int] | None = None
    for row in rows:
        report_key = (row.region_code, row.year)
        if report_key != last_key:
            last_key = report_key
            report = existing.get(report_key)
            stored_rows = stored.get(report_key, {})
            report_plan = _report_plan(plan, row, report)
        stored_row = stored_rows.get(row.key) or {}
        changes = _changes(row, kind, stored_row)
        if report_plan is None:
            _check_locked(plan, row, kind, report, changes)
            continue
        # A column the file leaves out keeps its stored value.
        values = {**stored_row, **row.values} if kind.table else row.values
        if kind.table and any(value is not None for value in values.values()):
            for finding in check_line(kind.table, row.key, values):
                _record_finding(plan, row, kind, finding)
        is_new = changes and all(stored_row.get(name) is None for name in row.values)
        plan.counts["new" if is_new else "changed" if changes else "unchanged"] += 1
        if changes:
            report_plan.changes.update(changes)
            if kind.table:
                report_plan.rows[row.key] = values
                if not stored_row:
                    report_plan.added.add(row.key)


def _report_plan(
    plan: Plan, row: Row, report: CoverageReport | None
) -> ReportPlan | None:
    """The plan of the row's report (started if need be); None when it is locked."""
    if report is not None and not report.is_editable:
        return None
    key = (row.region_code, row.year)
    if key not in plan.reports:
        plan.reports[key] = ReportPlan(row.region_code, row.year, report)
    return plan.reports[key]


def _check_locked(
    plan: Plan, row: Row, kind: UploadKind, report: Any, changes: dict
) -> None:
    """A row of a submitted or approved report: unchanged (a pre-filled template
    holds the stored figures), or a problem for each value it would change."""
    if not changes:
        plan.counts["unchanged"] += 1
        return
    for path, (old, new) in changes.items():
        plan.add(
            row.number,
            kind.column(path.rsplit(":", 1)[-1]),
            new,
            "locked_change",
            path=path,
            old=old,
            new=new,
            year=row.year,
            status=report.status,
        )


def _changes(
    row: Row, kind: UploadKind, stored: dict[str, Value]
) -> dict[str, tuple[Value, Value]]:
    """The row's changed values by path: (stored, new). A blank cell where nothing
    is stored is no change."""
    prefix = f"{kind.table}:{row.key}:" if kind.table else ""
    return {
        prefix + name: (stored.get(name), value)
        for name, value in row.values.items()
        if stored.get(name) != value
    }


def _record_finding(plan: Plan, row: Row, kind: UploadKind, finding: Finding) -> None:
    name = finding.path.rsplit(":", 1)[-1] if ":" in finding.path else finding.path
    column = next((c for c in kind.columns if c.name == name), kind.columns[0])
    value = row.values.get(name)
    if finding.is_warning:
        params = {"path": finding.path, **(finding.params or {})}
        plan.notes.append(kept_note(row.number, finding.rule, **params))
    else:
        params = finding.params or {}
        plan.add(row.number, column, value, finding.rule, path=finding.path, **params)


def _check_report_figures(
    plan: Plan, kind: UploadKind, rows: list[Row], stored_values: Stored
) -> None:
    """The rules that span a report's figures, on the figures after the upload."""
    if kind.table:
        return
    previous = _previous_coverage(set(plan.reports))
    numbers = {(row.region_code, row.year): row.number for row in rows}
    for key, report_plan in plan.reports.items():
        stored = stored_values.get(key, {}).get("", {})
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
