"""The words for what is kept about a whole upload: why a file is refused (it cannot
be read, it is of another kind, its job stopped) and the notes its check leaves (an
ignored column, a file saved before). Each is kept as a rule and its values, and
`problems.reason` words it in the reader's language.
"""

from collections.abc import Callable
from typing import Any

from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.utils.formats import date_format, number_format
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from participants.importers.kinds import KINDS
from participants.models import ImportBatch

FILE_MESSAGES: dict[str, StrOrPromise] = {
    "file_too_large": _("The file is larger than the limit of %(limit)s."),
    "file_suffix": _("“%(name)s” cannot be read: upload a .csv, .txt or .xlsx file."),
    "file_empty": _("The file is empty."),
    "csv_is_workbook": _(
        "The file is an Excel workbook but its name ends in .csv: rename it "
        "to .xlsx, or save it as CSV, and upload it again."
    ),
    "not_text": _(
        "The file is not a text (CSV) file. Save it from your spreadsheet as CSV "
        "or as an Excel workbook (.xlsx) and upload it again."
    ),
    "too_many_lines": _(
        "The file has %(count)s lines; at most %(limit)s can be read. Delete "
        "the empty lines below your data and upload it again."
    ),
    "line_too_long": _(
        "Line %(line)s of the file has %(count)s characters; at most %(limit)s "
        "are accepted in one line. Check that the file is the CSV export of a "
        "spreadsheet."
    ),
    "header_too_long": _("The header row is longer than %(limit)s characters."),
    "header_too_wide": _(
        "The header row has %(count)s cells; at most %(limit)s columns can be "
        "read. Delete the columns to the right of your data and upload the "
        "file again."
    ),
    "csv_extra_cells": _(
        "Row %(row)s has more cells than the header row: a value probably "
        "contains %(separator)s. Put such values in double quotes, or give "
        "the extra column a header."
    ),
    "csv_open_quote": _("Row %(row)s opens a double quote that is never closed."),
    "csv_unreadable": _("The file could not be read as CSV."),
    "no_data_rows": _("The file has a header row but no data rows."),
    "too_many_rows": _(
        "The file has %(count)s data rows; at most %(limit)s can be uploaded."
    ),
    "wrong_kind": _(
        "This file's columns are those of “%(other)s”, not of “%(kind)s”. "
        "Upload it again and choose “%(other)s” as the kind of data."
    ),
    "columns_doubled": _(
        "Columns “%(first)s” and “%(second)s” are both %(column)s: keep only one "
        "of them."
    ),
    "column_missing": _(
        "The required column “%(column)s” is missing (accepted headers: %(spellings)s)."
    ),
    "workbook_packed": _(
        "The workbook is packed unusually tightly: its part “%(part)s” "
        "would expand %(ratio)s times, at most %(limit)s times is "
        "accepted. Open the file in Excel, save it again as .xlsx and "
        "upload it again."
    ),
    "workbook_texts": _(
        "The workbook holds more than %(limit)s different texts; at most "
        "%(limit)s can be read. Copy the data into a new workbook, save "
        "it as .xlsx and upload it again."
    ),
    "workbook_damaged": _(
        "The file is not an Excel workbook (.xlsx) or it is damaged. If it "
        "is a CSV file, give it a name ending in .csv."
    ),
    "workbook_parts": _(
        "The workbook has more than %(limit)s parts (sheets, pictures and the "
        "like); at most %(limit)s can be read. Copy the data into a new workbook, "
        "save it as .xlsx and upload it again."
    ),
    "workbook_too_large": _(
        "Opened, the workbook would take more than %(limit)s; at most "
        "%(limit)s can be read. Remove other sheets and pictures or split "
        "the file, and upload it again."
    ),
    "workbook_size": _(
        "Opened, the workbook would take %(size)s; at most %(limit)s can be "
        "read. Remove other sheets and pictures or split the file, and upload "
        "it again."
    ),
    "sheet_rows": _(
        "The first sheet uses row %(row)s; at most %(limit)s rows can be read. "
        "Delete the rows below your data, also empty-looking ones, save the "
        "file and upload it again."
    ),
    "sheet_rows_cell": _(
        "The first sheet uses row %(row)s (cell %(cell)s); at most %(limit)s "
        "rows can be read. Delete the rows below your data, also empty-looking "
        "ones, save the file and upload it again."
    ),
    "sheet_columns": _(
        "The first sheet uses column %(column)s; at most %(limit)s columns (up "
        "to %(last)s) can be read. Delete the columns to the right of your "
        "data, also empty-looking ones, save the file and upload it again."
    ),
    "sheet_columns_cell": _(
        "The first sheet uses column %(column)s (cell %(cell)s); at most "
        "%(limit)s columns (up to %(last)s) can be read. Delete the columns to "
        "the right of your data, also empty-looking ones, save the file and "
        "upload it again."
    ),
    "reader_unavailable": _(
        "The workbook could not be read now. Upload it again in a few minutes."
    ),
    "reader_slow": _(
        "The workbook could not be read within %(seconds)s seconds. Copy "
        "the data into a new workbook, save it as .xlsx or CSV and upload it "
        "again."
    ),
    "reader_memory": _(
        "The workbook could not be read within %(memory)s of memory. Copy the "
        "data into a new workbook, save it as .xlsx or CSV and upload it again."
    ),
    "saving_given_up": _(
        "Saving this file stopped the processing %(count)s times, so it was "
        "given up: nothing was saved. Upload the file again; if this happens "
        "again, send it to the national admin."
    ),
    "checking_given_up": _(
        "Checking this file stopped the processing %(count)s times, so it was "
        "given up: nothing was saved. The file may be damaged or too complex: "
        "save it again as a new .xlsx or .csv file (or split it) and upload it."
    ),
    "reports_changed": _(
        "Some reports changed after the file was checked; check it again."
    ),
    "uploader_refused": _(
        "%(user)s may no longer enter data for %(codes)s; check the file again."
    ),
    "report_changed": _(
        "%(region)s %(year)s changed after the file was checked; check it again."
    ),
    "reports_started": _(
        "Someone started some of these reports meanwhile; check the file again."
    ),
    # Notes: the file can be saved, but the uploader should know.
    "column_ignored": _("Column “%(name)s” is not used and was ignored."),
    "column_unnamed": _("Column %(letter)s has no header and was ignored."),
    "nothing_changes": _("Nothing would change: every row matches what is stored."),
    "saved_before": _("The same file was saved before, on %(date)s by %(user)s."),
}
SEPARATORS = {",": _("a comma"), ";": _("a semicolon"), "\t": _("a tab")}


