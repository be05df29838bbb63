"""The life of an upload (participants.importers.batches), as the web page drives it:
keep the file, check it, commit it all or nothing, say when nothing would change,
revert it; and every kind of bad input refused with a clear message and nothing
written."""

import csv
import hashlib
import io
import json
from datetime import UTC, datetime

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.utils import timezone
from openpyxl import load_workbook

from accounts.models import Notification
from participants import services
from participants.content import ReportContent
from participants.importers import batches
from participants.importers.kinds import KINDS
from participants.importers.problems import notes_shown, shown
from participants.importers.templates import (
    csv_template,
    prefilled_rows,
    xlsx_template,
)
from participants.models import CoverageReport, ImportBatch, NonAsnLine
from review.models import AuditEntry, ReviewStatus
from review.workflow import ReviewError
from tests.factories import CoverageReportFactory, RegencyFactory
from tests.uploads import (
    FIGURES,
    FILENAME,
    NON_ASN_HEADER,
    REPORTS,
    csv_bytes,
    xlsx_bytes,
)
from tests.uploads import NAMED_REPORT_HEADER as REPORT_HEADER
from tests.uploads import checked_batch as upload
from tests.uploads import named_report_row as report_row

pytestmark = pytest.mark.usefixtures("english")

Status = ImportBatch.Status
NON_ASN = ImportBatch.Kind.NON_ASN
NOTHING = "Nothing would change: every row matches what is stored."


def reports_file(*rows: list[object]) -> bytes:
    return csv_bytes(REPORT_HEADER, *rows)


def stored() -> list[tuple]:
    """Every report with its values and lines, and how many audit entries exist."""
    reports = CoverageReport.objects.order_by("pk")
    return [
        *(
            (r.region_code, r.year, r.status, r.version, ReportContent.of(r).flat())
            for r in reports
        ),
        ("audit entries", AuditEntry.objects.count()),
    ]


def report_of(world, regency=None, year=2024, **kwargs):
    return CoverageReportFactory(regency=regency or world.reg_a2, year=year, **kwargs)


def file_problem(reason: str) -> list[dict]:
    return [{"row": 0, "column": "", "value": "", "reason": reason}]


# keeping and checking


def test_create_batch_keeps_the_file_with_its_hash_and_uploader(world):
    data = reports_file(report_row("15.71"))

    batch = batches.create_batch(data, FILENAME, REPORTS, by=world.users["petugas_a"])

    batch.refresh_from_db()
    with batch.file.open("rb") as handle:
        kept = handle.read()
    assert (
        kept,
        batch.original_name,
        batch.sha256,
        batch.kind,
        batch.status,
        batch.uploaded_by,
    ) == (
        data,
        FILENAME,
        hashlib.sha256(data).hexdigest(),
        REPORTS,
        Status.UPLOADED,
        world.users["petugas_a"],
    )


def test_create_batch_keeps_a_long_file_name(world):
    name = "cakupan-" + "x" * 240 + ".csv"
    data = reports_file(report_row("15.71"))

    batch = batches.create_batch(data, name, REPORTS, by=world.users["petugas_a"])

    batch.refresh_from_db()
    assert (batch.original_name, batch.file.name.endswith(".csv")) == (name, True)


def test_check_batch_keeps_the_preview_of_a_good_file(world):
    report_of(world)

    batch = upload(
        world.users["petugas_a"],
        reports_file(report_row("15.71", pemberi_kerja=130), report_row("15.01")),
    )

    batch.refresh_from_db()
    assert (
        batch.status,
        batch.progress,
        batch.counts,
        shown(batch.problems),
        notes_shown(batch.notes),
    ) == (
        Status.VALIDATED,
        100,
        {"rows": 2, "new": 1, "changed": 1, "unchanged": 0},
        [],
        [],
    )


def test_check_batch_rejects_a_file_with_one_bad_row_among_good_ones(world):
    report_of(world)
    before = stored()

    batch = upload(
        world.users["petugas_a"],
        reports_file(
            report_row("15.71", pemberi_kerja=130),
            report_row("15.01", pemberi_kerja="banyak"),
            report_row("15.01", 2023),
        ),
    )

    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        [
            {
                "row": 3,
                "column": "pemberi_kerja",
                "value": "banyak",
                "reason": "not a whole number such as 1.234.567.",
            }
        ],
        before,
    )


