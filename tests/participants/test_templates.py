"""Upload templates (participants.importers.templates): the CSV and XLSX a branch fills
in, read back as a spreadsheet program would, and the rows pre-filled for a branch."""

import csv
import io

import pytest
from django.utils import timezone, translation
from openpyxl import load_workbook

from participants.importers.kinds import KINDS
from participants.importers.templates import (
    NOTES_SHEET,
    csv_template,
    prefilled_rows,
    template_filename,
    xlsx_template,
)
from participants.models import FundingSource, ImportBatch, NonAsnLine
from tests.factories import (
    BranchFactory,
    CoverageReportFactory,
    DistrictFactory,
    NonAsnLineFactory,
    RegencyFactory,
    UserFactory,
    VillageFactory,
    VillageProtectionFactory,
    VulnerableWorkerLineFactory,
)

REPORTS = KINDS[ImportBatch.Kind.REPORTS]
NON_ASN = KINDS[ImportBatch.Kind.NON_ASN]
VULNERABLE = KINDS[ImportBatch.Kind.VULNERABLE]
VILLAGES = KINDS[ImportBatch.Kind.VILLAGES]
FIGURES = {
    "angkatan_kerja": None,
    "pekerja_formal": None,
    "pekerja_informal": None,
    "peserta_pu": None,
    "peserta_bpu": None,
    "peserta_jakon": None,
    "peserta_pmi": None,
    "pemberi_kerja": None,
}
FORMULAS = ["=1+1", "+62", "-5", "@x"]


def _csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def _workbook(kind, rows=None):
    return load_workbook(io.BytesIO(xlsx_template(kind, rows, title="Templat")))


def _values(sheet) -> list[tuple]:
    return list(sheet.iter_rows(values_only=True))


def _notes(kind) -> dict[str, tuple]:
    """The notes sheet's column table: header -> the rest of its row."""
    rows = _values(_workbook(kind)[NOTES_SHEET])
    start = next(i for i, row in enumerate(rows) if row[0] == "Kolom / Column")
    return {row[0]: row[1:] for row in rows[start + 1 :]}


def test_csv_template_has_bom_indonesian_header_and_two_examples():
    data = csv_template(VILLAGES)

    assert data.startswith("\ufeff".encode())
    assert _csv_rows(data) == [
        ["kode_desa", "nama_desa", "tahun", "pekerja_terlindungi", "sumber_dana"],
        ["15.01.01.2001", "Lempur Tengah", "2024", "120", "apbdes"],
        ["15.71.01.1001", "Simpang III Sipin", "2024", "", "csr"],
    ]


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.name)
def test_csv_template_header_is_every_indonesian_label(kind):
    rows = _csv_rows(csv_template(kind))

    assert rows[0] == [column.label_id for column in kind.columns]
    assert len(rows) == 3


def test_csv_template_writes_given_rows_with_blanks_empty():
    rows = [{"region": "21.05", "region_name": "Anambas", "year": 2024}]

    data = csv_template(NON_ASN, rows)

    assert _csv_rows(data)[1:] == [["21.05", "Anambas", "2024", "", "", ""]]


@pytest.mark.parametrize("value", FORMULAS)
def test_csv_template_neutralises_formula_like_text(value):
    rows = [{"region": value, "region_name": value, "year": 2024}]

    data = csv_template(REPORTS, rows)

    assert _csv_rows(data)[1][:3] == [f"'{value}", f"'{value}", "2024"]


def test_xlsx_template_data_sheet_has_bold_frozen_header_and_examples():
    sheet = _workbook(VULNERABLE)["Data"]

    assert _values(sheet) == [
        (
            "kode_wilayah",
            "nama_wilayah",
            "tahun",
            "sektor",
            "sumber_dana",
            "pekerja",
            "bulan",
            "rupiah",
        ),
        ("15.71", "Kota Jambi", 2024, "petani", "apbd", 11940, 12, 2407104000),
        ("15.71", "Kota Jambi", 2024, "nelayan", "apbdes", 2243, 6, 226094400),
    ]
    assert [cell.font.b for cell in sheet[1]] == [True] * 8
    assert sheet.freeze_panes == "A2"


