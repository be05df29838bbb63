"""Reading upload files: CSV (UTF-8 with or without BOM, UTF-16 as Excel's "Unicode
text", else Windows-1252; `,` `;` or tab, detected) and XLSX (first sheet, read by
calamine) into a table of text cells under the kind's canonical column names, with
the row numbers a person sees in the spreadsheet.

Only the file is judged here: cells stay text (codes keep their dots and leading
zeros) and are checked, row by row, by `participants.importers.checking`.
"""

import codecs
import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import PurePath

import pandas as pd
from django.conf import settings
from openpyxl.utils import get_column_letter

from participants.importers.kinds import (
    CODE,
    KINDS,
    LABEL,
    LOCK_HEADER,
    Column,
    UploadKind,
    normalise,
)
from participants.importers.problems import FileProblem, Note, note
from participants.importers.sheet_sandbox import read_first_sheet
from participants.importers.workbook_guard import Limits, check_workbook

CSV_SUFFIXES = (".csv", ".txt")
XLSX_SUFFIXES = (".xlsx",)
SEPARATORS = (",", ";", "\t")  # on a tie, the first wins
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")  # never in a text file
ZIP_MAGIC = b"PK\x03\x04"
TOO_MANY_CELLS = re.compile(r"Expected \d+ fields in line (\d+)")
OPEN_QUOTE = re.compile(r"EOF inside string starting at row (\d+)")
ROW_HEADROOM = 1_000  # rows a sheet may use besides its data rows: header, blanks
MAX_LINE = 100_000  # characters in a line of a CSV file
# Columns the portal's own templates add for the reader's eye (the lock status of
# pre-filled rows): ignored without a note.
QUIET_HEADERS = frozenset({LOCK_HEADER})


@dataclass
class Table:
    """An upload's data rows: text cells under canonical column names (label columns
    dropped), the spreadsheet row number of each row, and notes for the uploader."""

    frame: pd.DataFrame
    row_numbers: list[int]
    notes: list[Note] = field(default_factory=list)


def read_table(data: bytes, filename: str, kind: UploadKind, *, max_rows: int) -> Table:
    """The file's data rows as a Table; raises FileProblem when it cannot be read."""
    limit = getattr(settings, "IMPORT_MAX_BYTES", 20 * 1024 * 1024)
    if len(data) > limit:
        raise FileProblem("file_too_large", limit=limit)
    suffix = PurePath(filename).suffix.lower()
    if suffix not in CSV_SUFFIXES + XLSX_SUFFIXES:
        raise FileProblem("file_suffix", name=PurePath(filename).name)
    if not data or data.isspace():
        raise FileProblem("file_empty")
    limits = Limits(
        bytes=int(getattr(settings, "IMPORT_MAX_UNCOMPRESSED_BYTES", 128 * 2**20)),
        rows=max_rows + ROW_HEADROOM,
        columns=int(getattr(settings, "IMPORT_MAX_COLUMNS", 40)),
    )
    grid, first_row = (
        _csv_grid(data, limits)
        if suffix in CSV_SUFFIXES
        else _xlsx_grid(data, kind, limits)
    )
    return _tabulate(grid, first_row, kind, max_rows)


# CSV


def _csv_grid(data: bytes, limits: Limits) -> tuple[pd.DataFrame, int]:
    """Every record of the file as stripped text, and the row number of the first."""
    if data.startswith(ZIP_MAGIC):
        raise FileProblem("csv_is_workbook")
    text = _decode(data)
    _check_lines(text, limits)
    skipped, header, body = _split_leading_blank_lines(text)
    separator = _separator(header)
    _check_fields(body, separator, limits)
    try:
        grid = pd.read_csv(
            io.StringIO(body),
            sep=separator,
            header=None,
            dtype=str,
            keep_default_na=False,
            na_filter=False,
            skip_blank_lines=False,
            engine="c",
        )
    except pd.errors.ParserError as error:
        raise _csv_problem(str(error), skipped, separator) from None
    for column in grid.columns:
        grid[column] = grid[column].str.strip()
    return grid, skipped + 1


