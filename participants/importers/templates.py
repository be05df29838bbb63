"""Upload templates: the CSV and XLSX files branch staff fill in, with example rows or
rows pre-filled with the regions their branch serves. Pre-filled rows carry the current
figures, so a template doubles as an export to correct and upload again.

Every text cell that a spreadsheet could take for a formula is neutralised with a
leading apostrophe, so no file the portal writes ever evaluates anything.
"""

import csv
import io
from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from participants.importers.kinds import (
    CHOICE,
    CODE,
    LOCK_HEADER,
    NUMBER,
    VILLAGE,
    YEAR,
    Column,
    UploadKind,
)
from participants.models import (
    CoverageReport,
    NonAsnLine,
    VillageProtection,
    VulnerableWorkerLine,
)
from regions.models import Province, Regency, Village
from review.filenames import in_language
from review.models import ReviewStatus
from review.spreadsheets import FORMULA_STARTS
from review.years import report_years

Row = dict[str, Any]
Locks = dict[str, str]  # region code (kab/kota code for desa rows) -> report status
Progress = Callable[[int, int], None]  # rows written, rows in all

DATA_ROWS = 5000  # the XLSX checks cover at least this many rows below the header
DATA_SHEET = "Data"
NOTES_SHEET = "Petunjuk - Notes"  # Excel forbids "/" in sheet names
TEXT, WHOLE, PLAIN_NUMBER = "@", "#,##0", "0"
MAX_WIDTH = 60
CODE_LENGTHS = {CODE: (2, 5), VILLAGE: (13, 13)}  # "15" or "15.71"; "64.01.01.2001"
# The rows of a locked report are grey, with `kinds.LOCK_HEADER` filled in.
LOCKED_FILL = PatternFill("solid", fgColor="D9D9D9")
PROGRESS_EVERY = 5000  # rows between two progress reports


def neutralise(value: Any) -> Any:
    """Text a spreadsheet would evaluate, prefixed with an apostrophe; else as is."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def _cell_value(column: Column, value: Any) -> Any:
    """What a cell holds: codes as text, blanks as None, formula-like text defused."""
    if value is None or value == "":
        return None
    if column.kind in (CODE, VILLAGE):
        value = str(value)
    return neutralise(value)


EXAMPLES: dict[str, list[Row]] = {
    "reports": [
        {
            "region": "15.71",
            "region_name": "Kota Jambi",
            "year": 2024,
            "angkatan_kerja": 318_450,
            "pekerja_formal": 176_230,
            "pekerja_informal": 142_220,
            "peserta_pu": 98_760,
            "peserta_bpu": 21_480,
            "peserta_jakon": 6_120,
            "peserta_pmi": None,
            "pemberi_kerja": 2_315,
        },
        {
            "region": "15",
            "region_name": "Jambi",
            "year": 2024,
            "angkatan_kerja": 1_842_300,
            "pekerja_formal": 712_900,
            "pekerja_informal": 1_129_400,
            "peserta_pu": 402_150,
            "peserta_bpu": 168_420,
            "peserta_jakon": 31_900,
            "peserta_pmi": 1_240,
            "pemberi_kerja": 9_870,
        },
    ],
    "non-asn": [
        {
            "region": "15.71",
            "region_name": "Kota Jambi",
            "year": 2024,
            "category": NonAsnLine.Category.HONORER_PEMDA.value,
            "eligible": 2_886,
            "protected": 2_104,
        },
        {
            "region": "15.71",
            "region_name": "Kota Jambi",
            "year": 2024,
            "category": NonAsnLine.Category.GURU_HONORER.value,
            "eligible": 1_802,
            "protected": None,
        },
    ],
    "vulnerable": [
        {
            "region": "15.71",
            "region_name": "Kota Jambi",
            "year": 2024,
            "sector": VulnerableWorkerLine.Sector.PETANI.value,
            "funding_source": "apbd",
            "workers": 11_940,
            "months": 12,
            "rupiah": 11_940 * 12 * 16_800,
        },
        {
            "region": "15.71",
            "region_name": "Kota Jambi",
            "year": 2024,
            "sector": VulnerableWorkerLine.Sector.NELAYAN.value,
            "funding_source": "apbdes",
            "workers": 2_243,
            "months": 6,
            "rupiah": 2_243 * 6 * 16_800,
        },
    ],
    "villages": [
        {
            "village": "15.01.01.2001",
            "village_name": "Lempur Tengah",
            "year": 2024,
            "workers": 120,
            "funding_source": "apbdes",
        },
        {
            "village": "15.71.01.1001",
            "village_name": "Simpang III Sipin",
            "year": 2024,
            "workers": None,
            "funding_source": "csr",
        },
    ],
}


def csv_template(kind: UploadKind, rows: list[Row] | None = None) -> bytes:
    """The kind's CSV: UTF-8 with BOM, Indonesian header, then rows (or examples)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(column.label_id for column in kind.columns)
    for row in EXAMPLES[kind.name] if rows is None else rows:
        writer.writerow(_csv_cells(kind, row))
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _csv_cells(kind: UploadKind, row: Row) -> list[Any]:
    cells = (_cell_value(column, row.get(column.name)) for column in kind.columns)
    return ["" if cell is None else cell for cell in cells]