def test_check_batch_keeps_notes_on_ignored_columns_and_warnings(world):
    data = csv_bytes(
        [*REPORT_HEADER, "catatan"], [*report_row("15.71", peserta_pu=7_500), "x"]
    )
    report_of(world, year=2023)

    batch = upload(world.users["petugas_a"], data)

    assert (batch.status, notes_shown(batch.notes)) == (
        Status.VALIDATED,
        [
            "Column “catatan” is not used and was ignored.",
            "Row 2: PU participants (wage earners): coverage moves from 60.00 % last "
            "year to 100.00 % (more than 15 points); explain why.",
        ],
    )


# committing


def test_commit_batch_writes_the_file_and_marks_the_batch_committed(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("15.71"), report_row("15.01")))

    batch = batches.commit_batch(batch, by=petugas)

    batch.refresh_from_db()
    assert (
        batch.status,
        batch.counts,
        batch.finished_at is not None,
        [(r.region_code, r.import_batch) for r in CoverageReport.objects.all()],
    ) == (
        Status.COMMITTED,
        {"rows": 2, "new": 2, "changed": 0, "unchanged": 0, "reports": 2},
        True,
        [("15.01", batch), ("15.71", batch)],
    )


def test_commit_batch_reads_an_xlsx_file(world):
    petugas = world.users["petugas_a"]
    data = xlsx_bytes(REPORT_HEADER, report_row("15.71"))
    batch = upload(petugas, data, name="cakupan.xlsx")

    batches.commit_batch(batch, by=petugas)

    report = CoverageReport.objects.get()
    assert ReportContent.of(report).figures == FIGURES


def test_commit_batch_of_a_committed_batch_returns_it_unchanged(world):
    petugas = world.users["petugas_a"]
    batch = batches.commit_batch(
        upload(petugas, reports_file(report_row("15.71"))), by=petugas
    )
    before = (stored(), batch.counts, batch.finished_at)

    again = batches.commit_batch(batch, by=petugas)

    assert (again, (stored(), again.counts, again.finished_at)) == (batch, before)


def test_commit_batch_refuses_a_rejected_batch_and_writes_nothing(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("99.99")))
    before = stored()

    with pytest.raises(ReviewError) as refused:
        batches.commit_batch(batch, by=petugas)

    assert (str(refused.value), stored()) == (
        "Only a file that passed the check can be saved.",
        before,
    )


def test_commit_batch_by_another_user_is_refused(world):
    batch = upload(world.users["petugas_a"], reports_file(report_row("15.71")))
    before = stored()

    with pytest.raises(PermissionDenied):
        batches.commit_batch(batch, by=world.users["petugas_a2"])

    assert (stored(), batch.status) == (before, Status.VALIDATED)


def test_commit_batch_by_the_national_admin_writes_as_the_admin(world):
    batch = upload(world.users["petugas_a"], reports_file(report_row("15.71")))

    batches.commit_batch(batch, by=world.users["admin"])

    assert CoverageReport.objects.get().updated_by == world.users["admin"]


def test_commit_batch_rejects_a_file_that_no_longer_passes_the_check(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("15.71", pemberi_kerja=130)))
    report_of(world, status=ReviewStatus.SUBMITTED)
    before = stored()

    batch = batches.commit_batch(batch, by=petugas)

    reason = (
        "this changes Registered employers from 120 to 130, but the report of 2024 "
        "is Submitted and locked. A verifier can return it to the branch; then "
        "upload the file again."
    )
    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        [{"row": 2, "column": "pemberi_kerja", "value": "130", "reason": reason}],
        before,
    )


def test_commit_batch_writes_the_kept_plan_without_reading_the_file_again(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("15.71", pemberi_kerja=130)))
    batch.file.delete(save=False)  # the kept plan is what is written

    batch = batches.commit_batch(batch, by=petugas)

    report = CoverageReport.objects.get()
    assert (batch.status, report.pemberi_kerja) == (Status.COMMITTED, 130)


def test_commit_batch_rejects_rows_the_uploader_may_no_longer_write(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("15.71")))
    petugas.branch = world.branch_b  # moved to another branch after the check
    petugas.save()
    before = stored()

    batch = batches.commit_batch(batch, by=petugas)

    reason = "this region is outside your branch's area."
    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        [{"row": 2, "column": "kode_wilayah", "value": "15.71", "reason": reason}],
        before,
    )