def test_xlsx_template_sheets_are_data_and_notes():
    workbook = _workbook(REPORTS)

    assert workbook.sheetnames == ["Data", NOTES_SHEET]
    assert workbook.properties.title == "Templat"


def test_xlsx_template_keeps_codes_as_text_and_formats_numbers():
    rows = [{"village": "11.01.01.2001", "year": 2024, "workers": 1234567}]

    sheet = _workbook(VILLAGES, rows)["Data"]

    code, _name, year, workers, _source = sheet[2]
    assert (code.value, code.data_type, code.number_format) == (
        "11.01.01.2001",
        "s",
        "@",
    )
    assert (year.value, year.number_format) == (2024, "0")
    assert (workers.value, workers.number_format) == (1234567, "#,##0")


def test_xlsx_template_formats_whole_code_columns_as_text_for_typed_rows():
    sheet = _workbook(REPORTS)["Data"]

    formats = {
        letter: sheet.column_dimensions[letter].number_format for letter in "ABCD"
    }

    assert formats == {"A": "@", "B": "@", "C": "0", "D": "#,##0"}


@pytest.mark.parametrize("value", FORMULAS)
def test_xlsx_template_neutralises_formula_like_text(value):
    rows = [{"region": "15.71", "region_name": value, "year": 2024}]

    cell = _workbook(REPORTS, rows)["Data"]["B2"]

    assert (cell.value, cell.data_type) == (f"'{value}", "s")


def test_xlsx_template_neutralises_formula_like_title():
    data = xlsx_template(REPORTS, title="=cmd")

    title = load_workbook(io.BytesIO(data))[NOTES_SHEET]["A1"]

    assert (title.value, title.data_type) == ("'=cmd", "s")


def test_xlsx_template_checks_choices_numbers_years_and_codes():
    sheet = _workbook(VULNERABLE)["Data"]

    checks = {
        (str(check.sqref), check.type, check.operator, check.formula1, check.formula2)
        for check in sheet.data_validations.dataValidation
    }

    sectors = ",".join(
        code for code, _label in VULNERABLE.column("sector").choices.choices
    )
    assert checks == {
        ("A2:A5000", "textLength", "between", "2", "5"),
        ("C2:C5000", "whole", "between", "2017", str(timezone.localdate().year)),
        ("D2:D5000", "list", None, f'"{sectors}"', None),
        ("E2:E5000", "list", None, '"apbd,apbdes,csr,asn"', None),
        ("F2:F5000", "whole", "greaterThanOrEqual", "0", None),
        ("G2:G5000", "whole", "between", "1", "12"),
        ("H2:H5000", "whole", "greaterThanOrEqual", "0", None),
    }


def test_xlsx_template_checks_reach_past_long_files():
    rows = [{"village": "15.01.01.2001", "year": 2024}] * 6000

    sheet = _workbook(VILLAGES, rows)["Data"]

    ranges = {str(check.sqref) for check in sheet.data_validations.dataValidation}
    assert ranges == {"A2:A6001", "C2:C6001", "D2:D6001", "E2:E6001"}


@pytest.mark.parametrize("kind", KINDS.values(), ids=lambda kind: kind.name)
def test_xlsx_template_notes_explain_every_column_in_both_languages(kind):
    notes = _notes(kind)

    assert {label: row[:3] for label, row in notes.items()} == {
        column.label_id: (
            column.note_id,
            column.note_en,
            "ya / yes" if column.required else "tidak / no",
        )
        for column in kind.columns
    }


def test_xlsx_template_notes_list_choices_in_both_languages():
    with translation.override("id"):
        indonesian = [str(label) for label in FundingSource.labels]
    with translation.override("en"):
        english = [str(label) for label in FundingSource.labels]

    allowed = _notes(VILLAGES)["sumber_dana"][3]

    assert allowed.split("\n") == [
        f"apbd — {indonesian[0]} / {english[0]}",
        f"apbdes — {indonesian[1]} / {english[1]}",
        f"csr — {indonesian[2]} / {english[2]}",
        f"asn — {indonesian[3]} / {english[3]}",
    ]
    assert english == ["APBD", "APBDes", "CSR", "ASN sponsorship"]