def xlsx_template(
    kind: UploadKind,
    rows: list[Row] | None = None,
    *,
    title: str,
    locks: Locks | None = None,
    progress: Progress | None = None,
) -> bytes:
    """The kind's workbook: a checked "Data" sheet (rows of locked reports greyed and
    marked in a last column) and a bilingual notes sheet."""
    rows = EXAMPLES[kind.name] if rows is None else rows
    workbook = Workbook(write_only=True)
    workbook.properties.title = title
    _data_sheet(workbook, kind, rows, locks or {}, progress)
    _notes_sheet(workbook, kind, title, bool(locks))
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _number_format(column: Column) -> str:
    if column.kind == NUMBER:
        return WHOLE
    return PLAIN_NUMBER if column.kind == YEAR else TEXT


def _data_sheet(
    workbook: Workbook,
    kind: UploadKind,
    rows: list[Row],
    locks: Locks,
    progress: Progress | None,
) -> None:
    sheet = workbook.create_sheet(DATA_SHEET)
    formats = [_number_format(column) for column in kind.columns]
    for index, column in enumerate(kind.columns, start=1):
        dimension = sheet.column_dimensions[get_column_letter(index)]
        dimension.width = _width(column, rows)
        dimension.number_format = formats[index - 1]  # for rows typed in later
    if locks:
        sheet.column_dimensions[get_column_letter(len(formats) + 1)].width = 28
    sheet.freeze_panes = "A2"
    for validation in _validations(kind, last_row=max(DATA_ROWS, len(rows) + 1)):
        sheet.data_validations.append(validation)
    header = [column.label_id for column in kind.columns]
    header += [LOCK_HEADER] if locks else []
    sheet.append([_styled(sheet, text, bold=True) for text in header])
    for number, row in enumerate(rows, start=1):
        status = locks.get(_lock_key(kind, row))
        sheet.append(_data_cells(sheet, kind, formats, row, status))
        if progress is not None and number % PROGRESS_EVERY == 0:
            progress(number, len(rows))


def _lock_key(kind: UploadKind, row: Row) -> str:
    """The region whose report decides whether the row is locked."""
    if kind.table == "villages":
        return str(row.get("village") or "")[:5]  # "15.01.01.2001" -> "15.01"
    return str(row.get("region") or "")


def _data_cells(
    sheet: Any, kind: UploadKind, formats: list[str], row: Row, status: str | None
) -> list[Any]:
    """A data row's cells; blanks stay empty and take the column's format. A row of a
    locked report is grey and ends with the report's status."""
    cells: list[Any] = []
    for column, number_format in zip(kind.columns, formats, strict=True):
        value = _cell_value(column, row.get(column.name))
        if value is None and status is None:
            cells.append(None)
        else:
            cells.append(_styled(sheet, value, number_format))
    if status is not None:
        cells.append(_styled(sheet, _lock_text(status)))
        for cell in cells:
            cell.fill = LOCKED_FILL
    return cells


def _lock_text(status: str) -> str:
    """'Locked — Submitted' in the reader's language."""
    return _("Locked — %(status)s") % {"status": ReviewStatus(status).label}


def _styled(
    sheet: Any, value: Any, number_format: str = TEXT, *, bold: bool = False
) -> Any:
    cell = WriteOnlyCell(sheet, value=neutralise(value))
    cell.number_format = number_format
    if bold:
        cell.font = Font(bold=True)
    return cell