def test_commit_batch_refuses_a_report_saved_after_the_check(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    batch = upload(
        petugas,
        reports_file(report_row("15.01"), report_row("15.71", pemberi_kerja=130)),
    )
    content = ReportContent.of(report)
    content.figures["pemberi_kerja"] = 125
    services.save_report(report, content, by=petugas, expected_version=1, reason="x")
    before = stored()

    with pytest.raises(ReviewError):
        batches.commit_batch(batch, by=petugas)

    assert stored() == before


# the same file twice


def test_check_batch_of_the_same_file_again_says_nothing_would_change(world):
    petugas = world.users["petugas_a"]
    data = reports_file(report_row("15.71"), report_row("15.01"))
    first = batches.commit_batch(upload(petugas, data), by=petugas)
    ImportBatch.objects.filter(pk=first.pk).update(
        finished_at=datetime(2024, 5, 17, 2, 30, tzinfo=UTC)
    )

    again = upload(petugas, data)

    assert (again.status, again.counts, notes_shown(again.notes)) == (
        Status.VALIDATED,
        {"rows": 2, "new": 0, "changed": 0, "unchanged": 2},
        [
            NOTHING,
            "The same file was saved before, on 17 May 2024, 09:30 by "
            f"{petugas.display_name}.",
        ],
    )


def test_commit_batch_of_the_same_file_again_writes_nothing(world):
    petugas = world.users["petugas_a"]
    data = reports_file(report_row("15.71"), report_row("15.01"))
    batches.commit_batch(upload(petugas, data), by=petugas)
    again = upload(petugas, data)
    before = stored()

    again = batches.commit_batch(again, by=petugas)

    assert (again.status, again.counts["reports"], stored()) == (
        Status.COMMITTED,
        0,
        before,
    )


def test_check_batch_of_a_file_matching_the_store_says_so_without_an_earlier_file(
    world,
):
    report_of(world)

    batch = upload(world.users["petugas_a"], reports_file(report_row("15.71")))

    assert notes_shown(batch.notes) == [NOTHING]


def test_prefilled_template_uploaded_back_unchanged_changes_nothing(world):
    petugas = world.users["petugas_a"]
    report_of(world)
    report_of(world, regency=world.reg_a1)
    kind = KINDS[REPORTS]
    data = xlsx_template(kind, prefilled_rows(kind, petugas, 2024), title="Templat")

    batch = upload(petugas, data, name="templat.xlsx")

    assert (batch.status, batch.counts, notes_shown(batch.notes)) == (
        Status.VALIDATED,
        {"rows": 2, "new": 0, "changed": 0, "unchanged": 2},
        [NOTHING],
    )


def test_prefilled_template_with_a_blank_region_uploaded_back_changes_nothing(world):
    petugas = world.users["petugas_a"]
    report_of(world)
    kind = KINDS[REPORTS]
    data = csv_template(kind, prefilled_rows(kind, petugas, 2024))

    batch = upload(petugas, data)

    assert (batch.counts, notes_shown(batch.notes)) == (
        {"rows": 2, "new": 0, "changed": 0, "unchanged": 2},
        [NOTHING],
    )


def test_prefilled_template_filled_in_and_uploaded_is_saved(world):
    petugas = world.users["petugas_a"]
    report = report_of(world)
    kind = KINDS[REPORTS]
    data = xlsx_template(kind, prefilled_rows(kind, petugas, 2024), title="Templat")
    workbook = load_workbook(io.BytesIO(data))
    sheet = workbook["Data"]
    row = next(r for r in sheet.iter_rows() if r[0].value == "15.71")
    row[REPORT_HEADER.index("pemberi_kerja")].value = 130
    out = io.BytesIO()
    workbook.save(out)

    batches.commit_batch(
        upload(petugas, out.getvalue(), name="templat.xlsx"), by=petugas
    )

    report.refresh_from_db()
    assert ReportContent.of(report).figures == FIGURES | {"pemberi_kerja": 130}


# revert


def committed(world, user_key: str = "petugas_a") -> ImportBatch:
    user = world.users[user_key]
    report_of(world)
    data = reports_file(report_row("15.71", pemberi_kerja=130))
    return batches.commit_batch(upload(user, data), by=user)


@pytest.mark.parametrize("user_key", ["petugas_a", "admin"])
def test_revert_by_the_uploader_or_an_admin_puts_values_back(world, user_key):
    batch = committed(world)

    batch = batches.revert(batch, by=world.users[user_key])

    report = CoverageReport.objects.get()
    assert (batch.status, ReportContent.of(report).figures) == (
        Status.REVERTED,
        FIGURES,
    )


def test_revert_records_the_revert_in_the_audit_history(world):
    batch = committed(world)

    batches.revert(batch, by=world.users["petugas_a"])

    report = CoverageReport.objects.get()
    assert [
        (e.field, e.old_value, e.new_value, e.reason, e.origin)
        for e in AuditEntry.objects.for_record(report)
    ] == [
        ("pemberi_kerja", "120", "130", f"Upload of {FILENAME}", batch),
        ("pemberi_kerja", "130", "120", f"Revert of the upload {FILENAME}", None),
    ]


@pytest.mark.parametrize("user_key", ["petugas_a2", "verifikator_cabang_a"])
def test_revert_by_another_user_is_refused(world, user_key):
    batch = committed(world)
    before = stored()

    with pytest.raises(PermissionDenied):
        batches.revert(batch, by=world.users[user_key])

    assert (stored(), batch.status) == (before, Status.COMMITTED)


@pytest.mark.parametrize("status", [ReviewStatus.SUBMITTED, ReviewStatus.APPROVED])
def test_revert_is_refused_once_a_touched_report_is_locked(world, status):
    batch = committed(world)
    CoverageReport.objects.update(status=status)
    before = stored()

    with pytest.raises(ReviewError):
        batches.revert(batch, by=world.users["petugas_a"])

    batch.refresh_from_db()
    assert (stored(), batch.status) == (before, Status.COMMITTED)


def test_revert_of_a_batch_not_saved_is_refused(world):
    batch = upload(world.users["petugas_a"], reports_file(report_row("15.71")))

    with pytest.raises(ReviewError) as refused:
        batches.revert(batch, by=world.users["petugas_a"])

    assert str(refused.value) == "Only a saved file can be reverted."


def test_revert_twice_is_refused(world):
    batch = batches.revert(committed(world), by=world.users["petugas_a"])
    before = stored()

    with pytest.raises(ReviewError):
        batches.revert(batch, by=world.users["petugas_a"])

    assert stored() == before


# telling the uploader


def test_notify_leaves_a_notice_and_mails_the_uploader(
    world, django_capture_on_commit_callbacks
):
    batch = committed(world)
    world.users["petugas_a"].language = "en"
    world.users["petugas_a"].save()

    with django_capture_on_commit_callbacks(execute=True):
        batches.notify(batch)

    assert (
        [(n.user, n.texts["en"], n.url) for n in Notification.objects.all()],
        [(m.to, m.subject) for m in mail.outbox],
    ) == (
        [
            (
                world.users["petugas_a"],
                f"{FILENAME}: Saved",
                f"/cakupan/unggah/{batch.pk}/",
            )
        ],
        [
            (
                [world.users["petugas_a"].email],
                f"Paritrana Portal: {FILENAME}: Saved",
            )
        ],
    )


def test_fail_records_the_reason_as_a_file_problem(world):
    batch = upload(world.users["petugas_a"], reports_file(report_row("15.71")))

    batch = batches.fail(batch, "The worker stopped.")

    batch.refresh_from_db()
    assert (batch.status, shown(batch.problems)) == (
        Status.FAILED,
        file_problem("The worker stopped."),
    )


# bad input: a clear message, and nothing written


@pytest.mark.parametrize(
    ("data", "name", "reason"),
    [
        (b"", FILENAME, "The file is empty."),
        (b"\r\n \r\n", FILENAME, "The file is empty."),
        (
            ",".join(REPORT_HEADER).encode() + b"\r\n",
            FILENAME,
            "The file has a header row but no data rows.",
        ),
        (
            bytes(range(256)) * 8,
            FILENAME,
            "The file is not a text (CSV) file. Save it from your spreadsheet as "
            "CSV or as an Excel workbook (.xlsx) and upload it again.",
        ),
        (
            reports_file(report_row("15.71")),
            "cakupan.xlsx",
            "The file is not an Excel workbook (.xlsx) or it is damaged. If it is "
            "a CSV file, give it a name ending in .csv.",
        ),
        (
            xlsx_bytes(REPORT_HEADER, report_row("15.71")),
            FILENAME,
            "The file is an Excel workbook but its name ends in .csv: rename it to "
            ".xlsx, or save it as CSV, and upload it again.",
        ),
        (
            reports_file(report_row("15.71")),
            "cakupan.pdf",
            "“cakupan.pdf” cannot be read: upload a .csv, .txt or .xlsx file.",
        ),
        (
            b"kode_wilayah,tahun\r\n15.71,2024\r\n",
            "cakupan.xlsx",
            "The file is not an Excel workbook (.xlsx) or it is damaged. If it is "
            "a CSV file, give it a name ending in .csv.",
        ),
    ],
    ids=[
        "empty",
        "blank-lines",
        "header-only",
        "binary-csv",
        "csv-named-xlsx",
        "xlsx-named-csv",
        "other-suffix",
        "not-a-workbook",
    ],
)
def test_check_batch_rejects_an_unreadable_file(world, data, name, reason):
    before = stored()

    batch = upload(world.users["petugas_a"], data, name=name)

    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        file_problem(reason),
        before,
    )


