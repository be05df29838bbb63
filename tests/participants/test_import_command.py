"""`manage.py import_coverage`: the upload from the command line, with the same checks
and writes as the web page; errors one per line on standard error; `--dry-run` and
`--template`."""

import io
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from participants.content import ReportContent
from participants.importers.kinds import KINDS
from participants.importers.templates import csv_template
from participants.models import CoverageReport, ImportBatch
from review.models import AuditEntry
from tests.factories import CoverageReportFactory
from tests.uploads import FIGURES, REPORT_HEADER, csv_path, report_row

pytestmark = pytest.mark.usefixtures("english")


def write_file(tmp_path: Path, *rows: list[object], name="cakupan.csv") -> Path:
    return csv_path(tmp_path, REPORT_HEADER, *rows, name=name)


def run(*args: object, **options: object) -> tuple[str, str]:
    """Run the command; its standard output and standard error."""
    out, err = io.StringIO(), io.StringIO()
    call_command("import_coverage", *args, stdout=out, stderr=err, **options)
    return out.getvalue(), err.getvalue()


def run_refused(*args: object, **options: object) -> tuple[str, str]:
    """Run a command that must fail; its message and standard error."""
    err = io.StringIO()
    with pytest.raises(CommandError) as refused:
        call_command(
            "import_coverage", *args, stdout=io.StringIO(), stderr=err, **options
        )
    return str(refused.value), err.getvalue()


def stored() -> list[tuple]:
    return [
        *(
            (r.region_code, r.year, r.version, ReportContent.of(r).flat())
            for r in CoverageReport.objects.order_by("pk")
        ),
        ("audit entries", AuditEntry.objects.count()),
    ]


def test_import_coverage_saves_a_good_file_and_prints_the_counts(world, tmp_path):
    path = write_file(tmp_path, report_row("15.71"), report_row("15.01"))
    username = world.users["petugas_a"].username

    output, errors = run(path, type="reports", user=username)

    batch = ImportBatch.objects.get()
    assert (output, errors, batch.status) == (
        "rows 2: new 2, changed 0, unchanged 0\n"
        f"Saved: batch {batch.pk}, 2 report(s) changed.\n",
        "",
        ImportBatch.Status.COMMITTED,
    )


def test_import_coverage_writes_what_the_file_holds(world, tmp_path):
    path = write_file(tmp_path, report_row("15.71", pemberi_kerja=130))

    run(path, type="reports", user=world.users["petugas_a"].username)

    report = CoverageReport.objects.get()
    assert (report.region_code, ReportContent.of(report).figures) == (
        "15.71",
        FIGURES | {"pemberi_kerja": 130},
    )


def test_import_coverage_refuses_a_bad_file_with_one_line_per_problem(world, tmp_path):
    path = write_file(
        tmp_path,
        report_row("15.71", pemberi_kerja="abc"),
        report_row("21.05"),
        report_row("15.01"),
    )

    message, errors = run_refused(
        path, type="reports", user=world.users["petugas_a"].username
    )

    assert (message, errors, stored()) == (
        "2 problem(s); nothing was imported.",
        "row 2, pemberi_kerja 'abc': not a whole number such as 1.234.567.\n"
        "row 3, kode_wilayah '21.05': this region is outside your branch's area.\n",
        [("audit entries", 0)],
    )


def test_import_coverage_refuses_an_unreadable_file(world, tmp_path):
    path = tmp_path / "kosong.csv"
    path.write_bytes(b"")

    message, errors = run_refused(
        path, type="reports", user=world.users["petugas_a"].username
    )

    assert (message, errors) == (
        "1 problem(s); nothing was imported.",
        "file: The file is empty.\n",
    )


def test_import_coverage_dry_run_checks_and_writes_nothing(world, tmp_path):
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    path = write_file(tmp_path, report_row("15.71", pemberi_kerja=130))
    before = stored()

    output, errors = run(
        path, type="reports", user=world.users["petugas_a"].username, dry_run=True
    )

    assert (output, errors, stored()) == (
        "rows 1: new 0, changed 1, unchanged 0\n",
        "",
        before,
    )


def test_import_coverage_says_when_nothing_would_change(world, tmp_path):
    CoverageReportFactory(regency=world.reg_a2, year=2024)
    path = write_file(tmp_path, report_row("15.71"))

    output, _errors = run(
        path, type="reports", user=world.users["petugas_a"].username, dry_run=True
    )

    assert output == (
        "rows 1: new 0, changed 0, unchanged 1\n"
        "note: Nothing would change: every row matches what is stored.\n"
    )


def test_import_coverage_reads_the_other_kinds(world, tmp_path):
    path = tmp_path / "non-asn.csv"
    path.write_text(
        "kode_wilayah,tahun,kategori,sasaran,terlindungi\n15.71,2024,bpd,4,3\n"
    )

    run(path, type="non-asn", user=world.users["petugas_a"].username)

    report = CoverageReport.objects.get()
    assert ReportContent.of(report).lines["non_asn"] == {
        "bpd": {"eligible": 4, "protected": 3}
    }


@pytest.mark.parametrize("kind", list(ImportBatch.Kind))
def test_import_coverage_template_prints_the_csv_template(db, kind):
    output, _errors = run(type=kind.value, template=True)

    assert output == csv_template(KINDS[kind]).decode("utf-8-sig")


def test_import_coverage_template_starts_with_the_header(db):
    output, _errors = run(type="villages", template=True)

    assert output.splitlines()[0] == (
        "kode_desa,nama_desa,tahun,pekerja_terlindungi,sumber_dana"
    )


def test_import_coverage_refuses_an_unknown_user(world, tmp_path):
    path = write_file(tmp_path, report_row("15.71"))

    message, _errors = run_refused(path, type="reports", user="siapa")

    assert (message, ImportBatch.objects.count()) == ("No active user 'siapa'.", 0)


def test_import_coverage_refuses_a_deactivated_user(world, tmp_path):
    user = world.users["petugas_a"]
    user.is_active = False
    user.save()
    path = write_file(tmp_path, report_row("15.71"))

    message, _errors = run_refused(path, type="reports", user=user.username)

    assert message == f"No active user '{user.username}'."


def test_import_coverage_needs_a_file_and_a_user(db):
    message, _errors = run_refused(type="reports")

    assert message == "Give a FILE and --user (or --template)."


def test_import_coverage_refuses_an_unknown_type(db, tmp_path):
    with pytest.raises(CommandError):
        call_command("import_coverage", tmp_path / "x.csv", type="claims", user="x")


def test_import_coverage_refuses_a_missing_file(world, tmp_path):
    message, _errors = run_refused(
        tmp_path / "tidak-ada.csv",
        type="reports",
        user=world.users["petugas_a"].username,
    )

    assert message == f"Cannot read {tmp_path / 'tidak-ada.csv'}."


def test_import_coverage_refuses_an_oversized_file(world, tmp_path, settings):
    settings.IMPORT_MAX_BYTES = 100
    path = write_file(tmp_path, report_row("15.71"), report_row("15.01"))

    with pytest.raises(CommandError):
        run(path, type="reports", user=world.users["petugas_a"].username)