def _width(column: Column, rows: list[Row]) -> float:
    values = (row.get(column.name) for row in rows)
    longest = max((len(str(value)) for value in values if value is not None), default=0)
    if column.kind == NUMBER:
        longest += longest // 3  # the thousands separators
    return min(MAX_WIDTH, max(len(column.label_id), longest) + 3)


def _validations(kind: UploadKind, *, last_row: int) -> Iterable[DataValidation]:
    """Excel's own cell checks: the first line of defence, not the real validation."""
    for index, column in enumerate(kind.columns, start=1):
        validation = _validation(column)
        if validation is None:
            continue
        letter = get_column_letter(index)
        validation.add(f"{letter}2:{letter}{last_row}")
        yield validation


def _validation(column: Column) -> DataValidation | None:
    if column.kind == CHOICE and column.choices is not None:
        codes = ",".join(column.choices.values)
        return _check(
            "list",
            f'"{codes}"',
            error="Pilih kode dari daftar. / Choose a code from the list.",
        )
    if column.kind == NUMBER:
        if column.name == "months":
            return _check("whole", "1", "12", error="Isi 1 sampai 12. / Enter 1 to 12.")
        return _check(
            "whole",
            "0",
            operator="greaterThanOrEqual",
            error="Isi bilangan bulat ≥ 0. / Enter a whole number ≥ 0.",
        )
    if column.kind == YEAR:
        years = report_years()
        first, last = str(years[-1]), str(years[0])
        error = f"Isi tahun {first}–{last}. / Enter a year {first}–{last}."
        return _check("whole", first, last, error=error)
    if column.kind in CODE_LENGTHS:
        shortest, longest = CODE_LENGTHS[column.kind]
        error = "Kode Kemendagri sebagai teks. / A Kemendagri code, as text."
        return _check("textLength", str(shortest), str(longest), error=error)
    return None


def _check(
    kind: str,
    formula1: str,
    formula2: str | None = None,
    *,
    error: str,
    operator: str = "between",
) -> DataValidation:
    return DataValidation(
        type=kind,
        operator=None if kind == "list" else operator,
        formula1=formula1,
        formula2=formula2,
        allow_blank=True,
        showErrorMessage=True,
        errorTitle="Periksa isian / Check the value",
        error=error,
    )


KEY_WORDS = {
    "region": ("wilayah", "region"),
    "village": ("desa/kelurahan", "desa/kelurahan"),
    "year": ("tahun", "year"),
    "category": ("kategori", "category"),
    "sector": ("sektor", "sector"),
    "funding_source": ("sumber dana", "funding source"),
}


def _instructions(kind: UploadKind) -> list[str]:
    """How to fill and upload, in Bahasa Indonesia and English."""
    words_id = ", ".join(KEY_WORDS[name][0] for name in kind.key)
    words_en = ", ".join(KEY_WORDS[name][1] for name in kind.key)
    return [
        f"Isi lembar '{DATA_SHEET}': satu baris per {words_id}. "
        "Jangan ubah baris judul.",
        f"Fill in the '{DATA_SHEET}' sheet: one row per {words_en}. "
        "Do not change the header row.",
        "Sel kosong = tidak dilaporkan (bukan nol); tulis 0 bila memang nol.",
        "A blank cell = not reported (not zero); enter 0 when it is zero.",
        "Tulis kode (wilayah, desa, pilihan) sebagai teks, persis seperti di daftar: "
        "15.71, bukan 15,71 atau 15.7.",
        "Write codes (region, desa, choices) as text, exactly as listed: "
        "15.71, not 15,71 or 15.7.",
        "Simpan sebagai XLSX atau CSV (UTF-8), lalu unggah di portal. Berkas boleh "
        "diunggah ulang: baris yang tidak berubah tidak mengubah apa pun.",
        "Save as XLSX or CSV (UTF-8), then upload it in the portal. A file can be "
        "uploaded again: unchanged rows change nothing.",
    ]


NOTES_HEADER = [
    "Kolom / Column",
    "Penjelasan (Bahasa Indonesia)",
    "Explanation (English)",
    "Wajib / Required",
    "Nilai yang diizinkan / Allowed values",
    "Judul lain yang diterima / Other accepted headers",
]
NOTES_WIDTHS = (22, 55, 55, 16, 50, 36)


