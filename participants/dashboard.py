"""Completeness dashboard: how far each Kanwil, branch and province is with a year."""

from collections.abc import Iterable, Sequence
from datetime import datetime
from io import BytesIO
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.worksheet.worksheet import Worksheet

from participants.completeness import (
    STATE_LABELS,
    STATES,
    ExpectedReport,
    Grouping,
    GroupRow,
    expected_reports,
    filter_reports,
    group_rows,
    latest_year,
    startable_codes,
    total_row,
    units,
)
from review.filenames import in_language
from review.years import FIRST_YEAR, LAST_YEAR

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_START = ("=", "+", "-", "@")
# The region drill-down lists up to 552 regions (all of Indonesia): paged.
REGIONS_PER_PAGE = 50


class AreaForm(forms.Form):
    """Kanwil and province filters offering the units of the user's area."""

    kanwil = forms.ChoiceField(label=gettext_lazy("Kanwil"), required=False)
    province = forms.ChoiceField(label=gettext_lazy("Province"), required=False)

    def __init__(self, data: QueryDict, *, reports: list[ExpectedReport]) -> None:
        super().__init__(data)
        for grouping in (Grouping.KANWIL, Grouping.BRANCH, Grouping.PROVINCE):
            if grouping in self.fields:
                choices = [(u.key, u.name) for u in units(reports, grouping)]
                field = self.fields[grouping]
                field.choices = [("", _("All")), *choices]  # type: ignore[attr-defined]

    def filters(self) -> dict[str, str]:
        """The valid filters given; an invalid one is dropped (and shown as an
        error)."""
        self.is_valid()
        return {name: self.cleaned_data.get(name) or "" for name in self.fields}


class GroupForm(AreaForm):
    group = forms.ChoiceField(
        label=gettext_lazy("Count per"), choices=Grouping.choices, required=False
    )


class CompletenessForm(GroupForm):
    year = forms.ChoiceField(label=gettext_lazy("Year"))

    field_order = ["year", "group", "kanwil", "province"]

    def __init__(
        self, data: QueryDict, *, reports: list[ExpectedReport], years: list[int]
    ) -> None:
        super().__init__(data, reports=reports)
        field = self.fields["year"]
        field.choices = [(str(year), str(year)) for year in years]  # type: ignore[attr-defined]


class RegionForm(AreaForm):
    state = forms.ChoiceField(
        label=gettext_lazy("State"),
        choices=[("", gettext_lazy("All")), *STATE_LABELS.items()],
        required=False,
    )
    branch = forms.ChoiceField(label=gettext_lazy("Branch office"), required=False)

    field_order = ["state", "kanwil", "branch", "province"]


def _follower(request: HttpRequest) -> Any:
    """The signed-in user when their role follows an area's reports; else 403."""
    user: Any = request.user
    if not user.has_perm("participants.follow_reports"):
        raise PermissionDenied(
            _("This page is for staff who follow an area's reports.")
        )
    return user


def _years(year: int = FIRST_YEAR) -> list[int]:
    """The year select: every edition from the first to this year (or `year` if
    later), newest first."""
    last = max(timezone.localdate().year, year)
    return list(range(last, FIRST_YEAR - 1, -1))


def _requested_year(request: HttpRequest, user: Any) -> int:
    """The year asked for, or the latest year with reports when none (or no valid
    one) is given."""
    text = request.GET.get("year", "")
    if text in {str(year) for year in _years()}:
        return int(text)
    return latest_year(user)


@login_required
def completeness(request: HttpRequest) -> HttpResponse:
    user = _follower(request)
    year = _requested_year(request, user)
    reports = expected_reports(user, year)
    data = request.GET.copy()
    data["year"] = str(year)
    data.setdefault("group", Grouping.KANWIL)
    form = CompletenessForm(data, reports=reports, years=_years(year))
    filters = form.filters()
    grouping = filters.pop("group") or Grouping.KANWIL
    area = {key: filters[key] for key in ("kanwil", "province")}
    shown = filter_reports(reports, **area)
    total = total_row(shown)
    context = {
        "year": year,
        "form": form,
        "grouping_label": Grouping(grouping).label,
        "is_branch_grouping": grouping == Grouping.BRANCH,
        "rows": [
            _linked(row, year, area, grouping) for row in group_rows(shown, grouping)
        ],
        "total": _linked(total, year, area, grouping),
        "states": [(state, STATE_LABELS[state]) for state in STATES],
        "export_url": _url(
            "participants:completeness_export", year, {"group": grouping, **area}
        ),
    }
    return render(request, "participants/completeness.html", context)


def _url(name: str, year: int, query: dict[str, str]) -> str:
    params = {key: value for key, value in query.items() if value}
    url = reverse(name, args=[year])
    return f"{url}?{urlencode(params)}" if params else url