def test_xlsx_template_notes_explain_how_to_fill_in_both_languages():
    rows = _values(_workbook(VILLAGES)[NOTES_SHEET])

    paragraphs = [row[0] for row in rows[1:9]]

    assert paragraphs[:2] == [
        "Isi lembar 'Data': satu baris per desa/kelurahan, tahun. "
        "Jangan ubah baris judul.",
        "Fill in the 'Data' sheet: one row per desa/kelurahan, year. "
        "Do not change the header row.",
    ]
    assert "unchanged rows change nothing" in paragraphs[-1]
    assert "tidak dilaporkan" in paragraphs[2]


def test_template_filename_names_kind_year_and_format_in_indonesian():
    with translation.override("id"):
        names = [
            template_filename(VILLAGES, "xlsx", 2024),
            template_filename(NON_ASN, "csv"),
        ]

    assert names == [
        "templat-cakupan-desa-2024.xlsx",
        "templat-cakupan-non-asn.csv",
    ]


def test_prefilled_rows_list_the_branch_regions_with_current_figures(world):
    CoverageReportFactory(regency=world.reg_a2, year=2024, peserta_pmi=7)
    CoverageReportFactory(regency=world.reg_a1, year=2023)  # another year
    CoverageReportFactory(regency=world.reg_b1, year=2024)  # another branch

    rows = prefilled_rows(REPORTS, world.users["petugas_a"], 2024)

    assert rows == [
        {"region": "15.01", "region_name": "Kabupaten Kerinci", "year": 2024} | FIGURES,
        {
            "region": "15.71",
            "region_name": "Kota Jambi",
            "year": 2024,
            "angkatan_kerja": 10_000,
            "pekerja_formal": 4_000,
            "pekerja_informal": 6_000,
            "peserta_pu": 3_500,
            "peserta_bpu": 2_500,
            "peserta_jakon": None,
            "peserta_pmi": 7,
            "pemberi_kerja": 120,
        },
    ]


def test_prefilled_rows_of_another_branch_hold_only_its_regions(world):
    CoverageReportFactory(regency=world.reg_a2, year=2024)

    rows = prefilled_rows(REPORTS, world.users["petugas_b"], 2024)

    assert rows == [
        {
            "region": "21.05",
            "region_name": "Kabupaten Kepulauan Anambas",
            "year": 2024,
        }
        | FIGURES
    ]


def test_prefilled_rows_include_the_province_the_branch_reports_for(world):
    world.prov_b.reporting_branch = world.branch_b
    world.prov_b.save()
    CoverageReportFactory(
        regency=None, province=world.prov_b, year=2024, pemberi_kerja=900
    )

    rows = prefilled_rows(REPORTS, world.users["petugas_b"], 2024)

    assert [(row["region"], row["pemberi_kerja"]) for row in rows] == [
        ("21", 900),
        ("21.05", None),
    ]


def test_prefilled_rows_for_the_national_admin_hold_every_current_region(world):
    RegencyFactory(code="21.06", province=world.prov_b, is_active=False)

    rows = prefilled_rows(REPORTS, world.users["admin"], 2024)

    assert [row["region"] for row in rows] == ["15", "15.01", "15.71", "21", "21.05"]


@pytest.mark.parametrize("user", ["anonymous", "no_role", "penilai"])
def test_prefilled_rows_are_empty_without_a_region_scope(world, user):
    rows = prefilled_rows(REPORTS, world.users[user], 2024)

    assert rows == []


def test_prefilled_non_asn_rows_hold_every_category_per_region(world):
    report = CoverageReportFactory(regency=world.reg_b1, year=2024)
    NonAsnLineFactory(report=report, category="bpd", eligible=50, protected=40)

    rows = prefilled_rows(NON_ASN, world.users["petugas_b"], 2024)

    region = {"region": "21.05", "region_name": world.reg_b1.name, "year": 2024}
    assert rows == [
        region
        | {"category": category}
        | (
            {"eligible": 50, "protected": 40}
            if category == "bpd"
            else {"eligible": None, "protected": None}
        )
        for category in NonAsnLine.Category.values
    ]
    assert len(rows) == 9