LOCK_INSTRUCTIONS = [
    f"Baris abu-abu (kolom '{LOCK_HEADER}' terisi) milik laporan yang sudah diajukan "
    "atau disetujui dan karena itu terkunci. Bila tidak diubah, baris itu dilewati; "
    "perubahan di baris itu ditolak. Untuk mengubahnya, minta verifikator "
    "mengembalikan laporan itu lebih dulu.",
    f"Grey rows (the '{LOCK_HEADER}' column filled in) belong to reports already "
    "submitted or approved, and so locked. Left unchanged they are skipped; a change "
    "in them is refused. To change them, ask a verifier to return the report first.",
]


def _notes_sheet(
    workbook: Workbook, kind: UploadKind, title: str, has_locks: bool
) -> None:
    sheet = workbook.create_sheet(NOTES_SHEET)
    for letter, width in zip("ABCDEF", NOTES_WIDTHS, strict=True):
        sheet.column_dimensions[letter].width = width
    sheet.append([_styled(sheet, title, bold=True)])
    for line in _instructions(kind) + (LOCK_INSTRUCTIONS if has_locks else []):
        sheet.append([_styled(sheet, line)])
    sheet.append([])
    sheet.append([_styled(sheet, text, bold=True) for text in NOTES_HEADER])
    wrap = Alignment(wrap_text=True, vertical="top")
    for column in kind.columns:
        cells = [_styled(sheet, text) for text in _note(column)]
        for cell in cells:
            cell.alignment = wrap
        sheet.append(cells)


def _note(column: Column) -> list[str]:
    others = dict.fromkeys((column.label_en, *column.aliases))
    others.pop(column.label_id, None)
    return [
        column.label_id,
        column.note_id,
        column.note_en,
        "ya / yes" if column.required else "tidak / no",
        _allowed(column),
        ", ".join(others),
    ]


def _allowed(column: Column) -> str:
    """The choices as 'code — Indonesian label / English label', one per line."""
    if column.kind == YEAR:
        years = report_years()
        return f"{years[-1]}–{years[0]}"
    if column.name == "months":
        return "1–12"
    if column.choices is None:
        return ""
    with translation.override("id"):
        labels_id = [str(label) for label in column.choices.labels]
    with translation.override("en"):
        labels_en = [str(label) for label in column.choices.labels]
    return "\n".join(
        f"{code} — {label_id} / {label_en}"
        for code, label_id, label_en in zip(
            column.choices.values, labels_id, labels_en, strict=True
        )
    )


# Each kind's file name stem in Indonesian and in English.
FILE_STEMS = {
    "reports": ("templat-cakupan-kabkota", "coverage-template-regencies"),
    "non-asn": ("templat-cakupan-non-asn", "coverage-template-non-asn"),
    "vulnerable": ("templat-cakupan-pekerja-rentan", "coverage-template-vulnerable"),
    "villages": ("templat-cakupan-desa", "coverage-template-villages"),
}


def template_filename(kind: UploadKind, fmt: str, year: int | None = None) -> str:
    """'templat-cakupan-desa-2024.xlsx' in Indonesian, 'coverage-template-villages-
    2024.xlsx' in English; without the year when there is none."""
    stem = in_language(*FILE_STEMS[kind.name])
    return f"{stem}-{year}.{fmt}" if year else f"{stem}.{fmt}"


def prefilled_rows(kind: UploadKind, user: Any, year: int) -> list[Row]:
    """Rows for the regions the user's branch serves (desa for the villages kind),
    with the year filled in and the figures of existing reports; a fixed number of
    queries whatever the number of regions."""
    regencies = Regency.objects.for_user(user).active()
    if kind.table == "villages":
        return _village_rows(regencies, year)
    provinces = _reported_provinces(user)
    regions = sorted(
        [*regencies.values_list("code", "name"), *provinces.values_list("code", "name")]
    )
    reports = CoverageReport.objects.filter(year=year).filter(
        Q(regency__in=regencies) | Q(regency__isnull=True, province__in=provinces)
    )
    if kind.table == "non_asn":
        return _non_asn_rows(regions, reports, year)
    if kind.table == "vulnerable":
        return _vulnerable_rows(regions, reports, year)
    return _report_rows(regions, reports, year)