def test_check_batch_rejects_a_file_without_a_required_column(world):
    data = csv_bytes(["kode_wilayah", "peserta_pu"], ["15.71", 5])

    batch = upload(world.users["petugas_a"], data)

    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        file_problem(
            "The required column “tahun / year” is missing (accepted headers: "
            "tahun, year)."
        ),
        [("audit entries", 0)],
    )


def test_check_batch_rejects_too_many_rows(world, settings):
    settings.IMPORT_MAX_ROWS = 2
    data = reports_file(*(report_row("15.71", year) for year in (2022, 2023, 2024)))

    batch = upload(world.users["petugas_a"], data)

    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        file_problem("The file has 3 data rows; at most 2 can be uploaded."),
        [("audit entries", 0)],
    )


def test_check_batch_rejects_a_stored_file_above_the_size_limit(world, settings):
    data = reports_file(report_row("15.71"))
    batch = batches.create_batch(data, FILENAME, REPORTS, by=world.users["petugas_a"])
    settings.IMPORT_MAX_BYTES = 100

    batch = batches.check_batch(batch)

    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        file_problem("The file is larger than the limit of 100\xa0bytes."),
        [("audit entries", 0)],
    )


def test_create_batch_refuses_a_file_above_the_size_limit(world, settings):
    settings.IMPORT_MAX_BYTES = 100
    data = reports_file(report_row("15.71"))

    with pytest.raises(ReviewError):
        batches.create_batch(data, FILENAME, REPORTS, by=world.users["petugas_a"])

    assert ImportBatch.objects.count() == 0