def test_prefilled_vulnerable_rows_hold_existing_lines_or_one_blank_row(world):
    report = CoverageReportFactory(regency=world.reg_a2, year=2024)
    VulnerableWorkerLineFactory(
        report=report, sector="petani", funding_source="apbd", rupiah=2_000_000
    )
    VulnerableWorkerLineFactory(report=report, sector="nelayan", months=6)

    rows = prefilled_rows(VULNERABLE, world.users["petugas_a"], 2024)

    kota = {"region": "15.71", "region_name": "Kota Jambi", "year": 2024}
    assert rows == [
        {"region": "15.01", "region_name": "Kabupaten Kerinci", "year": 2024},
        kota
        | {
            "sector": "nelayan",
            "funding_source": "apbd",
            "workers": 100,
            "months": 6,
            "rupiah": 100 * 12 * 16_800,
        },
        kota
        | {
            "sector": "petani",
            "funding_source": "apbd",
            "workers": 100,
            "months": 12,
            "rupiah": 2_000_000,
        },
    ]


def test_prefilled_village_rows_list_every_desa_of_the_branch(world):
    report = CoverageReportFactory(regency=world.reg_a2, year=2024)
    VillageProtectionFactory(report=report, village=world.vil_a2, workers=140)
    VillageFactory(code="15.01.01.2002", district=world.dist_a1, is_active=False)

    rows = prefilled_rows(VILLAGES, world.users["petugas_a"], 2024)

    assert rows == [
        {
            "village": "15.01.01.2001",
            "village_name": world.vil_a1.name,
            "year": 2024,
            "workers": None,
            "funding_source": None,
        },
        {
            "village": "15.71.01.1001",
            "village_name": world.vil_a2.name,
            "year": 2024,
            "workers": 140,
            "funding_source": "apbdes",
        },
    ]


def test_prefilled_rows_round_trip_through_the_csv_template(world):
    CoverageReportFactory(regency=world.reg_b1, year=2024)
    rows = prefilled_rows(REPORTS, world.users["petugas_b"], 2024)

    data = csv_template(REPORTS, rows)

    assert _csv_rows(data)[1:] == [
        [
            "21.05",
            "Kabupaten Kepulauan Anambas",
            "2024",
            "10000",
            "4000",
            "6000",
            "3500",
            "2500",
            "",
            "",
            "120",
        ]
    ]


def _branch_user_with_regions(world, count: int):
    """A branch serving `count` kab/kota, each with a desa and a report with lines."""
    regencies = [
        RegencyFactory(code=f"15.{10 + n}", province=world.prov_a) for n in range(count)
    ]
    for regency in regencies:
        district = DistrictFactory(code=f"{regency.code}.01", regency=regency)
        village = VillageFactory(code=f"{district.code}.2001", district=district)
        report = CoverageReportFactory(regency=regency, year=2024)
        NonAsnLineFactory(report=report)
        VulnerableWorkerLineFactory(report=report)
        VillageProtectionFactory(report=report, village=village)
    branch = BranchFactory(kanwil=world.kanwil_a, regencies=regencies)
    world.prov_a.reporting_branch = branch
    world.prov_a.save()
    return UserFactory(petugas=True, branch=branch)


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("kind", "queries"),
    [(REPORTS, 3), (NON_ASN, 3), (VULNERABLE, 3), (VILLAGES, 2)],
    ids=lambda value: getattr(value, "name", value),
)
def test_prefilled_rows_take_fixed_queries(
    world, django_assert_num_queries, kind, queries, count
):
    user = _branch_user_with_regions(world, count)

    with django_assert_num_queries(queries):
        rows = prefilled_rows(kind, user, 2024)

    regions = count if kind == VILLAGES else count + 1  # and the province
    assert len(rows) == regions * (9 if kind == NON_ASN else 1)


def test_prefilled_rows_are_empty_for_an_inactive_national_admin(world):
    admin = world.users["admin"]
    admin.is_active = False

    rows = prefilled_rows(REPORTS, admin, 2024)

    assert rows == []