def _decode(data: bytes) -> str:
    """The text of a CSV file; raises FileProblem for anything that is not text."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encodings: Sequence[str] = ("utf-16",)
    else:
        encodings = ("utf-8-sig", "cp1252")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if not CONTROL.search(text):
            return text
        break
    raise FileProblem("not_text")


def _check_lines(text: str, limits: Limits) -> None:
    """Refuse more lines than a sheet may have rows, or a line that is too long,
    before any grid is built."""
    count = max(text.count("\n"), text.count("\r"))
    if count > limits.rows:
        raise FileProblem("too_many_lines", count=count, limit=limits.rows)
    if len(text) > MAX_LINE:
        lines = text.split("\n") if "\n" in text else text.split("\r")
        for number, line in enumerate(lines, start=1):
            if len(line) > MAX_LINE:
                raise _too_long(number, len(line))


def _too_long(line: int, length: int) -> FileProblem:
    return FileProblem("line_too_long", line=line, count=length, limit=MAX_LINE)


def _check_fields(body: str, separator: str, limits: Limits) -> None:
    """Refuse a header with more cells than a sheet may have columns: the header
    sets how many columns every row gets."""
    start = io.StringIO(body[:MAX_LINE], newline="")
    try:
        fields = len(next(csv.reader(start, delimiter=separator, strict=False)))
    except (csv.Error, StopIteration):
        fields = 1  # pandas says what is wrong
    if len(body) > MAX_LINE and start.tell() >= MAX_LINE:  # quoted line breaks
        raise FileProblem("header_too_long", limit=MAX_LINE)
    if fields > limits.columns:
        raise FileProblem("header_too_wide", count=fields, limit=limits.columns)


def _split_leading_blank_lines(text: str) -> tuple[int, str, str]:
    """How many blank lines precede the header, the header line, and the rest of
    the text from the header on."""
    start, skipped = 0, 0
    while True:
        end = text.find("\n", start)
        line = text[start:] if end < 0 else text[start:end]
        if line.strip():
            return skipped, line, text[start:]
        if end < 0:
            raise FileProblem("file_empty")
        start, skipped = end + 1, skipped + 1


def _separator(header: str) -> str:
    return max(SEPARATORS, key=header.count)


def _csv_problem(error: str, skipped: int, separator: str) -> FileProblem:
    if match := TOO_MANY_CELLS.search(error):
        row = skipped + int(match[1])
        return FileProblem("csv_extra_cells", row=row, separator=separator)
    if match := OPEN_QUOTE.search(error):
        return FileProblem("csv_open_quote", row=skipped + int(match[1]) + 1)
    return FileProblem("csv_unreadable")


# XLSX


def _xlsx_grid(
    data: bytes, kind: UploadKind, limits: Limits
) -> tuple[pd.DataFrame, int]:
    """The first sheet from cell A1 on as stripped text, and the row number of A1;
    the workbook is checked before it is read, and read in a limited process."""
    check_workbook(data, limits)
    sheet = read_first_sheet(data, limits)
    if not sheet.rows:
        raise FileProblem("file_empty")
    positions = set(_code_positions(sheet.rows, kind))
    for row, position, code in sheet.codes:
        if position in positions:
            sheet.rows[row][position] = code
    grid = pd.DataFrame(sheet.rows, dtype=str)
    for column in grid.columns:
        grid[column] = grid[column].str.strip()
    return grid, 1


def _code_positions(texts: list[list[str]], kind: UploadKind) -> list[int]:
    """Where the header row (the first non-blank one) names a region code column."""
    header = next((row for row in texts if any(cell.strip() for cell in row)), [])
    columns = _by_spelling(kind)
    return [
        position
        for position, cell in enumerate(header)
        if (column := columns.get(normalise(cell))) and column.kind == CODE
    ]


# Both


def _tabulate(
    grid: pd.DataFrame, first_row: int, kind: UploadKind, max_rows: int
) -> Table:
    """The data rows under the header (the first non-blank row), blank rows dropped."""
    used = (grid != "").any(axis=1).to_numpy().nonzero()[0]
    if not len(used):
        raise FileProblem("file_empty")
    header_at, data_at = used[0], used[1:]
    if not len(data_at):
        raise FileProblem("no_data_rows")
    if len(data_at) > max_rows:
        raise FileProblem("too_many_rows", count=len(data_at), limit=max_rows)
    headers = list(grid.iloc[header_at])
    body = grid.iloc[data_at]
    positions, names, notes = _match_headers(headers, body, kind)
    frame = body.iloc[:, positions].set_axis(names, axis=1).reset_index(drop=True)
    return Table(frame, [int(at) + first_row for at in data_at], notes)


def _match_headers(
    headers: list[str], body: pd.DataFrame, kind: UploadKind
) -> tuple[list[int], list[str], list[Note]]:
    """The positions of the kind's columns in the file, their canonical names in the
    kind's order, and notes on ignored columns; raises FileProblem for missing or
    doubled columns."""
    by_spelling = _by_spelling(kind)
    found: dict[str, int] = {}
    notes: list[Note] = []
    for position, header in enumerate(headers):
        column = by_spelling.get(normalise(header)) if header else None
        if column is None:
            notes.extend(_ignored(header, position, body))
        elif column.kind == LABEL:
            continue
        elif column.name in found:
            raise _doubled(column, headers[found[column.name]], header)
        else:
            found[column.name] = position
    other = _better_kind(headers, kind)
    if other is not None:
        raise _wrong_kind(kind, other)
    missing = [c for c in kind.columns if c.required and c.name not in found]
    if missing:
        raise FileProblem("columns_missing", columns=[_missing(c) for c in missing])
    names = [c.name for c in kind.columns if c.name in found]
    return [found[name] for name in names], names, notes


def _better_kind(headers: list[str], kind: UploadKind) -> UploadKind | None:
    """Another kind whose required columns are all in the header row and which
    names more of its columns than the chosen kind does, if there is one."""
    spelled = {normalise(header) for header in headers if header}

    def named(candidate: UploadKind) -> int:
        return sum(1 for c in candidate.columns if c.spellings() & spelled)

    def complete(candidate: UploadKind) -> bool:
        return all(c.spellings() & spelled for c in candidate.columns if c.required)

    others = [k for k in KINDS.values() if k.name != kind.name and complete(k)]
    best = max(others, key=named, default=None)
    return best if best is not None and named(best) > named(kind) else None


def _wrong_kind(kind: UploadKind, other: UploadKind) -> FileProblem:
    return FileProblem("wrong_kind", other=other.name, kind=kind.name)


def _by_spelling(kind: UploadKind) -> dict[str, Column]:
    return {spelling: c for c in kind.columns for spelling in c.spellings()}


def _ignored(header: str, position: int, body: pd.DataFrame) -> list[Note]:
    if normalise(header) in QUIET_HEADERS:
        return []
    if header:
        return [note("column_ignored", name=header)]
    if (body.iloc[:, position] != "").any():
        return [note("column_unnamed", letter=get_column_letter(position + 1))]
    return []


def _doubled(column: Column, first: str, second: str) -> FileProblem:
    return FileProblem(
        "columns_doubled", first=first, second=second, column=_title(column)
    )


def _missing(column: Column) -> dict[str, str]:
    preferred = [normalise(column.label_id), normalise(column.label_en)]
    spellings = dict.fromkeys([*preferred, *sorted(column.spellings())])
    return {"column": _title(column), "spellings": ", ".join(spellings)}


def _title(column: Column) -> str:
    return f"{column.label_id} / {column.label_en}"