def test_create_batch_states_the_size_limit(world, settings):
    settings.IMPORT_MAX_BYTES = 100
    data = reports_file(report_row("15.71"))

    with pytest.raises(ReviewError) as refused:
        batches.create_batch(data, FILENAME, REPORTS, by=world.users["petugas_a"])

    assert str(refused.value) == "The file is larger than the limit of 100\xa0bytes."


YEAR_REFUSAL = (
    "Not a year figures can be entered for: choose a year from 2017 to "
    f"{timezone.localdate().year}."
)


@pytest.mark.parametrize(
    ("row", "problem"),
    [
        (
            report_row("15.71", peserta_pu="abc"),
            ("peserta_pu", "abc", "not a whole number such as 1.234.567."),
        ),
        (
            report_row("15.71", year="20x4"),
            ("tahun", "20x4", YEAR_REFUSAL),
        ),
        (
            report_row("15.71", pemberi_kerja="-3"),
            ("pemberi_kerja", "-3", "cannot be negative."),
        ),
        (
            report_row("99.99"),
            ("kode_wilayah", "99.99", "there is no region with this code."),
        ),
        (
            report_row("21.05"),
            ("kode_wilayah", "21.05", "this region is outside your branch's area."),
        ),
        (
            report_row("15.71", pemberi_kerja="=1+1"),
            ("pemberi_kerja", "=1+1", "not a whole number such as 1.234.567."),
        ),
        (
            report_row("15.71", pemberi_kerja="@SUM(A1)"),
            ("pemberi_kerja", "@SUM(A1)", "not a whole number such as 1.234.567."),
        ),
    ],
    ids=[
        "not-a-number",
        "not-a-year",
        "negative",
        "unknown-region",
        "other-branch",
        "formula-number",
        "at-number",
    ],
)
def test_check_batch_rejects_a_bad_cell_and_writes_nothing(world, row, problem):
    report_of(world, regency=world.reg_a1)
    before = stored()

    batch = upload(world.users["petugas_a"], reports_file(report_row("15.01"), row))

    column, value, reason = problem
    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        [{"row": 3, "column": column, "value": value, "reason": reason}],
        before,
    )