def prefilled_locks(kind: UploadKind, user: Any, year: int) -> Locks:
    """The regions of the user's pre-filled template whose report that year is
    submitted or approved (locked), with its status; one query."""
    regencies = Regency.objects.for_user(user).active()
    scope = Q(regency__in=regencies)
    if kind.table != "villages":
        scope |= Q(regency__isnull=True, province__in=_reported_provinces(user))
    locked = (
        CoverageReport.objects.filter(scope, year=year)
        .exclude(status__in=(ReviewStatus.DRAFT, ReviewStatus.RETURNED))
        .values("regency_id", "province_id", "status")
    )
    return {_region_code(values): values["status"] for values in locked}


def _reported_provinces(user: Any) -> QuerySet[Province]:
    """Provinces whose own report the user's branch enters (all for national admins)."""
    if not user.is_authenticated or not user.is_active:
        return Province.objects.none()
    if user.is_national:
        return Province.objects.active()
    if user.branch_id is None:
        return Province.objects.none()
    return Province.objects.active().filter(reporting_branch_id=user.branch_id)


def _region_row(code: str, name: str, year: int) -> Row:
    return {"region": code, "region_name": name, "year": year}


def _region_code(values: dict[str, Any], prefix: str = "") -> str:
    """Pop the regency and province ids from a values() dict: the report's region."""
    regency = values.pop(f"{prefix}regency_id")
    province = values.pop(f"{prefix}province_id")
    return str(regency or province)


def _report_rows(
    regions: list[tuple[str, str]], reports: QuerySet[CoverageReport], year: int
) -> list[Row]:
    figures = CoverageReport.FIGURES
    current = {
        _region_code(values): values
        for values in reports.values("regency_id", "province_id", *figures)
    }
    empty = dict.fromkeys(figures)
    return [
        _region_row(code, name, year) | current.get(code, empty)
        for code, name in regions
    ]


def _line_values(
    queryset: QuerySet[Any], *fields: str
) -> dict[str, list[dict[str, Any]]]:
    """A table's lines of the given reports, grouped by region code."""
    lines = defaultdict(list)
    for values in queryset.values("report__regency_id", "report__province_id", *fields):
        lines[_region_code(values, "report__")].append(values)
    return lines


def _non_asn_rows(
    regions: list[tuple[str, str]], reports: QuerySet[CoverageReport], year: int
) -> list[Row]:
    """One row per region and category: the non-ASN table is fixed."""
    lines = _line_values(
        NonAsnLine.objects.filter(report__in=reports),
        "category",
        "eligible",
        "protected",
    )
    rows = []
    for code, name in regions:
        current = {line.pop("category"): line for line in lines.get(code, [])}
        for category in NonAsnLine.Category.values:
            values = current.get(category, {"eligible": None, "protected": None})
            rows.append(_region_row(code, name, year) | {"category": category} | values)
    return rows


def _vulnerable_rows(
    regions: list[tuple[str, str]], reports: QuerySet[CoverageReport], year: int
) -> list[Row]:
    """Each existing line of a region, or one row to fill in when it has none."""
    lines = _line_values(
        VulnerableWorkerLine.objects.filter(report__in=reports).order_by(
            "sector", "funding_source"
        ),
        "sector",
        "funding_source",
        "workers",
        "months",
        "rupiah",
    )
    return [
        _region_row(code, name, year) | line
        for code, name in regions
        for line in lines.get(code) or [{}]
    ]


def _village_rows(regencies: QuerySet[Regency], year: int) -> list[Row]:
    """Every current desa/kelurahan of the kab/kota, with its protection that year."""
    villages = (
        Village.objects.active()
        .filter(district__regency__in=regencies)
        .order_by("code")
        .values_list("code", "name")
    )
    current = {
        village: {"workers": workers, "funding_source": source}
        for village, workers, source in VillageProtection.objects.filter(
            report__year=year, report__regency__in=regencies
        ).values_list("village_id", "workers", "funding_source")
    }
    empty = {"workers": None, "funding_source": None}
    return [
        {"village": code, "village_name": name, "year": year} | current.get(code, empty)
        for code, name in villages
    ]