def _grouped(value: Any) -> str:
    return number_format(value, force_grouping=True)


def _kind(name: Any) -> str:
    return str(KINDS[ImportBatch.Kind(name)].title)


def _moment(value: Any) -> str:
    moment = parse_datetime(str(value))
    if moment is None:
        return str(value)
    return date_format(timezone.localtime(moment), "DATETIME_FORMAT")


def _separator(value: Any) -> str:
    return str(SEPARATORS[value])


# How each rule's values are written (a value not named here is kept as it is).
Words = dict[str, Callable[[Any], str]]
GROUPED: Words = {"count": _grouped, "limit": _grouped}
SIZE_LIMIT: Words = {"limit": filesizeformat}
SHEET: Words = {"row": _grouped, "limit": _grouped}
VALUES: dict[str, Words] = {
    "file_too_large": SIZE_LIMIT,
    "too_many_lines": GROUPED,
    "line_too_long": {**GROUPED, "line": _grouped},
    "header_too_long": GROUPED,
    "header_too_wide": GROUPED,
    "csv_extra_cells": {"separator": _separator},
    "too_many_rows": GROUPED,
    "wrong_kind": {"kind": _kind, "other": _kind},
    "workbook_packed": {"ratio": _grouped},
    "workbook_texts": GROUPED,
    "workbook_parts": GROUPED,
    "workbook_too_large": SIZE_LIMIT,
    "workbook_size": {**SIZE_LIMIT, "size": filesizeformat},
    "sheet_rows": SHEET,
    "sheet_rows_cell": SHEET,
    "sheet_columns": GROUPED,
    "sheet_columns_cell": GROUPED,
    "reader_memory": {"memory": filesizeformat},
    "saved_before": {"date": _moment},
}


def file_words(rule: str, params: dict[str, Any]) -> dict[str, Any]:
    """The values a file-level rule names, as the active language writes them."""
    formats = VALUES.get(rule, {})
    return {
        name: formats[name](value) if name in formats else value
        for name, value in params.items()
    }


def file_reason(rule: str, params: dict[str, Any]) -> str:
    """A file-level refusal or note in the active language (KeyError: unknown)."""
    if rule == "columns_missing":  # one sentence per missing column
        return " ".join(
            file_reason("column_missing", missing) for missing in params["columns"]
        )
    return str(FILE_MESSAGES[rule]) % file_words(rule, params)
