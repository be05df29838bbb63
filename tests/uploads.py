"""Upload files and batches for the tests of the importer, its jobs, command and pages.

One place builds the CSV and XLSX files an officer would upload and keeps or checks
them through the same services the upload page calls, so every test file uploads the
same way. `FIGURES` are the figures of `CoverageReportFactory`'s report: a row made
with them changes nothing in a report made by the factory.
"""

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from participants.importers import batches
from participants.models import ImportBatch

FIGURES: dict[str, int | None] = {
    "angkatan_kerja": 10_000,
    "pekerja_formal": 4_000,
    "pekerja_informal": 6_000,
    "peserta_pu": 3_500,
    "peserta_bpu": 2_500,
    "peserta_jakon": None,
    "peserta_pmi": None,
    "pemberi_kerja": 120,
}
REPORT_HEADER = ["kode_wilayah", "tahun", *FIGURES]
# As the downloaded template has it: a region name column the importer ignores.
NAMED_REPORT_HEADER = ["kode_wilayah", "nama_wilayah", "tahun", *FIGURES]
NON_ASN_HEADER = ["kode_wilayah", "tahun", "kategori", "sasaran", "terlindungi"]
VULNERABLE_HEADER = [
    *("kode_wilayah", "tahun", "sektor", "sumber_dana"),
    *("pekerja", "bulan", "rupiah"),
]
VILLAGE_HEADER = ["kode_desa", "tahun", "pekerja_terlindungi", "sumber_dana"]
FILENAME = "cakupan-jambi.csv"
REPORTS = ImportBatch.Kind.REPORTS

Row = Sequence[object]


def report_row(code: str, year: object = 2024, **figures: object) -> list[object]:
    """A row of `REPORT_HEADER`: the factory's figures with these changed."""
    return [code, year, *(FIGURES | figures).values()]


def named_report_row(code: str, year: object = 2024, **figures: object) -> list[object]:
    """A row of `NAMED_REPORT_HEADER`, named "Wilayah <code>"."""
    return [code, f"Wilayah {code}", year, *(FIGURES | figures).values()]


def csv_bytes(header: Row, *rows: Row) -> bytes:
    """A CSV file of the header and rows (None is an empty field)."""
    out = io.StringIO()
    csv.writer(out).writerows([header, *rows])
    return out.getvalue().encode()


def xlsx_bytes(header: Row, *rows: Row) -> bytes:
    """An XLSX workbook with the header and rows on its first sheet."""
    workbook = Workbook()
    sheet = workbook.active
    for row in [header, *rows]:
        sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def csv_path(
    directory: Path, header: Row, *rows: Row, name: str = "cakupan.csv"
) -> Path:
    """The CSV file written into the directory, for the import command."""
    path = directory / name
    path.write_bytes(csv_bytes(header, *rows))
    return path


def csv_upload(data: bytes, name: str = "cakupan.csv") -> SimpleUploadedFile:
    """The file as a browser posts it to the upload page."""
    return SimpleUploadedFile(name, data, content_type="text/csv")


def stored_batch(
    user, data: bytes, name: str = FILENAME, kind: str = REPORTS
) -> ImportBatch:
    """The file kept but not yet checked, as the upload page leaves it."""
    return batches.create_batch(data, name, kind, by=user)


def checked_batch(
    user, data: bytes, name: str = FILENAME, kind: str = REPORTS
) -> ImportBatch:
    """The file kept and checked, as the upload page's job does."""
    return batches.check_batch(stored_batch(user, data, name, kind))
