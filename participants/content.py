"""What a coverage report contains, as plain data: its figures and its four tables.

Forms, the API and file imports all build a `ReportContent`; validation, saving and the
audit trail work on it. `flat()` names every value by a path, e.g. `peserta_pu`,
`non_asn:guru_honorer:protected`, `vulnerable:petani/apbd:rupiah`,
`villages:64.01.01.2001:workers`, `claims:jkk:cases`.
"""

from dataclasses import dataclass, field
from typing import Any, cast

from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from participants.models import (
    ClaimLine,
    CoverageReport,
    FundingSource,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)

Value = int | str | None
Row = dict[str, Value]


@dataclass(frozen=True)
class LineTable:
    """One of a report's tables: its model, what identifies a row, what a row holds."""

    name: str
    model: type[models.Model]
    related_name: str
    key_fields: tuple[str, ...]
    value_fields: tuple[str, ...]

    def key_of(self, values: dict[str, Any]) -> str:
        return "/".join(str(values[name]) for name in self.key_fields)

    def key_values(self, key: str) -> dict[str, str]:
        return dict(zip(self.key_fields, key.split("/"), strict=True))

    def label(self) -> str:
        return str(self.model._meta.verbose_name_plural)


LINE_TABLES = (
    LineTable(
        "non_asn", NonAsnLine, "non_asn_lines", ("category",), ("eligible", "protected")
    ),
    LineTable(
        "vulnerable",
        VulnerableWorkerLine,
        "vulnerable_lines",
        ("sector", "funding_source"),
        ("workers", "months", "rupiah"),
    ),
    LineTable(
        "villages",
        VillageProtection,
        "village_lines",
        ("village_id",),
        ("workers", "funding_source"),
    ),
    LineTable("claims", ClaimLine, "claim_lines", ("programme",), ("cases", "rupiah")),
)
TABLES = {table.name: table for table in LINE_TABLES}


@dataclass
class ReportContent:
    """A report's figures and table rows, keyed as in `LINE_TABLES`."""

    figures: dict[str, Value] = field(default_factory=dict)
    lines: dict[str, dict[str, Row]] = field(default_factory=dict)

    def rows(self, table: str) -> dict[str, Row]:
        return self.lines.get(table, {})

    def flat(self) -> dict[str, Value]:
        """Every value by its path; blank rows are left out."""
        values: dict[str, Value] = {
            name: self.figures.get(name) for name in CoverageReport.FIGURES
        }
        for table in LINE_TABLES:
            for key, row in self.rows(table.name).items():
                if all(row.get(name) is None for name in table.value_fields):
                    continue
                for name in table.value_fields:
                    values[f"{table.name}:{key}:{name}"] = row.get(name)
        return values

    @classmethod
    def from_flat(cls, values: dict[str, Value]) -> "ReportContent":
        """The inverse of `flat()`: rows whose values are all blank are left out."""
        content = cls(figures={}, lines={table.name: {} for table in LINE_TABLES})
        for path, value in values.items():
            if ":" not in path:
                content.figures[path] = value
                continue
            table_name, key, name = path.split(":")
            content.lines[table_name].setdefault(key, {})[name] = value
        for rows in content.lines.values():
            for key in [
                k for k, row in rows.items() if all(v is None for v in row.values())
            ]:
                del rows[key]
        return content

    @classmethod
    def of(cls, report: CoverageReport) -> "ReportContent":
        """What is stored now (one query per table, or none when prefetched)."""
        lines = {}
        for table in LINE_TABLES:
            rows = getattr(report, table.related_name).all()
            lines[table.name] = {
                table.key_of(_attributes(row, table.key_fields)): _attributes(
                    row, table.value_fields
                )
                for row in rows
            }
        figures = {name: getattr(report, name) for name in CoverageReport.FIGURES}
        return cls(figures=figures, lines=lines)


def field_of(model: type[models.Model], name: str) -> models.Field:
    """A concrete model field by name (the line tables have no generic relations)."""
    return cast(models.Field, model._meta.get_field(name))


def _attributes(row: models.Model, names: tuple[str, ...]) -> Row:
    return {name: getattr(row, name) for name in names}


def label_for(path: str) -> str:
    """A person's name for a path: 'Non-ASN lines — Guru honorer — protected'; a
    row's path ('non_asn:guru_honorer', as findings about a row use) names the row;
    a table's name (an upload's entry for the rows it added) says so. A path that
    names nothing known is shown as written."""
    try:
        return _label_of(path)
    except (KeyError, ValueError, FieldDoesNotExist):
        return path


def _label_of(path: str) -> str:
    if path in TABLES:  # an upload's entry for the rows it added
        return str(
            capfirst(_("%(table)s: rows added") % {"table": TABLES[path].label()})
        )
    if ":" not in path:
        name = field_of(CoverageReport, path).verbose_name if path else _("Report")
        return str(capfirst(name))
    table_name, key, *names = path.split(":")
    table = TABLES[table_name]
    parts = [table.label(), *_key_labels(table, key)]
    parts += [str(field_of(table.model, name).verbose_name) for name in names]
    return str(capfirst(" — ".join(parts)))


def _key_labels(table: LineTable, key: str) -> list[str]:
    try:
        values = table.key_values(key)
    except ValueError:  # a malformed key, shown as written
        return [key]
    return [_choice_label(table.model, name, value) for name, value in values.items()]


def _choice_label(model: type[models.Model], field_name: str, value: str) -> str:
    if field_name == "village_id":
        return value
    choices = dict(field_of(model, field_name).choices or [])
    return str(choices.get(value, value))


FUNDING_SOURCES = frozenset(FundingSource.values)