def test_check_batch_rejects_a_formula_as_a_choice_and_writes_nothing(world):
    data = csv_bytes(NON_ASN_HEADER, ["15.71", 2024, "=1+1", 10, 5])

    batch = upload(world.users["petugas_a"], data, kind=NON_ASN)

    [problem] = batch.problems
    assert (batch.status, problem["value"], NonAsnLine.objects.count()) == (
        Status.REJECTED,
        "=1+1",
        0,
    )


def test_check_batch_rejects_duplicated_rows_and_writes_nothing(world):
    before = stored()

    batch = upload(
        world.users["petugas_a"],
        reports_file(report_row("15.71"), report_row("15.71")),
    )

    reason = "the same region and year appears again: rows 2 and 3."
    assert (batch.status, shown(batch.problems), stored()) == (
        Status.REJECTED,
        [{"row": 3, "column": "kode_wilayah", "value": "15.71", "reason": reason}],
        before,
    )


def test_upload_ignores_a_formula_as_region_name(world):
    petugas = world.users["petugas_a"]
    row = report_row("15.71")
    row[1] = '=HYPERLINK("http://x","y")'

    batches.commit_batch(upload(petugas, reports_file(row)), by=petugas)

    world.reg_a2.refresh_from_db()
    assert (world.reg_a2.name, CoverageReport.objects.count()) == ("Kota Jambi", 1)


# exports never write a formula

FORMULA_NAME = '=HYPERLINK("http://x","y")'


def formula_regency_user(world):
    """A branch officer whose only kab/kota is named like a formula."""
    regency = RegencyFactory(code="15.02", name=FORMULA_NAME, province=world.prov_a)
    world.branch_a.regencies.set([regency])
    return world.users["petugas_a"]


def test_prefilled_csv_template_neutralises_a_formula_like_region_name(world):
    kind = KINDS[REPORTS]
    rows = prefilled_rows(kind, formula_regency_user(world), 2024)

    data = csv_template(kind, rows)

    records = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert records[1][:3] == ["15.02", "'" + FORMULA_NAME, "2024"]


def test_prefilled_xlsx_template_neutralises_a_formula_like_region_name(world):
    kind = KINDS[REPORTS]
    rows = prefilled_rows(kind, formula_regency_user(world), 2024)

    data = xlsx_template(kind, rows, title="Templat")

    cell = load_workbook(io.BytesIO(data))["Data"]["B2"]
    assert (cell.value, cell.data_type) == ("'" + FORMULA_NAME, "s")


def test_commit_batch_from_a_second_click_finds_the_first_save(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("15.71", pemberi_kerja=130)))
    stale_copy = ImportBatch.objects.get(pk=batch.pk)  # the second request's view
    batches.commit_batch(batch, by=petugas)
    before = stored()

    again = batches.commit_batch(stale_copy, by=petugas)

    assert (again.status, stored()) == (Status.COMMITTED, before)


def test_fail_never_overwrites_a_finished_save(world):
    petugas = world.users["petugas_a"]
    batch = batches.commit_batch(
        upload(petugas, reports_file(report_row("15.71"))), by=petugas
    )

    batches.fail(ImportBatch.objects.get(pk=batch.pk), "late failure")

    assert ImportBatch.objects.get(pk=batch.pk).status == Status.COMMITTED


def test_commit_batch_checks_the_file_again_when_the_plan_is_damaged(world):
    petugas = world.users["petugas_a"]
    batch = upload(petugas, reports_file(report_row("15.71", pemberi_kerja=130)))
    batch.plan_file.save("damaged.json", ContentFile(b"{not json"), save=True)

    batch = batches.commit_batch(batch, by=petugas)

    report = CoverageReport.objects.get()
    assert (batch.status, report.pemberi_kerja) == (Status.COMMITTED, 130)


def test_commit_batch_refuses_a_plan_naming_another_region_s_report(world):
    petugas = world.users["petugas_a"]
    report_of(world)
    other = report_of(world, regency=world.reg_b1)
    batch = upload(petugas, reports_file(report_row("15.71", pemberi_kerja=999)))
    kept = json.loads(batch.plan_file.read())
    kept["reports"][0]["report"] = other.pk  # a tampered plan file
    batch.plan_file.save("tampered.json", ContentFile(json.dumps(kept)), save=True)
    before = stored()

    with pytest.raises(ReviewError):
        batches.commit_batch(batch, by=petugas)

    assert stored() == before