def _linked(
    row: GroupRow, year: int, area: dict[str, str], grouping: str
) -> dict[str, Any]:
    """A table row with the drill-down address of each count."""
    query = dict(area)
    if row.unit:
        query[grouping] = row.unit.key

    def link(state: str) -> str:
        return _url(
            "participants:completeness_regions", year, {"state": state, **query}
        )

    cells = [
        {"state": state, "count": row.counts[state], "url": link(state)}
        for state in STATES
    ]
    return {"row": row, "expected_url": link(""), "cells": cells}


@login_required
def regions(request: HttpRequest, year: int) -> HttpResponse:
    user = _follower(request)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    reports = expected_reports(user, year)
    form = RegionForm(request.GET, reports=reports)
    shown = filter_reports(reports, **form.filters())
    page = Paginator(shown, REGIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "year": year,
        "form": form,
        "page": page,
        "reports": page.object_list,
        "startable": startable_codes(user, list(page.object_list)),
        "back_url": f"{reverse('participants:completeness')}?year={year}",
    }
    return render(request, "participants/completeness_regions.html", context)


@login_required
def export(request: HttpRequest, year: int) -> HttpResponse:
    user = _follower(request)
    if not FIRST_YEAR <= year <= LAST_YEAR:
        raise Http404
    reports = expected_reports(user, year)
    filters = GroupForm(request.GET, reports=reports).filters()
    grouping = filters.pop("group") or Grouping.KANWIL
    shown = filter_reports(reports, **filters)
    content = completeness_workbook(year, grouping, shown)
    response = HttpResponse(content, content_type=XLSX)
    stem = in_language("kelengkapan-cakupan", "coverage-completeness")
    filename = f"{stem}-{year}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def completeness_workbook(
    year: int, grouping: str, reports: list[ExpectedReport]
) -> bytes:
    """The group table and the list of regions as an XLSX workbook."""
    now = timezone.localtime()
    title = _("Completeness of coverage reports %(year)s, generated %(time)s WIB") % {
        "year": year,
        "time": date_format(now, "j M Y H:i"),
    }
    workbook = Workbook()
    summary = workbook.active  # a new workbook always has one sheet
    summary.title = _("Summary")[:31]
    rows = [*group_rows(reports, grouping), total_row(reports)]
    _write_sheet(summary, title, _summary_header(grouping), map(_summary_row, rows))
    regions_sheet = workbook.create_sheet(_("Regions")[:31])
    _write_sheet(regions_sheet, title, _region_header(), map(_region_row, reports))
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _summary_header(grouping: str) -> list[str]:
    return [
        str(Grouping(grouping).label),
        _("Code"),
        _("Expected"),
        *(str(STATE_LABELS[state]) for state in STATES),
        _("% approved"),
    ]


def _summary_row(row: GroupRow) -> list[Any]:
    name, code = (str(row.unit.name), row.unit.key) if row.unit else (_("Total"), "")
    counts = [row.counts[state] for state in STATES]
    return [name, code, row.expected, *counts, round(row.approved_percent, 1)]


def _region_header() -> list[str]:
    return [
        _("Code"),
        _("Region"),
        _("Level"),
        _("Province"),
        _("Kanwil"),
        _("Branch offices"),
        _("State"),
        _("Last update (WIB)"),
    ]


def _region_row(item: ExpectedReport) -> list[Any]:
    updated = item.updated_at
    return [
        item.code,
        item.name,
        str(item.level_label),
        item.province.name,
        str(item.kanwil.name),
        ", ".join(str(branch.name) for branch in item.branches),
        str(item.state_label),
        timezone.localtime(updated).replace(tzinfo=None) if updated else None,
    ]


def _write_sheet(
    sheet: Worksheet, title: str, header: Sequence[str], rows: Iterable[list[Any]]
) -> None:
    """Title row, bold frozen header, rows; text never read as a formula."""
    sheet.append([title])
    sheet["A1"].font = Font(bold=True, size=13)
    sheet.append(list(header))
    for row in rows:
        sheet.append(row)
    for cells in sheet.iter_rows(min_row=2):
        for cell in cells:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_START):
                cell.data_type = "s"
            elif cell.is_date:
                cell.number_format = "yyyy-mm-dd hh:mm"
            elif isinstance(cell.value, float):
                cell.number_format = "0.0"
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A3"
    _fit_columns(sheet)


def _fit_columns(sheet: Worksheet) -> None:
    """Column widths from the longest value below the title, within bounds."""
    for cells in sheet.iter_cols(min_row=2):
        longest = max((len(_shown(cell.value)) for cell in cells), default=0)
        letter = cells[0].column_letter
        sheet.column_dimensions[letter].width = min(max(longest + 2, 8), 60)


def _shown(value: Any) -> str:
    return "yyyy-mm-dd hh:mm" if isinstance(value, datetime) else str(value or "")
