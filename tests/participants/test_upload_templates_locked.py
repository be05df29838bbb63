"""Pre-filled templates mark the rows of locked reports (submitted or approved): a
grey fill, a last column with the report's status and a note; the reader ignores
that column without a note."""

import io

from django.utils import translation
from openpyxl import load_workbook

from participants.importers.kinds import KINDS
from participants.importers.reading import read_table
from participants.importers.template_jobs import prefilled_xlsx
from participants.importers.templates import (
    LOCK_HEADER,
    NOTES_SHEET,
    prefilled_locks,
)
from participants.models import ImportBatch
from review.models import ReviewStatus
from tests.factories import CoverageReportFactory

REPORTS = KINDS[ImportBatch.Kind.REPORTS]
VILLAGES = KINDS[ImportBatch.Kind.VILLAGES]


def _data(data: bytes) -> list[tuple]:
    sheet = load_workbook(io.BytesIO(data))["Data"]
    return list(sheet.iter_rows(values_only=True))


def _fills(data: bytes) -> list[str]:
    sheet = load_workbook(io.BytesIO(data))["Data"]
    return [row[0].fill.fgColor.rgb for row in sheet.iter_rows(min_row=2)]


def test_prefilled_locks_name_submitted_and_approved_reports_only(world):
    CoverageReportFactory(regency=world.reg_a1, year=2024)  # a draft
    CoverageReportFactory(
        regency=world.reg_a2, year=2024, status=ReviewStatus.SUBMITTED
    )
    CoverageReportFactory(
        province=world.prov_a, regency=None, year=2024, status=ReviewStatus.APPROVED
    )

    locks = prefilled_locks(REPORTS, world.users["admin"], 2024)

    assert locks == {"15.71": "submitted", "15": "approved"}


def test_locked_rows_end_with_their_status_and_are_grey(world):
    CoverageReportFactory(
        regency=world.reg_a2, year=2024, status=ReviewStatus.SUBMITTED
    )

    with translation.override("en"):
        data = prefilled_xlsx(REPORTS, world.users["petugas_a"], 2024)

    rows = _data(data)
    assert [(row[0], row[-1]) for row in rows] == [
        ("kode_wilayah", LOCK_HEADER),
        ("15.01", None),
        ("15.71", "Locked — Submitted"),
    ]
    assert _fills(data) == ["00000000", "00D9D9D9"]


def test_village_rows_are_locked_by_their_kab_kota_report(world):
    CoverageReportFactory(regency=world.reg_a1, year=2024, status="approved")

    with translation.override("en"):
        data = prefilled_xlsx(VILLAGES, world.users["petugas_a"], 2024)

    assert [(row[0], row[-1]) for row in _data(data)[1:]] == [
        ("15.01.01.2001", "Locked — Approved"),
        ("15.71.01.1001", None),
    ]


def test_notes_explain_locked_rows_only_when_there_are_some(world):
    user = world.users["petugas_a"]
    plain = prefilled_xlsx(REPORTS, user, 2024)
    CoverageReportFactory(regency=world.reg_a1, year=2024, status="submitted")

    marked = prefilled_xlsx(REPORTS, user, 2024)

    def notes(data: bytes) -> str:
        sheet = load_workbook(io.BytesIO(data))[NOTES_SHEET]
        return " ".join(str(row[0]) for row in sheet.iter_rows(values_only=True))

    assert ("Grey rows" in notes(plain), "Grey rows" in notes(marked)) == (
        False,
        True,
    )
    assert _data(plain)[0][-1] == "pemberi_kerja"  # no lock column without locks


def test_reader_ignores_the_lock_column_without_a_note(world):
    CoverageReportFactory(regency=world.reg_a2, year=2024, status="submitted")
    data = prefilled_xlsx(REPORTS, world.users["petugas_a"], 2024)

    table = read_table(data, "templat.xlsx", REPORTS, max_rows=100)

    assert (list(table.frame.columns)[-1], table.notes) == ("pemberi_kerja", [])
