"""The report list as a spreadsheet (CSV or XLSX): the rows a user sees on the list
page, with its filters and order, one row per report. Text cells are neutralised
(`review.spreadsheets`); numbers stay numbers."""

import csv
import io
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from participants import selectors
from participants.models import CoverageReport
from review.models import ReviewStatus
from review.spreadsheets import neutralise

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHUNK = 500

Cell = str | int | Decimal | None


def header() -> list[str]:
    """Column titles in the reader's language."""
    return [
        _("Region"),
        _("Code"),
        _("Province"),
        _("Year"),
        _("Status"),
        _("Coverage (%)"),
        _("Participants"),
        _("Submitted on"),
        _("Updated on"),
    ]


def rows(ids: Sequence[int], reports: QuerySet[CoverageReport]) -> Iterator[list[Cell]]:
    """One row per report id, in the ids' order, read in chunks."""
    for start in range(0, len(ids), CHUNK):
        for report in selectors.in_order(ids[start : start + CHUNK], reports):
            yield _row(report)


def _row(report: CoverageReport) -> list[Cell]:
    figures = selectors.derived(report)
    waiting = report.status == ReviewStatus.SUBMITTED
    return [
        neutralise(str(report.region.name)),
        report.region_code,
        neutralise(str(report.province.name)),
        report.year,
        neutralise(str(report.get_status_display())),
        figures.coverage_total_pct,
        figures.participants_total,
        _day(report.updated_at) if waiting else None,
        _day(report.updated_at),
    ]


def _day(moment: Any) -> str:
    return timezone.localtime(moment).date().isoformat()


def as_csv(lines: Iterable[list[Cell]]) -> bytes:
    """UTF-8 with a byte-order mark, which spreadsheet programs need to read it."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(header())
    for line in lines:
        writer.writerow(["" if cell is None else cell for cell in line])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def as_xlsx(lines: Iterable[list[Cell]]) -> bytes:
    """One sheet, the header row first."""
    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Reports"))
    sheet.append(header())
    for line in lines:
        sheet.append(line)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
