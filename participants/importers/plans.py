"""What checking an upload found and what committing it would change: the `Plan`.

A valid plan is kept beside its batch as JSON, so that saving writes exactly what the
preview showed without reading and checking the file a second time (for the national
village file that second pass was a third of the time). Table rows are kept whole;
their changes are derived from the rows and the values they replace.
"""

import json
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from participants.content import Value
from participants.importers.kinds import Column, UploadKind
from participants.importers.problems import Note, note, reason
from participants.models import CoverageReport

MAX_PROBLEMS = 1000
MAX_VALUE_SHOWN = 100  # characters of a refused cell shown beside its reason
FORMAT = 1  # raise when the layout below changes: older plans are then re-checked


@dataclass(frozen=True)
class Problem:
    """Why a row (0: the whole file) cannot be imported, with the column and value:
    the rule broken and the values it names (see `problems.reason`)."""

    row: int
    column: str
    value: str
    rule: str
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def reason(self) -> str:
        """The reason in the active language."""
        return reason(self.as_dict())

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "value": self.value,
            "rule": self.rule,
            "params": self.params,
        }


@dataclass
class ReportPlan:
    """What the upload changes in one report (created when `report` is None)."""

    region_code: str
    year: int
    report: CoverageReport | None
    changes: dict[str, tuple[Value, Value]] = field(default_factory=dict)
    rows: dict[str, dict[str, Value]] = field(default_factory=dict)  # changed lines
    added: set[str] = field(default_factory=set)  # keys of lines with nothing stored

    @property
    def checked_version(self) -> int | None:
        return self.report.version if self.report else None


@dataclass
class Plan:
    """The outcome of checking: problems, notes, counts and the changes per report."""

    kind: UploadKind
    problems: list[Problem] = field(default_factory=list)
    notes: list[Note] = field(default_factory=list)
    reports: dict[tuple[str, int], ReportPlan] = field(default_factory=dict)
    counts: dict[str, int] = field(
        default_factory=lambda: {"rows": 0, "new": 0, "changed": 0, "unchanged": 0}
    )

    @property
    def is_valid(self) -> bool:
        return not self.problems

    def add(
        self,
        row: int,
        column: Column | None,
        value: object,
        rule: str,
        /,
        **params: Any,
    ) -> None:
        """Note that a row breaks a rule (see `problems.MESSAGES`), naming values."""
        if len(self.problems) < MAX_PROBLEMS:
            header = column.label_id if column else ""
            text = "" if value is None else str(value)
            if len(text) > MAX_VALUE_SHOWN:  # a whole page of text helps nobody
                text = text[: MAX_VALUE_SHOWN - 1] + "…"
            kept = {name: _jsonable(given) for name, given in params.items()}
            self.problems.append(Problem(row, header, text, rule, kept))


def kept_note(row: int, rule: str, /, **params: Any) -> Note:
    """A row's warning as a batch keeps it (see `problems.note_text`)."""
    kept = {name: _jsonable(given) for name, given in params.items()}
    return {"row": row, **note(rule, **kept)}


def _jsonable(value: object) -> object:
    """A value as the batch's JSON keeps it (a percentage as text)."""
    return str(value) if isinstance(value, Decimal) else value


def dump_plan(plan: Plan) -> bytes:
    """The changes of a valid plan as JSON bytes, for `load_plan`."""
    reports = [
        _dump_report(report_plan, plan.kind)
        for report_plan in plan.reports.values()
        if report_plan.changes
    ]
    data = {"format": FORMAT, "kind": plan.kind.name, "counts": plan.counts}
    return json.dumps({**data, "reports": reports}, separators=(",", ":")).encode()


def _dump_report(report_plan: ReportPlan, kind: UploadKind) -> dict[str, Any]:
    entry: dict[str, Any] = {
        "region": report_plan.region_code,
        "year": report_plan.year,
        "report": report_plan.report.pk if report_plan.report else None,
        "version": report_plan.checked_version,
    }
    if not kind.table:
        return {**entry, "changes": report_plan.changes}
    # The value each row replaces, where there was one; an unchanged value is its own.
    replaced = {}
    for key, values in report_plan.rows.items():
        for name, value in values.items():
            path = f"{kind.table}:{key}:{name}"
            old = report_plan.changes[path][0] if path in report_plan.changes else value
            if old is not None:
                replaced[path] = old
    return {**entry, "rows": report_plan.rows, "replaced": replaced}


def load_plan(data: bytes, kind: UploadKind) -> Plan | None:
    """The plan `dump_plan` kept, or None when it was kept in another format."""
    kept = json.loads(data)
    if kept.get("format") != FORMAT or kept.get("kind") != kind.name:
        return None
    plan = Plan(kind=kind, counts=kept["counts"])
    for entry in kept["reports"]:
        report = None
        if entry["report"] is not None:
            report = CoverageReport(pk=entry["report"], version=entry["version"])
        report_plan = ReportPlan(entry["region"], entry["year"], report)
        if kind.table:
            report_plan.rows = entry["rows"]
            _row_changes(report_plan, kind.table, entry["replaced"])
        else:
            report_plan.changes = {p: (o, n) for p, (o, n) in entry["changes"].items()}
        plan.reports[(report_plan.region_code, report_plan.year)] = report_plan
    return plan


def _row_changes(report_plan: ReportPlan, table: str, replaced: dict) -> None:
    """The changes and added rows of a plan's table rows, from what they replace."""
    for key, values in report_plan.rows.items():
        is_added = True
        for name, new in values.items():
            path = f"{table}:{key}:{name}"
            old = replaced.get(path)
            if old is not None:
                is_added = False
            if old != new:
                report_plan.changes[path] = (old, new)
        if is_added:
            report_plan.added.add(key)
